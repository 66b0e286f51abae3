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

// Context indexes (server 8.1, sindex-create context=<base64>; the
// client's CreateComplexIndex with a ctx): the index holds, per record
// whose bin is a list or map, what its collection type says of the element
// the context designates (sindex/sindex.c sbin_from_bin: the bin must be a
// list or map, base/cdt.c as_bin_cdt_get_by_context digs without creating,
// a record where the dig fails is not indexed). The context is part of
// the definition (sindex_manager.c as_si_by_defn compares ctx_buf): a
// query finds the index only with an equal context (its INDEX_CONTEXT
// field, query/query.c get_index_context_field), and an index on the same
// bin without a context is another index. A context step must be a read
// step (cdt.c cdt_context_read_check_peek, cdt_context_type_is_read: no
// create flags): else sindex-create is PARAMETER_ERROR ("'context' invalid
// cdt context").

// Context steps (server proto.h AS_CDT_CTX_*).
var (
	ctxListRankTop = driver.CDTContext{Type: 0x11, Value: int64(-1)}
	ctxMapKeyX     = driver.CDTContext{Type: 0x22, Value: "x"}
	ctxMapKeyZ     = driver.CDTContext{Type: 0x22, Value: "z"}
)

// createContextIndex creates a context index on bin of the subtest's set
// and drops it when the subtest ends.
func (e *env) createContextIndex(suffix, bin string, typ driver.IndexType, c driver.IndexCollection, ctx ...driver.CDTContext) string {
	e.Helper()
	name := fmt.Sprintf("%s_%s_ctx_%s", e.set, bin, suffix)
	err := e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: bin, Type: typ, Collection: c, Ctx: ctx})
	e.mustOK(fmt.Sprintf("CreateIndex %s %s on %s:%s bin %q context %s", c, typ, e.ns, e.set, bin, driver.CtxString(ctx)), err)
	e.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = e.s.conn.DropIndex(ctx, e.ns, name)
	})
	return name
}

// testContextQuery checks queries on context indexes: the value at a list
// rank, the keys and the elements of a map's nested map or list.
func testContextQuery(e *env) {
	k := func(name string) *driver.Key { return e.key(name) }
	a, b, c, scalar, nested, empty := k("a"), k("b"), k("c"), k("scalar"), k("nested"), k("empty")
	e.put(a, driver.Bins{"l": []any{int64(1), int64(5), int64(3)}, "m": map[any]any{"x": map[any]any{"a": int64(1), "b": int64(2)}}})
	e.createContextIndex("rank", "l", driver.IndexNumeric, driver.IndexDefault, ctxListRankTop)
	e.createContextIndex("mk", "m", driver.IndexString, driver.IndexMapKeys, ctxMapKeyX)
	e.createContextIndex("list", "m", driver.IndexString, driver.IndexList, ctxMapKeyX)
	// After the indexes: written records are indexed as they are written.
	e.put(b, driver.Bins{"l": []any{int64(7), int64(2)}, "m": map[any]any{"x": map[any]any{"c": int64(3)}, "y": int64(4)}})
	e.put(c, driver.Bins{"l": []any{"s", int64(4)}, "m": map[any]any{"x": []any{"a"}}})
	e.put(scalar, driver.Bins{"l": int64(6), "m": map[any]any{"x": "a"}})
	e.put(nested, driver.Bins{"l": []any{[]any{int64(6)}, int64(0)}, "m": map[any]any{"z": map[any]any{"a": int64(1)}}})
	e.put(empty, driver.Bins{"l": []any{}, "m": map[any]any{"x": map[any]any{}}})

	for _, tc := range []struct {
		rule string
		f    *driver.Filter
		want []*driver.Key
	}{
		{"the top-ranked element of l in 5..7 (a string or a list outranks integers; an integer bin is not a list)",
			&driver.Filter{Bin: "l", Begin: 5, End: 7, Ctx: []driver.CDTContext{ctxListRankTop}}, []*driver.Key{a, b}},
		{"the top-ranked element of l == 4 (c's top element is \"s\")",
			&driver.Filter{Bin: "l", Equal: int64(4), Ctx: []driver.CDTContext{ctxListRankTop}}, nil},
		{"the keys of m[\"x\"] contain \"a\" (a list or string at x is not a map)",
			&driver.Filter{Bin: "m", Collection: driver.IndexMapKeys, Equal: "a", Ctx: []driver.CDTContext{ctxMapKeyX}}, []*driver.Key{a}},
		{"the elements of m[\"x\"] contain \"a\"",
			&driver.Filter{Bin: "m", Collection: driver.IndexList, Equal: "a", Ctx: []driver.CDTContext{ctxMapKeyX}}, []*driver.Key{c}},
	} {
		recs := e.collect("Query "+tc.rule, e.query(&driver.QueryRequest{Filter: tc.f}))
		e.wantDigests("Query "+tc.rule, recs, tc.want...)
	}

	// The context is part of the index a query needs.
	e.wantCode("Query on l without a context (only a context index exists)", e.queryCode(&driver.Filter{Bin: "l", Begin: 0, End: 100}), driver.IndexNotFound)
	e.wantCode("Query on the keys of m[\"z\"] (the index is on m[\"x\"])",
		e.queryCode(&driver.Filter{Bin: "m", Collection: driver.IndexMapKeys, Equal: "a", Ctx: []driver.CDTContext{ctxMapKeyZ}}), driver.IndexNotFound)
}

// testContextIndexAdmin checks a context index's definition: the context
// is part of it, and only read steps make one.
func testContextIndexAdmin(e *env) {
	name := e.createContextIndex("rank", "l", driver.IndexNumeric, driver.IndexDefault, ctxListRankTop)
	// The same bin without a context, or with another context, is another
	// definition.
	e.createIndex("l", driver.IndexNumeric)
	e.createContextIndex("rank0", "l", driver.IndexNumeric, driver.IndexDefault, driver.CDTContext{Type: 0x11, Value: int64(0)})
	err := e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name + "_2", Bin: "l", Type: driver.IndexNumeric, Ctx: []driver.CDTContext{ctxListRankTop}})
	e.wantCode("CreateIndex with a new name on the definition (with its context) of an existing index", err, driver.IndexFound)
	// 0x62: a map key step with a create flag (AS_CDT_CTX_CREATE_*).
	err = e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: e.set + "_create", Bin: "m", Type: driver.IndexString, Ctx: []driver.CDTContext{{Type: 0x62, Value: "q"}}})
	e.wantCode("CreateIndex with a context step that has a create flag", err, driver.ParameterError)
}
