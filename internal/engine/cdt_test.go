package engine

import (
	"reflect"
	"testing"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

func cdtOps(ops ...cdt.Op) []driver.Operation {
	out := make([]driver.Operation, len(ops))
	for i, op := range ops {
		out[i] = op.Operation()
	}
	return out
}

// The order flags stay with the bin (particle_list.c list_set_flags,
// particle_map.c map_set_flags): the engine stores an OrderedList or
// OrderedMap, sorted, which aerotest sends with its order header.
func TestCDTOrderFlagsPersist(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "cdt", "flags")
	_, err := e.Operate(nil, k, cdtOps(
		cdt.ListAppendWithPolicy(cdt.ListPolicy{Order: cdt.ListOrdered}, "l", 3, 1, 2),
		cdt.MapPutItems(cdt.MapPolicy{Order: cdt.MapKeyValueOrdered}, "kv", map[any]any{"b": 1, "a": 2}),
		cdt.MapPut(cdt.MapPolicy{Order: cdt.MapKeyOrdered}, "k", "z", 1),
		cdt.MapPut(cdt.MapPolicy{}, "u", "z", 1),
	))
	wantCode(t, err, driver.OK)
	rec := mustGet(t, e, k)
	want := driver.Bins{
		"l":  msgpack.OrderedList{int64(1), int64(2), int64(3)},
		"kv": msgpack.OrderedMap{Flags: msgpack.MapKeyValueOrdered, Pairs: []msgpack.Pair{{Key: "a", Value: int64(2)}, {Key: "b", Value: int64(1)}}},
		"k":  msgpack.OrderedMap{Flags: msgpack.MapKeyOrdered, Pairs: []msgpack.Pair{{Key: "z", Value: int64(1)}}},
		"u":  map[any]any{"z": int64(1)},
	}
	if !reflect.DeepEqual(rec.Bins, want) {
		t.Fatalf("bins %#v\nwant %#v", rec.Bins, want)
	}
	// Later writes keep the flags; MapSetPolicy and ListSetOrder change them.
	_, err = e.Operate(nil, k, cdtOps(cdt.ListAppend("l", 0), cdt.MapPut(cdt.MapPolicy{}, "k", "a", 0),
		cdt.ListSetOrder("l", cdt.ListUnordered), cdt.MapSetPolicy("u", cdt.MapPolicy{Order: cdt.MapKeyOrdered})))
	wantCode(t, err, driver.OK)
	rec = mustGet(t, e, k)
	if got := rec.Bins["l"]; !reflect.DeepEqual(got, []any{int64(0), int64(1), int64(2), int64(3)}) {
		t.Errorf("list after append and unorder: %#v", got)
	}
	if got := rec.Bins["k"].(msgpack.OrderedMap); got.Pairs[0].Key != "a" {
		t.Errorf("key-ordered map after put: %#v", got)
	}
	if _, ok := rec.Bins["u"].(msgpack.OrderedMap); !ok {
		t.Errorf("map after MapSetPolicy KEY_ORDERED: %#v", rec.Bins["u"])
	}
	if RecordSize("cdt", nil, rec.Bins, false) <= RecordSize("cdt", nil, driver.Bins{"u": map[any]any{"z": int64(1)}}, false) {
		t.Error("RecordSize does not count ordered containers")
	}
}

// A failed op leaves the record, its generation included, as it was (cdt.c
// cdt_packed_modify restores the bin; the transaction fails).
func TestCDTFailureLeavesRecord(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "cdt", "fail")
	mustPut(t, e, nil, k, driver.Bins{"l": []any{int64(1)}, "m": map[any]any{"a": int64(1)}})
	tests := []struct {
		name string
		ops  []cdt.Op
		code driver.ResultCode
	}{
		{"pop past the end after an append", []cdt.Op{cdt.ListAppend("l", 2), cdt.ListPop("l", 5)}, driver.OPNotApplicable},
		{"map op on a list after a map put", []cdt.Op{cdt.MapPut(cdt.MapPolicy{}, "m", "b", 2), cdt.MapSize("l")}, driver.BinTypeError},
		{"unique append of a present value", []cdt.Op{cdt.ListAppendWithPolicy(cdt.ListPolicy{Flags: cdt.ListAddUnique}, "l", 1)}, driver.FailElementExists},
		{"increment by a string", []cdt.Op{cdt.MapIncrement(cdt.MapPolicy{}, "m", "a", "x")}, driver.ParameterError},
		{"op with a bad argument count", []cdt.Op{{Bin: "l", Code: cdt.OpListAppend}}, driver.ParameterError},
		{"unknown op code", []cdt.Op{{Bin: "l", Code: 63}}, driver.ParameterError},
	}
	for _, tt := range tests {
		_, err := e.Operate(nil, k, cdtOps(tt.ops...))
		wantCode(t, err, tt.code)
		rec := mustGet(t, e, k)
		if rec.Generation != 1 || !reflect.DeepEqual(rec.Bins, driver.Bins{"l": []any{int64(1)}, "m": map[any]any{"a": int64(1)}}) {
			t.Fatalf("%s: record changed: gen %d %#v", tt.name, rec.Generation, rec.Bins)
		}
	}
	// An op whose Value is not a cdt.Op.
	_, err := e.Operate(nil, k, []driver.Operation{{Type: driver.OpCDTModify, Bin: "l", Value: 5}})
	wantCode(t, err, driver.ParameterError)
}

