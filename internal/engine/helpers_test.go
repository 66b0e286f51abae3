package engine

import (
	"errors"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
)

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// newEngine returns an engine with namespaces "test" (default TTL never) and
// "ttl" (default TTL 100s), on a manual clock at t0.
func newEngine(t testing.TB, mod ...func(*Config)) (*Engine, *ManualClock) {
	t.Helper()
	clk := NewManualClock(t0)
	cfg := Config{
		Clock: clk,
		Namespaces: []NamespaceConfig{
			{Name: "test"},
			{Name: "ttl", DefaultTTL: 100},
		},
	}
	for _, m := range mod {
		m(&cfg)
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e, clk
}

func mkKey(t testing.TB, ns, set string, uk any) *driver.Key {
	t.Helper()
	k, err := driver.NewKey(ns, set, uk)
	if err != nil {
		t.Fatalf("NewKey: %v", err)
	}
	return k
}

// wantCode fails unless err carries code (OK means err must be nil).
func wantCode(t testing.TB, err error, code driver.ResultCode) {
	t.Helper()
	if code == driver.OK {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var de *driver.Error
	if !errors.As(err, &de) {
		t.Fatalf("error = %v, want *driver.Error %s", err, code)
	}
	if de.Code != code {
		t.Fatalf("code = %s (%v), want %s", de.Code, err, code)
	}
}

func mustPut(t testing.TB, e *Engine, p *driver.WritePolicy, k *driver.Key, bins driver.Bins) {
	t.Helper()
	if err := e.Put(p, k, bins); err != nil {
		t.Fatalf("Put(%s): %v", k, err)
	}
}

func mustGet(t testing.TB, e *Engine, k *driver.Key) *driver.Record {
	t.Helper()
	r, err := e.Get(k, nil, false)
	if err != nil {
		t.Fatalf("Get(%s): %v", k, err)
	}
	return r
}
