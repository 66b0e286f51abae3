package engine

import (
	"bytes"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/msgpack"
)

// Expression indexes (server 8.1): an index whose key, per record, is the
// value of an expression rather than of a bin.

// CheckIndexExp checks an expression index's definition without creating
// it (a wire server answers sindex-create's errors before looking at the
// existing indexes, as sindex_manager.c does); nil when idx has no
// expression.
func CheckIndexExp(idx *driver.Index) error {
	if idx == nil || idx.Exp == nil {
		return nil
	}
	_, err := checkIndexExp(idx)
	return err
}

// checkIndexExp checks an expression index's expression as
// sindex/sindex_manager.c as_sindex_manager_sindex_create does: it must
// parse (sindex.c as_sindex_validate_exp: "bad 'exp'") and return the
// index's key type, or a list or a map for a collection index
// (as_sindex_validate_exp_type, itype_to_exp_particle_type). Both a bin and
// an expression is ParameterError ("both 'bin' and 'exp' are specified").
func checkIndexExp(idx *driver.Index) (program, error) {
	if idx.Bin != "" {
		return program{}, driver.Errorf(driver.ParameterError, "index %q: both bin %q and an expression are specified", idx.Name, idx.Bin)
	}
	p, err := buildProgram(idx.Exp)
	if err != nil {
		return program{}, driver.Errorf(driver.ParameterError, "index %q: bad expression: %v", idx.Name, err)
	}
	want := indexExpType(idx)
	if p.typ != rtype(want) {
		return program{}, driver.Errorf(driver.ParameterError, "index %q: expression %s returns %s, not the expected %s", idx.Name, p.root, rtypeName(p.typ), want)
	}
	return p, nil
}

// indexExpType is the type an index's expression must return
// (sindex.c as_sindex_validate_exp_type).
func indexExpType(idx *driver.Index) exp.Type {
	switch idx.Collection {
	case driver.IndexList:
		return exp.TypeList
	case driver.IndexMapKeys, driver.IndexMapValues:
		return exp.TypeMap
	}
	switch idx.Type {
	case driver.IndexString:
		return exp.TypeString
	case driver.IndexBlob:
		return exp.TypeBlob
	case driver.IndexGeo2DSphere:
		return exp.TypeGeo
	}
	return exp.TypeInt
}

// sameExp reports whether two expressions have the same wire form: the
// server identifies an expression index by its expression's bytes
// (sindex.c as_si_by_defn compares exp_buf).
func sameExp(a, b driver.Expression) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return bytes.Equal(a.AppendWire(nil), b.AppendWire(nil))
}

// indexKeyFunc returns what a query's index holds of a record: the value
// of its bin, or of its expression, evaluated on the record (sindex.c
// as_sindex_put_rd: a record whose expression fails holds nothing; one of
// another type is then skipped by indexed, as sbin_from_bin skips it).
func indexKeyFunc(idx *driver.Index, nowSec, nowMS int64) (func(driver.Digest, *record) any, error) {
	if idx.Exp == nil && len(idx.Ctx) > 0 {
		// sindex.c sbin_from_bin, query.c record_matches_query: a list or
		// map bin, dug by the context; anything else holds nothing.
		bin, ctx := idx.Bin, idx.Ctx
		return func(_ driver.Digest, r *record) any {
			switch r.bins[bin].(type) {
			case []any, msgpack.OrderedList, map[any]any, msgpack.OrderedMap:
			default:
				return nil
			}
			v, ok := digContext(r.bins[bin], ctx)
			if !ok {
				return nil
			}
			return v
		}, nil
	}
	if idx.Exp == nil {
		bin := idx.Bin
		return func(_ driver.Digest, r *record) any { return r.bins[bin] }, nil
	}
	p, err := buildProgram(idx.Exp)
	if err != nil {
		return nil, err
	}
	return func(d driver.Digest, r *record) any {
		er := evalRecOf(d, r, r.bins, nowSec, nowMS)
		v, ok := p.value(&er)
		if !ok {
			return nil
		}
		return v
	}, nil
}
