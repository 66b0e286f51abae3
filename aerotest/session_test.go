package aerotest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
)

func TestNewSessionExpiresWithFastForward(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	key := aero.Key{Set: "sessions", Value: "tok"}
	if err := s.Put(ctx, key, aero.Bins{"user": "ada"}, aero.WithTTL(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := aerotest.FastForward(s, 59*time.Second); err != nil {
		t.Fatal(err)
	}
	rec, err := s.GetHeader(ctx, key)
	if err != nil {
		t.Fatalf("record expired early: %v", err)
	}
	if rec.TTL > time.Second {
		t.Errorf("TTL after 59s of a minute = %v", rec.TTL)
	}
	if err := aerotest.FastForward(s, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, key); !errors.Is(err, aero.ErrNotFound) {
		t.Errorf("after the TTL: err = %v, want ErrNotFound", err)
	}
}

func TestFastForwardRejectsOtherDrivers(t *testing.T) {
	t.Parallel()
	srv := aerotest.NewServer(t)
	s, err := aero.Open(context.Background(), srv.DSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := aerotest.FastForward(s, time.Second); err == nil {
		t.Error("FastForward accepted a Session on the Aerospike driver")
	}
}
