package memory

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/aerokit/aero/driver"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func open(t *testing.T, dsn string) driver.Conn {
	t.Helper()
	drv, ok := driver.Lookup("memory")
	if !ok {
		t.Fatal("memory driver not registered")
	}
	c, err := drv.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open(%q): %v", dsn, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func key(t *testing.T, ns, set string, uk any) *driver.Key {
	t.Helper()
	k, err := driver.NewKey(ns, set, uk)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func code(err error) driver.ResultCode {
	c, _ := driver.CodeOf(err)
	return c
}

func TestOpenFreshEngines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := open(t, "memory:///?namespaces=test,bar")
	b := open(t, "memory:///?namespaces=test,bar")
	if a.Namespace() != "test" {
		t.Fatalf("Namespace = %q", a.Namespace())
	}
	k := key(t, "bar", "s", 1)
	if err := a.Put(ctx, nil, k, driver.Bins{"x": 1}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := b.Exists(ctx, nil, k); ok {
		t.Fatal("two Opens share an engine without shared=")
	}
	if err := a.Put(ctx, nil, key(t, "nope", "", 1), driver.Bins{"x": 1}); code(err) != driver.InvalidNamespace {
		t.Fatalf("unknown namespace: %v", err)
	}
	if _, err := (Driver{}).Open(ctx, "memory://"); code(err) != driver.ParameterError {
		t.Fatalf("bad DSN: %v", err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := (Driver{}).Open(done, "memory://test"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Open with done ctx: %v", err)
	}
}

func TestSharedEngine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := open(t, "memory://test?shared=TestSharedEngine")
	b := open(t, "memory://test?shared=TestSharedEngine")
	k := key(t, "test", "", "k")
	if err := a.Put(ctx, nil, k, driver.Bins{"x": 1}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := b.Exists(ctx, nil, k); !ok {
		t.Fatal("shared engine not shared")
	}
	if _, err := (Driver{}).Open(ctx, "memory://test?shared=TestSharedEngine&default-ttl=5"); code(err) != driver.ParameterError {
		t.Fatalf("shared with other options: %v", err)
	}
	_ = a.Close()
	_ = b.Close()
	c := open(t, "memory://test?shared=TestSharedEngine")
	if ok, _ := c.Exists(ctx, nil, k); ok {
		t.Fatal("engine survived the close of every Conn sharing it")
	}
}

// TestContextAndClose checks that every method reports a done context as
// its error and a closed Conn as ServerNotAvailable.
func TestContextAndClose(t *testing.T) {
	t.Parallel()
	c := open(t, "memory://test")
	k := key(t, "test", "", 1)
	calls := map[string]func(ctx context.Context) error{
		"Get":    func(ctx context.Context) error { _, err := c.Get(ctx, nil, k, nil); return err },
		"Exists": func(ctx context.Context) error { _, err := c.Exists(ctx, nil, k); return err },
		"Put":    func(ctx context.Context) error { return c.Put(ctx, nil, k, driver.Bins{"a": 1}) },
		"Delete": func(ctx context.Context) error { _, err := c.Delete(ctx, nil, k); return err },
		"Touch":  func(ctx context.Context) error { return c.Touch(ctx, nil, k) },
		"Operate": func(ctx context.Context) error {
			_, err := c.Operate(ctx, nil, k, []driver.Operation{{Type: driver.OpRead}})
			return err
		},
		"Batch": func(ctx context.Context) error { return c.Batch(ctx, nil, nil) },
		"Scan": func(ctx context.Context) error {
			_, err := c.Scan(ctx, &driver.QueryRequest{Namespace: "test"})
			return err
		},
		"Query": func(ctx context.Context) error {
			_, err := c.Query(ctx, &driver.QueryRequest{Namespace: "test", Filter: &driver.Filter{Bin: "a", Equal: int64(1)}})
			return err
		},
		"CreateIndex": func(ctx context.Context) error {
			return c.CreateIndex(ctx, &driver.Index{Namespace: "test", Name: "i", Bin: "a", Type: driver.IndexNumeric})
		},
		"DropIndex": func(ctx context.Context) error { return c.DropIndex(ctx, "test", "i") },
		"Truncate":  func(ctx context.Context) error { return c.Truncate(ctx, "test", "", time.Time{}) },
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	for name, call := range calls {
		if err := call(done); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with done ctx: %v", name, err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for name, call := range calls {
		if err := call(context.Background()); code(err) != driver.ServerNotAvailable {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
}

func TestScanRowsPagingAndResume(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := open(t, "memory://test")
	const n = 300
	for i := range n {
		set := "a"
		if i%3 == 0 {
			set = "b"
		}
		if err := c.Put(ctx, &driver.WritePolicy{SendKey: true}, key(t, "test", set, i), driver.Bins{"i": i, "pad": "x"}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[int64]bool{}
	var cursor []driver.PartitionStatus
	pages := 0
	for {
		rows, err := c.Scan(ctx, &driver.QueryRequest{Namespace: "test", Set: "a", Bins: []string{"i"}, Partitions: cursor, MaxRecords: 64})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for {
			r, err := rows.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r == nil {
				break
			}
			got++
			i := r.Bins["i"].(int64)
			if seen[i] || r.Key.Set != "a" || r.Key.UserKey != i || len(r.Bins) != 1 {
				t.Fatalf("bad or repeated record %d: %+v", i, r)
			}
			seen[i] = true
		}
		if got > 64 {
			t.Fatalf("page of %d records, cap 64", got)
		}
		cursor = rows.Partitions()
		_ = rows.Close()
		_ = rows.Close()
		pages++
		done := true
		for _, p := range cursor {
			done = done && p.Done
		}
		if done {
			break
		}
		if pages > 10 {
			t.Fatal("scan does not finish")
		}
	}
	if len(seen) != 200 || pages != 4 {
		t.Fatalf("scanned %d records of set a in %d pages, want 200 in 4", len(seen), pages)
	}
	if len(cursor) != driver.Partitions {
		t.Fatalf("cursor covers %d partitions", len(cursor))
	}
}

func TestScanRowsStopsOnContextAndClose(t *testing.T) {
	t.Parallel()
	c := open(t, "memory://test")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range 20 {
		if err := c.Put(ctx, nil, key(t, "test", "", i), driver.Bins{"i": i}); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := c.Scan(ctx, &driver.QueryRequest{Namespace: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := rows.Next(ctx); r == nil || err != nil {
		t.Fatalf("first Next: %v %v", r, err)
	}
	cancel()
	if _, err := rows.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Next after cancel: %v", err)
	}
	_ = rows.Close()
	if r, err := rows.Next(context.Background()); r != nil || err != nil {
		t.Fatalf("Next after Close: %v %v", r, err)
	}
}

func TestQueryRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := open(t, "memory://test")
	for i := range 50 {
		if err := c.Put(ctx, nil, key(t, "test", "s", i), driver.Bins{"n": i % 5}); err != nil {
			t.Fatal(err)
		}
	}
	req := &driver.QueryRequest{Namespace: "test", Set: "s", Filter: &driver.Filter{Bin: "n", Begin: 1, End: 2}}
	if _, err := c.Query(ctx, req); code(err) != driver.IndexNotFound {
		t.Fatalf("query without index: %v", err)
	}
	if err := c.CreateIndex(ctx, &driver.Index{Namespace: "test", Set: "s", Name: "n_idx", Bin: "n", Type: driver.IndexNumeric}); err != nil {
		t.Fatal(err)
	}
	rows, err := c.Query(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := 0
	for {
		r, err := rows.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r == nil {
			break
		}
		if n := r.Bins["n"].(int64); n < 1 || n > 2 {
			t.Fatalf("record with n=%d", n)
		}
		got++
	}
	if got != 20 {
		t.Fatalf("query matched %d, want 20", got)
	}
	for _, bad := range []*driver.QueryRequest{
		nil,
		{Namespace: "test"},
		{Namespace: "test", Filter: req.Filter, MaxRecords: -1},
		{Namespace: "test", Set: "s", Filter: req.Filter, Partitions: []driver.PartitionStatus{{ID: 4096}}},
		{Namespace: "test", Set: "s", Filter: req.Filter, Partitions: []driver.PartitionStatus{{ID: 1}, {ID: 1}}},
	} {
		if _, err := c.Query(ctx, bad); code(err) != driver.ParameterError {
			t.Errorf("Query(%+v): %v, want ParameterError", bad, err)
		}
	}
	if _, err := c.Scan(ctx, req); code(err) != driver.ParameterError {
		t.Errorf("Scan with filter: %v", err)
	}
	// Dropping the index mid-query ends the rows with INDEX_NOTFOUND.
	rows2, err := c.Query(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	defer rows2.Close()
	if err := c.DropIndex(ctx, "test", "n_idx"); err != nil {
		t.Fatal(err)
	}
	for {
		r, err := rows2.Next(ctx)
		if err != nil {
			if code(err) != driver.IndexNotFound {
				t.Fatalf("after drop: %v", err)
			}
			break
		}
		if r == nil {
			t.Fatal("query finished after its index was dropped")
		}
	}
}

func TestDoorDelegates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := open(t, "memory://test?default-ttl=100&max-record-size=200")
	k := key(t, "test", "", "k")
	if err := c.Put(ctx, nil, k, driver.Bins{"a": 1, "s": "x"}); err != nil {
		t.Fatal(err)
	}
	r, err := c.Get(ctx, &driver.ReadPolicy{HeaderOnly: true}, k, nil)
	if err != nil || r.Bins != nil || r.Generation != 1 || r.Expiration != 100 {
		t.Fatalf("header read: %+v %v", r, err)
	}
	if err := c.Put(ctx, nil, k, driver.Bins{"s": string(make([]byte, 300))}); code(err) != driver.RecordTooBig {
		t.Fatalf("big record: %v", err)
	}
	if err := c.Touch(ctx, nil, k); err != nil {
		t.Fatal(err)
	}
	rec, err := c.Operate(ctx, nil, k, []driver.Operation{{Type: driver.OpAdd, Bin: "a", Value: 2}, {Type: driver.OpRead, Bin: "a"}})
	if err != nil || rec.Bins["a"] != int64(3) || rec.Generation != 3 {
		t.Fatalf("operate: %+v %v", rec, err)
	}
	batch := []*driver.BatchRecord{{Type: driver.BatchRead, Key: k}, {Type: driver.BatchExists, Key: key(t, "test", "", "none")}}
	if err := c.Batch(ctx, nil, batch); err != nil || batch[0].Err != nil || batch[1].Exists || batch[1].Err != nil {
		t.Fatalf("batch: %v %+v %+v", err, batch[0], batch[1])
	}
	if existed, err := c.Delete(ctx, nil, k); !existed || err != nil {
		t.Fatalf("delete: %v %v", existed, err)
	}
	// The server answers ok for a namespace it does not have (truncate.c).
	if err := c.Truncate(ctx, "nope", "", time.Time{}); err != nil {
		t.Fatalf("truncate of an unknown namespace: %v", err)
	}
	if err := c.Truncate(ctx, "no/pe", "", time.Time{}); code(err) != driver.ParameterError {
		t.Fatalf("truncate of an invalid namespace name: %v", err)
	}
	f := open(t, "memory://test?allow-ttl=false")
	if err := f.Put(ctx, &driver.WritePolicy{Expiration: 5}, k, driver.Bins{"a": 1}); code(err) != driver.FailForbidden {
		t.Fatalf("TTL write with allow-ttl=false: %v", err)
	}
}

// TestEditionOption: a memory DSN imitates Community Edition by default
// (a durable delete is ENTERPRISE_ONLY) and Enterprise with
// edition=enterprise.
func TestEditionOption(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tt := range []struct {
		dsn  string
		want driver.ResultCode
	}{
		{"memory://test", driver.EnterpriseOnly},
		{"memory://test?edition=community", driver.EnterpriseOnly},
		{"memory://test?edition=enterprise", driver.OK},
	} {
		c := open(t, tt.dsn)
		k := key(t, "test", "s", 1)
		if err := c.Put(ctx, nil, k, driver.Bins{"a": 1}); err != nil {
			t.Fatal(err)
		}
		_, err := c.Delete(ctx, &driver.WritePolicy{DurableDelete: true}, k)
		if got := code(err); got != tt.want && !(tt.want == driver.OK && err == nil) {
			t.Errorf("%s: durable delete: %v, want %v", tt.dsn, err, tt.want)
		}
	}
}
