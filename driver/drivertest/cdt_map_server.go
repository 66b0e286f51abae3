package drivertest

import (
	"fmt"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

// Map answers as the real server (CE 8.1.2) gives them, checked against it:
// the order of multi-element results, INVERTED, the write flags, increments
// and contexts (as/src/base/particle_map.c and cdt.c of the 8.1.2.0 tag).

func init() {
	parallelChecks = append(parallelChecks,
		check{"CDTMapResultOrder", testCDTMapResultOrder},
		check{"CDTMapInverted", testCDTMapInverted},
		check{"CDTMapIncrement", testCDTMapIncrement},
		check{"CDTMapWriteFlags", testCDTMapWriteFlags},
		check{"CDTMapPersistedIndex", testCDTMapPersistedIndex},
	)
}

// mapOrders are the three map orders, each with the Operate that makes
// the map {a:3, b:1, c:2, d:1, e:5} in it.
func mapOrders() []struct {
	name string
	prep []cdt.Op
} {
	items := map[any]any{"a": int64(3), "b": int64(1), "c": int64(2), "d": int64(1), "e": int64(5)}
	var out []struct {
		name string
		prep []cdt.Op
	}
	for _, o := range []struct {
		name  string
		order cdt.MapOrder
	}{{"unordered", cdt.MapUnordered}, {"key-ordered", cdt.MapKeyOrdered}, {"key-value-ordered", cdt.MapKeyValueOrdered}} {
		out = append(out, struct {
			name string
			prep []cdt.Op
		}{o.name, []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{Order: o.order}, "m", items)}})
	}
	return out
}

