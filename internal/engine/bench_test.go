package engine

import (
	"sync/atomic"
	"testing"

	"github.com/aerokit/aero/driver"
)

func benchKeys(b *testing.B, n int) []*driver.Key {
	keys := make([]*driver.Key, n)
	for i := range keys {
		keys[i] = mkKey(b, "test", "bench", int64(i))
	}
	return keys
}

func BenchmarkPutParallel(b *testing.B) {
	e, _ := newEngine(b)
	keys := benchKeys(b, 1024)
	var next atomic.Uint64
	bins := driver.Bins{"name": "some value", "n": int64(42)}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			k := keys[next.Add(1)%uint64(len(keys))]
			if err := e.Put(nil, k, bins); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkGetParallel(b *testing.B) {
	e, _ := newEngine(b)
	keys := benchKeys(b, 1024)
	for _, k := range keys {
		mustPut(b, e, nil, k, driver.Bins{"name": "some value", "n": int64(42)})
	}
	var next atomic.Uint64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			k := keys[next.Add(1)%uint64(len(keys))]
			if _, err := e.Get(k, nil, false); err != nil {
				b.Fatal(err)
			}
		}
	})
}
