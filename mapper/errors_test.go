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
		{"uint overflow in any", A{Any: uint64(math.MaxUint64)}, `A.Any (bin "any"): uint64 value 18446744073709551615 overflows int64`},
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
			err := register(tc.v)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("register(%T) = %v, want error containing %q", tc.v, err, tc.want)
			}
			// Cached: the same error again, also through a pointer type.
			if err2 := register(reflect.PointerTo(reflect.TypeOf(tc.v))); err2 == nil || (reflect.TypeOf(tc.v).Kind() == reflect.Struct && err2.Error() != err.Error()) {
				t.Errorf("second Register = %v, want %v", err2, err)
			}
		})
	}
	if err := register(nil); err == nil {
		t.Error("register(nil) succeeded")
	}
}
