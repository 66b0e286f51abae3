package drivertest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
)

// scan starts a scan of the subtest's set (Namespace and Set default to
// it) and stops the subtest on an error.
func (e *env) scan(req *driver.QueryRequest) driver.Rows {
	e.Helper()
	e.fillRequest(req)
	rows, err := e.conn.Scan(e.ctx, req)
	e.mustOK(fmt.Sprintf("Scan of %s:%s", req.Namespace, req.Set), err)
	return rows
}

// query starts a query of the subtest's set.
func (e *env) query(req *driver.QueryRequest) driver.Rows {
	e.Helper()
	e.fillRequest(req)
	rows, err := e.conn.Query(e.ctx, req)
	e.mustOK(fmt.Sprintf("Query of %s:%s on bin %q", req.Namespace, req.Set, req.Filter.Bin), err)
	return rows
}

func (e *env) fillRequest(req *driver.QueryRequest) {
	if req.Namespace == "" {
		req.Namespace = e.ns
	}
	if req.Set == "" {
		req.Set = e.set
	}
}

// createIndex creates an index on bin of the subtest's set and drops it
// when the subtest ends. It returns the index name.
func (e *env) createIndex(bin string, typ driver.IndexType) string {
	e.Helper()
	name := fmt.Sprintf("%s_%s_%s", e.set, bin, typ)
	err := e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: bin, Type: typ})
	e.mustOK(fmt.Sprintf("CreateIndex %s on %s:%s bin %q", typ, e.ns, e.set, bin), err)
	e.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = e.s.conn.DropIndex(ctx, e.ns, name)
	})
	return name
}

// byDigest indexes records by digest, reporting any that comes twice or
// without a key.
func (e *env) byDigest(rule string, recs []*driver.Record) map[driver.Digest]*driver.Record {
	e.Helper()
	out := make(map[driver.Digest]*driver.Record, len(recs))
	for i, r := range recs {
		if r == nil || r.Key == nil {
			e.Errorf("%s: record %d has no Key, want the key with its digest", rule, i)
			continue
		}
		if _, dup := out[r.Key.Digest]; dup {
			e.Errorf("%s: record %s returned twice, want each record exactly once", rule, r.Key)
		}
		out[r.Key.Digest] = r
	}
	return out
}

// wantDigests checks that recs are exactly the records of keys.
func (e *env) wantDigests(rule string, recs []*driver.Record, keys ...*driver.Key) {
	e.Helper()
	got := e.byDigest(rule, recs)
	want := make(map[driver.Digest]*driver.Key, len(keys))
	for _, k := range keys {
		want[k.Digest] = k
		if _, ok := got[k.Digest]; !ok {
			e.Errorf("%s: record %s missing from the results", rule, k)
		}
	}
	for d, r := range got {
		if _, ok := want[d]; !ok {
			e.Errorf("%s: got record %s = %s, which should not match", rule, r.Key, fmtBins(r.Bins))
		}
	}
}

const scanRecords = 40

// writeScanSet writes scanRecords records, the even ones with SendKey.
func (e *env) writeScanSet() []*driver.Key {
	e.Helper()
	keys := make([]*driver.Key, scanRecords)
	for i := range keys {
		keys[i] = e.key(int64(i))
		e.putP(&driver.WritePolicy{SendKey: i%2 == 0}, keys[i], driver.Bins{"i": int64(i), "s": fmt.Sprintf("v%d", i)})
	}
	return keys
}

// testScan checks that a scan returns every record of the set once, with
// its key (user key only when stored) and the selected bins.
func testScan(e *env) {
	keys := e.writeScanSet()
	// A record in another set must not show up.
	other := e.keyIn(e.ns, e.set+"_o", int64(0))
	e.put(other, driver.Bins{"i": int64(-1)})
	e.Cleanup(func() { e.s.truncateQuietly(e.ns, other.Set) })

	recs := e.collect("Scan", e.scan(&driver.QueryRequest{}))
	e.wantDigests("Scan of a set must return each of its records exactly once and no other", recs, keys...)
	got := e.byDigest("Scan", recs)
	for i, k := range keys {
		r, ok := got[k.Digest]
		if !ok {
			continue
		}
		rule := fmt.Sprintf("Scan record %d", i)
		e.wantBins(rule, r.Bins, driver.Bins{"i": int64(i), "s": fmt.Sprintf("v%d", i)})
		e.wantGen(rule, r, 1)
		if r.Key.Namespace != e.ns || r.Key.Set != e.set {
			e.Errorf("%s: got key namespace %q set %q, want %q %q", rule, r.Key.Namespace, r.Key.Set, e.ns, e.set)
		}
		if i%2 == 0 {
			if d := diffValue("user key", r.Key.UserKey, int64(i)); d != "" {
				e.Errorf("%s written with SendKey: %s (a stored key is returned by scans)", rule, d)
			}
		} else if r.Key.UserKey != nil {
			e.Errorf("%s written without SendKey: got user key %s, want nil (the key is not stored)", rule, fmtValue(r.Key.UserKey))
		}
	}

	recs = e.collect("Scan with bins [s]", e.scan(&driver.QueryRequest{Bins: []string{"s"}}))
	for _, r := range recs {
		if _, ok := r.Bins["i"]; ok || len(r.Bins) != 1 {
			e.Errorf("Scan with bins [s]: got bins %s for %s, want only bin s", fmtBins(r.Bins), r.Key)
			break
		}
	}
	if len(recs) != scanRecords {
		e.Errorf("Scan with bins [s]: got %d records, want %d", len(recs), scanRecords)
	}

	empty := e.collect("Scan of an empty set", e.scan(&driver.QueryRequest{Set: e.set + "_e"}))
	if len(empty) != 0 {
		e.Errorf("Scan of a set never written: got %d records %s, want none", len(empty), fmtRecords(empty))
	}
}

