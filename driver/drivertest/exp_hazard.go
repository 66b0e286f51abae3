package drivertest

import (
	"math"
	"strings"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// testExpDivOverflowRefused checks that an expression dividing the
// smallest integer by -1 with literal operands (exp.NumDiv, exp.NumMod) is
// refused before anything is sent: PARAMETER_ERROR (aero.ErrInvalidArgument)
// naming the expression, as an operation and as a filter, the record left
// as it was. A real server dies of it with SIGFPE (as/src/base/exp.c
// eval_div: ret_val->r_int /= iproduct; eval_mod: ret_val->r_int %
// arg1.r_int; neither checks the overflow), so it is never sent to one: the
// expression does not pack (exp hazard.go). An operand known only when the
// expression runs is sent: a bin divided by -1 answers its negation.
func testExpDivOverflowRefused(e *env) {
	k := e.key("div-overflow")
	e.put(k, driver.Bins{"n": int64(5)})
	minInt, minus1 := exp.IntVal(math.MinInt64), exp.IntVal(-1)
	for _, x := range []*exp.Expr{exp.NumDiv(minInt, minus1), exp.NumMod(minInt, minus1)} {
		op := exp.ReadOp("x", x, driver.ExpReadDefault)
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{op, opWrite("w", int64(1))})
		if e.wantCode("Operate with an expression read of "+x.String()+" (refused: it crashes a server)", err, driver.ParameterError) &&
			!strings.Contains(err.Error(), x.String()) {
			e.Errorf("Operate with %s: error %q does not name the expression", x, err)
		}
		_, err = e.conn.Get(e.ctx, &driver.ReadPolicy{FilterExp: exp.Eq(x, exp.IntVal(0))}, k, nil)
		e.wantCode("Get filtered by "+x.String()+" (refused: it crashes a server)", err, driver.ParameterError)
	}
	rec := e.wantRecord("a refused expression changes nothing", k, driver.Bins{"n": int64(5)})
	e.wantGen("a refused expression changes nothing", rec, 1)
	if rec, ok := e.operate("an expression read of a bin divided by -1 (known when it runs)", k,
		exp.ReadOp("x", exp.NumDiv(exp.IntBin("n"), minus1), driver.ExpReadDefault)); ok {
		e.wantBins("a bin divided by -1", rec.Bins, driver.Bins{"x": int64(-5)})
	}
}
