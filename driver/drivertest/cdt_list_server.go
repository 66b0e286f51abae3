package drivertest

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

// The order of the list selections' answers, and list writes, as a real
// 8.1.2 server gives them (particle_list.c, cdt.c), each asked of that
// server: the order of a multi-element answer follows how the server finds
// its elements, not value order.

func init() {
	parallelChecks = append(parallelChecks,
		check{"CDTListAnswerOrder", testCDTListAnswerOrder},
		check{"CDTListWritesServer", testCDTListWritesServer},
		check{"CDTListContextCreate", testCDTListContextCreate},
	)
}

func ints(v ...int) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}

// testCDTListAnswerOrder checks the order of list answers (particle_list.c
// packed_list_get_remove_by_index_range, _by_value_interval,
// _by_rank_range, _all_by_value_list; cdt.c result_data_set_range,
// result_data_set_int_list_by_mask, result_data_set_by_itemlist_irc,
// order_heap_init_build_by_range_temp).
func testCDTListAnswerOrder(e *env) {
	un := driver.Bins{"l": ints(3, 1, 2, 1, 5, 4, 2, 7)}
	ordered := []cdt.Op{cdt.ListSetOrder("l", cdt.ListOrdered)}
	e.runCDT("listorder", []cdtCase{
		{rule: "An index range answers REVERSE_INDEX ascending (cdt_container_builder_add_int_range)",
			seed: un, ops: []cdt.Op{cdt.ListGetByIndexRangeCount("l", 1, 4, cdt.ReturnReverseIndex), cdt.ListGetByIndexRange("l", -3, cdt.ReturnReverseIndex)},
			want: driver.Bins{"l": l(ints(3, 4, 5, 6), ints(0, 1, 2))}},
		{rule: "An index range of an unordered list answers each element's rank, equal elements sharing one (packed_list_builder_add_ranks_by_range)",
			seed: un, ops: []cdt.Op{cdt.ListGetByIndexRangeCount("l", 1, 4, cdt.ReturnRank), cdt.ListGetByIndexRangeCount("l", 1, 4, cdt.ReturnReverseRank)},
			want: driver.Bins{"l": l(ints(0, 2, 0, 6), ints(7, 5, 7, 1))}},
		{rule: "An INVERTED index range in the middle answers the head then the tail (packed_list_trim)",
			seed: un, ops: []cdt.Op{cdt.ListGetByIndexRangeCount("l", 2, 3, cdt.ReturnReverseIndex|cdt.ReturnInverted), cdt.ListGetByIndexRangeCount("l", 2, 3, cdt.ReturnValue|cdt.ReturnInverted)},
			want: driver.Bins{"l": l(ints(6, 7, 0, 1, 2), ints(3, 1, 4, 2, 7))}},
		{rule: "A value selection of an unordered list answers indexes in index order, REVERSE_INDEX descending, ranks as a range (result_data_set_range)",
			seed: un, ops: []cdt.Op{cdt.ListGetByValue("l", int64(2), cdt.ReturnReverseIndex), cdt.ListGetByValueRange("l", int64(2), int64(5), cdt.ReturnReverseRank), cdt.ListGetByValueRange("l", int64(2), int64(5), cdt.ReturnValue)},
			want: driver.Bins{"l": l(ints(5, 1), ints(2, 3, 4, 5), ints(3, 2, 4, 2))}},
		{rule: "A value list answers ranks item by item in the order sent (result_data_set_by_itemlist_irc)",
			seed: un, ops: []cdt.Op{cdt.ListGetByValueList("l", ints(4, 2, 1), cdt.ReturnRank), cdt.ListGetByValueList("l", ints(4, 2, 1), cdt.ReturnReverseRank), cdt.ListGetByValueList("l", ints(4, 2, 1), cdt.ReturnValue)},
			want: driver.Bins{"l": l(ints(5, 2, 3, 0, 1), ints(2, 5, 4, 7, 6), ints(1, 2, 1, 4, 2))}},
		{rule: "A value list of an ordered list answers values item by item, an item sent twice twice (list_result_data_set_values_by_idxcount)",
			seed: un, prep: ordered, ops: []cdt.Op{cdt.ListGetByValueList("l", ints(2, 1, 2), cdt.ReturnValue), cdt.ListGetByValueList("l", ints(2, 1, 2), cdt.ReturnIndex)},
			want: driver.Bins{"l": l(ints(2, 2, 1, 1, 2, 2), ints(2, 3, 0, 1, 2, 3))}},
		{rule: "A rank range of an unordered list answers values in the order of a partial heap sort, descending near the bottom (order_heap)",
			seed: un, ops: []cdt.Op{cdt.ListGetByRankRangeCount("l", 1, 4, cdt.ReturnValue), cdt.ListGetByRankRange("l", 0, cdt.ReturnValue), cdt.ListGetByRankRange("l", -3, cdt.ReturnValue)},
			want: driver.Bins{"l": l(ints(3, 2, 2, 1), ints(7, 5, 4, 3, 2, 2, 1, 1), ints(4, 5, 7))}},
		{rule: "A rank range answers indexes in index order (of the 1s, the heap takes the later) and ranks as a range",
			seed: un, ops: []cdt.Op{cdt.ListGetByRankRangeCount("l", 1, 4, cdt.ReturnIndex), cdt.ListGetByRankRangeCount("l", 1, 4, cdt.ReturnReverseRank)},
			want: driver.Bins{"l": l(ints(0, 2, 3, 6), ints(3, 4, 5, 6))}},
		{rule: "ListRemoveByRank of a value held twice removes the one the heap finds",
			seed: un, ops: []cdt.Op{cdt.ListRemoveByRank("l", 2, cdt.ReturnIndex)},
			want: driver.Bins{"l": int64(6)}, after: driver.Bins{"l": ints(3, 1, 2, 1, 5, 4, 7)}},
		{rule: "A value relative rank range of an unordered list is a rank range (heap order)",
			seed: un, ops: []cdt.Op{cdt.ListGetByValueRelativeRankRangeCount("l", int64(2), -1, 3, cdt.ReturnValue)},
			want: driver.Bins{"l": ints(2, 2, 1)}},
		{rule: "EXISTS of an INVERTED range is true only when the range itself is empty (result_data_set_index_rank_count)",
			seed: un, ops: []cdt.Op{cdt.ListGetByRankRangeCount("l", 1, 4, cdt.ReturnExists|cdt.ReturnInverted), cdt.ListGetByValueRange("l", int64(2), int64(5), cdt.ReturnExists|cdt.ReturnInverted), cdt.ListGetByValueRange("l", int64(2), int64(5), cdt.ReturnCount|cdt.ReturnInverted)},
			want: driver.Bins{"l": l(false, false, int64(4))}},
		{rule: "A rank range of an ordered list is an index range",
			seed: un, prep: ordered, ops: []cdt.Op{cdt.ListGetByRankRangeCount("l", 1, 4, cdt.ReturnValue), cdt.ListGetByValue("l", int64(2), cdt.ReturnRank)},
			want: driver.Bins{"l": l(ints(1, 2, 2, 3), ints(2, 3))}},
	})
}

