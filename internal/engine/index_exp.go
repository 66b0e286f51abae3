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

// indexReader reads what an index holds of a record: the value of its
// bin, the element its context designates, or its expression's value
// evaluated on the record (sindex.c as_sindex_put_rd: a record whose
// expression fails holds nothing; one of another type is then skipped by
// indexed, as sbin_from_bin skips it). The engine builds one per index when
// the index is defined (indexEntry), so that a write, which reads every
// index of its set (Engine.store), compiles no expression.
type indexReader struct {
	bin  string
	ctx  []driver.CDTContext
	prog program // an expression index's; root nil for a bin index
}

func newIndexReader(idx *driver.Index) (indexReader, error) {
	if idx.Exp == nil {
		return indexReader{bin: idx.Bin, ctx: idx.Ctx}, nil
	}
	p, err := buildProgram(idx.Exp)
	if err != nil {
		return indexReader{}, err
	}
	return indexReader{prog: p}, nil
}

// key returns what the index holds of the record r at digest d, nil for
// nothing.
func (ir *indexReader) key(d driver.Digest, r *record, nowSec, nowMS int64) any {
	switch {
	case ir.prog.root != nil:
		er := evalRecOf(d, r, r.bins, nowSec, nowMS)
		v, ok := ir.prog.value(&er)
		if !ok {
			return nil
		}
		return v
	case len(ir.ctx) > 0:
		// sindex.c sbin_from_bin, query.c record_matches_query: a list or
		// map bin, dug by the context; anything else holds nothing.
		switch r.bins[ir.bin].(type) {
		case []any, msgpack.OrderedList, map[any]any, msgpack.OrderedMap:
		default:
			return nil
		}
		v, ok := digContext(r.bins[ir.bin], ir.ctx)
		if !ok {
			return nil
		}
		return v
	}
	return r.bins[ir.bin]
}
