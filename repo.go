package aero

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"reflect"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/mapper"
)

// Repo is a typed repository of the records of one set, mapped to the
// struct type T with the tags described in tags.go. The set (and the
// namespace, when it is not the Session's) is declared once, at NewRepo.
//
// T should have a key field (tag option key); without one, methods that
// take a value (Put, Insert...) fail with ErrInvalidArgument, and records
// are reached by the key argument of Get, Delete and the like. A gen field
// makes writes check-and-set: a value read with generation g is written
// only if the record is still at g (ErrGeneration otherwise), and a
// successful write refreshes the field. A ttl field carries the remaining
// TTL on read and the TTL to set on write.
type Repo[T any] struct {
	s    *Session
	plan *mapper.Plan
	ns   string
	set  string
}

// RepoOption configures a Repo.
type RepoOption func(*repoOptions)

type repoOptions struct{ ns string }

// RepoNamespace places the repository in namespace ns instead of the
// Session's.
func RepoNamespace(ns string) RepoOption { return func(o *repoOptions) { o.ns = ns } }

// NewRepo returns the repository of T's records in set. It builds (or finds
// cached) T's mapping plan, so a type that cannot be mapped is reported
// here, with the field path at fault.
func NewRepo[T any](s *Session, set string, opts ...RepoOption) (*Repo[T], error) {
	if s == nil {
		return nil, invalidArgument("REPO", "", set, errors.New("nil Session"))
	}
	o := repoOptions{ns: s.ns}
	for _, fn := range opts {
		fn(&o)
	}
	if t := reflect.TypeFor[T](); t.Kind() != reflect.Struct {
		return nil, invalidArgument("REPO", o.ns, set, fmt.Errorf("type %s is not a struct (use Repo[%s] for a pointer)", t, strings.TrimPrefix(t.String(), "*")))
	}
	plan, err := mapper.PlanFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, invalidArgument("REPO", o.ns, set, err)
	}
	if set == "" {
		// A scan or query with no set covers the whole namespace: a Repo
		// on "" would decode every set's records into T.
		return nil, invalidArgument("REPO", o.ns, set, errors.New("set name is empty (records of no set are reached with the Session's untyped calls)"))
	}
	if len(set) > driver.MaxSetNameLen {
		return nil, invalidArgument("REPO", o.ns, set, fmt.Errorf("set name %q is %d bytes (max %d)", set, len(set), driver.MaxSetNameLen))
	}
	return &Repo[T]{s: s, plan: plan, ns: o.ns, set: set}, nil
}

// Session returns the repository's Session.
func (r *Repo[T]) Session() *Session { return r.s }

// Namespace returns the repository's namespace.
func (r *Repo[T]) Namespace() string { return r.ns }

// Set returns the repository's set.
func (r *Repo[T]) Set() string { return r.set }

// Key returns the Key of the record with user key k in the repository.
func (r *Repo[T]) Key(k any) Key { return Key{Namespace: r.ns, Set: r.set, Value: k} }

func (r *Repo[T]) dkey(op string, k any) (*driver.Key, error) {
	dk, err := driver.NewKey(r.ns, r.set, k)
	if err != nil {
		return nil, invalidArgument(op, r.ns, r.set, fmt.Errorf("key: %w", err))
	}
	return dk, nil
}

// decode maps a driver record into a new T, with key, generation and TTL.
func (r *Repo[T]) decode(op string, rec *driver.Record) (*T, error) {
	v := new(T)
	if err := r.decodeInto(rec, reflect.ValueOf(v).Elem()); err != nil {
		return nil, decodeError(op, r.ns, r.set, rec.Key, err)
	}
	return v, nil
}

func (r *Repo[T]) decodeInto(rec *driver.Record, rv reflect.Value) error {
	if err := r.plan.Decode(rec.Bins, rv); err != nil {
		return err
	}
	if r.plan.HasKey() && rec.Key != nil && rec.Key.UserKey != nil {
		if err := r.plan.SetKey(rv, rec.Key.UserKey); err != nil {
			return err
		}
	}
	return r.setMeta(rv, rec.Generation, rec.Expiration)
}

