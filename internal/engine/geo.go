package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/aerokit/aero/driver"
	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// GeoJSON values, as the server reads them (as/src/geospatial/geojson.cc
// GeoJSON::parse, with jansson and S2; geospatial.cc; base/particle_geojson.c).
// A value is a point or a region:
//   - {"type": "Point", "coordinates": [lng, lat]}: the S2 leaf cell of the
//     point (process_point: S2CellId(S2LatLng::FromDegrees(lat, lng))); a
//     point is tested against a region by the center of that cell
//     (geo_point_within: cellid.ToPoint()).
//   - {"type": "Polygon", "coordinates": [loop, ...]}: each loop a list of at
//     least 4 points once consecutive duplicates are dropped, its last
//     equal to its first (traverse_loop), normalized to enclose at most
//     half the sphere; the polygon holds the points inside an odd number
//     of its loops (S2Polygon's nesting: holes by nesting, not by order).
//   - {"type": "MultiPolygon", "coordinates": [polygon, ...]}: the union of
//     its polygons (S2RegionUnion).
//   - {"type": "AeroCircle", "coordinates": [[lng, lat], meters]}: the cap of
//     that radius on a sphere of the namespace's earth-radius-meters
//     (6371000; process_circle).
//   - {"type": "Feature", "geometry": one of the above}.
//
// Coordinates are JSON integers or reals (booleans, strings and null are
// refused); a latitude beyond ±90 or a longitude beyond ±180 is refused
// ("invalid latitude-longitude"). Other members are ignored. Loops are not
// checked for self-intersection (the server leaves S2Loop::IsValid
// commented out).

// earthRadiusMeters is the namespace's geo2dsphere-within
// earth-radius-meters default (base/namespace.c), which AeroCircle radii are
// divided by.
const earthRadiusMeters = 6371000

// maxRegionCells is MAX_REGION_CELLS (base/datamodel.h): a covering of more
// cells fails.
const maxRegionCells = 256

// geoShape is a parsed GeoJSON value: a point (cell, region nil) or a
// region.
type geoShape struct {
	cell   s2.CellID
	region s2.Region
}

func (g *geoShape) isRegion() bool { return g.region != nil }

// geoError is a GeoJSON value the server refuses.
type geoError struct{ msg string }

func (e *geoError) Error() string { return e.msg }

func geoErrf(format string, args ...any) error {
	return &geoError{msg: fmt.Sprintf(format, args...)}
}

// geoCache keeps parsed values by their text: parsing (and a region's
// covering) is the cost of a geo query, and a point is parsed once however
// many queries test it. It is cleared when full.
var geoCache geoMemo[geoCached]

type geoCached struct {
	shape    geoShape
	err      error // the parse's
	coverErr error // a region's covering's (particleCoverer)
}

const geoCacheMax = 1 << 16

// geoMemo is a concurrency-safe map from GeoJSON text to what was worked
// out of it, cleared when it holds geoCacheMax entries: the one cache of
// geo parsing and query checks.
type geoMemo[V any] struct {
	mu sync.Mutex
	m  map[driver.GeoJSON]V
}

func (c *geoMemo[V]) get(k driver.GeoJSON) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *geoMemo[V]) put(k driver.GeoJSON, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= geoCacheMax {
		c.m = make(map[driver.GeoJSON]V)
	}
	c.m[k] = v
}

// parseGeo parses a GeoJSON value as the server does (geospatial.cc
// geo_parse); an error says why the server would refuse it.
func parseGeo(text driver.GeoJSON) (geoShape, error) {
	c := cachedGeo(text)
	return c.shape, c.err
}

// checkGeoValue checks a GeoJSON value as the server does when it stores
// one (particle_geojson.c as_geojson_to_particle: geo_parse, then a
// region's covering with the defaults geo_region_cover uses without a
// namespace, which fails for a region that needs too many cells).
func checkGeoValue(text driver.GeoJSON) error {
	c := cachedGeo(text)
	if c.err != nil {
		return c.err
	}
	return c.coverErr
}

func cachedGeo(text driver.GeoJSON) geoCached {
	c, ok := geoCache.get(text)
	if ok {
		return c
	}
	c.shape, c.err = parseGeoUncached(string(text))
	if c.err == nil && c.shape.isRegion() {
		c.coverErr = checkCovering(c.shape.region, particleCoverer)
	}
	geoCache.put(text, c)
	return c
}

