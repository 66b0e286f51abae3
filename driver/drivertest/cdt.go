package drivertest

import (
	"fmt"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

// The list and map (CDT) section: every rule comes from the server's
// as/src/base/cdt.c, particle_list.c and particle_map.c (8.1), as cited.

func init() {
	parallelChecks = append(parallelChecks,
		check{"CDTList", testCDTList},
		check{"CDTListOrdered", testCDTListOrdered},
		check{"CDTListSelect", testCDTListSelect},
		check{"CDTMap", testCDTMap},
		check{"CDTMapSelect", testCDTMapSelect},
		check{"CDTContext", testCDTContext},
		check{"CDTErrors", testCDTErrors},
		check{"CDTBatch", testCDTBatch},
		check{"CDTResultsAreCopies", testCDTResultsAreCopies},
	)
}

// cdtCase is one Operate of list or map ops on a record seeded with seed
// (none when nil): it must return want, or fail with code and leave the
// record as seeded; after, when set, is the record's bins afterwards.
type cdtCase struct {
	rule string
	seed driver.Bins
	// prep, when set, runs in an Operate of its own after the seed: for
	// records that need ordered containers.
	prep  []cdt.Op
	ops   []cdt.Op
	want  driver.Bins
	code  driver.ResultCode
	after driver.Bins
}

func (e *env) runCDT(group string, cases []cdtCase) {
	e.Helper()
	oc := make([]opCase, len(cases))
	for i, c := range cases {
		oc[i] = opCase{rule: c.rule, seed: c.seed, prep: cdtOps(c.prep), ops: cdtOps(c.ops), want: c.want, code: c.code, after: c.after}
	}
	e.runOps(group, oc)
}

func cdtOps(ops []cdt.Op) []driver.Operation {
	if ops == nil {
		return nil
	}
	out := make([]driver.Operation, len(ops))
	for i, op := range ops {
		out[i] = op.Operation()
	}
	return out
}

// opCase is one Operate of ops on a record seeded with seed (none when
// nil), after prep (when set) has run in an Operate of its own: it must
// return want, or fail with code and leave the record as it was before the
// ops; after, when set, is the record's bins afterwards. The CDT, bit and
// HLL sections state their cases in their own types and run them here.
type opCase struct {
	rule      string
	seed      driver.Bins
	prep, ops []driver.Operation
	want      driver.Bins
	code      driver.ResultCode
	after     driver.Bins
}

func (e *env) runOps(group string, cases []opCase) {
	e.Helper()
	for i, c := range cases {
		k := e.key(fmt.Sprintf("%s-%d", group, i))
		if c.seed != nil {
			e.put(k, c.seed)
		}
		before := c.seed
		if c.prep != nil {
			_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, c.prep)
			e.mustOK(c.rule+": preparing the record", err)
			before = e.get(k).Bins
		}
		rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, c.ops)
		if c.code != driver.OK {
			if e.wantCode(c.rule, err, c.code) {
				// A failed operation leaves the record as it was (cdt.c
				// cdt_packed_modify rolls back; write.c write_master fails
				// the whole transaction).
				if before != nil {
					e.wantRecord(c.rule+": the record after the failure", k, before)
				} else {
					e.wantMissing(c.rule+": no record after the failure", k)
				}
			}
			continue
		}
		if !e.wantOK(c.rule, err) {
			continue
		}
		if rec == nil {
			e.Errorf("%s: got a nil *Record with a nil error", c.rule)
			continue
		}
		e.wantBins(c.rule, rec.Bins, c.want)
		if c.after != nil {
			e.wantRecord(c.rule+": the record afterwards", k, c.after)
		}
	}
}

func l(v ...any) []any { return v }

