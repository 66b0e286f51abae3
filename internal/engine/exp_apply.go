package engine

import "github.com/aerokit/aero/driver"

// Where expressions apply, as the server's transactions apply them:
//
//   - A filter is evaluated on an existing, live record only
//     (transaction/rw_utils.c handle_meta_filter and read_and_filter_bins,
//     called by read.c read_local, write.c write_master and delete.c
//     delete_master once the record is found): a missing record is
//     KEY_NOT_FOUND for a read or a touch, a delete of nothing, and a write
//     that creates the record does not evaluate the filter at all, nor even
//     parse it.
//   - A record the filter does not match is FILTERED_OUT (27).
//   - A malformed filter, or one that does not return a boolean
//     (exp.c check_filter_exp), is PARAMETER_ERROR.

// evalRecOf describes record r at key for the evaluator, with bins as the
// bins it reads.
func evalRecOf(d driver.Digest, r *record, bins driver.Bins, nowSec, nowMS int64) evalRec {
	return evalRec{
		digest: d, set: r.set, bins: bins, voidTime: r.voidTime, lut: r.lut,
		userKey: r.userKey, nowSec: nowSec, nowMS: nowMS, stored: r,
	}
}

// filterRecord applies filter x to the live record r at key.
func filterRecord(x driver.Expression, key *driver.Key, r *record, nowSec, nowMS int64) error {
	if x == nil {
		return nil
	}
	p, err := buildFilter(x)
	if err != nil {
		return err
	}
	er := evalRecOf(key.Digest, r, r.bins, nowSec, nowMS)
	if !p.matches(&er) {
		return driver.Errorf(driver.FilteredOut, "key %s: filter %s", key, p.root)
	}
	return nil
}

// CheckFilter checks a filter expression without a record, as a scan or
// query does before it starts (query.c: a filter that does not build fails
// the whole request with PARAMETER_ERROR). Nil is valid.
func (e *Engine) CheckFilter(x driver.Expression) error {
	if x == nil {
		return nil
	}
	_, err := buildFilter(x)
	return err
}

// GetWhere is Get with a filter expression: a live record that filter does
// not match is FilteredOut; a missing one is KeyNotFoundError whatever the
// filter.
func (e *Engine) GetWhere(key *driver.Key, bins []string, headerOnly bool, filter driver.Expression) (*driver.Record, error) {
	return e.get(key, bins, headerOnly, filter)
}

// ExistsWhere is Exists with a filter expression: a live record that filter
// does not match is FilteredOut; a missing one is (false, nil).
func (e *Engine) ExistsWhere(key *driver.Key, filter driver.Expression) (bool, error) {
	return e.exists(key, filter)
}

// BatchWhere is Batch with the batch policy's filter expression, which
// applies to every entry that has no filter of its own (BatchRecord.
// FilterExp, then a write entry's Policy.FilterExp). Each entry filtered
// out gets FilteredOut in Err, as the server answers per record (base/
// batch.c).
func (e *Engine) BatchWhere(records []*driver.BatchRecord, filter driver.Expression) {
	e.batch(records, filter)
}

// entryFilter returns the filter of one batch entry: its own, then its
// write policy's, then the batch's.
func entryFilter(br *driver.BatchRecord, batch driver.Expression) driver.Expression {
	if br.FilterExp != nil {
		return br.FilterExp
	}
	if br.Policy != nil && br.Policy.FilterExp != nil {
		return br.Policy.FilterExp
	}
	return batch
}

// BatchWritePolicy is the write policy a batch write entry runs under: its
// own policy with the filter that applies to it (the entry's, else its
// policy's, else the batch's), for doors that run an entry through Operate.
func BatchWritePolicy(br *driver.BatchRecord, batch driver.Expression) *driver.WritePolicy {
	return withFilter(br.Policy, entryFilter(br, batch))
}

// withFilter returns policy with FilterExp set to f (a copy when it
// changes).
func withFilter(policy *driver.WritePolicy, f driver.Expression) *driver.WritePolicy {
	if policy == nil {
		policy = &driver.WritePolicy{}
	}
	if policy.FilterExp == f {
		return policy
	}
	c := *policy
	c.FilterExp = f
	return &c
}

// expPlan is an expression operation checked before the record is
// touched, with the error of its expression if it does not build.
type expPlan struct {
	prog program
	err  error
}

