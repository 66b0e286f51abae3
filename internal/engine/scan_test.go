package engine

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aerokit/aero/driver"
)

// keysInPartition returns n keys of set that fall in partition pid.
func keysInPartition(t *testing.T, set string, pid, n int) []*driver.Key {
	t.Helper()
	var out []*driver.Key
	for i := 0; len(out) < n; i++ {
		k := mkKey(t, "test", set, int64(i))
		if k.Digest.Partition() == pid {
			out = append(out, k)
		}
		if i > 1<<24 {
			t.Fatal("no keys found")
		}
	}
	return out
}

func TestScanPartitionOrderResumeMax(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	const pid = 7
	keys := keysInPartition(t, "s", pid, 5)
	for i, k := range keys {
		mustPut(t, e, &driver.WritePolicy{SendKey: i%2 == 0}, k, driver.Bins{"i": k.UserKey, "x": "y"})
	}
	res, err := e.ScanPartition(&ScanRequest{Namespace: "test", Set: "s", Partition: pid, Max: 2, Bins: []string{"i"}})
	wantCode(t, err, driver.OK)
	if len(res.Records) != 2 || res.Status.Done || !res.Status.HasDigest {
		t.Fatalf("first page: %d records, status %+v", len(res.Records), res.Status)
	}
	var all []*driver.Record
	all = append(all, res.Records...)
	after := res.Status.Digest
	res, err = e.ScanPartition(&ScanRequest{Namespace: "test", Set: "s", Partition: pid, After: &after, Bins: []string{"i"}})
	wantCode(t, err, driver.OK)
	if len(res.Records) != 3 || !res.Status.Done {
		t.Fatalf("second page: %d records, status %+v", len(res.Records), res.Status)
	}
	all = append(all, res.Records...)
	for i := 1; i < len(all); i++ {
		a, b := all[i-1].Key.Digest, all[i].Key.Digest
		if bytes.Compare(a[:], b[:]) >= 0 {
			t.Fatalf("records not in ascending digest order at %d", i)
		}
	}
	for _, r := range all {
		if len(r.Bins) != 1 {
			t.Fatalf("bins selection ignored: %v", r.Bins)
		}
		uk := r.Bins["i"].(int64)
		if stored := uk%2 == 0; false && stored {
			_ = stored
		}
		if r.Key.UserKey != nil && r.Key.UserKey != uk {
			t.Fatalf("wrong user key %v for record %d", r.Key.UserKey, uk)
		}
	}
	stored := 0
	for _, r := range all {
		if r.Key.UserKey != nil {
			stored++
		}
	}
	if stored != 3 {
		t.Fatalf("%d records carry a user key, want 3 (those written with SendKey)", stored)
	}
	// Resuming after the last digest: nothing, done, digest kept.
	last := all[len(all)-1].Key.Digest
	res, err = e.ScanPartition(&ScanRequest{Namespace: "test", Partition: pid, After: &last})
	wantCode(t, err, driver.OK)
	if len(res.Records) != 0 || !res.Status.Done || res.Status.Digest != last {
		t.Fatalf("past the end: %+v", res.Status)
	}
	// Header only.
	res, _ = e.ScanPartition(&ScanRequest{Namespace: "test", Partition: pid, NoBins: true})
	if len(res.Records) != 5 || res.Records[0].Bins != nil || res.Records[0].Generation != 1 {
		t.Fatalf("NoBins scan: %d records, first %+v", len(res.Records), res.Records[0])
	}
}

func TestScanSets(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	for i := range 30 {
		set := []string{"a", "b", ""}[i%3]
		mustPut(t, e, nil, mkKey(t, "test", set, i), driver.Bins{"i": i})
	}
	count := func(set string) int {
		n := 0
		for pid := range driver.Partitions {
			res, err := e.ScanPartition(&ScanRequest{Namespace: "test", Set: set, Partition: pid})
			wantCode(t, err, driver.OK)
			for _, r := range res.Records {
				if set != "" && r.Key.Set != set {
					t.Fatalf("record of set %q in a scan of %q", r.Key.Set, set)
				}
			}
			n += len(res.Records)
		}
		return n
	}
	if got := count("a"); got != 10 {
		t.Errorf("set a: %d", got)
	}
	if got := count(""); got != 30 {
		t.Errorf("all sets: %d", got)
	}
	if got := count("zzz"); got != 0 {
		t.Errorf("unknown set: %d", got)
	}
	_, err := e.ScanPartition(&ScanRequest{Namespace: "nope"})
	wantCode(t, err, driver.InvalidNamespace)
	_, err = e.ScanPartition(&ScanRequest{Namespace: "test", Partition: driver.Partitions})
	wantCode(t, err, driver.ParameterError)
	_, err = e.ScanPartition(&ScanRequest{Namespace: "test", Set: strings.Repeat("s", 64)})
	wantCode(t, err, driver.ParameterError)
	_, err = e.ScanPartition(nil)
	wantCode(t, err, driver.ParameterError)
}