// pageThrough runs pages of at most pageSize records, each resuming from the
// previous page's Partitions, until every partition is done. It returns all
// records. start runs one page.
func (e *env) pageThrough(rule string, pageSize int64, want int, start func(parts []driver.PartitionStatus) driver.Rows) []*driver.Record {
	e.Helper()
	var all []*driver.Record
	parts := driver.AllPartitions()
	maxPages := want/int(pageSize) + 10 // pages a correct backend needs, with room for empty final pages
	for page := 0; ; page++ {
		if page == maxPages {
			e.Errorf("%s: not done after %d pages of MaxRecords %d (%d records so far, want %d): Rows.Partitions never reports every partition Done", rule, page, pageSize, len(all), want)
			return all
		}
		rows := start(parts)
		recs := e.collect(fmt.Sprintf("%s page %d", rule, page), rows)
		if int64(len(recs)) > pageSize {
			e.Errorf("%s page %d: got %d records, want at most MaxRecords %d", rule, page, len(recs), pageSize)
		}
		all = append(all, recs...)
		parts = rows.Partitions()
		if len(parts) != driver.Partitions {
			e.Fatalf("%s page %d: Rows.Partitions returned %d entries, want one per partition (%d)", rule, page, len(parts), driver.Partitions)
		}
		done := true
		for _, p := range parts {
			if !p.Done {
				done = false
				break
			}
		}
		if done {
			return all
		}
	}
}

// testScanPaging checks that MaxRecords pages resumed from
// Rows.Partitions cover every record exactly once.
func testScanPaging(e *env) {
	keys := e.writeScanSet()
	const limit = 7
	recs := e.pageThrough("Scan paged by MaxRecords 7", limit, len(keys), func(parts []driver.PartitionStatus) driver.Rows {
		return e.scan(&driver.QueryRequest{MaxRecords: limit, Partitions: parts})
	})
	e.wantDigests("Scan paged by MaxRecords 7 must return each record exactly once across pages", recs, keys...)

	// A scan of some partitions only returns the records in them.
	// (Two of the keys may share a partition: list each partition once.)
	var some []driver.PartitionStatus
	var inSome []*driver.Key
	seen := map[int]bool{}
	for _, k := range keys[:5] {
		if id := k.Digest.Partition(); !seen[id] {
			seen[id] = true
			some = append(some, driver.PartitionStatus{ID: id})
		}
	}
	for _, k := range keys {
		if seen[k.Digest.Partition()] {
			inSome = append(inSome, k)
		}
	}
	recs = e.collect("Scan of 5 partitions", e.scan(&driver.QueryRequest{Partitions: some}))
	e.wantDigests("Scan of the partitions of 5 records must return the records in those partitions only", recs, inSome...)
}

// testScanCancel checks that Next stops with the context's error once the
// context is canceled.
func testScanCancel(e *env) {
	e.writeScanSet()
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	req := &driver.QueryRequest{Namespace: e.ns, Set: e.set}
	rows, err := e.conn.Scan(ctx, req)
	e.mustOK("Scan", err)
	defer func() { _ = rows.Close() }()
	rec, err := rows.Next(ctx)
	if !e.wantOK("first Next", err) || rec == nil {
		e.Fatalf("first Next of a scan of %d records: got %s and no record", scanRecords, describeErr(err))
	}
	cancel()
	_, err = rows.Next(ctx)
	e.wantCtxErr("Next after the context is canceled", err, context.Canceled)
}

