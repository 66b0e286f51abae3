package aero_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/geo"
)

// The five stores nearest a point within 2 km: a geo.Point field with a
// GEO2DSPHERE index declared in its tag, a WithinRadius condition the
// planner runs on that index, and the candidates sorted by distance.
func ExampleFieldRef_WithinRadius() {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer s.Close()
	type Store struct {
		ID   string    `aero:",key"`
		Name string    `aero:"name"`
		Loc  geo.Point `aero:"loc,index"`
	}
	stores, _ := aero.NewRepo[Store, string](s, "stores")
	if err := stores.EnsureIndexes(ctx); err != nil {
		panic(err)
	}
	// Stores along a street in Mountain View, 300 m apart, and one in
	// San Francisco.
	for i := range 9 {
		_ = stores.Put(ctx, &Store{ID: fmt.Sprint("mv", i), Name: fmt.Sprint("Mountain View #", i),
			Loc: geo.Point{Lng: -122.0840 + 0.0034*float64(i), Lat: 37.3861}})
	}
	_ = stores.Put(ctx, &Store{ID: "sf", Name: "San Francisco", Loc: geo.Point{Lng: -122.4194, Lat: 37.7749}})

	here := geo.Point{Lng: -122.0800, Lat: 37.3870}
	q, err := stores.Where(aero.Field[Store]("Loc").WithinRadius(here.Lng, here.Lat, 2000))
	if err != nil {
		panic(err)
	}
	fmt.Println(q.Explain())
	var near []*Store
	for st, err := range q.All(ctx) {
		if err != nil {
			panic(err)
		}
		near = append(near, st)
	}
	slices.SortFunc(near, func(a, b *Store) int {
		da, db := here.Distance(a.Loc), here.Distance(b.Loc)
		switch {
		case da < db:
			return -1
		case da > db:
			return 1
		}
		return 0
	})
	fmt.Println(len(near), "stores within 2 km; the nearest five:")
	for _, st := range near[:min(5, len(near))] {
		fmt.Printf("%s %.0f m\n", st.Name, here.Distance(st.Loc))
	}
	// Output:
	// index "stores_loc_geo" on "loc" (field Loc): loc geo {"type":"AeroCircle","coordinates":[[-122.08,37.387],2000]} (the only indexed predicate)
	// 8 stores within 2 km; the nearest five:
	// Mountain View #1 113 m
	// Mountain View #2 267 m
	// Mountain View #0 367 m
	// Mountain View #3 557 m
	// Mountain View #4 854 m
}
