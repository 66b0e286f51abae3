package drivertest

import (
	"context"
	"fmt"
	"time"

	"github.com/aerokit/aero/driver"
)

// Collection indexes (sindex-create indextype=LIST, MAPKEYS, MAPVALUES) and
// their "contains" queries, as server 8.1 answers them:
//
//   - an index holds, per record, each distinct element (list), key or
//     value (map) of the index's type, top level only (sindex/sindex.c
//     sbin_from_cdt_bin, add_long_from_msgpack, add_string_from_msgpack);
//     a bin that is not a list or map is not in a collection index;
//   - a query finds the index by bin, key type and collection type (the
//     INDEX_TYPE field, query/query.c get_index_type_field, find_sindex);
//   - a range query meets a record once per distinct value in range; the
//     server drops the repeats only within a burst of 100 index keys
//     (sindex/sindex_tree.c query_collect_cb, MAX_QUERY_BURST, de_dup), so
//     a record with more values in range can come back more than once, and
//     a page resumed after one of its values can meet it again.

// createCollectionIndex creates a collection index on bin of the subtest's
// set and drops it when the subtest ends.
func (e *env) createCollectionIndex(bin string, typ driver.IndexType, c driver.IndexCollection) string {
	e.Helper()
	name := fmt.Sprintf("%s_%s_%s_%s", e.set, bin, c, typ)
	err := e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: bin, Type: typ, Collection: c})
	e.mustOK(fmt.Sprintf("CreateIndex %s %s on %s:%s bin %q", c, typ, e.ns, e.set, bin), err)
	e.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = e.s.conn.DropIndex(ctx, e.ns, name)
	})
	return name
}

// queryCode runs a query to its first record and returns its error.
func (e *env) queryCode(f *driver.Filter) error {
	rows, err := e.conn.Query(e.ctx, &driver.QueryRequest{Namespace: e.ns, Set: e.set, Filter: f})
	if err == nil {
		_, err = rows.Next(e.ctx)
		_ = rows.Close()
	}
	return err
}

// testCollectionQuery checks contains filters on list elements, map keys
// and map values, for integer and string indexes.
func testCollectionQuery(e *env) {
	k := func(name string) *driver.Key { return e.key(name) }
	a, b, c, scalar, empty := k("a"), k("b"), k("c"), k("scalar"), k("empty")
	e.put(a, driver.Bins{"l": []any{int64(1), int64(2), int64(2), "x"}, "m": map[any]any{"k1": int64(10), "k2": "v"}})
	e.createCollectionIndex("l", driver.IndexNumeric, driver.IndexList)
	e.createCollectionIndex("l", driver.IndexString, driver.IndexList)
	e.createCollectionIndex("m", driver.IndexString, driver.IndexMapKeys)
	e.createCollectionIndex("m", driver.IndexNumeric, driver.IndexMapKeys)
	e.createCollectionIndex("m", driver.IndexNumeric, driver.IndexMapValues)
	e.createCollectionIndex("m", driver.IndexString, driver.IndexMapValues)
	// After the indexes: written records are indexed as they are written.
	e.put(b, driver.Bins{"l": []any{int64(5), []any{int64(1)}, "y"}, "m": map[any]any{int64(7): "k1", "k3": int64(20)}})
	e.put(c, driver.Bins{"l": []any{int64(2)}, "m": map[any]any{"k1": 2.5}})
	e.put(scalar, driver.Bins{"l": int64(1), "m": "k1"})
	e.put(empty, driver.Bins{"l": []any{}, "m": map[any]any{}})

	contains := func(bin string, coll driver.IndexCollection, v any) *driver.Filter {
		return &driver.Filter{Bin: bin, Collection: coll, Equal: v}
	}
	between := func(bin string, coll driver.IndexCollection, lo, hi int64) *driver.Filter {
		return &driver.Filter{Bin: bin, Collection: coll, Begin: lo, End: hi}
	}
	for _, tc := range []struct {
		rule string
		f    *driver.Filter
		want []*driver.Key
	}{
		{"list contains 2 (a holds it twice: returned once)", contains("l", driver.IndexList, int64(2)), []*driver.Key{a, c}},
		{"list contains 1 (a nested list is one element, not searched; an integer bin is not a list)", contains("l", driver.IndexList, int64(1)), []*driver.Key{a}},
		{"list contains \"y\"", contains("l", driver.IndexList, "y"), []*driver.Key{b}},
		{"list contains a value in 3..5", between("l", driver.IndexList, 3, 5), []*driver.Key{b}},
		{"map keys contain \"k1\" (a string bin is not a map)", contains("m", driver.IndexMapKeys, "k1"), []*driver.Key{a, c}},
		{"map keys contain 7", contains("m", driver.IndexMapKeys, int64(7)), []*driver.Key{b}},
		{"map values contain \"k1\"", contains("m", driver.IndexMapValues, "k1"), []*driver.Key{b}},
		{"map values contain a value in 10..20 (a float value is not indexed)", between("m", driver.IndexMapValues, 10, 20), []*driver.Key{a, b}},
		{"map values contain 2 (2.5 is a float)", contains("m", driver.IndexMapValues, int64(2)), nil},
	} {
		recs := e.collect("Query "+tc.rule, e.query(&driver.QueryRequest{Filter: tc.f}))
		e.wantDigests("Query "+tc.rule, recs, tc.want...)
	}

	// The collection type is part of the index a query needs.
	e.wantCode("Query with a default (non-contains) filter on a bin with only collection indexes", e.queryCode(&driver.Filter{Bin: "l", Equal: int64(1)}), driver.IndexNotFound)
	e.wantCode("Query contains on map values of bin l, which has only LIST indexes", e.queryCode(contains("l", driver.IndexMapValues, int64(1))), driver.IndexNotFound)
}

