package aero_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
)

// NoKey has no key field: any key type addresses its records.
type NoKey struct {
	Name string `aero:"name"`
}

type BytesKeyed struct {
	ID   []byte `aero:"id,key"`
	Name string `aero:"name"`
}

type UintKeyed struct {
	ID   uint16 `aero:"id,key"`
	Name string `aero:"name"`
}

// TestRepoKeyTypeChecked checks K against T's key field at NewRepo: a key
// of another kind would address another digest, so another record.
func TestRepoKeyTypeChecked(t *testing.T) {
	t.Parallel()
	s := aerotest.NewSession(t)
	tests := []struct {
		name string
		make func() error
		ok   bool
	}{
		{"string key, string K", func() error { _, err := aero.NewRepo[Account, string](s, "k"); return err }, true},
		{"string key, named string K", func() error { _, err := aero.NewRepo[Account, UserID](s, "k"); return err }, true},
		{"named string key, string K", func() error { _, err := aero.NewRepo[Named, string](s, "k"); return err }, true},
		{"string key, int K", func() error { _, err := aero.NewRepo[Account, int](s, "k"); return err }, false},
		{"string key, []byte K", func() error { _, err := aero.NewRepo[Account, []byte](s, "k"); return err }, false},
		{"int64 key, int K", func() error { _, err := aero.NewRepo[Profile, int](s, "k"); return err }, true},
		{"int64 key, uint8 K", func() error { _, err := aero.NewRepo[Profile, uint8](s, "k"); return err }, true},
		{"int64 key, string K", func() error { _, err := aero.NewRepo[Profile, string](s, "k"); return err }, false},
		{"uint16 key, int64 K", func() error { _, err := aero.NewRepo[UintKeyed, int64](s, "k"); return err }, true},
		{"[]byte key, []byte K", func() error { _, err := aero.NewRepo[BytesKeyed, []byte](s, "k"); return err }, true},
		{"[]byte key, string K", func() error { _, err := aero.NewRepo[BytesKeyed, string](s, "k"); return err }, false},
		{"no key field, int K", func() error { _, err := aero.NewRepo[NoKey, int](s, "k"); return err }, true},
	}
	for _, tt := range tests {
		err := tt.make()
		switch {
		case tt.ok && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case !tt.ok && !errors.Is(err, aero.ErrInvalidArgument):
			t.Errorf("%s: err = %v, want ErrInvalidArgument", tt.name, err)
		case !tt.ok && !strings.Contains(err.Error(), "key field"):
			t.Errorf("%s: error %q does not name the key field", tt.name, err)
		}
	}
	// A typed key reaches the record the struct's key wrote.
	ctx := context.Background()
	r, err := aero.NewRepo[UintKeyed, int](s, "uk")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Put(ctx, &UintKeyed{ID: 7, Name: "seven"}); err != nil {
		t.Fatal(err)
	}
	if got, err := r.Get(ctx, 7); err != nil || got.Name != "seven" || got.ID != 7 {
		t.Errorf("Get(7) = %+v, %v", got, err)
	}
}

func TestNewRepoOfNonStruct(t *testing.T) {
	t.Parallel()
	s := aerotest.NewSession(t)
	_, err := aero.NewRepo[int, string](s, "x")
	if !errors.Is(err, aero.ErrInvalidArgument) || strings.Contains(err.Error(), "Repo[int]") || !strings.Contains(err.Error(), "not a struct") {
		t.Errorf("NewRepo[int]: %v; want a plain 'not a struct'", err)
	}
	_, err = aero.NewRepo[*Account, string](s, "x")
	if !errors.Is(err, aero.ErrInvalidArgument) || !strings.Contains(err.Error(), "aero_test.Account") {
		t.Errorf("NewRepo[*Account]: %v; want the struct type suggested", err)
	}
}

