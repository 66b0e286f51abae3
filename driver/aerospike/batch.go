package aerospike

import (
	"context"
	"errors"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

// Batch runs every entry in one BatchOperate call (one request per node):
// reads as BatchRead (header-only for BatchExists and HeaderOnly reads),
// writes as BatchWrite, deletes as BatchDelete. Entries that cannot be sent
// (nil key, bad value) get their own ParameterError and are left out of
// the request.
func (c *Conn) Batch(ctx context.Context, policy *driver.BatchPolicy, records []*driver.BatchRecord) error {
	if err := c.begin(ctx); err != nil {
		return err
	}
	if len(records) == 0 {
		return nil
	}
	bp := c.batchPolicy
	if err := withDeadline(ctx, &bp.BasePolicy); err != nil {
		return err
	}
	if policy != nil {
		bp.AllowInline = policy.AllowInline
		var err error
		if bp.FilterExpression, err = clientExp(policy.FilterExp); err != nil {
			return err
		}
		if err := applyRouting(&bp.BasePolicy, policy.Routing); err != nil {
			return err
		}
	}
	hasWrite := false
	for _, r := range records {
		if r != nil && (r.Type == driver.BatchWrite || r.Type == driver.BatchDelete) {
			hasWrite = true
			break
		}
	}
	if hasWrite {
		// The client retries batches with writes only when asked
		// (batch_policy.go NewWriteBatchPolicy: MaxRetries 0).
		if c.cfg.MaxRetries < 0 {
			bp.MaxRetries = 0
		}
	}

	if !hasWrite && !hasBatchFilter(policy, records) {
		if done, err := c.batchGetAll(ctx, &bp, records); done {
			return err
		}
	}

	ops := make([]as.BatchRecordIfc, 0, len(records))
	idx := make([]int, 0, len(records)) // ops[i] is records[idx[i]]
	for i, r := range records {
		if r == nil {
			continue
		}
		r.Record, r.Exists, r.Err = nil, false, nil
		op, err := c.batchOp(r)
		if err != nil {
			r.Err = err
			continue
		}
		ops = append(ops, op)
		idx = append(idx, i)
	}
	if len(ops) == 0 {
		return nil
	}

	aerr := c.operateUnsent(ctx, &bp, records, ops, idx)
	var whole error
	unsent := false
	if aerr != nil {
		whole = c.wrap(ctx, aerr, "batch")
		unsent = sentNothing(aerr)
	}
	for j, op := range ops {
		r := records[idx[j]]
		br := op.BatchRec()
		write := r.Type == driver.BatchWrite || r.Type == driver.BatchDelete
		if br.ResultCode == types.NO_RESPONSE {
			// The outcome is unknown: carry the request's error.
			if whole == nil {
				r.Err = &driver.Error{Code: driver.NoResponse, InDoubt: write, Msg: "batch " + r.Key.String() + ": no response for this key"}
				continue
			}
			r.Err = entryFromWhole(whole, write && !unsent)
			continue
		}
		c.batchResult(r, br)
	}
	return whole
}

// operateUnsent runs BatchOperate and, while the client gave up before
// sending anything to some node (sentNothing: a fresh node's connection
// pool is empty, the client opens connections in the background), sends
// again the entries that got no response, within the batch's total
// timeout (1s when it has none). A batch with writes runs with MaxRetries
// 0 so that the client never re-sends a write that may have been applied;
// what was never sent is not in doubt and may be sent again (issue 12).
// ops[j] is replaced by its re-sent copy.
func (c *Conn) operateUnsent(ctx context.Context, bp *as.BatchPolicy, records []*driver.BatchRecord, ops []as.BatchRecordIfc, idx []int) as.Error {
	start := time.Now()
	limit := bp.TotalTimeout
	if limit <= 0 {
		limit = time.Second
	}
	aerr := c.batchOperate(bp, ops)
	pause := time.Millisecond
	for aerr != nil && sentNothing(aerr) {
		left := limit - time.Since(start)
		if left <= pause || ctx.Err() != nil {
			return aerr
		}
		var again []as.BatchRecordIfc
		var at []int
		for j, op := range ops {
			if op.BatchRec().ResultCode != types.NO_RESPONSE {
				continue
			}
			nop, err := c.batchOp(records[idx[j]])
			if err != nil {
				return aerr // built once already: cannot happen
			}
			again, at = append(again, nop), append(at, j)
		}
		if len(again) == 0 {
			return aerr
		}
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return aerr
		}
		if pause < 16*time.Millisecond {
			pause *= 2
		}
		rp := *bp
		if bp.TotalTimeout > 0 {
			rp.TotalTimeout = limit - time.Since(start)
			if rp.SocketTimeout > rp.TotalTimeout {
				rp.SocketTimeout = rp.TotalTimeout
			}
		}
		aerr = c.batchOperate(&rp, again)
		for k, j := range at {
			ops[j] = again[k]
		}
	}
	return aerr
}

