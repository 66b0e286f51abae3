package engine

import (
	"bytes"
	"slices"

	"github.com/aerokit/aero/driver"
)

// Get reads the record at key: every bin when bins is nil, the named bins
// that exist otherwise, no bin when headerOnly. A missing or expired record
// is KeyNotFoundError.
func (e *Engine) Get(key *driver.Key, bins []string, headerOnly bool) (*driver.Record, error) {
	return e.get(key, bins, headerOnly, nil)
}

func (e *Engine) get(key *driver.Key, bins []string, headerOnly bool, filter driver.Expression) (*driver.Record, error) {
	n, err := e.checkKey(key)
	if err != nil {
		return nil, err
	}
	if !headerOnly {
		// A read of named bins checks each name (read.c read_local:
		// as_bin_name_check, AS_ERR_BIN_NAME). The client checks them too,
		// before sending. A header-only read sends no name.
		for _, name := range bins {
			if err := checkBinName(key, name); err != nil {
				return nil, err
			}
		}
	}
	nowSec, nowMS := e.now()
	p := n.part(key.Digest)
	p.mu.RLock()
	defer p.mu.RUnlock()
	r := p.live(key.Digest, nowSec)
	if r == nil {
		return nil, notFound(key)
	}
	if err := checkSetMatch(key, r); err != nil {
		return nil, err
	}
	if err := filterRecord(filter, key, r, nowSec, nowMS); err != nil {
		return nil, err
	}
	rec := r.header(key, nowSec)
	if !headerOnly {
		rec.Bins = selectBins(r.bins, bins)
	}
	return rec, nil
}

// Exists reports whether a live record is at key.
func (e *Engine) Exists(key *driver.Key) (bool, error) {
	return e.exists(key, nil)
}

func (e *Engine) exists(key *driver.Key, filter driver.Expression) (bool, error) {
	n, err := e.checkKey(key)
	if err != nil {
		return false, err
	}
	nowSec, nowMS := e.now()
	p := n.part(key.Digest)
	p.mu.RLock()
	defer p.mu.RUnlock()
	r := p.live(key.Digest, nowSec)
	if r == nil {
		return false, nil
	}
	if err := checkSetMatch(key, r); err != nil {
		return false, err
	}
	if err := filterRecord(filter, key, r, nowSec, nowMS); err != nil {
		return false, err
	}
	return true, nil
}

// Put writes bins to the record at key under policy, as the client's Put
// does: one write operation per bin (a nil value deletes the bin). No bin at
// all is ParameterError (server: write_master_policies, "bin op(s) expected,
// none present").
func (e *Engine) Put(policy *driver.WritePolicy, key *driver.Key, bins driver.Bins) error {
	if len(bins) == 0 {
		n, err := e.checkKey(key)
		if err != nil {
			return err
		}
		// write_master_preprocessing checks the TTL before
		// write_master_policies counts the ops.
		if err := e.checkTTL(n, key, policyTTL(policy)); err != nil {
			return err
		}
		return driver.Errorf(driver.ParameterError, "key %s: a write needs at least one bin", key)
	}
	names := make([]string, 0, len(bins))
	for name := range bins {
		names = append(names, name)
	}
	slices.Sort(names)
	ops := make([]driver.Operation, len(names))
	for i, name := range names {
		ops[i] = driver.Operation{Type: driver.OpWrite, Bin: name, Value: bins[name]}
	}
	_, err := e.Operate(policy, key, ops)
	return err
}

// Touch rewrites the expiration of the record at key from policy and bumps
// its generation; it returns the new header. A missing record is
// KeyNotFoundError (a touch op never creates: write_master_policies sets
// must_not_create).
func (e *Engine) Touch(policy *driver.WritePolicy, key *driver.Key) (*driver.Record, error) {
	return e.Operate(policy, key, []driver.Operation{{Type: driver.OpTouch}})
}

// Delete removes the record at key and reports whether it existed. The
// policy's generation check applies to an existing record (GenerationError);
// a missing record is (false, nil). An expired record that nsup has not
// reaped yet is still found and removed, (true, nil): the server's
// delete_master (transaction/delete_ce.c) looks the record up with
// as_record_get and no expiry check. A durable delete is EnterpriseOnly on
// Community (delete.c as_delete_start: validate_delete_durability, before
// the record is looked up).
func (e *Engine) Delete(policy *driver.WritePolicy, key *driver.Key) (bool, error) {
	if policy == nil {
		policy = &driver.WritePolicy{}
	}
	n, err := e.checkKey(key)
	if err != nil {
		return false, err
	}
	if err := e.checkDurableDelete(policy, key); err != nil {
		return false, err
	}
	nowSec, nowMS := e.now() // runs a due nsup cycle first
	p := n.part(key.Digest)
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.recs[key.Digest]
	if r == nil {
		return false, nil
	}
	if err := checkSetMatch(key, r); err != nil {
		return false, err
	}
	if err := genCheck(policy, key, r.gen); err != nil {
		return false, err
	}
	// delete.c delete_master: the filter after the generation check.
	if err := filterRecord(policy.FilterExp, key, r, nowSec, nowMS); err != nil {
		return false, err
	}
	delete(p.recs, key.Digest)
	return true, nil
}

