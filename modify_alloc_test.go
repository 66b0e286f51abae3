package aero_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
)

// conflictConn fails the next n Operate calls with a generation conflict,
// with one error made in advance, as if another writer won each race.
type conflictConn struct {
	driver.Conn
	n   atomic.Int32
	err error
}

func (c *conflictConn) Operate(ctx context.Context, p *driver.WritePolicy, k *driver.Key, ops []driver.Operation) (*driver.Record, error) {
	if c.n.Add(-1) >= 0 {
		return nil, c.err
	}
	return c.Conn.Operate(ctx, p, k, ops)
}

// TestModifyRetryAllocations: a retry costs what its read, fn and write
// need, no more than the first attempt: the key, the policy, the value and
// the operation slice are made once per Modify.
func TestModifyRetryAllocations(t *testing.T) {
	ctx := context.Background()
	conn := &conflictConn{Conn: aerotest.NewSession(t).Conn(), err: &driver.Error{Code: driver.GenerationError}}
	s := aero.NewSession(conn)
	r, err := aero.NewRepo[Account, string](s, "alloc")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Put(ctx, &Account{ID: "k"}); err != nil {
		t.Fatal(err)
	}
	fn := func(a *Account) error { a.Balance++; return nil }
	modify := func(conflicts int32) float64 {
		return testing.AllocsPerRun(200, func() {
			conn.n.Store(conflicts)
			if _, err := r.Modify(ctx, "k", fn, aero.WithBackoff(0, 0)); err != nil {
				t.Fatal(err)
			}
		})
	}
	once, retried := modify(0), modify(4)
	perRetry := (retried - once) / 4
	t.Logf("Modify: %.0f allocations; each retry: %.1f", once, perRetry)
	// A retry makes its read, its value's bins, its write and the *Error
	// of the conflict; the key, the policy, the options, the value and the
	// operation slice (at least 3 allocations) are made once per Modify.
	if perRetry+3 > once {
		t.Errorf("a retry allocates %.1f times, a whole Modify %.0f: retries redo the per-call setup", perRetry, once)
	}
}