// setMeta stores a record's generation and TTL into v's gen and ttl fields.
func (r *Repo[T]) setMeta(rv reflect.Value, gen, exp uint32) error {
	if err := r.plan.SetGeneration(rv, gen); err != nil {
		return err
	}
	return r.plan.SetTTL(rv, ttlOf(exp))
}

// Get reads the record with user key k. A missing record is ErrNotFound.
func (r *Repo[T]) Get(ctx context.Context, k any) (*T, error) {
	dk, err := r.dkey(OpGet, k)
	if err != nil {
		return nil, err
	}
	v, _, err := r.get(ctx, dk)
	return v, err
}

// get reads and decodes the record at dk under one hooked GET; the hooks
// see a decode failure too.
func (r *Repo[T]) get(ctx context.Context, dk *driver.Key) (*T, *driver.Record, error) {
	ctx, sp := r.s.begin(ctx, OpGet, r.ns, r.set, 0)
	rec, err := r.s.conn.Get(ctx, nil, dk, nil)
	if err != nil {
		return nil, nil, sp.end(newError(OpGet, r.ns, r.set, dk, err))
	}
	if rec.Key == nil || rec.Key.UserKey == nil {
		rec.Key = dk
	}
	v, err := r.decode(OpGet, rec)
	if err != nil {
		return nil, nil, sp.end(err)
	}
	sp.end(nil)
	return v, rec, nil
}

// Exists reports whether the record with user key k exists.
func (r *Repo[T]) Exists(ctx context.Context, k any) (bool, error) {
	return r.s.Exists(ctx, r.Key(k))
}

// Delete removes the record with user key k and reports whether it existed.
func (r *Repo[T]) Delete(ctx context.Context, k any, opts ...WriteOption) (bool, error) {
	return r.s.Delete(ctx, r.Key(k), opts...)
}

// Touch resets the TTL of the record with user key k (the namespace default
// unless WithTTL says otherwise). A missing record is ErrNotFound.
func (r *Repo[T]) Touch(ctx context.Context, k any, opts ...WriteOption) error {
	return r.s.Touch(ctx, r.Key(k), opts...)
}

// Operate applies ops atomically to the record with user key k (see
// Session.Operate) and returns the raw record of the read results.
func (r *Repo[T]) Operate(ctx context.Context, k any, ops []Op, opts ...WriteOption) (*Record, error) {
	return r.s.Operate(ctx, r.Key(k), ops, opts...)
}

// Put writes v, creating the record or merging its bins into the existing
// one (bins of fields left out by omitempty or nil pointers keep their
// stored values; use Replace to drop them).
func (r *Repo[T]) Put(ctx context.Context, v *T, opts ...WriteOption) error {
	return r.write(ctx, driver.Update, v, opts)
}

// Insert creates the record of v; an existing record is ErrExists.
func (r *Repo[T]) Insert(ctx context.Context, v *T, opts ...WriteOption) error {
	return r.write(ctx, driver.CreateOnly, v, opts)
}

// Update merges v into the existing record; a missing record is ErrNotFound.
func (r *Repo[T]) Update(ctx context.Context, v *T, opts ...WriteOption) error {
	return r.write(ctx, driver.UpdateOnly, v, opts)
}

// Replace creates the record of v or replaces all its bins, so that the
// stored record holds exactly v's bins.
func (r *Repo[T]) Replace(ctx context.Context, v *T, opts ...WriteOption) error {
	return r.write(ctx, driver.Replace, v, opts)
}

