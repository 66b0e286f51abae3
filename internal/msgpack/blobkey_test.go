package msgpack

import (
	"reflect"
	"testing"
)

// A blob map key (a byte array) packs as a blob, sorts with blobs after
// strings, and unpacks as a byte array again (particle_map.c map_is_key).
func TestBlobMapKeys(t *testing.T) {
	t.Parallel()
	m := map[any]any{[2]byte{1, 2}: "a", "k": "b", int64(1): "c"}
	b, err := Pack(m)
	if err != nil {
		t.Fatal(err)
	}
	if Size(m) != len(b) {
		t.Fatalf("Size %d, packed %d bytes", Size(m), len(b))
	}
	v, _, err := Unpack(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v, m) {
		t.Fatalf("unpacked %#v, want %#v", v, m)
	}
	p := Pairs(m)
	if _, ok := p[2].Key.([2]byte); !ok {
		t.Fatalf("a blob key does not sort after strings and integers: %#v", p)
	}
	if Compare([2]byte{1, 2}, []byte{1, 2}) != 0 || Compare([2]byte{1, 2}, []byte{1, 3}) >= 0 || Compare("z", [1]byte{0}) >= 0 {
		t.Fatal("a blob key does not compare as a blob")
	}
}
