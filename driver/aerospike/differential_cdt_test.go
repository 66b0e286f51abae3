package aerospike_test

// The list and map family of the differential harness: every list and map
// operation with every return type (INVERTED included), write flags, orders,
// and nested contexts (list index/rank/value, map index/rank/key/value, and
// the create variants), on bins "l" and "m".

import (
	"context"
	"fmt"
	"math"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

func init() {
	registerFamily(8, genCDT)
}

func (g *dgen) idx() int { return g.n(10) - 4 } // -4..5

func (g *dgen) count() int { return g.n(5) }

var cdtValues = []any{int64(0), int64(1), int64(2), int64(-3), int64(5), "a", "b", "zz", 1.5, true, nil,
	[]any{int64(1), int64(2)}, []any{}, map[any]any{"k": int64(1)}, []byte{1}, int64(math.MaxInt64)}

func (g *dgen) val() any { return cdtValues[g.n(len(cdtValues))] }

func (g *dgen) vals() []any {
	vs := make([]any, g.n(4))
	for i := range vs {
		vs[i] = g.val()
	}
	return vs
}

// num is an increment's delta: the client refuses any other before sending.
func (g *dgen) num() any { return pick[any](g, int64(0), int64(1), int64(-3), 1.5) }

func (g *dgen) mkey() any { return pick[any](g, "a", "b", "c", "k", "z", int64(1), int64(2)) }

func (g *dgen) rt(forMap bool) cdt.ReturnType {
	rts := []cdt.ReturnType{cdt.ReturnNone, cdt.ReturnIndex, cdt.ReturnReverseIndex, cdt.ReturnRank, cdt.ReturnReverseRank,
		cdt.ReturnCount, cdt.ReturnValue, cdt.ReturnExists}
	if forMap {
		rts = append(rts, cdt.ReturnKey, cdt.ReturnKeyValue, cdt.ReturnOrderedMap, cdt.ReturnUnorderedMap)
	}
	rt := rts[g.n(len(rts))]
	if g.chance(4) {
		rt |= cdt.ReturnInverted
	}
	return rt
}

func (g *dgen) listPolicy() cdt.ListPolicy {
	return cdt.ListPolicy{Order: cdt.ListOrder(g.n(2)), Flags: cdt.ListWriteFlags(g.n(16))}
}

func (g *dgen) mapPolicy() cdt.MapPolicy {
	return cdt.MapPolicy{Order: pick(g, cdt.MapUnordered, cdt.MapKeyOrdered, cdt.MapKeyValueOrdered), Flags: cdt.MapWriteFlags(g.n(16))}
}

// ctxs is a context path of up to three levels. A list-index-create
// context with a negative index and pad is never generated: it crashes
// server 8.1.2.0 (see differential_known_test.go).
func (g *dgen) ctxs() []cdt.Context {
	var cs []cdt.Context
	for range g.n(4) {
		var c cdt.Context
		switch g.n(10) {
		case 0, 1:
			c = cdt.CtxListIndex(g.idx())
		case 2:
			c = cdt.CtxListRank(g.idx())
		case 3:
			c = cdt.CtxListValue(g.val())
		case 4:
			c = cdt.CtxMapIndex(g.idx())
		case 5:
			c = cdt.CtxMapRank(g.idx())
		case 6, 7:
			c = cdt.CtxMapKey(g.mkey())
		case 8:
			c = cdt.CtxMapValue(g.val())
		default:
			if g.bool() {
				c = cdt.CtxMapKeyCreate(g.mkey(), pick(g, cdt.MapUnordered, cdt.MapKeyOrdered, cdt.MapKeyValueOrdered))
			} else {
				i, pad := g.idx(), g.bool()
				if i < 0 {
					pad = false
				}
				c = cdt.CtxListIndexCreate(i, cdt.ListOrder(g.n(2)), pad)
			}
		}
		cs = append(cs, c)
	}
	return cs
}

func (g *dgen) listOp(bin string) cdt.Op {
	lp := g.listPolicy()
	switch g.n(34) {
	case 0:
		return cdt.ListAppend(bin, g.val())
	case 1:
		return cdt.ListAppendWithPolicy(lp, bin, g.vals()...)
	case 2:
		return cdt.ListInsertWithPolicy(lp, bin, g.idx(), g.vals()...)
	case 3:
		return cdt.ListSetWithPolicy(lp, bin, g.idx(), g.val())
	case 4:
		return cdt.ListPop(bin, g.idx())
	case 5:
		return cdt.ListPopRange(bin, g.idx(), g.count())
	case 6:
		return cdt.ListRemoveRange(bin, g.idx(), g.count())
	case 7:
		return cdt.ListTrim(bin, g.idx(), g.count())
	case 8:
		if v := g.num(); v != int64(1) {
			// Client v8 cannot express an increment by other than 1 with a
			// policy: the driver refuses it before sending.
			return cdt.ListIncrement(bin, g.idx(), v)
		}
		return cdt.ListIncrementWithPolicy(lp, bin, g.idx(), int64(1))
	case 9:
		return cdt.ListSort(bin, cdt.ListSortFlags(g.n(4)))
	case 10:
		return cdt.ListSetOrder(bin, cdt.ListOrder(g.n(2)))
	case 11:
		return cdt.ListGetByIndexRangeCount(bin, g.idx(), g.count(), g.rt(false))
	case 12:
		return cdt.ListGetByRankRange(bin, g.idx(), g.rt(false))
	case 13:
		return cdt.ListGetByValue(bin, g.val(), g.rt(false))
	case 14:
		return cdt.ListRemoveByValueRange(bin, g.val(), g.val(), g.rt(false))
	case 15:
		return cdt.ListGetByValueRelativeRankRangeCount(bin, g.val(), g.idx(), g.count(), g.rt(false))
	case 16:
		return cdt.ListRemoveByIndex(bin, g.idx(), g.rt(false))
	case 17:
		return cdt.ListGetByValueList(bin, g.vals(), g.rt(false))
	case 18:
		return cdt.ListRemoveByValueList(bin, g.vals(), g.rt(false))
	case 19:
		return cdt.ListGetByRank(bin, g.idx(), g.rt(false))
	case 20:
		return cdt.ListRemoveByRankRangeCount(bin, g.idx(), g.count(), g.rt(false))
	case 21:
		return cdt.ListGetByIndexRange(bin, g.idx(), g.rt(false))
	case 22:
		return cdt.ListRemoveByValueRelativeRankRange(bin, g.val(), g.idx(), g.rt(false))
	case 23:
		return cdt.ListGetByValueRange(bin, g.val(), g.val(), g.rt(false))
	case 24:
		return cdt.ListGet(bin, g.idx())
	case 25:
		return cdt.ListGetRange(bin, g.idx(), g.count())
	case 26:
		return cdt.ListSize(bin)
	case 27:
		return cdt.ListClear(bin)
	case 28:
		return cdt.ListCreate(bin, cdt.ListOrder(g.n(2)), g.bool())
	case 29:
		return cdt.ListRemoveByValue(bin, g.val(), g.rt(false))
	case 30:
		return cdt.ListGetByValue(bin, []any{g.val(), cdt.Wildcard}, g.rt(false))
	case 31:
		return cdt.ListRemoveByIndexRangeCount(bin, g.idx(), g.count(), g.rt(false))
	case 32:
		return cdt.ListRemoveByRank(bin, g.idx(), g.rt(false))
	}
	return cdt.ListRemoveRangeFrom(bin, g.idx())
}

// noCrash drops INVERTED from the return type of a map op by key list or
// value list when the list is empty: server 8.1.2.0 crashes (SIGSEGV in
// offset_index_get_filled, from map_offset_index_check_and_fill, under
// cdt_process_state_packed_map_read_optype) on
//
//	Put(m = {"a": 2, "b": 1, 1: "x"}); Operate([MapGetByValueList("m", [], VALUE|INVERTED)])
//
// and the same with MapGetByKeyList, with KEY_VALUE, ORDERED_MAP or
// UNORDERED_MAP|INVERTED, on an unordered or a key-ordered map, in a read
// or a write transaction. The harness never sends it.
func noCrash(list []any, rt cdt.ReturnType) cdt.ReturnType {
	if len(list) == 0 {
		return rt &^ cdt.ReturnInverted
	}
	return rt
}

func (g *dgen) mapOp(bin string) cdt.Op {
	mp := g.mapPolicy()
	switch g.n(36) {
	case 0, 1:
		return cdt.MapPut(mp, bin, g.mkey(), g.val())
	case 2:
		items := map[any]any{}
		for range 1 + g.n(3) {
			items[g.mkey()] = g.val()
		}
		return cdt.MapPutItems(mp, bin, items)
	case 3:
		return cdt.MapIncrement(mp, bin, g.mkey(), g.num())
	case 4:
		return cdt.MapDecrement(mp, bin, g.mkey(), g.num())
	case 5:
		return cdt.MapGetByKey(bin, g.mkey(), g.rt(true))
	case 6:
		return cdt.MapRemoveByKeyRange(bin, g.mkey(), g.mkey(), g.rt(true))
	case 7:
		return cdt.MapGetByIndexRangeCount(bin, g.idx(), g.count(), g.rt(true))
	case 8:
		return cdt.MapRemoveByRank(bin, g.idx(), g.rt(true))
	case 9:
		return cdt.MapGetByValueRange(bin, g.val(), g.val(), g.rt(true))
	case 10:
		return cdt.MapGetByKeyRelativeIndexRange(bin, g.mkey(), g.idx(), g.rt(true))
	case 11:
		return cdt.MapSetPolicy(bin, mp)
	case 12:
		return cdt.MapClear(bin)
	case 13:
		vs := g.vals()
		return cdt.MapGetByValueList(bin, vs, noCrash(vs, g.rt(true)))
	case 14:
		return cdt.MapGetByKeyList(bin, []any{g.mkey(), g.mkey()}, g.rt(true))
	case 15:
		return cdt.MapRemoveByKeyList(bin, []any{g.mkey(), g.mkey()}, g.rt(true))
	case 16:
		return cdt.MapGetByKeyRange(bin, g.mkey(), g.mkey(), g.rt(true))
	case 17:
		return cdt.MapGetByKeyRelativeIndexRangeCount(bin, g.mkey(), g.idx(), g.count(), g.rt(true))
	case 18:
		return cdt.MapGetByValue(bin, g.val(), g.rt(true))
	case 19:
		return cdt.MapRemoveByValue(bin, g.val(), g.rt(true))
	case 20:
		return cdt.MapGetByValueRelativeRankRangeCount(bin, g.val(), g.idx(), g.count(), g.rt(true))
	case 21:
		return cdt.MapRemoveByValueRelativeRankRange(bin, g.val(), g.idx(), g.rt(true))
	case 22:
		return cdt.MapGetByIndex(bin, g.idx(), g.rt(true))
	case 23:
		return cdt.MapRemoveByIndexRange(bin, g.idx(), g.rt(true))
	case 24:
		return cdt.MapGetByRank(bin, g.idx(), g.rt(true))
	case 25:
		return cdt.MapGetByRankRangeCount(bin, g.idx(), g.count(), g.rt(true))
	case 26:
		return cdt.MapRemoveByRankRange(bin, g.idx(), g.rt(true))
	case 27:
		return cdt.MapSize(bin)
	case 28:
		return cdt.MapCreate(bin, pick(g, cdt.MapUnordered, cdt.MapKeyOrdered, cdt.MapKeyValueOrdered))
	case 29:
		return cdt.MapRemoveByKey(bin, g.mkey(), g.rt(true))
	case 30:
		vs := g.vals()
		return cdt.MapRemoveByValueList(bin, vs, noCrash(vs, g.rt(true)))
	case 31:
		return cdt.MapRemoveByValueRange(bin, g.val(), g.val(), g.rt(true))
	case 32:
		return cdt.MapRemoveByIndexRangeCount(bin, g.idx(), g.count(), g.rt(true))
	case 33:
		return cdt.MapGetByIndexRange(bin, g.idx(), g.rt(true))
	case 34:
		return cdt.MapRemoveByKeyRelativeIndexRange(bin, g.mkey(), g.idx(), g.rt(true))
	}
	return cdt.MapGetByValueRelativeRankRange(bin, g.val(), g.idx(), g.rt(true))
}

// cdtOp is a list or map op on "l" or "m" (sometimes on the other bin, or
// another type's bin), in a context one time in three.
func (g *dgen) cdtOp() cdt.Op {
	var op cdt.Op
	if g.bool() {
		op = g.listOp(pick(g, "l", "l", "l", "m", "i"))
	} else {
		op = g.mapOp(pick(g, "m", "m", "m", "l", "s"))
	}
	if g.chance(3) {
		if cs := g.ctxs(); len(cs) > 0 {
			op = op.In(cs...)
		}
	}
	return op
}

func genCDT(g *dgen) *dcmd {
	k := g.keyIdx()
	var ops []cdt.Op
	for range 1 + g.n(3) {
		ops = append(ops, g.cdtOp())
	}
	wp := g.writePolicy()
	if g.chance(2) {
		wp = nil
	}
	return &dcmd{family: "cdt", desc: fmt.Sprintf("Operate(key%d, %s, %v)", k, fmtWP(wp), ops),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			dops := make([]driver.Operation, len(ops))
			for i, op := range ops {
				dops[i] = op.Operation()
			}
			return recOut(tg.conn.Operate(ctx, wp, p.keys[k], dops))
		}}
}
