package mapper

import (
	"fmt"
	"math"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

type Inner struct {
	Zip  int8   `aero:"zip"`
	City string `aero:"city"`
}

type Base struct {
	ID   string `aero:"id,key"`
	Gen  uint32 `aero:",gen"`
	Note string `aero:"note"`
}

type base2 struct {
	Hidden string `aero:"hid"`
}

type Celsius float64

type Upper string

func (u Upper) MarshalAero() (any, error) { return strings.ToUpper(string(u)), nil }
func (u *Upper) UnmarshalAero(x any) error {
	s, ok := x.(string)
	if !ok {
		return fmt.Errorf("want string, got %T", x)
	}
	*u = Upper(strings.ToLower(s))
	return nil
}

type Rich struct {
	Base
	base2
	B       bool              `aero:"b"`
	I       int               `aero:"i"`
	I8      int8              `aero:"i8"`
	I16     int16             `aero:"i16"`
	I32     int32             `aero:"i32"`
	I64     int64             `aero:"i64"`
	U       uint              `aero:"u"`
	U8      uint8             `aero:"u8"`
	U16     uint16            `aero:"u16"`
	U32     uint32            `aero:"u32"`
	U64     uint64            `aero:"u64"`
	F32     float32           `aero:"f32"`
	F64     float64           `aero:"f64"`
	C       Celsius           `aero:"c"`
	S       string            `aero:"s"`
	Bytes   []byte            `aero:"bytes"`
	Arr     [4]byte           `aero:"arr"`
	Ints    [3]int            `aero:"ints"`
	Strs    []string          `aero:"strs"`
	Nested  [][]int           `aero:"nested"`
	M       map[string]int    `aero:"m"`
	MI      map[int]string    `aero:"mi"`
	MF      map[float64]bool  `aero:"mf"`
	MA      map[any]any       `aero:"ma"`
	In      Inner             `aero:"in"`
	PIn     *Inner            `aero:"pin"`
	PS      *string           `aero:"ps"`
	Any     any               `aero:"any"`
	T       time.Time         `aero:"t"`
	D       time.Duration     `aero:"d"`
	Up      Upper             `aero:"up"`
	Addr    netip.Addr        `aero:"addr"`
	Structs []Inner           `aero:"structs"`
	MS      map[string]*Inner `aero:"ms"`
	TTL     time.Duration     `aero:",ttl"`
	Skip    string            `aero:"-"`
	Default string
	unexp   int //lint:ignore U1000 present to show unexported fields are ignored
}

func planOf[T any](t *testing.T) *Plan {
	t.Helper()
	p, err := PlanFor(reflect.TypeFor[T]())
	if err != nil {
		t.Fatalf("PlanFor(%v): %v", reflect.TypeFor[T](), err)
	}
	return p
}

func richValue() Rich {
	s := "pointed"
	return Rich{
		Base:    Base{ID: "k1", Gen: 7, Note: "n"},
		base2:   base2{Hidden: "h"},
		B:       true,
		I:       -1,
		I8:      math.MinInt8,
		I16:     math.MaxInt16,
		I32:     math.MinInt32,
		I64:     math.MaxInt64,
		U:       uint(uint64(math.MaxInt64) & uint64(^uint(0))), // MaxInt64, or MaxUint32 on 32-bit platforms
		U8:      math.MaxUint8,
		U16:     math.MaxUint16,
		U32:     math.MaxUint32,
		U64:     1 << 62,
		F32:     1.5,
		F64:     -2.25,
		C:       36.6,
		S:       "héllo",
		Bytes:   []byte{0, 1, 2},
		Arr:     [4]byte{9, 8, 7, 6},
		Ints:    [3]int{1, 2, 3},
		Strs:    []string{"a", "", "c"},
		Nested:  [][]int{{1}, {}, nil},
		M:       map[string]int{"x": 1, "y": -2},
		MI:      map[int]string{1: "one", -5: "minus five"},
		MF:      map[float64]bool{0.5: true},
		MA:      map[any]any{"k": []any{int64(1), "two"}, int64(3): 4.5},
		In:      Inner{Zip: 12, City: "Oslo"},
		PIn:     &Inner{Zip: -3, City: "Rome"},
		PS:      &s,
		Any:     map[any]any{"deep": []any{true, nil, []byte("x")}},
		T:       time.Date(2024, 2, 29, 12, 30, 0, 123456789, time.UTC),
		D:       90 * time.Second,
		Up:      "mixed",
		Addr:    netip.MustParseAddr("10.0.0.1"),
		Structs: []Inner{{Zip: 1, City: "a"}, {Zip: 2, City: "b"}},
		MS:      map[string]*Inner{"p": {Zip: 5}, "nil": nil},
		TTL:     time.Hour,
		Skip:    "not stored",
		Default: "dflt",
	}
}

func TestEncodeCanonical(t *testing.T) {
	t.Parallel()
	p := planOf[Rich](t)
	v := richValue()
	bins, err := p.Encode(reflect.ValueOf(v))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"note": "n", "hid": "h",
		"b": true, "i": int64(-1), "i8": int64(math.MinInt8), "i16": int64(math.MaxInt16),
		"i32": int64(math.MinInt32), "i64": int64(math.MaxInt64),
		"u": int64(math.MaxInt64), "u8": int64(255), "u16": int64(65535), "u32": int64(math.MaxUint32), "u64": int64(1 << 62),
		"f32": 1.5, "f64": -2.25, "c": 36.6, "s": "héllo",
		"bytes":   []byte{0, 1, 2},
		"arr":     []byte{9, 8, 7, 6},
		"ints":    []any{int64(1), int64(2), int64(3)},
		"strs":    []any{"a", "", "c"},
		"nested":  []any{[]any{int64(1)}, []any{}, nil},
		"m":       map[any]any{"x": int64(1), "y": int64(-2)},
		"mi":      map[any]any{int64(1): "one", int64(-5): "minus five"},
		"mf":      map[any]any{0.5: true},
		"ma":      map[any]any{"k": []any{int64(1), "two"}, int64(3): 4.5},
		"in":      map[any]any{"zip": int64(12), "city": "Oslo"},
		"pin":     map[any]any{"zip": int64(-3), "city": "Rome"},
		"ps":      "pointed",
		"any":     map[any]any{"deep": []any{true, nil, []byte("x")}},
		"t":       v.T.UnixNano(),
		"d":       int64(90 * time.Second),
		"up":      "MIXED",
		"addr":    "10.0.0.1",
		"structs": []any{map[any]any{"zip": int64(1), "city": "a"}, map[any]any{"zip": int64(2), "city": "b"}},
		"ms":      map[any]any{"p": map[any]any{"zip": int64(5), "city": ""}, "nil": nil},
		"Default": "dflt",
	}
	if !reflect.DeepEqual(bins, want) {
		for k := range want {
			if !reflect.DeepEqual(bins[k], want[k]) {
				t.Errorf("bin %q = %#v, want %#v", k, bins[k], want[k])
			}
		}
		for k := range bins {
			if _, ok := want[k]; !ok {
				t.Errorf("unexpected bin %q = %#v", k, bins[k])
			}
		}
	}
	// Addressable and pointer inputs encode the same.
	for _, in := range []reflect.Value{reflect.ValueOf(&v), reflect.ValueOf(&v).Elem()} {
		got, err := p.Encode(in)
		if err != nil || !reflect.DeepEqual(got, bins) {
			t.Errorf("Encode(%v) = %v, %v; want same as by value", in.Kind(), got, err)
		}
	}
	if names := p.BinNames(); len(names) != len(want) {
		t.Errorf("BinNames() = %v (%d), want %d names", names, len(names), len(want))
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	p := planOf[Rich](t)
	v := richValue()
	bins, err := p.Encode(reflect.ValueOf(v))
	if err != nil {
		t.Fatal(err)
	}
	var got Rich
	got.Skip = "kept"
	got.ID = "other key"
	if err := p.Decode(bins, reflect.ValueOf(&got)); err != nil {
		t.Fatal(err)
	}
	want := v
	want.Skip = "kept"        // skipped fields are not touched
	want.ID = "other key"     // key (not a bin) is not touched
	want.Gen, want.TTL = 0, 0 // meta fields are not bins
	want.Up = "mixed"         // MarshalAero upper-cases, UnmarshalAero lower-cases
	want.MS["nil"] = nil
	want.Nested = [][]int{{1}, {}, nil}
	if !got.T.Equal(want.T) {
		t.Errorf("T = %v, want %v", got.T, want.T)
	}
	got.T = want.T
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
}

func TestDecodeZeroesMissing(t *testing.T) {
	t.Parallel()
	p := planOf[Rich](t)
	v := richValue()
	if err := p.Decode(map[string]any{"s": "only", "i": nil}, reflect.ValueOf(&v)); err != nil {
		t.Fatal(err)
	}
	want := Rich{S: "only", Base: Base{ID: "k1", Gen: 7}, TTL: time.Hour, Skip: "not stored"}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got %+v\nwant %+v", v, want)
	}
}

