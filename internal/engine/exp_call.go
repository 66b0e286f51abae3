package engine

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/hll"
)

// List and map expressions (exp.c build_call, eval_call): the params are
// evaluated, the list or map operation is applied to the value of the last
// argument with the engine's CDT semantics (cdt_*.go), and the result is
// the operation's (a read call) or the changed copy (a modify call).

// checkCall is build_call: a declared type of the language, params of any
// type, and a list or map (or nil) to apply the operation to.
func (b *builder) checkCall(e *exp.Expr, depth int) (rtype, error) {
	n := nodeOf(e)
	args := n.Args
	if len(args) == 0 {
		return 0, paramErr(e, "call without a value")
	}
	if n.Type > exp.TypeHLL {
		return 0, paramErr(e, "call of invalid type %d", n.Type)
	}
	for _, a := range args[:len(args)-1] {
		if _, err := b.check(a, depth+1); err != nil {
			return 0, err
		}
	}
	t, err := b.check(args[len(args)-1], depth+1)
	if err != nil {
		return 0, err
	}
	if n.Call().IsHLL {
		if t != rtype(exp.TypeHLL) && t != rtype(exp.TypeNil) {
			return 0, paramErr(e, "HLL call on a %s, not an HLL", rtypeName(t))
		}
		return rtype(n.Type), nil
	}
	if n.Call().Bits {
		// A bit call applies to a blob (bit_exp.go).
		if t != rtype(exp.TypeBlob) && t != rtype(exp.TypeNil) {
			return 0, paramErr(e, "bit call on a %s, not a blob", rtypeName(t))
		}
		return rtype(n.Type), nil
	}
	switch t {
	case rtype(exp.TypeList), rtype(exp.TypeMap), rtype(exp.TypeNil):
	default:
		return 0, paramErr(e, "call on a %s, not a list or map", rtypeName(t))
	}
	return rtype(n.Type), nil
}

// evalCall applies a call. Any failure of the operation (a bad param, an
// index out of range that the server refuses) makes the value unknown, as
// eval_call does when the CDT call fails.
func (ev *evaluator) evalCall(e *exp.Expr, binds []binding) xval {
	n := nodeOf(e)
	if n.Call().IsHLL {
		return ev.evalHLLCall(e, binds)
	}
	if n.Call().Bits {
		return ev.evalBitCall(e, binds)
	}
	args := n.Args
	target := ev.eval(args[len(args)-1], binds)
	if target.k != kList && target.k != kMap {
		return unknown
	}
	c := n.Call()
	op := cdt.Op{Ctx: c.Ctx, Code: c.Code, Args: make([]any, 0, len(args)-1)}
	for _, a := range args[:len(args)-1] {
		v, ok := plainValue(ev.eval(a, binds))
		if !ok {
			return unknown
		}
		op.Args = append(op.Args, v)
	}
	typ := driver.OpCDTRead
	if c.Modify {
		typ = driver.OpCDTModify
	}
	bins := driver.Bins{"": target.v}
	dop := driver.Operation{Type: typ, Value: op}
	res := newResults()
	if err := applyCDT(&driver.Key{Digest: ev.r.digest}, bins, &dop, res); err != nil {
		return unknown
	}
	var out any
	if c.Modify {
		out = bins[""]
	} else if v, ok := res.bins[""]; ok {
		out = v
	}
	v := fromValue(out)
	// eval_call: a result that is not of the declared type is unknown
	// (bin_is_type), a nil one too unless nil was declared: a map read by
	// a missing key (a NULL particle) makes a read expression fail.
	if want := n.Type; binType(out) != want && !(want == exp.TypeBool && v.k == kBool) {
		return unknown
	}
	return v
}

// plainValue turns an evaluated param back into a value of the operation.
func plainValue(v xval) (any, bool) {
	switch v.k {
	case kUnk:
		return nil, false
	case kNil:
		return nil, true
	case kBool:
		return v.i == 1, true
	case kInt:
		return v.i, true
	case kFloat:
		return v.f, true
	case kStr:
		return v.s, true
	}
	return v.v, true
}

// evalHLLCall applies an HLL call (particle_hll.c as_bin_hll_read_exp,
// as_bin_hll_modify_exp) with the engine's HLL semantics (hll.go): a read
// returns the operation's result, a modify the changed copy of the HLL (a
// nil target is a missing bin, which a modify may create). Any failure
// makes the value unknown.
func (ev *evaluator) evalHLLCall(e *exp.Expr, binds []binding) xval {
	code := nodeOf(e).Call().HLLCode
	return ev.evalParticleCall(e, binds, particleCall{
		kind:      kHLL,
		nilRead:   true,
		nilResult: true,
		read:      driver.OpHLLRead,
		modify:    driver.OpHLLModify,
		op:        func(args []any) any { return hll.Op{Code: code, Args: args} },
		apply:     applyHLL,
	})
}
