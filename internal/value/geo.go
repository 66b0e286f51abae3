package value

// GeoJSON is a GeoJSON bin's value: the JSON text of a point, polygon,
// multipolygon or AeroCircle (particle type 23, as/src/base/particle_geojson.c).
// It is a type of its own, not a string, because the server keeps the two
// apart: a string bin is not a GeoJSON bin, a geo index holds GeoJSON values
// only, and a geo expression reads only a GeoJSON bin. Package driver exports
// it as driver.GeoJSON (and package geo as geo.JSON); it lives here so that
// package mapper, which imports the standard library and this package only,
// can store a struct field of a geo type as a GeoJSON bin.
type GeoJSON string
