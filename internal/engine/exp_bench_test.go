package engine

import (
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// BenchmarkFilter measures building (type-checking) and evaluating a
// filter of two comparisons on a record, the work a filtered Get adds.
func BenchmarkFilter(b *testing.B) {
	f := exp.And(
		exp.GreaterEq(exp.IntBin("age"), exp.IntVal(18)),
		exp.Eq(exp.StringBin("city"), exp.StringVal("Paris")),
	)
	r := &record{set: "s", bins: driver.Bins{"name": "ann", "age": int64(30), "city": "Paris"}}
	var d driver.Digest
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := buildFilter(f); err != nil {
				b.Fatal(err)
			}
		}
	})
	p, _ := buildFilter(f)
	b.Run("eval", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			er := evalRecOf(d, r, r.bins, 0, 0)
			if !p.matches(&er) {
				b.Fatal("no match")
			}
		}
	})
}