// Operate applies ops to the record at key atomically, in order, under
// policy, and returns the results of the read ops with the record's header
// after the ops (see driver.Operation and driver.Conn.Operate). When no op
// writes, it is a read and a missing record is KeyNotFoundError. On any
// error the record is left as it was.
func (e *Engine) Operate(policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, error) {
	return e.operate(policy, key, ops, newResults())
}

func (e *Engine) operate(policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation, res *results) (*driver.Record, error) {
	if policy == nil {
		policy = &driver.WritePolicy{}
	}
	n, err := e.checkKey(key)
	if err != nil {
		return nil, err
	}
	if len(ops) == 0 {
		return nil, driver.Errorf(driver.ParameterError, "key %s: no operation", key)
	}
	writes := false
	for i := range ops {
		writes = writes || ops[i].Type.IsWrite()
	}
	if !writes {
		return e.readOps(n, key, ops, res, policy.FilterExp)
	}
	res.writing = true
	// write_master runs write_master_preprocessing (the TTL checks) before
	// write_master_policies (the op checks).
	if err := e.checkTTL(n, key, policy.Expiration); err != nil {
		return nil, err
	}
	plan, err := planOps(policy, key, ops)
	if err != nil {
		return nil, err
	}
	nowSec, nowMS := e.now()
	p := n.part(key.Digest)
	p.mu.Lock()
	defer p.mu.Unlock()

	// write_master: a write that must not create answers NOT_FOUND for a
	// missing or expired record (and leaves an expired one to nsup); any
	// other write "rescues" an expired record as a fresh create.
	old := p.live(key.Digest, nowSec)
	created := old == nil
	if created && plan.mustNotCreate {
		return nil, notFound(key)
	}
	if !created && policy.RecordExists == driver.CreateOnly {
		return nil, driver.Errorf(driver.KeyExistsError, "key %s: record already exists", key)
	}
	// The generation check runs on a created record too, whose generation
	// is 0 (write_master: generation_check after as_record_get_create).
	var oldGen uint16
	if !created {
		oldGen = old.gen
	}
	if err := genCheck(policy, key, oldGen); err != nil {
		return nil, err
	}
	nr := &record{set: key.Set}
	if !created {
		if err := checkSetMatch(key, old); err != nil {
			return nil, err
		}
		// write_master: the filter applies to an existing record, after the
		// generation and set checks.
		if err := filterRecord(policy.FilterExp, key, old, nowSec, nowMS); err != nil {
			return nil, err
		}
		nr.set, nr.voidTime, nr.userKey = old.set, old.voidTime, old.userKey
		// A stored key must match the key a write sends (handle_msg_key,
		// transaction/rw_utils.c: AS_ERR_KEY_MISMATCH).
		if old.userKey != nil && policy.SendKey && key.UserKey != nil && !sameUserKey(old.userKey, key.UserKey) {
			return nil, driver.Errorf(driver.KeyMismatch, "key %s: stored user key %v differs", key, old.userKey)
		}
	}
	if nr.userKey == nil && policy.SendKey && key.UserKey != nil {
		nr.userKey = driver.Clone(key.UserKey)
	}

	// advance_record_version (rw_utils.c): void time from the TTL, then
	// last-update time, then generation, before the bin ops run.
	switch policy.Expiration {
	case driver.TTLDefault:
		nr.voidTime = voidFromTTL(n.cfg.DefaultTTL, nowSec)
	case driver.TTLNever:
		nr.voidTime = 0
	case driver.TTLKeep:
		// write_master converts TTL_DONT_UPDATE to the namespace default
		// for a record being created.
		if created {
			nr.voidTime = voidFromTTL(n.cfg.DefaultTTL, nowSec)
		}
	default:
		nr.voidTime = nowSec + int64(policy.Expiration)
	}
	nr.lut = nowMS
	if !created && old.lut > nowMS {
		nr.lut = old.lut // last-update time never goes backwards (as_record_set_lut)
	}
	nr.gen = oldGen + 1
	if nr.gen == 0 {
		// The generation wraps at 16 bits; 0 is reserved for "none", so it
		// goes to 1 (as_record_increment_generation, base/record_ce.c).
		nr.gen = 1
	}

	bins := driver.Bins{}
	if !created && !plan.replace {
		bins = make(driver.Bins, len(old.bins))
		for k, v := range old.bins {
			bins[k] = v // values are never changed in place
		}
	}
	for i := range ops {
		res.op = i
		if p, isExp := plan.values[i].(*expPlan); isExp {
			// Expression ops see the record as the ops before them left it,
			// with its new metadata (advance_record_version runs first).
			er := evalRecOf(key.Digest, nr, bins, nowSec, nowMS)
			er.stored = old // record_size measures the stored copy (nil: created)
			// key_exists sees the key as stored before the write: the key a
			// write sends is stored after its ops ran (transaction/write.c
			// write_master_apply sets key_stored after the bin ops).
			er.userKey = nil
			if old != nil {
				er.userKey = old.userKey
			}
			var err error
			if ops[i].Type == driver.OpExpRead {
				err = expRead(key, &ops[i], p, &er, res)
			} else {
				err = expWrite(key, &ops[i], p, &er, bins)
			}
			if err != nil {
				return nil, err
			}
			continue
		}
		if err := applyOp(key, bins, &ops[i], plan.values[i], res); err != nil {
			return nil, err
		}
	}

	if len(bins) == 0 {
		// A write that leaves no bin deletes the record; on a record that
		// did not exist it is KEY_NOT_FOUND (write.c write_master_dim /
		// write_master_ssd, as_bin_empty_if_all_tombstones).
		if created || (plan.replace && !e.needsOldBins(key.Namespace, old)) {
			// A replace does not load the old bins (write_master_apply:
			// ignore_record_on_device, so n_old_bins is 0), and a write
			// that leaves no bin with no old bins is AS_ERR_NOT_FOUND: a
			// replace that leaves no bin answers KEY_NOT_FOUND and leaves
			// the record as it was. It loads them when the record is in a
			// secondary index (si_needs_bins, for the index's sake), and
			// then deletes the record as any write leaving no bin does.
			return nil, notFound(key)
		}
		if err := e.checkDurableDelete(policy, key); err != nil {
			return nil, err
		}
		delete(p.recs, key.Digest)
		// Deletes don't return metadata (write_master_bin_ops): generation
		// and void time 0, which the client reads as "never expires".
		return &driver.Record{Key: copyKey(key), Bins: res.bins, Expiration: driver.TTLNever}, nil
	}
	nr.bins = bins
	if size := RecordSize(nr.set, nr.userKey, bins, nr.voidTime != 0); size > n.cfg.MaxRecordSize {
		return nil, driver.Errorf(driver.RecordTooBig, "key %s: record of %d bytes exceeds max-record-size %d", key, size, n.cfg.MaxRecordSize)
	}
	e.store(p, key.Namespace, key.Digest, nr, nowSec, nowMS)
	return &driver.Record{Key: copyKey(key), Bins: res.bins, Generation: uint32(nr.gen), Expiration: nr.ttl(nowSec)}, nil
}

