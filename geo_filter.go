package aero

import (
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/geo"
)

// Geo2DSphereIndex indexes GeoJSON bins (package geo's values): the index
// geo filters use (GeoWithin, GeoWithinRadius, GeoContaining), on a bin or,
// with Collection, on the elements of a list or the values of a map.
const Geo2DSphereIndex = driver.IndexGeo2DSphere

// GeoWithin matches records whose GeoJSON bin is a point within region (a
// geo.Circle, a geo.Polygon, or a geo.JSON Polygon, MultiPolygon or
// AeroCircle). The bin needs a Geo2DSphereIndex. The server narrows the
// candidates by the S2 cells covering region, then keeps those whose point
// lies within it (query.c, strict geo filtering): a region in the bin is
// not a point within region, and never matches.
func GeoWithin(bin string, region geo.Region) Filter {
	if region == nil {
		return Filter{f: driver.Filter{Bin: bin}, err: fmt.Errorf("filter on bin %q: GeoWithin with a nil region", bin)}
	}
	return Filter{f: driver.Filter{Bin: bin, Equal: region.GeoJSON()}}
}

// GeoWithinRadius matches records whose GeoJSON bin is a point within
// meters of (lng, lat): GeoWithin of a geo.Circle.
func GeoWithinRadius(bin string, lng, lat, meters float64) Filter {
	return GeoWithin(bin, geo.Circle{Center: geo.Point{Lng: lng, Lat: lat}, Radius: meters})
}

// GeoContaining matches records whose GeoJSON bin is a region (polygon,
// multipolygon, circle) containing p. The bin needs a Geo2DSphereIndex.
func GeoContaining(bin string, p geo.Point) Filter {
	return Filter{f: driver.Filter{Bin: bin, Equal: p.GeoJSON()}}
}

// InCollection returns the geo filter f on the elements of a list bin
// (OnListElements) or the values of a map bin (OnMapValues), which need a
// Geo2DSphereIndex of that collection type: a record matches once, however
// many of its elements do.
func (f Filter) InCollection(c IndexCollection) Filter {
	f.f.Collection = c
	if _, ok := f.f.Equal.(driver.GeoJSON); f.err == nil && (!ok || !c.Valid()) {
		f.err = fmt.Errorf("filter on %s: InCollection applies to geo filters, with a valid collection", f.target())
	}
	return f
}

// encodeError is the error of a value that does not encode: invalid
// argument, with the result code of the value's own check when it gave one
// (a geo shape the server would refuse: GEO_INVALID_GEOJSON, as the server
// answers it, with the field's path in the message).
func encodeError(op Command, ns, set string, err error) *Error {
	e := invalidArgument(op, ns, set, err)
	if c, ok := driver.CodeOf(err); ok && c == driver.GeoInvalidGeojson {
		e.Code = c
	}
	return e
}
