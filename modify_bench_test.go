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
// and reports the throughput in modifies per second (every call succeeds:
// the conflict retry limit is high enough never to give up), on the memory
// backend and through the wire protocol to aerotest. It uses Modify's
// default backoff.
func BenchmarkModifyContention(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchModify(b, aerotest.NewSession(b)) })
	b.Run("aerotest", func(b *testing.B) {
		s, err := aero.Open(context.Background(), aerotest.NewServer(b).DSN())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = s.Close() })
		benchModify(b, s)
	})
}

func benchModify(b *testing.B, s *aero.Session) {
	const workers = 8
	ctx := context.Background()
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