// testCDTMapResultOrder checks the order of multi-element answers, the
// same for every map order since the server keeps every map in key order
// (cdt.c cdt_untrusted_rewrite sorts a map written out of key order): what
// is selected by mask (a key or value range, a value, a value or key list,
// an INVERTED selection) comes in key order (particle_map.c
// packed_map_build_ele_result_by_mask, _build_index_result_by_mask,
// _build_rank_result_by_mask), what an order heap selects (a rank range)
// in rank order, value then key (packed_map_compare_values); a range of
// indexes or ranks answered as a range (cdt.c result_data_set_range,
// cdt_container_builder_add_int_range) is counted from the end as a block
// when reversed, so it stays ascending; a key list answers its indexes in
// the list's order (result_data_set_by_itemlist_irc, _by_irc) and refuses
// RANK (packed_map_get_remove_all_by_key_list_*: OP_NOT_APPLICABLE); a
// value list answers ranks per listed value (result_data_set_by_itemlist_irc).
func testCDTMapResultOrder(e *env) {
	var cases []cdtCase
	for _, o := range mapOrders() {
		rule := func(s string) string { return fmt.Sprintf("%s (%s map)", s, o.name) }
		cases = append(cases,
			cdtCase{rule: rule("MapGetByValueRange answers keys and values in key order, not value order"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByValueRange("m", int64(1), int64(4), cdt.ReturnKey), cdt.MapGetByValueRange("m", int64(1), int64(4), cdt.ReturnValue),
					cdt.MapGetByValue("m", int64(1), cdt.ReturnKey), cdt.MapGetByValueList("m", l(int64(5), int64(1)), cdt.ReturnKey)},
				want: driver.Bins{"m": l(l("a", "b", "c", "d"), l(int64(3), int64(1), int64(2), int64(1)), l("b", "d"), l("b", "d", "e"))}},
			cdtCase{rule: rule("REVERSE_INDEX and REVERSE_RANK of a range count it from the end as a block, ascending"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByKeyRange("m", "b", "e", cdt.ReturnReverseIndex), cdt.MapGetByValueRange("m", int64(1), int64(4), cdt.ReturnReverseRank),
					cdt.MapGetByValue("m", int64(1), cdt.ReturnReverseRank), cdt.MapGetByIndexRangeCount("m", 1, 3, cdt.ReturnReverseIndex)},
				want: driver.Bins{"m": l(l(int64(1), int64(2), int64(3)), l(int64(1), int64(2), int64(3), int64(4)), l(int64(3), int64(4)), l(int64(1), int64(2), int64(3)))}},
			cdtCase{rule: rule("RANK of a key or index range comes in key order"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByKeyRange("m", "b", "e", cdt.ReturnRank), cdt.MapGetByKeyRange("m", "b", "e", cdt.ReturnReverseRank), cdt.MapGetByIndexRangeCount("m", 1, 3, cdt.ReturnRank)},
				want: driver.Bins{"m": l(l(int64(0), int64(2), int64(1)), l(int64(4), int64(2), int64(3)), l(int64(0), int64(2), int64(1)))}},
			cdtCase{rule: rule("A rank range answers in rank order (value, then key); INVERTED in key order"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByRankRangeCount("m", 1, 3, cdt.ReturnIndex), cdt.MapGetByRankRangeCount("m", 1, 3, cdt.ReturnKey),
					cdt.MapGetByRankRangeCount("m", 1, 3, cdt.ReturnReverseIndex), cdt.MapGetByRankRangeCount("m", 1, 3, cdt.ReturnIndex|cdt.ReturnInverted)},
				want: driver.Bins{"m": l(l(int64(3), int64(2), int64(0)), l("d", "c", "a"), l(int64(1), int64(2), int64(4)), l(int64(1), int64(4)))}},
			cdtCase{rule: rule("A key list answers indexes in the list's order"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByKeyList("m", l("e", "a", "zz", "c"), cdt.ReturnIndex), cdt.MapGetByKeyList("m", l("e", "a", "zz", "c"), cdt.ReturnReverseIndex),
					cdt.MapGetByKeyList("m", l("e", "a", "zz", "c"), cdt.ReturnReverseIndex|cdt.ReturnInverted)},
				want: driver.Bins{"m": l(l(int64(4), int64(0), int64(2)), l(int64(0), int64(4), int64(2)), l(int64(3), int64(1)))}},
			cdtCase{rule: rule("A key list with RANK is OP_NOT_APPLICABLE"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByKeyList("m", l("a"), cdt.ReturnRank)}, code: driver.OPNotApplicable},
			cdtCase{rule: rule("A value list answers ranks per listed value"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByValueList("m", l(int64(5), int64(1)), cdt.ReturnRank), cdt.MapGetByValueList("m", l(int64(5), int64(1)), cdt.ReturnReverseRank),
					cdt.MapGetByValueList("m", l(int64(5), int64(1)), cdt.ReturnIndex)},
				want: driver.Bins{"m": l(l(int64(4), int64(0), int64(1)), l(int64(0), int64(4), int64(3)), l(int64(1), int64(3), int64(4)))}},
			cdtCase{rule: rule("MapRemoveByValueRange answers in key order and removes"),
				prep: o.prep, ops: []cdt.Op{cdt.MapRemoveByValueRange("m", int64(1), int64(3), cdt.ReturnKey)},
				want: driver.Bins{"m": l("b", "c", "d")}, after: driver.Bins{"m": map[any]any{"a": int64(3), "e": int64(5)}}},
		)
	}
	many := map[any]any{}
	for i, k := range []string{"h", "c", "f", "a", "g", "b", "e", "d"} {
		many[k] = int64(i)
	}
	cases = append(cases, cdtCase{rule: "An unordered map written in any order answers in key order",
		seed: driver.Bins{"m": many}, ops: []cdt.Op{cdt.MapGetByValueRange("m", int64(0), nil, cdt.ReturnKey), cdt.MapGetByIndexRange("m", 0, cdt.ReturnKey)},
		want: driver.Bins{"m": l(l("a", "b", "c", "d", "e", "f", "g", "h"), l("a", "b", "c", "d", "e", "f", "g", "h"))}})
	e.runCDT("mapsrv", cases)
}