// testCDTList checks the list writes (particle_list.c list_append,
// list_insert, list_set, list_increment, list_remove_by_index_range,
// list_sort, cdt_process_state_packed_list_modify_optype).
func testCDTList(e *env) {
	unique := cdt.ListPolicy{Flags: cdt.ListAddUnique}
	e.runCDT("list", []cdtCase{
		{rule: "ListAppend to a missing bin creates the list and returns its size",
			ops: []cdt.Op{cdt.ListAppend("l", int64(1))}, want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": l(int64(1))}},
		{rule: "ListAppend of several items appends them in order",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListAppend("l", int64(2), "x")},
			want: driver.Bins{"l": int64(3)}, after: driver.Bins{"l": l(int64(1), int64(2), "x")}},
		{rule: "ListInsert at an index shifts the rest",
			seed: driver.Bins{"l": l(int64(1), int64(3))}, ops: []cdt.Op{cdt.ListInsert("l", 1, int64(2))},
			want: driver.Bins{"l": int64(3)}, after: driver.Bins{"l": l(int64(1), int64(2), int64(3))}},
		{rule: "ListInsert past the end pads with nil",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListInsert("l", 3, "x")},
			want: driver.Bins{"l": int64(4)}, after: driver.Bins{"l": l(int64(1), nil, nil, "x")}},
		{rule: "ListInsert at a negative index counts from the end",
			seed: driver.Bins{"l": l(int64(1), int64(2), int64(3))}, ops: []cdt.Op{cdt.ListInsert("l", -1, int64(9))},
			want: driver.Bins{"l": int64(4)}, after: driver.Bins{"l": l(int64(1), int64(2), int64(9), int64(3))}},
		{rule: "ListInsert before the start is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListInsert("l", -5, int64(0))}, code: driver.OPNotApplicable},
		{rule: "ListInsert past the end with INSERT_BOUNDED is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListInsertWithPolicy(cdt.ListPolicy{Flags: cdt.ListInsertBounded}, "l", 5, int64(1))}, code: driver.OPNotApplicable},
		{rule: "ListInsert refused with NO_FAIL is a no-op that returns the size",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListInsertWithPolicy(cdt.ListPolicy{Flags: cdt.ListInsertBounded | cdt.ListNoFail}, "l", 5, int64(1))},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": l(int64(1))}},
		{rule: "ListAppend of a present value with ADD_UNIQUE is ELEMENT_EXISTS",
			seed: driver.Bins{"l": l(int64(1), int64(2))}, ops: []cdt.Op{cdt.ListAppendWithPolicy(unique, "l", int64(2))}, code: driver.FailElementExists},
		{rule: "ListAppend of items with ADD_UNIQUE|NO_FAIL|PARTIAL adds the new ones",
			seed: driver.Bins{"l": l(int64(1), int64(2))}, ops: []cdt.Op{cdt.ListAppendWithPolicy(cdt.ListPolicy{Flags: cdt.ListAddUnique | cdt.ListNoFail | cdt.ListPartial}, "l", int64(2), int64(3))},
			want: driver.Bins{"l": int64(3)}, after: driver.Bins{"l": l(int64(1), int64(2), int64(3))}},
		{rule: "ListAppend of items with ADD_UNIQUE|NO_FAIL and no PARTIAL adds none when one is present",
			seed: driver.Bins{"l": l(int64(1), int64(2))}, ops: []cdt.Op{cdt.ListAppendWithPolicy(cdt.ListPolicy{Flags: cdt.ListAddUnique | cdt.ListNoFail}, "l", int64(2), int64(3))},
			want: driver.Bins{"l": int64(2)}, after: driver.Bins{"l": l(int64(1), int64(2))}},
		{rule: "ListSet past the end pads with nil and returns nothing",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListSet("l", 2, "z")},
			want: nil, after: driver.Bins{"l": l(int64(1), nil, "z")}},
		{rule: "ListPop removes and returns the element",
			seed: driver.Bins{"l": l(int64(1), int64(2), int64(3))}, ops: []cdt.Op{cdt.ListPop("l", -1)},
			want: driver.Bins{"l": int64(3)}, after: driver.Bins{"l": l(int64(1), int64(2))}},
		{rule: "ListPop out of bounds is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListPop("l", 3)}, code: driver.OPNotApplicable},
		{rule: "ListPopRange returns the elements removed",
			seed: driver.Bins{"l": l(int64(1), int64(2), int64(3))}, ops: []cdt.Op{cdt.ListPopRange("l", 0, 2)},
			want: driver.Bins{"l": l(int64(1), int64(2))}, after: driver.Bins{"l": l(int64(3))}},
		{rule: "ListRemoveRange returns the count removed",
			seed: driver.Bins{"l": l(int64(1), int64(2), int64(3), int64(4), int64(5))}, ops: []cdt.Op{cdt.ListRemoveRange("l", 1, 2)},
			want: driver.Bins{"l": int64(2)}, after: driver.Bins{"l": l(int64(1), int64(4), int64(5))}},
		{rule: "ListTrim keeps the range and returns the count removed",
			seed: driver.Bins{"l": l(int64(1), int64(2), int64(3), int64(4), int64(5))}, ops: []cdt.Op{cdt.ListTrim("l", 1, 2)},
			want: driver.Bins{"l": int64(3)}, after: driver.Bins{"l": l(int64(2), int64(3))}},
		{rule: "ListClear empties the list",
			seed: driver.Bins{"l": l(int64(1)), "o": int64(1)}, ops: []cdt.Op{cdt.ListClear("l")},
			want: nil, after: driver.Bins{"l": l(), "o": int64(1)}},
		{rule: "ListIncrement adds to an integer and returns the new value",
			seed: driver.Bins{"l": l(int64(1), 2.5)}, ops: []cdt.Op{cdt.ListIncrement("l", 0, int64(5)), cdt.ListIncrement("l", 1, int64(1))},
			want: driver.Bins{"l": l(int64(6), 3.5)}, after: driver.Bins{"l": l(int64(6), 3.5)}},
		{rule: "ListIncrement past the end pads with nil",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListIncrement("l", 2, int64(4))},
			want: driver.Bins{"l": int64(4)}, after: driver.Bins{"l": l(int64(1), nil, int64(4))}},
		{rule: "ListIncrement of a string element is PARAMETER_ERROR (cdt.c cdt_calc_delta_add)",
			seed: driver.Bins{"l": l("a")}, ops: []cdt.Op{cdt.ListIncrement("l", 0, int64(1))}, code: driver.ParameterError},
		{rule: "ListSort with DROP_DUPLICATES sorts and drops repeats",
			seed: driver.Bins{"l": l(int64(3), int64(1), int64(2), int64(1))}, ops: []cdt.Op{cdt.ListSort("l", cdt.ListSortDropDuplicates)},
			want: nil, after: driver.Bins{"l": l(int64(1), int64(2), int64(3))}},
		{rule: "ListSort DESCENDING",
			seed: driver.Bins{"l": l(int64(1), int64(3), int64(2))}, ops: []cdt.Op{cdt.ListSort("l", cdt.ListSortDescending)},
			want: nil, after: driver.Bins{"l": l(int64(3), int64(2), int64(1))}},
		{rule: "ListSize, ListGet and ListGetRange read",
			seed: driver.Bins{"l": l(int64(1), int64(2), int64(3))}, ops: []cdt.Op{cdt.ListSize("l"), cdt.ListGet("l", -1), cdt.ListGetRange("l", 1, 5)},
			want: driver.Bins{"l": l(int64(3), int64(3), l(int64(2), int64(3)))}},
		{rule: "Reads of a list in a missing bin return nothing",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{cdt.ListSize("l")}, want: nil},
		{rule: "An Operate's list ops run in order on the same bin",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListAppend("l", int64(5)), cdt.ListPop("l", 0), cdt.ListSize("l")},
			want: driver.Bins{"l": l(int64(2), int64(1), int64(1))}, after: driver.Bins{"l": l(int64(5))}},
	})
}

