package engine

import (
	"sync/atomic"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
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

// BenchmarkPutIndexed measures a Put into a set with no index, a bin index
// and an expression index: every write keeps the record's in_sindex bit
// (Engine.store), which reads what each index of the set holds of it.
func BenchmarkPutIndexed(b *testing.B) {
	for _, c := range []struct {
		name string
		idx  *driver.Index
	}{
		{"none", nil},
		{"bin", &driver.Index{Namespace: "test", Set: "bench", Name: "bench_n", Bin: "n", Type: driver.IndexNumeric}},
		{"exp", &driver.Index{Namespace: "test", Set: "bench", Name: "bench_x", Exp: exp.NumAdd(exp.IntBin("n"), exp.IntVal(1)), Type: driver.IndexNumeric}},
	} {
		b.Run(c.name, func(b *testing.B) {
			e, _ := newEngine(b)
			if c.idx != nil {
				if err := e.CreateIndex(c.idx); err != nil {
					b.Fatal(err)
				}
			}
			keys := benchKeys(b, 1024)
			bins := driver.Bins{"name": "some value", "n": int64(42)}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := e.Put(nil, keys[i%len(keys)], bins); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
