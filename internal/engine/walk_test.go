package engine

import (
	"bytes"
	"slices"
	"testing"

	"github.com/aerokit/aero/driver"
)

// TestWalkServerOrder checks the walker's order and resume points: an
// integer-index query returns each partition's records by index value, then
// digest (sindex_tree.c key_cmp), records the value as BVal, and resumes
// after (BVal, Digest); a scan returns digest order; partitions come in
// ascending ID order whatever the request's order.
func TestWalkServerOrder(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	// Keys of one partition: 3 values, several records each.
	var keys []*driver.Key
	for i := 0; len(keys) < 12; i++ {
		k := mkKey(t, "test", "s", i)
		if k.Digest.Partition() == 7 {
			keys = append(keys, k)
		}
	}
	for i, k := range keys {
		mustPut(t, e, nil, k, driver.Bins{"v": int64(2 - i%3)})
	}
	if err := e.CreateIndex(&driver.Index{Namespace: "test", Set: "s", Name: "v", Bin: "v", Type: driver.IndexNumeric}); err != nil {
		t.Fatal(err)
	}
	query := func(parts []driver.PartitionStatus, max int64) (*Walk, []*driver.Record, []int64) {
		t.Helper()
		w, err := e.NewWalk(&driver.QueryRequest{Namespace: "test", Set: "s", Filter: &driver.Filter{Bin: "v", Begin: 0, End: 2}, Partitions: parts, MaxRecords: max})
		if err != nil {
			t.Fatal(err)
		}
		var recs []*driver.Record
		var vals []int64
		for {
			r, err := w.Next()
			if err != nil {
				t.Fatal(err)
			}
			if r == nil {
				return w, recs, vals
			}
			v, ok := w.BVal()
			if !ok || v != r.Bins["v"] {
				t.Fatalf("BVal = %d, %t for a record with v=%v", v, ok, r.Bins["v"])
			}
			recs, vals = append(recs, r), append(vals, v)
		}
	}
	w0, all, vals := query([]driver.PartitionStatus{{ID: 9}, {ID: 7}}, 0)
	if ps := w0.Partitions(); ps[0].ID != 7 || ps[1].ID != 9 {
		t.Fatalf("partitions %d, %d: want ascending ID order", ps[0].ID, ps[1].ID)
	}
	if len(all) != len(keys) {
		t.Fatalf("query returned %d records, want %d", len(all), len(keys))
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1].Key.Digest, all[i].Key.Digest
		if vals[i-1] > vals[i] || vals[i-1] == vals[i] && bytes.Compare(a[:], b[:]) >= 0 {
			t.Fatalf("record %d (v=%d %s) after (v=%d %s): want (value, digest) order", i, vals[i], b, vals[i-1], a)
		}
	}
	// Page by 5: every page resumes after the (BVal, Digest) of the last.
	var got []*driver.Record
	var cursor []driver.PartitionStatus
	for range 10 {
		w, recs, _ := query(cursor, 5)
		got = append(got, recs...)
		cursor = w.Partitions()
		if !slices.IsSortedFunc(cursor, func(a, b driver.PartitionStatus) int { return a.ID - b.ID }) {
			t.Fatal("partitions not in ascending ID order")
		}
		if len(recs) > 0 {
			last := recs[len(recs)-1]
			for _, p := range cursor {
				if p.ID == 7 && (p.Digest != last.Key.Digest || p.BVal != last.Bins["v"]) {
					t.Fatalf("cursor of partition 7 = (%d, %s), want the last record's (%v, %s)", p.BVal, p.Digest, last.Bins["v"], last.Key.Digest)
				}
			}
		}
		done := true
		for _, p := range cursor {
			done = done && p.Done
		}
		if done {
			break
		}
	}
	if len(got) != len(all) {
		t.Fatalf("paged query returned %d records, want %d", len(got), len(all))
	}
	for i := range got {
		if got[i].Key.Digest != all[i].Key.Digest {
			t.Fatalf("paged record %d = %s, want %s", i, got[i].Key.Digest, all[i].Key.Digest)
		}
	}

	// A scan of the partition: digest order, no BVal.
	w, err := e.NewWalk(&driver.QueryRequest{Namespace: "test", Set: "s", Partitions: []driver.PartitionStatus{{ID: 7}}})
	if err != nil {
		t.Fatal(err)
	}
	var prev *driver.Digest
	scanned := 0
	for {
		r, err := w.Next()
		if err != nil {
			t.Fatal(err)
		}
		if r == nil {
			break
		}
		scanned++
		if _, ok := w.BVal(); ok {
			t.Fatal("a scan reports a BVal")
		}
		if prev != nil && bytes.Compare(prev[:], r.Key.Digest[:]) >= 0 {
			t.Fatal("scan not in digest order")
		}
		d := r.Key.Digest
		prev = &d
	}
	if scanned != len(all) {
		t.Fatalf("scan of the partition returned %d records, want %d", scanned, len(all))
	}
}
