package aero

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/aerokit/aero/driver"
)

// Batch outcomes are described in the package documentation (doc.go,
// # Batches).

// BatchResult is the outcome of one record of a Session batch call.
type BatchResult struct {
	Key Key
	// Record is the record read (BatchGet, a read entry of BatchOperate) or
	// the header after a write (BatchPut); nil when the record was not
	// found and for the write entries of BatchOperate.
	Record *Record
	// Result is the outcome of a write of ops (a write entry of
	// BatchOperate, Repo.BatchOperate): each op's result in op order, and
	// the header after the write; nil otherwise.
	Result *OperateResult
	// Found reports whether the record existed (BatchGet, BatchExists,
	// BatchDelete) or the write succeeded (BatchPut, BatchOperate,
	// Repo.BatchOperate).
	Found bool
	// Err is this record's own failure, an *Error. A missing record read by
	// BatchGet is Found == false, not an error; a BatchOperate entry whose
	// read ops find no record fails with ErrNotFound, as Operate does.
	Err error
}

// BatchResults are the outcomes of a Session batch call, aligned with the
// request.
type BatchResults []BatchResult

// Err returns the records' failures joined (errors.Is and errors.As see
// each), or nil when every record succeeded.
func (rs BatchResults) Err() error {
	var errs []error
	for _, r := range rs {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	return errors.Join(errs...)
}

// Item is the outcome of one record of a Repo batch call.
type Item[T any] struct {
	// Value is the record read (BatchGet) or the value written, with its
	// gen and ttl fields refreshed (BatchPut); nil otherwise.
	Value *T
	// Found reports whether the record existed (BatchGet, BatchExists,
	// BatchDelete) or the write succeeded (BatchPut).
	Found bool
	// Err is this record's own failure, an *Error: a stale generation, a
	// bad key, a record that does not decode (ErrDecode)...
	Err error
}

// Items are the outcomes of a Repo batch call, aligned with the request.
type Items[T any] []Item[T]

// Values returns the values of the items, aligned with them: nil where a
// record was not found or failed.
func (is Items[T]) Values() []*T {
	out := make([]*T, len(is))
	for i, it := range is {
		out[i] = it.Value
	}
	return out
}

// Err returns the records' failures joined (errors.Is and errors.As see
// each), or nil when every record succeeded.
func (is Items[T]) Err() error {
	var errs []error
	for _, it := range is {
		if it.Err != nil {
			errs = append(errs, it.Err)
		}
	}
	return errors.Join(errs...)
}

// BatchEntry is one record of BatchOperate: a read (Ops nil and Delete
// false), a write (Ops), or a delete.
type BatchEntry struct {
	Key Key
	// Read are the options of a read: WithBins, and WithFilterExp for this
	// entry in place of the batch's (the routing options apply to the
	// whole batch: pass them to BatchOperate).
	Read []ReadOption
	// Ops are the operations of a write.
	Ops []Op
	// Delete deletes the record.
	Delete bool
	// Options are the write options of a write or delete; their
	// WithFilterExp takes the place of the batch's for this entry.
	Options []WriteOption
}

// batchCall runs the records built (nil entries were refused before the
// call) in one hooked driver batch and returns the failure of the whole
// request, an *Error. Records whose outcome is known keep it either way
// (driver.Conn.Batch).
func (s *Session) batchCall(ctx context.Context, op Command, write WriteKind, recs []*driver.BatchRecord, bp *driver.BatchPolicy) error {
	sent := recs
	for i, r := range recs {
		if r == nil {
			sent = append(make([]*driver.BatchRecord, 0, len(recs)), recs[:i]...)
			for _, r := range recs[i+1:] {
				if r != nil {
					sent = append(sent, r)
				}
			}
			break
		}
	}
	ns, set := batchTarget(sent)
	info := s.opInfo(op, write, ns, set, len(sent))
	ctx, sp := s.begin(ctx, &info)
	if len(sent) == 0 {
		sp.end(nil)
		return nil
	}
	if err := s.conn.Batch(ctx, bp, sent); err != nil {
		return sp.end(newError(op, ns, set, nil, err))
	}
	sp.end(nil)
	return nil
}

// batchTarget returns the namespace and set common to all records ("" when
// they differ).
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

func isCode(err error, code driver.ResultCode) bool {
	c, ok := driver.CodeOf(err)
	return ok && c == code
}

// recordErr is the *Error of a batch record refused before the call.
func recordErr(op Command, ns, set string, i int, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		e.Err = fmt.Errorf("record %d: %w", i, e.Err)
		return e
	}
	return invalidArgument(op, ns, set, fmt.Errorf("record %d: %w", i, err))
}

