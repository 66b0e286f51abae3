package msgpack

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"sort"
	"testing"
)

func TestPackUnpackRoundTrip(t *testing.T) {
	t.Parallel()
	long := string(bytes.Repeat([]byte("x"), 300))
	big := make([]any, 70000)
	for i := range big {
		big[i] = int64(i)
	}
	tests := []struct {
		name string
		v    any
	}{
		{"nil", nil},
		{"true", true},
		{"false", false},
		{"fixint", int64(5)},
		{"uint8", int64(200)},
		{"uint16", int64(60000)},
		{"uint32", int64(1 << 31)},
		{"uint64", int64(math.MaxInt64)},
		{"negfix", int64(-3)},
		{"int8", int64(-100)},
		{"int16", int64(-30000)},
		{"int32", int64(math.MinInt32)},
		{"int64", int64(math.MinInt64)},
		{"float", 1.5},
		{"string", "héllo"},
		{"empty string", ""},
		{"long string", long},
		{"blob", []byte{0, 1, 2}},
		{"list", []any{int64(1), "a", []byte{9}, nil, true}},
		{"big list", big},
		{"map", map[any]any{"a": int64(1), int64(2): []any{1.5}, 2.5: map[any]any{}}},
		{"ordered list", OrderedList{int64(1), int64(2)}},
		{"empty ordered list", OrderedList{}},
		{"key-ordered map", OrderedMap{Flags: MapKeyOrdered, Pairs: []Pair{{int64(1), "a"}, {"b", nil}}}},
		{"kv-ordered map", OrderedMap{Flags: MapKeyValueOrdered, Pairs: []Pair{}}},
		{"nested ordered", []any{OrderedList{int64(1)}, OrderedMap{Flags: MapKeyOrdered, Pairs: []Pair{{"k", OrderedList{}}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := Pack(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if Size(tt.v) != len(b) {
				t.Errorf("Size = %d, packed %d bytes", Size(tt.v), len(b))
			}
			got, n, err := Unpack(b)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(b) {
				t.Errorf("used %d of %d bytes", n, len(b))
			}
			if !reflect.DeepEqual(got, tt.v) {
				t.Errorf("round trip: got %#v, want %#v", got, tt.v)
			}
		})
	}
}

// The exact bytes the client packs and the server stores.
func TestPackBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		v    any
		want []byte
	}{
		// client packer.go packString: str header, particle type 3.
		{"string", "ab", []byte{0xa3, 3, 'a', 'b'}},
		// packBytes: str header, particle type 4.
		{"blob", []byte{7}, []byte{0xa2, 4, 7}},
		// server as_pack_int64: non-negative values unsigned.
		{"200", int64(200), []byte{0xcc, 200}},
		{"-1", int64(-1), []byte{0xff}},
		{"-33", int64(-33), []byte{0xd0, 0xdf}},
		// client packer.go packInfinity / packWildCard.
		{"inf", Inf{}, []byte{0xd4, 0xff, 0x01}},
		{"wildcard", Wildcard{}, []byte{0xd4, 0xff, 0x00}},
		// particle_list.c: the ORDERED flag in an ext 8 of size 0, counted
		// as an element.
		{"ordered list", OrderedList{int64(1)}, []byte{0x92, 0xc7, 0, 1, 1}},
		// particle_map.c: the K_ORDERED flag as the first key, nil value.
		{"ordered map", OrderedMap{Flags: 1, Pairs: []Pair{{int64(1), int64(2)}}}, []byte{0x82, 0xc7, 0, 1, 0xc0, 1, 2}},
		{"map key order", map[any]any{"a": int64(1), int64(1): int64(0)}, []byte{0x82, 1, 0, 0xa2, 3, 'a', 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Pack(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("Pack(%#v) = % x, want % x", tt.v, got, tt.want)
			}
		})
	}
}

func TestUnpackNonStorage(t *testing.T) {
	t.Parallel()
	in := []byte{0x92, 0x01, 0xd4, 0xff, 0x00}
	if _, _, err := Unpack(in); !errors.Is(err, ErrValue) {
		t.Fatalf("Unpack of a wildcard: err = %v, want ErrValue", err)
	}
	d := NewDecoder(in)
	d.NonStorage = true
	v, err := d.Value()
	if err != nil {
		t.Fatal(err)
	}
	if want := []any{int64(1), Wildcard{}}; !reflect.DeepEqual(v, want) {
		t.Fatalf("got %#v, want %#v", v, want)
	}
}

func TestUnpackErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrValue},
		{"truncated int", []byte{0xcd, 1}, ErrValue},
		{"count lie", []byte{0xdd, 0xff, 0xff, 0xff, 0xff}, ErrValue},
		{"map count lie", []byte{0xdf, 0xff, 0xff, 0xff, 0xff}, ErrValue},
		{"bad key", []byte{0x81, 0xc0, 0x01}, ErrValue},
		{"list key", []byte{0x81, 0x90, 0x01}, ErrValue},
		{"deep", bytes.Repeat([]byte{0x91}, 1000), ErrValue},
		{"unknown type", []byte{0xc1}, ErrValue},
		{"ext in list body", []byte{0x92, 0x01, 0xc7, 0, 1}, ErrValue},
		{"ext as map value", []byte{0x81, 0x01, 0xc7, 0, 1}, ErrValue},
		{"ext alone", []byte{0xc7, 0, 1}, ErrValue},
		{"unknown particle", []byte{0xa2, 9, 1}, ErrValue},
		{"huge ext", []byte{0xc9, 0xff, 0xff, 0xff, 0xff, 1}, ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, _, err := Unpack(tt.in); !errors.Is(err, tt.want) {
				t.Fatalf("Unpack(% x) err = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestPackErrors(t *testing.T) {
	t.Parallel()
	deep := any(int64(1))
	for i := 0; i < MaxDepth+2; i++ {
		deep = []any{deep}
	}
	for _, v := range []any{struct{}{}, deep, []any{uint8(1)}, map[any]any{"k": int32(1)}} {
		if _, err := Pack(v); !errors.Is(err, ErrValue) {
			t.Errorf("Pack(%T) err = %v, want ErrValue", v, err)
		}
	}
}

func TestDecoderHelpers(t *testing.T) {
	t.Parallel()
	b := AppendArrayHeader(nil, 3)
	b = AppendInt(b, 7)
	b = append(b, 0xc0)
	b, _ = Append(b, "x")
	d := NewDecoder(b)
	n, err := d.ArrayHeader()
	if err != nil || n != 3 {
		t.Fatalf("ArrayHeader = %d, %v", n, err)
	}
	if i, err := d.Int(); err != nil || i != 7 {
		t.Fatalf("Int = %d, %v", i, err)
	}
	if !d.PeekNil() {
		t.Fatal("PeekNil = false before a nil")
	}
	if raw, err := d.Skip(); err != nil || !bytes.Equal(raw, []byte{0xc0}) {
		t.Fatalf("Skip = % x, %v", raw, err)
	}
	if _, err := d.Int(); !errors.Is(err, ErrValue) {
		t.Fatalf("Int of a string: err = %v", err)
	}
	if d.Len() != 0 || d.Offset() != len(b) {
		t.Fatalf("Len %d Offset %d", d.Len(), d.Offset())
	}
	if _, err := NewDecoder([]byte{0x80}).ArrayHeader(); !errors.Is(err, ErrValue) {
		t.Fatalf("ArrayHeader of a map: %v", err)
	}
}

// TestCompare follows cf/src/msgpack_in.c msgpack_cmp_internal and the type
// order of cf/include/msgpack_in.h msgpack_type.
func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b any
		want int
	}{
		{"nil < false", nil, false, -1},
		{"false < true", false, true, -1},
		{"true < negint", true, int64(-5), -1},
		{"negint < int", int64(-1), int64(0), -1},
		{"ints by value", int64(3), int64(20), -1},
		{"negints by value", int64(-20), int64(-3), -1},
		{"int < string", int64(math.MaxInt64), "", -1},
		{"string < list", "zzz", []any{}, -1},
		{"list < map", []any{int64(1)}, map[any]any{}, -1},
		{"map < bytes", map[any]any{"a": int64(1)}, []byte{}, -1},
		{"bytes < double", []byte{0xff}, -1.5, -1},
		{"int < double by type", int64(100), 5.0, -1},
		{"double < inf", math.Inf(1), Inf{}, -1},
		{"list < inf", []any{Inf{}}, Inf{}, -1},
		{"strings bytewise", "ab", "b", -1},
		{"string prefix first", "ab", "abc", -1},
		{"equal strings", "ab", "ab", 0},
		{"bytes bytewise", []byte{1, 2}, []byte{1, 3}, -1},
		{"doubles", 1.5, 2.5, -1},
		{"NaN equals", math.NaN(), 2.5, 0},
		{"lists elementwise", []any{int64(1), int64(3)}, []any{int64(2)}, -1},
		{"list prefix first", []any{int64(1)}, []any{int64(1), nil}, -1},
		{"ordered list like list", OrderedList{int64(1)}, []any{int64(1)}, 0},
		{"maps by count first", map[any]any{"z": int64(9)}, map[any]any{"a": int64(1), "b": int64(1)}, -1},
		{"maps by key", map[any]any{"a": int64(9)}, map[any]any{"b": int64(1)}, -1},
		{"maps by value", map[any]any{"a": int64(1)}, map[any]any{"a": int64(2)}, -1},
		{"ordered map like map", OrderedMap{Flags: 1, Pairs: []Pair{{"a", int64(1)}}}, map[any]any{"a": int64(1)}, 0},
		{"wildcard equals", Wildcard{}, "x", 0},
		{"wildcard in list ends it", []any{int64(1), Wildcard{}, int64(9)}, []any{int64(1), int64(2), int64(3)}, 0},
		{"wildcard after shorter prefix", []any{Wildcard{}}, []any{int64(1), int64(2)}, 0},
		{"wildcard not reached", []any{int64(2), Wildcard{}}, []any{int64(1), int64(5)}, 1},
		{"inf in list", []any{int64(1), Inf{}}, []any{int64(1), "zz"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Compare(tt.a, tt.b); got != tt.want {
				t.Errorf("Compare(%#v, %#v) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := Compare(tt.b, tt.a); got != -tt.want {
				t.Errorf("Compare(%#v, %#v) = %d, want %d", tt.b, tt.a, got, -tt.want)
			}
		})
	}
}

// Sorting a mix of types gives the server's type order.
func TestCompareSortsTypes(t *testing.T) {
	t.Parallel()
	in := []any{Inf{}, 1.5, []byte{1}, map[any]any{}, []any{}, "s", int64(3), int64(-3), true, false, nil}
	want := append([]any{}, in...)
	for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
		want[i], want[j] = want[j], want[i]
	}
	sort.SliceStable(in, func(i, j int) bool { return Compare(in[i], in[j]) < 0 })
	if !reflect.DeepEqual(in, want) {
		t.Fatalf("sorted %#v\nwant %#v", in, want)
	}
}

