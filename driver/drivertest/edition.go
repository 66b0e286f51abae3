package drivertest

import (
	"github.com/aerokit/aero/driver"
)

// testDurableDelete checks the edition rule of durable deletes. Community
// Edition refuses them with ENTERPRISE_ONLY (25) and leaves the record:
// as/src/transaction/rw_utils_ce.c validate_delete_durability, called by
// delete.c as_delete_start before the record is looked up (so a missing
// record answers 25 too), by write.c write_master when the ops of a write
// empty the record, and per record of a batch. Enterprise deletes.
func testDurableDelete(e *env) {
	durable := &driver.WritePolicy{DurableDelete: true}
	k, gone := e.key("durable"), e.key("durable-missing")
	e.put(k, driver.Bins{"a": int64(1)})
	existed, err := e.conn.Delete(e.ctx, durable, k)
	if !e.s.h.Enterprise {
		e.wantCode("Delete with DurableDelete on Community Edition (rw_utils_ce.c validate_delete_durability)", err, driver.EnterpriseOnly)
		e.wantPresent("a record whose durable delete was refused", k)
		_, err = e.conn.Delete(e.ctx, durable, gone)
		e.wantCode("Delete with DurableDelete of a missing record on Community Edition (checked before the lookup)", err, driver.EnterpriseOnly)
		_, err = e.conn.Operate(e.ctx, durable, k, []driver.Operation{{Type: driver.OpDelete}})
		e.wantCode("Operate delete with DurableDelete on Community Edition (write.c write_master)", err, driver.EnterpriseOnly)
		e.wantPresent("a record whose durable Operate delete was refused", k)
		rec, err := e.conn.Operate(e.ctx, durable, k, []driver.Operation{{Type: driver.OpWrite, Bin: "b", Value: int64(2)}})
		if e.wantOK("Operate with DurableDelete that keeps bins is a plain write", err) {
			e.wantGen("Operate with DurableDelete that keeps bins", rec, 2)
		}
		// Two records: the client runs a batch of one record as a single
		// command (batch_command_operate.go executeSingle), a delete under
		// write.c's rules (testBatchLoneDelete).
		k2 := e.key("durable2")
		e.put(k2, driver.Bins{"a": int64(1)})
		batch := []*driver.BatchRecord{{Type: driver.BatchDelete, Key: k, Policy: durable}, {Type: driver.BatchDelete, Key: k2, Policy: durable}}
		if e.wantOK("Batch with durable deletes (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, batch)) {
			e.wantCode("Batch delete with DurableDelete on Community Edition", batch[0].Err, driver.EnterpriseOnly)
			e.wantCode("Batch delete with DurableDelete on Community Edition", batch[1].Err, driver.EnterpriseOnly)
		}
		e.wantPresent("a record whose durable batch delete was refused", k)
		return
	}
	if e.wantOK("Delete with DurableDelete on Enterprise Edition", err) && !existed {
		e.Errorf("Delete with DurableDelete of an existing record: got existed=false, want true")
	}
	e.wantMissing("a record deleted durably", k)
	existed, err = e.conn.Delete(e.ctx, durable, gone)
	if e.wantOK("Delete with DurableDelete of a missing record on Enterprise Edition", err) && existed {
		e.Errorf("Delete with DurableDelete of a missing record: got existed=true, want false")
	}
}

// testBatchWriteReadAll checks that a batch write whose ops read every bin
// fails that record with PARAMETER_ERROR and leaves it untouched, while the
// other records of the batch are written, and that the same ops in a
// single-record Operate succeed. The client sends every batch write with
// INFO2_RESPOND_ALL_OPS (batch_attr.go) and clears the flag on an Operate
// that reads all bins (operate_args.go); transaction/write.c
// write_master_policies refuses a read-all op with respond-all-ops ("read-all
// op can't have respond-all-ops flag").
func testBatchWriteReadAll(e *env) {
	k1, k2 := e.key("ra1"), e.key("ra2")
	e.put(k1, driver.Bins{"a": int64(1)})
	e.put(k2, driver.Bins{"a": int64(1)})
	readAll := []driver.Operation{opWrite("b", int64(2)), {Type: driver.OpRead}}
	batch := []*driver.BatchRecord{
		{Type: driver.BatchWrite, Key: k1, Ops: readAll},
		{Type: driver.BatchWrite, Key: k2, Ops: []driver.Operation{opWrite("b", int64(2)), opRead("a")}},
	}
	if e.wantOK("Batch with a write that reads all bins (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, batch)) {
		e.wantCode("Batch write with a read of all bins (write.c write_master_policies: read-all op with respond-all-ops)", batch[0].Err, driver.ParameterError)
		e.wantOK("Batch write with a named read next to it", batch[1].Err)
	}
	rec := e.wantRecord("a record whose batch write was refused is unchanged", k1, driver.Bins{"a": int64(1)})
	e.wantGen("a record whose batch write was refused is unchanged", rec, 1)
	e.wantRecord("the other record of the batch is written", k2, driver.Bins{"a": int64(1), "b": int64(2)})
	got, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k1, readAll)
	if e.wantOK("Operate with a write and a read of all bins", err) && got != nil {
		e.wantBins("Operate with a write and a read of all bins", got.Bins, driver.Bins{"a": int64(1), "b": int64(2)})
	}
}
