package engine

import (
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
	"github.com/aerokit/aero/internal/msgpack"
)

// opPlan is what write_master_policies learns from the ops before touching
// the record.
type opPlan struct {
	writes        bool
	mustNotCreate bool
	replace       bool
	values        []any // normalized op values
}

// planOps validates the ops of a write (at least one op writes) against
// policy as the server's write_master_policies (transaction/write.c) does.
func planOps(policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*opPlan, error) {
	p := &opPlan{values: make([]any, len(ops))}
	p.mustNotCreate = policy.RecordExists == driver.UpdateOnly || policy.RecordExists == driver.ReplaceOnly
	p.replace = policy.RecordExists == driver.Replace || policy.RecordExists == driver.ReplaceOnly
	readAll, readHeader, namedRead := 0, 0, false
	for i := range ops {
		op := &ops[i]
		switch op.Type {
		case driver.OpRead:
			if op.Bin == "" {
				readAll++
			} else {
				namedRead = true
			}
		case driver.OpReadHeader:
			readHeader++
		case driver.OpExpRead:
			namedRead = true
		case driver.OpWrite, driver.OpAdd, driver.OpAppend, driver.OpPrepend, driver.OpTouch, driver.OpDelete, driver.OpExpWrite:
			p.writes = true
		case driver.OpCDTRead, driver.OpCDTModify, driver.OpHLLRead, driver.OpHLLModify:
			// List, map and HLL ops generate response bins.
			namedRead = true
			p.writes = p.writes || op.Type == driver.OpCDTModify || op.Type == driver.OpHLLModify
		case driver.OpBitRead:
			namedRead = true
		case driver.OpBitModify:
			p.writes = true
		default:
			return nil, driver.Errorf(driver.ParameterError, "key %s: operation %d has unknown type %s", key, i, op.Type)
		}
	}
	if readAll > 0 {
		// A header read is a READ op without a bin name on the wire, so
		// once GET_ALL is set (a read of every bin) it is a read-all op
		// too (transaction/rw_utils.h op_is_read_all): write_master_policies
		// refuses "more than one read-all op".
		readAll += readHeader
	}
	if readAll > 1 {
		return nil, driver.Errorf(driver.ParameterError, "key %s: more than one read-all operation", key)
	}
	if readAll > 0 && namedRead {
		// "read-all op can't mix with ops that generate response bins".
		return nil, driver.Errorf(driver.ParameterError, "key %s: a read of all bins cannot be mixed with reads of named bins", key)
	}
	for i := range ops {
		op := &ops[i]
		switch op.Type {
		case driver.OpTouch:
			if p.replace {
				return nil, driver.Errorf(driver.ParameterError, "key %s: touch cannot be combined with a replace policy", key)
			}
			p.mustNotCreate = true
			continue
		case driver.OpReadHeader:
			continue
		case driver.OpExpRead, driver.OpExpWrite:
			prog, err := planExpOp(key, op)
			if err != nil {
				return nil, err
			}
			p.values[i] = prog
			continue
		case driver.OpRead:
			if op.Bin == "" {
				continue
			}
		case driver.OpDelete:
			if p.replace {
				return nil, driver.Errorf(driver.ParameterError, "key %s: delete operation cannot be combined with a replace policy", key)
			}
			continue
		}
		if err := checkBinName(key, op.Bin); err != nil {
			return nil, err
		}
		switch op.Type {
		case driver.OpCDTModify, driver.OpBitModify, driver.OpHLLModify:
			// "cdt modify op can't have record-level replace flag" (and
			// the same for bits and HLL modify ops): write_master_policies
			// refuses them before looking the record up (transaction/
			// write.c). An expression write is allowed.
			if p.replace {
				return nil, driver.Errorf(driver.ParameterError, "key %s: bin %q: %s cannot be combined with a replace policy", key, op.Bin, op.Type)
			}
		}
		switch op.Type {
		case driver.OpRead, driver.OpCDTRead, driver.OpCDTModify, driver.OpHLLRead, driver.OpHLLModify:
			continue // a cdt.Op or hll.Op is checked when it runs (applyCDT, applyHLL)
		}
		if op.Type == driver.OpBitRead || op.Type == driver.OpBitModify {
			continue // a bitop.Op is checked when it runs (applyBit)
		}
		v, err := normalizeBin(op.Value)
		if err != nil {
			return nil, wrapBinErr(key, op.Bin, err)
		}
		if h, ok := v.(driver.HLL); ok {
			// hll_from_wire (particle_hll.c): a malformed HLL value.
			if err := hll.Validate(h); err != nil {
				return nil, driver.Errorf(driver.ParameterError, "key %s: bin %q: %v", key, op.Bin, err)
			}
		}
		if g, ok := v.(driver.GeoJSON); ok {
			// geojson_from_wire (particle_geojson.c): GEO_INVALID_GEOJSON.
			if err := checkGeoValue(g); err != nil {
				return nil, geoValueErr(key, op.Bin, g, err)
			}
		}
		p.values[i] = v
		switch op.Type {
		case driver.OpWrite:
			if v == nil && p.replace {
				return nil, driver.Errorf(driver.ParameterError, "key %s: bin %q: a bin delete cannot be combined with a replace policy", key, op.Bin)
			}
		case driver.OpAdd, driver.OpAppend, driver.OpPrepend:
			if p.replace {
				return nil, driver.Errorf(driver.ParameterError, "key %s: bin %q: %s cannot be combined with a replace policy", key, op.Bin, op.Type)
			}
			if v == nil {
				return nil, driver.Errorf(driver.ParameterError, "key %s: bin %q: %s needs a value", key, op.Bin, op.Type)
			}
		}
	}
	return p, nil
}

