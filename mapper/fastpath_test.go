package mapper

import (
	"math"
	"reflect"
	"testing"
	"time"
)

type fastInner struct {
	S   string         `aero:"s"`
	I32 int32          `aero:"i32"`
	M   map[string]int `aero:"m"`
}

// fastShapes has a field of every type that has a fast path, and of the
// named kinds that share them.
type fastShapes struct {
	S     string         `aero:"s"`
	NS    userName       `aero:"ns"`
	I64   int64          `aero:"i64"`
	I     int            `aero:"i"`
	D     time.Duration  `aero:"d"`
	F64   float64        `aero:"f64"`
	B     bool           `aero:"b"`
	I32   int32          `aero:"i32"`
	U32   uint32         `aero:"u32"`
	Strs  []string       `aero:"strs"`
	M     map[string]int `aero:"m"`
	PS    *string        `aero:"ps"`
	In    fastInner      `aero:"in"`
	Alias int32          `aero:"al,alias=old"`
	T     time.Time      `aero:"t"`
	Blob  []byte         `aero:"blob"`
	PIn   *fastInner     `aero:"pin"`
	F32   float32        `aero:"f32"`
	U16   uint16         `aero:"u16"`
	I8    int8           `aero:"i8"`
	U64   uint64         `aero:"u64"`
	OE    string         `aero:"oe,omitempty"`
}

type userName string

