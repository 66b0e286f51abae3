package memconn

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// plainRecord returns rec with its bins in the form the Aerospike driver
// returns them: a list kept ordered as a []any, a key-ordered map as a
// map[any]any, a uint64 element above math.MaxInt64 as the int64 of its
// bits (msgpack.Plain). The engine keeps the order flags and the unsigned
// values; the application never sees them, on either driver.
func plainRecord(rec *driver.Record, err error) (*driver.Record, error) {
	if rec == nil {
		return rec, err
	}
	for name, v := range rec.Bins {
		switch v.(type) {
		case []any, map[any]any, msgpack.OrderedList, msgpack.OrderedMap, uint64:
			rec.Bins[name] = msgpack.Plain(v)
		}
	}
	return rec, err
}

// hasCDT reports whether ops hold list, map or HLL operations, and whether
// the client would send them with respond-all-ops (a map, HLL or
// expression op).
func hasCDT(ops []driver.Operation) (cdtOps, mapOps bool) {
	for _, op := range ops {
		if op.Type == driver.OpBitRead || op.Type == driver.OpBitModify {
			// And bit ops (operate_args.go), whose results are laid out
			// as list and map ops' are.
			cdtOps, mapOps = true, true
			continue
		}
		if op.Type == driver.OpExpRead || op.Type == driver.OpExpWrite {
			// The client sends expression ops with respond-all-ops too
			// (operate_args.go).
			mapOps = true
			continue
		}
		if op.Type == driver.OpHLLRead || op.Type == driver.OpHLLModify {
			// And HLL ops (operate_args.go _HLL_READ, _HLL_MODIFY).
			cdtOps, mapOps = true, true
			continue
		}
		if op.Type != driver.OpCDTRead && op.Type != driver.OpCDTModify {
			continue
		}
		cdtOps = true
		switch v := op.Value.(type) {
		case cdt.Op:
			mapOps = mapOps || v.Code.IsMap()
		case *cdt.Op:
			mapOps = mapOps || (v != nil && v.Code.IsMap())
		}
	}
	return cdtOps, mapOps
}

// operateCDT runs an Operate holding list or map operations and lays out
// its results as the client returns them: with respond-all-ops (which the
// client sets for map operations, operate_args.go, and for every batch
// write) each read or list/map operation without a result contributes a
// nil to its bin; write operations contribute nothing, as the Aerospike
// driver strips their answers.
func (c *conn) operateCDT(policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation, respondAll bool) (*driver.Record, error) {
	rec, seq, err := c.e.OperateEach(policy, key, ops)
	if err != nil {
		return nil, err
	}
	var bins driver.Bins
	var multi map[string]bool
	add := func(name string, v any) {
		if bins == nil {
			bins = driver.Bins{}
		}
		prev, ok := bins[name]
		switch {
		case !ok:
			bins[name] = v
		case multi[name]:
			bins[name] = append(prev.([]any), v)
		default:
			if multi == nil {
				multi = map[string]bool{}
			}
			multi[name] = true
			bins[name] = []any{prev, v}
		}
	}
	next := 0 // seq is in op order
	for i, op := range ops {
		got := 0
		for ; next < len(seq) && seq[next].Op == i; next++ {
			add(seq[next].Bin, msgpack.Plain(seq[next].Value))
			got++
		}
		if got == 0 && respondAll && op.Bin != "" {
			switch op.Type {
			case driver.OpRead, driver.OpCDTRead, driver.OpCDTModify, driver.OpExpRead, driver.OpBitRead, driver.OpHLLRead, driver.OpHLLModify:
				add(op.Bin, nil)
			}
		}
	}
	rec.Bins = bins
	return rec, nil
}
