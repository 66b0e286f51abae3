package mapper

import (
	"errors"
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

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	type S struct {
		I8  int8            `aero:"i8"`
		U   uint            `aero:"u"`
		I   int             `aero:"i"`
		B   bool            `aero:"b"`
		S   string          `aero:"s"`
		F32 float32         `aero:"f32"`
		A   [2]int          `aero:"a"`
		BA  [2]byte         `aero:"ba"`
		L   []int           `aero:"l"`
		M   map[string]int  `aero:"m"`
		MK  map[int8]string `aero:"mk"`
		In  Inner           `aero:"in"`
		PIn *Inner          `aero:"pin"`
		T   time.Time       `aero:"t"`
		St  fmt.Stringer    `aero:"st"`
		Up  Upper           `aero:"up"`
		Ad  netip.Addr      `aero:"ad"`
		Any any             `aero:"any"`
		BS  []byte          `aero:"bs"`
	}
	p := planOf[S](t)
	tests := []struct {
		bin  string
		val  any
		want string
	}{
		{"i8", 300, `S.I8 (bin "i8"): value 300 overflows int8`},
		{"i8", int64(-129), `value -129 overflows int8`},
		{"u", -1, `S.U (bin "u"): negative value -1 cannot be stored in uint`},
		{"i", 1.5, `S.I (bin "i"): cannot decode float64 into int`},
		{"i", "1", `cannot decode string into int`},
		{"b", 2, `S.B (bin "b"): cannot decode integer 2 into bool`},
		{"b", "true", `cannot decode string into bool`},
		{"s", []byte("x"), `cannot decode []uint8 into string`},
		{"f32", 1e300, `value 1e+300 overflows float32`},
		{"f32", true, `cannot decode bool into float32`},
		{"a", []any{1}, `cannot decode a list of 1 elements into [2]int`},
		{"a", []any{1, "x"}, `S.A[1] (bin "a"): cannot decode string into int`},
		{"ba", []byte{1, 2, 3}, `cannot decode a blob of 3 bytes into [2]uint8`},
		{"ba", []any{1, 256}, `S.BA[1] (bin "ba"): cannot decode int 256 into a byte`},
		{"l", map[any]any{}, `cannot decode map[interface {}]interface {} into []int`},
		{"l", []any{1, nil, true}, `S.L[2] (bin "l"): cannot decode bool into int`},
		{"m", map[any]any{1: 1}, `S.M[key 1] (bin "m"): cannot decode int into string`},
		{"m", map[any]any{"a": "b"}, `S.M["a"]`},
		{"mk", map[any]any{1000: "x"}, `S.MK[key 1000] (bin "mk"): value 1000 overflows int8`},
		{"in", map[any]any{"zip": 1000}, `S.In.Zip (bin "in"): value 1000 overflows int8`},
		{"in", "str", `cannot decode string into mapper.Inner`},
		{"pin", map[any]any{"city": 5}, `S.PIn.City (bin "pin"): cannot decode int into string`},
		{"t", "2020", `cannot decode string into time.Time`},
		{"st", "x", `cannot decode string into non-empty interface type fmt.Stringer`},
		{"up", 5, `UnmarshalAero of *mapper.Upper: want string, got int64`},
		{"ad", "not an ip", `S.Ad (bin "ad"): UnmarshalText of *netip.Addr`},
		{"ad", 1, `cannot decode int into netip.Addr`},
		{"any", []any{struct{}{}}, `S.Any[0] (bin "any"): value of type struct {} is not supported`},
		{"any", map[any]any{true: 1}, `map key of type bool is not supported`},
		{"bs", "x", `cannot decode string into []uint8`},
	}
	for _, tc := range tests {
		t.Run(tc.bin+"/"+tc.want, func(t *testing.T) {
			t.Parallel()
			var s S
			err := p.Decode(map[string]any{tc.bin: tc.val}, reflect.ValueOf(&s))
			if err == nil {
				t.Fatalf("Decode(%s=%#v) succeeded: %+v", tc.bin, tc.val, s)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decode(%s=%#v) error %q, want it to contain %q", tc.bin, tc.val, err, tc.want)
			}
			var me *Error
			if !errors.As(err, &me) || me.Bin != tc.bin {
				t.Errorf("error %#v is not an *Error with Bin %q", err, tc.bin)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	t.Parallel()
	type U struct {
		U64 uint64 `aero:"u64"`
	}
	type A struct {
		Any any `aero:"any"`
	}
	type Cyc struct {
		Next *Cyc `aero:"next"`
	}
	cyc := &Cyc{}
	cyc.Next = cyc
	self := []any{nil}
	self[0] = self
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"uint64 overflow", U{U64: math.MaxUint64}, `U.U64 (bin "u64"): value 18446744073709551615 of type uint64 overflows int64`},
		{"chan in any", A{Any: make(chan int)}, `A.Any (bin "any"): unsupported type chan int`},
		{"bad map key in any", A{Any: map[any]any{true: 1}}, `A.Any[key true] (bin "any"): map key of type bool is not supported`},
		{"struct key in any", A{Any: map[Inner]int{{}: 1}}, `unsupported map key type mapper.Inner`},
		{"complex in list", A{Any: []any{1, complex(1, 2)}}, `A.Any[1] (bin "any"): unsupported type complex128`},
		{"pointer cycle", *cyc, `nests more than 128 levels`},
		{"list cycle", A{Any: self}, `nests more than 128 levels`},
		{"uint overflow in any", A{Any: []uint64{math.MaxUint64}}, `A.Any[0] (bin "any"): uint64 value 18446744073709551615 overflows int64`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := PlanFor(reflect.TypeOf(tc.v))
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Encode(reflect.ValueOf(tc.v))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Encode error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

type (
	badChan struct {
		C chan int
	}
	badFunc struct {
		F func()
	}
	badComplex struct {
		X complex64 `aero:"x"`
	}
	badUnsafe struct {
		P uintptr
	}
	badNested struct {
		Address struct {
			Zip chan int `aero:"zip"`
		}
	}
	badMapKey struct {
		M map[Inner]int
	}
	badBoolKey struct {
		M map[bool]int
	}
	badLong struct {
		X int `aero:"abcdefghijklmnop"`
	}
	badLongDefault struct {
		ABCDEFGHIJKLMNOP int
	}
	badDup struct {
		A int `aero:"x"`
		B int `aero:"x"`
	}
	badDupEmbedded struct {
		Base
		Note string `aero:"note"`
	}
	badOpt struct {
		A int `aero:"a,omitemtpy"`
	}
	badTwoMeta struct {
		A int `aero:",gen,ttl"`
	}
	badTwoKeys struct {
		A string `aero:",key"`
		B string `aero:",key"`
	}
	badKeyType struct {
		K float64 `aero:",key"`
	}
	badGenType struct {
		G string `aero:",gen"`
	}
	badTTLType struct {
		T float64 `aero:",ttl"`
	}
	badBinOpt struct {
		A int `aero:"a,bin"`
	}
	badAsAsm struct {
		A int `as:"a" asm:"gen"`
	}
	badAsm struct {
		A int `asm:"generation"`
	}
	badMarshalOnly struct {
		M marshalOnly
	}
	badSliceElem struct {
		L []func()
	}
	badOmitMeta struct {
		G int `aero:",gen,omitempty"`
	}
)

type marshalOnly int

func (marshalOnly) MarshalAero() (any, error) { return nil, nil }

func TestPlanErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		want string
	}{
		{badChan{}, "mapper: badChan.C: unsupported type chan int"},
		{badFunc{}, "mapper: badFunc.F: unsupported type func()"},
		{badComplex{}, "badComplex.X: unsupported type complex64"},
		{badUnsafe{}, "badUnsafe.P: unsupported type uintptr"},
		{badNested{}, "mapper: badNested.Address.Zip: unsupported type chan int"},
		{badMapKey{}, "badMapKey.M: unsupported map key type mapper.Inner"},
		{badBoolKey{}, "badBoolKey.M: unsupported map key type bool"},
		{badLong{}, `badLong.X: bin name "abcdefghijklmnop" is longer than 15 bytes`},
		{badLongDefault{}, `badLongDefault.ABCDEFGHIJKLMNOP: bin name "ABCDEFGHIJKLMNOP" is longer`},
		{badDup{}, `badDup.B: duplicate bin name "x" (also used by field A)`},
		{badDupEmbedded{}, `badDupEmbedded.Note: duplicate bin name "note" (also used by field Base.Note)`},
		{badOpt{}, `badOpt.A: unknown option "omitemtpy"`},
		{badTwoMeta{}, `more than one of key, gen, ttl`},
		{badTwoKeys{}, `badTwoKeys.B: more than one key field (also A)`},
		{badKeyType{}, `badKeyType.K: key field has type float64`},
		{badGenType{}, `badGenType.G: gen field has type string`},
		{badTTLType{}, `badTTLType.T: ttl field has type float64`},
		{badBinOpt{}, `option bin in tag`},
		{badAsAsm{}, "both `as` and `asm` tags"},
		{badAsm{}, "invalid metadata tag `asm:\"generation\"`"},
		{badMarshalOnly{}, "badMarshalOnly.M: type mapper.marshalOnly implements mapper.Marshaler but *mapper.marshalOnly does not implement mapper.Unmarshaler"},
		{badSliceElem{}, "badSliceElem.L[]: unsupported type func()"},
		{badOmitMeta{}, "omitempty/omitzero apply to bins"},
		{42, "type int is not a struct"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%T", tc.v), func(t *testing.T) {
			t.Parallel()
			err := Register(tc.v)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Register(%T) = %v, want error containing %q", tc.v, err, tc.want)
			}
			// Cached: the same error again, also through a pointer type.
			if err2 := Register(reflect.PointerTo(reflect.TypeOf(tc.v))); err2 == nil || (reflect.TypeOf(tc.v).Kind() == reflect.Struct && err2.Error() != err.Error()) {
				t.Errorf("second Register = %v, want %v", err2, err)
			}
		})
	}
	if err := Register(nil); err == nil {
		t.Error("Register(nil) succeeded")
	}
}

type Node struct {
	Val      int              `aero:"val"`
	Next     *Node            `aero:"next"`
	Children []Node           `aero:"kids"`
	ByName   map[string]*Node `aero:"by"`
}

func TestRecursive(t *testing.T) {
	t.Parallel()
	p := planOf[Node](t)
	n := Node{Val: 1, Next: &Node{Val: 2, Next: &Node{Val: 3}}, Children: []Node{{Val: 4}}, ByName: map[string]*Node{"x": {Val: 5}}}
	bins, err := p.Encode(reflect.ValueOf(n))
	if err != nil {
		t.Fatal(err)
	}
	var got Node
	if err := p.Decode(bins, reflect.ValueOf(&got)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, n) {
		t.Errorf("got %+v, want %+v", got, n)
	}
}

func TestMeta(t *testing.T) {
	t.Parallel()
	type K struct {
		ID   uint64        `aero:"id,key,bin"`
		G    int16         `aero:",gen"`
		TTL  time.Duration `aero:",ttl"`
		Name string        `aero:"name"`
	}
	p := planOf[K](t)
	if !p.HasKey() || !p.HasGeneration() || !p.HasTTL() || !p.WritesTTL() {
		t.Fatal("K: want key, gen and written ttl")
	}
	v := K{ID: 5, G: 3, TTL: time.Minute, Name: "n"}
	bins, err := p.Encode(reflect.ValueOf(v))
	if err != nil {
		t.Fatal(err)
	}
	if want := (map[string]any{"id": int64(5), "name": "n"}); !reflect.DeepEqual(bins, want) {
		t.Errorf("Encode = %v, want %v", bins, want)
	}
	if k, err := p.Key(reflect.ValueOf(v)); err != nil || k != int64(5) {
		t.Errorf("Key = %v, %v; want int64 5", k, err)
	}
	if g, err := p.Generation(reflect.ValueOf(v)); err != nil || g != 3 {
		t.Errorf("Generation = %v, %v", g, err)
	}
	if d, err := p.TTL(reflect.ValueOf(v)); err != nil || d != time.Minute {
		t.Errorf("TTL = %v, %v", d, err)
	}
	rv := reflect.ValueOf(&v)
	if err := p.SetKey(rv, int64(9)); err != nil || v.ID != 9 {
		t.Errorf("SetKey(9): %v, ID %d", err, v.ID)
	}
	for _, bad := range []any{int64(-1), "x", []byte("x")} {
		if err := p.SetKey(rv, bad); err == nil {
			t.Errorf("SetKey(%#v) succeeded", bad)
		}
	}
	if err := p.SetGeneration(rv, 70000); err == nil || !strings.Contains(err.Error(), "K.G: value 70000 overflows int16") {
		t.Errorf("SetGeneration(70000) = %v", err)
	}
	if err := p.SetGeneration(rv, 12); err != nil || v.G != 12 {
		t.Errorf("SetGeneration(12) = %v, G %d", err, v.G)
	}
	if err := p.SetTTL(rv, 2*time.Second); err != nil || v.TTL != 2*time.Second {
		t.Errorf("SetTTL = %v, TTL %v", err, v.TTL)
	}
	type IntTTL struct {
		U32 uint32 `asm:"ttl"`
		I32 int32  `asm:"ttl"`
		I64 int64  `aero:",ttl"`
	}
	ip := planOf[IntTTL](t)
	var it IntTTL
	for _, tc := range []struct {
		set  time.Duration
		want IntTTL
		get  time.Duration
	}{
		{90 * time.Second, IntTTL{90, 90, 90}, 90 * time.Second},
		{1500 * time.Millisecond, IntTTL{1, 1, 1}, time.Second},
		{-1, IntTTL{math.MaxUint32, -1, math.MaxUint32}, -1},
	} {
		if err := ip.SetTTL(reflect.ValueOf(&it), tc.set); err != nil || it != tc.want {
			t.Errorf("SetTTL(%v) = %v, fields %+v; want %+v", tc.set, err, it, tc.want)
		}
		if d, err := ip.TTL(reflect.ValueOf(it)); err != nil || d != tc.get {
			t.Errorf("TTL after SetTTL(%v) = %v, %v; want %v", tc.set, d, err, tc.get)
		}
	}
	type SmallTTL struct {
		T uint16 `aero:",ttl"`
	}
	if err := planOf[SmallTTL](t).SetTTL(reflect.ValueOf(&SmallTTL{}), -1); err == nil {
		t.Error("SetTTL(never) into uint16 succeeded")
	}
	if err := p.SetTTL(reflect.ValueOf(v), 0); err == nil {
		t.Error("SetTTL on a non-settable value succeeded")
	}
	if _, err := p.Key(reflect.ValueOf(K{ID: math.MaxUint64})); err == nil {
		t.Error("Key(MaxUint64) succeeded")
	}

	type NoMeta struct{ A int }
	np := planOf[NoMeta](t)
	if np.HasKey() || np.HasGeneration() || np.HasTTL() || np.WritesTTL() {
		t.Error("NoMeta reports meta fields")
	}
	nv := NoMeta{}
	if _, err := np.Key(reflect.ValueOf(nv)); err == nil {
		t.Error("Key without key field succeeded")
	}
	if err := np.SetGeneration(reflect.ValueOf(&nv), 1); err != nil {
		t.Errorf("SetGeneration without gen field = %v, want nil", err)
	}

	type BK struct {
		K []byte `aero:",key"`
	}
	bp := planOf[BK](t)
	var bk BK
	src := []byte{1, 2}
	if err := bp.SetKey(reflect.ValueOf(&bk), src); err != nil {
		t.Fatal(err)
	}
	src[0] = 9
	if k, _ := bp.Key(reflect.ValueOf(bk)); !reflect.DeepEqual(k, []byte{1, 2}) {
		t.Errorf("Key = %v, want a copy [1 2]", k)
	}
	if bins, _ := bp.Encode(reflect.ValueOf(bk)); len(bins) != 0 {
		t.Errorf("key without bin option was written: %v", bins)
	}
}

func TestBin(t *testing.T) {
	t.Parallel()
	type Deep struct {
		X int `aero:"dx"`
	}
	type Mid struct {
		Deep
		Y int `aero:"my"`
	}
	type Top struct {
		Mid
		Deep
		Name string `aero:"name"`
		In   Inner  `aero:"in"`
	}
	// Deep.X is reached twice (Top.Deep.X and Top.Mid.Deep.X): a duplicate.
	if err := Register(Top{}); err == nil || !strings.Contains(err.Error(), `duplicate bin name "dx"`) {
		t.Fatalf("Register(Top) = %v, want duplicate error", err)
	}
	type Top2 struct {
		Mid
		Name string `aero:"name"`
		In   Inner  `aero:"in"`
	}
	p := planOf[Top2](t)
	tests := []struct {
		path, bin string
		ok        bool
	}{
		{"Name", "name", true},
		{"Y", "my", true},
		{"Mid.Y", "my", true},
		{"X", "dx", true},
		{"Mid.Deep.X", "dx", true},
		{"Deep.X", "", false},
		{"In", "in", true},
		{"In.Zip", "", false},
		{"name", "", false},
	}
	for _, tc := range tests {
		if bin, ok := p.Bin(tc.path); bin != tc.bin || ok != tc.ok {
			t.Errorf("Bin(%q) = %q, %v; want %q, %v", tc.path, bin, ok, tc.bin, tc.ok)
		}
	}
}

func TestEmbeddedRules(t *testing.T) {
	t.Parallel()
	type Named struct {
		Inner `aero:"inner"`
		A     int `aero:"a"`
	}
	type Skipped struct {
		Inner `aero:"-"`
		A     int `aero:"a"`
	}
	type Ptr struct {
		*Inner
		A int `aero:"a"`
	}
	type AsTagged struct {
		Inner `as:"-"` // the client ignores tags on embedded structs
	}
	tests := []struct {
		v    any
		want map[string]any
		back any // what decodes back, when not v
	}{
		{Named{Inner{1, "c"}, 2}, map[string]any{"inner": map[any]any{"zip": int64(1), "city": "c"}, "a": int64(2)}, nil},
		{Skipped{Inner{1, "c"}, 2}, map[string]any{"a": int64(2)}, Skipped{A: 2}},
		{Ptr{&Inner{1, "c"}, 2}, map[string]any{"Inner": map[any]any{"zip": int64(1), "city": "c"}, "a": int64(2)}, nil},
		{Ptr{nil, 2}, map[string]any{"Inner": nil, "a": int64(2)}, nil},
		{AsTagged{Inner{1, "c"}}, map[string]any{"zip": int64(1), "city": "c"}, nil},
	}
	for _, tc := range tests {
		p, err := PlanFor(reflect.TypeOf(tc.v))
		if err != nil {
			t.Fatal(err)
		}
		bins, err := p.Encode(reflect.ValueOf(tc.v))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(bins, tc.want) {
			t.Errorf("Encode(%T) = %v, want %v", tc.v, bins, tc.want)
		}
		nv := reflect.New(reflect.TypeOf(tc.v))
		if err := p.Decode(bins, nv); err != nil {
			t.Fatal(err)
		}
		back := tc.back
		if back == nil {
			back = tc.v
		}
		if !reflect.DeepEqual(nv.Elem().Interface(), back) {
			t.Errorf("round trip %T = %+v, want %+v", tc.v, nv.Elem().Interface(), back)
		}
	}
}

func TestAPIMisuse(t *testing.T) {
	t.Parallel()
	p := planOf[Inner](t)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"encode wrong type", second(p.Encode(reflect.ValueOf(Node{}))), "Encode: value of type mapper.Node, want mapper.Inner"},
		{"encode nil ptr", second(p.Encode(reflect.ValueOf((*Inner)(nil)))), "Encode: nil pointer"},
		{"encode invalid", second(p.Encode(reflect.Value{})), "invalid reflect.Value"},
		{"decode not settable", p.Decode(nil, reflect.ValueOf(Inner{})), "not settable"},
		{"decode wrong type", p.Decode(nil, reflect.ValueOf(&Node{})), "want mapper.Inner"},
		{"PlanFor nil", second(PlanFor(nil)), "nil type"},
	}
	for _, tc := range tests {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, tc.err, tc.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestConcurrentPlanFor(t *testing.T) {
	t.Parallel()
	type Fresh struct {
		A int      `aero:"a"`
		N *Node    `aero:"n"`
		L []*Fresh `aero:"l"`
	}
	done := make(chan *Plan)
	for range 8 {
		go func() {
			p, err := PlanFor(reflect.TypeFor[*Fresh]())
			if err != nil {
				t.Error(err)
			}
			v := Fresh{A: 1, L: []*Fresh{{A: 2}}}
			bins, err := p.Encode(reflect.ValueOf(v))
			if err != nil {
				t.Error(err)
			}
			var got Fresh
			if err := p.Decode(bins, reflect.ValueOf(&got)); err != nil || got.L[0].A != 2 {
				t.Error(err, got)
			}
			done <- p
		}()
	}
	first := <-done
	for range 7 {
		if p := <-done; p != first {
			t.Error("PlanFor returned different plans for one type")
		}
	}
}

func TestClientKeyTag(t *testing.T) {
	t.Parallel()
	type keyOnly struct {
		ID   string `as:",key"`
		Name string `as:"name"`
	}
	type keyAndBin struct {
		ID   int64  `as:"id,key"`
		Name string `as:"name"`
	}
	tests := []struct {
		name     string
		v        any
		wantKey  any
		wantBins map[string]any
	}{
		{"key only", &keyOnly{ID: "k1", Name: "a"}, "k1", map[string]any{"name": "a"}},
		{"key and bin", &keyAndBin{ID: 7, Name: "b"}, int64(7), map[string]any{"id": int64(7), "name": "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rv := reflect.ValueOf(tt.v)
			p, err := PlanFor(rv.Type())
			if err != nil {
				t.Fatal(err)
			}
			if !p.HasKey() {
				t.Fatal("as:\",key\" field is not the key")
			}
			k, err := p.Key(rv)
			if err != nil || !reflect.DeepEqual(k, tt.wantKey) {
				t.Errorf("Key = %v, %v; want %v", k, err, tt.wantKey)
			}
			bins, err := p.Encode(rv)
			if err != nil || !reflect.DeepEqual(bins, tt.wantBins) {
				t.Errorf("Encode = %v, %v; want %v", bins, err, tt.wantBins)
			}
		})
	}
}
