package aero

import (
	"fmt"
	"time"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/mapper"
)

// OperateResult is the outcome of an Operate (Session.Operate, Repo.Operate)
// or of one write of a batch (BatchResult.Result): the result of each op, in
// op order, read with typed accessors that take the op's index, and the
// record's key, generation and TTL after the call.
//
//	res, err := s.Operate(ctx, key, []aero.Op{
//		cdt.ListGetByValue("counts", 6, cdt.ReturnIndex).Operation(), // op 0
//		cdt.ListGetByIndex("counts", 2, cdt.ReturnValue).Operation(), // op 1
//	})
//	idx, err := res.List(0)
//	third, err := res.Int(1)
//
// The ops that have a result are reads of a named bin (GetOp), the list and
// map operations of package cdt, the bit and HLL reads, the HLL modify
// operations and expression reads (driver.Operation.Answers); a read of every
// bin (GetAllOp) has the record's bins as its result, a Bins. Writes (PutOp,
// AddOp, AppendOp, PrependOp, TouchOp, DeleteOp, GetHeaderOp, expression
// writes, bit modifies) have none: asking for theirs is an error. A result
// can be empty (nil): a GetOp of a bin the record does not have, a list op
// with nothing to return; Value returns it as nil, the typed accessors as an
// error.
//
// Every error is an *Error naming the op's index, the op and its bin, and
// the type wanted and found; a result of another type matches ErrDecode, an
// index out of range or an op without a result ErrInvalidArgument. The
// accessors never panic.
type OperateResult struct {
	// Key names the record; Key.Digest is always set.
	Key Key
	// Generation counts the writes to the record after the call.
	Generation uint32
	// TTL is the remaining time to live after the call, or NeverExpire.
	TTL time.Duration

	ops  []Op
	vals []any
	// bad is the error of an op whose results the backend did not lay out
	// as driver.Operation says (nil when every op's result was found).
	bad map[int]error
	dk  *driver.Key
}

// newOperateResult matches the results of a driver Operate to its ops: a
// bin that one answering op targets holds that op's result; a bin that
// several target holds a []any with one entry per op, in op order (the
// drivers ask for an answer per op then, driver.SharesResultBin); a read of
// every bin answers the bins.
func newOperateResult(ops []Op, r *driver.Record, dk *driver.Key) *OperateResult {
	res := &OperateResult{ops: ops, vals: make([]any, len(ops)), Generation: r.Generation, TTL: ttlOf(r.Expiration)}
	if r.Key != nil && (r.Key.UserKey != nil || dk == nil) {
		dk = r.Key
	}
	if dk != nil {
		res.Key, res.dk = keyOf(dk), dk
	}
	readAll := false
	for _, op := range ops {
		if op.Type == driver.OpRead && op.Bin == "" {
			readAll = true
		}
	}
	for i, op := range ops {
		switch {
		case op.Type == driver.OpRead && op.Bin == "":
			bins := r.Bins
			if bins == nil {
				bins = Bins{}
			}
			res.vals[i] = bins
			continue
		case !op.Answers():
			continue
		}
		v, ok := r.Bins[op.Bin]
		// j is the op's place among the answering ops on its bin, n their
		// number (ops are few: two scans cost less than two maps).
		j, n := 0, 0
		for k, o := range ops {
			if o.Bin == op.Bin && o.Answers() {
				if k < i {
					j++
				}
				n++
			}
		}
		if !ok || n == 1 || readAll {
			// A read of every bin answers each bin once, which the named
			// reads of a read-only Operate see (read.c read_local).
			res.vals[i] = v
			continue
		}
		if l, isList := v.([]any); isList && len(l) == n {
			res.vals[i] = l[j]
			continue
		}
		if res.bad == nil {
			res.bad = map[int]error{}
		}
		res.bad[i] = fmt.Errorf("bin %q answered %s for %d ops, not a list of one result per op", op.Bin, typeName(v), n)
	}
	return res
}

// Len returns the number of ops.
func (r *OperateResult) Len() int {
	if r == nil {
		return 0
	}
	return len(r.ops)
}

// Op returns op i of the slice given to Operate (the zero Op when i is out
// of range). The result keeps that slice, not a copy: change it after the
// call and Op, and the errors that name an op, see the change.
func (r *OperateResult) Op(i int) Op {
	if r == nil || i < 0 || i >= len(r.ops) {
		return Op{}
	}
	return r.ops[i]
}

