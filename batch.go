package aero

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aerokit/aero/driver"
)

// BatchResult is the outcome of one record of a batch call, in the order of
// the request. The Session's batch calls report each record's failure in
// its Err and return an error only when the whole request failed (then with
// the results of the records whose outcome is known); Repo's batch calls
// return a *BatchError instead.
type BatchResult struct {
	Key Key
	// Record is the record read (BatchGet) or the header and read results
	// after a write (BatchOperate); nil when the record was not found.
	Record *Record
	// Found reports whether the record existed (BatchGet, BatchExists,
	// BatchDelete) or the write succeeded (BatchPut, BatchOperate).
	Found bool
	// Err is this record's own failure, an *Error. A missing record read by
	// BatchGet is Found == false, not an error; a BatchOperate entry whose
	// read ops find no record fails with ErrNotFound, as Operate does.
	Err error
}

// BatchError reports a batch in which records failed: on their own (a
// stale generation, say) while others succeeded, or because the whole
// request failed (Cause), in which case the records whose outcome is
// unknown carry Cause too, in doubt for writes. Errs is aligned with the
// request: nil where the record succeeded. errors.Is(batchErr, ErrGeneration)
// holds when any record failed with it; errors.Is(batchErr, ErrTimeout) when
// the request timed out.
type BatchError struct {
	Op string
	// Cause is the failure of the whole request, if there was one.
	Cause error
	// Errs holds each record's own failure, aligned with the request.
	Errs []error
}

// Error summarises the failures.
func (e *BatchError) Error() string {
	var n int
	var first error
	var at int
	for i, err := range e.Errs {
		if err != nil {
			if first == nil {
				first, at = err, i
			}
			n++
		}
	}
	switch {
	case e.Cause != nil && n > 0:
		return fmt.Sprintf("aero: %s: %v (%d of %d records failed)", e.Op, e.Cause, n, len(e.Errs))
	case e.Cause != nil:
		return fmt.Sprintf("aero: %s: %v", e.Op, e.Cause)
	}
	return fmt.Sprintf("aero: %s: %d of %d records failed; first, record %d: %v", e.Op, n, len(e.Errs), at, first)
}

