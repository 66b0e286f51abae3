// Package geo holds geospatial values as Aerospike stores them: GeoJSON
// bins (particle type 23) of a Point, a Polygon, a MultiPolygon or an
// AeroCircle, Aerospike's circle.
//
// Point, Circle and Polygon are Go values for the shapes services use most;
// JSON is any GeoJSON text the server accepts. Each has a GeoJSON method
// giving its text, and a struct field of one of these types is stored by
// package mapper (and aero's Repo) as a GeoJSON bin and read back into the
// type; `aero:"loc,index"` on it declares a GEO2DSPHERE index.
//
// Coordinates are degrees, longitude first as in GeoJSON; radii are meters
// on a sphere of 6,371 km (the namespace's geo2dsphere-within
// earth-radius-meters default). The server checks a value when it is
// written (as/src/geospatial/geojson.cc): a longitude beyond ±180, a
// latitude beyond ±90, a ring of fewer than 4 points or not closed is
// refused with GEO_INVALID_GEOJSON (an *aero.Error of Code 160, which
// matches aero.ErrInvalidArgument).
package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aerokit/aero/driver"
)

// JSON is GeoJSON text as it is stored: driver.GeoJSON. Use it for shapes
// this package has no type for (a MultiPolygon, a Feature).
type JSON = driver.GeoJSON

// Region is a shape that covers an area: a Circle, a Polygon, or a JSON
// Polygon, MultiPolygon or AeroCircle. Points within it are selected by
// aero.GeoWithin and Field(...).WithinRegion.
type Region interface {
	GeoJSON() driver.GeoJSON
}

// Point is a point on the earth, in degrees.
type Point struct {
	Lng, Lat float64
}

// GeoJSON returns {"type":"Point","coordinates":[lng,lat]}.
func (p Point) GeoJSON() driver.GeoJSON {
	var b strings.Builder
	b.WriteString(`{"type":"Point","coordinates":`)
	appendCoord(&b, p)
	b.WriteByte('}')
	return driver.GeoJSON(b.String())
}

// String returns the point's GeoJSON.
func (p Point) String() string { return string(p.GeoJSON()) }

// Valid reports whether the server accepts the point: a longitude within
// ±180 and a latitude within ±90 (S2LatLng::is_valid).
func (p Point) Valid() bool {
	return math.Abs(p.Lng) <= 180 && math.Abs(p.Lat) <= 90
}

// MarshalAero stores the point as a GeoJSON bin (mapper.Marshaler). A
// point the server would refuse is GEO_INVALID_GEOJSON before it is sent.
func (p Point) MarshalAero() (any, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	return p.GeoJSON(), nil
}

func (p Point) check() error {
	if !p.Valid() {
		return driver.Errorf(driver.GeoInvalidGeojson, "point (%v, %v): invalid latitude-longitude (want a longitude within ±180 and a latitude within ±90)", p.Lng, p.Lat)
	}
	return nil
}

// UnmarshalAero reads a GeoJSON Point (mapper.Unmarshaler).
func (p *Point) UnmarshalAero(v any) error {
	g, err := shapeOf(v, "Point")
	if err != nil {
		return err
	}
	pt, err := point(g.Coordinates)
	if err != nil {
		return err
	}
	*p = pt
	return nil
}

// Circle is Aerospike's AeroCircle: the points within Radius meters of
// Center.
type Circle struct {
	Center Point
	Radius float64
}

// GeoJSON returns {"type":"AeroCircle","coordinates":[[lng,lat],radius]}.
func (c Circle) GeoJSON() driver.GeoJSON {
	var b strings.Builder
	b.WriteString(`{"type":"AeroCircle","coordinates":[`)
	appendCoord(&b, c.Center)
	b.WriteByte(',')
	b.WriteString(strconv.FormatFloat(c.Radius, 'g', -1, 64))
	b.WriteString("]}")
	return driver.GeoJSON(b.String())
}

// String returns the circle's GeoJSON.
func (c Circle) String() string { return string(c.GeoJSON()) }

// MarshalAero stores the circle as a GeoJSON bin (mapper.Marshaler). A
// center the server would refuse, or a radius that is not a number, is
// GEO_INVALID_GEOJSON before it is sent.
func (c Circle) MarshalAero() (any, error) {
	if err := c.Center.check(); err != nil {
		return nil, err
	}
	if math.IsNaN(c.Radius) || math.IsInf(c.Radius, 0) {
		return nil, driver.Errorf(driver.GeoInvalidGeojson, "circle radius %v is not a number", c.Radius)
	}
	return c.GeoJSON(), nil
}

