package aero_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aerokit/aero"
)

// recorder is a Hook that records what it sees.
type recorder struct {
	mu    sync.Mutex
	calls []string
}

type ctxKey struct{}

func (h *recorder) Before(ctx context.Context, info *aero.OpInfo) context.Context {
	return context.WithValue(ctx, ctxKey{}, info.Name)
}

func (h *recorder) After(ctx context.Context, info *aero.OpInfo, err error, elapsed time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	outcome := "ok"
	if err != nil {
		outcome = "err"
		if errors.Is(err, aero.ErrNotFound) {
			outcome = "notfound"
		}
	}
	if ctx.Value(ctxKey{}) != info.Name || elapsed < 0 {
		outcome = "bad-context"
	}
	h.calls = append(h.calls, fmt.Sprintf("%s %s.%s %d %s", info.Name, info.Namespace, info.Set, info.BatchSize, outcome))
}

func TestHooksSeeEveryCall(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		h := &recorder{}
		// A second Session on the same connection, with the hook.
		hs := aero.NewSession(s.Conn(), aero.WithHooks(h))
		r, err := aero.NewRepo[Account, string](hs, accounts(t, s).Set())
		if err != nil {
			t.Fatal(err)
		}
		_ = r.Put(ctx, &Account{ID: "h"})
		_, _ = r.Get(ctx, "h")
		_, _ = r.Get(ctx, "nope")
		_, _ = r.BatchGet(ctx, []string{"h", "nope"})
		for range r.Scan(ctx) {
		}
		_ = hs.Truncate(ctx, r.Set())
		target := "test." + r.Set()
		want := []string{
			"PUT " + target + " 0 ok",
			"GET " + target + " 0 ok",
			"GET " + target + " 0 notfound",
			"BATCH GET " + target + " 2 ok",
			"SCAN " + target + " 0 ok",
			"TRUNCATE " + target + " 0 ok",
		}
		if !slices.Equal(h.calls, want) {
			t.Errorf("hooks saw\n%s\nwant\n%s", strings.Join(h.calls, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestSessionLogsThroughItsLogger(t *testing.T) {
	t.Parallel()
	var buf strings.Builder
	var mu sync.Mutex
	l := slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test", aero.WithLogger(l))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	r := accounts(t, s)
	_ = r.Put(ctx, &Account{ID: "x"})
	// Lose one race on purpose: fn writes the record itself.
	first := true
	_, err = r.Modify(ctx, "x", func(a *Account) error {
		if first {
			first = false
			return r.Put(ctx, &Account{ID: "x", Balance: 9}, aero.WithGeneration(a.Gen))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	for _, want := range []string{"session opened", "driver=memory", "generation race"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
