package aero

import (
	"context"
	"testing"

	"github.com/aerokit/aero/driver"
)

var recSink *Record

func newBenchSession(tb testing.TB, hooks ...Hook) *Session {
	tb.Helper()
	drv, ok := driver.Lookup("memory")
	if !ok {
		tb.Fatal("memory driver not registered")
	}
	conn, err := drv.Open(context.Background(), "memory://test")
	if err != nil {
		tb.Fatal(err)
	}
	s := NewSession(conn, WithHooks(hooks...))
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// TestNoHooksNoAlloc proves the hook seam free when no hook is installed:
// begin and end allocate nothing, and a Get allocates no more than the same
// Get on a Session whose hook list is empty but non-nil.
func TestNoHooksNoAlloc(t *testing.T) {
	s := newBenchSession(t)
	ctx := context.Background()
	if n := testing.AllocsPerRun(1000, func() {
		info := OpInfo{Name: CmdGet, Namespace: "test", Set: "users"}
		c, sp := s.begin(ctx, &info)
		_ = c
		sp.end(nil)
	}); n != 0 {
		t.Errorf("begin+end with no hooks: %v allocs, want 0", n)
	}
	k := Key{Set: "users", Value: "u1"}
	if err := s.Put(ctx, k, Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	get := testing.AllocsPerRun(1000, func() {
		if _, err := s.Get(ctx, k); err != nil {
			t.Fatal(err)
		}
	})
	// The same work without the seam: key, driver call, record.
	direct := testing.AllocsPerRun(1000, func() {
		dk, _ := s.key(CmdGet, k)
		r, err := s.conn.Get(ctx, nil, dk, nil)
		if err != nil {
			t.Fatal(err)
		}
		rec := s.record(r, dk)
		recSink = rec // escapes, as Get's result does
	})
	if get != direct {
		t.Errorf("Session.Get with no hooks: %v allocs, the same calls without the seam: %v", get, direct)
	}
}

// BenchmarkHookSeam measures begin+end alone: with no hook, and with one
// hook that does nothing.
func BenchmarkHookSeam(b *testing.B) {
	nop := HookFuncs{}
	for _, c := range []struct {
		name  string
		hooks []Hook
	}{{"NoHooks", nil}, {"OneNopHook", []Hook{nop}}} {
		b.Run(c.name, func(b *testing.B) {
			s := newBenchSession(b, c.hooks...)
			ctx := context.Background()
			b.ReportAllocs()
			info := OpInfo{Name: CmdGet, Namespace: "test", Set: "users"}
			for b.Loop() {
				c, sp := s.begin(ctx, &info)
				_ = c
				sp.end(nil)
			}
		})
	}
}

// BenchmarkSessionGetNoHooks is Session.Get on the memory backend with no
// hook (compare with otelaero's BenchmarkGet).
func BenchmarkSessionGetNoHooks(b *testing.B) {
	s := newBenchSession(b)
	ctx := context.Background()
	k := Key{Set: "users", Value: "u1"}
	if err := s.Put(ctx, k, Bins{"a": 1}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Get(ctx, k); err != nil {
			b.Fatal(err)
		}
	}
}

type seamUser struct {
	ID   string `aero:"id,key"`
	Name string `aero:"name"`
	Gen  uint32 `aero:",gen"`
}

var userSink *seamUser

// TestRepoSkeletonNoAlloc: with no hooks, the call skeleton costs a Repo
// call no allocation: Get allocates what the same key, driver call and
// decoding do without it.
func TestRepoSkeletonNoAlloc(t *testing.T) {
	s := newBenchSession(t)
	ctx := context.Background()
	r, err := NewRepo[seamUser, string](s, "users")
	if err != nil {
		t.Fatal(err)
	}
	u := &seamUser{ID: "u1", Name: "Ada"}
	if err := r.Put(ctx, u); err != nil {
		t.Fatal(err)
	}
	id := string([]byte("u1")) // not a constant: boxing it costs what a caller's key costs
	get := testing.AllocsPerRun(1000, func() {
		v, err := r.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		userSink = v
	})
	direct := testing.AllocsPerRun(1000, func() {
		dk, err := r.dkey(CmdGet, id)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.conn.Get(ctx, nil, dk, nil)
		if err != nil {
			t.Fatal(err)
		}
		v, err := r.decode(CmdGet, rec, dk)
		if err != nil {
			t.Fatal(err)
		}
		userSink = v
	})
	if get != direct {
		t.Errorf("Repo.Get: %v allocs, the same calls without the skeleton: %v", get, direct)
	}
}
