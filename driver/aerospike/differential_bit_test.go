package aerospike_test

// The bit and HLL family of the differential harness: every bit operation on
// blob bin "b" (offsets, sizes, write, resize and overflow flags, signed
// and unsigned) and every HLL operation on bin "h" (bits, flags, unions
// with other sketches).

import (
	"context"
	"fmt"
	"strings"

	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
)

func init() {
	registerFamily(3, genBit)
	registerFamily(3, genHLL)
}

func (g *dgen) bitFlags() bitop.WriteFlags { return bitop.WriteFlags(g.n(16)) }

func (g *dgen) bitOffset() int { return pick(g, 0, 0, 1, 3, 7, 8, 12, 16, 31, -1, -8, -9, 40, 64) }

func (g *dgen) bitSize() int { return pick(g, 0, 1, 3, 4, 8, 9, 16, 17, 32, 63, 64, 65) }

func (g *dgen) byteOffset() int { return pick(g, 0, 0, 1, 2, 3, -1, -2, 5, 8) }

func (g *dgen) byteSize() int { return pick(g, 0, 1, 2, 3, 4, 8, 16) }

func (g *dgen) bitBytes() []byte {
	return pick(g, []byte{}, []byte{0xff}, []byte{0x80, 0x01}, []byte{0x0f, 0xf0, 0x55}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
}

func (g *dgen) bitOp() bitop.Op {
	bin := pick(g, "b", "b", "b", "b", "s", "i", "nb")
	f := g.bitFlags()
	switch g.n(18) {
	case 0:
		return bitop.Resize(f, bin, g.byteSize(), bitop.ResizeFlags(g.n(8)))
	case 1:
		return bitop.Insert(f, bin, g.byteOffset(), g.bitBytes())
	case 2:
		return bitop.Remove(f, bin, g.byteOffset(), g.byteSize())
	case 3:
		return bitop.Set(f, bin, g.bitOffset(), g.bitSize(), g.bitBytes())
	case 4:
		return bitop.Or(f, bin, g.bitOffset(), g.bitSize(), g.bitBytes())
	case 5:
		return bitop.Xor(f, bin, g.bitOffset(), g.bitSize(), g.bitBytes())
	case 6:
		return bitop.And(f, bin, g.bitOffset(), g.bitSize(), g.bitBytes())
	case 7:
		return bitop.Not(f, bin, g.bitOffset(), g.bitSize())
	case 8:
		return bitop.LShift(f, bin, g.bitOffset(), g.bitSize(), g.n(70))
	case 9:
		return bitop.RShift(f, bin, g.bitOffset(), g.bitSize(), g.n(70))
	case 10:
		return bitop.Add(f, bin, g.bitOffset(), g.bitSize(), pick[int64](g, 0, 1, 7, 255, -1, 1<<40), g.bool(), pick(g, bitop.OverflowFail, bitop.OverflowSaturate, bitop.OverflowWrap))
	case 11:
		return bitop.Subtract(f, bin, g.bitOffset(), g.bitSize(), pick[int64](g, 0, 1, 7, 255, -1), g.bool(), pick(g, bitop.OverflowFail, bitop.OverflowSaturate, bitop.OverflowWrap))
	case 12:
		return bitop.SetInt(f, bin, g.bitOffset(), g.bitSize(), pick[int64](g, 0, 1, -1, 255, 1<<62))
	case 13:
		return bitop.Get(bin, g.bitOffset(), g.bitSize())
	case 14:
		return bitop.Count(bin, g.bitOffset(), g.bitSize())
	case 15:
		return bitop.LScan(bin, g.bitOffset(), g.bitSize(), g.bool())
	case 16:
		return bitop.RScan(bin, g.bitOffset(), g.bitSize(), g.bool())
	}
	return bitop.GetInt(bin, g.bitOffset(), g.bitSize(), g.bool())
}

func genBit(g *dgen) *dcmd {
	k := g.keyIdx()
	var ops []bitop.Op
	for range 1 + g.n(3) {
		ops = append(ops, g.bitOp())
	}
	return &dcmd{family: "bit", desc: fmt.Sprintf("Operate(key%d, %v)", k, ops),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			dops := make([]driver.Operation, len(ops))
			for i, op := range ops {
				dops[i] = op.Operation()
			}
			return recOut(tg.conn.Operate(ctx, nil, p.keys[k], dops))
		}}
}