// UnmarshalAero reads a GeoJSON AeroCircle (mapper.Unmarshaler).
func (c *Circle) UnmarshalAero(v any) error {
	g, err := shapeOf(v, "AeroCircle")
	if err != nil {
		return err
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(g.Coordinates, &parts); err != nil || len(parts) != 2 {
		return errors.New("geo: AeroCircle coordinates are not [[lng, lat], radius]")
	}
	center, err := point(parts[0])
	if err != nil {
		return err
	}
	var r float64
	if err := json.Unmarshal(parts[1], &r); err != nil {
		return fmt.Errorf("geo: AeroCircle radius: %w", err)
	}
	*c = Circle{Center: center, Radius: r}
	return nil
}

// Polygon is an area bounded by rings: the first its outline, the others
// holes in it (the server reads a point as inside when an odd number of
// rings hold it). A ring needs at least 3 distinct points; GeoJSON closes
// it (repeats its first point at its end) if it is open.
type Polygon struct {
	Rings [][]Point
}

// NewPolygon returns the polygon of one ring.
func NewPolygon(ring ...Point) Polygon { return Polygon{Rings: [][]Point{ring}} }

// GeoJSON returns {"type":"Polygon","coordinates":[[[lng,lat],...],...]},
// each ring closed.
func (p Polygon) GeoJSON() driver.GeoJSON {
	var b strings.Builder
	b.WriteString(`{"type":"Polygon","coordinates":[`)
	for i, r := range p.Rings {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for j, pt := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			appendCoord(&b, pt)
		}
		if n := len(r); n > 0 && r[0] != r[n-1] {
			b.WriteByte(',')
			appendCoord(&b, r[0])
		}
		b.WriteByte(']')
	}
	b.WriteString("]}")
	return driver.GeoJSON(b.String())
}

// String returns the polygon's GeoJSON.
func (p Polygon) String() string { return string(p.GeoJSON()) }

// MarshalAero stores the polygon as a GeoJSON bin (mapper.Marshaler). A
// vertex the server would refuse, or a ring of fewer than 3 distinct
// points (geojson.cc traverse_loop: "loop contains less than 4 points"
// once closed), is GEO_INVALID_GEOJSON before it is sent.
func (p Polygon) MarshalAero() (any, error) {
	for i, r := range p.Rings {
		distinct := 0
		for j, pt := range r {
			if err := pt.check(); err != nil {
				return nil, fmt.Errorf("ring %d: %w", i, err)
			}
			if j == 0 || pt != r[j-1] {
				distinct++
			}
		}
		if n := len(r); n > 1 && r[0] == r[n-1] {
			distinct--
		}
		if distinct < 3 {
			return nil, driver.Errorf(driver.GeoInvalidGeojson, "ring %d has %d distinct points, fewer than 3", i, distinct)
		}
	}
	return p.GeoJSON(), nil
}

// UnmarshalAero reads a GeoJSON Polygon (mapper.Unmarshaler); its rings
// come back closed, as stored.
func (p *Polygon) UnmarshalAero(v any) error {
	g, err := shapeOf(v, "Polygon")
	if err != nil {
		return err
	}
	var rings [][]json.RawMessage
	if err := json.Unmarshal(g.Coordinates, &rings); err != nil {
		return errors.New("geo: Polygon coordinates are not a list of rings")
	}
	out := Polygon{Rings: make([][]Point, len(rings))}
	for i, r := range rings {
		out.Rings[i] = make([]Point, len(r))
		for j, c := range r {
			if out.Rings[i][j], err = point(c); err != nil {
				return err
			}
		}
	}
	*p = out
	return nil
}

// shape is the part of a GeoJSON object this package reads.
type shape struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

func shapeOf(v any, want string) (shape, error) {
	var text string
	switch x := v.(type) {
	case driver.GeoJSON:
		text = string(x)
	default:
		return shape{}, fmt.Errorf("geo: cannot read a %T as a %s (want a GeoJSON bin)", v, want)
	}
	var s shape
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		return shape{}, fmt.Errorf("geo: GeoJSON %s: %w", want, err)
	}
	if s.Type != want {
		return shape{}, fmt.Errorf("geo: GeoJSON of type %q, want %s", s.Type, want)
	}
	return s, nil
}

func point(raw json.RawMessage) (Point, error) {
	var c []float64
	if err := json.Unmarshal(raw, &c); err != nil || len(c) != 2 {
		return Point{}, fmt.Errorf("geo: coordinates %s are not [lng, lat]", raw)
	}
	return Point{Lng: c[0], Lat: c[1]}, nil
}

func appendCoord(b *strings.Builder, p Point) {
	b.WriteByte('[')
	b.WriteString(strconv.FormatFloat(p.Lng, 'g', -1, 64))
	b.WriteByte(',')
	b.WriteString(strconv.FormatFloat(p.Lat, 'g', -1, 64))
	b.WriteByte(']')
}

// EarthRadius is the radius, in meters, of the sphere the server measures
// circles on (the namespace's geo2dsphere-within earth-radius-meters
// default, as/src/base/namespace.c).
const EarthRadius = 6371000

// Distance returns the great-circle distance from p to q in meters, on the
// sphere of EarthRadius (the haversine formula): the distance an
// AeroCircle's radius measures.
func (p Point) Distance(q Point) float64 {
	const rad = math.Pi / 180
	dLat := (q.Lat - p.Lat) * rad
	dLng := (q.Lng - p.Lng) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p.Lat*rad)*math.Cos(q.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * EarthRadius * math.Asin(math.Min(1, math.Sqrt(a)))
}