// results collects the bins that read ops return. A bin read more than once
// gets a []any of its reads in order, as the client's OpResults.
type results struct {
	bins  driver.Bins
	multi map[string]bool
	// op is the index of the op running; with each set, seq records every
	// result with its op, in order, instead of bins (OperateEach).
	op   int
	each bool
	seq  []OpResult
	// writing is a write transaction's results: there a read op other
	// than a plain read of a live bin answers even when its result is
	// empty (write.c write_master_bin_ops: add_response).
	writing bool
}

func newResults() *results { return &results{} }

func (r *results) add(name string, v any) {
	if r.each {
		r.seq = append(r.seq, OpResult{Op: r.op, Bin: name, Value: v})
		return
	}
	if r.bins == nil {
		r.bins = driver.Bins{}
	}
	prev, ok := r.bins[name]
	switch {
	case !ok:
		r.bins[name] = v
	case r.multi[name]:
		r.bins[name] = append(prev.([]any), v)
	default:
		if r.multi == nil {
			r.multi = map[string]bool{}
		}
		r.multi[name] = true
		r.bins[name] = []any{prev, v}
	}
}

// applyOp applies one op to bins (the record's working copy). Values stored
// in bins are fresh copies, never aliases of the caller's values.
func applyOp(key *driver.Key, bins driver.Bins, op *driver.Operation, v any, res *results) error {
	switch op.Type {
	case driver.OpRead:
		if op.Bin == "" {
			for name, bv := range bins {
				res.add(name, driver.Clone(bv))
			}
			return nil
		}
		if bv, ok := bins[op.Bin]; ok {
			res.add(op.Bin, driver.Clone(bv))
		}
	case driver.OpReadHeader, driver.OpTouch:
	case driver.OpWrite:
		if v == nil {
			delete(bins, op.Bin)
		} else {
			bins[op.Bin] = driver.Clone(v)
		}
	case driver.OpDelete:
		clear(bins)
	case driver.OpAdd:
		nv, err := add(bins[op.Bin], v)
		if err != nil {
			return binTypeErr(key, op, bins[op.Bin], v, err)
		}
		bins[op.Bin] = nv
	case driver.OpAppend, driver.OpPrepend:
		nv, err := concat(bins[op.Bin], v, op.Type == driver.OpPrepend)
		if err != nil {
			return binTypeErr(key, op, bins[op.Bin], v, err)
		}
		bins[op.Bin] = nv
	case driver.OpCDTRead, driver.OpCDTModify:
		return applyCDT(key, bins, op, res)
	case driver.OpBitRead, driver.OpBitModify:
		return applyBit(key, bins, op, res)
	case driver.OpHLLRead, driver.OpHLLModify:
		return applyHLL(key, bins, op, res)
	}
	return nil
}

func binTypeErr(key *driver.Key, op *driver.Operation, cur, v any, err error) error {
	if cur == nil {
		return driver.Errorf(driver.BinTypeError, "key %s: bin %q: %s of a %T value: %v", key, op.Bin, op.Type, v, err)
	}
	return driver.Errorf(driver.BinTypeError, "key %s: bin %q holds a %T: %s of a %T value: %v", key, op.Bin, cur, op.Type, v, err)
}

var errIncompatible = fmt.Errorf("incompatible types")

// add follows the server's particle incr_from_wire functions: on an
// existing bin the value must be an integer or a float of the bin's type
// (integer_incr_from_wire, float_incr_from_wire: AS_ERR_INCOMPATIBLE_TYPE
// otherwise). Integers wrap on overflow, as the server's uint64 addition
// does. A missing bin is created with the value whatever its type: "all
// operations become creates if there's no existing particle"
// (base/particle.c as_bin_particle_stack_modify_from_client), so an add of
// a string to a missing bin stores the string.
func add(cur, v any) (any, error) {
	if cur == nil {
		return driver.Clone(v), nil
	}
	switch x := v.(type) {
	case int64:
		if c, ok := cur.(int64); ok {
			return c + x, nil
		}
	case float64:
		if c, ok := cur.(float64); ok {
			return c + x, nil
		}
	}
	return nil, errIncompatible
}

// concat follows the server's append_from_wire / prepend_from_wire: strings
// to strings, blobs to blobs (base/particle_blob.c
// blob_concat_size_from_wire, which strings share: a value whose particle
// type differs from the bin's is AS_ERR_INCOMPATIBLE_TYPE). A missing
// bin is created with the value whatever its type, as for add.
func concat(cur, v any, prepend bool) (any, error) {
	if cur == nil {
		return driver.Clone(v), nil
	}
	switch x := v.(type) {
	case string:
		if c, ok := cur.(string); ok {
			if prepend {
				return x + c, nil
			}
			return c + x, nil
		}
	case []byte:
		if c, ok := cur.([]byte); ok {
			out := make([]byte, 0, len(c)+len(x))
			if prepend {
				return append(append(out, x...), c...), nil
			}
			return append(append(out, c...), x...), nil
		}
	}
	return nil, errIncompatible
}

// normalizeBin is driver.Normalize for a written bin value, which may also
// be an unordered map in its stored order (a msgpack.OrderedMap with Flags
// 0, as a wire server decodes a map written out of key order: its entries
// are canonical already).
func normalizeBin(v any) (any, error) {
	if m, ok := v.(msgpack.OrderedMap); ok && m.Flags == 0 {
		return m, nil
	}
	return driver.Normalize(v)
}
