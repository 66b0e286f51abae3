package aerospike_test

// Tests of the behaviours where a real Aerospike server (8.1) differs from a
// naive reading of the client, checked against aerotest, which answers as
// the real server does.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
)

// openRealIndexServer opens a Conn on aerotest, whose index info answers
// are those of server 8.1 (sindex_manager.c): creating an existing name with
// the same definition is OK, creating an existing definition under a new
// name renames the index (OK), deleting an unknown name is OK; only a name
// taken by another definition is FAIL:200.
func openRealIndexServer(t *testing.T) (driver.Conn, func(ns, name string) bool) {
	t.Helper()
	srv := aerotest.NewServer(t, aerotest.WithNamespaces("test", "other"))
	c := openTestConn(t, srv.DSN())
	exists := func(ns, name string) bool {
		t.Helper()
		client, _ := aerospike.Client(c)
		cmd := "sindex-exists:ns=" + ns + ";indexname=" + name
		info, err := client.GetNodes()[0].RequestInfo(as.NewInfoPolicy(), cmd)
		if err != nil {
			t.Fatal(err)
		}
		return info[cmd] == "true"
	}
	return c, exists
}

func openTestConn(t *testing.T, dsn string) driver.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := aerospike.Driver{}.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func TestIndexAdminAgainstRealServerAnswers(t *testing.T) {
	t.Parallel()
	c, exists := openRealIndexServer(t)
	ctx := context.Background()
	idx := &driver.Index{Namespace: "test", Set: "s", Name: "by_n", Bin: "n", Type: driver.IndexNumeric}
	if err := c.CreateIndex(ctx, idx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		idx  driver.Index
		want driver.ResultCode
	}{
		{"same name, same definition (server: OK)", *idx, driver.IndexFound},
		{"same name, other bin (server: FAIL:200)", driver.Index{Namespace: "test", Set: "s", Name: "by_n", Bin: "m", Type: driver.IndexString}, driver.IndexFound},
		{"same definition, new name (server: renames)", driver.Index{Namespace: "test", Set: "s", Name: "by_n2", Bin: "n", Type: driver.IndexNumeric}, driver.IndexFound},
		{"unknown namespace (server: OK, SMD skips it)", driver.Index{Namespace: "nosuch", Set: "s", Name: "x", Bin: "n", Type: driver.IndexNumeric}, driver.InvalidNamespace},
	}
	for _, tt := range tests {
		err := c.CreateIndex(ctx, &tt.idx)
		if code, _ := driver.CodeOf(err); code != tt.want {
			t.Errorf("%s: CreateIndex = %v, want %s", tt.name, err, tt.want)
		}
	}
	if !exists("test", "by_n") || exists("test", "by_n2") {
		t.Fatalf("after the refused creates: by_n exists %t, by_n2 exists %t; want by_n only (no rename)", exists("test", "by_n"), exists("test", "by_n2"))
	}
	// Other definitions on the same bin are distinct indexes.
	for _, ok := range []driver.Index{
		{Namespace: "test", Set: "s", Name: "by_n_str", Bin: "n", Type: driver.IndexString},
		{Namespace: "test", Set: "", Name: "by_n_all", Bin: "n", Type: driver.IndexNumeric},
		{Namespace: "other", Set: "s", Name: "by_n", Bin: "n", Type: driver.IndexNumeric},
	} {
		if err := c.CreateIndex(ctx, &ok); err != nil {
			t.Errorf("CreateIndex(%+v) = %v", ok, err)
		}
	}

	if err := c.DropIndex(ctx, "test", "missing"); !isCode(err, driver.IndexNotFound) {
		t.Errorf("DropIndex of a missing index (server: OK) = %v, want INDEX_NOTFOUND", err)
	}
	if err := c.DropIndex(ctx, "nosuch", "by_n"); !isCode(err, driver.InvalidNamespace) {
		t.Errorf("DropIndex in an unknown namespace = %v, want INVALID_NAMESPACE", err)
	}
	if err := c.DropIndex(ctx, "test", "by_n"); err != nil {
		t.Fatal(err)
	}
	if err := c.DropIndex(ctx, "test", "by_n"); !isCode(err, driver.IndexNotFound) {
		t.Errorf("second DropIndex = %v, want INDEX_NOTFOUND", err)
	}
	if err := c.CreateIndex(ctx, idx); err != nil {
		t.Errorf("CreateIndex after DropIndex = %v", err)
	}
}

func isCode(err error, want driver.ResultCode) bool {
	code, ok := driver.CodeOf(err)
	return ok && code == want
}

