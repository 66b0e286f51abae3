package aerospike_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/memory"
)

// TestCursorPortableAcrossBackends pages an integer-index query with a
// small MaxRecords, alternating the backend page by page (the memory driver,
// then this driver on aerotest, ...), each page resuming from the cursor
// (Partitions) the other returned. Both backends hold the same records, with
// many records per index value and per partition, so a resume point must
// carry the index value (BVal) as well as the digest: the pages together
// must give the records of one whole query, in the same order, none missing
// or repeated.
func TestCursorPortableAcrossBackends(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := aerotest.NewServer(t, aerotest.WithNamespaces("test"))
	asc := openTestConn(t, srv.DSN())
	mem, err := memory.Driver{}.Open(ctx, "memory://test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mem.Close() })
	backends := []struct {
		name string
		c    driver.Conn
	}{{"memory", mem}, {"aerospike", asc}}

	const set, n = "cur", 600
	for _, b := range backends {
		if err := b.c.CreateIndex(ctx, &driver.Index{Namespace: "test", Set: set, Name: "cur_v", Bin: "v", Type: driver.IndexNumeric}); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			k := mustKey(t, "test", set, int64(i))
			// Few distinct values, so that within a partition records
			// share values, in an order that is not the digest's.
			if err := b.c.Put(ctx, &driver.WritePolicy{SendKey: true}, k, driver.Bins{"v": int64((i * 7) % 5), "i": int64(i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	req := func(parts []driver.PartitionStatus, max int64) *driver.QueryRequest {
		return &driver.QueryRequest{Namespace: "test", Set: set, Filter: &driver.Filter{Bin: "v", Begin: 1, End: 3}, Partitions: parts, MaxRecords: max}
	}
	page := func(c driver.Conn, r *driver.QueryRequest) ([]string, []driver.PartitionStatus) {
		t.Helper()
		rows, err := c.Query(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for {
			rec, err := rows.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rec == nil {
				break
			}
			out = append(out, fmt.Sprintf("%d:%v:%v", rec.Key.Digest.Partition(), rec.Bins["v"], rec.Bins["i"]))
		}
		return out, rows.Partitions()
	}

	// One whole query on each backend: the same records in the same order
	// (partition, then index value, then digest).
	whole, _ := page(mem, req(nil, 0))
	other, _ := page(asc, req(nil, 0))
	if fmt.Sprint(whole) != fmt.Sprint(other) {
		t.Fatalf("whole query differs between backends:\nmemory:    %v\naerospike: %v", whole, other)
	}
	if len(whole) < n/2 {
		t.Fatalf("whole query returned %d records, want the %d with v in 1..3", len(whole), n*3/5)
	}

	for start := range backends {
		var got []string
		var cursor []driver.PartitionStatus
		for p := 0; ; p++ {
			if p > n {
				t.Fatal("paging does not end")
			}
			b := backends[(start+p)%2]
			recs, next := page(b.c, req(cursor, 7))
			got = append(got, recs...)
			cursor = next
			done := true
			for _, ps := range cursor {
				done = done && ps.Done
			}
			if done {
				break
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(whole) {
			seen := map[string]int{}
			for _, r := range got {
				seen[r]++
			}
			for r, c := range seen {
				if c > 1 {
					t.Errorf("starting on %s: record %s returned %d times", backends[start].name, r, c)
				}
			}
			for i := range got {
				if got[i] != whole[i] {
					t.Logf("first difference at %d: got %v, want %v", i, got[i:min(i+10, len(got))], whole[i:min(i+10, len(whole))])
					break
				}
			}
			t.Fatalf("starting on %s: paged query across backends gave %d records, want %d in the whole query's order", backends[start].name, len(got), len(whole))
		}
	}
}