// geoCells returns the cells a geo2dsphere index keys a GeoJSON value by
// (sindex.c add_geojson_from_msgpack): a point's leaf cell, a region's
// covering; none for a value that does not parse or whose covering fails
// ("geo_region_cover failed"), which the index does not hold.
func geoCells(g driver.GeoJSON) []s2.CellID {
	c := cachedGeo(g)
	switch {
	case c.err != nil || c.coverErr != nil:
		return nil
	case !c.shape.isRegion():
		return []s2.CellID{c.shape.cell}
	}
	return particleCoverer.Covering(c.shape.region)
}

// particleCoverer is what geo_region_cover uses without a namespace (a
// stored particle's cells): levels 1 to 30, at most 12 cells.
var particleCoverer = &s2.RegionCoverer{MinLevel: 1, MaxLevel: 30, LevelMod: 1, MaxCells: 12}

// queryCoverer is the namespace's geo2dsphere-within settings a query
// region is covered with (base/namespace.c defaults: min-level 1,
// max-level 20, max-cells 12, level-mod 1).
var queryCoverer = &s2.RegionCoverer{MinLevel: 1, MaxLevel: 20, LevelMod: 1, MaxCells: 12}

// checkCovering fails as geo_region_cover does (geospatial.cc) when the
// covering has more cells than max(6, max-cells), or than MAX_REGION_CELLS.
func checkCovering(r s2.Region, rc *s2.RegionCoverer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = geoErrf("geo_region_cover failed: %v", p)
		}
	}()
	n := len(rc.Covering(r))
	if n > max(6, rc.MaxCells) || n > maxRegionCells {
		return geoErrf("region covered with %d cells, more than %d", n, max(6, rc.MaxCells))
	}
	return nil
}

// parseGeoUncached is geo_parse: jansson's json_loadb (flags 0), then
// GeoJSON::parse.
func parseGeoUncached(text string) (s geoShape, err error) {
	defer func() {
		if p := recover(); p != nil {
			s, err = geoShape{}, geoErrf("invalid geometry: %v", p)
		}
	}()
	v, err := loadJSON(text)
	if err != nil {
		return geoShape{}, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return geoShape{}, geoErrf("top level geojson element not object")
	}
	typ, ok := obj["type"]
	if !ok {
		return geoShape{}, geoErrf("missing top-level type in geojson element")
	}
	ts, ok := typ.(string)
	if !ok {
		return geoShape{}, geoErrf("top-level type is not string")
	}
	feature := ts == "Feature"
	if feature {
		g, ok := obj["geometry"]
		if !ok {
			return geoShape{}, geoErrf("missing geometry element")
		}
		if obj, ok = g.(map[string]any); !ok {
			return geoShape{}, geoErrf("geometry is not object")
		}
		typ, ok := obj["type"]
		if !ok {
			return geoShape{}, geoErrf("missing geometry type")
		}
		if ts, ok = typ.(string); !ok {
			return geoShape{}, geoErrf("geometry type is not string")
		}
		if ts == "Feature" {
			// traverse_geometry knows no nested Feature.
			return geoShape{}, geoErrf("unknown geometry type: Feature")
		}
	}
	coord, has := obj["coordinates"]
	if !has {
		coord = missing{}
	}
	switch ts {
	case "Point":
		_, ll, err := geoPoint(coord)
		if err != nil {
			return geoShape{}, err
		}
		// S2CellId(S2Point): the leaf cell of the point.
		return geoShape{cell: s2.CellIDFromLatLng(ll)}, nil
	case "Polygon":
		if err := geoArray(coord); err != nil {
			return geoShape{}, err
		}
		p, err := geoPolygon(coord)
		if err != nil {
			return geoShape{}, err
		}
		return geoShape{region: p}, nil
	case "MultiPolygon":
		if err := geoArray(coord); err != nil {
			return geoShape{}, err
		}
		var u s2.RegionUnion
		for _, pc := range coord.([]any) {
			p, err := geoPolygon(pc)
			if err != nil {
				return geoShape{}, err
			}
			u = append(u, p)
		}
		return geoShape{region: u}, nil
	case "AeroCircle":
		if err := geoArray(coord); err != nil {
			return geoShape{}, err
		}
		a := coord.([]any)
		if len(a) != 2 {
			return geoShape{}, geoErrf("malformed circle coordinate array")
		}
		center, _, err := geoPoint(a[0])
		if err != nil {
			return geoShape{}, err
		}
		r, ok := a[1].(float64)
		if !ok {
			return geoShape{}, geoErrf("radius not numeric value")
		}
		angle := s1.Angle(r/earthRadiusMeters) * s1.Radian
		return geoShape{region: s2.CapFromCenterAngle(center, angle)}, nil
	}
	if feature {
		return geoShape{}, geoErrf("unknown geometry type: %s", ts)
	}
	return geoShape{}, geoErrf("unknown top-level type: %s", ts)
}