// planExpOp checks an expression operation's bin name before the record is
// touched. Its flags and its expression are checked where the op runs, in
// the order of the ops and after the record's checks (generation, filter),
// as the server parses them (expop.c as_exp_modify_tr and as_exp_read_tr
// call as_exp_op_parse when the op is applied: invalid flags and an
// expression that does not build, exp.c build_*, are PARAMETER_ERROR
// then); the error is kept in the plan.
func planExpOp(key *driver.Key, op *driver.Operation) (*expPlan, error) {
	if err := checkBinName(key, op.Bin); err != nil {
		return nil, err
	}
	p, err := planExp(key, op)
	return &expPlan{prog: p, err: err}, nil
}

func planExp(key *driver.Key, op *driver.Operation) (program, error) {
	x, ok := op.Value.(driver.Expression)
	if !ok || x == nil {
		return program{}, driver.Errorf(driver.ParameterError, "key %s: %s on bin %q: value of type %T is not an expression", key, op.Type, op.Bin, op.Value)
	}
	valid := driver.ExpReadEvalNoFail
	if op.Type == driver.OpExpWrite {
		valid = driver.ExpWriteCreateOnly | driver.ExpWriteUpdateOnly | driver.ExpWriteAllowDelete | driver.ExpWritePolicyNoFail | driver.ExpWriteEvalNoFail
	}
	if op.ExpFlags&^valid != 0 {
		return program{}, driver.Errorf(driver.ParameterError, "key %s: %s on bin %q: invalid flags 0x%x", key, op.Type, op.Bin, uint32(op.ExpFlags))
	}
	return buildProgram(x)
}

// expRead evaluates a read expression (expop.c as_exp_read_tr): its value
// is returned under the op's name; a failed evaluation is
// OP_NOT_APPLICABLE, or no value with ExpReadEvalNoFail.
func expRead(key *driver.Key, op *driver.Operation, ep *expPlan, er *evalRec, res *results) error {
	if ep.err != nil {
		return ep.err
	}
	p := &ep.prog
	v, ok := p.value(er)
	if !ok {
		if op.ExpFlags&driver.ExpReadEvalNoFail != 0 {
			return nil
		}
		return driver.Errorf(driver.OPNotApplicable, "key %s: read expression %q (%s) failed to evaluate", key, op.Bin, p.root)
	}
	res.add(op.Bin, v)
	return nil
}

// expWrite evaluates a write expression into bins (expop.c
// as_exp_modify_tr), with its flags: CreateOnly on a live bin is
// BIN_EXISTS_ERROR, UpdateOnly on a missing one BIN_NOT_FOUND (both no-ops
// with PolicyNoFail); a failed evaluation is OP_NOT_APPLICABLE (a no-op
// with EvalNoFail); a nil value deletes the bin with AllowDelete and is
// OP_NOT_APPLICABLE on a live bin without it.
func expWrite(key *driver.Key, op *driver.Operation, ep *expPlan, er *evalRec, bins driver.Bins) error {
	if ep.err != nil {
		return ep.err // as_exp_modify_tr parses before its bin checks
	}
	p := &ep.prog
	f := op.ExpFlags
	_, live := bins[op.Bin]
	switch {
	case live && f&driver.ExpWriteCreateOnly != 0:
		if f&driver.ExpWritePolicyNoFail != 0 {
			return nil
		}
		return driver.Errorf(driver.BinExistsError, "key %s: write expression: bin %q exists", key, op.Bin)
	case !live && f&driver.ExpWriteUpdateOnly != 0:
		if f&driver.ExpWritePolicyNoFail != 0 {
			return nil
		}
		return driver.Errorf(driver.BinNotFound, "key %s: write expression: bin %q does not exist", key, op.Bin)
	}
	v, ok := p.value(er)
	if !ok {
		if f&driver.ExpWriteEvalNoFail != 0 {
			if g, isGeo := v.(driver.GeoJSON); isGeo {
				// exp.c as_exp_eval RT_GEO_CONST: a region it cannot
				// cover fails the evaluation after the bin got its
				// cell-less particle, which EvalNoFail keeps (checked
				// against server 8.1.2, drivertest GeoExpressionWrite).
				bins[op.Bin] = g
			}
			return nil
		}
		return driver.Errorf(driver.OPNotApplicable, "key %s: write expression on bin %q (%s) failed to evaluate", key, op.Bin, p.root)
	}
	if v != nil {
		bins[op.Bin] = v
		return nil
	}
	if !live {
		return nil
	}
	if f&driver.ExpWriteAllowDelete == 0 {
		// as_exp_modify_tr tests `flags && AS_EXP_FLAG_POLICY_NO_FAIL != 0`,
		// which is true for any non-zero flags: with any flag set the
		// refused delete is a no-op.
		if f != 0 {
			return nil
		}
		return driver.Errorf(driver.OPNotApplicable, "key %s: write expression would delete bin %q (no AllowDelete)", key, op.Bin)
	}
	delete(bins, op.Bin)
	return nil
}