// TestDigestAddressing reads and deletes records written without their
// user key, found by a scan, by digest: through the Repo and through the
// Session's Key.
func TestDigestAddressing(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r := accounts(t, s)
		for _, id := range []string{"d1", "d2"} {
			if err := r.Put(ctx, &Account{ID: id, Owner: "o-" + id}, aero.WithSendKey(false)); err != nil {
				t.Fatal(err)
			}
		}
		var keys []aero.Key
		for rec, err := range s.Scan(ctx, r.Set()) {
			if err != nil {
				t.Fatal(err)
			}
			if rec.Key.Value != nil || rec.Key.Digest == (aero.Digest{}) {
				t.Fatalf("scanned key = %+v, want a digest and no value", rec.Key)
			}
			keys = append(keys, rec.Key)
		}
		if len(keys) != 2 {
			t.Fatalf("scan found %d records, want 2", len(keys))
		}
		for _, k := range keys {
			a, err := r.GetByDigest(ctx, k.Digest)
			if err != nil || !strings.HasPrefix(a.Owner, "o-") || a.ID != "" || a.Gen != 1 {
				t.Errorf("GetByDigest = %+v, %v", a, err)
			}
		}
		if rec, err := s.Get(ctx, keys[0]); err != nil || rec.Key.Digest != keys[0].Digest {
			t.Errorf("Session.Get by digest = %+v, %v", rec, err)
		}
		if existed, err := r.DeleteByDigest(ctx, keys[0].Digest); err != nil || !existed {
			t.Errorf("DeleteByDigest = %v, %v", existed, err)
		}
		if existed, err := s.Delete(ctx, keys[1]); err != nil || !existed {
			t.Errorf("Session.Delete by digest = %v, %v", existed, err)
		}
		if _, err := r.GetByDigest(ctx, keys[0].Digest); !errors.Is(err, aero.ErrNotFound) {
			t.Errorf("GetByDigest after delete: %v", err)
		}
		// A key whose digest is not its value's is refused.
		bad := r.Key("neither d1 nor d2")
		bad.Digest = keys[0].Digest
		if _, err := s.Get(ctx, bad); !errors.Is(err, aero.ErrInvalidArgument) {
			t.Errorf("Get with a mismatched digest: %v", err)
		}
		if _, err := s.Get(ctx, aero.Key{Set: r.Set()}); !errors.Is(err, aero.ErrInvalidArgument) {
			t.Errorf("Get with neither value nor digest: %v", err)
		}
	})
}

// writeRecorder records the Name and Write of every call.
type writeRecorder struct {
	mu    sync.Mutex
	calls []string
}

func (h *writeRecorder) Before(ctx context.Context, info *aero.OpInfo) context.Context {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, fmt.Sprintf("%s/%s", info.Name, info.Write))
	return ctx
}

func (h *writeRecorder) After(context.Context, *aero.OpInfo, error, time.Duration) {}

func (h *writeRecorder) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.calls
	h.calls = nil
	return out
}

// TestHooksSeeWhichWrite checks that hooks learn the kind of every write.
func TestHooksSeeWhichWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := &writeRecorder{}
	s := aerotest.NewSession(t, aero.WithHooks(h))
	r, err := aero.NewRepo[Account, string](s, "w")
	if err != nil {
		t.Fatal(err)
	}
	k := r.Key("s1")
	tests := []struct {
		call func() error
		want []string
	}{
		{func() error { return s.Insert(ctx, k, aero.Bins{"a": 1}) }, []string{"PUT/insert"}},
		{func() error { return s.Put(ctx, k, aero.Bins{"a": 1}) }, []string{"PUT/put"}},
		{func() error { return s.Update(ctx, k, aero.Bins{"a": 1}) }, []string{"PUT/update"}},
		{func() error { return s.Replace(ctx, k, aero.Bins{"a": 1}) }, []string{"PUT/replace"}},
		{func() error { return s.ReplaceExisting(ctx, k, aero.Bins{"a": 1}) }, []string{"PUT/replace-existing"}},
		{func() error { return r.Insert(ctx, &Account{ID: "r1", Owner: "x"}) }, []string{"PUT/insert"}},
		{func() error { return r.Update(ctx, &Account{ID: "r1", Owner: "y", Gen: 1}) }, []string{"PUT/update"}},
		{func() error { return r.Replace(ctx, &Account{ID: "r1", Owner: "z"}) }, []string{"PUT/replace"}},
		{func() error { return r.Put(ctx, &Account{ID: "r1", Owner: "w"}) }, []string{"PUT/put"}},
		{func() error {
			_, err := r.Modify(ctx, "r1", func(a *Account) error { a.Balance++; return nil })
			return err
		}, []string{"GET/", "PUT/modify"}},
		{func() error {
			_, err := r.ModifyOrCreate(ctx, "r2", func(a *Account) error { a.Balance++; return nil })
			return err
		}, []string{"GET/", "PUT/insert"}},
		{func() error { _, err := r.BatchPut(ctx, []*Account{{ID: "b", Owner: "b"}}); return err }, []string{"BATCH PUT/put"}},
		{func() error { _, err := s.Delete(ctx, k); return err }, []string{"DELETE/"}},
	}
	for i, tt := range tests {
		if err := tt.call(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if got := h.take(); !slices.Equal(got, tt.want) {
			t.Errorf("call %d: hooks saw %q, want %q", i, got, tt.want)
		}
	}
}