// encode returns v's key, bins and write policy.
func (r *Repo[T]) encode(op string, action driver.RecordExistsAction, v *T, opts []WriteOption) (*driver.Key, Bins, *driver.WritePolicy, error) {
	if v == nil {
		return nil, nil, nil, invalidArgument(op, r.ns, r.set, fmt.Errorf("nil *%s", r.plan.Type()))
	}
	rv := reflect.ValueOf(v).Elem()
	uk, err := r.plan.Key(rv)
	if err != nil {
		return nil, nil, nil, invalidArgument(op, r.ns, r.set, err)
	}
	dk, err := r.dkey(op, uk)
	if err != nil {
		return nil, nil, nil, err
	}
	bins, err := r.plan.Encode(rv)
	if err != nil {
		return nil, nil, nil, invalidArgument(op, r.ns, r.set, err)
	}
	// A nil value (nil interface, map or slice) means the bin is absent:
	// not written, so that Put never deletes a stored bin by accident and
	// Replace, which the server refuses with a bin delete, works.
	for name, v := range bins {
		if v == nil {
			delete(bins, name)
		}
	}
	var gen uint32
	var ttl time.Duration
	if r.plan.HasGeneration() && action != driver.CreateOnly {
		if gen, err = r.plan.Generation(rv); err != nil {
			return nil, nil, nil, invalidArgument(op, r.ns, r.set, err)
		}
	}
	if r.plan.WritesTTL() {
		if ttl, err = r.plan.TTL(rv); err != nil {
			return nil, nil, nil, invalidArgument(op, r.ns, r.set, err)
		}
	}
	p, err := r.s.policy(action, opts, gen, ttl)
	if err != nil {
		return nil, nil, nil, invalidArgument(op, r.ns, r.set, err)
	}
	return dk, bins, p, nil
}

func (r *Repo[T]) write(ctx context.Context, action driver.RecordExistsAction, v *T, opts []WriteOption) error {
	dk, bins, p, err := r.encode(OpPut, action, v, opts)
	if err != nil {
		return err
	}
	if len(bins) == 0 {
		// The server rejects a write with no bin op (write.c:
		// write_master_policies, PARAMETER_ERROR); say why up front.
		return invalidArgument(OpPut, r.ns, r.set, fmt.Errorf("%s value has no bin to write", r.plan.Type()))
	}
	refresh := r.plan.HasGeneration() || r.plan.HasTTL()
	ctx, sp := r.s.begin(ctx, OpPut, r.ns, r.set, 0)
	if !refresh {
		if err := r.s.conn.Put(ctx, p, dk, bins); err != nil {
			return sp.end(newError(OpPut, r.ns, r.set, dk, err))
		}
		sp.end(nil)
		return nil
	}
	// The struct wants its generation and TTL back: write and read the
	// header in one round trip. Read ops are allowed with record-level
	// replace (server write.c: write_master_policies forbids only modify,
	// touch and bin-delete ops with it).
	ops := append(putOps(bins), GetHeaderOp())
	rec, err := r.s.conn.Operate(ctx, p, dk, ops)
	if err != nil {
		return sp.end(newError(OpPut, r.ns, r.set, dk, err))
	}
	sp.end(nil)
	if err := r.setMeta(reflect.ValueOf(v).Elem(), rec.Generation, rec.Expiration); err != nil {
		return decodeError(OpPut, r.ns, r.set, dk, err)
	}
	return nil
}

