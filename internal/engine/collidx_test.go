package engine

import (
	"slices"
	"testing"

	"github.com/aerokit/aero/driver"
)

// queryAll walks a query through every partition with the given page size
// (0: one page) and returns the user keys met, in order, and their BVals.
func queryAll(t *testing.T, e *Engine, set string, f *driver.Filter, page int64) ([]any, []int64) {
	t.Helper()
	var keys []any
	var bvals []int64
	var parts []driver.PartitionStatus
	for range 1000 {
		w, err := e.NewWalk(&driver.QueryRequest{Namespace: "test", Set: set, Filter: f, Partitions: parts, MaxRecords: page})
		if err != nil {
			t.Fatalf("NewWalk(%+v): %v", f, err)
		}
		for {
			rec, err := w.Next()
			if err != nil {
				t.Fatal(err)
			}
			if rec == nil {
				break
			}
			keys = append(keys, rec.Key.Digest)
			if v, ok := w.BVal(); ok {
				bvals = append(bvals, v)
			}
		}
		parts = w.Partitions()
		if !slices.ContainsFunc(parts, func(p driver.PartitionStatus) bool { return !p.Done }) {
			return keys, bvals
		}
	}
	t.Fatal("query did not finish in 1000 pages")
	return nil, nil
}

func TestCollectionIndexQuery(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	recs := map[string]driver.Bins{
		"l1":   {"l": []any{int64(1), int64(2), int64(2), "a", []byte("b1")}, "m": map[string]any{"a": int64(1), "b": "x"}, "b": []byte("b1")},
		"l2":   {"l": []any{int64(5), []any{int64(1)}, "b"}, "m": map[any]any{int64(7): "a", "c": int64(2)}},
		"s":    {"l": int64(1), "m": "a"},          // not a collection: never in a collection index
		"none": {"l": []any{}, "m": map[any]any{}}, // empty: not indexed
	}
	names := map[any]string{}
	for k, b := range recs {
		key := mkKey(t, "test", "c", k)
		names[key.Digest] = k
		mustPut(t, e, nil, key, b)
	}
	for _, idx := range []driver.Index{
		{Name: "l_num", Bin: "l", Type: driver.IndexNumeric, Collection: driver.IndexList},
		{Name: "l_str", Bin: "l", Type: driver.IndexString, Collection: driver.IndexList},
		{Name: "mk_str", Bin: "m", Type: driver.IndexString, Collection: driver.IndexMapKeys},
		{Name: "mk_num", Bin: "m", Type: driver.IndexNumeric, Collection: driver.IndexMapKeys},
		{Name: "mv_num", Bin: "m", Type: driver.IndexNumeric, Collection: driver.IndexMapValues},
		{Name: "mv_str", Bin: "m", Type: driver.IndexString, Collection: driver.IndexMapValues},
		{Name: "l_blob", Bin: "l", Type: driver.IndexBlob, Collection: driver.IndexList},
		{Name: "b_blob", Bin: "b", Type: driver.IndexBlob},
	} {
		idx.Namespace, idx.Set = "test", "c"
		wantCode(t, e.CreateIndex(&idx), driver.OK)
	}
	f := func(c driver.IndexCollection, bin string, eq any, b, en int64) *driver.Filter {
		return &driver.Filter{Bin: bin, Collection: c, Equal: eq, Begin: b, End: en}
	}
	tests := []struct {
		name  string
		f     *driver.Filter
		want  []string
		bvals []int64
	}{
		{"list eq int", f(driver.IndexList, "l", int64(2), 0, 0), []string{"l1"}, []int64{2}},
		{"list eq int, nested list not descended", f(driver.IndexList, "l", int64(1), 0, 0), []string{"l1"}, []int64{1}},
		{"list range, one per distinct value in a burst", f(driver.IndexList, "l", nil, 1, 5), []string{"l1", "l2"}, []int64{1, 5}},
		{"list eq string", f(driver.IndexList, "l", "b", 0, 0), []string{"l2"}, nil},
		{"map keys string", f(driver.IndexMapKeys, "m", "c", 0, 0), []string{"l2"}, nil},
		{"map keys int", f(driver.IndexMapKeys, "m", int64(7), 0, 0), []string{"l2"}, []int64{7}},
		{"map values int range", f(driver.IndexMapValues, "m", nil, 0, 10), []string{"l1", "l2"}, nil},
		{"map values string", f(driver.IndexMapValues, "m", "a", 0, 0), []string{"l2"}, nil},
		{"map values: a key is not a value", f(driver.IndexMapValues, "m", "b", 0, 0), nil, nil},
		{"list eq blob", f(driver.IndexList, "l", []byte("b1"), 0, 0), []string{"l1"}, nil},
		{"blob bin eq", f(driver.IndexDefault, "b", []byte("b1"), 0, 0), []string{"l1"}, nil},
		{"blob bin eq, other bytes", f(driver.IndexDefault, "b", []byte("b2"), 0, 0), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, bvals := queryAll(t, e, "c", tt.f, 0)
			var got []string
			for _, k := range keys {
				got = append(got, names[k])
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("records %v, want %v", got, tt.want)
			}
			if tt.bvals != nil {
				slices.Sort(bvals)
				if !slices.Equal(bvals, tt.bvals) {
					t.Errorf("bvals %v, want %v", bvals, tt.bvals)
				}
			}
		})
	}
	// The default index does not answer a contains filter, nor the reverse.
	_, err := e.NewWalk(&driver.QueryRequest{Namespace: "test", Set: "c", Filter: f(driver.IndexDefault, "l", int64(1), 0, 0)})
	wantCode(t, err, driver.IndexNotFound)
	_, err = e.NewWalk(&driver.QueryRequest{Namespace: "test", Set: "c", Filter: f(driver.IndexCollection(9), "l", int64(1), 0, 0)})
	wantCode(t, err, driver.ParameterError)
}

