package exp

import (
	"math"

	"github.com/aerokit/aero/internal/exptree"
)

// Inputs that crash a server (see the cdt package doc): an integer division
// or remainder of the smallest integer by -1 kills a real Aerospike server
// with SIGFPE (as/src/base/exp.c eval_div: ret_val->r_int /= iproduct,
// where iproduct is the product of the divisors; eval_mod:
// ret_val->r_int % arg1.r_int; neither checks this overflow). NumDiv and
// NumMod refuse it when the operands are literal values, so that the
// expression is invalid on every backend (Validate, and the packing every
// backend runs before an expression is sent or applied, report it); a
// value known only when the expression runs (a bin, a computed value)
// cannot be seen here.

// guardDivOverflow returns e, a div or mod node, with its error set when
// its literal operands divide math.MinInt64 by -1.
func guardDivOverflow(e *Expr) *Expr {
	if len(e.n.Args) < 2 {
		// One argument of div is its inverse, 1/x, which cannot overflow.
		return e
	}
	if n, ok := literalInt(e.n.Args[0]); !ok || n != math.MinInt64 {
		return e
	}
	// eval_div divides by the product of the other arguments, in int64
	// (which wraps).
	d := int64(1)
	for _, a := range e.n.Args[1:] {
		v, ok := literalInt(a)
		if !ok {
			return e
		}
		d *= v
	}
	if d == -1 {
		e.err = errorf("%s: the smallest integer divided by -1 overflows, and Aerospike server 8.1.2 dies of it (SIGFPE) instead of answering", e)
	}
	return e
}

// literalInt returns the value of an integer literal.
func literalInt(e *Expr) (int64, bool) {
	if e == nil || e.n.Op != exptree.OpValue || e.err != nil {
		return 0, false
	}
	v, ok := e.n.Value.(int64)
	return v, ok
}