// TestBatchBadKeyIsARecordOutcome checks that a record refused before the
// call is that record's *Error, and the others are still sent.
func TestBatchBadKeyIsARecordOutcome(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	good := aero.Key{Set: "bk", Value: "a"}
	if err := s.Put(ctx, good, aero.Bins{"x": 1}); err != nil {
		t.Fatal(err)
	}
	res, err := s.BatchGet(ctx, []aero.Key{good, {Set: "bk", Value: 1.5}})
	if err != nil {
		t.Fatalf("BatchGet: %v; want the call to succeed", err)
	}
	var ae *aero.Error
	if !res[0].Found || !errors.As(res[1].Err, &ae) || !errors.Is(res[1].Err, aero.ErrInvalidArgument) ||
		ae.Op != aero.CmdBatchGet || !strings.Contains(ae.Error(), "record 1") {
		t.Errorf("results = %+v (err %v)", res, res[1].Err)
	}
	r, _ := aero.NewRepo[Account, string](s, "bk")
	items, err := r.BatchPut(ctx, []*Account{{ID: "ok", Owner: "o"}, nil})
	if err != nil || !items[0].Found || !errors.As(items[1].Err, &ae) || !errors.Is(items[1].Err, aero.ErrInvalidArgument) {
		t.Errorf("BatchPut with a nil value = %+v, %v", items, err)
	}
	if _, err := r.Get(ctx, "ok"); err != nil {
		t.Errorf("the good record was not written: %v", err)
	}
}

// TestModifyOrCreate creates a missing record once, under contention, and
// generation-checks every write after.
func TestModifyOrCreate(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r := accounts(t, s)
		const workers, each = 8, 10
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for range each {
					_, err := r.ModifyOrCreate(ctx, "c", func(a *Account) error {
						if a.ID != "c" {
							return fmt.Errorf("ID = %q, want the key", a.ID)
						}
						a.Balance++
						return nil
					}, aero.WithConflictRetries(1000))
					if err != nil {
						t.Errorf("ModifyOrCreate: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()
		got, err := r.Get(ctx, "c")
		if err != nil {
			t.Fatal(err)
		}
		if got.Balance != workers*each || got.Gen != workers*each {
			t.Errorf("Balance %d, Gen %d; want %d and %d", got.Balance, got.Gen, workers*each, workers*each)
		}
		// Modify still refuses a missing record.
		if _, err := r.Modify(ctx, "none", func(*Account) error { return nil }); !errors.Is(err, aero.ErrNotFound) {
			t.Errorf("Modify of a missing record: %v", err)
		}
	})
}

// TestModifyBackoffHonoursContext: a Modify that keeps losing waits
// between attempts, and the wait ends when the context does.
func TestModifyBackoffHonoursContext(t *testing.T) {
	t.Parallel()
	s := aerotest.NewSession(t)
	r, _ := aero.NewRepo[Account, string](s, "bo")
	bg := context.Background()
	if err := r.Put(bg, &Account{ID: "m"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
	defer cancel()
	calls := 0
	start := time.Now()
	_, err := r.Modify(ctx, "m", func(a *Account) error {
		calls++
		// Another writer wins every race.
		return r.Put(bg, &Account{ID: "m", Balance: int64(calls)}, aero.WithGeneration(a.Gen))
	}, aero.WithConflictRetries(1000), aero.WithBackoff(time.Minute, time.Minute))
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, aero.ErrTimeout) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Modify returned after %v: the backoff ignored the context", elapsed)
	}
	if calls < 1 || calls > 3 {
		t.Errorf("fn ran %d times in 100ms with minute-long backoffs", calls)
	}
	// Without backoff, the retries run at once.
	calls = 0
	_, err = r.Modify(bg, "m", func(a *Account) error {
		calls++
		return r.Put(bg, &Account{ID: "m", Balance: int64(calls)}, aero.WithGeneration(a.Gen))
	}, aero.WithConflictRetries(4), aero.WithBackoff(0, 0))
	if !errors.Is(err, aero.ErrGeneration) || calls != 5 {
		t.Errorf("err = %v after %d calls, want ErrGeneration after 5", err, calls)
	}
	if _, err := r.Modify(bg, "m", func(*Account) error { return nil }, aero.WithGeneration(1)); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("Modify WithGeneration: %v, want ErrInvalidArgument", err)
	}
}

