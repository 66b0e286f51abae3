package aerospike_test

import (
	"context"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/memory"
)

// fuzzOps reads a sequence of Operates of list and map ops from data: each
// byte picks an op from a menu and the following ones its arguments.
type fuzzOps struct {
	data []byte
	i    int
}

func (f *fuzzOps) next() byte {
	if f.i >= len(f.data) {
		return 0
	}
	f.i++
	return f.data[f.i-1]
}

func (f *fuzzOps) more() bool { return f.i < len(f.data) }

func (f *fuzzOps) idx() int { return int(f.next()%10) - 4 } // -4..5

var fuzzValues = []any{int64(0), int64(1), int64(2), int64(-3), int64(5), "a", "b", 1.5, true, nil,
	[]any{int64(1), int64(2)}, map[any]any{"k": int64(1)}, []byte{1}}

func (f *fuzzOps) val() any { return fuzzValues[int(f.next())%len(fuzzValues)] }

// num is an increment's delta: the client panics on any other (and the
// driver refuses it before sending, where a server would first run the
// ops before it), so the differential test sends numbers only.
func (f *fuzzOps) num() any { return []any{int64(0), int64(1), int64(-3), 1.5}[int(f.next())%4] }

func (f *fuzzOps) key() any { return []any{"a", "b", "c", int64(1), int64(2)}[int(f.next())%5] }

func (f *fuzzOps) rt() cdt.ReturnType {
	rts := []cdt.ReturnType{cdt.ReturnNone, cdt.ReturnIndex, cdt.ReturnReverseIndex, cdt.ReturnRank, cdt.ReturnReverseRank,
		cdt.ReturnCount, cdt.ReturnKey, cdt.ReturnValue, cdt.ReturnKeyValue, cdt.ReturnExists, cdt.ReturnOrderedMap}
	rt := rts[int(f.next())%len(rts)]
	if f.next()%4 == 0 {
		rt |= cdt.ReturnInverted
	}
	return rt
}

func (f *fuzzOps) op() cdt.Op {
	lp := cdt.ListPolicy{Order: cdt.ListOrder(f.next() % 2), Flags: cdt.ListWriteFlags(f.next() % 16)}
	mp := cdt.MapPolicy{Order: []cdt.MapOrder{0, 1, 3}[f.next()%3], Flags: cdt.MapWriteFlags(f.next() % 16)}
	var op cdt.Op
	switch f.next() % 32 {
	case 0:
		op = cdt.ListAppend("l", f.val())
	case 1:
		op = cdt.ListAppendWithPolicy(lp, "l", f.val(), f.val())
	case 2:
		op = cdt.ListInsertWithPolicy(lp, "l", f.idx(), f.val())
	case 3:
		op = cdt.ListSetWithPolicy(lp, "l", f.idx(), f.val())
	case 4:
		op = cdt.ListPop("l", f.idx())
	case 5:
		op = cdt.ListRemoveRange("l", f.idx(), int(f.next()%4))
	case 6:
		op = cdt.ListTrim("l", f.idx(), int(f.next()%4))
	case 7:
		op = cdt.ListIncrement("l", f.idx(), f.num())
	case 8:
		op = cdt.ListSort("l", cdt.ListSortFlags(f.next()%4))
	case 9:
		op = cdt.ListSetOrder("l", cdt.ListOrder(f.next()%2))
	case 10:
		op = cdt.ListGetByIndexRangeCount("l", f.idx(), int(f.next()%4), f.rt())
	case 11:
		op = cdt.ListGetByRankRange("l", f.idx(), f.rt())
	case 12:
		op = cdt.ListGetByValue("l", f.val(), f.rt())
	case 13:
		op = cdt.ListRemoveByValueRange("l", f.val(), f.val(), f.rt())
	case 14:
		op = cdt.ListGetByValueRelativeRankRangeCount("l", f.val(), f.idx(), int(f.next()%4), f.rt())
	case 15:
		op = cdt.ListRemoveByIndex("l", f.idx(), f.rt())
	case 16:
		op = cdt.MapPut(mp, "m", f.key(), f.val())
	case 17:
		op = cdt.MapPutItems(mp, "m", map[any]any{f.key(): f.val(), f.key(): f.val()})
	case 18:
		op = cdt.MapIncrement(mp, "m", f.key(), f.num())
	case 19:
		op = cdt.MapGetByKey("m", f.key(), f.rt())
	case 20:
		op = cdt.MapRemoveByKeyRange("m", f.key(), f.key(), f.rt())
	case 21:
		op = cdt.MapGetByIndexRangeCount("m", f.idx(), int(f.next()%4), f.rt())
	case 22:
		op = cdt.MapRemoveByRank("m", f.idx(), f.rt())
	case 23:
		op = cdt.MapGetByValueRange("m", f.val(), f.val(), f.rt())
	case 24:
		op = cdt.MapGetByKeyRelativeIndexRange("m", f.key(), f.idx(), f.rt())
	case 25:
		op = cdt.MapSetPolicy("m", mp)
	case 26:
		op = cdt.MapClear("m")
	case 27:
		op = cdt.MapGetByValueList("m", []any{f.val(), f.val()}, f.rt())
	case 28:
		op = cdt.ListAppend("m", f.val()).In(cdt.CtxMapKeyCreate(f.key(), cdt.MapOrder(f.next()%2)))
	case 29:
		op = cdt.ListSize("l").In(cdt.CtxListIndex(f.idx()))
	case 30:
		op = cdt.MapPut(mp, "m", f.key(), f.val()).In(cdt.CtxMapKey(f.key()))
	default:
		op = cdt.ListGetByValue("l", []any{f.val(), cdt.Wildcard}, f.rt())
	}
	return op
}