// Unwrap returns the cause and the records' errors, for errors.Is and
// errors.As.
func (e *BatchError) Unwrap() []error {
	out := make([]error, 0, len(e.Errs)+1)
	if e.Cause != nil {
		out = append(out, e.Cause)
	}
	for _, err := range e.Errs {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// InDoubt reports whether any record's write may have been applied although
// it failed.
func (e *BatchError) InDoubt() bool {
	for _, err := range e.Errs {
		if IsInDoubt(err) {
			return true
		}
	}
	return false
}

// BatchEntry is one record of BatchOperate: a read (Ops nil and Delete
// false), a write (Ops), or a delete.
type BatchEntry struct {
	Key Key
	// Bins names the bins a read returns; nil returns every bin.
	Bins []string
	// Ops are the operations of a write.
	Ops []Op
	// Delete deletes the record.
	Delete bool
	// Options are the write options of a write or delete.
	Options []WriteOption
}

// batch runs a driver batch and converts its per-record outcomes.
func (s *Session) batch(ctx context.Context, op string, keys []Key, build func(i int, dk *driver.Key) (*driver.BatchRecord, error)) ([]BatchResult, error) {
	recs := make([]*driver.BatchRecord, len(keys))
	for i, k := range keys {
		dk, err := s.key(op, k)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		br, err := build(i, dk)
		if err != nil {
			return nil, invalidArgument(op, dk.Namespace, dk.Set, fmt.Errorf("record %d: %w", i, err))
		}
		recs[i] = br
	}
	ns, set := batchTarget(recs)
	ctx, sp := s.begin(ctx, op, ns, set, len(recs))
	if len(recs) == 0 {
		sp.end(nil)
		return nil, nil
	}
	// On a failure of the whole request the records whose outcome is known
	// keep it; the others carry the request's error (driver.Conn.Batch).
	var whole error
	if err := s.conn.Batch(ctx, nil, recs); err != nil {
		whole = newError(op, ns, set, nil, err)
	}
	out := make([]BatchResult, len(recs))
	for i, br := range recs {
		res := BatchResult{Key: keys[i]}
		res.Key.Namespace = br.Key.Namespace
		switch {
		case br.Err == nil:
			res.Found = true
			if br.Type == driver.BatchExists || br.Type == driver.BatchDelete {
				res.Found = br.Exists
			}
			if br.Record != nil {
				res.Record = s.record(br.Record)
				res.Record.Key = res.Key
			}
		case br.Type == driver.BatchRead && isCode(br.Err, driver.KeyNotFoundError):
			// Not found is an outcome, not a failure, for reads.
		default:
			res.Err = newError(op, br.Key.Namespace, br.Key.Set, br.Key, br.Err)
		}
		out[i] = res
	}
	sp.end(whole)
	if whole != nil {
		return out, whole
	}
	return out, nil
}

func isCode(err error, code driver.ResultCode) bool {
	c, ok := driver.CodeOf(err)
	return ok && c == code
}

// batchTarget returns the namespace and set common to all records ("" for a
// set when they differ).
func batchTarget(recs []*driver.BatchRecord) (ns, set string) {
	for i, r := range recs {
		if i == 0 {
			ns, set = r.Key.Namespace, r.Key.Set
			continue
		}
		if r.Key.Set != set {
			set = ""
		}
		if r.Key.Namespace != ns {
			ns = ""
		}
	}
	return ns, set
}

// BatchGet reads many records in one call, in order: every bin, or the bins
// named. A missing record has Found false.
func (s *Session) BatchGet(ctx context.Context, keys []Key, bins ...string) ([]BatchResult, error) {
	return s.batch(ctx, OpBatchGet, keys, func(_ int, dk *driver.Key) (*driver.BatchRecord, error) {
		return &driver.BatchRecord{Type: driver.BatchRead, Key: dk, Bins: binsArg(bins)}, nil
	})
}

// BatchExists reports for many records whether each exists.
func (s *Session) BatchExists(ctx context.Context, keys []Key) ([]BatchResult, error) {
	return s.batch(ctx, OpBatchExists, keys, func(_ int, dk *driver.Key) (*driver.BatchRecord, error) {
		return &driver.BatchRecord{Type: driver.BatchExists, Key: dk}, nil
	})
}

// BatchDelete deletes many records; Found reports whether each existed.
func (s *Session) BatchDelete(ctx context.Context, keys []Key, opts ...WriteOption) ([]BatchResult, error) {
	p, err := s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return nil, invalidArgument(OpBatchDelete, "", "", err)
	}
	return s.batch(ctx, OpBatchDelete, keys, func(_ int, dk *driver.Key) (*driver.BatchRecord, error) {
		return &driver.BatchRecord{Type: driver.BatchDelete, Key: dk, Policy: p}, nil
	})
}

// BatchPut writes bins[i] to keys[i] for every i, as Put does, in one call.
func (s *Session) BatchPut(ctx context.Context, keys []Key, bins []Bins, opts ...WriteOption) ([]BatchResult, error) {
	if len(keys) != len(bins) {
		return nil, invalidArgument(OpBatchPut, "", "", fmt.Errorf("%d keys but %d bin maps", len(keys), len(bins)))
	}
	p, err := s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return nil, invalidArgument(OpBatchPut, "", "", err)
	}
	return s.batch(ctx, OpBatchPut, keys, func(i int, dk *driver.Key) (*driver.BatchRecord, error) {
		return &driver.BatchRecord{Type: driver.BatchWrite, Key: dk, Ops: putOps(bins[i]), Policy: p}, nil
	})
}

// BatchOperate runs reads, writes and deletes on many records in one call.
func (s *Session) BatchOperate(ctx context.Context, entries []BatchEntry) ([]BatchResult, error) {
	keys := make([]Key, len(entries))
	for i, e := range entries {
		keys[i] = e.Key
	}
	return s.batch(ctx, OpBatch, keys, func(i int, dk *driver.Key) (*driver.BatchRecord, error) {
		e := entries[i]
		switch {
		case e.Delete && len(e.Ops) > 0:
			return nil, errors.New("entry has both Delete and Ops")
		case e.Delete:
			p, err := s.policy(driver.Update, e.Options, 0, 0)
			if err != nil {
				return nil, err
			}
			return &driver.BatchRecord{Type: driver.BatchDelete, Key: dk, Policy: p}, nil
		case len(e.Ops) > 0:
			p, err := s.policy(driver.Update, e.Options, 0, 0)
			if err != nil {
				return nil, err
			}
			return &driver.BatchRecord{Type: driver.BatchWrite, Key: dk, Ops: e.Ops, Policy: p}, nil
		default:
			return &driver.BatchRecord{Type: driver.BatchRead, Key: dk, Bins: binsArg(e.Bins)}, nil
		}
	})
}

// putOps turns bins into write operations, in a stable order (sorted by bin
// name) so that requests are reproducible.
func putOps(bins Bins) []Op {
	ops := make([]Op, 0, len(bins))
	for name, v := range bins {
		ops = append(ops, Op{Type: driver.OpWrite, Bin: name, Value: v})
	}
	sortOps(ops)
	return ops
}

func sortOps(ops []Op) {
	// Insertion sort: bin counts are small and this avoids a closure
	// allocation on the write path.
	for i := 1; i < len(ops); i++ {
		for j := i; j > 0 && strings.Compare(ops[j-1].Bin, ops[j].Bin) > 0; j-- {
			ops[j-1], ops[j] = ops[j], ops[j-1]
		}
	}
}