// testCDTMapInverted checks INVERTED: EXISTS of a selection answered as a
// range is true when the selection is empty (cdt.c
// result_data_set_index_rank_count), which a key range of a key-ordered map
// is not (it becomes an index range, whose inverted head or tail is a
// plain range: packed_map_get_remove_by_index_range); a lookup of one
// key with INVERTED is OP_NOT_APPLICABLE on an unordered map
// (packed_map_get_remove_by_key_interval refuses INVERTED on a
// single-result op) but answers not-found on a key-ordered one when the
// key is missing (result_data_set_key_not_found comes first).
func testCDTMapInverted(e *env) {
	var cases []cdtCase
	for _, o := range mapOrders() {
		rule := func(s string) string { return fmt.Sprintf("%s (%s map)", s, o.name) }
		keyRangeExists := o.name != "unordered"
		cases = append(cases,
			cdtCase{rule: rule("INVERTED EXISTS of a value selection is true when it selects nothing"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByValue("m", int64(1), cdt.ReturnExists|cdt.ReturnInverted), cdt.MapGetByValue("m", int64(9), cdt.ReturnExists|cdt.ReturnInverted),
					cdt.MapGetByValueRange("m", int64(1), int64(4), cdt.ReturnExists|cdt.ReturnInverted), cdt.MapGetByValue("m", int64(1), cdt.ReturnCount|cdt.ReturnInverted)},
				want: driver.Bins{"m": l(false, true, false, int64(3))}},
			cdtCase{rule: rule("INVERTED EXISTS of a key range"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByKeyRange("m", "b", "e", cdt.ReturnExists|cdt.ReturnInverted)},
				want: driver.Bins{"m": keyRangeExists}},
			cdtCase{rule: rule("INVERTED keys of an index range in the middle, in key order"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByIndexRangeCount("m", 1, 3, cdt.ReturnKey|cdt.ReturnInverted), cdt.MapGetByIndexRangeCount("m", 1, 3, cdt.ReturnReverseIndex|cdt.ReturnInverted)},
				want: driver.Bins{"m": l(l("a", "e"), l(int64(4), int64(0)))}},
		)
		if o.name == "unordered" {
			cases = append(cases, cdtCase{rule: rule("INVERTED lookup of a missing key is OP_NOT_APPLICABLE"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByKey("m", "zz", cdt.ReturnValue|cdt.ReturnInverted)}, code: driver.OPNotApplicable})
		} else {
			cases = append(cases, cdtCase{rule: rule("INVERTED lookup of a missing key answers not found"),
				prep: o.prep, ops: []cdt.Op{cdt.MapGetByKey("m", "zz", cdt.ReturnIndex|cdt.ReturnInverted), cdt.MapGetByKey("m", "zz", cdt.ReturnExists|cdt.ReturnInverted),
					cdt.MapGetByKey("m", "zz", cdt.ReturnValue|cdt.ReturnInverted)},
				want: driver.Bins{"m": l(int64(-1), false, nil)}})
		}
		cases = append(cases, cdtCase{rule: rule("INVERTED lookup of a present key is OP_NOT_APPLICABLE"),
			prep: o.prep, ops: []cdt.Op{cdt.MapGetByKey("m", "a", cdt.ReturnValue|cdt.ReturnInverted)}, code: driver.OPNotApplicable})
	}
	cases = append(cases, cdtCase{rule: "MapSetPolicy on an existing map changes how it answers (key range INVERTED EXISTS)",
		prep: mapOrders()[0].prep, ops: []cdt.Op{cdt.MapGetByKeyRange("m", "b", "e", cdt.ReturnExists|cdt.ReturnInverted), cdt.MapSetPolicy("m", cdt.MapPolicy{Order: cdt.MapKeyOrdered}),
			cdt.MapGetByKeyRange("m", "b", "e", cdt.ReturnExists|cdt.ReturnInverted), cdt.MapSetPolicy("m", cdt.MapPolicy{}), cdt.MapGetByKeyRange("m", "b", "e", cdt.ReturnExists|cdt.ReturnInverted)},
		want: driver.Bins{"m": l(false, nil, true, nil, false)}})
	e.runCDT("mapinv", cases)
}