func TestPairs(t *testing.T) {
	t.Parallel()
	got := Pairs(map[any]any{"b": int64(2), int64(1): int64(1), 1.5: nil})
	want := []Pair{{int64(1), int64(1)}, {"b", int64(2)}, {1.5, nil}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Pairs = %#v, want %#v", got, want)
	}
	if Pairs("x") != nil {
		t.Fatal("Pairs of a string is not nil")
	}
}

// FuzzUnpack checks that no input panics the decoder or makes it allocate
// beyond the input's size, and that what decodes packs and decodes the same.
//
//	go test -fuzz=FuzzUnpack -fuzztime=10s ./internal/msgpack
func FuzzUnpack(f *testing.F) {
	for _, v := range []any{
		[]any{int64(1), "a", map[any]any{"k": 1.5}},
		OrderedList{int64(-1), []byte{1}},
		OrderedMap{Flags: MapKeyValueOrdered, Pairs: []Pair{{"a", []any{nil, true}}}},
	} {
		b, _ := Pack(v)
		f.Add(b, false)
	}
	f.Add([]byte{0x92, 0xd4, 0xff, 0x01, 0xd4, 0xff, 0x00}, true)
	f.Fuzz(func(t *testing.T, b []byte, nonStorage bool) {
		d := NewDecoder(b)
		d.NonStorage = nonStorage
		v, err := d.Value()
		if err != nil {
			return
		}
		out, err := Pack(v)
		if err != nil {
			t.Fatalf("decoded %#v does not pack: %v", v, err)
		}
		d2 := NewDecoder(out)
		d2.NonStorage = nonStorage
		v2, err := d2.Value()
		if err != nil {
			t.Fatalf("re-decoding %#v: %v", v, err)
		}
		if Compare(v, v2) != 0 {
			t.Fatalf("re-decoded %#v differs from %#v", v2, v)
		}
	})
}

func TestPlain(t *testing.T) {
	t.Parallel()
	inner := []any{int64(1)}
	blob := []byte{1}
	v := []any{"x", OrderedList{int64(2), inner}, OrderedMap{Flags: MapKeyOrdered, Pairs: []Pair{{"k", blob}}}}
	got := Plain(v).([]any)
	want := []any{"x", []any{int64(2), []any{int64(1)}}, map[any]any{"k": []byte{1}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Plain = %#v, want %#v", got, want)
	}
	// Nothing inside an ordered container is shared.
	got[1].([]any)[1].([]any)[0] = int64(9)
	got[2].(map[any]any)["k"].([]byte)[0] = 9
	if inner[0] != int64(1) || blob[0] != 1 {
		t.Fatal("Plain shares the contents of an ordered container")
	}
	// A value without ordered containers comes back as it is.
	plainV := []any{int64(1), map[any]any{"a": []any{}}}
	if p := Plain(plainV).([]any); &p[0] != &plainV[0] {
		t.Fatal("Plain copied a value with no ordered container")
	}
}
