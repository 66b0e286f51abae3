package aero

import (
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/geo"
	"github.com/aerokit/aero/internal/exptree"
	"github.com/aerokit/aero/mapper"
)

// Geo conditions on a field of a geo type (geo.Point, geo.Circle,
// geo.Polygon, geo.JSON). Each is the filter expression cmp_geo (exp.c,
// evaluated on the server as the engine does) and, when the field has a
// GEO2DSPHERE index (`aero:"loc,index"` or WithIndex), the query's index
// filter: the server narrows the candidates by S2 cells, then keeps
// exactly those the expression keeps.

// WithinRegion is true when the field is a point within region.
func (f FieldRef[T]) WithinRegion(region geo.Region) Cond[T] {
	if region == nil {
		return Cond[T]{err: fmt.Errorf("field %q: WithinRegion with a nil region", f.path)}
	}
	return f.geoCond("WithinRegion", region.GeoJSON())
}

// WithinRadius is true when the field is a point within meters of
// (lng, lat).
func (f FieldRef[T]) WithinRadius(lng, lat, meters float64) Cond[T] {
	return f.geoCond("WithinRadius", geo.Circle{Center: geo.Point{Lng: lng, Lat: lat}, Radius: meters}.GeoJSON())
}

// ContainsPoint is true when the field is a region containing the point
// (lng, lat).
func (f FieldRef[T]) ContainsPoint(lng, lat float64) Cond[T] {
	p := geo.Point{Lng: lng, Lat: lat}
	if !p.Valid() {
		return Cond[T]{err: fmt.Errorf("field %q: ContainsPoint(%v, %v): not a longitude within ±180 and a latitude within ±90", f.path, lng, lat)}
	}
	return f.geoCond("ContainsPoint", p.GeoJSON())
}

func (f FieldRef[T]) geoCond(name string, g driver.GeoJSON) Cond[T] {
	if f.err != nil {
		return Cond[T]{err: f.err}
	}
	if f.kind != mapper.KindGeo {
		return Cond[T]{err: fmt.Errorf("field %q (%s): %s applies to a geo field (geo.Point, geo.Circle, geo.Polygon, geo.JSON)", f.path, f.typ, name)}
	}
	l := leaf{field: f.path, bin: f.bin, op: exptree.OpGeo, geo: g}
	return Cond[T]{x: exp.GeoCompare(exp.GeoBin(f.bin), exp.GeoVal(string(g))), leaf: l}
}

// geoIndexFilter is the index filter of a geo leaf.
func geoIndexFilter(l *leaf) Filter {
	f := Filter{f: driver.Filter{Bin: l.bin, Equal: l.geo}}
	if l.on != OnValue {
		f = f.InCollection(l.on)
	}
	return f
}
