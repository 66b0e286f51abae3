package engine

import (
	"reflect"
	"testing"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// The server checks a CDT operation's arguments only once it knows the
// operation does something: a read of a missing bin is never parsed
// (rw_utils.c process_bin_read_op), a removal on a missing bin or on a
// just-created context element returns before CDT_OP_TABLE_GET_PARAMS
// (particle_list.c, particle_map.c cdt_process_state_packed_*_modify_optype),
// and the bin's type is checked before either.
func TestCDTCheckOrder(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	badArgs := func(bin string, code cdt.OpCode, args ...any) cdt.Op {
		return cdt.Op{Bin: bin, Code: code, Args: args}
	}
	tests := []struct {
		name string
		seed driver.Bins
		op   cdt.Op
		code driver.ResultCode
	}{
		{"map remove by key list with a non-list on a missing bin is a no-op", driver.Bins{"o": int64(1)},
			badArgs("m", cdt.OpMapRemoveByKeyList, "not an int", "not a list"), driver.OK},
		{"map remove by index with too many arguments on a missing bin is a no-op", driver.Bins{"o": int64(1)},
			badArgs("m", cdt.OpMapRemoveByIndex, int64(0), int64(0), int64(0), int64(0), int64(0)), driver.OK},
		{"list remove by index with a string index on a missing bin is a no-op", driver.Bins{"o": int64(1)},
			badArgs("l", cdt.OpListRemoveByIndex, int64(0), "x"), driver.OK},
		{"list pop with no index on a missing bin is a no-op", driver.Bins{"o": int64(1)},
			badArgs("l", cdt.OpListPop), driver.OK},
		{"a read with bad arguments of a missing bin returns nothing", driver.Bins{"o": int64(1)},
			badArgs("l", cdt.OpListGetByIndex, "x"), driver.OK},
		{"a removal in a created context element is a no-op", driver.Bins{"m": map[any]any{"a": int64(1)}},
			badArgs("m", cdt.OpMapRemoveByKey, "x").In(cdt.CtxMapKeyCreate("new", cdt.MapUnordered)), driver.OK},
		{"the same removal on a present bin checks its arguments", driver.Bins{"m": map[any]any{"a": int64(1)}},
			badArgs("m", cdt.OpMapRemoveByKeyList, "not an int", "not a list"), driver.ParameterError},
		{"the bin's type is checked before the arguments", driver.Bins{"m": "str"},
			badArgs("m", cdt.OpMapRemoveByKeyList, "not an int"), driver.BinTypeError},
		{"a write on a missing bin checks its arguments", driver.Bins{"o": int64(1)},
			badArgs("m", cdt.OpMapPut, "k"), driver.ParameterError},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := mkKey(t, "test", "cdtorder", int64(i))
			mustPut(t, e, nil, k, tt.seed)
			rec, err := e.Operate(nil, k, cdtOps(tt.op))
			wantCode(t, err, tt.code)
			if err == nil && rec != nil {
				if _, ok := rec.Bins[tt.op.Bin]; ok {
					t.Errorf("a no-op answered %#v", rec.Bins[tt.op.Bin])
				}
			}
			if got := mustGet(t, e, k).Bins; !reflect.DeepEqual(got, tt.seed) {
				t.Errorf("record %#v, want it unchanged %#v", got, tt.seed)
			}
		})
	}
}