// TestCollectionIndexBursts: a record with many distinct values in a range
// comes back once per burst of maxQueryBurst index keys it has keys in, as
// the server's query_collect_cb de-duplicates; paging restarts the bursts
// at the resume point, as the server does.
func TestCollectionIndexBursts(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	l := make([]any, 150)
	for i := range l {
		l[i] = int64(i)
	}
	mustPut(t, e, nil, mkKey(t, "test", "c", "big"), driver.Bins{"l": l})
	wantCode(t, e.CreateIndex(&driver.Index{Namespace: "test", Set: "c", Name: "l", Bin: "l", Type: driver.IndexNumeric, Collection: driver.IndexList}), driver.OK)
	rng := &driver.Filter{Bin: "l", Collection: driver.IndexList, Begin: 0, End: 1000}
	tests := []struct {
		name  string
		f     *driver.Filter
		page  int64
		bvals []int64
	}{
		{"one page", rng, 0, []int64{0, 100}},
		{"pages of one: every value", rng, 1, seq(150)},
		// Page 1: 0, then 100 (second burst); page 2 resumes after 100: one burst.
		{"pages of two", rng, 2, []int64{0, 100, 101}},
		{"equality never repeats", &driver.Filter{Bin: "l", Collection: driver.IndexList, Equal: int64(120)}, 0, []int64{120}},
		{"range of one value", &driver.Filter{Bin: "l", Collection: driver.IndexList, Begin: 7, End: 7}, 0, []int64{7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, bvals := queryAll(t, e, "c", tt.f, tt.page)
			if !slices.Equal(bvals, tt.bvals) {
				t.Errorf("bvals %v, want %v", bvals, tt.bvals)
			}
		})
	}
}

func TestCreateCollectionIndex(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	base := driver.Index{Namespace: "test", Set: "c", Name: "a", Bin: "b", Type: driver.IndexString}
	wantCode(t, e.CreateIndex(&base), driver.OK)
	list := base
	list.Name, list.Collection = "b", driver.IndexList
	wantCode(t, e.CreateIndex(&list), driver.OK) // another definition
	again := list
	again.Name = "c"
	wantCode(t, e.CreateIndex(&again), driver.IndexFound)
	bad := base
	bad.Name, bad.Collection = "d", driver.IndexCollection(4)
	wantCode(t, e.CreateIndex(&bad), driver.ParameterError)
	got := e.Indexes("test")
	if len(got) != 2 || got[1].Collection != driver.IndexList {
		t.Errorf("Indexes = %+v", got)
	}
}

func seq(n int) []int64 {
	s := make([]int64, n)
	for i := range s {
		s[i] = int64(i)
	}
	return s
}