// batchOperate runs the client's BatchOperate, less the error a batch of
// one entry answered by the server gets from the client (loneAnswered):
// the entry carries it.
func (c *Conn) batchOperate(bp *as.BatchPolicy, ops []as.BatchRecordIfc) as.Error {
	err := c.client.BatchOperate(bp, ops)
	if len(ops) == 1 && loneAnswered(err) {
		return nil
	}
	return err
}

// loneAnswered reports whether err, the error of a batch of one entry (a
// request's only entry, or the only one operateUnsent sends again), is
// that entry's own outcome as the server answered it. The client runs a
// batch of one record as a single-record command and returns its failure
// (other than KEY_NOT_FOUND_ERROR and FILTERED_OUT) as the batch's error
// too, besides the entry's (aerospike-client-go v8 batch_command_operate.go
// executeSingle); from two records on, an entry's failure is the entry's
// only. The driver.Conn contract reserves Batch's error for failures of
// the whole request, so the Aerospike driver keeps a server's answer (a
// result code above OK other than TIMEOUT) in the entry only and a batch
// answers alike whatever its size, on this driver and on the memory one
// (internal/memconn), which reports entries' outcomes in the entries. A
// client-side failure (negative codes: network, no connection, retries
// exhausted) or a timeout leaves the outcome unknown and stays the batch's.
func loneAnswered(err as.Error) bool {
	var ae *as.AerospikeError
	if err == nil || !errors.As(err, &ae) {
		return false
	}
	return ae.ResultCode > types.OK && ae.ResultCode != types.TIMEOUT
}

// entryFromWhole gives an entry of unknown outcome the request's error, in
// doubt when inDoubt (a write that may have been sent).
func entryFromWhole(whole error, inDoubt bool) error {
	if !inDoubt {
		return whole
	}
	switch e := whole.(type) {
	case *driver.Error:
		cp := *e
		cp.InDoubt = true
		return &cp
	case *contextError:
		cp := *e
		if e.derr != nil {
			d := *e.derr
			d.InDoubt = true
			cp.derr = &d
		}
		return &cp
	}
	return whole
}

func (c *Conn) batchOp(r *driver.BatchRecord) (as.BatchRecordIfc, error) {
	k, err := toClientKey(r.Key)
	if err != nil {
		return nil, err
	}
	var rp *as.BatchReadPolicy
	if r.FilterExp != nil && (r.Type == driver.BatchRead || r.Type == driver.BatchExists) {
		rp = as.NewBatchReadPolicy()
		if rp.FilterExpression, err = clientExp(r.FilterExp); err != nil {
			return nil, err
		}
	}
	switch r.Type {
	case driver.BatchRead:
		if r.HeaderOnly || (r.Bins != nil && len(r.Bins) == 0) {
			return as.NewBatchReadHeader(rp, k), nil
		}
		return as.NewBatchRead(rp, k, r.Bins), nil
	case driver.BatchExists:
		return as.NewBatchReadHeader(rp, k), nil
	case driver.BatchWrite:
		if len(r.Ops) == 0 {
			return nil, driver.Errorf(driver.ParameterError, "batch write %s: no operations", r.Key)
		}
		aops, _, err := opsToClient(r.Ops)
		if err != nil {
			return nil, driver.Errorf(driver.ParameterError, "batch write %s: %s", r.Key, msgOf(err))
		}
		wp, err := c.batchWritePolicy(r.Policy)
		if err != nil {
			return nil, err
		}
		if r.FilterExp != nil {
			if wp.FilterExpression, err = clientExp(r.FilterExp); err != nil {
				return nil, err
			}
		}
		return as.NewBatchWrite(wp, k, aops...), nil
	case driver.BatchDelete:
		dp, err := c.batchDeletePolicy(r.Policy)
		if err != nil {
			return nil, err
		}
		if r.FilterExp != nil {
			if dp.FilterExpression, err = clientExp(r.FilterExp); err != nil {
				return nil, err
			}
		}
		return as.NewBatchDelete(dp, k), nil
	}
	return nil, driver.Errorf(driver.ParameterError, "batch entry %s: unknown type %s", r.Key, r.Type)
}

