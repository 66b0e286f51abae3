package memory

import (
	"context"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// BenchmarkGetFiltered compares a Get with a filter expression with a plain
// Get of the same record, side by side (target: filtered within 1.3x).
func BenchmarkGetFiltered(b *testing.B) {
	conn, err := Driver{}.Open(context.Background(), "memory://test")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = conn.Close() })
	ctx := context.Background()
	k, _ := driver.NewKey("test", "bench", "k")
	if err := conn.Put(ctx, &driver.WritePolicy{}, k, driver.Bins{"name": "ann", "age": int64(30), "city": "Paris"}); err != nil {
		b.Fatal(err)
	}
	filter := exp.And(
		exp.GreaterEq(exp.IntBin("age"), exp.IntVal(18)),
		exp.Eq(exp.StringBin("city"), exp.StringVal("Paris")),
	)
	for _, c := range []struct {
		name string
		p    *driver.ReadPolicy
	}{
		{"plain", &driver.ReadPolicy{}},
		{"filtered", &driver.ReadPolicy{FilterExp: filter}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := conn.Get(ctx, c.p, k, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
