package cdt

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// allOps has one op of every constructor, with and without context.
func allOps() []Op {
	up := ListPolicy{Order: ListOrdered, Flags: ListAddUnique | ListNoFail}
	mp := MapPolicy{Order: MapKeyOrdered, Flags: MapCreateOnly}
	items := []any{int64(1), "a"}
	return []Op{
		ListSetOrder("l", ListOrdered), ListCreate("l", ListOrdered, true, CtxMapKey("k")),
		ListAppend("l", 1), ListAppend("l", 1, 2), ListAppendWithPolicy(up, "l", "x"), ListAppendWithPolicy(up, "l", "x", "y"),
		ListInsert("l", -1, 1), ListInsert("l", 2, 1, 2), ListInsertWithPolicy(up, "l", 0, 1), ListInsertWithPolicy(up, "l", 0, 1, 2),
		ListPop("l", 0), ListPopRange("l", 0, 2), ListPopRangeFrom("l", 1), ListRemove("l", 0), ListRemoveRange("l", 0, 1), ListRemoveRangeFrom("l", 1),
		ListSet("l", 0, nil), ListSetWithPolicy(up, "l", 0, true), ListTrim("l", 0, 1), ListClear("l"),
		ListIncrement("l", 0, 2.5), ListIncrementWithPolicy(up, "l", 0, 1), ListSort("l", ListSortDescending), ListSize("l"),
		ListGet("l", 0), ListGetRange("l", 0, 1), ListGetRangeFrom("l", 0),
		ListGetByIndex("l", 0, ReturnValue), ListGetByIndexRange("l", 0, ReturnCount), ListGetByIndexRangeCount("l", 0, 1, ReturnIndex|ReturnInverted),
		ListGetByRank("l", 0, ReturnRank), ListGetByRankRange("l", 0, ReturnValue), ListGetByRankRangeCount("l", 0, 2, ReturnValue),
		ListGetByValue("l", []any{1, Wildcard}, ReturnValue), ListGetByValueList("l", items, ReturnCount),
		ListGetByValueRange("l", 1, nil, ReturnValue), ListGetByValueRange("l", 1, Infinity, ReturnValue),
		ListGetByValueRelativeRankRange("l", 5, -1, ReturnValue), ListGetByValueRelativeRankRangeCount("l", 5, -1, 2, ReturnValue),
		ListRemoveByIndex("l", 0, ReturnNone), ListRemoveByIndexRange("l", 0, ReturnNone), ListRemoveByIndexRangeCount("l", 0, 1, ReturnNone),
		ListRemoveByRank("l", 0, ReturnNone), ListRemoveByRankRange("l", 0, ReturnNone), ListRemoveByRankRangeCount("l", 0, 1, ReturnNone),
		ListRemoveByValue("l", 1, ReturnNone), ListRemoveByValueList("l", items, ReturnNone), ListRemoveByValueRange("l", 1, 2, ReturnNone),
		ListRemoveByValueRelativeRankRange("l", 1, 0, ReturnNone), ListRemoveByValueRelativeRankRangeCount("l", 1, 0, 1, ReturnNone),
		MapSetPolicy("m", mp), MapCreate("m", MapKeyValueOrdered, CtxListIndex(0)), MapPut(mp, "m", "k", 1), MapPut(MapPolicy{}, "m", 1, []any{}),
		MapPutItems(mp, "m", map[any]any{"a": 1}), MapPutItems(MapPolicy{}, "m", map[any]any{"a": 1}), MapIncrement(mp, "m", "k", 1), MapDecrement(mp, "m", "k", 1.5),
		MapClear("m"), MapSize("m"),
		MapGetByKey("m", "k", ReturnKeyValue), MapGetByKeyList("m", items, ReturnKey), MapGetByKeyRange("m", "a", "z", ReturnCount), MapGetByKeyRange("m", "a", nil, ReturnCount),
		MapGetByKeyRelativeIndexRange("m", "k", 1, ReturnKey), MapGetByKeyRelativeIndexRangeCount("m", "k", 1, 2, ReturnKey),
		MapGetByValue("m", 1, ReturnKey), MapGetByValueList("m", items, ReturnKey), MapGetByValueRange("m", 1, 2, ReturnOrderedMap),
		MapGetByValueRelativeRankRange("m", 1, 0, ReturnUnorderedMap), MapGetByValueRelativeRankRangeCount("m", 1, 0, 1, ReturnExists),
		MapGetByIndex("m", 0, ReturnValue), MapGetByIndexRange("m", 0, ReturnValue), MapGetByIndexRangeCount("m", 0, 1, ReturnValue),
		MapGetByRank("m", 0, ReturnValue), MapGetByRankRange("m", 0, ReturnValue), MapGetByRankRangeCount("m", 0, 1, ReturnValue),
		MapRemoveByKey("m", "k", ReturnNone), MapRemoveByKeyList("m", items, ReturnNone), MapRemoveByKeyRange("m", "a", "b", ReturnNone),
		MapRemoveByKeyRelativeIndexRange("m", "k", 0, ReturnNone), MapRemoveByKeyRelativeIndexRangeCount("m", "k", 0, 1, ReturnNone),
		MapRemoveByValue("m", 1, ReturnNone), MapRemoveByValueList("m", items, ReturnNone), MapRemoveByValueRange("m", 1, nil, ReturnNone),
		MapRemoveByValueRelativeRankRange("m", 1, 0, ReturnNone), MapRemoveByValueRelativeRankRangeCount("m", 1, 0, 1, ReturnNone),
		MapRemoveByIndex("m", 0, ReturnNone), MapRemoveByIndexRange("m", 0, ReturnNone), MapRemoveByIndexRangeCount("m", 0, 1, ReturnNone),
		MapRemoveByRank("m", 0, ReturnNone), MapRemoveByRankRange("m", 0, ReturnNone), MapRemoveByRankRangeCount("m", 0, 1, ReturnNone),
		ListAppend("l", 1).In(CtxMapKey("a"), CtxListIndexCreate(3, ListUnordered, true), CtxListRank(-1), CtxListValue("v"), CtxMapIndex(0), CtxMapRank(1), CtxMapValue(2), CtxMapKeyCreate("n", MapKeyOrdered)),
	}
}

