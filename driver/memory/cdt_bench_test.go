package memory

import (
	"context"
	"testing"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

// The cost of a list append and of a map increment on the memory backend,
// beside a plain Put of a record of the same size, in one run:
//
//	go test -run XXX -bench 'Put|ListAppend|MapIncrement' -benchmem ./driver/memory

const benchKeys = 1024

func cdtBenchConn(b *testing.B) (driver.Conn, []*driver.Key) {
	b.Helper()
	c, err := Driver{}.Open(context.Background(), "memory://test")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.Close() })
	keys := make([]*driver.Key, benchKeys)
	for i := range keys {
		if keys[i], err = driver.NewKey("test", "bench", int64(i)); err != nil {
			b.Fatal(err)
		}
	}
	return c, keys
}

func benchList() []any {
	l := make([]any, 8)
	for i := range l {
		l[i] = int64(i)
	}
	return l
}

func benchMap() map[any]any {
	m := make(map[any]any, 8)
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		m[k] = int64(1)
	}
	return m
}

func BenchmarkPut(b *testing.B) {
	c, keys := cdtBenchConn(b)
	ctx := context.Background()
	bins := driver.Bins{"l": benchList()}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.Put(ctx, nil, keys[i%benchKeys], bins); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkListAppend(b *testing.B) {
	c, keys := cdtBenchConn(b)
	ctx := context.Background()
	reset := func() {
		for _, k := range keys {
			if err := c.Put(ctx, nil, k, driver.Bins{"l": benchList()}); err != nil {
				b.Fatal(err)
			}
		}
	}
	reset()
	ops := []driver.Operation{cdt.ListAppend("l", int64(7)).Operation()}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%(16*benchKeys) == 0 {
			// Keep the lists between 8 and 24 elements.
			b.StopTimer()
			reset()
			b.StartTimer()
		}
		if _, err := c.Operate(ctx, nil, keys[i%benchKeys], ops); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMapIncrement(b *testing.B) {
	c, keys := cdtBenchConn(b)
	ctx := context.Background()
	for _, k := range keys {
		if err := c.Put(ctx, nil, k, driver.Bins{"m": benchMap()}); err != nil {
			b.Fatal(err)
		}
	}
	ops := []driver.Operation{cdt.MapIncrement(cdt.MapPolicy{}, "m", "d", int64(1)).Operation()}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Operate(ctx, nil, keys[i%benchKeys], ops); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutMap is the Put of the record MapIncrement changes.
func BenchmarkPutMap(b *testing.B) {
	c, keys := cdtBenchConn(b)
	ctx := context.Background()
	bins := driver.Bins{"m": benchMap()}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.Put(ctx, nil, keys[i%benchKeys], bins); err != nil {
			b.Fatal(err)
		}
	}
}
