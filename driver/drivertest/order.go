package drivertest

import (
	"bytes"
	"fmt"

	"github.com/aerokit/aero/driver"
)

// samePartitionKeys returns n keys of the subtest's set whose digests fall
// in one partition, and that partition.
func (e *env) samePartitionKeys(n int) ([]*driver.Key, int) {
	e.Helper()
	byPart := map[int][]*driver.Key{}
	for i := 0; ; i++ {
		k := e.key(fmt.Sprintf("p%d", i))
		p := k.Digest.Partition()
		byPart[p] = append(byPart[p], k)
		if len(byPart[p]) == n {
			return byPart[p], p
		}
	}
}

// testQueryOrder checks the order of an integer-index query within a
// partition and its resume point. The server walks the partition's index
// tree, keyed by (value, digest) (sindex/sindex_tree.c key_cmp), so records
// come by index value, then digest; the client keeps the value of the last
// record with its digest (partition_status.go BVal) and the server resumes
// after that pair (as_sindex_tree_query), so a cursor must carry BVal.
func testQueryOrder(e *env) {
	keys, pid := e.samePartitionKeys(9)
	for i, k := range keys {
		e.put(k, driver.Bins{"n": int64(2 - i%3)})
	}
	e.createIndex("n", driver.IndexNumeric)
	req := func(parts []driver.PartitionStatus, max int64) *driver.QueryRequest {
		if parts == nil {
			parts = []driver.PartitionStatus{{ID: pid}}
		}
		return &driver.QueryRequest{Partitions: parts, MaxRecords: max, Filter: &driver.Filter{Bin: "n", Begin: 0, End: 10}}
	}
	all := e.collect(fmt.Sprintf("Query of partition %d", pid), e.query(req(nil, 0)))
	e.wantDigests(fmt.Sprintf("Query of partition %d", pid), all, keys...)
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		va, _ := a.Bins["n"].(int64)
		vb, _ := b.Bins["n"].(int64)
		if va > vb || va == vb && bytes.Compare(a.Key.Digest[:], b.Key.Digest[:]) >= 0 {
			e.Errorf("Query of one partition: record %d (n=%d, digest %s) comes after (n=%d, digest %s); want index value, then digest order (sindex_tree.c key_cmp)", i, vb, b.Key.Digest, va, a.Key.Digest)
			break
		}
	}
	rows := e.query(req(nil, 4))
	first := e.collect("Query of one partition, MaxRecords 4", rows)
	if len(first) != 4 {
		e.Errorf("Query of one partition, MaxRecords 4: got %d records, want 4", len(first))
		return
	}
	parts := rows.Partitions()
	last := first[3]
	for _, p := range parts {
		if p.ID != pid {
			continue
		}
		if !p.HasDigest || p.Digest != last.Key.Digest || p.BVal != last.Bins["n"] {
			e.Errorf("cursor of partition %d after 4 records: got (BVal %d, digest %s, HasDigest %t), want the last record's (BVal %v, digest %s)", pid, p.BVal, p.Digest, p.HasDigest, last.Bins["n"], last.Key.Digest)
		}
	}
	rest := e.collect("Query of one partition resumed", e.query(req(parts, 0)))
	got := append(first, rest...)
	if len(got) != len(all) {
		e.Errorf("Query of one partition paged: got %d records, want %d", len(got), len(all))
		return
	}
	for i := range got {
		if got[i].Key.Digest != all[i].Key.Digest {
			e.Errorf("Query of one partition paged: record %d is %s, want %s (resume after (BVal, digest))", i, got[i].Key.Digest, all[i].Key.Digest)
			return
		}
	}
}
