package memconn

import (
	"context"
	"testing"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/engine"
)

// TestBatchWithListWrites checks a batch that mixes a write of list ops
// (run on its own, per op) with other entries: the entries after it still
// run, and the write obeys its filter and the batch's.
func TestBatchWithListWrites(t *testing.T) {
	t.Parallel()
	e, err := engine.New(engine.Config{Namespaces: []engine.NamespaceConfig{{Name: "ns1"}}})
	if err != nil {
		t.Fatal(err)
	}
	c := Open(e, "ns1", nil)
	ctx := context.Background()
	k1, k2 := key(t, "ns1", "s", 1), key(t, "ns1", "s", 2)
	for _, k := range []*driver.Key{k1, k2} {
		if err := c.Put(ctx, nil, k, driver.Bins{"l": []any{int64(1)}}); err != nil {
			t.Fatal(err)
		}
	}
	appendOp := []driver.Operation{cdt.ListAppend("l", int64(2)).Operation()}
	tests := []struct {
		name       string
		batch      driver.Expression
		entry      driver.Expression
		wantWrite  driver.ResultCode
		wantLength int
	}{
		{"no filter", nil, nil, driver.OK, 2},
		{"entry filter false", nil, exp.BoolVal(false), driver.FilteredOut, 1},
		{"batch filter false", exp.BoolVal(false), nil, driver.FilteredOut, 1},
		{"entry filter true over batch false", exp.BoolVal(false), exp.BoolVal(true), driver.OK, 2},
	}
	for _, tt := range tests {
		if err := c.Put(ctx, nil, k1, driver.Bins{"l": []any{int64(1)}}); err != nil {
			t.Fatal(err)
		}
		w := &driver.BatchRecord{Type: driver.BatchWrite, Key: k1, Ops: appendOp, FilterExp: tt.entry}
		r := &driver.BatchRecord{Type: driver.BatchRead, Key: k2, FilterExp: exp.BoolVal(true)}
		if err := c.Batch(ctx, &driver.BatchPolicy{FilterExp: tt.batch}, []*driver.BatchRecord{w, r}); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if code, _ := driver.CodeOf(w.Err); code != tt.wantWrite && !(tt.wantWrite == driver.OK && w.Err == nil) {
			t.Errorf("%s: write = %v, want code %v", tt.name, w.Err, tt.wantWrite)
		}
		if r.Err != nil || r.Record == nil || r.Record.Bins["l"] == nil {
			t.Errorf("%s: the read after a list write = %+v, %v; want the record", tt.name, r.Record, r.Err)
		}
		got, err := c.Get(ctx, nil, k1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if l, _ := got.Bins["l"].([]any); len(l) != tt.wantLength {
			t.Errorf("%s: list after the batch = %v, want %d elements", tt.name, got.Bins["l"], tt.wantLength)
		}
	}
}
