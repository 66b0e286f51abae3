package aero_test

import (
	"context"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/geo"
)

// BenchmarkGeoRadius compares, on memory, a radius query over 10,000
// indexed points (a GEO2DSPHERE index filter) with the same query as an
// unindexed scan filtered by the geo expression, in one run: each
// iteration times both, and the run reports their ratio (scan/index). The
// memory engine's secondary indexes are definitions (internal/engine
// index.go): a query walks the partitions as a scan does, testing each
// record's value instead of evaluating an expression, so the ratio stays
// near 1; on a server the index narrows the walk to the S2 cells covering
// the circle.
//
//	go test -run '^$' -bench BenchmarkGeoRadius -benchtime 20x .
func BenchmarkGeoRadius(b *testing.B) {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	type Store struct {
		ID  int       `aero:",key"`
		Loc geo.Point `aero:"loc,index"`
	}
	stores, _ := aero.NewRepo[Store, int](s, "bench_geo")
	if err := stores.EnsureIndexes(ctx); err != nil {
		b.Fatal(err)
	}
	// 10,000 points on a 100 x 100 grid of about 11 km x 8.8 km.
	for i := range 10000 {
		p := geo.Point{Lng: 2.25 + 0.001*float64(i%100), Lat: 48.80 + 0.001*float64(i/100)}
		if err := stores.Put(ctx, &Store{ID: i, Loc: p}); err != nil {
			b.Fatal(err)
		}
	}
	circle := geo.Circle{Center: geo.Point{Lng: 2.30, Lat: 48.85}, Radius: 2000}
	indexed := aero.GeoWithin("loc", circle)
	filter := aero.WithFilterExp(exp.GeoCompare(exp.GeoBin("loc"), exp.GeoVal(string(circle.GeoJSON()))))
	count := func(seq func(func(*aero.Record, error) bool)) int {
		n := 0
		for _, err := range seq {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		return n
	}
	var tIndex, tScan time.Duration
	var nIndex, nScan int
	for b.Loop() {
		t0 := time.Now()
		nIndex = count(s.Query(ctx, "bench_geo", indexed))
		t1 := time.Now()
		nScan = count(s.Scan(ctx, "bench_geo", filter))
		tIndex += t1.Sub(t0)
		tScan += time.Since(t1)
	}
	if nIndex != nScan || nIndex == 0 {
		b.Fatalf("the index query found %d points, the scan %d", nIndex, nScan)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tIndex.Nanoseconds())/n, "index-ns/op")
	b.ReportMetric(float64(tScan.Nanoseconds())/n, "scan-ns/op")
	b.ReportMetric(float64(tScan)/float64(tIndex), "scan/index")
	b.ReportMetric(float64(nIndex), "points")
}
