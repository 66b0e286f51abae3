package aero_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
)

// BenchmarkModifyContention runs Repo.Modify from 8 goroutines on one key
// of the memory backend and reports the throughput in modifies per second
// (every call succeeds: the retry limit is high enough never to give up).
func BenchmarkModifyContention(b *testing.B) {
	const workers = 8
	ctx := context.Background()
	s := aerotest.NewSession(b)
	r, err := aero.NewRepo[Account, string](s, "bench")
	if err != nil {
		b.Fatal(err)
	}
	if err := r.Put(ctx, &Account{ID: "hot"}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		n := b.N / workers
		if w < b.N%workers {
			n++
		}
		wg.Go(func() {
			for range n {
				if _, err := r.Modify(ctx, "hot", func(a *Account) error { a.Balance++; return nil },
					aero.WithConflictRetries(1<<20)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "ops/s")
}
