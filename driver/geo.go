package driver

import "github.com/aerokit/aero/internal/value"

// GeoJSON is a GeoJSON bin's value: the JSON text of a Point, Polygon,
// MultiPolygon or AeroCircle (a circle: {"type": "AeroCircle",
// "coordinates": [[lng, lat], meters]}), particle type 23
// (as/src/base/particle_geojson.c). It is not a string: a string bin is not
// a GeoJSON bin. A write whose GeoJSON value the server cannot parse
// (as/src/geospatial/geojson.cc) fails with GeoInvalidGeojson. Normalize
// keeps it as it is, inside lists and maps too. Package geo builds and reads
// it; a struct field of a geo type is stored by package mapper as a GeoJSON
// bin.
//
// As a Filter's Equal, a GeoJSON value makes a geo query on a
// GEO2DSPHERE index: a region (Polygon, MultiPolygon or AeroCircle) selects
// the points within it, a Point the regions containing it (query/query.c
// range_from_msg_geojson; particle_geojson.c as_geojson_match).
type GeoJSON = value.GeoJSON