// generalPlan builds the plan of t without any fast path and outside the
// caches: the reference the fast paths must match.
func generalPlan(tb testing.TB, t reflect.Type) *Plan {
	tb.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	b := newBuilder()
	b.general = true
	p, err := b.plan(t)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// big32 is math.MaxInt32, as a variable so that int(big32+1) compiles on
// 32-bit platforms too.
var big32 int64 = math.MaxInt32

// fastInputs are values of every shape a backend or a caller can hand to a
// field with a fast path.
func fastInputs() []any {
	return []any{
		nil, "", "x", true, false,
		int64(0), int64(1), int64(2), int64(-1), int64(math.MaxInt32), int64(math.MaxInt32 + 1),
		int64(math.MinInt32), int64(math.MinInt32 - 1), int64(math.MaxUint32), int64(math.MaxUint32 + 1),
		int64(math.MaxInt64), int64(math.MinInt64),
		0, 1, 2, -1, int(big32 + 1), int(-big32 - 2), int(2*big32 + 2), // wrap on 32-bit platforms
		int32(5), uint64(math.MaxUint64), uint8(3), 1.5, float32(2.5), []byte("b"),
		[]any{}, []any{"a", nil, "c"}, []any{"a", int64(1)}, []any{nil},
		map[any]any{}, map[any]any{"a": int64(1), "b": nil}, map[any]any{"a": 1},
		map[any]any{"a": "x"}, map[any]any{int64(1): int64(1)}, map[any]any{nil: int64(1)},
		map[any]any{"a": uint64(math.MaxUint64)}, map[any]any{"a": int64(math.MaxInt64)},
		map[any]any{"s": "in", "i32": int64(7), "m": map[string]any{"k": 1}},
		map[any]any{"s": 1}, map[any]any{"i32": int64(math.MaxInt64)},
		map[string]any{}, map[string]any{"a": int64(1)}, map[string]any{"a": 2, "b": nil},
		map[string]any{"a": 1.5}, map[string]any{"s": "in", "m": map[any]any{"k": int64(2)}},
	}
}

// TestFastPathsMatchGeneral decodes every input into every field, with the
// fast paths and without, and wants the same struct and the same error.
func TestFastPathsMatchGeneral(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[fastShapes]()
	fast := planOf[fastShapes](t)
	general := generalPlan(t, typ)
	for _, bin := range append(fast.BinNames(), "none") {
		for _, x := range fastInputs() {
			compareDecode(t, fast, general, map[string]any{bin: x})
		}
	}
	// Encode gives the same bins too.
	s := "p"
	v := fastShapes{S: "a", NS: "b", I64: -1, I: 2, D: 3, F64: 4.5, B: true, I32: -5, U32: 6,
		Strs: []string{"x", ""}, M: map[string]int{"k": -7}, PS: &s, In: fastInner{S: "i", M: map[string]int{}}, Alias: 8,
		T: time.Unix(5, 6), Blob: []byte{1}, PIn: &fastInner{I32: 9}, F32: 1.25, U16: 10, I8: -11, U64: 12}
	for _, val := range []reflect.Value{reflect.ValueOf(v), reflect.ValueOf(&v)} {
		fb, ferr := fast.Encode(val)
		gb, gerr := general.Encode(val)
		if ferr != nil || gerr != nil || !reflect.DeepEqual(fb, gb) {
			t.Errorf("Encode: fast %#v, %v; general %#v, %v", fb, ferr, gb, gerr)
		}
	}
}

// deepFast nests fields with encode fast paths to the depth limit.
type deepFast struct {
	Next *deepFast      `aero:"n"`
	S    []string       `aero:"s"`
	M    map[string]int `aero:"m"`
	P    *string        `aero:"p"`
}

func TestFastPathsMatchGeneralAtDepth(t *testing.T) {
	t.Parallel()
	fast := planOf[deepFast](t)
	general := generalPlan(t, reflect.TypeFor[deepFast]())
	s := "x"
	// A pointer to a struct is two levels: the limit is reached at about
	// maxDepth/2 structs, where the fast paths sit at every depth around it.
	errs := 0
	for levels := maxDepth/2 - 3; levels <= maxDepth/2+1; levels++ {
		v := &deepFast{S: []string{"a"}, M: map[string]int{"k": 1}, P: &s}
		for range levels {
			v = &deepFast{Next: v}
		}
		fb, ferr := fast.Encode(reflect.ValueOf(v))
		gb, gerr := general.Encode(reflect.ValueOf(v))
		if errString(ferr) != errString(gerr) || !reflect.DeepEqual(fb, gb) {
			t.Errorf("%d levels: fast %v; general %v", levels, ferr, gerr)
		}
		if gerr != nil {
			errs++
		}
	}
	if errs == 0 || errs == 5 {
		t.Errorf("%d of 5 depths failed: the depth limit is not around them", errs)
	}
}

func compareDecode(t *testing.T, fast, general *Plan, bins map[string]any) {
	t.Helper()
	fv, gv := reflect.New(fast.Type()), reflect.New(general.Type())
	ferr, gerr := fast.Decode(bins, fv), general.Decode(bins, gv)
	if (ferr == nil) != (gerr == nil) || singleEntries(bins) && errString(ferr) != errString(gerr) {
		t.Errorf("Decode(%#v): fast error %v, general error %v", bins, ferr, gerr)
		return
	}
	if ferr == nil {
		// NaN is never DeepEqual to itself: a NaN decoded into the same
		// field by both plans is the same result.
		sameNaNs(fv.Elem(), gv.Elem())
		if !reflect.DeepEqual(fv.Interface(), gv.Interface()) {
			t.Errorf("Decode(%#v): fast %+v, general %+v", bins, fv.Elem().Interface(), gv.Elem().Interface())
		}
	}
}

// sameNaNs zeroes the float fields (of structs, through pointers) that are
// NaN in both a and b.
func sameNaNs(a, b reflect.Value) {
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		if math.IsNaN(a.Float()) && math.IsNaN(b.Float()) && a.CanSet() && b.CanSet() {
			a.SetFloat(0)
			b.SetFloat(0)
		}
	case reflect.Pointer:
		if !a.IsNil() && !b.IsNil() {
			sameNaNs(a.Elem(), b.Elem())
		}
	case reflect.Struct:
		for i := range a.NumField() {
			sameNaNs(a.Field(i), b.Field(i))
		}
	}
}

// singleEntries reports whether every map in v has at most one entry, so
// that which entry fails first does not depend on map iteration order.
func singleEntries(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		if len(x) > 1 {
			return false
		}
		for _, e := range x {
			return singleEntries(e)
		}
	case map[any]any:
		if len(x) > 1 {
			return false
		}
		for _, e := range x {
			return singleEntries(e)
		}
	case []any:
		for _, e := range x {
			if !singleEntries(e) {
				return false
			}
		}
	}
	return true
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzFastPathsMatchGeneral is TestFastPathsMatchGeneral on generated
// bins, one bin at a time.
func FuzzFastPathsMatchGeneral(f *testing.F) {
	typ := reflect.TypeFor[fastShapes]()
	fast, err := PlanFor(typ)
	if err != nil {
		f.Fatal(err)
	}
	general := generalPlan(f, typ)
	names := append(fast.BinNames(), "k", "a")
	f.Add([]byte{})
	f.Add([]byte{0, 2, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{10, 10, 1, 6, 0, 12, 5})
	f.Add([]byte{11, 11, 1, 6, 1, 3, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data, names: names}
		bins := map[string]any{r.str(): r.value(0)}
		compareDecode(t, fast, general, bins)
	})
}