// testBlobQuery checks BLOB indexes (server 7.0 and later; sindex.c
// sbin_from_simple_bin, add_blob_from_msgpack; query.c range_from_msg_blob):
// equality on a blob bin, and contains on a list of blobs.
func testBlobQuery(e *env) {
	a, b, str := e.key("a"), e.key("b"), e.key("str")
	e.put(a, driver.Bins{"b": []byte{1, 2}, "l": []any{[]byte{1, 2}, []byte{3}}})
	e.put(b, driver.Bins{"b": []byte{3}, "l": []any{[]byte{9}}})
	e.put(str, driver.Bins{"b": "\x01\x02", "l": []any{"\x03"}})
	e.createIndex("b", driver.IndexBlob)
	e.createCollectionIndex("l", driver.IndexBlob, driver.IndexList)
	for _, tc := range []struct {
		rule string
		f    *driver.Filter
		want []*driver.Key
	}{
		{"blob bin == 0102 (a string is not a blob)", &driver.Filter{Bin: "b", Equal: []byte{1, 2}}, []*driver.Key{a}},
		{"blob bin == 01", &driver.Filter{Bin: "b", Equal: []byte{1}}, nil},
		{"list of blobs contains 03", &driver.Filter{Bin: "l", Collection: driver.IndexList, Equal: []byte{3}}, []*driver.Key{a}},
	} {
		recs := e.collect("Query "+tc.rule, e.query(&driver.QueryRequest{Filter: tc.f}))
		e.wantDigests("Query "+tc.rule, recs, tc.want...)
	}
}

// testCollectionIndexAdmin checks that the collection type is part of an
// index's definition (sindex_manager.c: the SMD key holds the index type).
func testCollectionIndexAdmin(e *env) {
	e.createIndex("l", driver.IndexNumeric)
	name := e.createCollectionIndex("l", driver.IndexNumeric, driver.IndexList)
	err := e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name + "_2", Bin: "l", Type: driver.IndexNumeric, Collection: driver.IndexList})
	e.wantCode("CreateIndex LIST with a new name on the definition of an existing LIST index", err, driver.IndexFound)
	err = e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: "l", Type: driver.IndexNumeric, Collection: driver.IndexMapKeys})
	e.wantCode("CreateIndex MAPKEYS with the name of a LIST index", err, driver.IndexFound)
}

// testCollectionQueryRepeats checks the server's repeats: a range query
// meets a record once per burst of 100 index keys it has keys in, and a
// page resumed after one of a record's values may meet it again; no record
// is ever missing.
func testCollectionQueryRepeats(e *env) {
	big := e.key("big")
	l := make([]any, 150)
	for i := range l {
		l[i] = int64(i)
	}
	e.put(big, driver.Bins{"l": l})
	e.createCollectionIndex("l", driver.IndexNumeric, driver.IndexList)
	recs := e.collect("Query l contains 0..1000", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "l", Collection: driver.IndexList, Begin: 0, End: 1000}}))
	if len(recs) != 2 {
		e.Errorf("Query contains 0..1000 on one record with 150 distinct values: got %d records, want 2 (once per burst of 100 index keys, sindex_tree.c query_collect_cb)", len(recs))
	}
	recs = e.collect("Query l contains 0..99", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "l", Collection: driver.IndexList, Begin: 0, End: 99}}))
	if len(recs) != 1 {
		e.Errorf("Query contains 0..99 on one record with 100 values in range: got %d records, want 1 (one burst)", len(recs))
	}

	// Paging: small records, each with one or three values in range.
	var keys []*driver.Key
	values := map[driver.Digest]int{}
	for i := range 12 {
		k := e.key(int64(i))
		vals := []any{int64(i)}
		if i%3 == 0 {
			vals = append(vals, int64(i+20), int64(i+40))
		}
		e.put(k, driver.Bins{"l": vals})
		keys = append(keys, k)
		values[k.Digest] = len(vals)
	}
	const limit = 2
	recs = e.pageThrough("Query contains 0..99 paged by MaxRecords 2", limit, 3*len(keys), func(parts []driver.PartitionStatus) driver.Rows {
		return e.query(&driver.QueryRequest{MaxRecords: limit, Partitions: parts, Filter: &driver.Filter{Bin: "l", Collection: driver.IndexList, Begin: 0, End: 99}})
	})
	seen := map[driver.Digest]int{}
	for _, r := range recs {
		seen[r.Key.Digest]++
	}
	for _, k := range keys {
		if n := seen[k.Digest]; n < 1 || n > values[k.Digest] {
			e.Errorf("Query contains 0..99 paged by MaxRecords 2: record %s with %d values in range returned %d times, want 1 to %d (never missing; repeated at most once per value)", k, values[k.Digest], n, values[k.Digest])
		}
	}
}