func TestTypedHelpers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	r, _ := aero.NewRepo[Account, string](s, "th")
	if err := r.Put(ctx, &Account{ID: "h", Owner: "ada", Balance: 5}); err != nil {
		t.Fatal(err)
	}
	// Decode a *Record into T outside a Repo.
	rec, err := s.Get(ctx, r.Key("h"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := aero.Decode[Account](rec)
	if err != nil || a.ID != "h" || a.Owner != "ada" || a.Balance != 5 || a.Gen != 1 || a.TTL != rec.TTL || a.TTL == 0 {
		t.Errorf("Decode = %+v, %v", a, err)
	}
	rec.Bins["balance"] = "NaN"
	if _, err := aero.Decode[Account](rec); !errors.Is(err, aero.ErrDecode) || !strings.Contains(err.Error(), `key="h"`) {
		t.Errorf("Decode of a bad record: %v", err)
	}
	// A Go field to its bin.
	if b, err := aero.BinName[Account]("Balance"); err != nil || b != "balance" {
		t.Errorf("BinName(Balance) = %q, %v", b, err)
	}
	if _, err := aero.BinName[Account]("Nope"); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("BinName(Nope): %v", err)
	}
	// Repo.Add names the Go field.
	if n, err := r.Add(ctx, "h", "Balance", 3); err != nil || n != 8 {
		t.Errorf("Add(Balance, 3) = %d, %v; want 8", n, err)
	}
	if _, err := r.Add(ctx, "h", "balance", 3); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("Add with a bin name, not a field: %v", err)
	}
	// Collect an iterator into a slice.
	all, err := aero.Collect(r.Scan(ctx))
	if err != nil || len(all) != 1 || all[0].Balance != 8 {
		t.Errorf("Collect = %+v, %v", all, err)
	}
}

func TestErrorQuotesNamespaceAndSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e    *aero.Error
		want string
	}{
		{&aero.Error{Op: "GET", Namespace: "test", Set: "users", Key: `"a"`, Code: 2}, `aero: GET test.users key="a": record not found`},
		{&aero.Error{Op: "GET", Namespace: "te\x1b[31mst", Set: "u\nx", Code: 2}, `aero: GET "te\x1b[31mst"."u\nx": record not found`},
		{&aero.Error{Op: "GET", Namespace: "a.b", Code: 2}, `aero: GET "a.b": record not found`},
	}
	for _, tt := range tests {
		got := tt.e.Error()
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("Error() = %q, want prefix %q", got, tt.want)
		}
		for _, c := range got {
			if c < 0x20 || c == 0x7f {
				t.Errorf("Error() = %q holds control byte %#x", got, c)
			}
		}
	}
}
