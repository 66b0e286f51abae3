package drivertest

import (
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// testExpUnsendable checks that an expression the wire cannot carry (a
// literal of a Go type with no particle, exp.ListVal(make(chan int))) is
// ParameterError on every call that carries one, as the Aerospike driver
// refuses it before sending (driver.CheckExpression: the client packs the
// expression first), never a filter that does not match (FILTERED_OUT)
// and never an Operate that writes or hands the raw value back; the record
// stays as it was.
func testExpUnsendable(e *env) {
	k := e.key("u")
	e.put(k, driver.Bins{"l": []any{int64(1)}, "n": int64(1)})
	bad := exp.ListVal(make(chan int))
	filter := exp.Eq(bad, exp.ListBin("l"))
	_, err := e.conn.Get(e.ctx, readP(filter), k, nil)
	e.wantCode("Get with a filter holding a channel", err, driver.ParameterError)
	_, err = e.conn.Exists(e.ctx, readP(filter), k)
	e.wantCode("Exists with a filter holding a channel", err, driver.ParameterError)
	err = e.conn.Put(e.ctx, writeP(filter), k, driver.Bins{"n": int64(2)})
	e.wantCode("Put with a filter holding a channel", err, driver.ParameterError)
	_, err = e.conn.Delete(e.ctx, writeP(filter), k)
	e.wantCode("Delete with a filter holding a channel", err, driver.ParameterError)
	for _, op := range []driver.Operation{exp.ReadOp("r", bad, exp.ReadDefault), exp.WriteOp("w", bad, exp.WriteDefault)} {
		rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{op})
		e.wantCode("Operate "+op.Type.String()+" of a list holding a channel", err, driver.ParameterError)
		if rec != nil {
			e.Errorf("Operate %s of a list holding a channel returned a record %v", op.Type, rec.Bins)
		}
	}
	req := &driver.QueryRequest{FilterExp: filter}
	e.fillRequest(req)
	rows, err := e.conn.Scan(e.ctx, req)
	if err == nil {
		for {
			var rec *driver.Record
			if rec, err = rows.Next(e.ctx); err != nil || rec == nil {
				break
			}
		}
		_ = rows.Close()
	}
	e.wantCode("Scan with a filter holding a channel", err, driver.ParameterError)
	rec := e.wantRecord("the record after the refused calls", k, driver.Bins{"l": []any{int64(1)}, "n": int64(1)})
	e.wantGen("the record after the refused calls", rec, 1)
}