// Modify reads the record with user key k, applies fn to it and writes it
// back only if nobody wrote it in between (a generation check). When
// another writer wins the race it reads again and retries, up to the
// Session's MaxRetries times; then it fails with ErrGeneration. An error
// from fn aborts without writing and is returned as is. A missing record is
// ErrNotFound. Modify returns the value written.
func (r *Repo[T]) Modify(ctx context.Context, k any, fn func(*T) error, opts ...WriteOption) (*T, error) {
	if fn == nil {
		return nil, invalidArgument(OpPut, r.ns, r.set, errors.New("Modify: nil function"))
	}
	var lastErr error
	for attempt := 0; attempt <= r.s.maxRetries; attempt++ {
		dk, err := r.dkey(OpGet, k)
		if err != nil {
			return nil, err
		}
		v, rec, err := r.get(ctx, dk)
		if err != nil {
			return nil, err
		}
		if err := fn(v); err != nil {
			return nil, err
		}
		rv := reflect.ValueOf(v).Elem()
		if r.plan.HasKey() {
			if nk, _ := r.plan.Key(rv); nk != nil && !sameKey(nk, dk.UserKey) {
				return nil, invalidArgument(OpPut, r.ns, r.set, fmt.Errorf("Modify must not change the key (%v to %v)", dk.UserKey, nk))
			}
		}
		bins, err := r.plan.Encode(rv)
		if err != nil {
			return nil, invalidArgument(OpPut, r.ns, r.set, err)
		}
		ttl := KeepTTL
		if r.plan.WritesTTL() {
			if ttl, err = r.plan.TTL(rv); err != nil {
				return nil, invalidArgument(OpPut, r.ns, r.set, err)
			}
		}
		all := append([]WriteOption{WithTTL(ttl)}, opts...)
		all = append(all, WithGeneration(rec.Generation))
		p, err := r.s.policy(driver.UpdateOnly, all, 0, 0)
		if err != nil {
			return nil, invalidArgument(OpPut, r.ns, r.set, err)
		}
		// Bins of T that fn emptied (nil pointers, omitempty) are removed;
		// bins T does not map are left as they are.
		for _, name := range r.plan.BinNames() {
			if _, ok := bins[name]; !ok {
				if _, stored := rec.Bins[name]; stored {
					bins[name] = nil
				}
			}
		}
		ctx2, sp2 := r.s.begin(ctx, OpPut, r.ns, r.set, 0)
		res, err := r.s.conn.Operate(ctx2, p, dk, append(putOps(bins), GetHeaderOp()))
		if err != nil {
			e := newError(OpPut, r.ns, r.set, dk, err)
			sp2.end(e)
			if errors.Is(e, ErrGeneration) {
				lastErr = e
				r.s.logger.LogAttrs(ctx, slog.LevelDebug, "aero: Modify lost a generation race; reading again",
					slog.String("namespace", r.ns), slog.String("set", r.set), slog.Int("attempt", attempt+1))
				continue
			}
			return nil, e
		}
		sp2.end(nil)
		if err := r.setMeta(rv, res.Generation, res.Expiration); err != nil {
			return nil, decodeError(OpPut, r.ns, r.set, dk, err)
		}
		return v, nil
	}
	return nil, lastErr
}

func sameKey(a, b any) bool {
	switch x := a.(type) {
	case []byte:
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	}
	return a == b
}

// BatchGet reads the records with the given user keys in one call. The
// result is aligned with keys: nil where the record does not exist. When
// records fail (on their own, or because the whole request failed), the
// others are still returned and the error is a *BatchError.
func (r *Repo[T]) BatchGet(ctx context.Context, keys []any) ([]*T, error) {
	recs := make([]*driver.BatchRecord, len(keys))
	for i, k := range keys {
		dk, err := r.dkey(OpBatchGet, k)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		recs[i] = &driver.BatchRecord{Type: driver.BatchRead, Key: dk}
	}
	sp, whole := r.runBatch(&ctx, OpBatchGet, recs)
	out := make([]*T, len(keys))
	var errs []error
	for i, br := range recs {
		var err error
		switch {
		case br.Err == nil && br.Record != nil:
			if br.Record.Key == nil || br.Record.Key.UserKey == nil {
				br.Record.Key = br.Key
			}
			out[i], err = r.decode(OpBatchGet, br.Record)
		case br.Err != nil && !isCode(br.Err, driver.KeyNotFoundError):
			err = newError(OpBatchGet, r.ns, r.set, br.Key, br.Err)
		}
		errs = setErr(errs, len(recs), i, err)
	}
	return out, finishBatch(&sp, OpBatchGet, whole, errs)
}

