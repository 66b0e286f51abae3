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
	args := e.Args()
	target := ev.eval(args[len(args)-1], binds)
	c := e.Call()
	if target.k != kBlob && (target.k != kNil || !c.Modify) {
		return unknown
	}
	op := bitop.Op{Code: c.BitCode(), Args: make([]any, 0, len(args)-1)}
	for _, a := range args[:len(args)-1] {
		v, ok := plainValue(ev.eval(a, binds))
		if !ok {
			return unknown
		}
		op.Args = append(op.Args, v)
	}
	typ := driver.OpBitRead
	if c.Modify {
		typ = driver.OpBitModify
	}
	bins := driver.Bins{}
	if target.k == kBlob {
		bins[""] = target.v
	}
	dop := driver.Operation{Type: typ, Value: op}
	res := newResults()
	if err := applyBit(&driver.Key{Digest: ev.r.digest}, bins, &dop, res); err != nil {
		return unknown
	}
	var out any
	if c.Modify {
		out = bins[""]
	} else {
		out = res.bins[""]
	}
	if out == nil || binType(out) != e.Type() {
		return unknown // no value, or not the declared type
	}
	return fromValue(out)
}