// testCDTListOrdered checks ordered lists: kept sorted in the server's value
// order (msgpack_in.c msgpack_cmp: NIL < BOOL < INT < STRING < LIST < MAP <
// BYTES < DOUBLE), the flag kept with the bin (particle_list.c
// list_set_flags), and no insert or set by index (OP_NOT_APPLICABLE).
func testCDTListOrdered(e *env) {
	ordered := cdt.ListPolicy{Order: cdt.ListOrdered}
	mixed := l(2.5, []byte{1}, map[any]any{"k": int64(1)}, l(int64(1)), "a", int64(-1), int64(3), true, false, nil)
	e.runCDT("ordered", []cdtCase{
		{rule: "ListSetOrder ORDERED sorts the list in the server's value order",
			seed: driver.Bins{"l": mixed}, ops: []cdt.Op{cdt.ListSetOrder("l", cdt.ListOrdered)},
			want: nil, after: driver.Bins{"l": l(nil, false, true, int64(-1), int64(3), "a", l(int64(1)), map[any]any{"k": int64(1)}, []byte{1}, 2.5)}},
		{rule: "ListAppend with an ORDERED policy creates an ordered list; later appends keep it sorted",
			ops:  []cdt.Op{cdt.ListAppendWithPolicy(ordered, "l", int64(3), int64(1)), cdt.ListAppend("l", int64(2)), cdt.ListAppend("l", int64(0))},
			want: driver.Bins{"l": l(int64(2), int64(3), int64(4))}, after: driver.Bins{"l": l(int64(0), int64(1), int64(2), int64(3))}},
		{rule: "ListInsert into an ordered list is OP_NOT_APPLICABLE",
			ops: []cdt.Op{cdt.ListAppendWithPolicy(ordered, "l", int64(3)), cdt.ListInsert("l", 0, int64(1))}, code: driver.OPNotApplicable},
		{rule: "ListSet in an ordered list is OP_NOT_APPLICABLE",
			ops: []cdt.Op{cdt.ListAppendWithPolicy(ordered, "l", int64(3)), cdt.ListSet("l", 0, int64(1))}, code: driver.OPNotApplicable},
		{rule: "ListIncrement in an ordered list re-sorts it",
			ops:  []cdt.Op{cdt.ListAppendWithPolicy(ordered, "l", int64(1), int64(5)), cdt.ListIncrement("l", 0, int64(10))},
			want: driver.Bins{"l": l(int64(2), int64(11))}, after: driver.Bins{"l": l(int64(5), int64(11))}},
		{rule: "ListGetByRank on an ordered list is by index",
			ops:  []cdt.Op{cdt.ListAppendWithPolicy(ordered, "l", int64(9), int64(4), int64(7)), cdt.ListGetByRank("l", -1, cdt.ReturnValue), cdt.ListGetByIndex("l", 0, cdt.ReturnValue)},
			want: driver.Bins{"l": l(int64(3), int64(9), int64(4))}},
	})
}