// testScanCloseEarly checks that Close before the end is fine and
// idempotent.
func testScanCloseEarly(e *env) {
	e.writeScanSet()
	rows := e.scan(&driver.QueryRequest{})
	_, err := rows.Next(e.ctx)
	e.wantOK("first Next", err)
	e.wantOK("Close before the end of a scan", rows.Close())
	e.wantOK("second Close", rows.Close())
}

// queryFixture writes records for the query checks: i=0..19 with n=i and
// s="s<i%4>", plus one record whose n is a string and s an integer.
func (e *env) queryFixture() (keys []*driver.Key, wrongType *driver.Key) {
	e.Helper()
	for i := range 20 {
		k := e.key(int64(i))
		e.put(k, driver.Bins{"n": int64(i), "s": fmt.Sprintf("s%d", i%4), "other": "x"})
		keys = append(keys, k)
	}
	wrongType = e.key("wrong-type")
	e.put(wrongType, driver.Bins{"n": "5", "s": int64(1)})
	return keys, wrongType
}

// testQuery checks equality and inclusive range filters on indexed bins.
func testQuery(e *env) {
	// Half the records exist before the index, half after: both must be
	// found (CreateIndex returns once the index is ready).
	var keys []*driver.Key
	for i := range 10 {
		k := e.key(int64(i))
		e.put(k, driver.Bins{"n": int64(i), "s": fmt.Sprintf("s%d", i%4), "other": "x"})
		keys = append(keys, k)
	}
	e.createIndex("n", driver.IndexNumeric)
	e.createIndex("s", driver.IndexString)
	for i := 10; i < 20; i++ {
		k := e.key(int64(i))
		e.put(k, driver.Bins{"n": int64(i), "s": fmt.Sprintf("s%d", i%4), "other": "x"})
		keys = append(keys, k)
	}
	e.put(e.key("wrong-type"), driver.Bins{"n": "5", "s": int64(1)})
	e.put(e.key("no-bin"), driver.Bins{"other": "y"})

	eqInt := e.collect("Query n == 5", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "n", Equal: int64(5)}}))
	e.wantDigests("Query n == 5 (the record whose n is the string \"5\" must not match)", eqInt, keys[5])
	if len(eqInt) == 1 {
		e.wantBins("Query n == 5 returns every bin", eqInt[0].Bins, driver.Bins{"n": int64(5), "s": "s1", "other": "x"})
	}
	var s1 []*driver.Key
	for i, k := range keys {
		if i%4 == 1 {
			s1 = append(s1, k)
		}
	}
	eqStr := e.collect("Query s == \"s1\"", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "s", Equal: "s1"}}))
	e.wantDigests("Query s == \"s1\" (the record whose s is the integer 1 must not match)", eqStr, s1...)

	rng := e.collect("Query 3 <= n <= 7", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "n", Begin: 3, End: 7}}))
	e.wantDigests("Query range 3..7 is inclusive at both ends", rng, keys[3:8]...)
	none := e.collect("Query 100 <= n <= 200", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "n", Begin: 100, End: 200}}))
	e.wantDigests("Query range 100..200 matches nothing", none)
	one := e.collect("Query 19 <= n <= 19", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "n", Begin: 19, End: 19}}))
	e.wantDigests("Query range 19..19", one, keys[19])

	sel := e.collect("Query with bins [s]", e.query(&driver.QueryRequest{Bins: []string{"s"}, Filter: &driver.Filter{Bin: "n", Begin: 0, End: 3}}))
	e.wantDigests("Query 0..3 with bins [s]", sel, keys[:4]...)
	for _, r := range sel {
		if len(r.Bins) != 1 || r.Bins["s"] == nil {
			e.Errorf("Query with bins [s]: got bins %s for %s, want only bin s", fmtBins(r.Bins), r.Key)
			break
		}
	}

	// A string index does not serve a numeric filter on the same bin.
	rows, err := e.conn.Query(e.ctx, &driver.QueryRequest{Namespace: e.ns, Set: e.set, Filter: &driver.Filter{Bin: "s", Equal: int64(1)}})
	if err == nil {
		_, err = rows.Next(e.ctx)
		_ = rows.Close()
	}
	e.wantCode("Query with an integer filter on a bin with only a STRING index (from Query or the first Next)", err, driver.IndexNotFound)
}

