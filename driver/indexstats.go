package driver

import "context"

// IndexStats is what a server knows of one secondary index: the figures of
// its sindex-stat info command (server 8.1 sindex/sindex.c
// as_sindex_stats_str), over the cluster's nodes. A query planner ranks
// the indexes that could serve a query with them.
type IndexStats struct {
	// Name is the index's name; empty when no index serves the filter.
	Name string
	// Entries is the number of index entries, one per record and distinct
	// indexed value (entries: as_sindex_tree_n_keys, kept up to date by
	// every write), summed over the nodes.
	Entries uint64
	// EntriesPerValue is the mean number of entries per distinct value
	// (entries_per_bval), summed over the nodes: about the records an
	// equality meets. 0 while unknown: the server computes it when the
	// index is built and then once an hour (sindex_tree.c
	// as_sindex_tree_collect_cardinality, sindex.c CARDINALITY_PERIOD), so
	// an index created on an empty set reports 0 for up to an hour.
	EntriesPerValue uint64
	// EntriesPerRecord is the mean number of entries per record that has
	// any (entries_per_rec): 1 for a bin index with entries, more for a
	// collection index; the largest over the nodes. Computed when
	// EntriesPerValue is.
	EntriesPerRecord uint64
}

// IndexStatser is implemented by a Conn that can report what the server
// knows of its secondary indexes.
type IndexStatser interface {
	// IndexStats finds, for each filter, the index a query of namespace
	// and set with that filter would use (as Query finds it: by name, or
	// by bin or expression, context, key type and collection type, on the
	// set or else set-less), and returns its statistics, in filter order;
	// a filter no index serves gets the zero IndexStats.
	IndexStats(ctx context.Context, namespace, set string, filters []*Filter) ([]IndexStats, error)
}