// testCDTMapIncrement checks map_increment (particle_map.c) and the delta
// arithmetic (cdt.c cdt_calc_delta_init, cdt_calc_delta_add): an integer
// value plus a float delta stays an integer (the delta truncated), a float
// value stays a float, and a value that is not an integer or a float (nil
// included) is PARAMETER_ERROR. (The server also takes a nil delta as 1,
// which the engine does; the Aerospike driver refuses a nil delta before
// sending it.)
func testCDTMapIncrement(e *env) {
	def := cdt.MapPolicy{}
	e.runCDT("mapincr", []cdtCase{
		{rule: "MapIncrement of a float by an integer stays a float; MapDecrement of a new key starts at the negated delta",
			seed: driver.Bins{"m": map[any]any{"f": 1.5}}, ops: []cdt.Op{cdt.MapIncrement(def, "m", "f", int64(2)), cdt.MapDecrement(def, "m", "n", int64(3))},
			want: driver.Bins{"m": l(3.5, int64(-3))}, after: driver.Bins{"m": map[any]any{"f": 3.5, "n": int64(-3)}}},
		{rule: "MapIncrement of an integer by a float adds the truncated delta",
			seed: driver.Bins{"m": map[any]any{"a": int64(1)}}, ops: []cdt.Op{cdt.MapIncrement(def, "m", "a", 2.7)},
			want: driver.Bins{"m": int64(3)}, after: driver.Bins{"m": map[any]any{"a": int64(3)}}},
		{rule: "MapIncrement of a nil value is PARAMETER_ERROR",
			seed: driver.Bins{"m": map[any]any{"a": nil, "b": int64(1)}}, ops: []cdt.Op{cdt.MapIncrement(def, "m", "a", int64(1))}, code: driver.ParameterError},
		{rule: "MapIncrement of a list value is PARAMETER_ERROR",
			seed: driver.Bins{"m": map[any]any{"a": l(int64(1))}}, ops: []cdt.Op{cdt.MapIncrement(def, "m", "a", int64(1))}, code: driver.ParameterError},
		{rule: "MapIncrement three levels down through created maps",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{cdt.MapIncrement(def, "m", "k", int64(2)).In(cdt.CtxMapKeyCreate("a", cdt.MapKeyOrdered), cdt.CtxMapKeyCreate("b", cdt.MapUnordered), cdt.CtxMapKeyCreate("c", cdt.MapKeyValueOrdered))},
			want: driver.Bins{"m": int64(2)}, after: driver.Bins{"o": int64(1), "m": map[any]any{"a": map[any]any{"b": map[any]any{"c": map[any]any{"k": int64(2)}}}}}},
	})
}

