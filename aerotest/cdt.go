package aerotest

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/wire"
)

// cdtOperation decodes a list or map operation from its wire op (the
// client's msgpack payload, cdt.Decode); a payload that does not decode is
// PARAMETER_ERROR, as the server's cdt_process_state_init_from_vec answers.
func cdtOperation(o wire.Op) (driver.Operation, error) {
	op, err := cdt.Decode(o.Name, o.Value)
	if err != nil {
		return driver.Operation{}, fail(driver.ParameterError, "bin %q: %v", o.Name, err)
	}
	t := driver.OpCDTRead
	if o.Op == wire.OpCDTModify {
		t = driver.OpCDTModify
	}
	return driver.Operation{Type: t, Bin: o.Name, Value: op}, nil
}

// hllOperation decodes an HLL operation from its wire op (hll.Decode); a
// payload that does not decode is PARAMETER_ERROR, as the server's
// hll_state_init answers (particle_hll.c).
func hllOperation(o wire.Op) (driver.Operation, error) {
	op, err := hll.Decode(o.Name, o.Value)
	if err != nil {
		return driver.Operation{}, fail(driver.ParameterError, "bin %q: %v", o.Name, err)
	}
	t := driver.OpHLLRead
	if o.Op == wire.OpHLLModify {
		t = driver.OpHLLModify
	}
	return driver.Operation{Type: t, Bin: o.Name, Value: op}, nil
}

// hasCDTWireOp reports whether ops hold list, map or HLL operations, whose
// replies are laid out per op (operateCDT).
func hasCDTWireOp(ops []wire.Op) bool {
	for _, o := range ops {
		switch o.Op {
		case wire.OpCDTRead, wire.OpCDTModify, wire.OpBitRead, wire.OpBitModify, wire.OpHLLRead, wire.OpHLLModify:
			return true
		}
	}
	return false
}

func hasCDTOp(ops []driver.Operation) bool {
	for _, o := range ops {
		switch o.Type {
		case driver.OpCDTRead, driver.OpCDTModify, driver.OpBitRead, driver.OpBitModify, driver.OpHLLRead, driver.OpHLLModify:
			return true
		}
	}
	return false
}

// eachOperator is implemented by stores that report every result of an
// Operate with the op that produced it (the engine's OperateEach).
type eachOperator interface {
	OperateEach(ctx context.Context, p *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, []engine.OpResult, error)
}

func (s *engineStore) OperateEach(_ context.Context, p *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, []engine.OpResult, error) {
	return s.e.OperateEach(p, key, ops)
}

// operateCDT runs an operate holding list or map operations (a read when no
// op writes) and lays out its reply as the server does: one op per result
// in request order, each op's results in its bin; with respond-all-ops an
// op without a result gets an empty one (the client requests it for map
// operations, operate_args.go).
func (s *Server) operateCDT(r *request, ops []driver.Operation) (*wire.Message, error) {
	policy := r.writePolicy()
	var rec *driver.Record
	var seq []engine.OpResult
	var err error
	eo, each := s.store.(eachOperator)
	if each {
		rec, seq, err = eo.OperateEach(s.ctx, policy, r.key, ops)
	} else {
		rec, err = s.store.Operate(s.ctx, policy, r.key, ops)
		seq = resultsFromBins(ops, rec)
	}
	if err != nil {
		return nil, err
	}
	reply := &wire.Message{Generation: rec.Generation, Expiration: voidTime(rec.Expiration)}
	byOp := map[int][]engine.OpResult{}
	for _, res := range seq {
		byOp[res.Op] = append(byOp[res.Op], res)
	}
	for i, op := range ops {
		if op.Type == driver.OpRead && op.Bin == "" {
			if each && len(byOp[i]) > 0 {
				// In a write, the read of every bin answers the bins as
				// they are when it runs, among the other ops' results
				// (write.c write_master_bin_ops_loop: a read-all op adds
				// every bin of the working record to the response);
				// OperateEach reports them with the op. A read
				// transaction answers them in rec.Bins (read.c read_local).
				got := slices.Clone(byOp[i])
				slices.SortFunc(got, func(a, b engine.OpResult) int { return strings.Compare(a.Bin, b.Bin) })
				for _, res := range got {
					o, err := binOp(res.Bin, res.Value)
					if err != nil {
						return nil, err
					}
					reply.Ops = append(reply.Ops, o)
				}
				continue
			}
			for _, name := range sortedBins(rec.Bins) {
				o, err := binOp(name, rec.Bins[name])
				if err != nil {
					return nil, err
				}
				reply.Ops = append(reply.Ops, o)
			}
			continue
		}
		if op.Type == driver.OpTouch {
			// write.c write_master_bin_ops_loop: a touch op adds no
			// result, even with respond-all-ops (as operateResults).
			continue
		}
		if op.Type == driver.OpReadHeader {
			// The client sends a header read as a READ op with no bin
			// name (operation.go GetHeaderOp); without GET_ALL the server
			// reads bin "" (rw_utils.h op_is_read_all), which it finds
			// missing: no answer, or with respond-all-ops an empty one
			// named "" (rw_utils.c process_bin_read_op).
			if r.respondOp {
				reply.Ops = append(reply.Ops, wire.Op{Op: wire.OpRead})
			}
			continue
		}
		got := byOp[i]
		if len(got) == 0 {
			if r.respondOp {
				reply.Ops = append(reply.Ops, wire.Op{Op: wire.OpRead, Name: op.Bin})
			}
			continue
		}
		for _, res := range got {
			o, err := binOp(res.Bin, res.Value)
			if err != nil {
				return nil, err
			}
			reply.Ops = append(reply.Ops, o)
		}
	}
	return reply, nil
}

