package drivertest

import (
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// testBatch checks a batch mixing every entry type, present and missing
// records: each entry gets its own outcome, in the order given.
func testBatch(e *env) {
	k := func(name string) *driver.Key { return e.key(name) }
	e.put(k("r1"), driver.Bins{"a": int64(1), "b": "one"})
	e.put(k("r2"), driver.Bins{"a": int64(2)})
	e.put(k("x1"), driver.Bins{"a": int64(3)})
	e.put(k("d1"), driver.Bins{"a": int64(4)})
	e.put(k("w1"), driver.Bins{"n": int64(10)})

	recs := []*driver.BatchRecord{
		{Type: driver.BatchRead, Key: k("r1")},
		{Type: driver.BatchRead, Key: k("missing-read")},
		{Type: driver.BatchRead, Key: k("r2"), HeaderOnly: true},
		{Type: driver.BatchExists, Key: k("x1")},
		{Type: driver.BatchExists, Key: k("missing-exists")},
		{Type: driver.BatchWrite, Key: k("w1"), Ops: []driver.Operation{opAdd("n", int64(5)), opRead("n")}},
		{Type: driver.BatchWrite, Key: k("w-new"), Ops: []driver.Operation{opWrite("v", "new")}},
		{Type: driver.BatchDelete, Key: k("d1")},
		{Type: driver.BatchDelete, Key: k("missing-delete")},
		{Type: driver.BatchRead, Key: k("r1"), Bins: []string{"b", "nosuchbin"}},
	}
	keys := make([]*driver.Key, len(recs))
	for i, r := range recs {
		keys[i] = r.Key
	}
	e.mustOK("Batch of reads, exists, writes and deletes (the call itself)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, recs))
	for i, r := range recs {
		if r.Key != keys[i] {
			e.Errorf("Batch entry %d: its Key was changed or the entries reordered (got %s, want %s)", i, r.Key, keys[i])
		}
	}
	entry := func(i int) string { return fmt.Sprintf("Batch entry %d (%s %s)", i, recs[i].Type, recs[i].Key.UserKey) }

	if r := recs[0]; e.wantOK(entry(0), r.Err) && e.notNilRecord(entry(0), r.Record) {
		e.wantBins(entry(0), r.Record.Bins, driver.Bins{"a": int64(1), "b": "one"})
		e.wantGen(entry(0), r.Record, 1)
	}
	e.wantCode(entry(1)+" of a missing record", recs[1].Err, driver.KeyNotFoundError)
	if r := recs[2]; e.wantOK(entry(2), r.Err) && e.notNilRecord(entry(2), r.Record) {
		if len(r.Record.Bins) != 0 {
			e.Errorf("%s HeaderOnly: got bins %s, want none", entry(2), fmtBins(r.Record.Bins))
		}
		e.wantGen(entry(2)+" HeaderOnly", r.Record, 1)
	}
	if r := recs[3]; e.wantOK(entry(3), r.Err) && !r.Exists {
		e.Errorf("%s of an existing record: got Exists=false, want true", entry(3))
	}
	if r := recs[4]; e.wantOK(entry(4)+" of a missing record is not an error", r.Err) && r.Exists {
		e.Errorf("%s of a missing record: got Exists=true, want false", entry(4))
	}
	if r := recs[5]; e.wantOK(entry(5), r.Err) && e.notNilRecord(entry(5), r.Record) {
		e.wantBins(entry(5)+" read after add", r.Record.Bins, driver.Bins{"n": int64(15)})
		e.wantGen(entry(5), r.Record, 2)
	}
	e.wantOK(entry(6)+" creating a record", recs[6].Err)
	if r := recs[7]; e.wantOK(entry(7), r.Err) && !r.Exists {
		e.Errorf("%s of an existing record: got Exists=false, want true", entry(7))
	}
	if r := recs[8]; e.wantOK(entry(8)+" of a missing record is not an error", r.Err) && r.Exists {
		e.Errorf("%s of a missing record: got Exists=true, want false", entry(8))
	}
	if r := recs[9]; e.wantOK(entry(9), r.Err) && e.notNilRecord(entry(9), r.Record) {
		e.wantBins(entry(9)+" with bins [b nosuchbin]", r.Record.Bins, driver.Bins{"b": "one"})
	}

	// The effects are those of the single-record calls.
	e.wantRecord("after a batch write with add", k("w1"), driver.Bins{"n": int64(15)})
	e.wantRecord("after a batch write creating a record", k("w-new"), driver.Bins{"v": "new"})
	e.wantMissing("after a batch delete", k("d1"))
	e.wantMissing("a batch read of a missing record must not create it", k("missing-read"))
	e.wantMissing("a batch delete of a missing record must not create it", k("missing-delete"))
	e.mustOK("empty Batch", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, nil))
}

func (e *env) notNilRecord(rule string, rec *driver.Record) bool {
	e.Helper()
	if rec == nil {
		e.Errorf("%s: got Record=nil with Err=nil, want the record", rule)
		return false
	}
	return true
}

// testBatchGeneration checks that a batch write with a stale generation
// fails alone with GENERATION_ERROR while the others succeed.
func testBatchGeneration(e *env) {
	stale, fresh, other := e.key("stale"), e.key("fresh"), e.key("other")
	e.put(stale, driver.Bins{"v": int64(1)})
	e.put(stale, driver.Bins{"v": int64(2)}) // generation 2
	e.put(fresh, driver.Bins{"v": int64(1)}) // generation 1
	eq := func(g uint32) *driver.WritePolicy {
		return &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: g}
	}
	recs := []*driver.BatchRecord{
		{Type: driver.BatchWrite, Key: fresh, Policy: eq(1), Ops: []driver.Operation{opWrite("v", int64(10))}},
		{Type: driver.BatchWrite, Key: stale, Policy: eq(1), Ops: []driver.Operation{opWrite("v", int64(10))}},
		{Type: driver.BatchWrite, Key: other, Ops: []driver.Operation{opWrite("v", int64(10))}},
		{Type: driver.BatchDelete, Key: stale, Policy: eq(7)},
	}
	e.mustOK("Batch with one stale generation (the call itself)", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, recs))
	e.wantOK("Batch write GenEqual with the current generation", recs[0].Err)
	e.wantCode("Batch write GenEqual with a stale generation", recs[1].Err, driver.GenerationError)
	e.wantOK("Batch write next to a failing entry", recs[2].Err)
	e.wantCode("Batch delete GenEqual with a stale generation", recs[3].Err, driver.GenerationError)
	e.wantRecord("record written by the batch with the right generation", fresh, driver.Bins{"v": int64(10)})
	rec := e.wantRecord("record whose batch write failed with GENERATION_ERROR must be unchanged", stale, driver.Bins{"v": int64(2)})
	e.wantGen("record whose batch write failed", rec, 2)
	e.wantRecord("record written next to failing entries", other, driver.Bins{"v": int64(10)})
}

