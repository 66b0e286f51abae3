package geo_test

import (
	"math"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/geo"
)

func TestGeoJSON(t *testing.T) {
	t.Parallel()
	sq := geo.NewPolygon(geo.Point{Lng: 0, Lat: 0}, geo.Point{Lng: 1, Lat: 0}, geo.Point{Lng: 1, Lat: 1})
	tests := []struct {
		name string
		got  driver.GeoJSON
		want string
	}{
		{"point", geo.Point{Lng: -122.5, Lat: 37}.GeoJSON(), `{"type":"Point","coordinates":[-122.5,37]}`},
		{"circle", geo.Circle{Center: geo.Point{Lng: 1, Lat: 2}, Radius: 1500.5}.GeoJSON(), `{"type":"AeroCircle","coordinates":[[1,2],1500.5]}`},
		{"polygon closed", sq.GeoJSON(), `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	p := geo.Point{Lng: 2.35, Lat: 48.85}
	v, err := p.MarshalAero()
	if err != nil {
		t.Fatal(err)
	}
	var q geo.Point
	if err := q.UnmarshalAero(v); err != nil || q != p {
		t.Errorf("point: %v, %v", q, err)
	}
	c := geo.Circle{Center: p, Radius: 10}
	v, _ = c.MarshalAero()
	var d geo.Circle
	if err := d.UnmarshalAero(v); err != nil || d != c {
		t.Errorf("circle: %v, %v", d, err)
	}
	poly := geo.Polygon{Rings: [][]geo.Point{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}, {{1, 1}, {2, 1}, {2, 2}}}}
	v, _ = poly.MarshalAero()
	var back geo.Polygon
	if err := back.UnmarshalAero(v); err != nil || len(back.Rings) != 2 || len(back.Rings[1]) != 4 {
		t.Errorf("polygon: %v, %v", back, err)
	}
	if err := q.UnmarshalAero(c.GeoJSON()); err == nil {
		t.Error("a circle read as a point: no error")
	}
	if err := q.UnmarshalAero("x"); err == nil {
		t.Error("a string read as a point: no error")
	}
}

func TestRefusedBeforeSent(t *testing.T) {
	t.Parallel()
	for _, m := range []interface{ MarshalAero() (any, error) }{
		geo.Point{Lng: 180.5},
		geo.Point{Lat: math.NaN()},
		geo.Circle{Radius: math.Inf(1)},
		geo.NewPolygon(geo.Point{}, geo.Point{Lng: 1}, geo.Point{}),
		geo.NewPolygon(geo.Point{}, geo.Point{Lng: 1}, geo.Point{Lng: 1}, geo.Point{Lat: 91}),
	} {
		_, err := m.MarshalAero()
		if c, ok := driver.CodeOf(err); !ok || c != driver.GeoInvalidGeojson {
			t.Errorf("%v: err = %v, want GEO_INVALID_GEOJSON", m, err)
		}
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	// One degree of latitude on the server's sphere.
	d := geo.Point{Lat: 0}.Distance(geo.Point{Lat: 1})
	if want := 2 * math.Pi * geo.EarthRadius / 360; math.Abs(d-want) > 1e-6 {
		t.Errorf("Distance = %v, want %v", d, want)
	}
}
