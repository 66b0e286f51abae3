package drivertest

import "github.com/aerokit/aero/driver"

// Batch rules found by the differential harness
// (driver/aerospike/differential_*_test.go) against server 8.1.2.0.

// testBatchWriteRespondAllOps checks the answer of a batch write's read
// ops. The client sends every batch write with INFO2_RESPOND_ALL_OPS
// (aerospike-client-go batch_attr.go setBatchWrite), under which the
// server answers every read op, a read of a bin the record lacks with an
// empty bin (as/src/transaction/rw_utils.c process_bin_read_op:
// "else if (respond_all_ops)", READ_OP_RESULT_SUCCESS with no bin;
// transaction/write.c write_master_bin_ops_loop adds the response), so the
// entry's record holds that bin as nil, and two reads of one bin answer a
// list of both results. A single-record Operate of plain bin ops is sent
// without the flag and leaves the missing bin out (testOperateReadMissing).
func testBatchWriteRespondAllOps(e *env) {
	k1, k2 := e.key("rao1"), e.key("rao2")
	e.put(k1, driver.Bins{"a": int64(1)})
	recs := []*driver.BatchRecord{
		{Type: driver.BatchWrite, Key: k1, Ops: []driver.Operation{opWrite("t", true), opRead("nosuch"), opRead("a"), opRead("a")}},
		{Type: driver.BatchWrite, Key: k2, Ops: []driver.Operation{opRead("nosuch"), opWrite("t", true), opRead("nosuch")}},
	}
	if !e.wantOK("Batch of writes with reads of missing bins (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, recs)) {
		return
	}
	const rule = "Batch write reading a missing bin answers it as nil (rw_utils.c process_bin_read_op with respond_all_ops)"
	if e.wantOK(rule, recs[0].Err) && e.notNilRecord(rule, recs[0].Record) {
		e.wantBins(rule, recs[0].Record.Bins, driver.Bins{"nosuch": nil, "a": []any{int64(1), int64(1)}})
		e.wantGen(rule, recs[0].Record, 2)
	}
	const created = "Batch write creating a record, reading a missing bin twice"
	if e.wantOK(created, recs[1].Err) && e.notNilRecord(created, recs[1].Record) {
		e.wantBins(created, recs[1].Record.Bins, driver.Bins{"nosuch": []any{nil, nil}})
		e.wantGen(created, recs[1].Record, 1)
	}
	e.wantRecord("the batch's first record is written", k1, driver.Bins{"a": int64(1), "t": true})
	e.wantRecord("the batch's second record is created", k2, driver.Bins{"t": true})
}

// testBatchLoneEntryFailure checks that a batch of one entry that fails
// reports the failure in the entry only, as a batch of two does: the
// call's error is reserved for failures of the whole request
// (driver.Conn.Batch). The Aerospike Go client runs a batch of one record
// as a single-record command and returns the entry's failure as the
// batch's error too (aerospike-client-go v8 batch_command_operate.go
// executeSingle); the Aerospike driver keeps a failure the server answered
// in the entry only, so that a batch answers alike whatever its size. The
// entries' codes are the server's for the single-record command:
// KEY_EXISTS_ERROR for a create of a present record and GENERATION_ERROR
// for a generation mismatch (as/src/transaction/write.c write_master,
// generation_check), KEY_NOT_FOUND_ERROR for an update of a missing one.
func testBatchLoneEntryFailure(e *env) {
	k, missing := e.key("lone-fail"), e.key("lone-fail-missing")
	e.put(k, driver.Bins{"a": int64(1)})
	write := []driver.Operation{opWrite("b", int64(2))}
	cases := []struct {
		name string
		rec  *driver.BatchRecord
		want driver.ResultCode
	}{
		{"Batch of one create of a present record", &driver.BatchRecord{Type: driver.BatchWrite, Key: k, Ops: write,
			Policy: &driver.WritePolicy{RecordExists: driver.CreateOnly}}, driver.KeyExistsError},
		{"Batch of one write expecting another generation", &driver.BatchRecord{Type: driver.BatchWrite, Key: k, Ops: write,
			Policy: &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: 7}}, driver.GenerationError},
		{"Batch of one delete expecting another generation", &driver.BatchRecord{Type: driver.BatchDelete, Key: k,
			Policy: &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: 7}}, driver.GenerationError},
		{"Batch of one update of a missing record", &driver.BatchRecord{Type: driver.BatchWrite, Key: missing, Ops: write,
			Policy: &driver.WritePolicy{RecordExists: driver.UpdateOnly}}, driver.KeyNotFoundError},
	}
	for _, c := range cases {
		recs := []*driver.BatchRecord{c.rec}
		e.wantOK(c.name+" (the call: the failure is the entry's)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, recs))
		e.wantCode(c.name, recs[0].Err, c.want)
		if recs[0].Record != nil {
			e.Errorf("%s: got a record, want none", c.name)
		}
	}
	rec := e.wantRecord("a record whose lone batch writes failed is unchanged", k, driver.Bins{"a": int64(1)})
	e.wantGen("a record whose lone batch writes failed is unchanged", rec, 1)
	e.wantMissing("a record a lone batch update did not create", missing)
}

// testBatchLoneWriteReadAll checks that the only write of a batch may read
// every bin: the Aerospike Go client sends a batch of one record as a
// single-record Operate with RespondPerEachOp (aerospike-client-go v8
// batch_command_operate.go executeSingle), and a read of every bin sets
// GET_ALL, which clears respond-all-ops (operate_args.go), so the server's
// "read-all op can't have respond-all-ops flag" (transaction/write.c
// write_master_policies) does not apply: the entry answers the record's
// bins, or its own record-level code (KEY_NOT_FOUND_ERROR for a ReplaceOnly
// of a missing record). In a batch of two the same entry is PARAMETER_ERROR
// (testBatchWriteReadAll). Found by FuzzDifferential against server 8.1.2.0
// (input 57b0bb07d3645f2d).
func testBatchLoneWriteReadAll(e *env) {
	k, missing := e.key("lone-ra"), e.key("lone-ra-missing")
	e.put(k, driver.Bins{"a": int64(1)})
	readAll := []driver.Operation{opWrite("b", int64(2)), {Type: driver.OpRead}}
	recs := []*driver.BatchRecord{{Type: driver.BatchWrite, Key: k, Ops: readAll}}
	const rule = "Batch of one write that reads every bin (sent as an Operate: GET_ALL clears respond-all-ops)"
	if e.wantOK(rule+" (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, recs)) &&
		e.wantOK(rule, recs[0].Err) && e.notNilRecord(rule, recs[0].Record) {
		e.wantBins(rule, recs[0].Record.Bins, driver.Bins{"a": int64(1), "b": int64(2)})
	}
	e.wantRecord(rule+": the record is written", k, driver.Bins{"a": int64(1), "b": int64(2)})
	recs = []*driver.BatchRecord{{Type: driver.BatchWrite, Key: missing, Ops: readAll,
		Policy: &driver.WritePolicy{RecordExists: driver.ReplaceOnly}}}
	e.wantOK(rule+", ReplaceOnly of a missing record (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, recs))
	e.wantCode(rule+", ReplaceOnly of a missing record", recs[0].Err, driver.KeyNotFoundError)
	e.wantMissing(rule+", ReplaceOnly of a missing record", missing)
}