// batch runs a Session batch and converts its per-record outcomes; the
// writes of ops (opResults) report an OperateResult rather than a Record.
func (s *Session) batch(ctx context.Context, op Command, write WriteKind, keys []Key, bp *driver.BatchPolicy, build func(i int, dk *driver.Key) (*driver.BatchRecord, error)) (BatchResults, error) {
	recs := make([]*driver.BatchRecord, len(keys))
	out := make(BatchResults, len(keys))
	for i, k := range keys {
		out[i].Key = k
		dk, err := s.key(op, k)
		if err != nil {
			out[i].Err = recordErr(op, "", k.Set, i, err)
			continue
		}
		out[i].Key = keyOf(dk)
		if recs[i], err = build(i, dk); err != nil {
			out[i].Err = recordErr(op, dk.Namespace, dk.Set, i, err)
		}
	}
	whole := s.batchCall(ctx, op, write, recs, bp)
	for i, br := range recs {
		if br == nil {
			continue
		}
		res := &out[i]
		switch {
		case br.Err == nil:
			res.Found = true
			if br.Type == driver.BatchExists || br.Type == driver.BatchDelete {
				res.Found = br.Exists
			}
			switch {
			case op == CmdBatch && br.Type == driver.BatchWrite:
				res.Result = batchResult(br)
			case br.Record != nil:
				res.Record = s.record(br.Record, br.Key)
			}
		case br.Type == driver.BatchRead && isCode(br.Err, driver.KeyNotFoundError):
			// Not found is an outcome, not a failure, for reads.
		default:
			res.Err = newError(op, br.Key.Namespace, br.Key.Set, br.Key, br.Err)
		}
	}
	return out, whole
}

// BatchGet reads many records in one call, in order: every bin, or the bins
// WithBins names. A missing record has Found false; with WithFilterExp, a
// record the filter does not match has its Err match ErrFilteredOut.
func (s *Session) BatchGet(ctx context.Context, keys []Key, opts ...ReadOption) (BatchResults, error) {
	o, err := batchReadOptions(opts, readBins)
	if err != nil {
		return nil, invalidArgument(CmdBatchGet, s.ns, "", err)
	}
	return s.batch(ctx, CmdBatchGet, "", keys, o.batchPolicy(), func(_ int, dk *driver.Key) (*driver.BatchRecord, error) {
		return &driver.BatchRecord{Type: driver.BatchRead, Key: dk, Bins: o.bins}, nil
	})
}

// BatchExists reports for many records whether each exists; with
// WithFilterExp, a record the filter does not match has its Err match
// ErrFilteredOut.
func (s *Session) BatchExists(ctx context.Context, keys []Key, opts ...ReadOption) (BatchResults, error) {
	o, err := batchReadOptions(opts, readExists)
	if err != nil {
		return nil, invalidArgument(CmdBatchExists, s.ns, "", err)
	}
	return s.batch(ctx, CmdBatchExists, "", keys, o.batchPolicy(), func(_ int, dk *driver.Key) (*driver.BatchRecord, error) {
		return &driver.BatchRecord{Type: driver.BatchExists, Key: dk}, nil
	})
}

// batchReadOptions reads and checks the options of a batch read.
func batchReadOptions(opts []ReadOption, kind readKind) (readOptions, error) {
	o := newReadOptions(opts)
	if err := checkRouting(o.routing); err != nil {
		return o, err
	}
	if kind != readBins {
		if err := o.noBins(); err != nil {
			return o, err
		}
	}
	return o, nil
}

// BatchDelete deletes many records; Found reports whether each existed.
func (s *Session) BatchDelete(ctx context.Context, keys []Key, opts ...WriteOption) (BatchResults, error) {
	p, err := s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return nil, invalidArgument(CmdBatchDelete, s.ns, "", err)
	}
	return s.batch(ctx, CmdBatchDelete, "", keys, nil, func(_ int, dk *driver.Key) (*driver.BatchRecord, error) {
		return &driver.BatchRecord{Type: driver.BatchDelete, Key: dk, Policy: p}, nil
	})
}

// BatchPut writes bins[i] to keys[i] for every i, as Put does, in one call.
func (s *Session) BatchPut(ctx context.Context, keys []Key, bins []Bins, opts ...WriteOption) (BatchResults, error) {
	if len(keys) != len(bins) {
		return nil, invalidArgument(CmdBatchPut, s.ns, "", fmt.Errorf("%d keys but %d bin maps", len(keys), len(bins)))
	}
	p, err := s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return nil, invalidArgument(CmdBatchPut, s.ns, "", err)
	}
	return s.batch(ctx, CmdBatchPut, WritePut, keys, nil, func(i int, dk *driver.Key) (*driver.BatchRecord, error) {
		if len(bins[i]) == 0 {
			return nil, errors.New("no bin to write")
		}
		return &driver.BatchRecord{Type: driver.BatchWrite, Key: dk, Ops: putOps(bins[i]), Policy: p}, nil
	})
}