func setErr(errs []error, n, i int, err error) []error {
	if err == nil {
		return errs
	}
	if errs == nil {
		errs = make([]error, n)
	}
	errs[i] = err
	return errs
}

// runBatch runs the batch with the hooks' context and returns the span to
// end (with finishBatch, once the outcomes are read) and the failure of the
// whole request, if any. Records whose outcome is known keep it either way
// (driver.Conn.Batch).
func (r *Repo[T]) runBatch(ctx *context.Context, op string, recs []*driver.BatchRecord) (span, error) {
	c, sp := r.s.begin(*ctx, op, r.ns, r.set, len(recs))
	*ctx = c
	if len(recs) == 0 {
		return sp, nil
	}
	if err := r.s.conn.Batch(c, nil, recs); err != nil {
		return sp, newError(op, r.ns, r.set, nil, err)
	}
	return sp, nil
}

// finishBatch ends the span and returns nil, or a *BatchError with the
// request's failure and the records' own.
func finishBatch(sp *span, op string, whole error, errs []error) error {
	if whole == nil && errs == nil {
		sp.end(nil)
		return nil
	}
	be := &BatchError{Op: op, Cause: whole, Errs: errs}
	sp.end(be)
	return be
}

// BatchPut writes every value in one call, as Put does (with the
// check-and-set of a gen field, whose fields are refreshed for the records
// written). When records fail, the others are still written and refreshed,
// and the error is a *BatchError aligned with values.
func (r *Repo[T]) BatchPut(ctx context.Context, values []*T, opts ...WriteOption) error {
	recs := make([]*driver.BatchRecord, len(values))
	refresh := r.plan.HasGeneration() || r.plan.HasTTL()
	for i, v := range values {
		dk, bins, p, err := r.encode(OpBatchPut, driver.Update, v, opts)
		if err != nil {
			return fmt.Errorf("record %d: %w", i, err)
		}
		if len(bins) == 0 {
			return invalidArgument(OpBatchPut, r.ns, r.set, fmt.Errorf("record %d: %s value has no bin to write", i, r.plan.Type()))
		}
		ops := putOps(bins)
		if refresh {
			ops = append(ops, GetHeaderOp())
		}
		recs[i] = &driver.BatchRecord{Type: driver.BatchWrite, Key: dk, Ops: ops, Policy: p}
	}
	sp, whole := r.runBatch(&ctx, OpBatchPut, recs)
	var errs []error
	for i, br := range recs {
		if br.Err != nil {
			errs = setErr(errs, len(recs), i, newError(OpBatchPut, r.ns, r.set, br.Key, br.Err))
			continue
		}
		if br.Record != nil {
			if err := r.setMeta(reflect.ValueOf(values[i]).Elem(), br.Record.Generation, br.Record.Expiration); err != nil {
				errs = setErr(errs, len(recs), i, decodeError(OpBatchPut, r.ns, r.set, br.Key, err))
			}
		}
	}
	return finishBatch(&sp, OpBatchPut, whole, errs)
}

// BatchDelete deletes the records with the given user keys in one call and
// reports, aligned with keys, whether each existed.
func (r *Repo[T]) BatchDelete(ctx context.Context, keys []any, opts ...WriteOption) ([]bool, error) {
	return r.batchFlags(ctx, OpBatchDelete, driver.BatchDelete, keys, opts)
}

// BatchExists reports, aligned with keys, whether each record exists.
func (r *Repo[T]) BatchExists(ctx context.Context, keys []any) ([]bool, error) {
	return r.batchFlags(ctx, OpBatchExists, driver.BatchExists, keys, nil)
}

