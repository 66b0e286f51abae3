package engine

import (
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// checkGeoVal is build_value_geo (exp.c geo_mp_to_op): a GeoJSON literal is
// parsed when the expression is built, and one that does not parse fails
// the build with PARAMETER_ERROR. No covering is computed (a region the
// server would not store is a valid literal).
func checkGeoVal(e *exp.Expr, g exp.GeoJSON) (rtype, error) {
	if _, err := parseGeo(g); err != nil {
		return 0, paramErr(e, "invalid geojson: %v", err)
	}
	return rtype(exp.TypeGeo), nil
}

// evalGeo is cmp_geo (exp.c eval_compare, RT_GEO_COMPILED): as_geojson_match
// in strict mode with the left value as the candidate and the right one as
// the query: true when the left is a point within the right region, or a
// region containing the right point; false for two points or two regions.
// A value that does not parse (json_to_rt_geo) makes it unknown.
func (ev *evaluator) evalGeo(args []*exp.Expr, binds []binding) xval {
	l := ev.eval(args[0], binds)
	if l.k != kGeo {
		return unknown
	}
	r := ev.eval(args[1], binds)
	if r.k != kGeo {
		return unknown
	}
	c, err := parseGeo(l.v.(driver.GeoJSON))
	if err != nil {
		return unknown
	}
	q, err := parseGeo(r.v.(driver.GeoJSON))
	if err != nil {
		return unknown
	}
	return boolVal(geoMatch(&c, &q))
}
