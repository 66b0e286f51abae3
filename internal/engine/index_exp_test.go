package engine

import (
	"slices"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

func TestExpressionIndexQuery(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	recs := map[string]driver.Bins{
		"a":    {"x": int64(1), "y": int64(2), "s": "ab", "l": []any{int64(1), int64(9)}},
		"b":    {"x": int64(10), "y": int64(-1), "s": "cd", "l": []any{int64(4)}},
		"str":  {"x": "1", "y": int64(2), "s": int64(3)}, // x of another type: the sum fails, not indexed
		"miss": {"y": int64(5)},                          // x missing: not indexed
	}
	names := map[any]string{}
	for k, b := range recs {
		key := mkKey(t, "test", "e", k)
		names[key.Digest] = k
		mustPut(t, e, nil, key, b)
	}
	other := mkKey(t, "test", "other", "o") // another set: not in a set's index
	mustPut(t, e, nil, other, driver.Bins{"x": int64(1), "y": int64(1)})
	sum := exp.NumAdd(exp.IntBin("x"), exp.IntBin("y"))
	for _, idx := range []driver.Index{
		{Name: "sum", Exp: sum, Type: driver.IndexNumeric},
		{Name: "str", Exp: exp.StringBin("s"), Type: driver.IndexString},
		{Name: "list", Exp: exp.ListBin("l"), Type: driver.IndexNumeric, Collection: driver.IndexList},
	} {
		idx.Namespace, idx.Set = "test", "e"
		wantCode(t, e.CreateIndex(&idx), driver.OK)
	}
	tests := []struct {
		name  string
		f     *driver.Filter
		want  []string
		bvals []int64
	}{
		{"by expression, range", &driver.Filter{Exp: exp.NumAdd(exp.IntBin("x"), exp.IntBin("y")), Begin: 0, End: 100}, []string{"a", "b"}, []int64{3, 9}},
		{"by expression, equal", &driver.Filter{Exp: sum, Equal: int64(9), Begin: 9, End: 9}, []string{"b"}, []int64{9}},
		{"by name, range", &driver.Filter{IndexName: "sum", Begin: 3, End: 3}, []string{"a"}, []int64{3}},
		{"by name, string", &driver.Filter{IndexName: "str", Equal: "cd"}, []string{"b"}, nil},
		{"by name, other key type meets nothing", &driver.Filter{IndexName: "str", Begin: 0, End: 10}, nil, nil},
		{"by name, collection type is the index's", &driver.Filter{IndexName: "list", Equal: int64(9), Begin: 9, End: 9}, []string{"a"}, []int64{9}},
		{"by expression, list contains", &driver.Filter{Exp: exp.ListBin("l"), Collection: driver.IndexList, Begin: 4, End: 9}, []string{"a", "b"}, []int64{4, 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, bvals := queryAll(t, e, "e", tt.f, 1)
			var got []string
			for _, k := range keys {
				got = append(got, names[k])
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("records %v, want %v", got, tt.want)
			}
			slices.Sort(bvals) // ordered within a partition only
			if tt.bvals != nil && !slices.Equal(bvals, tt.bvals) {
				t.Errorf("bvals %v, want %v", bvals, tt.bvals)
			}
		})
	}
	errs := []struct {
		name string
		f    *driver.Filter
		code driver.ResultCode
	}{
		{"unknown name", &driver.Filter{IndexName: "nope", Begin: 0, End: 1}, driver.IndexNotFound},
		{"another expression", &driver.Filter{Exp: exp.IntBin("x"), Begin: 0, End: 1}, driver.IndexNotFound},
		{"expression of a string index with an integer filter", &driver.Filter{Exp: exp.StringBin("s"), Begin: 0, End: 1}, driver.IndexNotFound},
		{"bin of the expression", &driver.Filter{Bin: "s", Equal: "ab"}, driver.IndexNotFound},
		{"name and expression", &driver.Filter{IndexName: "sum", Exp: sum}, driver.ParameterError},
		{"bin and name", &driver.Filter{Bin: "x", IndexName: "sum"}, driver.ParameterError},
		{"name too long", &driver.Filter{IndexName: string(make([]byte, driver.MaxIndexNameLen+1))}, driver.ParameterError},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.NewWalk(&driver.QueryRequest{Namespace: "test", Set: "e", Filter: tt.f})
			wantCode(t, err, tt.code)
		})
	}
}

func TestCreateExpressionIndex(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	sum := exp.NumAdd(exp.IntBin("x"), exp.IntBin("y"))
	base := driver.Index{Namespace: "test", Set: "c", Name: "sum", Exp: sum, Type: driver.IndexNumeric}
	wantCode(t, e.CreateIndex(&base), driver.OK)
	tests := []struct {
		name string
		idx  driver.Index
		code driver.ResultCode
	}{
		{"same expression, another name", driver.Index{Name: "sum2", Exp: exp.NumAdd(exp.IntBin("x"), exp.IntBin("y")), Type: driver.IndexNumeric}, driver.IndexFound},
		{"same expression, another set", driver.Index{Name: "sum3", Set: "d", Exp: sum, Type: driver.IndexNumeric}, driver.OK},
		{"same name", driver.Index{Name: "sum", Exp: exp.IntBin("z"), Type: driver.IndexNumeric}, driver.IndexFound},
		{"bin and expression", driver.Index{Name: "both", Bin: "x", Exp: sum, Type: driver.IndexNumeric}, driver.ParameterError},
		{"expression of another type", driver.Index{Name: "t", Exp: exp.StringBin("s"), Type: driver.IndexNumeric}, driver.ParameterError},
		{"collection index on a non-list", driver.Index{Name: "l", Exp: exp.IntBin("x"), Type: driver.IndexNumeric, Collection: driver.IndexList}, driver.ParameterError},
		{"map keys on a map", driver.Index{Name: "m", Exp: exp.MapBin("m"), Type: driver.IndexString, Collection: driver.IndexMapKeys}, driver.OK},
		{"boolean expression", driver.Index{Name: "b", Exp: exp.Eq(exp.IntBin("x"), exp.IntVal(1)), Type: driver.IndexNumeric}, driver.ParameterError},
		{"the bin beside an expression index", driver.Index{Name: "xbin", Bin: "x", Type: driver.IndexNumeric}, driver.OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := tt.idx
			idx.Namespace = "test"
			if idx.Set == "" {
				idx.Set = "c"
			}
			wantCode(t, e.CreateIndex(&idx), tt.code)
		})
	}
	got := e.Indexes("test")
	i := slices.IndexFunc(got, func(x driver.Index) bool { return x.Name == "sum" })
	if i < 0 || !sameExp(got[i].Exp, sum) || got[i].Bin != "" {
		t.Errorf("Indexes = %+v, want sum on %s", got, sum)
	}
}