// Value returns the result of op i as the backend returned it: nil for an
// empty result, a Bins for GetAllOp, else one of the value types of
// driver.Bins (int64, float64, string, []byte, bool, []any, map[any]any...).
func (r *OperateResult) Value(i int) (any, error) {
	if r == nil {
		return nil, invalidArgument(CmdOperate, "", "", fmt.Errorf("op %d: no result (nil OperateResult)", i))
	}
	if i < 0 || i >= len(r.ops) {
		return nil, r.invalid(fmt.Errorf("op %d: out of range (%d ops)", i, len(r.ops)))
	}
	op := r.ops[i]
	if !op.Answers() && !(op.Type == driver.OpRead && op.Bin == "") {
		return nil, r.invalid(fmt.Errorf("op %d (%s): has no result (only reads and list, map, bit and HLL ops do)", i, opText(op)))
	}
	if err := r.bad[i]; err != nil {
		return nil, decodeError(CmdOperate, r.Key.Namespace, r.Key.Set, r.dk, fmt.Errorf("op %d (%s): %w", i, opText(op), err))
	}
	return r.vals[i], nil
}

// Int returns the result of op i, an integer (a count, a size, an index, an
// integer bin).
func (r *OperateResult) Int(i int) (int64, error) {
	return typed(r, i, "int64", func(v any) (int64, bool) {
		switch x := v.(type) {
		case int64:
			return x, true
		case int:
			return int64(x), true
		case int32:
			return int64(x), true
		}
		return 0, false
	})
}

// Float returns the result of op i, a float.
func (r *OperateResult) Float(i int) (float64, error) {
	return typed(r, i, "float64", func(v any) (float64, bool) {
		switch x := v.(type) {
		case float64:
			return x, true
		case float32:
			return float64(x), true
		}
		return 0, false
	})
}

// String returns the result of op i, a string.
func (r *OperateResult) String(i int) (string, error) {
	return typed(r, i, "string", func(v any) (string, bool) { s, ok := v.(string); return s, ok })
}

// Bool returns the result of op i, a bool (a ReturnExists, a bool bin).
func (r *OperateResult) Bool(i int) (bool, error) {
	return typed(r, i, "bool", func(v any) (bool, bool) { b, ok := v.(bool); return b, ok })
}

// Bytes returns the result of op i, a blob.
func (r *OperateResult) Bytes(i int) ([]byte, error) {
	return typed(r, i, "[]byte", func(v any) ([]byte, bool) { b, ok := v.([]byte); return b, ok })
}

// List returns the result of op i, a list (values, indexes, ranks...).
func (r *OperateResult) List(i int) ([]any, error) {
	return typed(r, i, "[]any", func(v any) ([]any, bool) { l, ok := v.([]any); return l, ok })
}

// Map returns the result of op i, a map.
func (r *OperateResult) Map(i int) (map[any]any, error) {
	return typed(r, i, "map[any]any", func(v any) (map[any]any, bool) { m, ok := v.(map[any]any); return m, ok })
}

// Bins returns the result of GetAllOp at index i: the record's bins.
func (r *OperateResult) Bins(i int) (Bins, error) {
	return typed(r, i, "Bins", func(v any) (Bins, bool) { b, ok := v.(Bins); return b, ok })
}

// Decode stores the result of op i into the variable out points to, as the
// mapper decodes a field of that type: a list of maps into a []Address, a
// list into a []string, a count into an int, the bins of GetAllOp into a
// struct. An empty result stores out's zero value.
func (r *OperateResult) Decode(i int, out any) error {
	v, err := r.Value(i)
	if err != nil {
		return err
	}
	if err := mapper.DecodeValue(v, out); err != nil {
		return decodeError(CmdOperate, r.Key.Namespace, r.Key.Set, r.dk, fmt.Errorf("op %d (%s): %w", i, opText(r.ops[i]), err))
	}
	return nil
}

// typed returns the result of op i as a T, through as; an empty result or
// one of another type is an error naming the op and both types.
func typed[T any](r *OperateResult, i int, want string, as func(any) (T, bool)) (T, error) {
	var zero T
	v, err := r.Value(i)
	if err != nil {
		return zero, err
	}
	if t, ok := as(v); ok {
		return t, nil
	}
	what := "got " + typeName(v)
	if v == nil {
		what = "empty result (nil)"
	}
	return zero, decodeError(CmdOperate, r.Key.Namespace, r.Key.Set, r.dk, fmt.Errorf("op %d (%s): %s, want %s", i, opText(r.ops[i]), what, want))
}

func (r *OperateResult) invalid(err error) *Error {
	e := invalidArgument(CmdOperate, r.Key.Namespace, r.Key.Set, err)
	if r.dk != nil {
		e.Key, e.dkey = keyString(r.dk), r.dk.String()
	}
	return e
}

// opText names an op and its bin for an error.
func opText(op Op) string {
	if op.Bin == "" {
		return op.Type.String()
	}
	name := op.Type.String()
	switch c := op.Value.(type) {
	case cdt.Op:
		name = c.Code.String()
	case *cdt.Op:
		if c != nil {
			name = c.Code.String()
		}
	}
	return fmt.Sprintf("%s on bin %q", name, op.Bin)
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", v)
}