// resultsFromBins rebuilds per-op results from a store that only returns
// the merged bins: each reading op takes its bin's next value.
func resultsFromBins(ops []driver.Operation, rec *driver.Record) []engine.OpResult {
	if rec == nil {
		return nil
	}
	count := map[string]int{}
	for _, op := range ops {
		if op.Bin != "" && !(op.Type.IsWrite() && op.Type != driver.OpCDTModify && op.Type != driver.OpHLLModify) {
			count[op.Bin]++
		}
	}
	seen := map[string]int{}
	var out []engine.OpResult
	for i, op := range ops {
		v, ok := rec.Bins[op.Bin]
		if !ok || count[op.Bin] == 0 || (op.Type.IsWrite() && op.Type != driver.OpCDTModify && op.Type != driver.OpHLLModify) {
			continue
		}
		if l, isList := v.([]any); isList && count[op.Bin] > 1 && len(l) == count[op.Bin] {
			v = l[seen[op.Bin]]
		} else if count[op.Bin] > 1 && seen[op.Bin] > 0 {
			continue
		}
		seen[op.Bin]++
		out = append(out, engine.OpResult{Op: i, Bin: op.Bin, Value: v})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Op < out[b].Op })
	return out
}

// cdtReadOps builds the driver ops of a read request holding list or map
// reads.
func cdtReadOps(r *request) ([]driver.Operation, error) {
	ops := make([]driver.Operation, 0, len(r.ops))
	for _, o := range r.ops {
		switch o.Op {
		case wire.OpRead:
			t := driver.OpRead
			if o.Name == "" && r.info1&wire.Info1GetAll == 0 {
				t = driver.OpReadHeader
			}
			ops = append(ops, driver.Operation{Type: t, Bin: o.Name})
		case wire.OpCDTRead, wire.OpCDTModify:
			op, err := cdtOperation(o)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
		case wire.OpBitRead, wire.OpBitModify:
			op, err := bitOperation(o)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
		case wire.OpHLLRead, wire.OpHLLModify:
			op, err := hllOperation(o)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
		case wire.OpExpRead:
			// Expression reads run with the list, map, bit and HLL reads
			// in order (read.c read_local).
			// A malformed one is the engine's to refuse (wireExp).
			x, flags := expOp(o)
			ops = append(ops, driver.Operation{Type: driver.OpExpRead, Bin: o.Name, Value: x, ExpFlags: flags})
		default:
			return nil, fail(driver.UnsupportedFeature, "operation %d (%s) is not supported by aerotest", o.Op, opName(o.Op))
		}
	}
	return ops, nil
}