func (c *Conn) batchWritePolicy(wp *driver.WritePolicy) (*as.BatchWritePolicy, error) {
	p := as.NewBatchWritePolicy()
	p.SendKey = c.cfg.SendKey
	if wp == nil {
		return p, nil
	}
	var err error
	if p.RecordExistsAction, err = recordExistsAction(wp.RecordExists); err != nil {
		return nil, err
	}
	if p.GenerationPolicy, err = generationPolicy(wp.GenerationPolicy); err != nil {
		return nil, err
	}
	p.Generation = wp.Generation
	p.Expiration = expiration(wp.Expiration)
	p.SendKey = p.SendKey || wp.SendKey
	p.DurableDelete = wp.DurableDelete
	if p.FilterExpression, err = clientExp(wp.FilterExp); err != nil {
		return nil, err
	}
	return p, nil
}

func (c *Conn) batchDeletePolicy(wp *driver.WritePolicy) (*as.BatchDeletePolicy, error) {
	p := as.NewBatchDeletePolicy()
	p.SendKey = c.cfg.SendKey
	if wp == nil {
		return p, nil
	}
	var err error
	if p.GenerationPolicy, err = generationPolicy(wp.GenerationPolicy); err != nil {
		return nil, err
	}
	p.Generation = wp.Generation
	p.SendKey = p.SendKey || wp.SendKey
	p.DurableDelete = wp.DurableDelete
	if p.FilterExpression, err = clientExp(wp.FilterExp); err != nil {
		return nil, err
	}
	return p, nil
}

// batchResult stores one entry's outcome. KEY_NOT_FOUND_ERROR of an exists
// or delete entry is Exists=false, not an error (driver.BatchRecord).
func (c *Conn) batchResult(r *driver.BatchRecord, br *as.BatchRecord) {
	rc := br.ResultCode
	if rc != types.OK {
		if isKeyNotFound(rc) && (r.Type == driver.BatchExists || r.Type == driver.BatchDelete) {
			return
		}
		var err error = br.Err
		if br.Err == nil {
			err = &as.AerospikeError{ResultCode: rc, InDoubt: br.InDoubt}
		}
		de := toDriverError(err, "batch "+r.Type.String()+" "+r.Key.String(), string(c.cfg.Password))
		de.Code = driver.ResultCode(rc)
		// The record's flag is the client's, which marks a write that was
		// never sent in doubt too (sentNothing).
		de.InDoubt = br.InDoubt && !sentNothing(err)
		r.Err = de
		return
	}
	switch r.Type {
	case driver.BatchExists, driver.BatchDelete:
		r.Exists = true
		return
	}
	headerOnly := r.Type == driver.BatchRead && (r.HeaderOnly || (r.Bins != nil && len(r.Bins) == 0))
	if r.Type == driver.BatchWrite && br.Record != nil {
		stripWriteResults(br.Record.Bins, r.Ops)
	}
	rec, err := recordFromClient(br.Record, r.Key, headerOnly)
	if err != nil {
		r.Err = driver.Errorf(driver.ParseError, "batch %s %s: %v", r.Type, r.Key, err)
		return
	}
	if rec == nil {
		rec = &driver.Record{Key: r.Key}
	}
	if r.Type == driver.BatchRead && !headerOnly && rec.Bins == nil {
		rec.Bins = driver.Bins{}
	}
	if r.Type == driver.BatchRead && r.Bins != nil && len(r.Bins) == 0 {
		rec.Bins = driver.Bins{}
	}
	r.Record = rec
}

