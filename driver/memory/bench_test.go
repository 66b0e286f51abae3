package memory

import (
	"context"
	"testing"

	"github.com/aerokit/aero/driver"
)

// benchConn returns a memory Conn holding n records of set "b" with an
// integer bin "v" (few distinct values) under a NUMERIC index.
func benchConn(b *testing.B, n int) driver.Conn {
	b.Helper()
	ctx := context.Background()
	c, err := Driver{}.Open(ctx, "memory://test")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.Close() })
	if err := c.CreateIndex(ctx, &driver.Index{Namespace: "test", Set: "b", Name: "b_v", Bin: "v", Type: driver.IndexNumeric}); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		k, err := driver.NewKey("test", "b", int64(i))
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Put(ctx, nil, k, driver.Bins{"v": int64(i % 10), "s": "payload"}); err != nil {
			b.Fatal(err)
		}
	}
	return c
}

func drain(b *testing.B, rows driver.Rows, want int) {
	b.Helper()
	ctx := context.Background()
	n := 0
	for {
		r, err := rows.Next(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if r == nil {
			break
		}
		n++
	}
	_ = rows.Close()
	if n != want {
		b.Fatalf("got %d records, want %d", n, want)
	}
}

// BenchmarkScan scans 10,000 records through the memory driver.
func BenchmarkScan(b *testing.B) {
	c := benchConn(b, 10000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rows, err := c.Scan(ctx, &driver.QueryRequest{Namespace: "test", Set: "b"})
		if err != nil {
			b.Fatal(err)
		}
		drain(b, rows, 10000)
	}
}

// BenchmarkQueryRange runs an integer-range query matching 3,000 of 10,000
// records through the memory driver.
func BenchmarkQueryRange(b *testing.B) {
	c := benchConn(b, 10000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rows, err := c.Query(ctx, &driver.QueryRequest{Namespace: "test", Set: "b", Filter: &driver.Filter{Bin: "v", Begin: 3, End: 5}})
		if err != nil {
			b.Fatal(err)
		}
		drain(b, rows, 3000)
	}
}