// testCDTListSelect checks the selections and return types of the list
// get/remove-by operations (cdt.c result_data_set_*; particle_list.c
// packed_list_get_remove_by_*).
func testCDTListSelect(e *env) {
	seed := driver.Bins{"l": l(int64(10), int64(30), int64(20))}
	rel := driver.Bins{"l": l(int64(0), int64(4), int64(5), int64(9), int64(11), int64(15))}
	e.runCDT("select", []cdtCase{
		{rule: "ListGetByIndex with each single return type (NONE answers nil: an answer per op, driver.SharesResultBin)",
			seed: seed, ops: []cdt.Op{
				cdt.ListGetByIndex("l", 1, cdt.ReturnValue), cdt.ListGetByIndex("l", 1, cdt.ReturnIndex),
				cdt.ListGetByIndex("l", 1, cdt.ReturnReverseIndex), cdt.ListGetByIndex("l", 1, cdt.ReturnRank),
				cdt.ListGetByIndex("l", 1, cdt.ReturnReverseRank), cdt.ListGetByIndex("l", 1, cdt.ReturnCount),
				cdt.ListGetByIndex("l", 1, cdt.ReturnExists), cdt.ListGetByIndex("l", 1, cdt.ReturnNone)},
			want: driver.Bins{"l": l(int64(30), int64(1), int64(1), int64(2), int64(0), int64(1), true, nil)}},
		{rule: "ListGetByRank selects by value order; negative ranks count from the top",
			seed: seed, ops: []cdt.Op{cdt.ListGetByRank("l", 0, cdt.ReturnValue), cdt.ListGetByRank("l", -1, cdt.ReturnIndex)},
			want: driver.Bins{"l": l(int64(10), int64(1))}},
		{rule: "ListGetByRankRangeCount returns values in rank order and indexes in index order",
			seed: seed, ops: []cdt.Op{cdt.ListGetByRankRangeCount("l", 1, 2, cdt.ReturnValue), cdt.ListGetByRankRangeCount("l", 1, 2, cdt.ReturnIndex)},
			want: driver.Bins{"l": l(l(int64(20), int64(30)), l(int64(1), int64(2)))}},
		{rule: "ListGetByIndexRange clamps and supports INVERTED",
			seed: seed, ops: []cdt.Op{cdt.ListGetByIndexRange("l", -2, cdt.ReturnValue), cdt.ListGetByIndexRangeCount("l", 0, 1, cdt.ReturnValue|cdt.ReturnInverted), cdt.ListGetByIndexRangeCount("l", 5, 1, cdt.ReturnCount)},
			want: driver.Bins{"l": l(l(int64(30), int64(20)), l(int64(30), int64(20)), int64(0))}},
		{rule: "ListGetByValue returns every match; INVERTED the others",
			seed: driver.Bins{"l": l(int64(1), int64(2), int64(1), int64(3))}, ops: []cdt.Op{cdt.ListGetByValue("l", int64(1), cdt.ReturnIndex), cdt.ListGetByValue("l", int64(1), cdt.ReturnValue|cdt.ReturnInverted), cdt.ListGetByValueList("l", l(int64(3), int64(2)), cdt.ReturnCount)},
			want: driver.Bins{"l": l(l(int64(0), int64(2)), l(int64(2), int64(3)), int64(2))}},
		{rule: "ListGetByValueRange selects [begin, end); no end is the top",
			seed: driver.Bins{"l": l(int64(5), int64(1), int64(10), int64(7), "s")}, ops: []cdt.Op{cdt.ListGetByValueRange("l", int64(5), int64(10), cdt.ReturnValue), cdt.ListGetByValueRange("l", int64(5), nil, cdt.ReturnValue), cdt.ListGetByValueRange("l", int64(5), cdt.Infinity, cdt.ReturnCount)},
			want: driver.Bins{"l": l(l(int64(5), int64(7)), l(int64(5), int64(10), int64(7), "s"), int64(4))}},
		{rule: "ListGetByValueRelativeRankRange is relative to the value's rank",
			seed: rel, ops: []cdt.Op{cdt.ListGetByValueRelativeRankRange("l", int64(5), 0, cdt.ReturnValue), cdt.ListGetByValueRelativeRankRange("l", int64(5), -1, cdt.ReturnValue), cdt.ListGetByValueRelativeRankRange("l", int64(3), 3, cdt.ReturnValue), cdt.ListGetByValueRelativeRankRangeCount("l", int64(3), -3, 2, cdt.ReturnValue)},
			want: driver.Bins{"l": l(l(int64(5), int64(9), int64(11), int64(15)), l(int64(4), int64(5), int64(9), int64(11), int64(15)), l(int64(11), int64(15)), l())}},
		{rule: "A wildcard in a value matches any element there",
			seed: driver.Bins{"l": l(l(int64(1), "a"), l(int64(2), "b"), l(int64(1), "c"))}, ops: []cdt.Op{cdt.ListGetByValue("l", l(int64(1), cdt.Wildcard), cdt.ReturnValue)},
			want: driver.Bins{"l": l(l(int64(1), "a"), l(int64(1), "c"))}},
		{rule: "ListRemoveByValue returns the count and removes every match",
			seed: driver.Bins{"l": l(int64(1), int64(2), int64(1))}, ops: []cdt.Op{cdt.ListRemoveByValue("l", int64(1), cdt.ReturnCount)},
			want: driver.Bins{"l": int64(2)}, after: driver.Bins{"l": l(int64(2))}},
		{rule: "ListRemoveByRankRange with INVERTED removes the others",
			seed: seed, ops: []cdt.Op{cdt.ListRemoveByRankRangeCount("l", 0, 1, cdt.ReturnValue|cdt.ReturnInverted)},
			want: driver.Bins{"l": l(int64(30), int64(20))}, after: driver.Bins{"l": l(int64(10))}},
		{rule: "ListRemoveByIndex with NONE returns nothing",
			seed: seed, ops: []cdt.Op{cdt.ListRemoveByIndex("l", 0, cdt.ReturnNone)},
			want: nil, after: driver.Bins{"l": l(int64(30), int64(20))}},
		{rule: "ListRemoveByValueRange removes [begin, end)",
			seed: seed, ops: []cdt.Op{cdt.ListRemoveByValueRange("l", int64(15), int64(30), cdt.ReturnValue)},
			want: driver.Bins{"l": l(int64(20))}, after: driver.Bins{"l": l(int64(10), int64(30))}},
	})
}