func TestTruncateArguments(t *testing.T) {
	t.Parallel()
	srv := aerotest.NewServer(t, aerotest.WithNamespaces("test"))
	c := openTestConn(t, srv.DSN())
	ctx := context.Background()
	tests := []struct {
		name   string
		ns     string
		before time.Time
		want   driver.ResultCode
	}{
		{"future lut (server: refused)", "test", time.Now().Add(time.Hour), driver.ParameterError},
		{"lut before the 2010 epoch (server: would truncate to 0)", "test", time.Date(2009, 12, 31, 0, 0, 0, 0, time.UTC), driver.ParameterError},
		// truncate.c as_truncate_cmd never looks the namespace up: ok.
		{"unknown namespace", "nosuch", time.Time{}, driver.OK},
		{"unknown namespace with a lut", "nosuch", time.Now().Add(-time.Second), driver.OK},
		{"invalid namespace name", "no/such", time.Time{}, driver.ParameterError},
		{"past lut", "test", time.Now().Add(-time.Second), driver.OK},
		{"now", "test", time.Time{}, driver.OK},
	}
	for _, tt := range tests {
		err := c.Truncate(ctx, tt.ns, "s", tt.before)
		if tt.want == driver.OK {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if !isCode(err, tt.want) {
			t.Errorf("%s: Truncate = %v, want %s", tt.name, err, tt.want)
		}
	}
}

// TestMaxRetriesUnwrapped checks that a command whose attempts all failed
// reports the failure of the last attempt, not the client's
// MAX_RETRIES_EXCEEDED: a write (no retry by default) whose connection
// drops is a NETWORK_ERROR in doubt, a read retried twice the same.
func TestMaxRetriesUnwrapped(t *testing.T) {
	t.Parallel()
	srv := aerotest.NewServer(t, aerotest.WithNamespaces("test"))
	c := openTestConn(t, srv.DSN())
	ctx := context.Background()
	k, err := driver.NewKey("test", "s", "k")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Put(ctx, nil, k, driver.Bins{"a": int64(1)}); err != nil {
		t.Fatal(err)
	}

	srv.DropNext(1)
	err = c.Put(ctx, nil, k, driver.Bins{"a": int64(2)})
	var de *driver.Error
	if !errors.As(err, &de) || de.Code != driver.NetworkError || !de.InDoubt {
		t.Fatalf("Put over a dropped connection = %v, want NETWORK_ERROR in doubt", err)
	}
	var ae *as.AerospikeError
	if !errors.As(err, &ae) || ae.ResultCode != types.MAX_RETRIES_EXCEEDED {
		t.Fatalf("the client's MAX_RETRIES_EXCEEDED is not reachable: %v", err)
	}

	srv.DropNext(3) // the first attempt and its two retries
	_, err = c.Get(ctx, nil, k, nil)
	if !errors.As(err, &de) || de.Code != driver.NetworkError || de.InDoubt {
		t.Fatalf("Get over dropped connections = %v, want NETWORK_ERROR not in doubt", err)
	}
	srv.DropNext(0)
	if _, err := c.Get(ctx, nil, k, nil); err != nil {
		t.Fatalf("Get after the faults: %v", err)
	}
}

// TestBatchGetWholeFailure checks that a read-only batch whose request
// fails (the connection drops on every attempt) reports the failure on each
// entry and does not run the batch again.
func TestBatchGetWholeFailure(t *testing.T) {
	t.Parallel()
	srv := aerotest.NewServer(t, aerotest.WithNamespaces("test"))
	c := openTestConn(t, srv.DSN())
	ctx := context.Background()
	var recs []*driver.BatchRecord
	for i := range 3 {
		k, err := driver.NewKey("test", "s", int64(i))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, &driver.BatchRecord{Type: driver.BatchRead, Key: k, Record: &driver.Record{}})
	}
	srv.DropNext(3) // the batch and its two retries; a re-run would succeed
	err := c.Batch(ctx, nil, recs)
	if !isCode(err, driver.NetworkError) {
		t.Fatalf("Batch = %v, want NETWORK_ERROR", err)
	}
	for i, r := range recs {
		if r.Record != nil || !isCode(r.Err, driver.NetworkError) {
			t.Errorf("entry %d: record %v err %v, want no record and the request's error", i, r.Record, r.Err)
		}
	}
	srv.DropNext(0)
	if err := c.Batch(ctx, nil, recs); err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if !isCode(r.Err, driver.KeyNotFoundError) || !strings.Contains(r.Err.Error(), "not found") {
			t.Errorf("entry %d after the faults: %v", i, r.Err)
		}
	}
}