// testQueryIndexMaintenance checks that writes and deletes after the index
// exists move records in and out of query results.
func testQueryIndexMaintenance(e *env) {
	keys, _ := e.queryFixture()
	e.createIndex("n", driver.IndexNumeric)
	e.put(keys[5], driver.Bins{"n": int64(105)})
	_, err := e.conn.Delete(e.ctx, &driver.WritePolicy{}, keys[6])
	e.mustOK("Delete", err)
	e.put(keys[7], driver.Bins{"n": "now a string"})
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, keys[8], []driver.Operation{opAdd("n", int64(1000))})
	e.mustOK("Operate add", err)
	e.put(keys[9], driver.Bins{"n": nil})

	recs := e.collect("Query 0..19 after updates", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "n", Begin: 0, End: 19}}))
	want := append(append([]*driver.Key{}, keys[:5]...), keys[10:]...)
	e.wantDigests("Query 0..19 after moving n of record 5 to 105, deleting record 6, making n of 7 a string, adding 1000 to 8 and deleting bin n of 9", recs, want...)
	recs = e.collect("Query n == 105", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "n", Equal: int64(105)}}))
	e.wantDigests("Query n == 105 after a Put set it", recs, keys[5])
	recs = e.collect("Query n == 1008", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "n", Equal: int64(1008)}}))
	e.wantDigests("Query n == 1008 after an Operate add", recs, keys[8])
}

// testQueryPaging checks MaxRecords paging of a query.
func testQueryPaging(e *env) {
	keys, _ := e.queryFixture()
	e.createIndex("n", driver.IndexNumeric)
	const limit = 3
	recs := e.pageThrough("Query paged by MaxRecords 3", limit, len(keys), func(parts []driver.PartitionStatus) driver.Rows {
		return e.query(&driver.QueryRequest{MaxRecords: limit, Partitions: parts, Filter: &driver.Filter{Bin: "n", Begin: 0, End: 100}})
	})
	e.wantDigests("Query paged by MaxRecords 3 must return each record exactly once across pages", recs, keys...)
}

// testQueryNoIndex checks that a query on a bin without an index is
// INDEX_NOTFOUND (server: AS_ERR_SINDEX_NOT_FOUND, 201).
func testQueryNoIndex(e *env) {
	e.queryFixture()
	for _, f := range []*driver.Filter{
		{Bin: "n", Equal: int64(1)},
		{Bin: "n", Begin: 0, End: 10},
		{Bin: "s", Equal: "s1"},
	} {
		rows, err := e.conn.Query(e.ctx, &driver.QueryRequest{Namespace: e.ns, Set: e.set, Filter: f})
		if err == nil {
			_, err = rows.Next(e.ctx)
			_ = rows.Close()
		}
		e.wantCode(fmt.Sprintf("Query on bin %q with no %s index (from Query or the first Next)", f.Bin, f.IndexType()), err, driver.IndexNotFound)
	}
}

// testIndexAdmin checks CreateIndex and DropIndex errors (server info
// commands sindex-create "FAIL:200" and sindex-delete "FAIL:201").
func testIndexAdmin(e *env) {
	name := e.createIndex("n", driver.IndexNumeric)
	err := e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: "n", Type: driver.IndexNumeric})
	e.wantCode("CreateIndex with the name of an existing index", err, driver.IndexFound)
	err = e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: "other", Type: driver.IndexString})
	e.wantCode("CreateIndex with the name of an existing index on another bin", err, driver.IndexFound)
	err = e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name + "_2", Bin: "n", Type: driver.IndexNumeric})
	e.wantCode("CreateIndex with a new name on the same namespace, set, bin and type", err, driver.IndexFound)

	e.wantCode("DropIndex of an index that does not exist", e.conn.DropIndex(e.ctx, e.ns, name+"_missing"), driver.IndexNotFound)
	e.mustOK("DropIndex of an existing index", e.conn.DropIndex(e.ctx, e.ns, name))
	rows, err := e.conn.Query(e.ctx, &driver.QueryRequest{Namespace: e.ns, Set: e.set, Filter: &driver.Filter{Bin: "n", Equal: int64(1)}})
	if err == nil {
		_, err = rows.Next(e.ctx)
		_ = rows.Close()
	}
	e.wantCode("Query on a dropped index (from Query or the first Next)", err, driver.IndexNotFound)
	e.wantCode("DropIndex of an index already dropped", e.conn.DropIndex(e.ctx, e.ns, name), driver.IndexNotFound)
	// Index names are at most 63 bytes on server 8.1 (INAME_MAX_SZ 64 in
	// sindex/sindex_manager.h): a longer one is refused by the info
	// parameter parser with "FAIL:4:'indexname' value too long"
	// (base/thr_info.c as_info_parameter_get, as_info_required_param_is_ok).
	long := name + "_" + strings.Repeat("x", driver.MaxIndexNameLen)
	e.wantCode("CreateIndex with a 64+ byte name", e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: long[:driver.MaxIndexNameLen+1], Bin: "n64", Type: driver.IndexNumeric}), driver.ParameterError)
	// The name is free again.
	e.wantOK("CreateIndex again after DropIndex", e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: "n", Type: driver.IndexNumeric}))
}