// testCDTMap checks the map writes (particle_map.c map_add, map_increment,
// map write flags; keys are integers, strings or blobs: map_is_key).
func testCDTMap(e *env) {
	def := cdt.MapPolicy{}
	e.runCDT("map", []cdtCase{
		{rule: "MapPut to a missing bin creates the map and returns its size",
			ops: []cdt.Op{cdt.MapPut(def, "m", "a", int64(1))}, want: driver.Bins{"m": int64(1)}, after: driver.Bins{"m": map[any]any{"a": int64(1)}}},
		{rule: "MapPutItems puts every entry and returns the size",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapPutItems(def, "m", map[any]any{"a": int64(2), int64(7): "x"})},
			want: driver.Bins{"m": int64(2)}, after: driver.Bins{"m": map[any]any{"a": int64(2), int64(7): "x"}}},
		{rule: "MapPut CREATE_ONLY of a present key is ELEMENT_EXISTS",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{Flags: cdt.MapCreateOnly}, "m", "a", int64(2))}, code: driver.FailElementExists},
		{rule: "MapPut UPDATE_ONLY of a missing key is ELEMENT_NOT_FOUND",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{Flags: cdt.MapUpdateOnly}, "m", "b", int64(2))}, code: driver.FailElementNotFound},
		{rule: "MapPut refused with NO_FAIL is a no-op that returns the size",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{Flags: cdt.MapUpdateOnly | cdt.MapNoFail}, "m", "b", int64(2))},
			want: driver.Bins{"m": int64(1)}, after: driver.Bins{"m": map[any]any{"a": int64(1)}}},
		{rule: "MapPutItems CREATE_ONLY|NO_FAIL|PARTIAL puts the new keys only",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{Flags: cdt.MapCreateOnly | cdt.MapNoFail | cdt.MapPartial}, "m", map[any]any{"a": int64(9), "b": int64(2)})},
			want: driver.Bins{"m": int64(2)}, after: driver.Bins{"m": map[any]any{"a": int64(1), "b": int64(2)}}},
		{rule: "MapPutItems CREATE_ONLY|NO_FAIL without PARTIAL puts nothing when one key is present",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{Flags: cdt.MapCreateOnly | cdt.MapNoFail}, "m", map[any]any{"a": int64(9), "b": int64(2)})},
			want: driver.Bins{"m": int64(1)}, after: driver.Bins{"m": map[any]any{"a": int64(1)}}},
		{rule: "MapIncrement creates a missing key at the delta and adds to a present one",
			seed: driver.Bins{"m": map[any]any{"a": int64(1), "f": 1.5}}, ops: []cdt.Op{cdt.MapIncrement(def, "m", "a", int64(4)), cdt.MapIncrement(def, "m", "n", int64(3)), cdt.MapDecrement(def, "m", "f", 0.5)},
			want: driver.Bins{"m": l(int64(5), int64(3), 1.0)}, after: driver.Bins{"m": map[any]any{"a": int64(5), "n": int64(3), "f": 1.0}}},
		{rule: "MapIncrement of a string value is PARAMETER_ERROR (cdt.c cdt_calc_delta_add)",
			seed: driver.Bins{"m": map[any]any{"a": "s"}}, ops: []cdt.Op{cdt.MapIncrement(def, "m", "a", int64(1))}, code: driver.ParameterError},
		{rule: "MapClear empties the map; MapSize counts",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapClear("m"), cdt.MapSize("m")},
			want: driver.Bins{"m": l(nil, int64(0))}, after: driver.Bins{"m": map[any]any{}}},
		{rule: "A key-ordered map reads back as a map",
			ops:  []cdt.Op{cdt.MapPut(cdt.MapPolicy{Order: cdt.MapKeyOrdered}, "m", "b", int64(2)), cdt.MapPut(def, "m", "a", int64(1))},
			want: driver.Bins{"m": l(int64(1), int64(2))}, after: driver.Bins{"m": map[any]any{"a": int64(1), "b": int64(2)}}},
		{rule: "MapPut with a float key is PARAMETER_ERROR (map_is_key)",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapPut(def, "m", 1.5, int64(1))}, code: driver.ParameterError},
	})
}

