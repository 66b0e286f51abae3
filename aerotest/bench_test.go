package aerotest

import (
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
)

// Benchmarks of the raw client against the server, over loopback TCP:
//
//	go test -run=NONE -bench=. -benchtime=1s ./aerotest

func benchClient(b *testing.B) *as.Client {
	s := NewServer(b, WithOptions(Options{Logf: b.Logf}))
	c, err := as.NewClient(s.Host(), s.Port())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	return c
}

func BenchmarkClientPut(b *testing.B) {
	c := benchClient(b)
	k, _ := as.NewKey("test", "bench", "k")
	bins := as.BinMap{"a": 1, "s": "some string value", "f": 1.5}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.Put(nil, k, bins); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkClientGet(b *testing.B) {
	c := benchClient(b)
	k, _ := as.NewKey("test", "bench", "k")
	if err := c.Put(nil, k, as.BinMap{"a": 1, "s": "some string value", "f": 1.5}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Get(nil, k); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkClientGetParallel(b *testing.B) {
	c := benchClient(b)
	k, _ := as.NewKey("test", "bench", "k")
	if err := c.Put(nil, k, as.BinMap{"a": 1, "s": "some string value", "f": 1.5}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Get(nil, k); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