// missing stands for an absent "coordinates" member.
type missing struct{}

func geoArray(v any) error {
	switch v.(type) {
	case missing:
		return geoErrf("missing coordinates")
	case []any:
		return nil
	}
	return geoErrf("coordinates are not array")
}

// geoPoint is traverse_point.
func geoPoint(v any) (s2.Point, s2.LatLng, error) {
	if err := geoArray(v); err != nil {
		return s2.Point{}, s2.LatLng{}, err
	}
	a := v.([]any)
	if len(a) != 2 {
		return s2.Point{}, s2.LatLng{}, geoErrf("expected 2 coordinates, saw %d", len(a))
	}
	lng, ok := a[0].(float64)
	if !ok {
		return s2.Point{}, s2.LatLng{}, geoErrf("longitude not numeric value")
	}
	lat, ok := a[1].(float64)
	if !ok {
		return s2.Point{}, s2.LatLng{}, geoErrf("latitude not numeric value")
	}
	ll := s2.LatLngFromDegrees(lat, lng)
	if !ll.IsValid() {
		return s2.Point{}, s2.LatLng{}, geoErrf("invalid latitude-longitude")
	}
	return s2.PointFromLatLng(ll), ll, nil
}

// geoPolygon is traverse_polygon.
func geoPolygon(v any) (*s2.Polygon, error) {
	switch v.(type) {
	case missing:
		return nil, geoErrf("missing polygon body")
	case []any:
	default:
		return nil, geoErrf("polygon body is not array")
	}
	var loops []*s2.Loop
	for _, lv := range v.([]any) {
		l, err := geoLoop(lv)
		if err != nil {
			return nil, err
		}
		loops = append(loops, l)
	}
	return s2.PolygonFromLoops(loops), nil
}

// geoLoop is traverse_loop.
func geoLoop(v any) (*s2.Loop, error) {
	if _, ok := v.([]any); !ok {
		return nil, geoErrf("vertices are not array")
	}
	var pts []s2.Point
	for _, pv := range v.([]any) {
		p, _, err := geoPoint(pv)
		if err != nil {
			return nil, err
		}
		if n := len(pts); n > 0 && pts[n-1] == p {
			continue // "Remove duplicate points."
		}
		pts = append(pts, p)
	}
	if len(pts) < 4 {
		return nil, geoErrf("loop contains less than 4 points")
	}
	if pts[0] != pts[len(pts)-1] {
		return nil, geoErrf("loop not closed")
	}
	l := s2.LoopFromPoints(pts[:len(pts)-1])
	l.Normalize()
	return l, nil
}

// loadJSON decodes text as jansson's json_loadb with no flags does: an
// object or array at the top, nothing but white space after it, valid
// UTF-8, no NUL in strings, integers that fit 64 bits and finite reals.
// Numbers become float64 (integers and reals alike: the server converts
// both to double); a duplicate member keeps its last value.
func loadJSON(text string) (any, error) {
	if !utf8.ValidString(text) {
		return nil, geoErrf("failed to parse geojson: invalid UTF-8")
	}
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, geoErrf("failed to parse geojson: %v", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, geoErrf("failed to parse geojson: end of file expected")
	}
	switch v.(type) {
	case map[string]any, []any:
	default:
		return nil, geoErrf("failed to parse geojson: '[' or '{' expected")
	}
	return numbers(v)
}