// Every op's wire form decodes back to the same op, and its arguments
// match the server's op table (cdt.c cdt_op_table).
func TestPayloadRoundTrip(t *testing.T) {
	t.Parallel()
	for _, op := range allOps() {
		t.Run(op.String(), func(t *testing.T) {
			t.Parallel()
			if op.Err() != nil {
				t.Fatalf("Err = %v", op.Err())
			}
			spec, ok := specOf(op.Code)
			if !ok {
				t.Fatalf("no spec for %d", op.Code)
			}
			if n := len(op.Args); n < len(spec.Params)-spec.Optional || n > len(spec.Params) {
				t.Fatalf("%d args, spec wants %d..%d", n, len(spec.Params)-spec.Optional, len(spec.Params))
			}
			b, err := op.Payload()
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(op.Bin, b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, op) {
				t.Fatalf("Decode(Payload) = %#v\nwant %#v", got, op)
			}
			if w := op.Operation(); (w.Type == driver.OpCDTModify) != spec.Modify || w.Bin != op.Bin {
				t.Fatalf("Operation() = %+v for a modify=%v op", w, spec.Modify)
			}
		})
	}
}

// The bytes of a few ops as client v8 packs them (cdt_list.go
// packCDTParamsAsArray, cdt_map.go).
func TestPayloadBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op   Op
		want []byte
	}{
		{ListAppend("l", 1), []byte{0x92, 0x01, 0x01}},
		{ListSize("l"), []byte{0x91, 0x10}},
		{ListGetByValueRange("l", 1, Infinity, ReturnValue), []byte{0x94, 0x19, 0x07, 0x01, 0xd4, 0xff, 0x01}},
		{MapSize("m").In(CtxMapKey("a")), []byte{0x93, 0xcc, 0xff, 0x92, 0x22, 0xa2, 0x03, 'a', 0x91, 0x60}},
		{MapCreate("m", MapKeyOrdered, CtxMapKey("a")), []byte{0x93, 0xcc, 0xff, 0x92, 0xcc, 0xa2, 0xa2, 0x03, 'a', 0x92, 0x40, 0x01}},
	}
	for _, tt := range tests {
		got, err := tt.op.Payload()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: % x, want % x", tt.op, got, tt.want)
		}
	}
}

func TestOpErrors(t *testing.T) {
	t.Parallel()
	for _, op := range []Op{ListAppend("l", struct{}{}), ListAppend("l", 1).In(CtxMapKey(make(chan int))), MapPut(MapPolicy{}, "m", "k", []any{func() {}})} {
		if op.Err() == nil {
			t.Errorf("%s: Err = nil", op)
		}
		if _, err := op.Payload(); err == nil {
			t.Errorf("%s: Payload err = nil", op)
		}
	}
	if s := ListAppend("tags", "go").In(CtxMapKey("a")).String(); s != `list_append(bin "tags", "go") in [map_key("a")]` {
		t.Errorf("String = %s", s)
	}
	if s := ListGetByValue("l", []any{1, Wildcard}, ReturnValue).String(); !strings.Contains(s, "[1, wildcard]") {
		t.Errorf("String = %s", s)
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"not an array", []byte{0x01}},
		{"empty array", []byte{0x90}},
		{"code not an int", []byte{0x91, 0xc0}},
		{"context of 2 elements", []byte{0x92, 0xcc, 0xff, 0x90}},
		{"odd context", []byte{0x93, 0xcc, 0xff, 0x91, 0x10, 0x91, 0x10}},
		{"empty context", []byte{0x93, 0xcc, 0xff, 0x90, 0x91, 0x10}},
		{"trailing", []byte{0x91, 0x10, 0x00}},
		{"truncated arg", []byte{0x92, 0x01, 0xcd, 0x01}},
		{"huge code", []byte{0x91, 0xce, 0x01, 0x00, 0x00, 0x00}},
	}
	for _, tt := range tests {
		if _, err := Decode("b", tt.in); !errors.Is(err, ErrPayload) {
			t.Errorf("%s: err = %v, want ErrPayload", tt.name, err)
		}
	}
}

// FuzzDecode checks that no payload panics the decoder and that what
// decodes encodes to a payload that decodes the same.
//
//	go test -fuzz=FuzzDecode -fuzztime=10s ./cdt
func FuzzDecode(f *testing.F) {
	for _, op := range allOps() {
		b, _ := op.Payload()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		op, err := Decode("b", b)
		if err != nil {
			return
		}
		out, err := op.Payload()
		if err != nil {
			t.Fatalf("decoded %s does not encode: %v", op, err)
		}
		op2, err := Decode("b", out)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", op, err)
		}
		if op2.Code != op.Code || len(op2.Args) != len(op.Args) || len(op2.Ctx) != len(op.Ctx) {
			t.Fatalf("re-decoded %s differs from %s", op2, op)
		}
		for i := range op.Args {
			if msgpack.Compare(op.Args[i], op2.Args[i]) != 0 {
				t.Fatalf("argument %d: %v != %v", i, op.Args[i], op2.Args[i])
			}
		}
	})
}
