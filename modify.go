package aero

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"time"

	"github.com/aerokit/aero/driver"
)

// Modify reads the record with user key k, applies fn to it and writes it
// back only if nobody wrote it in between (a generation check). When
// another writer wins the race it waits (WithBackoff), reads again and
// retries, up to WithConflictRetries times; then it fails with
// ErrGeneration. An error from fn aborts without writing and is returned as
// is. A missing record is ErrNotFound (see ModifyOrCreate). Modify returns
// the value written.
//
// The write-back keeps the record's TTL unless T's ttl field or WithTTL
// says otherwise. Bins of T that fn emptied (nil pointers, omitempty) are
// removed; bins T does not map are left as they are. WithGeneration is
// refused: Modify sets the generation itself.
func (r *Repo[T, K]) Modify(ctx context.Context, k K, fn func(*T) error, opts ...ModifyOption) (*T, error) {
	return r.modify(ctx, k, fn, false, opts)
}

// ModifyOrCreate is Modify for a record that may not exist yet: fn then
// gets a zero T with its key field set to k, and the first write creates
// the record, create-only (if another writer creates it first, it reads
// that record and retries, as for a generation conflict). Once the record
// exists, writes are generation-checked as Modify's.
func (r *Repo[T, K]) ModifyOrCreate(ctx context.Context, k K, fn func(*T) error, opts ...ModifyOption) (*T, error) {
	return r.modify(ctx, k, fn, true, opts)
}

func (r *Repo[T, K]) modify(ctx context.Context, k K, fn func(*T) error, create bool, opts []ModifyOption) (*T, error) {
	// One key, one policy and one value for every attempt: an attempt
	// allocates only what the read, fn and the write need. Every error
	// names the key (put.invalid, newError), except fn's own.
	get, err := r.cmd(CmdGet, "", k)
	if err != nil {
		return nil, err
	}
	put := r.s.cmdKey(CmdPut, WriteModify, get.key)
	if fn == nil {
		return nil, put.invalid(errors.New("Modify: nil function"))
	}
	o := newModifyOptions(opts)
	if o.write.genSet {
		return nil, put.invalid(errors.New("Modify: WithGeneration is not an option of Modify (it checks the generation it read)"))
	}
	if !o.write.ttlSet {
		o.write.ttl, o.write.ttlSet = KeepTTL, !r.plan.WritesTTL()
	}
	if put.policy, err = r.s.policyOf(driver.UpdateOnly, &o.write, 0, 0); err != nil {
		return nil, put.invalid(err)
	}
	v := new(T)
	rv := reflect.ValueOf(v).Elem()
	var zero T
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if err := o.wait(ctx, attempt, &timer); err != nil {
				return nil, newError(CmdGet, r.ns, r.set, get.key, err)
			}
		}
		*v = zero
		rec, err := r.get(ctx, get.key, nil, nil, v)
		missing := create && errors.Is(err, ErrNotFound)
		switch {
		case missing:
			if r.plan.HasKey() {
				if err := r.plan.SetKey(rv, get.key.UserKey); err != nil {
					return nil, put.invalid(err)
				}
			}
		case err != nil:
			return nil, err
		}
		if err := fn(v); err != nil {
			return nil, err
		}
		if err := r.writeBack(ctx, &put, v, rec, missing, o.write.ttlSet); err != nil {
			if attempt < o.retries && r.lostRace(err, missing, create) {
				r.s.logger.LogAttrs(ctx, slog.LevelDebug, "aero: Modify lost a generation race; reading again",
					slog.String("namespace", r.ns), slog.String("set", r.set), slog.Int("attempt", attempt+1))
				continue
			}
			return nil, err
		}
		return v, nil
	}
}

// lostRace reports whether a failed write-back lost a race with another
// writer, so that reading again may succeed.
func (r *Repo[T, K]) lostRace(err error, missing, create bool) bool {
	switch {
	case missing:
		return errors.Is(err, ErrExists) // created by someone else first
	case errors.Is(err, ErrGeneration):
		return true
	}
	return create && errors.Is(err, ErrNotFound) // deleted in between
}

// writeBack writes v over the record rec read (or creates it, when missing)
// with the put command, whose policy it sets for this attempt.
func (r *Repo[T, K]) writeBack(ctx context.Context, put *cmd, v *T, rec *driver.Record, missing, fixedTTL bool) error {
	rv := reflect.ValueOf(v).Elem()
	if r.plan.HasKey() {
		if nk, _ := r.plan.Key(rv); nk != nil && !sameKey(nk, put.key.UserKey) {
			return put.invalid(fmt.Errorf("Modify must not change the key (fn set it to %v)", nk))
		}
	}
	bins, err := r.plan.Encode(rv)
	if err != nil {
		return put.invalid(err)
	}
	if !fixedTTL {
		ttl, err := r.plan.TTL(rv)
		if err == nil {
			put.policy.Expiration, err = expiration(ttl)
		}
		if err != nil {
			return put.invalid(err)
		}
	}
	p := put.policy
	if missing {
		put.info.Write = WriteInsert
		p.RecordExists, p.GenerationPolicy, p.Generation = driver.CreateOnly, driver.GenNone, 0
		for name, b := range bins {
			if b == nil {
				delete(bins, name)
			}
		}
		if len(bins) == 0 {
			return put.invalid(fmt.Errorf("%s value has no bin to write", r.plan.Type()))
		}
	} else {
		put.info.Write = WriteModify
		p.RecordExists, p.GenerationPolicy, p.Generation = driver.UpdateOnly, driver.GenEqual, rec.Generation
		// Bins of T that fn emptied (nil pointers, omitempty) are removed;
		// bins T does not map are left as they are.
		for _, name := range r.plan.BinNames() {
			if _, ok := bins[name]; !ok {
				if _, stored := rec.Bins[name]; stored {
					bins[name] = nil
				}
			}
		}
	}
	if cap(put.ops) < len(bins)+1 {
		put.ops = make([]Op, 0, len(bins)+1) // kept for the next attempt
	}
	put.ops = append(appendPutOps(put.ops[:0], bins), GetHeaderOp())
	return r.writeRefresh(ctx, put, rv)
}

// wait sleeps before retry attempt (from 1): a random duration in [0,
// min(limit, base<<(attempt-1))), or until ctx is done. The timer is made
// once per Modify and reused.
func (o *modifyOptions) wait(ctx context.Context, attempt int, timer **time.Timer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.backoffBase <= 0 || o.backoffM <= 0 {
		return nil
	}
	ceiling := o.backoffM
	if shift := attempt - 1; shift < 62 {
		if d := o.backoffBase << shift; d > 0 && d>>shift == o.backoffBase && d < ceiling {
			ceiling = d
		}
	}
	d := time.Duration(rand.Int64N(int64(ceiling)))
	if d <= 0 {
		return nil
	}
	if *timer == nil {
		*timer = time.NewTimer(d)
	} else {
		(*timer).Reset(d)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-(*timer).C:
		return nil
	}
}