// testCDTMapSelect checks map selections: index is key order, rank is
// value order (particle_map.c packed_map_get_remove_by_*). The maps are
// key-ordered, so that multi-element results come in one order on every
// server (an unordered map returns some of them in its stored order).
func testCDTMapSelect(e *env) {
	seed := []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{Order: cdt.MapKeyOrdered}, "m", map[any]any{"a": int64(3), "b": int64(1), "c": int64(2), "d": int64(1)})}
	e.runCDT("mapsel", []cdtCase{
		{rule: "MapGetByKey with each return type",
			prep: seed, ops: []cdt.Op{cdt.MapGetByKey("m", "c", cdt.ReturnValue), cdt.MapGetByKey("m", "c", cdt.ReturnKey), cdt.MapGetByKey("m", "c", cdt.ReturnIndex),
				cdt.MapGetByKey("m", "c", cdt.ReturnRank), cdt.MapGetByKey("m", "c", cdt.ReturnCount), cdt.MapGetByKey("m", "c", cdt.ReturnExists), cdt.MapGetByKey("m", "c", cdt.ReturnKeyValue)},
			want: driver.Bins{"m": l(int64(2), "c", int64(2), int64(2), int64(1), true, map[any]any{"c": int64(2)})}},
		{rule: "MapGetByKey of a missing key returns nil for a value, false for exists",
			prep: seed, ops: []cdt.Op{cdt.MapGetByKey("m", "zz", cdt.ReturnValue), cdt.MapGetByKey("m", "zz", cdt.ReturnExists)},
			want: driver.Bins{"m": l(nil, false)}},
		{rule: "MapGetByIndex is in key order; MapGetByRank in value order",
			prep: seed, ops: []cdt.Op{cdt.MapGetByIndex("m", 0, cdt.ReturnKey), cdt.MapGetByIndex("m", -1, cdt.ReturnValue), cdt.MapGetByRank("m", -1, cdt.ReturnKey), cdt.MapGetByRankRangeCount("m", 0, 2, cdt.ReturnKey)},
			want: driver.Bins{"m": l("a", int64(1), "a", l("b", "d"))}},
		{rule: "MapGetByKeyRange, MapGetByKeyList and MapGetByKeyRelativeIndexRange",
			prep: seed, ops: []cdt.Op{cdt.MapGetByKeyRange("m", "b", "d", cdt.ReturnKey), cdt.MapGetByKeyList("m", l("d", "a", "x"), cdt.ReturnCount), cdt.MapGetByKeyRelativeIndexRange("m", "bb", 1, cdt.ReturnKey)},
			want: driver.Bins{"m": l(l("b", "c"), int64(2), l("d"))}},
		{rule: "MapGetByValue, MapGetByValueRange, MapGetByValueList and INVERTED",
			prep: seed, ops: []cdt.Op{cdt.MapGetByValue("m", int64(1), cdt.ReturnKey), cdt.MapGetByValueRange("m", int64(2), nil, cdt.ReturnCount), cdt.MapGetByValueList("m", l(int64(3)), cdt.ReturnKey), cdt.MapGetByValue("m", int64(1), cdt.ReturnCount|cdt.ReturnInverted)},
			want: driver.Bins{"m": l(l("b", "d"), int64(2), l("a"), int64(2))}},
		{rule: "MapGetByIndexRange as a map",
			prep: seed, ops: []cdt.Op{cdt.MapGetByIndexRangeCount("m", 1, 2, cdt.ReturnKeyValue), cdt.MapGetByIndexRange("m", 3, cdt.ReturnOrderedMap), cdt.MapGetByIndexRange("m", 3, cdt.ReturnUnorderedMap)},
			want: driver.Bins{"m": l(map[any]any{"b": int64(1), "c": int64(2)}, map[any]any{"d": int64(1)}, map[any]any{"d": int64(1)})}},
		{rule: "MapRemoveByKey returns the value and removes the entry",
			prep: seed, ops: []cdt.Op{cdt.MapRemoveByKey("m", "a", cdt.ReturnValue)},
			want: driver.Bins{"m": int64(3)}, after: driver.Bins{"m": map[any]any{"b": int64(1), "c": int64(2), "d": int64(1)}}},
		{rule: "MapRemoveByValueRange with INVERTED removes the others",
			prep: seed, ops: []cdt.Op{cdt.MapRemoveByValueRange("m", int64(1), int64(2), cdt.ReturnCount|cdt.ReturnInverted)},
			want: driver.Bins{"m": int64(2)}, after: driver.Bins{"m": map[any]any{"b": int64(1), "d": int64(1)}}},
		{rule: "MapRemoveByRank and MapRemoveByIndex on one map, in order",
			prep: seed, ops: []cdt.Op{cdt.MapRemoveByRank("m", -1, cdt.ReturnKey), cdt.MapRemoveByIndex("m", 0, cdt.ReturnKey)},
			want: driver.Bins{"m": l("a", "b")}, after: driver.Bins{"m": map[any]any{"c": int64(2), "d": int64(1)}}},
		{rule: "MapGetByIndex out of bounds is OP_NOT_APPLICABLE",
			prep: seed, ops: []cdt.Op{cdt.MapGetByIndex("m", 9, cdt.ReturnKey)}, code: driver.OPNotApplicable},
	})
}