func (r *Repo[T]) batchFlags(ctx context.Context, op string, typ driver.BatchType, keys []any, opts []WriteOption) ([]bool, error) {
	var p *driver.WritePolicy
	if typ == driver.BatchDelete {
		var err error
		if p, err = r.s.policy(driver.Update, opts, 0, 0); err != nil {
			return nil, invalidArgument(op, r.ns, r.set, err)
		}
	}
	recs := make([]*driver.BatchRecord, len(keys))
	for i, k := range keys {
		dk, err := r.dkey(op, k)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		recs[i] = &driver.BatchRecord{Type: typ, Key: dk, Policy: p}
	}
	sp, whole := r.runBatch(&ctx, op, recs)
	out := make([]bool, len(keys))
	var errs []error
	for i, br := range recs {
		if br.Err != nil {
			errs = setErr(errs, len(recs), i, newError(op, r.ns, r.set, br.Key, br.Err))
			continue
		}
		out[i] = br.Exists
	}
	return out, finishBatch(&sp, op, whole, errs)
}

// Scan returns every record of the repository's set, decoded into T.
// Breaking out of the loop releases the scan. A record that does not decode
// is yielded as (nil, err) with err matching ErrDecode, and the scan goes on
// if the loop does; a failure of the scan itself is yielded last.
func (r *Repo[T]) Scan(ctx context.Context, opts ...ScanOption) iter.Seq2[*T, error] {
	return r.stream(ctx, OpScan, r.request(nil, opts))
}

// Query returns the records of the repository's set that match f.
func (r *Repo[T]) Query(ctx context.Context, f Filter, opts ...ScanOption) iter.Seq2[*T, error] {
	if err := f.validate(); err != nil {
		return func(yield func(*T, error) bool) { yield(nil, invalidArgument(OpQuery, r.ns, r.set, err)) }
	}
	return r.stream(ctx, OpQuery, r.request(&f, opts))
}

func (r *Repo[T]) request(f *Filter, opts []ScanOption) *driver.QueryRequest {
	req := r.s.scanRequest(r.set, f, append([]ScanOption{InNamespace(r.ns)}, opts...))
	return req
}

func (r *Repo[T]) stream(ctx context.Context, op string, req *driver.QueryRequest) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		r.s.rows(ctx, op, req, func(rec *driver.Record) (bool, error) {
			v, err := r.decode(op, rec)
			if err != nil {
				// A record that does not decode is its own failure: the
				// loop sees it and may go on to the next.
				return yield(nil, err), err
			}
			return yield(v, nil), nil
		}, func(err error) { yield(nil, err) })
	}
}

// ScanPage returns up to size records from cursor on and the cursor of the
// next page (empty after the last). See Session.ScanPage. Records that do
// not decode are left out of the page and listed in the error (matching
// ErrDecode), which then comes with the page and a valid cursor.
func (r *Repo[T]) ScanPage(ctx context.Context, size int, cursor Cursor, opts ...ScanOption) ([]*T, Cursor, error) {
	return r.page(ctx, OpScan, r.request(nil, opts), size, cursor)
}

// QueryPage is ScanPage for the records that match f.
func (r *Repo[T]) QueryPage(ctx context.Context, f Filter, size int, cursor Cursor, opts ...ScanOption) ([]*T, Cursor, error) {
	if err := f.validate(); err != nil {
		return nil, "", invalidArgument(OpQuery, r.ns, r.set, err)
	}
	return r.page(ctx, OpQuery, r.request(&f, opts), size, cursor)
}

func (r *Repo[T]) page(ctx context.Context, op string, req *driver.QueryRequest, size int, cursor Cursor) ([]*T, Cursor, error) {
	var out []*T
	recErrs, err := r.s.pageRaw(ctx, op, req, size, cursor, func(rec *driver.Record) error {
		v, err := r.decode(op, rec)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, &cursor)
	if err != nil {
		return nil, "", err
	}
	// Records that do not decode are left out of the page; the error lists
	// them (it matches ErrDecode) and the cursor still moves past them.
	return out, cursor, recErrs
}
