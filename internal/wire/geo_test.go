package wire

import (
	"testing"

	"github.com/aerokit/aero/driver"
)

// TestGeoJSONParticle: a GeoJSON particle is a flags byte, a count of
// cells, the cells and the JSON text (particle_geojson.c geojson_mem); the
// cells are skipped, and one too short for its cells is
// GEO_INVALID_GEOJSON (geojson_size_from_wire).
func TestGeoJSONParticle(t *testing.T) {
	t.Parallel()
	const text = `{"type":"Point","coordinates":[1,2]}`
	typ, b, err := EncodeParticle(driver.GeoJSON(text))
	if err != nil || typ != ParticleGeoJSON || string(b[3:]) != text || b[0] != 0 || b[1] != 0 || b[2] != 0 {
		t.Fatalf("EncodeParticle = %d %q %v", typ, b, err)
	}
	tests := []struct {
		name string
		data []byte
		want any
		code driver.ResultCode
	}{
		{"no cells", append([]byte{0, 0, 0}, text...), driver.GeoJSON(text), 0},
		{"one cell", append([]byte{1, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8}, text...), driver.GeoJSON(text), 0},
		{"empty text", []byte{0, 0, 0}, driver.GeoJSON(""), 0},
		{"short header", []byte{0, 0}, nil, driver.GeoInvalidGeojson},
		{"short cells", []byte{0, 0, 2, 1, 2, 3}, nil, driver.GeoInvalidGeojson},
	}
	for _, tt := range tests {
		got, err := DecodeParticle(ParticleGeoJSON, tt.data)
		if tt.code != 0 {
			if c, ok := driver.CodeOf(err); !ok || c != tt.code {
				t.Errorf("%s: err = %v, want code %v", tt.name, err, tt.code)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: DecodeParticle = %#v, %v; want %#v", tt.name, got, err, tt.want)
		}
	}
}
