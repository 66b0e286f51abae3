package aerotest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
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

// FastForward is one clock for a Session: on the memory backend (above),
// on a Server's DSN and on a Cluster's, whose nodes share the clock; a
// Session on an address no open Server listens on is refused.
func TestFastForwardSessionOnServer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	open := func(t *testing.T, dsn string) *aero.Session {
		s, err := aero.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	for _, tc := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"server", func(t *testing.T) string { return aerotest.NewServer(t).DSN() }},
		{"localhost", func(t *testing.T) string {
			return fmt.Sprintf("aerospike://localhost:%d/test", aerotest.NewServer(t).Port())
		}},
		{"cluster node 1", func(t *testing.T) string { return aerotest.NewCluster(t, 2).Node(1).DSN() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := open(t, tc.dsn(t))
			key := aero.Key{Set: "ff", Value: tc.name}
			if err := s.Put(ctx, key, aero.Bins{"v": 1}, aero.WithTTL(time.Minute)); err != nil {
				t.Fatal(err)
			}
			if err := aerotest.FastForward(s, 61*time.Second); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Get(ctx, key); !errors.Is(err, aero.ErrNotFound) {
				t.Errorf("after the TTL: err = %v, want ErrNotFound", err)
			}
		})
	}
	t.Run("closed server", func(t *testing.T) {
		t.Parallel()
		srv, err := aerotest.Run(aerotest.Options{Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		s := open(t, srv.DSN())
		_ = srv.Close()
		if err := aerotest.FastForward(s, time.Second); err == nil || !strings.Contains(err.Error(), "not a running aerotest Server") {
			t.Errorf("FastForward after the Server closed: %v", err)
		}
	})
}
