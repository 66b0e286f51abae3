package mapper

import (
	"reflect"

	"github.com/aerokit/aero/internal/value"
)

// Geo fields. A field of type driver.GeoJSON (geo.JSON) is stored as a
// GeoJSON bin, not as a string (the server keeps the two apart:
// particle_geojson.c), and only a GeoJSON bin decodes into it. The geo
// package's shapes (geo.Point, geo.Circle, geo.Polygon) choose their
// stored value as Marshalers do, and say they are geo values with a
// GeoJSON method: a field of such a type, or a list or map of them, can
// carry a GEO2DSPHERE index (`aero:"loc,index"`).

var geoJSONType = reflect.TypeFor[value.GeoJSON]()

// geoShape is implemented by package geo's shapes.
type geoShape interface {
	GeoJSON() value.GeoJSON
}

var geoShapeType = reflect.TypeFor[geoShape]()

// IsGeo reports whether a field of type t holds a GeoJSON value: a
// driver.GeoJSON or a type with a GeoJSON() driver.GeoJSON method (package
// geo's shapes), through pointers.
func IsGeo(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t == geoJSONType || implementsAny(t, geoShapeType)
}

// setGeoJSONCodec handles a field of type value.GeoJSON.
func setGeoJSONCodec(c *codec) {
	c.enc = func(v reflect.Value, _ int) (any, error) {
		if v.Len() == 0 {
			return nil, nil // an empty GeoJSON is no value: no bin
		}
		return value.GeoJSON(v.String()), nil
	}
	c.dec = func(v reflect.Value, x any) error {
		switch g := x.(type) {
		case value.GeoJSON:
			v.SetString(string(g))
			return nil
		case nil:
			v.SetString("")
			return nil
		}
		return errorf("cannot decode %s into GeoJSON (driver.GeoJSON): only a GeoJSON bin does", typeName(x))
	}
}
