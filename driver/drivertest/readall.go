package drivertest

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// testReadAllIgnoresOps checks a read-only Operate that reads every bin
// among other read ops: the client sends it with GET_ALL (operate_args.go),
// and the server then answers every bin of the record once and runs none
// of the ops (as/src/transaction/read.c read_local: the loop over the ops
// is the branch without AS_MSG_INFO1_GET_ALL). So a header read or an
// expression read beside it adds nothing, and an expression or a list read
// that would fail on its own does not fail it. Found by the differential
// harness against server 8.1.2.0 (aerotest answered every bin twice).
func testReadAllIgnoresOps(e *env) {
	k := e.key("read-all-ops")
	bins := driver.Bins{"s": "str", "t": false}
	e.put(k, bins)
	readAll := driver.Operation{Type: driver.OpRead}
	failing := exp.ReadOp("x", exp.NumAdd(exp.IntBin("s"), exp.IntVal(1)), driver.ExpReadDefault)
	cases := []struct {
		name string
		ops  []driver.Operation
	}{
		{"a header read, an expression read and a read of every bin",
			[]driver.Operation{{Type: driver.OpReadHeader}, exp.ReadOp("s", exp.StringVal("x"), driver.ExpReadDefault), readAll}},
		{"an expression read that fails and a read of every bin", []driver.Operation{failing, readAll}},
		{"a list read of a string bin and a read of every bin", []driver.Operation{cdt.ListSize("s").Operation(), readAll}},
	}
	for _, c := range cases {
		rule := "read-only Operate with " + c.name + " answers every bin once (read.c read_local with GET_ALL runs no op)"
		if rec, ok := e.operate(rule, k, c.ops...); ok {
			e.wantBins(rule, rec.Bins, bins)
			e.wantGen(rule, rec, 1)
		}
	}
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{failing})
	e.wantCode("the same failing expression read alone", err, driver.OPNotApplicable)
}