func policyTTL(p *driver.WritePolicy) uint32 {
	if p == nil {
		return driver.TTLDefault
	}
	return p.Expiration
}

func voidFromTTL(ttl uint32, nowSec int64) int64 {
	if ttl == 0 {
		return 0
	}
	return nowSec + int64(ttl)
}

// checkTTL applies the server's TTL checks of write_master_preprocessing:
// an out-of-range TTL is ParameterError (is_valid_ttl), a finite TTL in a
// namespace that forbids them is FailForbidden (is_ttl_disallowed).
func (e *Engine) checkTTL(n *namespace, key *driver.Key, ttl uint32) error {
	if ttl > MaxTTL && ttl != driver.TTLNever && ttl != driver.TTLKeep {
		return driver.Errorf(driver.ParameterError, "key %s: TTL %d exceeds %d seconds", key, ttl, MaxTTL)
	}
	finite := int32(ttl) > 0 || (ttl == driver.TTLDefault && n.cfg.DefaultTTL != 0)
	if finite && n.cfg.ForbidTTL {
		return driver.Errorf(driver.FailForbidden, "key %s: namespace %q forbids TTLs (nsup-period 0 without allow-ttl-without-nsup)", key, n.cfg.Name)
	}
	return nil
}

// genCheck is the server's generation_check (transaction/rw_utils.c): GenEqual
// needs the record's generation to equal the policy's, GenGreater needs the
// policy's to be greater. A missing record has generation 0.
func genCheck(policy *driver.WritePolicy, key *driver.Key, gen uint16) error {
	switch policy.GenerationPolicy {
	case driver.GenEqual:
		if uint32(gen) != policy.Generation {
			return driver.Errorf(driver.GenerationError, "key %s: generation is %d, expected %d", key, gen, policy.Generation)
		}
	case driver.GenGreater:
		if uint32(gen) >= policy.Generation {
			return driver.Errorf(driver.GenerationError, "key %s: generation is %d, not below %d", key, gen, policy.Generation)
		}
	}
	return nil
}