// testCDTListWritesServer checks list writes as the server refuses them
// (particle_list.c list_increment, list_sort, packed_list_insert,
// packed_list_add_items_ordered, packed_list_replace_ordered).
func testCDTListWritesServer(e *env) {
	ordered := []cdt.Op{cdt.ListSetOrder("l", cdt.ListOrdered)}
	uniq := func(flags cdt.ListWriteFlags) cdt.ListPolicy { return cdt.ListPolicy{Flags: cdt.ListAddUnique | flags} }
	e.runCDT("listwrites", []cdtCase{
		{rule: "ListIncrement of a nil element is PARAMETER_ERROR (cdt.c cdt_calc_delta_add)",
			seed: driver.Bins{"l": l(int64(1), nil)}, ops: []cdt.Op{cdt.ListIncrement("l", 1, int64(1))}, code: driver.ParameterError},
		{rule: "ListIncrement past the end of an ordered list is OP_NOT_APPLICABLE (packed_list_replace_ordered)",
			seed: driver.Bins{"l": ints(1)}, prep: ordered, ops: []cdt.Op{cdt.ListIncrement("l", 3, int64(2))}, code: driver.OPNotApplicable},
		{rule: "ListIncrement at the end of an ordered list adds the delta in order",
			seed: driver.Bins{"l": ints(5)}, prep: ordered, ops: []cdt.Op{cdt.ListIncrement("l", 1, int64(2))},
			want: driver.Bins{"l": int64(2)}, after: driver.Bins{"l": ints(2, 5)}},
		{rule: "ListIncrement past INT32_MAX is OP_NOT_APPLICABLE (list_increment)",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListIncrement("l", 1<<31, int64(1))}, code: driver.OPNotApplicable},
		{rule: "ListInsert past INT32_MAX is OP_NOT_APPLICABLE (packed_list_insert)",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListInsert("l", 1<<31, int64(1))}, code: driver.OPNotApplicable},
		{rule: "ListSet with INSERT_BOUNDED at the size appends",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListSetWithPolicy(cdt.ListPolicy{Flags: cdt.ListInsertBounded}, "l", 1, int64(5))},
			after: driver.Bins{"l": ints(1, 5)}},
		{rule: "An append of no items under ADD_UNIQUE|NO_FAIL adds nothing and answers the size (particle_list.c list_append_items), found by the differential harness",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListAppendWithPolicy(cdt.ListPolicy{Flags: cdt.ListAddUnique | cdt.ListNoFail}, "l")},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": ints(1)}},
		{rule: "An insert of no items under ADD_UNIQUE adds nothing and answers the size (particle_list.c list_insert_items)",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListInsertWithPolicy(cdt.ListPolicy{Flags: cdt.ListAddUnique}, "l", 0)},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": ints(1)}},
		{rule: "An insert of no items at an index out of bounds adds nothing and answers the size: packed_list_insert answers an empty item list before calc_index checks the index (found by TestDifferential, seed 287)",
			seed: driver.Bins{"l": []any{}}, ops: []cdt.Op{cdt.ListInsertWithPolicy(cdt.ListPolicy{Flags: cdt.ListAddUnique | cdt.ListNoFail}, "l", -1), cdt.ListInsert("l", -5)},
			want: driver.Bins{"l": ints(0, 0)}, after: driver.Bins{"l": []any{}}},
		{rule: "An insert of no items past the end under INSERT_BOUNDED of a missing bin answers 0 and leaves an empty list (packed_list_insert)",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{cdt.ListInsertWithPolicy(cdt.ListPolicy{Flags: cdt.ListInsertBounded}, "l", 7)},
			want: driver.Bins{"l": int64(0)}, after: driver.Bins{"o": int64(1), "l": []any{}}},
		{rule: "An insert of no items into an ordered list is OP_NOT_APPLICABLE (list_insert checks the order first)",
			seed: driver.Bins{"l": ints(1)}, prep: ordered, ops: []cdt.Op{cdt.ListInsert("l", 0)}, code: driver.OPNotApplicable},
		{rule: "ListSet at 0 of an empty list or a missing bin stores the value under any write flags (list_set: an index at the size inserts, packed_list_insert; found by TestDifferential, seed 165)",
			seed: driver.Bins{"l": []any{}}, ops: []cdt.Op{
				cdt.ListSetWithPolicy(cdt.ListPolicy{Flags: cdt.ListNoFail | cdt.ListAddUnique}, "l", 0, "v"),
				cdt.ListSetWithPolicy(cdt.ListPolicy{Flags: cdt.ListNoFail | cdt.ListInsertBounded | cdt.ListAddUnique | cdt.ListPartial}, "m", 0, "w")},
			after: driver.Bins{"l": []any{"v"}, "m": []any{"w"}}},
		{rule: "ListSort descending that drops duplicates is PARAMETER_ERROR (order_index_sorted_mark_dup_eles wants ascending)",
			seed: driver.Bins{"l": ints(1, 3, 2)}, ops: []cdt.Op{cdt.ListSort("l", cdt.ListSortDescending|cdt.ListSortDropDuplicates)}, code: driver.ParameterError},
		{rule: "ListSort descending that drops duplicates of equal elements keeps one",
			seed: driver.Bins{"l": ints(2, 2, 2)}, ops: []cdt.Op{cdt.ListSort("l", cdt.ListSortDescending|cdt.ListSortDropDuplicates)},
			after: driver.Bins{"l": ints(2)}},
		{rule: "ListSort descending that drops duplicates of an ordered list keeps it ascending",
			seed: driver.Bins{"l": ints(3, 1, 3)}, prep: ordered, ops: []cdt.Op{cdt.ListSort("l", cdt.ListSortDescending|cdt.ListSortDropDuplicates)},
			after: driver.Bins{"l": ints(1, 3)}},
		{rule: "ListAppend with ADD_UNIQUE of an item sent twice is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListAppendWithPolicy(uniq(0), "l", int64(5), int64(5))}, code: driver.OPNotApplicable},
		{rule: "ListAppend with ADD_UNIQUE|NO_FAIL of an item sent twice adds nothing",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListAppendWithPolicy(uniq(cdt.ListNoFail), "l", int64(5), int64(5))},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": ints(1)}},
		{rule: "ListAppend with ADD_UNIQUE|NO_FAIL|PARTIAL of an item sent twice adds it once",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListAppendWithPolicy(uniq(cdt.ListNoFail|cdt.ListPartial), "l", int64(5), int64(1), int64(5))},
			want: driver.Bins{"l": int64(2)}, after: driver.Bins{"l": ints(1, 5)}},
		{rule: "ListAppend with ADD_UNIQUE|PARTIAL and no NO_FAIL refuses a present item (mod_flags_is_do_partial)",
			seed: driver.Bins{"l": ints(1)}, ops: []cdt.Op{cdt.ListAppendWithPolicy(uniq(cdt.ListPartial), "l", int64(1), int64(2))}, code: driver.FailElementExists},
		{rule: "ListAppend with ADD_UNIQUE|NO_FAIL|PARTIAL of present items only to an unordered list adds nothing",
			seed: driver.Bins{"l": ints(1, 2)}, ops: []cdt.Op{cdt.ListAppendWithPolicy(uniq(cdt.ListNoFail|cdt.ListPartial), "l", int64(2), int64(1))},
			want: driver.Bins{"l": int64(2)}, after: driver.Bins{"l": ints(1, 2)}},
		{rule: "ListAppend with ADD_UNIQUE of an item sent twice to an ordered list is OP_NOT_APPLICABLE",
			seed: driver.Bins{"l": ints(1)}, prep: ordered, ops: []cdt.Op{cdt.ListAppendWithPolicy(uniq(0), "l", int64(5), int64(5))}, code: driver.OPNotApplicable},
		{rule: "ListAppend with ADD_UNIQUE|NO_FAIL|PARTIAL to an ordered list adds the new items in order",
			seed: driver.Bins{"l": ints(1, 4)}, prep: ordered, ops: []cdt.Op{cdt.ListAppendWithPolicy(uniq(cdt.ListNoFail|cdt.ListPartial), "l", int64(3), int64(4), int64(0), int64(3))},
			want: driver.Bins{"l": int64(4)}, after: driver.Bins{"l": ints(0, 1, 3, 4)}},
		{rule: "A nil element read alone is no result (cdt.c rollback_alloc_from_msgpack leaves the result bin empty; read.c sends no empty bin)",
			seed: driver.Bins{"l": l(int64(1), nil)}, ops: []cdt.Op{cdt.ListGet("l", 1)}, want: nil},
		{rule: "In a write, a list read with an empty result answers nil (write.c write_master_bin_ops add_response)",
			seed: driver.Bins{"l": l(int64(1), nil)}, ops: []cdt.Op{cdt.ListGet("l", 1), cdt.ListAppend("l", int64(5)), cdt.ListGetByIndex("l", 0, cdt.ReturnNone)},
			want: driver.Bins{"l": l(nil, int64(3), nil)}, after: driver.Bins{"l": l(int64(1), nil, int64(5))}},
		{rule: "In a write, a list write with an empty result answers nil among its bin's results (respond-all-ops: driver.SharesResultBin; write.c write_master_bin_ops_loop)",
			seed: driver.Bins{"l": l(int64(1), nil, int64(3))}, ops: []cdt.Op{cdt.ListPop("l", 1), cdt.ListSize("l")},
			want: driver.Bins{"l": l(nil, int64(2))}, after: driver.Bins{"l": ints(1, 3)}},
		{rule: "ListIncrement with ADD_UNIQUE in an ordered list refuses a value present elsewhere",
			seed: driver.Bins{"l": ints(1, 2)}, prep: ordered, ops: []cdt.Op{cdt.ListIncrementWithPolicy(uniq(0), "l", 0, int64(1))}, code: driver.FailElementExists},
	})
}

