package aerospike

import (
	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
)

// geoFilter translates a geo filter (a Filter whose Equal is GeoJSON): the
// client's geo filters all send the GeoJSON text as a GEOJSON-typed range
// (filter.go newFilter with ParticleType.GEOJSON); the server reads its
// shape, a region for points within it, a point for regions containing it
// (query/query.c range_from_msg_geojson), so one constructor of each
// addressing form serves both.
func geoFilter(f *driver.Filter, ict as.IndexCollectionType, g driver.GeoJSON) *as.Filter {
	s := string(g)
	switch {
	case f.IndexName != "" && ict == as.ICT_DEFAULT:
		return as.NewGeoWithinRegionWithIndexNameFilter(f.IndexName, s)
	case f.IndexName != "":
		return as.NewGeoWithinRegionForCollectionWithIndexNameFilter(f.IndexName, ict, s)
	case f.Exp != nil:
		e, _ := clientExp(f.Exp) // checked by Query
		if ict == as.ICT_DEFAULT {
			return as.NewGeoWithinRegionWithExpressionFilter(e, s)
		}
		return as.NewGeoWithinRegionForCollectionWithExpressionFilter(e, ict, s)
	}
	ctx, _ := clientCtx(f.Ctx) // checked by Query
	if ict == as.ICT_DEFAULT {
		return as.NewGeoWithinRegionFilter(f.Bin, s, ctx...)
	}
	return as.NewGeoWithinRegionForCollectionFilter(f.Bin, ict, s, ctx...)
}