// stripWriteResults removes the results of write operations from a batch
// write's bins. The client sends batch writes with respond-all-ops
// (batch_command_operate.go: RespondPerEachOp), so the server answers every
// operation, a nil for each write, and the client gathers the answers of
// one bin into OpResults; driver.Operation results are those of reads only.
// A batch write with a read of every bin (OpRead, Bin "") is left as is.
func stripWriteResults(bins as.BinMap, ops []driver.Operation) {
	perBin := make(map[string][]bool, len(ops)) // bin -> whether each op on it answers, in order
	for _, op := range ops {
		switch {
		case op.Type == driver.OpRead && op.Bin == "":
			return
		case op.Bin == "":
			// Touch, delete and a header read: no bin of theirs.
		default:
			// A list, map, bit or HLL operation or a read expression
			// answers like a read (nil when it has no result); a write's
			// nil answer goes (driver.Operation.Answers).
			perBin[op.Bin] = append(perBin[op.Bin], op.Answers())
		}
	}
	for name, v := range bins {
		kinds, ok := perBin[name]
		if !ok {
			// An answer to an op with no bin (touch, delete, header).
			delete(bins, name)
			continue
		}
		var results []any
		if or, isMulti := v.(as.OpResults); isMulti && len(or) == len(kinds) {
			results = or
		} else if len(kinds) == 1 {
			results = []any{v}
		} else {
			continue // not the shape respond-all-ops gives: keep it
		}
		var reads []any
		for i, isRead := range kinds {
			if isRead {
				reads = append(reads, results[i])
			}
		}
		switch len(reads) {
		case 0:
			delete(bins, name)
		case 1:
			bins[name] = reads[0]
		default:
			bins[name] = as.OpResults(reads)
		}
	}
}

// batchGetAll runs a batch in which every entry reads all bins through the
// client's BatchGet, the batch-index path whose request is smallest (one
// read-all flag for all keys rather than per-record attributes). BatchGet
// fails a whole node's request on a per-record error other than
// KEY_NOT_FOUND_ERROR (batch_command_get.go parseRecordResults), so on a
// server answer it reports done=false and the caller runs the general
// BatchOperate, which keeps every record's own outcome. A failure of the
// request itself (a timeout, a network error, retries exhausted, no node)
// is final: running the batch again would only double the time spent past
// the policy's TotalTimeout; every entry then carries that error.
func (c *Conn) batchGetAll(ctx context.Context, bp *as.BatchPolicy, records []*driver.BatchRecord) (done bool, err error) {
	keys := make([]*as.Key, len(records))
	for i, r := range records {
		if r == nil || r.Type != driver.BatchRead || r.HeaderOnly || r.Bins != nil {
			return false, nil
		}
		k, err := toClientKey(r.Key)
		if err != nil {
			return false, nil
		}
		keys[i] = k
	}
	recs, aerr := c.client.BatchGet(bp, keys)
	if aerr != nil {
		whole := c.wrap(ctx, aerr, "batch")
		if code, _ := driver.CodeOf(whole); ctx.Err() == nil && code > 0 && code != driver.Timeout {
			return false, nil
		}
		for _, r := range records {
			r.Record, r.Exists, r.Err = nil, false, whole
		}
		return true, whole
	}
	for i, r := range records {
		r.Record, r.Exists, r.Err = nil, false, nil
		if recs[i] == nil {
			r.Err = &driver.Error{Code: driver.KeyNotFoundError, Msg: "batch READ " + r.Key.String() + ": record not found"}
			continue
		}
		rec, err := recordFromClient(recs[i], r.Key, false)
		if err != nil {
			r.Err = driver.Errorf(driver.ParseError, "batch READ %s: %v", r.Key, err)
			continue
		}
		if rec.Bins == nil {
			rec.Bins = driver.Bins{}
		}
		r.Record = rec
	}
	return true, nil
}
