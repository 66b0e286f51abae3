package wire

import (
	"encoding/binary"

	"github.com/aerokit/aero/driver"
)

// decodeGeoJSON reads a GeoJSON particle (particle_geojson.c geojson_mem):
// a flags byte, a big-endian count of cells, that many 8-byte cell ids,
// then the JSON text. A particle too short for the cells it announces is
// GEO_INVALID_GEOJSON (geojson_size_from_wire). The cells are ignored, as the server ignores those a
// client sends ("We ignore any incoming cells entirely").
func decodeGeoJSON(data []byte) (any, error) {
	if len(data) < 3 {
		return nil, driver.NewError(driver.GeoInvalidGeojson, "GeoJSON particle shorter than its header")
	}
	cells := int(binary.BigEndian.Uint16(data[1:3])) * 8
	if len(data) < 3+cells {
		return nil, driver.Errorf(driver.GeoInvalidGeojson, "GeoJSON particle of %d bytes is shorter than its %d cells", len(data), cells/8)
	}
	return driver.GeoJSON(data[3+cells:]), nil
}

// encodeGeoJSON writes a GeoJSON particle without cells, as the server
// writes one to a client from a value it has not indexed
// (particle_geojson.c geojson_asval_to_wire: flags 0, no cells); the
// client skips any cells (value.go bytesToParticle).
func encodeGeoJSON(g driver.GeoJSON) []byte {
	b := make([]byte, 3, 3+len(g))
	return append(b, g...)
}
