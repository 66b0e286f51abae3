package aero_test

import (
	"context"
	"testing"

	"github.com/aerokit/aero"
)

const benchLua = `
function sum2(rec) rec['c'] = rec['a'] + rec['b']; aerospike:update(rec); return rec['c'] end
function noop(rec) return nil end
`

// BenchmarkUDF compares, on the memory backend, a record UDF that reads two
// bins and writes one with the equivalent Operate (a write of the bin),
// and measures the per-call cost of entering Lua (a function that does
// nothing) against a plain read.
func BenchmarkUDF(b *testing.B) {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.RegisterUDF(ctx, "bench.lua", []byte(benchLua)); err != nil {
		b.Fatal(err)
	}
	key := aero.Key{Set: "bench", Value: 1}
	if err := s.Put(ctx, key, aero.Bins{"a": 1, "b": 2}); err != nil {
		b.Fatal(err)
	}
	sum2 := aero.UDF{Module: "bench", Function: "sum2"}
	noop := aero.UDF{Module: "bench", Function: "noop"}
	b.Run("ApplyRead2Write1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Apply(ctx, key, sum2, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("OperateRead2Write1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			// The client-side equivalent: read both bins, write their sum.
			res, err := s.Operate(ctx, key, []aero.Op{aero.GetOp("a"), aero.GetOp("b")})
			if err != nil {
				b.Fatal(err)
			}
			a, errA := res.Int(0)
			bv, errB := res.Int(1)
			if errA != nil || errB != nil {
				b.Fatal(errA, errB)
			}
			c := a + bv
			if _, err := s.Operate(ctx, key, []aero.Op{aero.PutOp("c", c)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ApplyNoop", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Apply(ctx, key, noop, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Get(ctx, key); err != nil {
				b.Fatal(err)
			}
		}
	})
}
