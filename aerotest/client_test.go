package aerotest

import (
	"errors"
	"math"
	"sort"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"
)

// These tests drive the server with the real aerospike-client-go v8 client,
// unchanged: every capability aero relies on.

// newClient starts a server and connects the real client to it.
func newClient(t *testing.T, opts ...Option) (*Server, *as.Client) {
	t.Helper()
	s := NewServer(t, opts...)
	cp := as.NewClientPolicy()
	cp.Timeout = 5 * time.Second
	c, err := as.NewClientWithPolicy(cp, s.Host(), s.Port())
	if err != nil {
		t.Fatalf("connect to %s: %v", s.Addr(), err)
	}
	t.Cleanup(c.Close)
	return s, c
}

func mustKey(t *testing.T, ns, set string, v any) *as.Key {
	t.Helper()
	k, err := as.NewKey(ns, set, v)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails unless err carries the result code want (nil for OK).
func wantCode(t *testing.T, err error, want types.ResultCode) {
	t.Helper()
	if want == types.OK {
		if err != nil {
			t.Fatalf("got error %v, want success", err)
		}
		return
	}
	var ae as.Error
	if !errors.As(err, &ae) || !ae.Matches(want) {
		t.Fatalf("got error %v, want result code %v", err, want)
	}
}

func TestClusterAndInfo(t *testing.T) {
	t.Parallel()
	s, c := newClient(t, WithNamespaces("test", "bar"))
	nodes := c.GetNodes()
	if len(nodes) != 1 || nodes[0].GetName() != "BB9AE20000000001" {
		t.Fatalf("nodes = %v", nodes)
	}
	info, err := nodes[0].RequestInfo(as.NewInfoPolicy(), "build", "namespaces", "node", "no-such-command")
	must(t, err)
	want := map[string]string{"build": "8.1.2.0", "namespaces": "test;bar", "node": "BB9AE20000000001", "no-such-command": "ERROR:4:unrecognized command"}
	for k, v := range want {
		if info[k] != v {
			t.Errorf("info %q = %q, want %q", k, info[k], v)
		}
	}
	if s.DSN() != "aerospike://"+s.Addr()+"/test" {
		t.Errorf("DSN = %q", s.DSN())
	}
	// Both namespaces are usable.
	for _, ns := range []string{"test", "bar"} {
		k := mustKey(t, ns, "s", 1)
		must(t, c.Put(nil, k, as.BinMap{"a": ns}))
		rec, err := c.Get(nil, k)
		must(t, err)
		if rec.Bins["a"] != ns {
			t.Errorf("%s: got %v", ns, rec.Bins)
		}
	}
	wantCode(t, c.Put(nil, mustKey(t, "nope", "s", 1), as.BinMap{"a": 1}), types.INVALID_NAMESPACE)
}

func TestReadsAndValues(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	k := mustKey(t, "test", "s", "k1")
	bins := as.BinMap{
		"i": 42, "neg": -7, "f": 2.5, "s": "str", "b": []byte{1, 2, 3}, "t": true,
		"l": []any{1, "two", 3.5, []byte{9}, []any{true}},
		"m": map[any]any{"k": 1, 2: "v", 1.5: map[any]any{"x": nil}},
	}
	must(t, c.Put(nil, k, bins))

	tests := []struct {
		name string
		get  func() (*as.Record, error)
		want as.BinMap
	}{
		{"all bins", func() (*as.Record, error) { return c.Get(nil, k) }, as.BinMap{
			"i": 42, "neg": -7, "f": 2.5, "s": "str", "b": []byte{1, 2, 3}, "t": true,
			"l": []any{1, "two", 3.5, []byte{9}, []any{true}},
			"m": map[any]any{"k": 1, 2: "v", 1.5: map[any]any{"x": nil}},
		}},
		{"selected bins", func() (*as.Record, error) { return c.Get(nil, k, "i", "s", "missing") }, as.BinMap{"i": 42, "s": "str"}},
		{"header only", func() (*as.Record, error) { return c.GetHeader(nil, k) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := tt.get()
			must(t, err)
			if rec.Generation != 1 || rec.Expiration != math.MaxUint32 {
				t.Errorf("gen=%d exp=%d, want 1 and never", rec.Generation, rec.Expiration)
			}
			if len(tt.want) == 0 && len(rec.Bins) != 0 {
				t.Errorf("bins = %v, want none", rec.Bins)
			}
			for n, v := range tt.want {
				if !equal(rec.Bins[n], v) {
					t.Errorf("bin %s = %#v, want %#v", n, rec.Bins[n], v)
				}
			}
			if len(rec.Bins) != len(tt.want) {
				t.Errorf("bins = %v, want %v", rec.Bins, tt.want)
			}
		})
	}

	ok, err := c.Exists(nil, k)
	must(t, err)
	missing := mustKey(t, "test", "s", "missing")
	no, err := c.Exists(nil, missing)
	must(t, err)
	if !ok || no {
		t.Errorf("Exists = %v, %v; want true, false", ok, no)
	}
	_, err = c.Get(nil, missing)
	wantCode(t, err, types.KEY_NOT_FOUND_ERROR)
}

func equal(a, b any) bool {
	switch x := a.(type) {
	case []byte:
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[any]any:
		y, ok := b.(map[any]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if !equal(v, y[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func TestWritePolicies(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	wp := func(f func(p *as.WritePolicy)) *as.WritePolicy {
		p := as.NewWritePolicy(0, 0)
		f(p)
		return p
	}
	tests := []struct {
		name     string
		exists   bool
		policy   *as.WritePolicy
		want     types.ResultCode
		wantBins as.BinMap
	}{
		{"create only new", false, wp(func(p *as.WritePolicy) { p.RecordExistsAction = as.CREATE_ONLY }), types.OK, as.BinMap{"b": 2}},
		{"create only existing", true, wp(func(p *as.WritePolicy) { p.RecordExistsAction = as.CREATE_ONLY }), types.KEY_EXISTS_ERROR, as.BinMap{"a": 1}},
		{"update only missing", false, wp(func(p *as.WritePolicy) { p.RecordExistsAction = as.UPDATE_ONLY }), types.KEY_NOT_FOUND_ERROR, nil},
		{"update only existing merges", true, wp(func(p *as.WritePolicy) { p.RecordExistsAction = as.UPDATE_ONLY }), types.OK, as.BinMap{"a": 1, "b": 2}},
		{"replace drops other bins", true, wp(func(p *as.WritePolicy) { p.RecordExistsAction = as.REPLACE }), types.OK, as.BinMap{"b": 2}},
		{"replace only missing", false, wp(func(p *as.WritePolicy) { p.RecordExistsAction = as.REPLACE_ONLY }), types.KEY_NOT_FOUND_ERROR, nil},
		{"generation equal match", true, wp(func(p *as.WritePolicy) { p.GenerationPolicy, p.Generation = as.EXPECT_GEN_EQUAL, 1 }), types.OK, as.BinMap{"a": 1, "b": 2}},
		{"generation equal mismatch", true, wp(func(p *as.WritePolicy) { p.GenerationPolicy, p.Generation = as.EXPECT_GEN_EQUAL, 5 }), types.GENERATION_ERROR, as.BinMap{"a": 1}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := mustKey(t, "test", "wp", i)
			if tt.exists {
				must(t, c.Put(nil, k, as.BinMap{"a": 1}))
			}
			wantCode(t, c.Put(tt.policy, k, as.BinMap{"b": 2}), tt.want)
			rec, err := c.Get(nil, k)
			if tt.wantBins == nil {
				wantCode(t, err, types.KEY_NOT_FOUND_ERROR)
				return
			}
			must(t, err)
			if !equal(map[any]any(toAnyMap(rec.Bins)), map[any]any(toAnyMap(tt.wantBins))) {
				t.Errorf("bins = %v, want %v", rec.Bins, tt.wantBins)
			}
		})
	}
}

func toAnyMap(m as.BinMap) map[any]any {
	out := map[any]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestTTL(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	k := mustKey(t, "test", "ttl", 1)
	must(t, c.Put(as.NewWritePolicy(0, 100), k, as.BinMap{"a": 1}))
	rec, err := c.GetHeader(nil, k)
	must(t, err)
	if rec.Expiration < 98 || rec.Expiration > 100 {
		t.Fatalf("expiration = %d, want about 100", rec.Expiration)
	}
	// TTL keep (-2) leaves the expiration alone.
	must(t, c.Put(as.NewWritePolicy(0, as.TTLDontUpdate), k, as.BinMap{"a": 2}))
	rec, err = c.GetHeader(nil, k)
	must(t, err)
	if rec.Expiration < 98 || rec.Expiration > 100 || rec.Generation != 2 {
		t.Fatalf("after keep: exp=%d gen=%d", rec.Expiration, rec.Generation)
	}
	// The moved clock shortens the TTL the client sees.
	s.FastForward(60 * time.Second)
	rec, err = c.GetHeader(nil, k)
	must(t, err)
	if rec.Expiration < 38 || rec.Expiration > 40 {
		t.Fatalf("after 60s: expiration = %d, want about 40", rec.Expiration)
	}
	s.FastForward(41 * time.Second)
	_, err = c.Get(nil, k)
	wantCode(t, err, types.KEY_NOT_FOUND_ERROR)

	// Never expire (-1), and default (0: the namespace default, never).
	for _, ttl := range []uint32{as.TTLDontExpire, as.TTLServerDefault} {
		must(t, c.Put(as.NewWritePolicy(0, ttl), k, as.BinMap{"a": 1}))
		rec, err = c.GetHeader(nil, k)
		must(t, err)
		if rec.Expiration != math.MaxUint32 {
			t.Errorf("ttl %d: expiration = %d, want never", ttl, rec.Expiration)
		}
	}
}

func TestDeleteTouch(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	k := mustKey(t, "test", "s", "dt")
	wantCode(t, c.Touch(nil, k), types.KEY_NOT_FOUND_ERROR)
	must(t, c.Put(nil, k, as.BinMap{"a": 1}))
	must(t, c.Touch(as.NewWritePolicy(0, 500), k))
	rec, err := c.GetHeader(nil, k)
	must(t, err)
	if rec.Generation != 2 || rec.Expiration < 498 || rec.Expiration > 500 {
		t.Fatalf("after touch: gen=%d exp=%d", rec.Generation, rec.Expiration)
	}
	p := as.NewWritePolicy(7, 0)
	p.GenerationPolicy = as.EXPECT_GEN_EQUAL
	_, err = c.Delete(p, k)
	wantCode(t, err, types.GENERATION_ERROR)
	existed, err := c.Delete(nil, k)
	must(t, err)
	if !existed {
		t.Error("Delete of an existing record reported false")
	}
	existed, err = c.Delete(nil, k)
	must(t, err)
	if existed {
		t.Error("Delete of a missing record reported true")
	}
}

func TestOperate(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	k := mustKey(t, "test", "op", 1)
	must(t, c.Put(nil, k, as.BinMap{"n": 1, "s": "b", "f": 1.5}))
	rec, err := c.Operate(nil, k,
		as.AddOp(as.NewBin("n", 10)),
		as.GetBinOp("n"),
		as.AppendOp(as.NewBin("s", "c")),
		as.PrependOp(as.NewBin("s", "a")),
		as.GetBinOp("s"),
		as.PutOp(as.NewBin("w", "new")),
		as.AddOp(as.NewBin("f", 1.0)),
		as.GetBinOp("f"),
		as.GetBinOp("n"),
	)
	must(t, err)
	if rec.Generation != 2 {
		t.Errorf("generation = %d, want 2", rec.Generation)
	}
	if rec.Bins["s"] != "abc" || rec.Bins["f"] != 2.5 {
		t.Errorf("bins = %v", rec.Bins)
	}
	if n, ok := rec.Bins["n"].(as.OpResults); !ok || len(n) != 2 || n[0] != 11 || n[1] != 11 {
		t.Errorf("n = %#v, want OpResults{11, 11}", rec.Bins["n"])
	}
	// Read all, touch, read header.
	rec, err = c.Operate(as.NewWritePolicy(0, 300), k, as.TouchOp(), as.GetOp())
	must(t, err)
	if rec.Bins["w"] != "new" || rec.Expiration < 298 || rec.Expiration > 300 || rec.Generation != 3 {
		t.Errorf("after touch+get: %v gen=%d exp=%d", rec.Bins, rec.Generation, rec.Expiration)
	}
	rec, err = c.Operate(nil, k, as.GetHeaderOp())
	must(t, err)
	if len(rec.Bins) != 0 || rec.Generation != 3 {
		t.Errorf("header op: %v gen=%d", rec.Bins, rec.Generation)
	}
	// Respond per op: one result per op, nil for writes.
	p := as.NewWritePolicy(0, 0)
	p.RespondPerEachOp = true
	rec, err = c.Operate(p, k, as.PutOp(as.NewBin("x", 1)), as.GetBinOp("x"))
	must(t, err)
	if r, ok := rec.Bins["x"].(as.OpResults); !ok || len(r) != 2 || r[0] != nil || r[1] != 1 {
		t.Errorf("respond per op: x = %#v", rec.Bins["x"])
	}
	// Type errors and delete.
	_, err = c.Operate(nil, k, as.AddOp(as.NewBin("s", 1)))
	wantCode(t, err, types.BIN_TYPE_ERROR)
	_, err = c.Operate(nil, k, as.DeleteOp())
	must(t, err)
	_, err = c.Get(nil, k)
	wantCode(t, err, types.KEY_NOT_FOUND_ERROR)
	_, err = c.Operate(nil, k, as.GetOp())
	wantCode(t, err, types.KEY_NOT_FOUND_ERROR)
}

func TestBatch(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	var keys []*as.Key
	for i := 0; i < 20; i++ {
		k := mustKey(t, "test", "b", i)
		keys = append(keys, k)
		if i%2 == 0 {
			must(t, c.Put(nil, k, as.BinMap{"i": i, "s": "x"}))
		}
	}
	recs, err := c.BatchGet(nil, keys)
	must(t, err)
	for i, r := range recs {
		if (i%2 == 0) != (r != nil) {
			t.Fatalf("BatchGet[%d] = %v", i, r)
		}
		if r != nil && (r.Bins["i"] != i || r.Bins["s"] != "x") {
			t.Fatalf("BatchGet[%d] = %v", i, r.Bins)
		}
	}
	recs, err = c.BatchGet(nil, keys, "i")
	must(t, err)
	if recs[2] == nil || len(recs[2].Bins) != 1 || recs[2].Bins["i"] != 2 {
		t.Fatalf("BatchGet bins: %v", recs[2])
	}
	recs, err = c.BatchGetHeader(nil, keys)
	must(t, err)
	if recs[4] == nil || recs[4].Generation != 1 || len(recs[4].Bins) != 0 || recs[5] != nil {
		t.Fatalf("BatchGetHeader: %v %v", recs[4], recs[5])
	}
	ex, err := c.BatchExists(nil, keys)
	must(t, err)
	for i, e := range ex {
		if e != (i%2 == 0) {
			t.Fatalf("BatchExists[%d] = %v", i, e)
		}
	}

	cw := as.NewBatchWritePolicy()
	cw.RecordExistsAction = as.CREATE_ONLY
	ops := []as.BatchRecordIfc{
		as.NewBatchRead(nil, keys[0], []string{"i"}),
		as.NewBatchRead(nil, keys[1], nil),
		as.NewBatchWrite(nil, keys[2], as.AddOp(as.NewBin("i", 100)), as.GetBinOp("i")),
		as.NewBatchWrite(cw, keys[4], as.PutOp(as.NewBin("z", 1))),
		as.NewBatchDelete(nil, keys[6]),
		as.NewBatchDelete(nil, keys[7]),
		as.NewBatchWrite(nil, keys[9], as.PutOp(as.NewBin("new", "yes"))),
	}
	must(t, c.BatchOperate(nil, ops))
	wantRC := []types.ResultCode{types.OK, types.KEY_NOT_FOUND_ERROR, types.OK, types.KEY_EXISTS_ERROR, types.OK, types.KEY_NOT_FOUND_ERROR, types.OK}
	for i, op := range ops {
		br := op.BatchRec()
		if br.ResultCode != wantRC[i] {
			t.Errorf("entry %d: result code %v, want %v (err %v)", i, br.ResultCode, wantRC[i], br.Err)
		}
	}
	if r := ops[0].BatchRec().Record; r == nil || r.Bins["i"] != 0 {
		t.Errorf("entry 0 record %v", r)
	}
	// Batch writes respond per op (the client sets INFO2_RESPOND_ALL_OPS):
	// nil for the add, then the read.
	if r := ops[2].BatchRec().Record; r == nil || !equal([]any(r.Bins["i"].(as.OpResults)), []any{nil, 102}) || r.Generation != 2 {
		t.Errorf("entry 2 record %v", r)
	}
	if ok, _ := c.Exists(nil, keys[6]); ok {
		t.Error("batch delete left the record")
	}
	rec, err := c.Get(nil, keys[9])
	must(t, err)
	if rec.Bins["new"] != "yes" {
		t.Errorf("batch write: %v", rec.Bins)
	}
}

func TestScanPaging(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	const n = 250
	wp := as.NewWritePolicy(0, 0)
	wp.SendKey = true
	for i := 0; i < n; i++ {
		must(t, c.Put(wp, mustKey(t, "test", "scan", i), as.BinMap{"i": i, "o": "x"}))
	}
	must(t, c.Put(nil, mustKey(t, "test", "other", 1), as.BinMap{"i": -1}))

	pf := as.NewPartitionFilterAll()
	sp := as.NewScanPolicy()
	sp.MaxRecords = 40
	seen := map[int]bool{}
	pages := 0
	for !pf.IsDone() {
		rs, err := c.ScanPartitions(sp, pf, "test", "scan", "i")
		must(t, err)
		count := 0
		for res := range rs.Results() {
			must(t, res.Err)
			count++
			i := res.Record.Bins["i"].(int)
			if seen[i] {
				t.Fatalf("record %d returned twice", i)
			}
			seen[i] = true
			if _, has := res.Record.Bins["o"]; has {
				t.Fatal("bin o returned though not asked")
			}
			if res.Record.Key.Value() == nil || res.Record.Key.Value().GetObject() != int64(i) {
				t.Fatalf("key %v, want user key %d", res.Record.Key, i)
			}
		}
		if count > 40 {
			t.Fatalf("page of %d records, max 40", count)
		}
		pages++
		if pages > 20 {
			t.Fatal("scan does not finish")
		}
	}
	if len(seen) != n {
		t.Fatalf("scan returned %d records, want %d", len(seen), n)
	}
	if pages < 7 {
		t.Errorf("scan took %d pages, want at least 7", pages)
	}
	// Whole namespace, no bin data.
	sp = as.NewScanPolicy()
	sp.IncludeBinData = false
	rs, err := c.ScanAll(sp, "test", "")
	must(t, err)
	total := 0
	for res := range rs.Results() {
		must(t, res.Err)
		if len(res.Record.Bins) != 0 {
			t.Fatalf("bins returned without bin data: %v", res.Record.Bins)
		}
		total++
	}
	if total != n+1 {
		t.Errorf("namespace scan returned %d, want %d", total, n+1)
	}
}

func TestQuery(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	for i := 0; i < 100; i++ {
		must(t, c.Put(nil, mustKey(t, "test", "q", i), as.BinMap{"n": i, "s": []string{"even", "odd"}[i%2]}))
	}
	stmt := as.NewStatement("test", "q")
	must(t, stmt.SetFilter(as.NewRangeFilter("n", 10, 19)))
	qp := as.NewQueryPolicy()
	qp.MaxRetries = 1
	_, err := c.Query(qp, stmt)
	if err == nil {
		rs, _ := c.Query(qp, stmt)
		for res := range rs.Results() {
			err = res.Err
			if err != nil {
				break
			}
		}
	}
	wantCode(t, err, types.INDEX_NOTFOUND)

	task, err := c.CreateIndex(nil, "test", "q", "q_n", "n", as.NUMERIC)
	must(t, err)
	must(t, <-task.OnComplete())
	task, err = c.CreateIndex(nil, "test", "q", "q_s", "s", as.STRING)
	must(t, err)
	must(t, <-task.OnComplete())
	// Server 8.1 answers a duplicate create with OK (sindex_manager.c), and
	// so does the client; the same name on another bin is INDEX_FOUND.
	_, err = c.CreateIndex(nil, "test", "q", "q_n", "n", as.NUMERIC)
	must(t, err)
	_, err = c.CreateIndex(nil, "test", "q", "q_n", "other", as.NUMERIC)
	wantCode(t, err, types.INDEX_FOUND)

	collect := func(stmt *as.Statement, pf *as.PartitionFilter, qp *as.QueryPolicy) []int {
		t.Helper()
		rs, err := c.QueryPartitions(qp, stmt, pf)
		must(t, err)
		var out []int
		for res := range rs.Results() {
			must(t, res.Err)
			out = append(out, res.Record.Bins["n"].(int))
		}
		sort.Ints(out)
		return out
	}
	got := collect(stmt, as.NewPartitionFilterAll(), nil)
	if len(got) != 10 || got[0] != 10 || got[9] != 19 {
		t.Errorf("range query = %v", got)
	}
	stmt = as.NewStatement("test", "q", "n")
	must(t, stmt.SetFilter(as.NewEqualFilter("s", "odd")))
	got = collect(stmt, as.NewPartitionFilterAll(), nil)
	if len(got) != 50 || got[0] != 1 {
		t.Errorf("string equality query returned %d records", len(got))
	}
	stmt = as.NewStatement("test", "q")
	must(t, stmt.SetFilter(as.NewEqualFilter("n", 42)))
	got = collect(stmt, as.NewPartitionFilterAll(), nil)
	if len(got) != 1 || got[0] != 42 {
		t.Errorf("integer equality query = %v", got)
	}
	// Paging.
	stmt = as.NewStatement("test", "q")
	must(t, stmt.SetFilter(as.NewRangeFilter("n", 0, 99)))
	qp = as.NewQueryPolicy()
	qp.MaxRecords = 30
	pf := as.NewPartitionFilterAll()
	var all []int
	for pages := 0; !pf.IsDone(); pages++ {
		if pages > 10 {
			t.Fatal("query paging does not finish")
		}
		page := collect(stmt, pf, qp)
		if len(page) > 30 {
			t.Fatalf("page of %d", len(page))
		}
		all = append(all, page...)
	}
	sort.Ints(all)
	if len(all) != 100 || all[99] != 99 {
		t.Fatalf("paged query returned %d records", len(all))
	}
	// A partition filter by key carries the key's digest with bval 0: the
	// server resumes after (0, digest) in index order, so every matching
	// record of the partition comes back (as the client suite expects).
	stmt = as.NewStatement("test", "q")
	must(t, stmt.SetFilter(as.NewRangeFilter("n", 1, 99)))
	perPart := map[int]bool{}
	for i := 0; i < 100; i++ {
		k := mustKey(t, "test", "q", i)
		for _, n := range collect(stmt, as.NewPartitionFilterByKey(k), nil) {
			perPart[n] = true
		}
	}
	if len(perPart) != 99 {
		t.Errorf("per-key partition queries returned %d distinct records, want 99", len(perPart))
	}
	must(t, c.DropIndex(nil, "test", "q", "q_n"))
	must(t, c.DropIndex(nil, "test", "q", "q_n")) // the client folds INDEX_NOTFOUND
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	for i := 0; i < 10; i++ {
		must(t, c.Put(nil, mustKey(t, "test", "a", i), as.BinMap{"i": i}))
		must(t, c.Put(nil, mustKey(t, "test", "b", i), as.BinMap{"i": i}))
	}
	must(t, c.Truncate(nil, "test", "a", nil))
	if n := s.Len("test"); n != 10 {
		t.Fatalf("after truncating set a: %d records, want 10", n)
	}
	must(t, c.Truncate(nil, "test", "", nil))
	if n := s.Len("test"); n != 0 {
		t.Fatalf("after truncating the namespace: %d records", n)
	}
	// truncate.c as_truncate_cmd never looks the namespace up: ok.
	must(t, c.Truncate(nil, "nope", "", nil))
}