// testCDTListContextCreate checks contexts that create (cdt.c
// cdt_context_dig, cdt_context_ctx_type_create_sz, cdt_context_fill_create;
// particle_list.c list_subcontext_by_index).
func testCDTListContextCreate(e *env) {
	seed := driver.Bins{"l": ints(1)}
	e.runCDT("listctx", []cdtCase{
		{rule: "A list rank context among equal elements takes the one the order heap finds (list_subcontext_by_rank)",
			seed: driver.Bins{"l": l(ints(3), ints(1), ints(3), ints(2))}, ops: []cdt.Op{cdt.ListAppend("l", int64(9)).In(cdt.CtxListRank(2))},
			want: driver.Bins{"l": int64(2)}, after: driver.Bins{"l": l(ints(3), ints(1), ints(3, 9), ints(2))}},
		{rule: "Three levels of list index create contexts create and pad each level",
			seed: seed, ops: []cdt.Op{cdt.ListAppend("l", int64(9)).In(cdt.CtxListIndexCreate(1, cdt.ListUnordered, false), cdt.CtxListIndexCreate(0, cdt.ListOrdered, false), cdt.CtxListIndexCreate(2, cdt.ListUnordered, true))},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": l(int64(1), l(l(nil, nil, ints(9))))}},
		{rule: "List index, map key and list index create contexts nest",
			seed: seed, ops: []cdt.Op{cdt.ListAppend("l", int64(9)).In(cdt.CtxListIndexCreate(1, cdt.ListUnordered, false), cdt.CtxMapKeyCreate("a", cdt.MapKeyOrdered), cdt.CtxListIndexCreate(-1, cdt.ListUnordered, false))},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": l(int64(1), map[any]any{"a": l(ints(9))})}},
		{rule: "A created bin list with a persisted index takes any index and holds the element first (cdt_context_fill_create)",
			ops:  []cdt.Op{cdt.ListAppend("l", int64(9)).In(cdt.Context{Type: cdt.CtxTypeListIndex | cdt.CtxCreateListUnordered | 0x100, Value: int64(2)})},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": l(ints(9))}},
		{rule: "A created ordered list takes any index and holds the element first",
			seed: seed, ops: []cdt.Op{cdt.ListAppend("l", int64(9)).In(cdt.CtxListIndexCreate(1, cdt.ListUnordered, false), cdt.CtxListIndexCreate(3, cdt.ListOrdered, false), cdt.CtxListIndexCreate(0, cdt.ListUnordered, false))},
			want: driver.Bins{"l": int64(1)}, after: driver.Bins{"l": l(int64(1), l(l(ints(9))))}},
	})
	// A list index create context below -1 (before the start of a list
	// shorter than that) is OP_NOT_APPLICABLE on a real server in an
	// unordered list without pad, and on a created sub-list; with pad, or
	// in an ordered list, it crashes the server (cdt package doc, "Inputs
	// that crash a server"). Which list is there is not known before the
	// operation runs, so the Aerospike driver refuses every such context
	// before sending (PARAMETER_ERROR); the engine answers
	// OP_NOT_APPLICABLE, as the server does without pad.
	const rule = "A list index create context below -1 is refused or OP_NOT_APPLICABLE, never sent"
	below := func(idx int64) cdt.Context {
		return cdt.Context{Type: cdt.CtxTypeListIndex | cdt.CtxCreateListUnordered, Value: idx}
	}
	for i, ops := range []cdt.Op{
		cdt.ListAppend("l", int64(9)).In(below(-5)),
		cdt.ListAppend("l", int64(9)).In(cdt.CtxListIndexCreate(-5, cdt.ListUnordered, true)),
		cdt.ListAppend("l", int64(9)).In(cdt.CtxListIndexCreate(-5, cdt.ListOrdered, false)),
		cdt.ListAppend("l", int64(9)).In(cdt.CtxListIndexCreate(1, cdt.ListUnordered, false), cdt.CtxListIndexCreate(0, cdt.ListUnordered, false), below(-3)),
	} {
		k := e.key("listctx-below-" + string(rune('a'+i)))
		e.put(k, driver.Bins{"l": ints(1, 2)})
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, cdtOps([]cdt.Op{ops}))
		ctx := ops.Ctx[len(ops.Ctx)-1]
		if e.wantCode(rule+": "+ctx.String(), err, driver.ParameterError, driver.OPNotApplicable) {
			e.wantRecord(rule+": the record after the failure", k, driver.Bins{"l": ints(1, 2)})
		}
	}
}