// The persist-index flag (AS_PACKED_PERSIST_INDEX, 0x10) only keeps an
// index inside the stored particle; the server strips it from what it
// sends (cdt.c cdt_strip_indexes_from_particle). Set-type flags beyond the
// order bits and 0x10 are OP_NOT_APPLICABLE (list_set_flags,
// map_set_flags, cdt_check_flags); as create flags they make an unordered
// container (cdt_context_use_static_*_if_notinuse); a persist index on a
// created sub-context is OP_NOT_APPLICABLE (cdt_context_count_create_sz).
func TestCDTPersistIndexAndOrderFlags(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	tests := []struct {
		name string
		ops  []cdt.Op
		code driver.ResultCode
		want driver.Bins
	}{
		{"ListSetOrder ORDERED|PERSIST sorts and keeps only the order", []cdt.Op{cdt.ListAppend("l", 3, 1), cdt.ListSetOrder("l", cdt.ListOrder(0x11))},
			driver.OK, driver.Bins{"l": msgpack.OrderedList{int64(1), int64(3)}}},
		{"ListSetOrder PERSIST alone leaves the list unordered", []cdt.Op{cdt.ListAppend("l", 3, 1), cdt.ListSetOrder("l", cdt.ListOrder(0x10))},
			driver.OK, driver.Bins{"l": []any{int64(3), int64(1)}}},
		{"ListSetOrder with an unknown flag is OP_NOT_APPLICABLE", []cdt.Op{cdt.ListAppend("l", 3, 1), cdt.ListSetOrder("l", cdt.ListOrder(0x21))},
			driver.OPNotApplicable, nil},
		{"MapSetPolicy KEY_ORDERED|PERSIST orders the map", []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "b", 1), cdt.MapSetPolicy("m", cdt.MapPolicy{Order: cdt.MapOrder(0x11)})},
			driver.OK, driver.Bins{"m": msgpack.OrderedMap{Flags: msgpack.MapKeyOrdered, Pairs: []msgpack.Pair{{Key: "b", Value: int64(1)}}}}},
		{"MapSetPolicy with an unknown flag is OP_NOT_APPLICABLE", []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "b", 1), cdt.MapSetPolicy("m", cdt.MapPolicy{Order: cdt.MapOrder(0x41)})},
			driver.OPNotApplicable, nil},
		{"invalid create flags create an unordered map", []cdt.Op{cdt.MapPut(cdt.MapPolicy{Order: cdt.MapOrder(0x41)}, "m", "b", 1)},
			driver.OK, driver.Bins{"m": map[any]any{"b": int64(1)}}},
		{"invalid create flags create an unordered list", []cdt.Op{cdt.ListAppendWithPolicy(cdt.ListPolicy{Order: cdt.ListOrder(0x41)}, "l", 2, 1)},
			driver.OK, driver.Bins{"l": []any{int64(2), int64(1)}}},
		{"persist create flags on a missing bin are accepted", []cdt.Op{cdt.MapPut(cdt.MapPolicy{Order: cdt.MapOrder(0x11)}, "m", "b", 1)},
			driver.OK, driver.Bins{"m": msgpack.OrderedMap{Flags: msgpack.MapKeyOrdered, Pairs: []msgpack.Pair{{Key: "b", Value: int64(1)}}}}},
		{"a persist index on the first created context step is accepted", []cdt.Op{cdt.ListAppend("m", 1).In(withPersist(cdt.CtxMapKeyCreate("k", cdt.MapUnordered)))},
			driver.OK, driver.Bins{"m": map[any]any{"k": []any{int64(1)}}}},
		{"a persist index on a created sub-context is OP_NOT_APPLICABLE", []cdt.Op{cdt.ListAppend("m", 1).In(cdt.CtxMapKeyCreate("k", cdt.MapUnordered), withPersist(cdt.CtxMapKeyCreate("j", cdt.MapUnordered)))},
			driver.OPNotApplicable, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := mkKey(t, "test", "cdtpersist", int64(i))
			_, err := e.Operate(nil, k, cdtOps(tt.ops...))
			wantCode(t, err, tt.code)
			if tt.code != driver.OK {
				_, err := e.Get(k, nil, false)
				wantCode(t, err, driver.KeyNotFoundError)
				return
			}
			if got := mustGet(t, e, k).Bins; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("bins %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func withPersist(c cdt.Context) cdt.Context {
	c.Type |= ctxPersistIdx
	return c
}

// An unordered map written out of key order (as a wire server receives
// it: a msgpack.OrderedMap with Flags 0) is worked on in key order, as the
// server sorts every map it is sent (cdt.c cdt_untrusted_rewrite), so
// that what an op answers in stored order comes in key order (see kmap).
func TestCDTUnorderedMapStoredOrder(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	stored := func(kv ...any) msgpack.OrderedMap {
		m := msgpack.OrderedMap{}
		for i := 0; i < len(kv); i += 2 {
			m.Pairs = append(m.Pairs, msgpack.Pair{Key: kv[i], Value: kv[i+1]})
		}
		return m
	}
	seed := stored("c", int64(1), "a", int64(3), "b", int64(2))
	sorted := map[any]any{"a": int64(3), "b": int64(2), "c": int64(1)}
	tests := []struct {
		name  string
		ops   []cdt.Op
		want  any // the result of the last op
		after any // the stored bin
	}{
		{"a put of a present key", []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "a", 9)}, int64(3),
			map[any]any{"a": int64(9), "b": int64(2), "c": int64(1)}},
		{"a put of a new key", []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "0", 0), cdt.MapGetByIndexRange("m", 0, cdt.ReturnKey)},
			[]any{"0", "a", "b", "c"}, nil},
		{"an increment of a new key", []cdt.Op{cdt.MapIncrement(cdt.MapPolicy{}, "m", "d", 1), cdt.MapGetByValueRange("m", 0, 10, cdt.ReturnKey)},
			[]any{"a", "b", "c", "d"}, nil},
		{"a removal", []cdt.Op{cdt.MapRemoveByKey("m", "a", cdt.ReturnNone)}, nil,
			map[any]any{"b": int64(2), "c": int64(1)}},
		{"put-items", []cdt.Op{cdt.MapPutItems(cdt.MapPolicy{}, "m", map[any]any{"d": 4})}, int64(4),
			map[any]any{"a": int64(3), "b": int64(2), "c": int64(1), "d": int64(4)}},
		{"set-type KEY_ORDERED", []cdt.Op{cdt.MapSetPolicy("m", cdt.MapPolicy{Order: cdt.MapKeyOrdered})}, nil,
			msgpack.OrderedMap{Flags: msgpack.MapKeyOrdered, Pairs: []msgpack.Pair{{Key: "a", Value: int64(3)}, {Key: "b", Value: int64(2)}, {Key: "c", Value: int64(1)}}}},
		{"set-type UNORDERED", []cdt.Op{cdt.MapSetPolicy("m", cdt.MapPolicy{})}, nil, sorted},
		{"KEY_VALUE of a value range", []cdt.Op{cdt.MapGetByValueRange("m", 0, 10, cdt.ReturnKeyValue)},
			msgpack.OrderedMap{Flags: msgpack.MapPreserveOrder, Pairs: []msgpack.Pair{{Key: "a", Value: int64(3)}, {Key: "b", Value: int64(2)}, {Key: "c", Value: int64(1)}}}, nil},
		{"INVERTED index range in the middle", []cdt.Op{cdt.MapGetByIndexRangeCount("m", 1, 1, cdt.ReturnKey|cdt.ReturnInverted)},
			[]any{"a", "c"}, nil},
		{"a map value context takes the first match in key order", []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "b", int64(1)),
			cdt.MapPut(cdt.MapPolicy{}, "m", "z", int64(0)).In(cdt.CtxMapValue(map[any]any{"x": int64(1)}))}, int64(2),
			map[any]any{"a": map[any]any{"x": int64(1), "z": int64(0)}, "b": int64(1), "c": map[any]any{"x": int64(1)}}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := mkKey(t, "test", "cdtstored", int64(i))
			seed := seed
			if i == len(tests)-1 {
				seed = stored("c", map[any]any{"x": int64(1)}, "a", map[any]any{"x": int64(1)}, "b", int64(2))
			}
			if _, err := e.Operate(nil, k, []driver.Operation{{Type: driver.OpWrite, Bin: "m", Value: seed}}); err != nil {
				t.Fatal(err)
			}
			_, res, err := e.OperateEach(nil, k, cdtOps(tt.ops...))
			if err != nil {
				t.Fatal(err)
			}
			var last any
			for _, r := range res {
				if r.Op == len(tt.ops)-1 {
					last = r.Value
				}
			}
			if !reflect.DeepEqual(last, tt.want) {
				t.Errorf("result %#v, want %#v", last, tt.want)
			}
			if tt.after != nil {
				if got := mustGet(t, e, k).Bins["m"]; !reflect.DeepEqual(got, tt.after) {
					t.Errorf("stored %#v\nwant %#v", got, tt.after)
				}
			}
		})
	}
}
