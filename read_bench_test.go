package aero

import (
	"context"
	"testing"

	"github.com/aerokit/aero/exp"
)

// BenchmarkSessionGetFilter compares, side by side on the memory backend,
// a plain Session.Get with one filtered by an expression the record
// matches (issue 10's target: at most 1.3 times the plain Get).
func BenchmarkSessionGetFilter(b *testing.B) {
	s := newBenchSession(b)
	ctx := context.Background()
	k := Key{Set: "users", Value: "u1"}
	if err := s.Put(ctx, k, Bins{"a": 1, "age": 30}); err != nil {
		b.Fatal(err)
	}
	adult := WithFilterExp(exp.GreaterEq(exp.IntBin("age"), exp.IntVal(18)))
	for _, c := range []struct {
		name string
		opts []ReadOption
	}{{"plain", nil}, {"filtered", []ReadOption{adult}}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Get(ctx, k, c.opts...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
