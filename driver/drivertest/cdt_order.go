package drivertest

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

// The order of an unordered map's answers and the order flags of list and
// map writes (particle_map.c, particle_list.c, cdt.c of the 8.1 server).

func init() {
	parallelChecks = append(parallelChecks,
		check{"CDTMapStoredOrder", testCDTMapStoredOrder},
		check{"CDTOrderFlags", testCDTOrderFlags},
		check{"CDTMapBlobKeys", testCDTMapBlobKeys},
	)
}

// testCDTMapStoredOrder checks the order of an unordered map's answers.
// The server keeps every map in key order (cdt.c cdt_untrusted_rewrite
// sorts a map written out of key order; single puts keep it so:
// packed_map_find_key_maybe_unordered) and returns what it selects by mask
// (by key range, value, value range, value list, INVERTED) in that stored
// order (particle_map.c packed_map_build_ele_result_by_mask), what it
// selects by index in key order (an order heap by key), by rank in rank
// order, and a range of every entry from the map as stored, with ranks
// 0..n-1 (packed_map_get_remove_all).
func testCDTMapStoredOrder(e *env) {
	seed := driver.Bins{"m": map[any]any{"a": int64(3), "b": int64(1), "c": int64(2)}}
	e.runCDT("mapord", []cdtCase{
		{rule: "MapGetByValueRange on an unordered map returns keys in stored order, not value order",
			seed: seed, ops: []cdt.Op{cdt.MapGetByValueRange("m", int64(1), int64(10), cdt.ReturnKey), cdt.MapGetByValueRange("m", int64(1), int64(10), cdt.ReturnValue)},
			want: driver.Bins{"m": l(l("a", "b", "c"), l(int64(3), int64(1), int64(2)))}},
		{rule: "MapGetByRankRange returns keys in rank order",
			seed: seed, ops: []cdt.Op{cdt.MapGetByRankRange("m", 0, cdt.ReturnKey)},
			want: driver.Bins{"m": l("b", "c", "a")}},
		{rule: "MapGetByIndexRange of every entry returns ranks as 0..n-1",
			seed: seed, ops: []cdt.Op{cdt.MapGetByIndexRange("m", 0, cdt.ReturnRank), cdt.MapGetByIndexRangeCount("m", 0, 2, cdt.ReturnRank)},
			want: driver.Bins{"m": l(l(int64(0), int64(1), int64(2)), l(int64(2), int64(0)))}},
		{rule: "Single puts keep an unordered map in key order",
			seed: seed, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "bb", int64(0)), cdt.MapPut(cdt.MapPolicy{}, "m", "0", int64(0)), cdt.MapGetByValueRange("m", int64(0), int64(10), cdt.ReturnKey)},
			want: driver.Bins{"m": l(int64(4), int64(5), l("0", "a", "b", "bb", "c"))}},
		{rule: "MapRemoveByValueRange INVERTED returns the others in stored order",
			seed: seed, ops: []cdt.Op{cdt.MapRemoveByValueRange("m", int64(2), int64(3), cdt.ReturnKey|cdt.ReturnInverted)},
			want: driver.Bins{"m": l("a", "b")}, after: driver.Bins{"m": map[any]any{"c": int64(2)}}},
	})
}

