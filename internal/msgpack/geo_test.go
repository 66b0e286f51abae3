package msgpack

import (
	"bytes"
	"testing"

	"github.com/aerokit/aero/internal/value"
)

// TestGeoJSONInList: GeoJSON in a list or map is a str led by its particle
// type, 23 (client packer.go packGeoJson; particle_geojson.c
// geojson_from_msgpack), and ranks after floats (msgpack_in.c).
func TestGeoJSONInList(t *testing.T) {
	t.Parallel()
	g := value.GeoJSON(`{}`)
	b, err := Pack([]any{g})
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{0x91, 0xa3, 23, '{', '}'}; !bytes.Equal(b, want) || Size([]any{g}) != len(want) {
		t.Fatalf("Pack = % x, want % x (Size %d)", b, want, Size([]any{g}))
	}
	v, n, err := Unpack(b)
	if err != nil || n != len(b) {
		t.Fatalf("Unpack = %v, %d, %v", v, n, err)
	}
	if l, ok := v.([]any); !ok || len(l) != 1 || l[0] != g {
		t.Fatalf("Unpack = %#v, want [%#v]", v, g)
	}
	if Compare(1.5, g) >= 0 || Compare(g, Inf{}) >= 0 || Compare(value.GeoJSON(`{"a":1}`), g) >= 0 || Compare(g, g) != 0 {
		t.Error("GeoJSON does not rank after floats and before extensions, or compares wrong")
	}
}