// testBatchFilterRules checks how a batch's filter and its entries' own
// filters apply. A batch filter that is not a boolean fails the whole batch
// with PARAMETER_ERROR before any entry runs, even when every entry has a
// filter of its own (base/batch.c as_batch_queue_task: "Failed to build
// batch predexp", as_batch_send_error). An entry's own filter that is not
// a boolean fails that entry only, and only once its record is found
// (transaction/rw_utils.c handle_meta_filter, FROM_BATCH). The batch's
// filter applies to every entry without its own, deletes and writes too
// (handle_meta_filter, called by read.c, write.c and delete.c). Batches of
// two entries: the client runs one entry as a single-record command.
func testBatchFilterRules(e *env) {
	a, b := e.key("bf-a"), e.key("bf-b")
	e.put(a, driver.Bins{"i": int64(1)})
	e.put(b, driver.Bins{"i": int64(1)})
	nonBool := exp.IntBin("i")
	write := []driver.Operation{opWrite("w", int64(1))}

	recs := []*driver.BatchRecord{
		{Type: driver.BatchRead, Key: a, FilterExp: exp.BoolVal(true)},
		{Type: driver.BatchWrite, Key: b, Ops: write, FilterExp: exp.BoolVal(true)},
	}
	err := e.conn.Batch(e.ctx, &driver.BatchPolicy{FilterExp: nonBool}, recs)
	e.wantCode("a batch filter that is not a boolean fails the whole batch", err, driver.ParameterError)
	for i, r := range recs {
		e.wantCode(fmt.Sprintf("a batch filter that is not a boolean: entry %d", i), r.Err, driver.ParameterError)
	}
	e.wantRecord("a batch refused for its filter writes nothing", b, driver.Bins{"i": int64(1)})

	recs = []*driver.BatchRecord{
		{Type: driver.BatchRead, Key: a, FilterExp: nonBool},
		{Type: driver.BatchDelete, Key: b, FilterExp: nonBool},
		{Type: driver.BatchRead, Key: e.key("bf-missing"), FilterExp: nonBool},
		{Type: driver.BatchRead, Key: b},
	}
	e.mustOK("entries' own filters that are not booleans (the call itself)", e.conn.Batch(e.ctx, nil, recs))
	e.wantCode("a read entry's own filter that is not a boolean", recs[0].Err, driver.ParameterError)
	e.wantCode("a delete entry's own filter that is not a boolean", recs[1].Err, driver.ParameterError)
	e.wantCode("an entry's own filter that is not a boolean, on a missing record", recs[2].Err, driver.KeyNotFoundError)
	if e.wantOK("an entry without a filter beside them", recs[3].Err) {
		e.wantBins("an entry without a filter beside them", recs[3].Record.Bins, driver.Bins{"i": int64(1)})
	}

	no := exp.Eq(exp.IntBin("i"), exp.IntVal(99))
	recs = []*driver.BatchRecord{
		{Type: driver.BatchDelete, Key: a},
		{Type: driver.BatchWrite, Key: b, Ops: write},
	}
	e.mustOK("a batch filter on a delete and a write (the call itself)", e.conn.Batch(e.ctx, &driver.BatchPolicy{FilterExp: no}, recs))
	e.wantCode("a batch filter not matching filters a delete", recs[0].Err, driver.FilteredOut)
	e.wantCode("a batch filter not matching filters a write", recs[1].Err, driver.FilteredOut)
	e.wantRecord("a filtered delete keeps the record", a, driver.Bins{"i": int64(1)})
	e.wantRecord("a filtered write changes nothing", b, driver.Bins{"i": int64(1)})
}
