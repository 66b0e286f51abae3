package wire

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/aerokit/aero/internal/msgpack"
)

// A map bin packed out of key order decodes in its stored order (the
// server keeps an unordered map as written) and encodes back byte for
// byte, with no order header; one in key order, or nested in a list, is a
// map[any]any.
func TestDecodeParticleStoredOrder(t *testing.T) {
	t.Parallel()
	outOfOrder := []byte{0x82, 0xa2, 0x03, 0x63, 0x01, 0xa2, 0x03, 0x61, 0x03} // {"c": 1, "a": 3}
	inOrder := []byte{0x82, 0xa2, 0x03, 0x61, 0x03, 0xa2, 0x03, 0x63, 0x01}    // {"a": 3, "c": 1}
	nested := append([]byte{0x91}, outOfOrder...)
	tests := []struct {
		name string
		pt   uint8
		b    []byte
		want any
	}{
		{"out of key order", ParticleMap, outOfOrder, msgpack.OrderedMap{Pairs: []msgpack.Pair{{Key: "c", Value: int64(1)}, {Key: "a", Value: int64(3)}}}},
		{"in key order", ParticleMap, inOrder, map[any]any{"a": int64(3), "c": int64(1)}},
		{"nested in a list", ParticleList, nested, []any{map[any]any{"a": int64(3), "c": int64(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := DecodeParticle(tt.pt, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(v, tt.want) {
				t.Fatalf("decoded %#v, want %#v", v, tt.want)
			}
			_, data, err := EncodeParticle(v)
			if err != nil {
				t.Fatal(err)
			}
			if tt.name != "nested in a list" && !bytes.Equal(data, tt.b) {
				t.Fatalf("encoded % x, want % x", data, tt.b)
			}
		})
	}
}
