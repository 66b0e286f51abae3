package aero_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/geo"
)

type geoPlace struct {
	ID    string               `aero:",key"`
	Loc   geo.Point            `aero:"loc,index"`
	Zone  geo.Polygon          `aero:"zone,index"`
	Reach geo.Circle           `aero:"reach"`
	Raw   geo.JSON             `aero:"raw"`
	Trail []geo.Point          `aero:"trail,index"`
	Opt   *geo.Point           `aero:"opt"`
	Named map[string]geo.Point `aero:"named,index=values"`
}

func TestGeoRepo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		set := uniqueSet(t, s, "geo")
		repo, err := aero.NewRepo[geoPlace, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		idx := repo.Indexes()
		want := map[string]string{"loc": "DEFAULT GEO2DSPHERE", "zone": "DEFAULT GEO2DSPHERE", "trail": "LIST GEO2DSPHERE", "named": "MAPVALUES GEO2DSPHERE"}
		for _, i := range idx {
			if got := i.Collection.String() + " " + i.Type.String(); want[i.Bin] != got {
				t.Errorf("index on %s: %s, want %s", i.Bin, got, want[i.Bin])
			}
		}
		if len(idx) != len(want) {
			t.Errorf("Indexes = %v, want 4", idx)
		}
		if err := repo.EnsureIndexes(ctx); err != nil {
			t.Fatal(err)
		}
		id := "p1"
		p := &geoPlace{
			ID:    id,
			Loc:   geo.Point{Lng: 2.35, Lat: 48.85},
			Zone:  geo.NewPolygon(geo.Point{Lng: 2, Lat: 48}, geo.Point{Lng: 3, Lat: 48}, geo.Point{Lng: 3, Lat: 49}, geo.Point{Lng: 2, Lat: 49}),
			Reach: geo.Circle{Center: geo.Point{Lng: 2.35, Lat: 48.85}, Radius: 500},
			Raw:   geo.JSON(`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`),
			Trail: []geo.Point{{Lng: 1, Lat: 1}, {Lng: 2, Lat: 2}},
			Named: map[string]geo.Point{"home": {Lng: 5, Lat: 5}},
		}
		if err := repo.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := repo.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Loc != p.Loc || got.Reach != p.Reach || got.Raw != p.Raw || len(got.Trail) != 2 || got.Trail[1] != p.Trail[1] ||
			got.Named["home"] != p.Named["home"] || got.Opt != nil || len(got.Zone.Rings) != 1 || len(got.Zone.Rings[0]) != 5 {
			t.Errorf("Get = %+v, want %+v (rings closed)", got, p)
		}

		// A point the server refuses: GEO_INVALID_GEOJSON, naming the field.
		bad := &geoPlace{ID: "bad", Loc: geo.Point{Lng: 200, Lat: 0}}
		err = repo.Put(ctx, bad)
		var ae *aero.Error
		if !errors.As(err, &ae) || ae.Code != 160 || !errors.Is(err, aero.ErrInvalidArgument) || !strings.Contains(err.Error(), "Loc") {
			t.Errorf("Put of longitude 200: err = %v, want GEO_INVALID_GEOJSON (160) naming the bin", err)
		}

		// Typed queries, planned on the tag-declared indexes.
		for _, tc := range []struct {
			name string
			c    aero.Cond[geoPlace]
			n    int
		}{
			{"within radius", aero.Field[geoPlace]("Loc").WithinRadius(2.351, 48.851, 1000), 1},
			{"within region", aero.Field[geoPlace]("Loc").WithinRegion(geo.NewPolygon(geo.Point{Lng: 2, Lat: 48}, geo.Point{Lng: 3, Lat: 48}, geo.Point{Lng: 3, Lat: 49})), 0},
			{"contains point", aero.Field[geoPlace]("Zone").ContainsPoint(2.5, 48.5), 1},
			{"contains point outside", aero.Field[geoPlace]("Zone").ContainsPoint(4, 48.5), 0},
		} {
			q, err := repo.Where(tc.c)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if !strings.HasPrefix(q.Explain(), "index ") {
				t.Errorf("%s: Explain = %s, want an index", tc.name, q.Explain())
			}
			n := 0
			for _, err := range q.All(ctx) {
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				n++
			}
			if n != tc.n {
				t.Errorf("%s: %d records, want %d", tc.name, n, tc.n)
			}
		}
		// Index filters, on collections too.
		for _, tc := range []struct {
			name string
			f    aero.Filter
		}{
			{"list elements within radius", aero.GeoWithinRadius("trail", 2, 2, 1000).InCollection(aero.OnListElements)},
			{"map values within region", aero.GeoWithin("named", geo.Circle{Center: geo.Point{Lng: 5, Lat: 5}, Radius: 10}).InCollection(aero.OnMapValues)},
			{"regions containing", aero.GeoContaining("zone", geo.Point{Lng: 2.5, Lat: 48.5})},
		} {
			found := false
			for rec, err := range s.Query(ctx, set, tc.f) {
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				found = found || rec.Key.Value == id
			}
			if !found {
				t.Errorf("%s (%s): record %s not found", tc.name, tc.f, id)
			}
		}
		// Conditions that do not apply.
		if _, err := repo.Where(aero.Field[geoPlace]("ID").WithinRadius(0, 0, 1)); err == nil {
			t.Error("WithinRadius on a string field: no error")
		}
		if _, err := repo.Where(aero.Field[geoPlace]("Loc").ContainsPoint(0, 91)); err == nil {
			t.Error("ContainsPoint at latitude 91: no error")
		}
	})
}
