package drivertest

import (
	"context"
	"fmt"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// Geospatial rules, found by running the same commands against the real
// server (Aerospike CE 8.1.2) and the engine:
//
//   - a GeoJSON bin (particle type 23) holds a Point, Polygon,
//     MultiPolygon, AeroCircle or a Feature of one of them, parsed on write
//     (as/src/base/particle_geojson.c geojson_from_wire,
//     as/src/geospatial/geojson.cc GeoJSON::parse); one that does not parse,
//     or a region whose S2 covering needs too many cells
//     (geospatial.cc geo_region_cover), is GEO_INVALID_GEOJSON (160); GeoJSON
//     inside a list or map is stored unparsed (geojson_from_msgpack);
//   - a geo query on a GEO2DSPHERE index selects, strictly, the points
//     within a region (Polygon, MultiPolygon, AeroCircle) or the regions
//     containing a point (query/query.c range_from_msg_geojson,
//     record_matches_query; particle_geojson.c as_geojson_match); a query
//     whose GeoJSON does not parse is PARAMETER_ERROR;
//   - cmp_geo(left, right) (as/src/base/exp.c) is true when left is a point
//     within the region right, or a region containing the point right; a
//     GeoJSON literal that does not parse fails the expression's build
//     (build_value_geo: PARAMETER_ERROR).

func init() {
	parallelChecks = append(parallelChecks,
		check{"GeoValues", testGeoValues},
		check{"GeoQuery", testGeoQuery},
		check{"GeoCollectionQuery", testGeoCollectionQuery},
		check{"GeoExpression", testGeoExpression},
		check{"GeoExpressionWrite", testGeoExpressionWrite},
	)
}

func geoPoint(lng, lat float64) driver.GeoJSON {
	return driver.GeoJSON(fmt.Sprintf(`{"type":"Point","coordinates":[%v,%v]}`, lng, lat))
}

func geoCircle(lng, lat, meters float64) driver.GeoJSON {
	return driver.GeoJSON(fmt.Sprintf(`{"type":"AeroCircle","coordinates":[[%v,%v],%v]}`, lng, lat, meters))
}

// geoBox is a Polygon of one loop around [lng0,lng1] x [lat0,lat1].
func geoBox(lng0, lat0, lng1, lat1 float64) driver.GeoJSON {
	return driver.GeoJSON(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%v,%v],[%v,%v],[%v,%v],[%v,%v],[%v,%v]]]}`,
		lng0, lat0, lng1, lat0, lng1, lat1, lng0, lat1, lng0, lat0))
}

// geoIndex creates a GEO2DSPHERE index on bin of the subtest's set, named
// short enough for the set names of the suite, and drops it at the end.
func (e *env) geoIndex(bin string, c driver.IndexCollection) {
	e.Helper()
	name := fmt.Sprintf("%s_%s%d", e.set, bin, c)
	err := e.conn.CreateIndex(e.ctx, &driver.Index{Namespace: e.ns, Set: e.set, Name: name, Bin: bin, Type: driver.IndexGeo2DSphere, Collection: c})
	e.mustOK(fmt.Sprintf("CreateIndex %s GEO2DSPHERE on %s:%s bin %q", c, e.ns, e.set, bin), err)
	e.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = e.s.conn.DropIndex(ctx, e.ns, name)
	})
}

// testGeoValues checks which GeoJSON values a bin takes (geojson.cc) and
// that they come back as written, as GeoJSON, also inside a list or map.
func testGeoValues(e *env) {
	accepted := []struct{ rule, text string }{
		{"a Point", `{"type":"Point","coordinates":[1,2]}`},
		{"a Point at the pole on the antimeridian", `{"type": "Point", "coordinates": [180, 90]}`},
		{"a Polygon of one loop (4 points, the last the first)", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`},
		{"a Polygon without loops", `{"type":"Polygon","coordinates":[]}`},
		{"a MultiPolygon", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`},
		{"an AeroCircle", `{"type":"AeroCircle","coordinates":[[0,0],1000]}`},
		{"an AeroCircle of negative radius", `{"type":"AeroCircle","coordinates":[[0,0],-1]}`},
		{"an AeroCircle of 10000 km", `{"type":"AeroCircle","coordinates":[[0,0],10000000]}`},
		{"a Feature holding a Point", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}`},
		{"a Point with other members", `{"type":"Point","coordinates":[1.5,-2.25],"name":"x"}`},
	}
	for i, tc := range accepted {
		k := e.key(fmt.Sprintf("ok%d", i))
		g := driver.GeoJSON(tc.text)
		if !e.wantOK("Put "+tc.rule, e.conn.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{"g": g, "l": []any{g}, "m": map[any]any{"k": g}})) {
			continue
		}
		e.wantRecord("Get "+tc.rule+" (as GeoJSON, the text as written)", k, driver.Bins{"g": g, "l": []any{g}, "m": map[any]any{"k": g}})
	}
	refused := []struct{ rule, text string }{
		{"a Point of 3 coordinates", `{"type":"Point","coordinates":[1,2,3]}`},
		{"a Point of longitude 181", `{"type":"Point","coordinates":[181,2]}`},
		{"a Point of latitude -90.5", `{"type":"Point","coordinates":[0,-90.5]}`},
		{"a boolean coordinate", `{"type":"Point","coordinates":[true,2]}`},
		{"a real that overflows", `{"type":"Point","coordinates":[1e400,2]}`},
		{"an integer beyond 64 bits", `{"type":"Point","coordinates":[99999999999999999999,2]}`},
		{"text after the object", `{"type":"Point","coordinates":[1,2]} x`},
		{"a Point without coordinates", `{"type":"Point"}`},
		{"a loop not closed", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`},
		{"a loop of 3 points", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`},
		{"a loop of 4 points with a repeat", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,0],[0,0]]]}`},
		{"an AeroCircle without radius", `{"type":"AeroCircle","coordinates":[[0,0]]}`},
		{"an AeroCircle of 20000 km (its covering needs too many cells)", `{"type":"AeroCircle","coordinates":[[0,0],20000000]}`},
		{"a nested Feature", `{"type":"Feature","geometry":{"type":"Feature"}}`},
		{"a LineString", `{"type":"LineString","coordinates":[[1,2],[3,4]]}`},
		{"a JSON array", `[1,2]`},
		{"a JSON string", `"x"`},
		{"empty text", ``},
	}
	for i, tc := range refused {
		k := e.key(fmt.Sprintf("bad%d", i))
		g := driver.GeoJSON(tc.text)
		e.wantCode("Put "+tc.rule, e.conn.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{"g": g}), driver.GeoInvalidGeojson)
		e.wantOK("Put "+tc.rule+" inside a list (stored unparsed)", e.conn.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{"l": []any{g}}))
	}
}

// testGeoQuery checks geo filters on a bin's GEO2DSPHERE index: points
// within a polygon (with a hole), a multipolygon or a circle, regions
// containing a point, and what a query of each shape does not select.
func testGeoQuery(e *env) {
	k := func(name string) *driver.Key { return e.key(name) }
	in, hole, out, far, str := k("in"), k("hole"), k("out"), k("far"), k("str")
	box, circ, multi := k("box"), k("circ"), k("multi")
	e.geoIndex("g", driver.IndexDefault)
	withHole := driver.GeoJSON(`{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}`)
	e.put(in, driver.Bins{"g": geoPoint(1, 1)})
	e.put(hole, driver.Bins{"g": geoPoint(5, 5)})
	e.put(out, driver.Bins{"g": geoPoint(11, 1)})
	e.put(far, driver.Bins{"g": geoPoint(-170, -60)})
	e.put(str, driver.Bins{"g": string(geoPoint(1, 1))})
	e.put(box, driver.Bins{"g": withHole})
	e.put(circ, driver.Bins{"g": geoCircle(-170, -60, 100000)})
	e.put(multi, driver.Bins{"g": driver.GeoJSON(`{"type":"MultiPolygon","coordinates":[[[[20,20],[21,20],[21,21],[20,20]]],[[[-171,-61],[-169,-61],[-169,-59],[-171,-59],[-171,-61]]]]}`)})
	geo := func(g driver.GeoJSON) *driver.Filter { return &driver.Filter{Bin: "g", Equal: g} }
	for _, tc := range []struct {
		rule string
		f    *driver.Filter
		want []*driver.Key
	}{
		{"points within a polygon with a hole (not the point in the hole, not the regions, not a string bin)", geo(withHole), []*driver.Key{in}},
		{"points within a box", geo(geoBox(-1, -1, 12, 12)), []*driver.Key{in, hole, out}},
		{"points within a 200 km circle", geo(geoCircle(-170.5, -60, 200000)), []*driver.Key{far}},
		{"points within a multipolygon", geo(driver.GeoJSON(`{"type":"MultiPolygon","coordinates":[[[[0.5,0.5],[1.5,0.5],[1.5,1.5],[0.5,1.5],[0.5,0.5]]],[[[10.5,0.5],[11.5,0.5],[11.5,1.5],[10.5,0.5]]]]}`)), []*driver.Key{in, out}},
		{"regions containing a point (the box, not its hole)", geo(geoPoint(1, 1)), []*driver.Key{box}},
		{"regions containing a point in the hole", geo(geoPoint(5, 5)), nil},
		{"regions containing a point near the antimeridian (circle and multipolygon)", geo(geoPoint(-170, -60)), []*driver.Key{circ, multi}},
		{"points within an empty polygon", geo(driver.GeoJSON(`{"type":"Polygon","coordinates":[]}`)), nil},
	} {
		recs := e.collect("Query "+tc.rule, e.query(&driver.QueryRequest{Filter: tc.f}))
		e.wantDigests("Query "+tc.rule, recs, tc.want...)
	}
	e.wantCode("Query with GeoJSON that does not parse", e.queryCode(geo(`{"type":"Point"}`)), driver.ParameterError)
	e.wantCode("Query with a region whose covering needs too many cells", e.queryCode(geo(geoCircle(0, 0, 20000000))), driver.ParameterError)
	e.wantCode("Query a geo filter on a bin with no geo index", e.queryCode(&driver.Filter{Bin: "x", Equal: geoPoint(0, 0)}), driver.IndexNotFound)
}

// testGeoCollectionQuery checks geo filters on a LIST and a MAPVALUES
// GEO2DSPHERE index (query.c match_geojson_element): a record matches once
// whatever the number of its matching elements, and an element that is not
// GeoJSON, does not parse, or is a region the server cannot cover with at
// most 12 cells (geospatial.cc geo_region_cover), is skipped.
func testGeoCollectionQuery(e *env) {
	a, b, c, d := e.key("a"), e.key("b"), e.key("c"), e.key("d")
	e.geoIndex("l", driver.IndexList)
	e.geoIndex("m", driver.IndexMapValues)
	e.put(a, driver.Bins{"l": []any{geoPoint(1, 1), geoPoint(2, 2), "x"}, "m": map[any]any{"home": geoPoint(1, 1)}})
	e.put(b, driver.Bins{"l": []any{geoPoint(50, 50), driver.GeoJSON(`{"type":"Point"}`), geoBox(0, 0, 3, 3)}, "m": map[any]any{"zone": geoBox(0, 0, 3, 3)}})
	e.put(c, driver.Bins{"l": geoPoint(1, 1), "m": []any{geoPoint(1, 1)}})
	// A region whose covering needs too many cells is stored in a list,
	// unparsed, but not indexed (sindex.c add_geojson_from_msgpack).
	e.put(d, driver.Bins{"l": []any{geoCircle(0, 0, 20000000)}})
	for _, tc := range []struct {
		rule string
		f    *driver.Filter
		want []*driver.Key
	}{
		{"list points within a box (a record once for two points; a list's region is not a point)", &driver.Filter{Bin: "l", Collection: driver.IndexList, Equal: geoBox(0, 0, 3, 3)}, []*driver.Key{a}},
		{"list regions containing a point (not a region without a covering)", &driver.Filter{Bin: "l", Collection: driver.IndexList, Equal: geoPoint(1, 1)}, []*driver.Key{b}},
		{"map value points within a box", &driver.Filter{Bin: "m", Collection: driver.IndexMapValues, Equal: geoBox(0, 0, 3, 3)}, []*driver.Key{a}},
		{"map value regions containing a point", &driver.Filter{Bin: "m", Collection: driver.IndexMapValues, Equal: geoPoint(2, 2)}, []*driver.Key{b}},
	} {
		recs := e.collect("Query "+tc.rule, e.query(&driver.QueryRequest{Filter: tc.f}))
		e.wantDigests("Query "+tc.rule, recs, tc.want...)
	}
}

// testGeoExpression checks cmp_geo as a filter on reads and scans.
func testGeoExpression(e *env) {
	pt, rg, str := e.key("pt"), e.key("rg"), e.key("str")
	e.put(pt, driver.Bins{"g": geoPoint(1, 1)})
	e.put(rg, driver.Bins{"g": geoBox(0, 0, 3, 3)})
	e.put(str, driver.Bins{"g": "x"})
	for _, tc := range []struct {
		rule string
		f    *exp.Expr
		want []*driver.Key
	}{
		{"geo bin within a box", exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal(string(geoBox(0, 0, 2, 2)))), []*driver.Key{pt}},
		{"geo bin within a circle", exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal(string(geoCircle(1, 1, 1000)))), []*driver.Key{pt}},
		{"geo bin containing a point", exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal(string(geoPoint(2, 2)))), []*driver.Key{rg}},
		{"geo bin and a point (a point is not within a point; the box contains it)", exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal(string(geoPoint(1, 1)))), []*driver.Key{rg}},
		{"a value within the geo bin (the arguments reversed)", exp.GeoCompare(exp.GeoVal(string(geoPoint(2, 2))), exp.GeoBin("g")), []*driver.Key{rg}},
		{"not within a box", exp.Not(exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal(string(geoBox(0, 0, 2, 2))))), []*driver.Key{rg}},
	} {
		recs := e.collect("Scan filtered by "+tc.rule, e.scan(&driver.QueryRequest{FilterExp: tc.f}))
		e.wantDigests("Scan filtered by "+tc.rule, recs, tc.want...)
	}
	_, err := e.conn.Get(e.ctx, readP(exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal(string(geoBox(0, 0, 2, 2))))), pt, nil)
	e.wantOK("Get with a filter the record passes", err)
	_, err = e.conn.Get(e.ctx, readP(exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal(string(geoBox(5, 5, 6, 6))))), pt, nil)
	e.wantCode("Get with a filter the record fails", err, driver.FilteredOut)
	_, err = e.conn.Get(e.ctx, readP(exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal(`{"type":"Point"}`))), pt, nil)
	e.wantCode("Get with a GeoJSON literal that does not parse", err, driver.ParameterError)
	_, err = e.conn.Get(e.ctx, readP(exp.Eq(exp.GeoBin("g"), exp.GeoVal(string(geoPoint(1, 1))))), pt, nil)
	e.wantCode("Get with eq on GeoJSON values", err, driver.ParameterError)
}

// testGeoExpressionWrite checks a GeoJSON value written by a write
// expression (exp.c as_exp_eval, RT_GEO_CONST: as_geojson_to_particle):
// a point or region becomes a GeoJSON bin; a region the server cannot
// cover fails the evaluation (OP_NOT_APPLICABLE), and with EvalNoFail the
// bin keeps the text anyway (the particle the failed conversion left). A
// read expression returns a GeoJSON bin as GeoJSON.
func testGeoExpressionWrite(e *env) {
	k := e.key("w")
	e.put(k, driver.Bins{"a": int64(1)})
	write := func(g driver.GeoJSON, flags driver.ExpFlags) error {
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{{Type: driver.OpExpWrite, Bin: "g", Value: exp.GeoVal(string(g)), ExpFlags: flags}})
		return err
	}
	pt := geoPoint(1, 2)
	if e.wantOK("write expression of a GeoJSON point", write(pt, 0)) {
		e.wantRecord("a GeoJSON point written by an expression", k, driver.Bins{"a": int64(1), "g": pt})
	}
	huge := geoCircle(0, 0, 20000000)
	e.wantCode("write expression of a circle the server cannot cover", write(huge, 0), driver.OPNotApplicable)
	e.wantRecord("after the failed write expression", k, driver.Bins{"a": int64(1), "g": pt})
	if e.wantOK("write expression of a circle the server cannot cover, with EvalNoFail", write(huge, driver.ExpWriteEvalNoFail)) {
		e.wantRecord("the circle written by the expression with EvalNoFail", k, driver.Bins{"a": int64(1), "g": huge})
	}
	rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{{Type: driver.OpExpRead, Bin: "r", Value: exp.GeoBin("g")}, {Type: driver.OpExpRead, Bin: "x", Value: exp.GeoVal(string(pt))}})
	if e.wantOK("read expressions of a geo value", err) && rec != nil {
		if got := rec.Bins["x"]; got != pt {
			e.Errorf("read expression of a GeoJSON value: got %#v, want %#v", got, pt)
		}
		if got := rec.Bins["r"]; got != huge {
			e.Errorf("read expression of a GeoJSON bin: got %#v, want %#v", got, huge)
		}
	}
}
