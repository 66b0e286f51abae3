package memory

import (
	"context"
	"fmt"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
)

// The cost of an HLL add and an HLL count on the memory backend, beside a
// Put of the same HLL bin, in one run:
//
//	go test -run XXX -bench 'HLL' -benchmem ./driver/memory

func hllBenchSeed(b *testing.B, c driver.Conn, keys []*driver.Key) hll.HLL {
	b.Helper()
	h := hll.New(12, 0)
	for i := 0; i < 1000; i++ {
		e, _ := hll.Element(fmt.Sprint("seed-", i))
		hll.Insert(h, e)
	}
	for _, k := range keys {
		if err := c.Put(context.Background(), nil, k, driver.Bins{"h": h}); err != nil {
			b.Fatal(err)
		}
	}
	return h
}

// BenchmarkHLLPut is the Put of the HLL bin (12 index bits, 3083 bytes)
// that the other HLL benchmarks change or read.
func BenchmarkHLLPut(b *testing.B) {
	c, keys := cdtBenchConn(b)
	bins := driver.Bins{"h": hllBenchSeed(b, c, keys)}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.Put(ctx, nil, keys[i%benchKeys], bins); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHLLAdd(b *testing.B) {
	c, keys := cdtBenchConn(b)
	hllBenchSeed(b, c, keys)
	ops := []driver.Operation{hll.Add("h", []any{"a", "b", int64(3)}, 12, 0, 0).Operation()}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Operate(ctx, nil, keys[i%benchKeys], ops); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHLLGetCount(b *testing.B) {
	c, keys := cdtBenchConn(b)
	hllBenchSeed(b, c, keys)
	ops := []driver.Operation{hll.GetCount("h").Operation()}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Operate(ctx, nil, keys[i%benchKeys], ops); err != nil {
			b.Fatal(err)
		}
	}
}