// TestDecodeClientShapes feeds values as aerospike-client-go returns them
// (int, float32 in lists, map[any]any with int keys, 0/1 for bools).
func TestDecodeClientShapes(t *testing.T) {
	t.Parallel()
	type S struct {
		B   bool           `aero:"b"`
		B0  bool           `aero:"b0"`
		I8  int8           `aero:"i8"`
		U16 uint16         `aero:"u16"`
		F   float64        `aero:"f"`
		F32 float32        `aero:"f32"`
		L   []float64      `aero:"l"`
		M   map[int]string `aero:"m"`
		MS  map[string]int `aero:"ms"`
		A   any            `aero:"a"`
		T   time.Time      `aero:"t"`
		Arr [2]byte        `aero:"arr"`
		P   *int           `aero:"p"`
		In  Inner          `aero:"in"`
	}
	p := planOf[S](t)
	ts := time.Date(2020, 1, 2, 3, 4, 5, 6, time.UTC)
	bins := map[string]any{
		"b": 1, "b0": 0, "i8": -128, "u16": 65535, "f": 3, "f32": float32(0.5),
		"l": []any{1, float32(2.5), 3.25},
		"m": map[any]any{1: "a", int64(2): "b"}, "ms": map[any]any{"x": 1},
		"a": []any{1, map[any]any{2: float32(1)}, map[string]any{"s": 3}},
		"t": int(ts.UnixNano()), "arr": []any{1, 255}, "p": 42,
		"in": map[string]any{"zip": 9, "city": "c"},
	}
	var got S
	if err := p.Decode(bins, reflect.ValueOf(&got)); err != nil {
		t.Fatal(err)
	}
	forty2 := 42
	want := S{
		B: true, I8: -128, U16: 65535, F: 3, F32: 0.5, L: []float64{1, 2.5, 3.25},
		M: map[int]string{1: "a", 2: "b"}, MS: map[string]int{"x": 1},
		A:   []any{int64(1), map[any]any{int64(2): float64(1)}, map[any]any{"s": int64(3)}},
		T:   ts.Local(),
		Arr: [2]byte{1, 255}, P: &forty2, In: Inner{Zip: 9, City: "c"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestTimeEdges(t *testing.T) {
	t.Parallel()
	type S struct {
		T  time.Time  `aero:"t"`
		TZ time.Time  `aero:"tz,omitzero"`
		TE time.Time  `aero:"te,omitempty"`
		P  *time.Time `aero:"p"`
	}
	p := planOf[S](t)
	bins, err := p.Encode(reflect.ValueOf(S{}))
	if err != nil {
		t.Fatal(err)
	}
	// The zero time is stored as the client stores it.
	want := map[string]any{"t": time.Time{}.UnixNano(), "te": time.Time{}.UnixNano(), "p": nil}
	if !reflect.DeepEqual(bins, want) {
		t.Errorf("Encode(zero) = %v, want %v", bins, want)
	}
	var got S
	got.T = time.Now()
	if err := p.Decode(bins, reflect.ValueOf(&got)); err != nil || !got.T.IsZero() || !got.TE.IsZero() {
		t.Errorf("Decode(zero) = %+v, %v; want zero times", got, err)
	}
	_, err = p.Encode(reflect.ValueOf(S{T: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}))
	if err == nil || !strings.Contains(err.Error(), "S.T (bin \"t\")") {
		t.Errorf("Encode(year 3000) error = %v, want one naming S.T", err)
	}
}

func TestOmit(t *testing.T) {
	t.Parallel()
	type S struct {
		E  int            `aero:"e,omitempty"`
		ES []int          `aero:"es,omitempty"`
		EM map[string]int `aero:"em,omitempty"`
		EP *int           `aero:"ep,omitempty"`
		ST Inner          `aero:"st,omitempty"` // structs are never empty
		Z  Inner          `aero:"z,omitzero"`
		AE string         `as:"ae,omitempty"`
		N  []int          `aero:"n"`
		NP *int           `aero:"np"`
		NA any            `aero:"na"`
	}
	p := planOf[S](t)
	bins, err := p.Encode(reflect.ValueOf(S{ES: []int{}, EM: map[string]int{}}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"st": map[any]any{"zip": int64(0), "city": ""}, "n": nil, "np": nil, "na": nil}
	if !reflect.DeepEqual(bins, want) {
		t.Errorf("Encode = %v, want %v", bins, want)
	}
	one := 1
	bins, err = p.Encode(reflect.ValueOf(S{E: 1, EP: &one, Z: Inner{Zip: 1}, AE: "x"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"e", "ep", "z", "ae"} {
		if _, ok := bins[k]; !ok {
			t.Errorf("bin %q missing from %v", k, bins)
		}
	}
}
