package drivertest

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

// testBatchEntryOrder checks that the entries of a batch sent with
// AllowInline run one after another in the order given, each on the record
// as the entries before it left it: a read before a write of the same
// record sees the record before the write, a read after it sees the write,
// and an exists before a write that creates the record answers false. The
// server hands the entries to as_tsvc_process_transaction one by one, in
// request order, on the batch's own thread when the batch is of one record
// or the namespace stores its data in memory and the client allows inline
// (as/src/base/batch.c as_batch_queue_task: tran_count == 1 ||
// inline_dim); otherwise it queues each to its service threads
// (as_service_enqueue_internal) and the order on one record is not defined
// (a probe against CE 8.1.2.0 without AllowInline saw the read before the
// write see the write). The writes here are list ops, which the memory
// backend runs on a path of their own (it used to run them before the
// other entries, whatever the policy).
func testBatchEntryOrder(e *env) {
	k, created := e.key("order"), e.key("order-created")
	e.put(k, driver.Bins{"l": []any{int64(1)}}) // generation 1
	app := func(v int64) driver.Operation { return cdt.ListAppend("l", v).Operation() }
	recs := []*driver.BatchRecord{
		{Type: driver.BatchRead, Key: k, HeaderOnly: true},
		{Type: driver.BatchWrite, Key: k, Ops: []driver.Operation{app(2)}},
		{Type: driver.BatchRead, Key: k},
		{Type: driver.BatchExists, Key: created},
		{Type: driver.BatchWrite, Key: created, Ops: []driver.Operation{app(7)}},
		{Type: driver.BatchExists, Key: created},
	}
	e.mustOK("Batch of reads around list writes (the call itself)", e.conn.Batch(e.ctx, &driver.BatchPolicy{AllowInline: true}, recs))
	if e.wantOK("Batch read (header) before a write of the same record", recs[0].Err) && e.notNilRecord("Batch read before a write", recs[0].Record) {
		e.wantGen("Batch read before a write of the same record sees the record before it", recs[0].Record, 1)
	}
	e.wantOK("Batch list write", recs[1].Err)
	if e.wantOK("Batch read after a write of the same record", recs[2].Err) && e.notNilRecord("Batch read after a write", recs[2].Record) {
		e.wantGen("Batch read after a write of the same record sees the write", recs[2].Record, 2)
		e.wantBins("Batch read after a write of the same record sees the write", recs[2].Record.Bins, driver.Bins{"l": []any{int64(1), int64(2)}})
	}
	if e.wantOK("Batch exists before the write that creates the record", recs[3].Err) && recs[3].Exists {
		e.Errorf("Batch exists before the write that creates the record: got true, want false (entries run in order)")
	}
	e.wantOK("Batch list write creating the record", recs[4].Err)
	if e.wantOK("Batch exists after the write that created the record", recs[5].Err) && !recs[5].Exists {
		e.Errorf("Batch exists after the write that created the record: got false, want true")
	}
}

// testBatchLoneDelete checks the generation check of a batch delete of a
// missing record. The Aerospike Go client sends a batch of one record (per
// node) as a single-record command, a delete as Operate(key, DeleteOp())
// (aerospike-client-go v8 batch_command_operate.go executeSingle); the
// server runs that as a write, whose generation_check sees a missing record
// at generation 0 (as/src/transaction/write.c write_master): expecting
// generation 2 is GENERATION_ERROR, expecting 0 is KEY_NOT_FOUND_ERROR, which
// the driver folds into Exists=false. In a batch of two, each delete is a
// delete sub-transaction, which looks the record up first (as/src/
// transaction/delete_ce.c delete_master: AS_ERR_NOT_FOUND) and so answers
// Exists=false whatever the generation. A lone entry's failure is the
// entry's only (testBatchLoneEntryFailure).
func testBatchLoneDelete(e *env) {
	eq := func(g uint32) *driver.WritePolicy {
		return &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: g}
	}
	lone := []*driver.BatchRecord{{Type: driver.BatchDelete, Key: e.key("lone-missing-2"), Policy: eq(2)}}
	e.wantOK("Batch of one delete of a missing record expecting generation 2 (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, lone))
	e.wantCode("Batch of one delete of a missing record expecting generation 2", lone[0].Err, driver.GenerationError)

	lone0 := []*driver.BatchRecord{{Type: driver.BatchDelete, Key: e.key("lone-missing-0"), Policy: eq(0)}}
	e.wantOK("Batch of one delete of a missing record expecting generation 0 (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, lone0))
	if e.wantOK("Batch of one delete of a missing record expecting generation 0", lone0[0].Err) && lone0[0].Exists {
		e.Errorf("Batch of one delete of a missing record expecting generation 0: Exists true, want false")
	}

	if !e.s.h.Enterprise {
		// Durable: write_master_apply answers NOT_FOUND for a record that
		// did not exist before it checks durability
		// (validate_delete_durability), so a lone durable delete of a
		// missing record is Exists=false on CE, of a present record
		// ENTERPRISE_ONLY (in a batch of two, delete.c as_delete_start
		// checks durability first: ENTERPRISE_ONLY either way, see
		// testDurableDelete).
		durable := &driver.WritePolicy{DurableDelete: true}
		gone := []*driver.BatchRecord{{Type: driver.BatchDelete, Key: e.key("lone-durable-missing"), Policy: durable}}
		e.wantOK("Batch of one durable delete of a missing record on Community Edition (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, gone))
		if e.wantOK("Batch of one durable delete of a missing record on Community Edition (write.c write_master_apply: NOT_FOUND first)", gone[0].Err) && gone[0].Exists {
			e.Errorf("Batch of one durable delete of a missing record: Exists true, want false")
		}
		k := e.key("lone-durable-present")
		e.put(k, driver.Bins{"a": int64(1)})
		here := []*driver.BatchRecord{{Type: driver.BatchDelete, Key: k, Policy: durable}}
		e.wantOK("Batch of one durable delete of a present record on Community Edition (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, here))
		e.wantCode("Batch of one durable delete of a present record on Community Edition", here[0].Err, driver.EnterpriseOnly)
		e.wantPresent("a record whose lone durable batch delete was refused", k)
	}

	two := []*driver.BatchRecord{
		{Type: driver.BatchDelete, Key: e.key("two-missing-a"), Policy: eq(2)},
		{Type: driver.BatchDelete, Key: e.key("two-missing-b"), Policy: eq(2)},
	}
	e.wantOK("Batch of two deletes of missing records expecting generation 2 (the call)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, two))
	for i, r := range two {
		if e.wantOK("Batch of two deletes of missing records expecting generation 2", r.Err) && r.Exists {
			e.Errorf("Batch of two deletes of missing records: entry %d Exists true, want false", i)
		}
	}
}