// OperateEach reports each result with the op that produced it, in order;
// ops without a result report nothing.
func TestOperateEach(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "cdt", "each")
	_, seq, err := e.OperateEach(nil, k, cdtOps(cdt.ListAppend("l", 5), cdt.ListSet("l", 0, 6), cdt.ListGet("l", 0), cdt.MapPut(cdt.MapPolicy{}, "m", "a", 1)))
	wantCode(t, err, driver.OK)
	want := []OpResult{{0, "l", int64(1)}, {2, "l", int64(6)}, {3, "m", int64(1)}}
	if !reflect.DeepEqual(seq, want) {
		t.Fatalf("seq %#v, want %#v", seq, want)
	}
	// A read-only Operate of list reads runs as a read.
	rec, seq, err := e.OperateEach(nil, k, cdtOps(cdt.ListSize("l"), cdt.ListSize("missing")))
	wantCode(t, err, driver.OK)
	if !reflect.DeepEqual(seq, []OpResult{{0, "l", int64(1)}}) || rec.Generation != 1 {
		t.Fatalf("read: seq %#v gen %d", seq, rec.Generation)
	}
	_, _, err = e.OperateEach(nil, mkKey(t, "test", "cdt", "none"), cdtOps(cdt.ListSize("l")))
	wantCode(t, err, driver.KeyNotFoundError)
}

// indexRange and relRange follow cdt.c calc_index_count and
// calc_rel_index_count.
func TestIndexRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		index      int64
		count      uint64
		n          int
		multi      bool
		start, cnt int
		ok         bool
	}{
		{0, 1, 3, false, 0, 1, true},
		{-1, 1, 3, false, 2, 1, true},
		{3, 1, 3, false, 0, 0, false},
		{-4, 1, 3, false, 0, 0, false},
		{1, 10, 3, true, 1, 2, true},
		{5, 2, 3, true, 3, 0, true},
		{-5, 3, 3, true, 0, 1, true},
		{-5, 2, 3, true, 0, 0, true},
		{-2, 1 << 32, 3, true, 1, 2, true},
	}
	for _, tt := range tests {
		s, c, ok := indexRange(tt.index, tt.count, tt.n, tt.multi)
		if s != tt.start || c != tt.cnt || ok != tt.ok {
			t.Errorf("indexRange(%d, %d, %d, %v) = %d, %d, %v; want %d, %d, %v", tt.index, tt.count, tt.n, tt.multi, s, c, ok, tt.start, tt.cnt, tt.ok)
		}
	}
	if i, c := relRange(-3, 2, 1); i != 0 || c != 0 {
		t.Errorf("relRange(-3, 2, 1) = %d, %d", i, c)
	}
	if i, c := relRange(-3, 5, 1); i != 0 || c != 3 {
		t.Errorf("relRange(-3, 5, 1) = %d, %d", i, c)
	}
	if i, c := relRange(1, 5, 2); i != 3 || c != 5 {
		t.Errorf("relRange(1, 5, 2) = %d, %d", i, c)
	}
}

// An index far past the end is refused before the padding is allocated.
func TestCDTHugeIndex(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "cdt", "huge")
	// particle_list.c packed_list_insert, list_increment: an index past
	// INT32_MAX is OP_NOT_APPLICABLE (asked of a real 8.1.2 server).
	for _, op := range []cdt.Op{
		cdt.ListInsert("l", 1<<40, 1), cdt.ListSet("l", 1<<40, 1), cdt.ListIncrement("l", 1<<40, 1),
	} {
		_, err := e.Operate(nil, k, cdtOps(op))
		wantCode(t, err, driver.OPNotApplicable)
	}
	for _, op := range []cdt.Op{
		cdt.ListInsert("l", 1<<24, 1), cdt.ListSet("l", 1<<24, 1),
		cdt.ListAppend("l", 1).In(cdt.CtxListIndexCreate(1<<40, cdt.ListUnordered, true)),
	} {
		_, err := e.Operate(nil, k, cdtOps(op))
		wantCode(t, err, driver.RecordTooBig)
	}
	_, err := e.Operate(nil, k, cdtOps(cdt.ListAppend("l", 1).In(cdt.CtxListIndexCreate(3, cdt.ListUnordered, true))))
	wantCode(t, err, driver.OK)
	if got := mustGet(t, e, k).Bins["l"]; !reflect.DeepEqual(got, []any{nil, nil, nil, []any{int64(1)}}) {
		t.Fatalf("padded create: %#v", got)
	}
}
