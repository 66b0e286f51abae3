package engine

import (
	"slices"
	"sync"

	"github.com/aerokit/aero/driver"
)

// What the server knows of an index (sindex-stat, server 8.1
// sindex/sindex.c as_sindex_stats_str):
//
//   - entries, the number of index keys (as_sindex_tree_n_keys): one per
//     record and distinct value the index holds of it (a list's repeated
//     element is one key: the tree's key is the value and the record),
//     current at every write;
//   - entries_per_bval and entries_per_rec, computed by
//     as_sindex_tree_collect_cardinality (sindex_tree.c) when the index has
//     been built (populate.c) and then once an hour (sindex.c
//     CARDINALITY_PERIOD), rounded to the nearest integer (ROUND_FRACTION):
//     entries over distinct values, and for a collection index entries over
//     records that have any (1 for a bin index with entries, else 0).
//
// The engine keeps no index tree: it counts by walking the records, and
// keeps the two figures as of the index's creation, refreshed once an hour
// of its clock, as the server does.

// cardinalityPeriod is sindex.c CARDINALITY_PERIOD, in seconds.
const cardinalityPeriod = 3600

type cardinality struct {
	perBval, perRec uint64
	at              int64 // engine-clock Unix seconds of the count
}

// indexCardinality holds each index's figures, by namespace and name.
type indexCardinality struct {
	mu sync.Mutex
	m  map[[2]string]cardinality
}

// built computes the figures of an index just created (populate.c
// run_add_sindex: the populate, then the cardinality).
func (c *indexCardinality) built(e *Engine, idx *driver.Index) {
	nowSec, nowMS := e.now()
	_, perBval, perRec := e.countIndex(idx, nowSec, nowMS)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[[2]string]cardinality{}
	}
	c.m[[2]string{idx.Namespace, idx.Name}] = cardinality{perBval, perRec, nowSec}
}

// IndexStats returns the figures of the index a query of ns and set with
// filter f uses, and false when there is none.
func (e *Engine) IndexStats(ns, set string, f *driver.Filter) (driver.IndexStats, bool) {
	if _, err := e.namespace(ns); err != nil || f == nil {
		return driver.IndexStats{}, false
	}
	idx, ok := e.findIndex(ns, set, f)
	if !ok {
		return driver.IndexStats{}, false
	}
	return e.indexStats(&idx), true
}

// IndexStatsByName returns the figures of the named index of ns, and false
// when there is none.
func (e *Engine) IndexStatsByName(ns, name string) (driver.IndexStats, bool) {
	e.imu.RLock()
	idx, ok := e.indexes[ns][name]
	e.imu.RUnlock()
	if !ok {
		return driver.IndexStats{}, false
	}
	return e.indexStats(&idx.Index), true
}

func (e *Engine) indexStats(idx *driver.Index) driver.IndexStats {
	nowSec, nowMS := e.now()
	entries, perBval, perRec := e.countIndex(idx, nowSec, nowMS)
	key := [2]string{idx.Namespace, idx.Name}
	e.card.mu.Lock()
	defer e.card.mu.Unlock()
	c, ok := e.card.m[key]
	if !ok || nowSec-c.at >= cardinalityPeriod {
		if e.card.m == nil {
			e.card.m = map[[2]string]cardinality{}
		}
		c = cardinality{perBval, perRec, nowSec}
		e.card.m[key] = c
	}
	return driver.IndexStats{Name: idx.Name, Entries: entries, EntriesPerValue: c.perBval, EntriesPerRecord: c.perRec}
}

// countIndex walks the records the index covers and returns its entries,
// entries per distinct value and entries per record that has any.
func (e *Engine) countIndex(idx *driver.Index, nowSec, nowMS int64) (entries, perBval, perRec uint64) {
	n, ok := e.ns[idx.Namespace]
	if !ok {
		return 0, 0, 0
	}
	read, err := newIndexReader(idx)
	if err != nil {
		return 0, 0, 0
	}
	values := map[any]struct{}{}
	var recs uint64
	var mine []any
	for pid := range n.parts {
		p := &n.parts[pid]
		p.mu.RLock()
		for d, r := range p.recs {
			if r.expired(nowSec) || (idx.Set != "" && r.set != idx.Set) {
				continue
			}
			mine = indexValues(idx, read.key(d, r, nowSec, nowMS), mine[:0])
			if len(mine) == 0 {
				continue
			}
			recs++
			entries += uint64(len(mine))
			for _, v := range mine {
				values[v] = struct{}{}
			}
		}
		p.mu.RUnlock()
	}
	if entries == 0 {
		return 0, 0, 0
	}
	perBval = roundFraction(entries, uint64(len(values)))
	perRec = 1
	if idx.Collection != driver.IndexDefault {
		perRec = roundFraction(entries, recs)
	}
	return entries, perBval, perRec
}

// roundFraction is sindex_tree.c ROUND_FRACTION.
func roundFraction(n, d uint64) uint64 { return uint64(float64(n)/float64(d) + 0.5) }

// indexValues appends to out the distinct values of the index's type that
// the index holds of v (sindex.c sbin_from_simple_bin, sbin_from_cdt_bin:
// the bin's value, or the top-level elements, map keys or map values of
// that type); blobs as strings, to compare; a GeoJSON value's cells as
// int64 (geoCells).
func indexValues(idx *driver.Index, v any, out []any) []any {
	var seen map[any]struct{} // once out is long
	add := func(k any) {
		if seen == nil && len(out) >= 16 {
			seen = make(map[any]struct{}, 2*len(out))
			for _, o := range out {
				seen[o] = struct{}{}
			}
		}
		if seen != nil {
			if _, dup := seen[k]; dup {
				return
			}
			seen[k] = struct{}{}
		} else if slices.Contains(out, k) {
			return
		}
		out = append(out, k)
	}
	for x := range indexedElements(idx.Collection, v) {
		switch x := x.(type) {
		case int64:
			if idx.Type == driver.IndexNumeric {
				add(x)
			}
		case string:
			if idx.Type == driver.IndexString {
				add(x)
			}
		case []byte:
			if idx.Type == driver.IndexBlob {
				add(string(x))
			}
		case driver.GeoJSON:
			if idx.Type == driver.IndexGeo2DSphere {
				for _, c := range geoCells(x) {
					add(int64(c))
				}
			}
		}
	}
	return out
}
