package msgpack

import (
	"bytes"
	"math"
	"reflect"
	"testing"
)

// A uint64 above math.MaxInt64 is how a list or map element the client
// packs as msgpack 0xcf (packer.go packUInt64) is kept: the server stores
// it and orders it as a non-negative integer above every int64 (checked
// against server 8.1.2: a list [2^64-1, 5, 2^63, -1, MaxInt64] sorts to
// [-1, 5, MaxInt64, 2^63, 2^64-1]).
func TestUint64RoundTrip(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		v    any
		wire []byte
	}{
		{uint64(math.MaxUint64), []byte{0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{uint64(1 << 63), []byte{0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0}},
		{[]any{uint64(math.MaxUint64)}, []byte{0x91, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
	} {
		b, err := Pack(tt.v)
		if err != nil || !bytes.Equal(b, tt.wire) {
			t.Fatalf("Pack(%#v) = % x, %v; want % x", tt.v, b, err, tt.wire)
		}
		if n := Size(tt.v); n != len(b) {
			t.Errorf("Size(%#v) = %d, want %d", tt.v, n, len(b))
		}
		got, _, err := Unpack(b)
		if err != nil || !reflect.DeepEqual(got, tt.v) {
			t.Fatalf("Unpack(% x) = %#v, %v; want %#v", b, got, err, tt.v)
		}
	}
}

func TestUint64Order(t *testing.T) {
	t.Parallel()
	asc := []any{nil, true, int64(math.MinInt64), int64(-1), int64(0), int64(5), int64(math.MaxInt64), uint64(1 << 63), uint64(math.MaxUint64), "a"}
	for i := range asc {
		for j := range asc {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := Compare(asc[i], asc[j]); got != want {
				t.Errorf("Compare(%#v, %#v) = %d, want %d", asc[i], asc[j], got, want)
			}
		}
	}
}

// Plain gives a uint64 as the client reads it: the int64 of its bits
// (unpacker.go 0xcf), in lists, map values and map keys.
func TestUint64Plain(t *testing.T) {
	t.Parallel()
	in := []any{uint64(math.MaxUint64), map[any]any{uint64(1 << 63): uint64(math.MaxUint64)}, OrderedList{uint64(1 << 63)}}
	want := []any{int64(-1), map[any]any{int64(math.MinInt64): int64(-1)}, []any{int64(math.MinInt64)}}
	if got := Plain(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("Plain(%#v) = %#v, want %#v", in, got, want)
	}
}