// testCDTContext checks contexts (cdt.c cdt_context_dig, the create flags
// of cdt_context_fill_create; particle_list.c list_subcontext_by_*,
// particle_map.c map_subcontext_by_*).
func testCDTContext(e *env) {
	def := cdt.MapPolicy{}
	nested := driver.Bins{"m": map[any]any{"a": map[any]any{"b": int64(1)}, "l": l(l(int64(1), int64(2)), l(int64(3)))}}
	deep := make([]cdt.Context, 300)
	for i := range deep {
		deep[i] = cdt.CtxListIndex(0)
	}
	e.runCDT("ctx", []cdtCase{
		{rule: "A map op in a map by key",
			seed: nested, ops: []cdt.Op{cdt.MapIncrement(def, "m", "b", int64(5)).In(cdt.CtxMapKey("a"))},
			want: driver.Bins{"m": int64(6)}, after: driver.Bins{"m": map[any]any{"a": map[any]any{"b": int64(6)}, "l": l(l(int64(1), int64(2)), l(int64(3)))}}},
		{rule: "A list op two levels down (map key, list index)",
			seed: nested, ops: []cdt.Op{cdt.ListAppend("m", int64(4)).In(cdt.CtxMapKey("l"), cdt.CtxListIndex(-1))},
			want: driver.Bins{"m": int64(2)}, after: driver.Bins{"m": map[any]any{"a": map[any]any{"b": int64(1)}, "l": l(l(int64(1), int64(2)), l(int64(3), int64(4)))}}},
		{rule: "Reads through list rank and list value contexts",
			seed: nested, ops: []cdt.Op{cdt.ListSize("m").In(cdt.CtxMapKey("l"), cdt.CtxListRank(0)), cdt.ListGet("m", 0).In(cdt.CtxMapKey("l"), cdt.CtxListValue(l(int64(3))))},
			want: driver.Bins{"m": l(int64(2), int64(3))}},
		{rule: "Reads through map index, rank and value contexts",
			seed: nested, ops: []cdt.Op{cdt.MapSize("m").In(cdt.CtxMapIndex(0)), cdt.MapGetByKey("m", "b", cdt.ReturnValue).In(cdt.CtxMapValue(map[any]any{"b": int64(1)}))},
			want: driver.Bins{"m": l(int64(1), int64(1))}},
		{rule: "A context that does not resolve is OP_NOT_APPLICABLE",
			seed: nested, ops: []cdt.Op{cdt.MapPut(def, "m", "x", int64(1)).In(cdt.CtxMapKey("zz"))}, code: driver.OPNotApplicable},
		{rule: "A map key create context creates the missing map",
			seed: nested, ops: []cdt.Op{cdt.MapPut(def, "m", "x", int64(1)).In(cdt.CtxMapKeyCreate("new", cdt.MapKeyOrdered))},
			want: driver.Bins{"m": int64(1)}, after: driver.Bins{"m": map[any]any{"a": map[any]any{"b": int64(1)}, "l": l(l(int64(1), int64(2)), l(int64(3))), "new": map[any]any{"x": int64(1)}}}},
		{rule: "A create context on a missing bin creates the path",
			ops:  []cdt.Op{cdt.ListAppend("m", int64(1)).In(cdt.CtxMapKeyCreate("k", cdt.MapUnordered))},
			want: driver.Bins{"m": int64(1)}, after: driver.Bins{"m": map[any]any{"k": l(int64(1))}}},
		{rule: "A list index create context appends the new list",
			seed: driver.Bins{"l": l(l(int64(1)))}, ops: []cdt.Op{cdt.ListAppend("l", int64(2)).In(cdt.CtxListIndexCreate(1, cdt.ListUnordered, false))},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": l(l(int64(1)), l(int64(2)))}},
		{rule: "ListCreate and MapCreate in a context",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapCreate("m", cdt.MapKeyOrdered, cdt.CtxMapKey("sub")), cdt.ListCreate("m", cdt.ListOrdered, false, cdt.CtxMapKey("list")), cdt.ListAppend("m", int64(3), int64(1)).In(cdt.CtxMapKey("list"))},
			// A map op in the Operate: the client asks for respond-all-ops, so
			// the create ops answer nil.
			want: driver.Bins{"m": l(nil, nil, int64(2))}, after: driver.Bins{"m": map[any]any{"a": int64(1), "sub": map[any]any{}, "list": l(int64(1), int64(3))}}},
		{rule: "A context on a bin without create flags is OP_NOT_APPLICABLE when the bin is missing",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{cdt.ListAppend("m", int64(1)).In(cdt.CtxMapKey("k"))}, code: driver.OPNotApplicable},
		{rule: "A map context on a list is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.MapSize("l").In(cdt.CtxMapKey("a"))}, code: driver.OPNotApplicable},
		{rule: "A context on an integer bin is PARAMETER_ERROR",
			seed: driver.Bins{"i": int64(1)}, ops: []cdt.Op{cdt.ListSize("i").In(cdt.CtxListIndex(0))}, code: driver.ParameterError},
		{rule: "A list op whose context ends on a map is BIN_TYPE_ERROR",
			seed: nested, ops: []cdt.Op{cdt.ListAppend("m", int64(1)).In(cdt.CtxMapKey("a"))}, code: driver.BinTypeError},
		{rule: "A context deeper than the value is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": l(l(int64(1)))}, ops: []cdt.Op{cdt.ListSize("l").In(deep...)}, code: driver.OPNotApplicable},
	})
}

