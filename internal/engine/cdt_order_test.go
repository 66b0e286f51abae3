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
