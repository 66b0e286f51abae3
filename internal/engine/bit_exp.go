package engine

import (
	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// evalBitCall applies a bit call (exp.c eval_call, CALL_BITS;
// particle_blob.c as_bin_bits_read_exp, as_bin_bits_modify_exp): the params
// are evaluated, the bit operation is applied to the blob with the engine's
// bit semantics (bit.go), and the result is the operation's (a read) or the
// changed copy (a modify). A modify of a nil value works as on a missing
// bin (an insert or resize creates the blob); any failure of the operation
// makes the value unknown, as eval_call does.
func (ev *evaluator) evalBitCall(e *exp.Expr, binds []binding) xval {
	code := nodeOf(e).Call().BitCode()
	return ev.evalParticleCall(e, binds, particleCall{
		kind:   kBlob,
		read:   driver.OpBitRead,
		modify: driver.OpBitModify,
		op:     func(args []any) any { return bitop.Op{Code: code, Args: args} },
		apply:  applyBit,
	})
}

// particleCall is what evalParticleCall needs to know of a call on a bin
// particle (bits of a blob, an HLL): the particle's kind, the driver
// operation types of a read and a modify, how to build the operation from
// the evaluated params, and the engine function that applies it.
type particleCall struct {
	kind         kind
	nilRead      bool // a read of a nil target is applied (HLL) rather than unknown (bits)
	nilResult    bool // a nil result is nil (HLL) rather than unknown (bits)
	read, modify driver.OpType
	op           func(args []any) any
	apply        func(*driver.Key, driver.Bins, *driver.Operation, *results) error
}

// evalParticleCall is the one evaluation of a particle call (exp.c
// eval_call): the last param is the target, the others are evaluated into
// plain values, the operation is applied to a copy of the target with the
// engine's semantics for that particle, and the result is the operation's
// (a read) or the changed copy (a modify) if it has the call's declared
// type. Any failure makes the value unknown, as eval_call does.
func (ev *evaluator) evalParticleCall(e *exp.Expr, binds []binding, pc particleCall) xval {
	n := nodeOf(e)
	args := n.Args
	target := ev.eval(args[len(args)-1], binds)
	c := n.Call()
	if target.k != pc.kind && (target.k != kNil || !(c.Modify || pc.nilRead)) {
		return unknown
	}
	params := make([]any, 0, len(args)-1)
	for _, a := range args[:len(args)-1] {
		v, ok := plainValue(ev.eval(a, binds))
		if !ok {
			return unknown
		}
		params = append(params, v)
	}
	typ := pc.read
	if c.Modify {
		typ = pc.modify
	}
	bins := driver.Bins{}
	if target.k == pc.kind {
		bins[""] = target.v
	}
	dop := driver.Operation{Type: typ, Value: pc.op(params)}
	res := newResults()
	if err := pc.apply(&driver.Key{Digest: ev.r.digest}, bins, &dop, res); err != nil {
		return unknown
	}
	var out any
	if c.Modify {
		out = bins[""]
	} else {
		out = res.bins[""]
	}
	if out == nil {
		if pc.nilResult {
			return fromValue(nil)
		}
		return unknown // no value
	}
	if binType(out) != n.Type {
		return unknown // not the declared type
	}
	return fromValue(out)
}
