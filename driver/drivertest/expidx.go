package drivertest

import (
	"context"
	"fmt"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// Expression indexes (server 8.1; sindex-create exp=):
//
//   - an index holds, per record, the value of its expression (sindex/
//     sindex.c as_sindex_put_rd); a record whose expression fails (a bin
//     missing or of another type) or yields another type than the index's
//     is not indexed; an index on a set holds that set's records only;
//   - the expression must return the index's type, or a list or map for a
//     collection index (sindex.c as_sindex_validate_exp_type), else
//     PARAMETER_ERROR; bin and expression are exclusive
//     (sindex_manager.c as_sindex_manager_sindex_create);
//   - a query finds the index by name, or by an expression of the same
//     wire form (query/query.c find_sindex, get_query_si_name,
//     get_index_expression_field; sindex.c as_si_by_defn).

// createExpIndex creates an expression index on the subtest's set and drops
// it when the subtest ends.
func (e *env) createExpIndex(suffix string, x driver.Expression, typ driver.IndexType, c driver.IndexCollection) string {
	e.Helper()
	name := fmt.Sprintf("%s_x%s", e.set, suffix)
	err := e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Exp: x, Type: typ, Collection: c})
	e.mustOK(fmt.Sprintf("CreateIndex %s on expression %s of %s:%s", name, x, e.ns, e.set), err)
	e.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = e.s.conn.DropIndex(ctx, e.ns, name)
	})
	return name
}

// testExpressionQuery checks queries on expression indexes, by expression
// and by index name.
func testExpressionQuery(e *env) {
	a, b, str, miss := e.key("a"), e.key("b"), e.key("str"), e.key("miss")
	e.put(a, driver.Bins{"x": int64(1), "y": int64(2), "s": "ab", "l": []any{int64(1), int64(9)}})
	sum := exp.NumAdd(exp.IntBin("x"), exp.IntBin("y"))
	sumIdx := e.createExpIndex("sum", sum, driver.IndexNumeric, driver.IndexDefault)
	e.createExpIndex("s", exp.StringBin("s"), driver.IndexString, driver.IndexDefault)
	listIdx := e.createExpIndex("l", exp.ListBin("l"), driver.IndexNumeric, driver.IndexList)
	// After the indexes: written records are indexed as they are written.
	e.put(b, driver.Bins{"x": int64(10), "y": int64(-1), "s": "cd", "l": []any{int64(4)}})
	e.put(str, driver.Bins{"x": "1", "y": int64(2), "s": int64(3), "l": "x"}) // every expression fails or has another type
	e.put(miss, driver.Bins{"y": int64(5)})                                   // x, s and l missing
	for _, tc := range []struct {
		rule string
		f    *driver.Filter
		want []*driver.Key
	}{
		{"x+y in 0..100 by expression (a string x or a missing x is not indexed)", &driver.Filter{Exp: exp.NumAdd(exp.IntBin("x"), exp.IntBin("y")), Begin: 0, End: 100}, []*driver.Key{a, b}},
		{"x+y == 9 by expression", &driver.Filter{Exp: sum, Equal: int64(9), Begin: 9, End: 9}, []*driver.Key{b}},
		{"x+y in 3..3 by index name", &driver.Filter{IndexName: sumIdx, Begin: 3, End: 3}, []*driver.Key{a}},
		{"string expression == \"cd\"", &driver.Filter{Exp: exp.StringBin("s"), Equal: "cd"}, []*driver.Key{b}},
		{"list expression contains a value in 4..9", &driver.Filter{Exp: exp.ListBin("l"), Collection: driver.IndexList, Begin: 4, End: 9}, []*driver.Key{a, b}},
		{"list index by name contains 9", &driver.Filter{IndexName: listIdx, Collection: driver.IndexList, Equal: int64(9), Begin: 9, End: 9}, []*driver.Key{a}},
	} {
		recs := e.collect("Query "+tc.rule, e.query(&driver.QueryRequest{Filter: tc.f}))
		e.wantDigests("Query "+tc.rule, recs, tc.want...)
	}
	e.wantCode("Query naming an index that does not exist", e.queryCode(&driver.Filter{IndexName: e.set + "_nosuch", Begin: 0, End: 1}), driver.IndexNotFound)
	e.wantCode("Query on an expression no index has", e.queryCode(&driver.Filter{Exp: exp.IntBin("x"), Begin: 0, End: 1}), driver.IndexNotFound)
	e.wantCode("Query on bin s, indexed only through an expression", e.queryCode(&driver.Filter{Bin: "s", Equal: "ab"}), driver.IndexNotFound)
	e.wantCode("Query naming its index by both name and expression", e.queryCode(&driver.Filter{IndexName: sumIdx, Exp: sum, Begin: 0, End: 1}), driver.ParameterError)
}

// testExpressionIndexAdmin checks the definition rules of expression
// indexes.
func testExpressionIndexAdmin(e *env) {
	sum := exp.NumAdd(exp.IntBin("x"), exp.IntBin("y"))
	name := e.createExpIndex("sum", sum, driver.IndexNumeric, driver.IndexDefault)
	idx := func(suffix string, x driver.Expression, bin string, typ driver.IndexType, c driver.IndexCollection) *driver.Index {
		return &driver.Index{Namespace: e.ns, Set: e.set, Name: e.set + "_x" + suffix, Exp: x, Bin: bin, Type: typ, Collection: c}
	}
	for _, tc := range []struct {
		rule string
		idx  *driver.Index
		want driver.ResultCode
	}{
		{"CreateIndex with a new name on the expression of an existing index", idx("sum2", exp.NumAdd(exp.IntBin("x"), exp.IntBin("y")), "", driver.IndexNumeric, driver.IndexDefault), driver.IndexFound},
		{"CreateIndex with the name of an expression index on a bin", &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: "x", Type: driver.IndexNumeric}, driver.IndexFound},
		{"CreateIndex STRING on an integer expression (as_sindex_validate_exp_type)", idx("t", sum, "", driver.IndexString, driver.IndexDefault), driver.ParameterError},
		{"CreateIndex LIST on an integer expression", idx("tl", sum, "", driver.IndexNumeric, driver.IndexList), driver.ParameterError},
		{"CreateIndex with both a bin and an expression", idx("both", sum, "x", driver.IndexNumeric, driver.IndexDefault), driver.ParameterError},
	} {
		err := e.conn.CreateIndex(e.ctx, tc.idx)
		if err == nil {
			_ = e.conn.DropIndex(e.ctx, e.ns, tc.idx.Name)
		}
		e.wantCode(tc.rule, err, tc.want)
	}
}