// testCDTMapWriteFlags checks the write flags (particle_map.c map_add,
// map_add_items, map_add_items_ordered; cdt_process_state_packed_map_modify_optype):
// a put refused with NO_FAIL writes nothing, and so creates no map a
// context would have created, though a missing bin is left an empty map
// (the static map the op put there is kept); replace-items of a missing
// bin is ELEMENT_NOT_FOUND; put-items into an empty map that refuses new
// keys with NO_FAIL|DO_PARTIAL puts every item (map_add_items_ordered
// checks only allow_create for an empty map).
func testCDTMapWriteFlags(e *env) {
	updateNoFail := cdt.MapPolicy{Flags: cdt.MapUpdateOnly | cdt.MapNoFail}
	seed := driver.Bins{"m": map[any]any{"a": int64(1)}}
	e.runCDT("mapflags", []cdtCase{
		{rule: "MapPut refused with NO_FAIL in a created context creates nothing",
			seed: seed, ops: []cdt.Op{cdt.MapPut(updateNoFail, "m", "x", int64(1)).In(cdt.CtxMapKeyCreate("new", cdt.MapKeyOrdered))},
			want: driver.Bins{"m": int64(0)}, after: seed},
		{rule: "MapPut refused with NO_FAIL|PARTIAL in a created context creates nothing",
			seed: seed, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{Flags: cdt.MapUpdateOnly | cdt.MapNoFail | cdt.MapPartial}, "m", "x", int64(1)).In(cdt.CtxMapKeyCreate("new", cdt.MapUnordered), cdt.CtxMapKeyCreate("new2", cdt.MapUnordered))},
			want: driver.Bins{"m": int64(0)}, after: seed},
		{rule: "MapPut refused with NO_FAIL on a missing bin leaves an empty map",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{cdt.MapPut(updateNoFail, "m", "x", int64(1))},
			want: driver.Bins{"m": int64(0)}, after: driver.Bins{"o": int64(1), "m": map[any]any{}}},
		{rule: "MapPutItems UPDATE_ONLY|NO_FAIL|PARTIAL into a missing bin puts every item",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{Flags: cdt.MapUpdateOnly | cdt.MapNoFail | cdt.MapPartial}, "m", map[any]any{"a": int64(1), "b": int64(2)})},
			want: driver.Bins{"m": int64(2)}, after: driver.Bins{"o": int64(1), "m": map[any]any{"a": int64(1), "b": int64(2)}}},
		{rule: "MapPutItems UPDATE_ONLY|NO_FAIL|PARTIAL into a non-empty map updates the present keys only",
			seed: seed, ops: []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{Flags: cdt.MapUpdateOnly | cdt.MapNoFail | cdt.MapPartial}, "m", map[any]any{"a": int64(5), "b": int64(2)})},
			want: driver.Bins{"m": int64(1)}, after: driver.Bins{"m": map[any]any{"a": int64(5)}}},
		{rule: "MapPutItems UPDATE_ONLY into a missing bin is ELEMENT_NOT_FOUND",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{Flags: cdt.MapUpdateOnly}, "m", map[any]any{"a": int64(1)})}, code: driver.FailElementNotFound},
		{rule: "Map replace-items of a missing bin is ELEMENT_NOT_FOUND",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{{Bin: "m", Code: cdt.OpMapReplaceItems, Args: []any{map[any]any{}}}}, code: driver.FailElementNotFound},
		{rule: "Map replace-items in a created context is ELEMENT_NOT_FOUND",
			seed: seed, ops: []cdt.Op{cdt.Op{Bin: "m", Code: cdt.OpMapReplaceItems, Args: []any{map[any]any{"a": int64(1)}}}.In(cdt.CtxMapKeyCreate("new", cdt.MapUnordered))}, code: driver.FailElementNotFound},
		{rule: "MapPutItems of no items in a created context creates the map",
			seed: seed, ops: []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{}, "m", map[any]any{}).In(cdt.CtxMapKeyCreate("new", cdt.MapKeyOrdered))},
			want: driver.Bins{"m": int64(0)}, after: driver.Bins{"m": map[any]any{"a": int64(1), "new": map[any]any{}}}},
		{rule: "A map key create context creates a float key (map_subcontext_by_key does not check map_is_key)",
			seed: seed, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "k", int64(1)).In(cdt.CtxMapKeyCreate(1.5, cdt.MapUnordered)), cdt.MapSize("m")},
			want:  driver.Bins{"m": l(int64(1), int64(2))},
			after: driver.Bins{"m": map[any]any{"a": int64(1), 1.5: map[any]any{"k": int64(1)}}}},
		{rule: "A map key context holding a wildcard is OP_NOT_APPLICABLE (cdt_untrusted_rewrite refuses it)",
			seed: seed, ops: []cdt.Op{cdt.MapSize("m").In(cdt.CtxMapKey(cdt.Wildcard))}, code: driver.OPNotApplicable},
		{rule: "MapPut two and three levels down through created maps",
			seed: seed, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "k", int64(1)).In(cdt.CtxMapKeyCreate("x", cdt.MapUnordered), cdt.CtxMapKeyCreate("y", cdt.MapKeyOrdered)),
				cdt.MapPut(cdt.MapPolicy{}, "m", "k", int64(2)).In(cdt.CtxMapKeyCreate("x", cdt.MapUnordered), cdt.CtxMapKeyCreate("z", cdt.MapKeyOrdered), cdt.CtxMapKeyCreate("w", cdt.MapKeyValueOrdered))},
			want:  driver.Bins{"m": l(int64(1), int64(1))},
			after: driver.Bins{"m": map[any]any{"a": int64(1), "x": map[any]any{"y": map[any]any{"k": int64(1)}, "z": map[any]any{"w": map[any]any{"k": int64(2)}}}}}},
	})
}

