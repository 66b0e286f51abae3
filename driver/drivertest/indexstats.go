package drivertest

import (
	"fmt"
	"time"

	"github.com/aerokit/aero/driver"
)

// What a backend that implements driver.IndexStatser reports of an index,
// as server 8.1's sindex-stat does (sindex/sindex.c as_sindex_stats_str):
//
//   - entries counts one per record and distinct value of the index's type
//     it holds (a list's repeated element once: the tree's key is the value
//     and the record, sindex_tree.c), and follows every write;
//   - entries_per_bval (entries over distinct values) and entries_per_rec
//     (entries over records with any, for a collection index; 1 for a bin
//     index) are computed when the index is built and then once an hour
//     (sindex_tree.c as_sindex_tree_collect_cardinality, populate.c,
//     sindex.c CARDINALITY_PERIOD 3600), rounded (ROUND_FRACTION): a write
//     after the build leaves them as they were;
//   - the index found is the one the query of that filter uses (query.c
//     find_sindex); a filter no index serves gets none.
//
// The figures are summed over the nodes, each holding its copies (master
// and replica) of the records: they are checked as multiples of the copies
// of a record, read from an index with one entry per record.
func testIndexStats(e *env) {
	st, ok := e.conn.(driver.IndexStatser)
	if !ok {
		e.Skip("the backend does not implement driver.IndexStatser")
	}
	cities := []string{"Paris", "Paris", "Paris", "Lyon", "Lyon", "Nice"}
	tags := [][]any{{"a", "a", "b"}, {"a"}, {}}
	for i, c := range cities {
		bins := driver.Bins{"city": c, "age": int64(10 + i)}
		if i < len(tags) {
			bins["tags"] = tags[i]
		}
		e.put(e.key(fmt.Sprintf("r%d", i)), bins)
	}
	// A geo2dsphere index keys a point by its cell and a region by the
	// cells of its covering (sindex.c add_geojson_from_msgpack): this
	// square is 9 cells (server 8.1.2 answers entries=12 for the four).
	for i, g := range []string{
		`{"type":"Point","coordinates":[2,2]}`,
		`{"type":"Point","coordinates":[2,2]}`,
		`{"type":"Point","coordinates":[3,2]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`,
	} {
		e.put(e.key(fmt.Sprintf("g%d", i)), driver.Bins{"loc": driver.GeoJSON(g)})
	}
	cityIdx := e.createIndex("city", driver.IndexString)
	locIdx := e.createIndex("loc", driver.IndexGeo2DSphere)
	ageIdx := e.createIndex("age", driver.IndexNumeric)
	tagsIdx := e.createCollectionIndex("tags", driver.IndexString, driver.IndexList)
	filters := []*driver.Filter{
		{Bin: "city", Equal: "Paris"},
		{Bin: "age", Begin: 0, End: 100},
		{Bin: "tags", Collection: driver.IndexList, Equal: "a"},
		{Bin: "city", Begin: 0, End: 1}, // no numeric index on city
		{Bin: "nope", Equal: int64(1)},
		{Bin: "loc", Equal: driver.GeoJSON(`{"type":"AeroCircle","coordinates":[[2,2],1000]}`)},
	}
	got := e.countedStats(st, filters)
	if len(got) != len(filters) {
		e.Fatalf("IndexStats: %d answers for %d filters", len(got), len(filters))
	}
	copies := got[1].Entries / uint64(len(cities))
	if copies == 0 || got[1].Entries%uint64(len(cities)) != 0 {
		e.Fatalf("IndexStats of %s (one distinct age per record): entries=%d, want a multiple of %d", ageIdx, got[1].Entries, len(cities))
	}
	want := []driver.IndexStats{
		{Name: cityIdx, Entries: 6 * copies, EntriesPerValue: 2 * copies, EntriesPerRecord: 1},
		{Name: ageIdx, Entries: 6 * copies, EntriesPerValue: 1 * copies, EntriesPerRecord: 1},
		// a, b of record 0 and a of record 1: 3 entries, 2 values (1.5
		// rounds to 2), 2 records with any (1.5 rounds to 2).
		{Name: tagsIdx, Entries: 3 * copies, EntriesPerValue: 2 * copies, EntriesPerRecord: 2},
		{},
		{},
		// 12 entries over 11 distinct cells (the two equal points share
		// one): 1 per value.
		{Name: locIdx, Entries: 12 * copies, EntriesPerValue: 1 * copies, EntriesPerRecord: 1},
	}
	for i, w := range want {
		if got[i] != w {
			e.Errorf("IndexStats of filter %+v after the build: got %+v, want %+v", *filters[i], got[i], w)
		}
	}

	// Two more Paris: entries follow the write, entries per value (2.7
	// now) stay as computed at the build.
	e.put(e.key("r6"), driver.Bins{"city": "Paris"})
	e.put(e.key("r7"), driver.Bins{"city": "Paris"})
	got, err := st.IndexStats(e.ctx, e.ns, e.set, filters[:1])
	e.mustOK("IndexStats after writes", err)
	if w := (driver.IndexStats{Name: cityIdx, Entries: 8 * copies, EntriesPerValue: 2 * copies, EntriesPerRecord: 1}); len(got) != 1 || got[0] != w {
		e.Errorf("IndexStats of %s after two more writes: got %+v, want %+v (entries current, entries per value as built)", cityIdx, got, w)
	}

	_, err = st.IndexStats(e.ctx, "no_such_ns", e.set, filters[:1])
	e.wantCode("IndexStats of an unknown namespace", err, driver.InvalidNamespace)
}

// countedStats returns the stats of filters once the values of every index
// they find are counted (entries_per_bval set): a server counts them just
// after an index is ready for queries (server 8.1 sindex/populate.c
// run_add_sindex: populate, then sindex_tree.c
// as_sindex_tree_collect_cardinality, 100 µs per partition with entries),
// so a rule that asks at once may come first. Nothing signals the count:
// the stats are polled, for up to 10 seconds.
func (e *env) countedStats(st driver.IndexStatser, filters []*driver.Filter) []driver.IndexStats {
	e.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := st.IndexStats(e.ctx, e.ns, e.set, filters)
		e.mustOK("IndexStats", err)
		counted := true
		for _, g := range got {
			counted = counted && (g.Name == "" || g.EntriesPerValue > 0)
		}
		if counted || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}
