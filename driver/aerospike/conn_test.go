package aerospike_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
	"github.com/aerokit/aero/internal/sharedtest"
)

// TestMain checks that no test leaves a goroutine behind: the client's tend
// goroutine, a scan's node commands, the context watcher of a Rows.
//
// With AEROSPIKE_TEST_DSN it first holds a slot on that shared server for
// the whole run (uniqueSet and the conformance suite's sets are named from
// it); its connection is closed before goleak looks.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(sharedtest.Run(m, "d"))
}

func mustKey(t testing.TB, ns, set string, uk any) *driver.Key {
	t.Helper()
	k, err := driver.NewKey(ns, set, uk)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestEscapeHatchAndEndpoint(t *testing.T) {
	t.Parallel()
	dsn, _, _ := testTarget(t)
	conn := openDSN(t, dsn)
	c, ok := aerospike.Client(conn)
	if !ok || c == nil || !c.IsConnected() {
		t.Fatalf("Client(conn) = %v, %v", c, ok)
	}
	cfg, err := aerospike.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	host, port := conn.(driver.Endpointer).Endpoint()
	if host != cfg.Hosts[0].Name || port != cfg.Hosts[0].Port {
		t.Fatalf("Endpoint = %s:%d, want %s:%d", host, port, cfg.Hosts[0].Name, cfg.Hosts[0].Port)
	}
	ctx := context.Background()
	// A conn of its own for the cleanup: this test closes conn.
	k := mustKey(t, conn.Namespace(), uniqueSet(t, openDSN(t, dsn), "stats"), "k1")
	if err := conn.Put(ctx, nil, k, driver.Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	st := conn.(driver.StatsReporter).Stats()
	if st.Nodes < 1 || st.OpenConnections < 1 {
		t.Fatalf("Stats = %+v, want a node and an open connection", st)
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	if err := conn.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	_, err = conn.Get(ctx, nil, k, nil)
	if code, _ := driver.CodeOf(err); code != driver.ServerNotAvailable {
		t.Fatalf("Get after Close = %v, want SERVER_NOT_AVAILABLE", err)
	}
	if _, err := conn.Scan(ctx, &driver.QueryRequest{Namespace: conn.Namespace()}); err == nil {
		t.Fatal("Scan after Close succeeded")
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	dsn, _, _ := testTarget(t)
	conn := openDSN(t, dsn)
	ctx := context.Background()
	ns := conn.Namespace()
	set := uniqueSet(t, conn, "rt")
	k := mustKey(t, ns, set, int64(1))
	bins := driver.Bins{
		"i": 7, "f": 1.5, "s": "x", "b": []byte{1}, "t": true,
		"l": []any{1, "a", []any{2}}, "m": map[string]any{"k": 1, "n": map[any]any{int64(2): "v"}},
	}
	if err := conn.Put(ctx, &driver.WritePolicy{SendKey: true}, k, bins); err != nil {
		t.Fatal(err)
	}
	rec, err := conn.Get(ctx, nil, k, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := driver.Bins{
		"i": int64(7), "f": 1.5, "s": "x", "b": []byte{1}, "t": true,
		"l": []any{int64(1), "a", []any{int64(2)}}, "m": map[any]any{"k": int64(1), "n": map[any]any{int64(2): "v"}},
	}
	if fmt.Sprint(rec.Bins) != fmt.Sprint(want) || rec.Generation != 1 {
		t.Fatalf("Get = %v gen %d, want %v gen 1", rec.Bins, rec.Generation, want)
	}
	rec, err = conn.Get(ctx, nil, k, []string{})
	if err != nil || rec.Bins == nil || len(rec.Bins) != 0 {
		t.Fatalf("Get with no bins = %+v, %v; want an empty Bins", rec, err)
	}
	rec, err = conn.Operate(ctx, nil, k, []driver.Operation{
		{Type: driver.OpAdd, Bin: "i", Value: 1}, {Type: driver.OpRead, Bin: "i"},
		{Type: driver.OpAdd, Bin: "i", Value: 1}, {Type: driver.OpRead, Bin: "i"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rec.Bins["i"]) != "[8 9]" {
		t.Fatalf("two reads of one bin = %#v, want []any{8, 9}", rec.Bins["i"])
	}
	if _, ok := rec.Bins["i"].([]any); !ok {
		t.Fatalf("two reads of one bin have type %T, want []any", rec.Bins["i"])
	}
	err = conn.Put(ctx, &driver.WritePolicy{RecordExists: driver.CreateOnly}, k, driver.Bins{"a": 1})
	if code, _ := driver.CodeOf(err); code != driver.KeyExistsError {
		t.Fatalf("CreateOnly on an existing record = %v", err)
	}
	err = conn.Put(ctx, nil, k, driver.Bins{"bad": make(chan int)})
	if code, _ := driver.CodeOf(err); code != driver.ParameterError {
		t.Fatalf("Put of a channel = %v", err)
	}

	// Batch: order kept, per-record errors, KEY_NOT_FOUND folded for
	// exists and delete.
	missing := mustKey(t, ns, set, "missing")
	recs := []*driver.BatchRecord{
		{Type: driver.BatchRead, Key: k},
		{Type: driver.BatchRead, Key: missing},
		{Type: driver.BatchExists, Key: k},
		{Type: driver.BatchExists, Key: missing},
		{Type: driver.BatchDelete, Key: missing},
		{Type: driver.BatchWrite, Key: mustKey(t, ns, set, int64(2)), Ops: []driver.Operation{{Type: driver.OpWrite, Bin: "a", Value: "v"}}},
		{Type: driver.BatchWrite, Key: k, Ops: []driver.Operation{{Type: driver.OpWrite, Bin: "a", Value: struct{}{}}}},
		{Type: driver.BatchRead, Key: nil},
	}
	if err := conn.Batch(ctx, nil, recs); err != nil {
		t.Fatal(err)
	}
	if recs[0].Err != nil || recs[0].Record == nil || recs[0].Record.Bins["s"] != "x" {
		t.Errorf("batch read = %+v", recs[0])
	}
	if code, _ := driver.CodeOf(recs[1].Err); code != driver.KeyNotFoundError {
		t.Errorf("batch read of a missing key: %v", recs[1].Err)
	}
	if !recs[2].Exists || recs[2].Err != nil || recs[3].Exists || recs[3].Err != nil {
		t.Errorf("batch exists = %+v %+v", recs[2], recs[3])
	}
	if recs[4].Exists || recs[4].Err != nil {
		t.Errorf("batch delete of a missing key = %+v", recs[4])
	}
	if recs[5].Err != nil {
		t.Errorf("batch write = %v", recs[5].Err)
	}
	for _, i := range []int{6, 7} {
		if code, _ := driver.CodeOf(recs[i].Err); code != driver.ParameterError {
			t.Errorf("batch entry %d = %v, want PARAMETER_ERROR", i, recs[i].Err)
		}
	}
}

// TestScanContext checks that a scan stops when its context is done or its
// Rows is closed early, leaving no goroutine (TestMain checks).
func TestScanContext(t *testing.T) {
	t.Parallel()
	dsn, _, _ := testTarget(t)
	conn := openDSN(t, dsn)
	ns := conn.Namespace()
	ctx := context.Background()
	set := uniqueSet(t, conn, "scanctx")
	recs := make([]*driver.BatchRecord, 300)
	for i := range recs {
		recs[i] = &driver.BatchRecord{Type: driver.BatchWrite, Key: mustKey(t, ns, set, int64(i)),
			Ops: []driver.Operation{{Type: driver.OpWrite, Bin: "n", Value: i}}}
	}
	if err := conn.Batch(ctx, nil, recs); err != nil {
		t.Fatal(err)
	}

	t.Run("close early", func(t *testing.T) {
		rows, err := conn.Scan(ctx, &driver.QueryRequest{Namespace: ns, Set: set})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := rows.Next(ctx)
		if err != nil || rec == nil {
			t.Fatalf("Next = %v, %v", rec, err)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		parts := rows.Partitions()
		returned := 0
		for _, p := range parts {
			if p.Done {
				t.Fatalf("partition %d is Done after an early close", p.ID)
			}
			if p.HasDigest {
				returned++
			}
		}
		if returned != 1 {
			t.Fatalf("%d partitions have a digest after one record, want 1", returned)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		sctx, cancel := context.WithCancel(ctx)
		rows, err := conn.Scan(sctx, &driver.QueryRequest{Namespace: ns, Set: set})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = rows.Close() })
		if _, err := rows.Next(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		for {
			rec, err := rows.Next(ctx)
			if err != nil {
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("Next after cancel = %v, want context.Canceled", err)
				}
				break
			}
			if rec == nil {
				t.Fatal("scan ended normally after its context was canceled")
			}
		}
	})

	t.Run("next ctx", func(t *testing.T) {
		rows, err := conn.Scan(ctx, &driver.QueryRequest{Namespace: ns, Set: set})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = rows.Close() })
		nctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := rows.Next(nctx); !errors.Is(err, context.Canceled) {
			// A record may already be buffered: either is fine, but an
			// error must be the context's.
			if err != nil {
				t.Fatalf("Next with a canceled ctx = %v", err)
			}
		}
	})

	t.Run("full scan and paging", func(t *testing.T) {
		seen := map[driver.Digest]bool{}
		var parts []driver.PartitionStatus
		for page := 0; page < 50; page++ {
			rows, err := conn.Scan(ctx, &driver.QueryRequest{Namespace: ns, Set: set, Partitions: parts, MaxRecords: 64})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for {
				rec, err := rows.Next(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if rec == nil {
					break
				}
				if seen[rec.Key.Digest] {
					t.Fatalf("page %d: record %s returned twice", page, rec.Key)
				}
				seen[rec.Key.Digest] = true
				n++
			}
			parts = rows.Partitions()
			_ = rows.Close()
			if n > 64 {
				t.Fatalf("page %d returned %d records, MaxRecords 64", page, n)
			}
			done := true
			for _, p := range parts {
				done = done && p.Done
			}
			if done {
				break
			}
		}
		if len(seen) != len(recs) {
			t.Fatalf("paged scan returned %d records, want %d", len(seen), len(recs))
		}
	})
}

func TestOpenContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (aerospike.Driver{}).Open(ctx, "aerospike://127.0.0.1:1/test"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Open with a canceled ctx = %v", err)
	}
	dctx, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	start := time.Now()
	// 192.0.2.1 (TEST-NET-1) is never routed: the attempt is bounded by the
	// context, not by the 30s connect timeout.
	_, err := (aerospike.Driver{}).Open(dctx, "aerospike://192.0.2.1:3000/test")
	if err == nil {
		t.Fatal("Open of an unroutable host succeeded")
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("Open took %v, want it bounded by the 200ms deadline", el)
	}
}