// testCDTErrors checks bad input: a bin of another type
// (AS_ERR_INCOMPATIBLE_TYPE), a value with no Aerospike form, a return type
// the op cannot give, INVERTED on a single-element op (OP_NOT_APPLICABLE),
// and that a failing op undoes the Operate's earlier ops.
func testCDTErrors(e *env) {
	e.runCDT("err", []cdtCase{
		{rule: "A list op on a string bin is BIN_TYPE_ERROR",
			seed: driver.Bins{"s": "str"}, ops: []cdt.Op{cdt.ListAppend("s", int64(1))}, code: driver.BinTypeError},
		{rule: "A list read on a map bin is BIN_TYPE_ERROR",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.ListSize("m")}, code: driver.BinTypeError},
		{rule: "A map op on a list bin is BIN_TYPE_ERROR",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "l", "a", int64(1))}, code: driver.BinTypeError},
		{rule: "A value with no Aerospike form is PARAMETER_ERROR",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListAppend("l", struct{}{})}, code: driver.ParameterError},
		{rule: "INVERTED on a single-element op is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListGetByIndex("l", 0, cdt.ReturnValue|cdt.ReturnInverted)}, code: driver.OPNotApplicable},
		{rule: "A key return type on a list is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListGetByIndex("l", 0, cdt.ReturnKey)}, code: driver.OPNotApplicable},
		{rule: "A failing op undoes the Operate's earlier list ops",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListAppend("l", int64(2)), cdt.ListPop("l", 7)}, code: driver.OPNotApplicable},
		{rule: "Infinity cannot be stored (PARAMETER_ERROR)",
			seed: driver.Bins{"l": l(int64(1))}, ops: []cdt.Op{cdt.ListAppend("l", cdt.Infinity)}, code: driver.ParameterError},
	})
}

// testCDTBatch checks list and map ops in a batch write: the client sends
// it with respond-all-ops, so an op without a result answers nil.
func testCDTBatch(e *env) {
	k := e.key("batch")
	e.put(k, driver.Bins{"l": l(int64(1))})
	br := &driver.BatchRecord{Type: driver.BatchWrite, Key: k, Ops: []driver.Operation{
		cdt.ListAppend("l", int64(2)).Operation(), cdt.ListSet("l", 0, int64(9)).Operation(), cdt.ListGetRange("l", 0, 5).Operation(),
	}}
	err := e.conn.Batch(e.ctx, &driver.BatchPolicy{}, []*driver.BatchRecord{br})
	if !e.wantOK("Batch with list ops", err) || !e.wantOK("Batch entry with list ops", br.Err) {
		return
	}
	if br.Record == nil {
		e.Errorf("Batch entry with list ops: no record")
		return
	}
	e.wantBins("Batch write of list ops returns each op's result, nil for ListSet", br.Record.Bins, driver.Bins{"l": l(int64(2), nil, l(int64(9), int64(2)))})
	e.wantRecord("Batch write of list ops: the record afterwards", k, driver.Bins{"l": l(int64(9), int64(2))})
}

// testCDTResultsAreCopies checks that changing a result, or a value read
// back, never changes the stored record (a backend hands out copies).
func testCDTResultsAreCopies(e *env) {
	k := e.key("copies")
	ops := []driver.Operation{
		cdt.MapPut(cdt.MapPolicy{Order: cdt.MapKeyOrdered}, "m", "a", l(int64(1), l(int64(2)))).Operation(),
		cdt.MapGetByKey("m", "a", cdt.ReturnKeyValue).Operation(),
		cdt.ListAppendWithPolicy(cdt.ListPolicy{Order: cdt.ListOrdered}, "l", l(int64(1))).Operation(),
		cdt.ListGetByIndex("l", 0, cdt.ReturnValue).Operation(),
	}
	rec, ok := e.operate("Operate storing ordered containers", k, ops...)
	if !ok {
		return
	}
	want := driver.Bins{"m": map[any]any{"a": l(int64(1), l(int64(2)))}, "l": l(l(int64(1)))}
	if got, isList := rec.Bins["m"].([]any); isList && len(got) == 2 {
		if m, isMap := got[1].(map[any]any); isMap {
			if v, isList := m["a"].([]any); isList && len(v) == 2 {
				v[0] = "changed"
				if inner, isList := v[1].([]any); isList && len(inner) == 1 {
					inner[0] = "changed"
				}
			}
		}
	}
	if got, isList := rec.Bins["l"].([]any); isList && len(got) == 2 {
		if v, isList := got[1].([]any); isList && len(v) == 1 {
			v[0] = "changed"
		}
	}
	r := e.wantRecord("The record after changing the results", k, want)
	if r == nil {
		return
	}
	if v, isList := r.Bins["l"].([]any); isList && len(v) == 1 {
		if inner, isList := v[0].([]any); isList && len(inner) == 1 {
			inner[0] = "changed"
		}
	}
	e.wantRecord("The record after changing a value read", k, want)
}