// BatchOperate runs reads, writes and deletes on many records in one call.
// A read entry reports the record read (BatchResult.Record), a write entry
// each op's result in op order (BatchResult.Result, an OperateResult).
// WithFilterExp filters every entry that has no filter of its own; the
// routing options apply to its reads.
func (s *Session) BatchOperate(ctx context.Context, entries []BatchEntry, opts ...BatchOption) (BatchResults, error) {
	keys := make([]Key, len(entries))
	for i, e := range entries {
		keys[i] = e.Key
	}
	var bo batchOptions
	for _, f := range opts {
		if f != nil {
			f.applyBatch(&bo)
		}
	}
	if err := checkRouting(bo.routing); err != nil {
		return nil, invalidArgument(CmdBatch, s.ns, "", err)
	}
	return s.batch(ctx, CmdBatch, "", keys, batchPolicyOf(bo.filter, bo.routing), func(i int, dk *driver.Key) (*driver.BatchRecord, error) {
		e := entries[i]
		switch {
		case e.Delete && len(e.Ops) > 0:
			return nil, errors.New("entry has both Delete and Ops")
		case e.Read != nil && (e.Delete || len(e.Ops) > 0):
			return nil, errors.New("entry has Read options but is a write or delete (use Options)")
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
			o := newReadOptions(e.Read)
			if o.routing != (driver.ReadRouting{}) {
				return nil, errors.New("replica and read modes apply to the whole batch: pass them to BatchOperate")
			}
			return &driver.BatchRecord{Type: driver.BatchRead, Key: dk, Bins: o.bins, FilterExp: o.filter}, nil
		}
	})
}

// keyBatch builds one driver record per key (a key that is refused
// becomes its item's error), runs the batch and calls each for every
// record sent.
func (r *Repo[T, K]) keyBatch(ctx context.Context, op Command, tmpl driver.BatchRecord, bp *driver.BatchPolicy, keys []K, each func(it *Item[T], br *driver.BatchRecord)) (Items[T], error) {
	out := make(Items[T], len(keys))
	recs := make([]*driver.BatchRecord, len(keys))
	for i, k := range keys {
		dk, err := r.dkey(op, k)
		if err != nil {
			out[i].Err = recordErr(op, r.ns, r.set, i, err)
			continue
		}
		br := tmpl
		br.Key = dk
		recs[i] = &br
	}
	whole := r.s.batchCall(ctx, op, "", recs, bp)
	for i, br := range recs {
		if br == nil {
			continue
		}
		it := &out[i]
		switch {
		case br.Err == nil:
			each(it, br)
		case tmpl.Type == driver.BatchRead && isCode(br.Err, driver.KeyNotFoundError):
		default:
			it.Err = newError(op, r.ns, r.set, br.Key, br.Err)
		}
	}
	return out, whole
}

// BatchGet reads the records with the given user keys in one call. The
// items are aligned with keys: Found false where the record does not
// exist, Err set where it failed (it does not decode, say). The error is
// the failure of the call itself, with the items whose outcome is known.
// The options are Session.BatchGet's.
func (r *Repo[T, K]) BatchGet(ctx context.Context, keys []K, opts ...ReadOption) (Items[T], error) {
	o, err := batchReadOptions(opts, readBins)
	if err != nil {
		return nil, invalidArgument(CmdBatchGet, r.ns, r.set, err)
	}
	bins, err := r.binsOf(CmdBatchGet, o.bins) // WithBins names fields
	if err != nil {
		return nil, err
	}
	tmpl := driver.BatchRecord{Type: driver.BatchRead, Bins: bins}
	return r.keyBatch(ctx, CmdBatchGet, tmpl, o.batchPolicy(), keys, func(it *Item[T], br *driver.BatchRecord) {
		if br.Record == nil {
			return
		}
		it.Found = true
		it.Value, it.Err = r.decode(CmdBatchGet, br.Record, br.Key)
	})
}

// BatchExists reports, aligned with keys, whether each record exists
// (Item.Found).
func (r *Repo[T, K]) BatchExists(ctx context.Context, keys []K, opts ...ReadOption) (Items[T], error) {
	o, err := batchReadOptions(opts, readExists)
	if err != nil {
		return nil, invalidArgument(CmdBatchExists, r.ns, r.set, err)
	}
	tmpl := driver.BatchRecord{Type: driver.BatchExists}
	return r.keyBatch(ctx, CmdBatchExists, tmpl, o.batchPolicy(), keys, func(it *Item[T], br *driver.BatchRecord) {
		it.Found = br.Exists
	})
}