func TestIndexDefinitions(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	base := driver.Index{Namespace: "test", Set: "s", Name: "idx", Bin: "b", Type: driver.IndexNumeric}
	with := func(f func(*driver.Index)) *driver.Index { c := base; f(&c); return &c }
	wantCode(t, e.CreateIndex(&base), driver.OK)
	tests := []struct {
		name string
		idx  *driver.Index
		code driver.ResultCode
	}{
		{"same name", with(func(i *driver.Index) { i.Bin = "other" }), driver.IndexFound},
		{"same definition", with(func(i *driver.Index) { i.Name = "idx2" }), driver.IndexFound},
		{"other type", with(func(i *driver.Index) { i.Name = "idx3"; i.Type = driver.IndexString }), driver.OK},
		{"other set", with(func(i *driver.Index) { i.Name = "idx4"; i.Set = "" }), driver.OK},
		{"name 63", with(func(i *driver.Index) { i.Name = strings.Repeat("n", 63); i.Bin = "c" }), driver.OK},
		{"name 64", with(func(i *driver.Index) { i.Name = strings.Repeat("m", 64); i.Bin = "d" }), driver.ParameterError},
		{"empty name", with(func(i *driver.Index) { i.Name = "" }), driver.ParameterError},
		{"bad name", with(func(i *driver.Index) { i.Name = "a;b" }), driver.ParameterError},
		{"bad bin", with(func(i *driver.Index) { i.Name = "x1"; i.Bin = strings.Repeat("b", 16) }), driver.ParameterError},
		{"bad type", with(func(i *driver.Index) { i.Name = "x2"; i.Type = 9 }), driver.ParameterError},
		{"bad set", with(func(i *driver.Index) { i.Name = "x3"; i.Set = strings.Repeat("s", 64) }), driver.ParameterError},
		{"bad ns", with(func(i *driver.Index) { i.Name = "x4"; i.Namespace = "nope" }), driver.InvalidNamespace},
		{"nil", nil, driver.ParameterError},
	}
	for _, tt := range tests {
		wantCode(t, e.CreateIndex(tt.idx), tt.code)
	}
	if got := len(e.Indexes("test")); got != 4 {
		t.Fatalf("Indexes = %d", got)
	}
	wantCode(t, e.DropIndex("test", "idx"), driver.OK)
	wantCode(t, e.DropIndex("test", "idx"), driver.IndexNotFound)
	wantCode(t, e.DropIndex("nope", "idx"), driver.InvalidNamespace)
}

func TestQuery(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	for i := range 40 {
		set := []string{"a", "b"}[i%2]
		var v any = int64(i % 10)
		if i%5 == 4 {
			v = "str" // another type: never matched by a numeric filter
		}
		mustPut(t, e, nil, mkKey(t, "test", set, i), driver.Bins{"n": v, "s": []string{"x", "y"}[i%2]})
	}
	run := func(set string, f *driver.Filter) (int, error) {
		total := 0
		for pid := range driver.Partitions {
			res, err := e.ScanPartition(&ScanRequest{Namespace: "test", Set: set, Filter: f, Partition: pid})
			if err != nil {
				return 0, err
			}
			for _, r := range res.Records {
				if !matches(mustNormalize(t, f), r.Bins[f.Bin]) {
					t.Fatalf("record %v does not match %+v", r.Bins, f)
				}
			}
			total += len(res.Records)
		}
		return total, nil
	}
	eq := func(bin string, v any) *driver.Filter { return &driver.Filter{Bin: bin, Equal: v} }
	rng := func(b, e int64) *driver.Filter { return &driver.Filter{Bin: "n", Begin: b, End: e} }

	// No index yet: INDEX_NOTFOUND.
	_, err := run("a", eq("n", 1))
	wantCode(t, err, driver.IndexNotFound)

	wantCode(t, e.CreateIndex(&driver.Index{Namespace: "test", Set: "a", Name: "n_a", Bin: "n", Type: driver.IndexNumeric}), driver.OK)
	wantCode(t, e.CreateIndex(&driver.Index{Namespace: "test", Name: "s_all", Bin: "s", Type: driver.IndexString}), driver.OK)

	tests := []struct {
		name string
		set  string
		f    *driver.Filter
		want int
		code driver.ResultCode
	}{
		{"eq int", "a", eq("n", 2), 4, driver.OK},
		{"eq int kind", "a", eq("n", int32(2)), 4, driver.OK},
		{"range inclusive", "a", rng(0, 3), 8, driver.OK}, // set a has i even: n in {0,2} ×4... see below
		{"range none", "a", rng(100, 200), 0, driver.OK},
		{"set index unused without set", "", eq("n", 2), 0, driver.IndexNotFound},
		{"set index unused for other set", "b", eq("n", 1), 0, driver.IndexNotFound},
		{"setless index for a set", "b", eq("s", "y"), 20, driver.OK},
		{"setless index without set", "", eq("s", "x"), 20, driver.OK},
		{"setless index other value", "a", eq("s", "y"), 0, driver.OK},
		{"wrong type", "a", eq("n", "2"), 0, driver.IndexNotFound},
		{"bad range", "a", rng(5, 1), 0, driver.ParameterError},
		{"bad equal type", "a", eq("n", 1.5), 0, driver.ParameterError},
		{"bad bin", "a", eq("", 1), 0, driver.ParameterError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := run(tt.set, tt.f)
			wantCode(t, err, tt.code)
			if err == nil && got != tt.want {
				t.Fatalf("matched %d, want %d", got, tt.want)
			}
		})
	}
	// A record whose indexed bin changes type leaves the results.
	k := mkKey(t, "test", "a", 0) // n == 0
	mustPut(t, e, nil, k, driver.Bins{"n": "zero"})
	if got, _ := run("a", eq("n", 0)); got != 3 {
		t.Fatalf("after retyping one record: %d matches, want 3", got)
	}
}

func mustNormalize(t *testing.T, f *driver.Filter) *driver.Filter {
	t.Helper()
	nf := *f
	if nf.Equal != nil {
		v, err := driver.Normalize(nf.Equal)
		if err != nil {
			t.Fatal(err)
		}
		nf.Equal = v
	}
	return &nf
}