func sameUserKey(a, b any) bool {
	switch x := a.(type) {
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	default:
		return a == b
	}
}

func notFound(key *driver.Key) error {
	return driver.Errorf(driver.KeyNotFoundError, "key %s: record not found", key)
}

// readOps runs an operate whose ops all read: it is a read transaction
// (transaction/read.c read_local), so a missing record is KeyNotFoundError.
// The client sends such an operate with the GET_ALL flag when one op reads
// every bin (operate_args.go), and read_local then answers every bin once
// and ignores the ops: mixing a read of every bin with named reads, or
// several reads of every bin, is no error here (it is in a write, see
// planOps). With only header reads the client sets GET_NO_BINS and the
// reply has no bin.
func (e *Engine) readOps(n *namespace, key *driver.Key, ops []driver.Operation, res *results, filter driver.Expression) (*driver.Record, error) {
	readAll, headerOnly := false, true
	var progs map[int]*expPlan
	for i := range ops {
		switch ops[i].Type {
		case driver.OpRead:
			headerOnly = false
			if ops[i].Bin == "" {
				readAll = true
			}
		case driver.OpExpRead:
			// The name is checked with the message (BIN_NAME); the
			// expression is built once the record is found and passes the
			// filter (read.c read_local, expop.c as_exp_read_tr): on a
			// missing record a bad expression is KEY_NOT_FOUND_ERROR.
			headerOnly = false
			if err := checkBinName(key, ops[i].Bin); err != nil {
				return nil, err
			}
		case driver.OpReadHeader:
		case driver.OpCDTRead, driver.OpBitRead, driver.OpHLLRead:
			headerOnly = false
		default:
			// read_local: "unexpected bin op" is AS_ERR_PARAMETER.
			return nil, driver.Errorf(driver.ParameterError, "key %s: operation %d has unknown type %s", key, i, ops[i].Type)
		}
	}
	if !readAll && !headerOnly {
		// read_local checks the name of every op when it reads named bins
		// (as_bin_name_check: AS_ERR_BIN_NAME).
		for i := range ops {
			if ops[i].Type == driver.OpRead || ops[i].Type == driver.OpCDTRead || ops[i].Type == driver.OpBitRead || ops[i].Type == driver.OpHLLRead {
				if err := checkBinName(key, ops[i].Bin); err != nil {
					return nil, err
				}
			}
		}
	}
	nowSec, nowMS := e.now()
	p := n.part(key.Digest)
	p.mu.RLock()
	defer p.mu.RUnlock()
	r := p.live(key.Digest, nowSec)
	if r == nil {
		return nil, notFound(key)
	}
	if err := checkSetMatch(key, r); err != nil {
		return nil, err
	}
	if err := filterRecord(filter, key, r, nowSec, nowMS); err != nil {
		return nil, err
	}
	for i := range ops {
		if ops[i].Type == driver.OpExpRead {
			p, err := planExpOp(key, &ops[i])
			if err != nil {
				return nil, err
			}
			if progs == nil {
				progs = map[int]*expPlan{}
			}
			progs[i] = p
		}
	}
	rec := r.header(key, nowSec)
	switch {
	case headerOnly:
	case readAll:
		rec.Bins = driver.CloneBins(r.bins)
	default:
		er := evalRecOf(key.Digest, r, r.bins, nowSec, nowMS)
		for i := range ops {
			res.op = i
			switch op := &ops[i]; op.Type {
			case driver.OpRead:
				if bv, ok := r.bins[op.Bin]; ok {
					res.add(op.Bin, driver.Clone(bv))
				}
			case driver.OpCDTRead:
				if err := applyCDT(key, r.bins, op, res); err != nil {
					return nil, err
				}
			case driver.OpBitRead:
				if err := applyBit(key, r.bins, op, res); err != nil {
					return nil, err
				}
			case driver.OpHLLRead:
				if err := applyHLL(key, r.bins, op, res); err != nil {
					return nil, err
				}
			case driver.OpExpRead:
				if err := expRead(key, op, progs[i], &er, res); err != nil {
					return nil, err
				}
			}
		}
		rec.Bins = res.bins
	}
	return rec, nil
}