// FuzzCDTDifferential applies random sequences of list and map operations
// through the client to aerotest and directly to the memory backend: both
// must give the same results, the same errors and the same records.
//
//	go test -fuzz=FuzzCDTDifferential -fuzztime=10s ./driver/aerospike
func FuzzCDTDifferential(f *testing.F) {
	srv := aerotest.NewServer(f)
	wire := openDSN(f, srv.DSN())
	mem, err := memory.Driver{}.Open(context.Background(), "memory://test")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = mem.Close() })
	var n atomic.Int64
	f.Add([]byte{0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 4, 3})
	f.Add([]byte{1, 1, 1, 1, 9, 1, 3, 5, 0, 0, 1, 1, 10, 1, 2, 7, 0})
	f.Add([]byte{2, 0, 1, 0, 16, 0, 1, 0, 0, 2, 0, 18, 1, 2, 0, 0, 1, 21, 0, 3, 8, 1})
	f.Add([]byte{3, 1, 2, 1, 28, 0, 1, 2, 0, 3, 0, 0, 30, 1, 1, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		fo := &fuzzOps{data: data}
		uk := fmt.Sprintf("fz%d", n.Add(1))
		kw, _ := driver.NewKey("test", "fz", uk)
		km, _ := driver.NewKey("test", "fz", uk)
		switch fo.next() % 4 {
		case 1:
			seed := driver.Bins{"l": []any{int64(3), int64(1), "a", []any{int64(1)}, 2.5, int64(1)}, "m": map[any]any{"a": int64(2), "b": int64(1), int64(1): "x"}}
			if err := wire.Put(ctx, nil, kw, seed); err != nil {
				t.Fatal(err)
			}
			if err := mem.Put(ctx, nil, km, seed); err != nil {
				t.Fatal(err)
			}
		case 2:
			seed := driver.Bins{"m": map[any]any{"a": map[any]any{"x": int64(1)}, "b": []any{}}, "l": []any{[]any{int64(1), int64(2)}, []any{}}}
			if err := wire.Put(ctx, nil, kw, seed); err != nil {
				t.Fatal(err)
			}
			if err := mem.Put(ctx, nil, km, seed); err != nil {
				t.Fatal(err)
			}
		}
		for step := 0; step < 6 && fo.more(); step++ {
			var ops []driver.Operation
			for j := 0; j < 1+int(fo.next()%3); j++ {
				ops = append(ops, fo.op().Operation())
			}
			rw, ew := wire.Operate(ctx, &driver.WritePolicy{}, kw, ops)
			rm, em := mem.Operate(ctx, &driver.WritePolicy{}, km, ops)
			cw, _ := driver.CodeOf(ew)
			cm, _ := driver.CodeOf(em)
			if (ew == nil) != (em == nil) || cw != cm {
				t.Fatalf("step %d %v:\n\tclient→aerotest: %v\n\tmemory: %v", step, ops, ew, em)
			}
			if ew == nil && !sameBins(rw.Bins, rm.Bins) {
				t.Fatalf("step %d %v results:\n\tclient→aerotest: %#v\n\tmemory: %#v", step, ops, rw.Bins, rm.Bins)
			}
			gw, ew := wire.Get(ctx, nil, kw, nil)
			gm, em := mem.Get(ctx, nil, km, nil)
			if (ew == nil) != (em == nil) {
				t.Fatalf("step %d: Get: client→aerotest %v, memory %v", step, ew, em)
			}
			if ew == nil && !sameBins(gw.Bins, gm.Bins) {
				t.Fatalf("step %d %v records:\n\tclient→aerotest: %#v\n\tmemory: %#v", step, ops, gw.Bins, gm.Bins)
			}
		}
	})
}

// sameBins compares bins deeply; no bins and an empty map are the same.
func sameBins(a, b driver.Bins) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}