// BatchDelete deletes the records with the given user keys in one call and
// reports, aligned with keys, whether each existed (Item.Found).
func (r *Repo[T, K]) BatchDelete(ctx context.Context, keys []K, opts ...WriteOption) (Items[T], error) {
	p, err := r.s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return nil, invalidArgument(CmdBatchDelete, r.ns, r.set, err)
	}
	return r.keyBatch(ctx, CmdBatchDelete, driver.BatchRecord{Type: driver.BatchDelete, Policy: p}, nil, keys, func(it *Item[T], br *driver.BatchRecord) {
		it.Found = br.Exists
	})
}

// BatchPut writes every value in one call, as Put does (with the
// check-and-set of a gen field, whose fields are refreshed for the records
// written). The items are aligned with values: Found where the write
// succeeded, Err where it failed (a stale generation, a value that does not
// encode); the others are written either way.
func (r *Repo[T, K]) BatchPut(ctx context.Context, values []*T, opts ...WriteOption) (Items[T], error) {
	out := make(Items[T], len(values))
	recs := make([]*driver.BatchRecord, len(values))
	refresh := r.refreshes()
	for i, v := range values {
		out[i].Value = v
		c, bins, err := r.encode(CmdBatchPut, WritePut, v, opts)
		if err != nil {
			out[i].Err = recordErr(CmdBatchPut, r.ns, r.set, i, err)
			continue
		}
		ops := putOps(bins)
		if refresh {
			ops = append(ops, GetHeaderOp())
		}
		recs[i] = &driver.BatchRecord{Type: driver.BatchWrite, Key: c.key, Ops: ops, Policy: c.policy}
	}
	whole := r.s.batchCall(ctx, CmdBatchPut, WritePut, recs, nil)
	for i, br := range recs {
		if br == nil {
			continue
		}
		it := &out[i]
		if br.Err != nil {
			it.Err = newError(CmdBatchPut, r.ns, r.set, br.Key, br.Err)
			continue
		}
		it.Found = true
		if br.Record != nil {
			if err := setMeta(r.plan, reflect.ValueOf(values[i]).Elem(), br.Record.Generation, br.Record.Expiration); err != nil {
				it.Err = decodeError(CmdBatchPut, r.ns, r.set, br.Key, err)
			}
		}
	}
	return out, whole
}

// BatchOperate applies ops to the records with the given user keys in one
// call, each record's ops atomically, as Operate does on one record. The
// results are aligned with keys: Result holds each op's result in op order
// (an OperateResult, as Operate returns) where the write succeeded (Found),
// Err the record's own failure (a bad key, a stale generation, a missing
// record under an update-only policy...). The error is the failure of the
// call itself, with the results whose outcome is known.
func (r *Repo[T, K]) BatchOperate(ctx context.Context, keys []K, ops []Op, opts ...WriteOption) (BatchResults, error) {
	if len(ops) == 0 {
		return nil, invalidArgument(CmdBatch, r.ns, r.set, errors.New("no operations"))
	}
	p, err := r.s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return nil, invalidArgument(CmdBatch, r.ns, r.set, err)
	}
	out := make(BatchResults, len(keys))
	recs := make([]*driver.BatchRecord, len(keys))
	for i, k := range keys {
		out[i].Key = r.Key(k)
		dk, err := r.dkey(CmdBatch, k)
		if err != nil {
			out[i].Err = recordErr(CmdBatch, r.ns, r.set, i, err)
			continue
		}
		out[i].Key = keyOf(dk)
		recs[i] = &driver.BatchRecord{Type: driver.BatchWrite, Key: dk, Ops: ops, Policy: p}
	}
	whole := r.s.batchCall(ctx, CmdBatch, "", recs, nil)
	for i, br := range recs {
		switch {
		case br == nil:
		case br.Err != nil:
			out[i].Err = newError(CmdBatch, r.ns, r.set, br.Key, br.Err)
		default:
			out[i].Found = true
			out[i].Result = batchResult(br)
		}
	}
	return out, whole
}

// batchResult is the OperateResult of a batch write that succeeded.
func batchResult(br *driver.BatchRecord) *OperateResult {
	rec := br.Record
	if rec == nil {
		rec = &driver.Record{}
	}
	return newOperateResult(br.Ops, rec, br.Key)
}

// putOps turns bins into write operations, in a stable order (sorted by bin
// name) so that requests are reproducible.
func putOps(bins Bins) []Op {
	return appendPutOps(make([]Op, 0, len(bins)+1), bins)
}

// appendPutOps appends the write operations of bins to ops, sorted by bin
// name.
func appendPutOps(ops []Op, bins Bins) []Op {
	n := len(ops)
	for name, v := range bins {
		ops = append(ops, Op{Type: driver.OpWrite, Bin: name, Value: v})
	}
	sortOps(ops[n:])
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