// testCDTMapPersistedIndex checks a top-level key-value ordered map that
// persists its index (set-type KEY_VALUE_ORDERED|PERSIST_INDEX, 0x13): the
// server keeps a value order index with it (particle_map.c
// packed_map_unpack_hdridx, is_persist_kv) and answers a value range from
// it in value order, ties in key order
// (packed_map_get_remove_by_value_interval,
// packed_map_build_ele_result_by_ele_idx), and a value list through
// packed_map_get_remove_all_by_value_list_ordered (every listed value
// counts; ranks as a block per value: result_data_set_by_irc). Without the
// index it answers in key order (testCDTMapResultOrder).
func testCDTMapPersistedIndex(e *env) {
	items := map[any]any{"a": int64(3), "b": int64(1), "c": int64(2), "d": int64(1), "e": int64(5)}
	persisted := []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{Order: cdt.MapKeyValueOrdered}, "m", items), cdt.MapSetPolicy("m", cdt.MapPolicy{Order: cdt.MapOrder(0x13)})}
	e.runCDT("mappersist", []cdtCase{
		{rule: "A value range of a map with a persisted index answers in value order",
			prep: persisted, ops: []cdt.Op{cdt.MapGetByValueRange("m", int64(1), int64(4), cdt.ReturnKey), cdt.MapGetByValueRange("m", int64(1), int64(4), cdt.ReturnIndex),
				cdt.MapGetByValueRange("m", int64(1), int64(4), cdt.ReturnKey|cdt.ReturnInverted)},
			want: driver.Bins{"m": l(l("b", "d", "c", "a"), l(int64(1), int64(3), int64(2), int64(0)), l("e"))}},
		{rule: "A value list of a map with a persisted index counts every listed value",
			prep: persisted, ops: []cdt.Op{cdt.MapGetByValueList("m", l(int64(5), int64(1)), cdt.ReturnReverseRank), cdt.MapGetByValueList("m", l(int64(1), int64(1)), cdt.ReturnIndex)},
			want: driver.Bins{"m": l(l(int64(0), int64(3), int64(4)), l(int64(1), int64(3), int64(1), int64(3)))}},
		{rule: "MapRemoveByValueRange of a map with a persisted index answers in value order and keeps the index",
			prep: persisted, ops: []cdt.Op{cdt.MapRemoveByValueRange("m", int64(2), nil, cdt.ReturnKey), cdt.MapGetByValueRange("m", int64(0), nil, cdt.ReturnKey)},
			want: driver.Bins{"m": l(l("c", "a", "e"), l("b", "d"))}, after: driver.Bins{"m": map[any]any{"b": int64(1), "d": int64(1)}}},
		{rule: "Set-type KEY_VALUE_ORDERED without PERSIST_INDEX drops the index: key order again",
			prep: persisted, ops: []cdt.Op{cdt.MapSetPolicy("m", cdt.MapPolicy{Order: cdt.MapKeyValueOrdered}), cdt.MapGetByValueRange("m", int64(1), int64(4), cdt.ReturnKey)},
			want: driver.Bins{"m": l(nil, l("a", "b", "c", "d"))}},
	})
}