// numbers converts json.Numbers as jansson reads them: a number without a
// fraction or exponent is an integer (json_int_t, 64 bits: a larger one is
// "too big integer"), any other a real (strtod: an overflow is "real number
// overflow").
func numbers(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, geoErrf("failed to parse geojson: too big integer")
			}
			return float64(i), nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && (errors.Is(err, strconv.ErrRange) && (math.IsInf(f, 0))) {
			return nil, geoErrf("failed to parse geojson: real number overflow")
		}
		return f, nil
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			return nil, geoErrf("failed to parse geojson: \\u0000 is not allowed without JSON_ALLOW_NUL")
		}
		return x, nil
	case []any:
		for i, e := range x {
			n, err := numbers(e)
			if err != nil {
				return nil, err
			}
			x[i] = n
		}
		return x, nil
	case map[string]any:
		for k, e := range x {
			if strings.IndexByte(k, 0) >= 0 {
				return nil, geoErrf("failed to parse geojson: NUL byte in object key not supported")
			}
			n, err := numbers(e)
			if err != nil {
				return nil, err
			}
			x[k] = n
		}
		return x, nil
	}
	return v, nil
}

// geoWithin is geo_point_within: whether region holds the center of the
// point's leaf cell.
func geoWithin(cell s2.CellID, region s2.Region) (in bool) {
	defer func() {
		if recover() != nil {
			in = false // "exception in geo_point_within"
		}
	}()
	return region.ContainsPoint(cell.Point())
}

// geoMatch is particle_geojson.c as_geojson_match in strict mode: a
// candidate point matches a query region holding it; a candidate region
// matches a query point it holds; nothing else matches.
func geoMatch(candidate, query *geoShape) bool {
	if !query.isRegion() {
		return candidate.isRegion() && geoWithin(query.cell, candidate.region)
	}
	return !candidate.isRegion() && candidate.cell != 0 && geoWithin(candidate.cell, query.region)
}

// geoValueErr is the error of a write whose GeoJSON value the server
// refuses: GEO_INVALID_GEOJSON (particle_geojson.c geojson_from_wire).
func geoValueErr(key *driver.Key, bin string, g driver.GeoJSON, err error) error {
	return driver.Errorf(driver.GeoInvalidGeojson, "key %s: bin %q: invalid GeoJSON %s: %v", key, bin, clip(g), err)
}

func clip(g driver.GeoJSON) string {
	b := []byte(g)
	if len(b) > 64 {
		b = append(b[:61:61], "..."...)
	}
	return strconv.Quote(string(bytes.ToValidUTF8(b, []byte("?"))))
}

// checkGeoQuery checks a geo filter's GeoJSON as the server reads a query's
// range (query/query.c range_from_msg_geojson): it parses (as_geojson_parse
// with the namespace), and a region is covered with the namespace's
// geo2dsphere-within settings (geo_region_cover), which fails for more
// than max-cells cells. Either failure fails the query.
func checkGeoQuery(g driver.GeoJSON) error {
	err, ok := geoQueryCache.get(g)
	if ok {
		return err
	}
	if s, perr := parseGeo(g); perr != nil {
		err = geoErrf("invalid GeoJSON query %s: %v", clip(g), perr)
	} else if s.isRegion() {
		if cerr := checkCovering(s.region, queryCoverer); cerr != nil {
			err = geoErrf("GeoJSON query region %s: %v", clip(g), cerr)
		}
	}
	geoQueryCache.put(g, err)
	return err
}

// geoQueryCache keeps checkGeoQuery's answers: a query checks its filter
// for each partition it visits.
var geoQueryCache geoMemo[error]

// geoFilterMatches is query.c record_matches_query for a geo index, with
// the namespace's geo2dsphere-within strict (the default, true): the
// candidate value matches the query as as_geojson_match says. A candidate
// that does not parse matches nothing (as_particle_geojson_match_msgpack).
// The server first narrows the candidates by the S2 cells of its index (a
// point's leaf cell, a region's covering; a query region's covering, a
// query point's ancestors); every candidate the strict test accepts is
// among them, so the strict test alone gives its answer, but for a region
// that has no covering, which the index does not hold.
func geoFilterMatches(query, candidate driver.GeoJSON) bool {
	q, err := parseGeo(query)
	if err != nil {
		return false
	}
	// A candidate region whose covering fails is not in the index
	// (sindex.c add_geojson_from_msgpack: "geo_region_cover failed"): only
	// a list or map element can be one, a bin's value being refused.
	c := cachedGeo(candidate)
	if c.err != nil || c.coverErr != nil {
		return false
	}
	return geoMatch(&c.shape, &q)
}