// testCDTOrderFlags checks the order flags of writes (cdt.c
// cdt_check_flags: a list takes ORDERED and PERSIST_INDEX 0x10, a map
// KV_ORDERED and PERSIST_INDEX). PERSIST_INDEX only keeps an index inside
// the stored particle, stripped from every answer
// (cdt_strip_indexes_from_particle), so it changes nothing a client sees;
// other flags are OP_NOT_APPLICABLE for a set-type (list_set_flags) and
// make an unordered container when a write creates one
// (cdt_context_use_static_list_if_notinuse); a persist index on a created
// sub-context is OP_NOT_APPLICABLE (cdt_context_count_create_sz).
func testCDTOrderFlags(e *env) {
	seed := driver.Bins{"l": l(int64(3), int64(1), int64(2))}
	persistIndex := cdt.CtxMapKeyCreate("j", cdt.MapUnordered)
	persistIndex.Type |= 0x100
	e.runCDT("flags", []cdtCase{
		{rule: "ListSetOrder ORDERED|PERSIST_INDEX sorts the list",
			seed: seed, ops: []cdt.Op{cdt.ListSetOrder("l", cdt.ListOrder(0x11)), cdt.ListAppend("l", int64(0))},
			want: driver.Bins{"l": l(nil, int64(4))}, after: driver.Bins{"l": l(int64(0), int64(1), int64(2), int64(3))}},
		{rule: "ListSetOrder PERSIST_INDEX alone keeps the list unordered",
			seed: seed, ops: []cdt.Op{cdt.ListSetOrder("l", cdt.ListOrder(0x10)), cdt.ListAppend("l", int64(0))},
			want: driver.Bins{"l": l(nil, int64(4))}, after: driver.Bins{"l": l(int64(3), int64(1), int64(2), int64(0))}},
		{rule: "ListSetOrder with an unknown flag is OP_NOT_APPLICABLE",
			seed: seed, ops: []cdt.Op{cdt.ListSetOrder("l", cdt.ListOrder(0x21))}, code: driver.OPNotApplicable},
		{rule: "A list created with unknown order flags is unordered",
			ops:  []cdt.Op{cdt.ListAppendWithPolicy(cdt.ListPolicy{Order: cdt.ListOrder(0x41)}, "l", int64(2), int64(1))},
			want: driver.Bins{"l": int64(2)}, after: driver.Bins{"l": l(int64(2), int64(1))}},
		{rule: "MapSetPolicy KEY_ORDERED|PERSIST_INDEX orders the map",
			seed: driver.Bins{"m": map[any]any{"b": int64(1), "a": int64(2)}}, ops: []cdt.Op{cdt.MapSetPolicy("m", cdt.MapPolicy{Order: cdt.MapOrder(0x11)}), cdt.MapGetByIndex("m", 0, cdt.ReturnKey)},
			want: driver.Bins{"m": l(nil, "a")}, after: driver.Bins{"m": map[any]any{"a": int64(2), "b": int64(1)}}},
		{rule: "A persist index on a created sub-context is OP_NOT_APPLICABLE",
			seed: driver.Bins{"o": int64(1)}, ops: []cdt.Op{cdt.ListAppend("m", int64(1)).In(cdt.CtxMapKeyCreate("k", cdt.MapUnordered), persistIndex)}, code: driver.OPNotApplicable},
	})
}

// testCDTMapBlobKeys checks blob map keys, which the server takes next to
// integer and string keys (particle_map.c map_is_key): a blob key is a Go
// byte array ([N]byte) in a map, as aerospike-client-go packs and returns
// one, and a []byte where a key is a value (an operation's argument, a
// KEY result). Keys order integers < strings < blobs (the server's type
// order).
func testCDTMapBlobKeys(e *env) {
	seed := driver.Bins{"m": map[any]any{[2]byte{1, 2}: "a", "k": "b"}}
	e.runCDT("blobkey", []cdtCase{
		{rule: "A map with a blob key is written and read back",
			seed: seed, ops: []cdt.Op{cdt.MapSize("m")}, want: driver.Bins{"m": int64(2)}, after: seed},
		{rule: "MapPut of a blob key, lookups by blob key, and KEY results as []byte",
			seed: seed, ops: []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", []byte{3, 4}, "c"), cdt.MapGetByKey("m", []byte{1, 2}, cdt.ReturnValue),
				cdt.MapGetByIndex("m", -1, cdt.ReturnKey), cdt.MapGetByKeyRange("m", "k", nil, cdt.ReturnKey)},
			want:  driver.Bins{"m": l(int64(3), "a", []byte{3, 4}, l("k", []byte{1, 2}, []byte{3, 4}))},
			after: driver.Bins{"m": map[any]any{[2]byte{1, 2}: "a", "k": "b", [2]byte{3, 4}: "c"}}},
		{rule: "MapIncrement of a new blob key creates it",
			seed: seed, ops: []cdt.Op{cdt.MapIncrement(cdt.MapPolicy{}, "m", []byte{9}, int64(5))},
			want: driver.Bins{"m": int64(5)}, after: driver.Bins{"m": map[any]any{[2]byte{1, 2}: "a", "k": "b", [1]byte{9}: int64(5)}}},
		{rule: "A blob-keyed map as a KEY_VALUE result keeps blob keys",
			seed: seed, ops: []cdt.Op{cdt.MapGetByKey("m", []byte{1, 2}, cdt.ReturnKeyValue)},
			want: driver.Bins{"m": map[any]any{[2]byte{1, 2}: "a"}}},
	})
}
