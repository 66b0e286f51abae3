package aerospike_test

// The geo family of the differential harness: GeoJSON values (points,
// polygons with holes, multipolygons, circles, Features, and the GeoJSON
// the server refuses) written to a bin and in a list, geo queries on a
// GEO2DSPHERE index of the bin and of the list (points within a region,
// regions containing a point, both shapes as the query's argument), and
// cmp_geo filter expressions in both argument orders. Coordinates come from
// a small set of edges: vertices of the regions, points on their edges and
// in their holes, the poles, the antimeridian, and circles whose radius is
// within centimeters of a point's distance.

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

func init() {
	registerFamily(2, genGeo)
}

// diffGeoIndexes are the geo family's indexes, on the harness's set.
// Never change a definition without changing its name.
var diffGeoIndexes = []*driver.Index{
	{Name: "aero_diff_geo", Bin: "g", Type: driver.IndexGeo2DSphere},
	{Name: "aero_diff_geo_l", Bin: "gl", Type: driver.IndexGeo2DSphere, Collection: driver.IndexList},
}

// geoIndexed remembers the targets whose geo indexes exist.
var geoIndexed sync.Map // *diffTarget -> error

func geoIndexesOn(tg *diffTarget) error {
	if v, ok := geoIndexed.Load(tg); ok {
		if v == nil {
			return nil
		}
		return v.(error)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var err error
	for _, ix := range diffGeoIndexes {
		idx := *ix
		idx.Namespace, idx.Set = "test", diffSet
		if e := tg.conn.CreateIndex(ctx, &idx); e != nil {
			if code, _ := driver.CodeOf(e); code != driver.IndexFound {
				err = fmt.Errorf("%s: CreateIndex %s: %w", tg.name, idx.Name, e)
				break
			}
		}
	}
	geoIndexed.Store(tg, err)
	return err
}

// geoCoords are the coordinates points and vertices are made of: region
// vertices and the midpoints of their edges, the poles, the antimeridian
// on both sides, and values a hair inside and outside them.
var (
	geoLngs = []float64{-180, -179.9999999, -170, 0, 1e-9, 0.5, 1, 2, 3, 5, 9.9999999, 10, 10.0000001, 179.9999999, 180, -0.5}
	geoLats = []float64{-90, -89.9999, -45, -1e-9, 0, 0.5, 1, 2, 3, 5, 9.9999999, 10, 10.0000001, 60, 89.9999, 90}
)

func (g *dgen) geoPoint() string {
	return fmt.Sprintf(`{"type":"Point","coordinates":[%v,%v]}`, pick(g, geoLngs...), pick(g, geoLats...))
}

// geoRing is a closed ring: a box on the coordinate grid, or a triangle.
func (g *dgen) geoRing() string {
	x0, x1 := pick(g, geoLngs...), pick(g, geoLngs...)
	y0, y1 := pick(g, geoLats...), pick(g, geoLats...)
	if g.chance(3) {
		return fmt.Sprintf(`[[%v,%v],[%v,%v],[%v,%v],[%v,%v]]`, x0, y0, x1, y0, x0, y1, x0, y0)
	}
	return fmt.Sprintf(`[[%v,%v],[%v,%v],[%v,%v],[%v,%v],[%v,%v]]`, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
}

func (g *dgen) geoPolygonBody() string {
	switch g.n(4) {
	case 0:
		// A box with a hole, the hole's edges on the grid too.
		return `[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[3,2],[3,3],[2,3],[2,2]]]`
	case 1:
		// Across the antimeridian.
		return `[[[170,-10],[-170,-10],[-170,10],[170,10],[170,-10]]]`
	case 2:
		// Around a pole.
		return `[[[0,60],[120,60],[-120,60],[0,60]]]`
	}
	return "[" + g.geoRing() + "]"
}

// geoValue is a GeoJSON text: mostly valid, sometimes one the server
// refuses.
func (g *dgen) geoValue() string {
	switch g.n(12) {
	case 0, 1, 2, 3:
		return g.geoPoint()
	case 4, 5:
		return `{"type":"Polygon","coordinates":` + g.geoPolygonBody() + `}`
	case 6:
		return `{"type":"MultiPolygon","coordinates":[` + g.geoPolygonBody() + `,` + g.geoPolygonBody() + `]}`
	case 7, 8:
		// A circle whose radius is within centimeters of the distance
		// from its center to a grid point (1° of latitude is 111194.93 m
		// on the server's sphere).
		r := pick(g, 111194.92, 111194.93, 111194.94, 1000, 0, -1, 5e6, 2e7)
		return fmt.Sprintf(`{"type":"AeroCircle","coordinates":[[%v,%v],%v]}`, pick(g, geoLngs...), pick(g, geoLats...), r)
	case 9:
		return `{"type":"Feature","geometry":` + g.geoPoint() + `}`
	case 10:
		return pick(g,
			`{"type":"Point","coordinates":[181,0]}`,
			`{"type":"Point","coordinates":[0,90.0000001]}`,
			`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`,
			`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,0],[0,0]]]}`,
			`{"type":"LineString","coordinates":[[0,0],[1,1]]}`,
			`{"type":"Point","coordinates":[1,2],"type":"Polygon"}`,
			`{"type":"Point","coordinates":[1,"2"]}`,
			`{"type": "Point", "coordinates": [1e400, 0]}`,
			`not json`)
	}
	return fmt.Sprintf(`{"type":"Polygon","coordinates":[%s,%s]}`, g.geoRing(), g.geoRing())
}

func genGeo(g *dgen) *dcmd {
	switch g.n(5) {
	case 0, 1:
		return genGeoPut(g)
	case 2, 3:
		return genGeoQuery(g)
	}
	return genGeoFilter(g)
}

func genGeoPut(g *dgen) *dcmd {
	ki := g.keyIdx()
	bins := driver.Bins{}
	if g.bool() {
		bins["g"] = driver.GeoJSON(g.geoValue())
	}
	if g.bool() || len(bins) == 0 {
		l := []any{}
		for range g.n(3) + 1 {
			l = append(l, driver.GeoJSON(g.geoValue()))
		}
		bins["gl"] = l
	}
	return &dcmd{family: "geo", desc: fmt.Sprintf("Put(key%d, %s)", ki, fmtVal(bins)),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			return errOut(tg.conn.Put(ctx, nil, p.keys[ki], driver.CloneBins(bins)))
		}}
}

func genGeoQuery(g *dgen) *dcmd {
	ix := diffGeoIndexes[g.n(len(diffGeoIndexes))]
	f := &driver.Filter{Bin: ix.Bin, Collection: ix.Collection, Equal: driver.GeoJSON(g.geoValue())}
	if g.chance(4) {
		f.IndexName, f.Bin = ix.Name, ""
	}
	var filter driver.Expression
	if g.chance(4) {
		filter = g.geoExp()
	}
	desc := fmt.Sprintf("Query(set %s, %s", diffSet, fmtFilter(f))
	if filter != nil {
		desc += " filter=" + filter.String()
	}
	return &dcmd{family: "geo", desc: desc + ")",
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			if err := geoIndexesOn(tg); err != nil {
				return dout{Code: noCode, Err: err.Error()}
			}
			ff := *f
			rows, err := tg.conn.Query(ctx, &driver.QueryRequest{Namespace: "test", Set: diffSet,
				Filter: &ff, Partitions: driver.AllPartitions(), FilterExp: filter})
			return scanned(ctx, p, rows, err)
		}}
}

func (g *dgen) geoExp() *exp.Expr {
	v := exp.GeoVal(g.geoValue())
	b := exp.GeoBin("g")
	var e *exp.Expr
	if g.bool() {
		e = exp.GeoCompare(b, v)
	} else {
		e = exp.GeoCompare(v, b)
	}
	if g.chance(4) {
		e = exp.Not(e)
	}
	return e
}

func genGeoFilter(g *dgen) *dcmd {
	f := g.geoExp()
	if g.bool() {
		ki := g.keyIdx()
		return &dcmd{family: "geo", desc: fmt.Sprintf("Get(key%d, filter=%s)", ki, f),
			run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
				return recOut(tg.conn.Get(ctx, &driver.ReadPolicy{FilterExp: f}, p.keys[ki], nil))
			}}
	}
	bins := []string{"g"}
	return &dcmd{family: "geo", desc: fmt.Sprintf("Scan(set %s, filter=%s)", diffSet, f),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			rows, err := tg.conn.Scan(ctx, &driver.QueryRequest{Namespace: "test", Set: diffSet, Bins: slices.Clone(bins),
				Partitions: driver.AllPartitions(), FilterExp: f})
			return scanned(ctx, p, rows, err)
		}}
}
