package engine

import (
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
)

// FuzzGeoJSON feeds the GeoJSON parser arbitrary text: it never panics,
// a value it accepts is a point (a valid leaf cell) or a region, and
// matching it against a point and a region never panics either
// (geojson.cc, particle_geojson.c as_geojson_match). The corpus is in
// testdata/fuzz/FuzzGeoJSON.
func FuzzGeoJSON(f *testing.F) {
	for _, s := range []string{
		`{"type":"Point","coordinates":[1,2]}`,
		`{"type":"Point","coordinates":[180,90]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[3,2],[3,3],[2,3],[2,2]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,0],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[0,0],[0,0],[0,0],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0],[1,1],[0,0]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[]]}`,
		`{"type":"AeroCircle","coordinates":[[0,0],1e308]}`,
		`{"type":"AeroCircle","coordinates":[[0,0],-1e308]}`,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}`,
		`{"type":"Polygon","coordinates":[[[170,-10],[-170,-10],[-170,10],[170,10],[170,-10]]]}`,
		`{"type": "Point", "coordinates": [1e400, 0]}`,
		`[1,2]`,
		``,
	} {
		f.Add(s)
	}
	region := driver.GeoJSON(`{"type":"Polygon","coordinates":[[[-1,-1],[3,-1],[3,3],[-1,3],[-1,-1]]]}`)
	point := driver.GeoJSON(`{"type":"Point","coordinates":[1,1]}`)
	f.Fuzz(func(t *testing.T, text string) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			fuzzGeoOne(t, text, region, point)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: no answer in 10 s", text)
		}
	})
}

func fuzzGeoOne(t *testing.T, text string, region, point driver.GeoJSON) {
	{
		s, err := parseGeoUncached(text)
		if err != nil {
			if s.isRegion() || s.cell != 0 {
				t.Errorf("parse of %q failed (%v) but returned a shape", text, err)
			}
			return
		}
		if s.isRegion() == (s.cell != 0) {
			t.Errorf("parse of %q: point %v and region %v", text, s.cell, s.region)
		}
		if !s.isRegion() && (!s.cell.IsValid() || !s.cell.IsLeaf()) {
			t.Errorf("parse of %q: cell %v is not a valid leaf", text, s.cell)
		}
		_ = checkGeoValue(driver.GeoJSON(text))
		_ = checkGeoQuery(driver.GeoJSON(text))
		geoFilterMatches(region, driver.GeoJSON(text))
		geoFilterMatches(point, driver.GeoJSON(text))
		geoFilterMatches(driver.GeoJSON(text), point)
		geoFilterMatches(driver.GeoJSON(text), region)
	}
}