// diffHLLs are sketches of a few shapes for unions, made by the hll
// package (the server's layout).
var diffHLLs = func() []hll.HLL {
	mk := func(ib, mb int, elems ...any) hll.HLL {
		h := hll.New(ib, mb)
		for _, e := range elems {
			b, err := hll.Element(e)
			if err != nil {
				panic(err)
			}
			hll.Insert(h, b)
		}
		return h
	}
	return []hll.HLL{
		mk(4, 0, "a", "b"),
		mk(8, 0, "a", "x", int64(1)),
		mk(8, 4, "a", "b", "c"),
		mk(10, 16, "y"),
		mk(16, 0),
	}
}()

func (g *dgen) hlls() []hll.HLL {
	hs := make([]hll.HLL, 1+g.n(2))
	for i := range hs {
		hs[i] = diffHLLs[g.n(len(diffHLLs))]
	}
	return hs
}

func (g *dgen) hllBits() (int, int) {
	return pick(g, hll.DefaultBits, 4, 8, 10, 16, 3, 17), pick(g, hll.DefaultBits, 0, 4, 16, 51, 52)
}

func (g *dgen) hllElems() []any {
	es := make([]any, g.n(4))
	for i := range es {
		es[i] = pick[any](g, "a", "b", "c", "x", int64(1), []byte{1})
	}
	return es
}

func (g *dgen) hllOp() hll.Op {
	bin := pick(g, "h", "h", "h", "h", "i", "nh")
	f := hll.WriteFlags(g.n(16))
	switch g.n(12) {
	case 0:
		ib, mb := g.hllBits()
		return hll.Init(bin, ib, mb, f)
	case 1, 2:
		ib, mb := g.hllBits()
		return hll.Add(bin, g.hllElems(), ib, mb, f)
	case 3:
		return hll.SetUnion(bin, g.hlls(), f)
	case 4:
		return hll.RefreshCount(bin)
	case 5:
		return hll.Fold(bin, pick(g, 4, 8, 3, 12))
	case 6:
		return hll.GetCount(bin)
	case 7:
		return hll.GetUnion(bin, g.hlls())
	case 8:
		return hll.GetUnionCount(bin, g.hlls())
	case 9:
		return hll.GetIntersectCount(bin, g.hlls())
	case 10:
		return hll.GetSimilarity(bin, g.hlls())
	}
	// hll.MayContain has no client v8 form: the driver refuses it.
	return hll.Describe(bin)
}

// fmtHLLOp formats an HLL op with its sketches summarised.
func fmtHLLOp(o hll.Op) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s(bin %q", o.Code, o.Bin)
	for _, a := range o.Args {
		if hs, ok := a.([]any); ok && len(hs) > 0 {
			if _, isHLL := hs[0].(hll.HLL); isHLL {
				parts := make([]string, len(hs))
				for i, h := range hs {
					ib, mb := hll.Bits(h.(hll.HLL))
					parts[i] = fmt.Sprintf("hll(%d,%d,n=%d)", ib, mb, hll.Estimate(h.(hll.HLL)))
				}
				fmt.Fprintf(&b, ", [%s]", strings.Join(parts, " "))
				continue
			}
		}
		fmt.Fprintf(&b, ", %v", a)
	}
	return b.String() + ")"
}

func genHLL(g *dgen) *dcmd {
	k := g.keyIdx()
	var ops []hll.Op
	for range 1 + g.n(3) {
		ops = append(ops, g.hllOp())
	}
	descs := make([]string, len(ops))
	for i, op := range ops {
		descs[i] = fmtHLLOp(op)
	}
	return &dcmd{family: "hll", desc: fmt.Sprintf("Operate(key%d, [%s])", k, strings.Join(descs, "; ")),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			dops := make([]driver.Operation, len(ops))
			for i, op := range ops {
				dops[i] = op.Operation()
			}
			return recOut(tg.conn.Operate(ctx, nil, p.keys[k], dops))
		}}
}
