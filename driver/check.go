package driver

import (
	"strings"
	"time"
)

// Checks a driver makes on a request before sending it. The server accepts
// some requests that no application means (an add of a string creates a
// string bin, the server says: particle.c "all operations become creates if
// there's no existing particle"); the Aerospike driver rejects them on the
// client side, and the memory driver makes the same checks, so that both
// backends answer alike. The engine behind the test server does not: it
// answers as a server does.

// CheckOps validates the operations of an Operate or a batch write: write
// ops name their bin; ADD carries an integer or a float; APPEND and PREPEND
// carry a string or []byte; the op type is known; an op whose value has a
// Hazard method (cdt.Op) reports no hazard. The error is
// ParameterError naming the operation's position, type and bin.
func CheckOps(ops []Operation) error {
	if len(ops) == 0 {
		return NewError(ParameterError, "no operations")
	}
	for i, op := range ops {
		switch op.Type {
		case OpRead, OpReadHeader, OpTouch, OpDelete:
			continue
		case OpWrite, OpAdd, OpAppend, OpPrepend, OpCDTRead, OpCDTModify, OpBitRead, OpBitModify, OpHLLRead, OpHLLModify:
		case OpExpRead, OpExpWrite:
			if err := checkExpOp(i, op); err != nil {
				return err
			}
			continue
		default:
			return Errorf(ParameterError, "operation %d has unknown type %s", i, op.Type)
		}
		if op.Bin == "" {
			return Errorf(ParameterError, "operation %d (%s) has no bin name", i, op.Type)
		}
		if h, ok := op.Value.(interface{ Hazard() error }); ok {
			// An input known to crash a real server (package cdt, "Inputs
			// that crash a server") is refused by every backend.
			if err := h.Hazard(); err != nil {
				return Errorf(ParameterError, "operation %d (%s) on bin %q: %v", i, op.Type, op.Bin, err)
			}
		}
		switch op.Type {
		case OpAdd:
			v, err := Normalize(op.Value)
			if _, isInt := v.(int64); err != nil || !isInt {
				if _, isFloat := v.(float64); err != nil || !isFloat {
					return Errorf(ParameterError, "operation %d (ADD) on bin %q: value of type %T is not an integer or float", i, op.Bin, op.Value)
				}
			}
		case OpAppend, OpPrepend:
			switch op.Value.(type) {
			case string, []byte:
			default:
				return Errorf(ParameterError, "operation %d (%s) on bin %q: value of type %T is not a string or []byte", i, op.Type, op.Bin, op.Value)
			}
		}
	}
	return nil
}

// CheckExpression validates an expression a request carries (a filter,
// an expression operation, an expression index): one that can tell it
// cannot be packed (a Validate method, as exp.Expr has: a literal the wire
// cannot carry, such as exp.ListVal(make(chan int)), or too deep a
// nesting) is ParameterError. The Aerospike driver cannot send it; the
// memory driver's engine refuses it alike, rather than evaluating a value
// no server could receive.
func CheckExpression(x Expression) error {
	if err := validateExp(x); err != nil {
		return Errorf(ParameterError, "%v", err)
	}
	return nil
}

func validateExp(x Expression) error {
	if v, ok := x.(interface{ Validate() error }); ok {
		return v.Validate()
	}
	return nil
}

// checkExpOp validates an expression operation: a bin name, an Expression
// value that packs (CheckExpression) and flags the server accepts
// (expop.c as_exp_op_parse: INVALID_MODIFY_FLAGS, INVALID_READ_FLAGS).
func checkExpOp(i int, op Operation) error {
	if op.Bin == "" {
		return Errorf(ParameterError, "operation %d (%s) has no bin name", i, op.Type)
	}
	e, ok := op.Value.(Expression)
	if !ok || e == nil {
		return Errorf(ParameterError, "operation %d (%s) on bin %q: value of type %T is not an Expression", i, op.Type, op.Bin, op.Value)
	}
	if err := validateExp(e); err != nil {
		return Errorf(ParameterError, "operation %d (%s) on bin %q: %v", i, op.Type, op.Bin, err)
	}
	valid := ExpReadEvalNoFail
	if op.Type == OpExpWrite {
		valid = ExpWriteCreateOnly | ExpWriteUpdateOnly | ExpWriteAllowDelete | ExpWritePolicyNoFail | ExpWriteEvalNoFail
	}
	if op.ExpFlags&^valid != 0 {
		return Errorf(ParameterError, "operation %d (%s) on bin %q: invalid flags 0x%x", i, op.Type, op.Bin, uint32(op.ExpFlags))
	}
	return nil
}

// CitrusleafEpoch is the origin of the server's clock: 2010-01-01 UTC.
// Void times and last-update times count from it.
var CitrusleafEpoch = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckTruncateBefore validates the time of a Truncate: the zero time (now)
// or a time between the server's epoch and now. The server refuses the
// others with an answer that carries no result code (truncate.c
// as_truncate_cmd: "would-truncate-in-the-future", "would-truncate-to-0"),
// so drivers check first and report ParameterError naming the time.
func CheckTruncateBefore(before, now time.Time) error {
	switch {
	case before.IsZero():
		return nil
	case before.Before(CitrusleafEpoch):
		return Errorf(ParameterError, "truncate: before %s precedes the server's epoch (2010-01-01): no record is that old", before.UTC().Format(time.RFC3339Nano))
	case before.After(now):
		return Errorf(ParameterError, "truncate: before %s is in the future (the server refuses a last-update time past its clock; use the zero time for now)", before.UTC().Format(time.RFC3339Nano))
	}
	return nil
}

// CheckNamespace validates a namespace name as a server can hold one, the
// one check every driver makes before a namespace reaches the wire or an
// engine. The server reads namespace names from its configuration file
// (as/src/base/cfg.c as_config_init: each line is cut at '#', a comment, and
// split into whitespace-delimited tokens; CASE_NAMESPACE_BEGIN passes the
// token to as_namespace_create, base/namespace.c, which asserts it is shorter
// than AS_ID_NAMESPACE_SZ, 32 bytes), and serves them in info replies whose
// separators are ';', ':' and '=' (client partition_parser.go,
// info.go), and as "namespace/NAME" info commands. So a name is 1 to
// MaxNamespaceLen bytes of printable ASCII (no space, control byte, NUL or
// non-ASCII byte) without '#', ';', ':', '=' or '/'. The error is
// ParameterError quoting the name.
func CheckNamespace(ns string) error {
	switch {
	case ns == "":
		return NewError(ParameterError, "namespace is empty")
	case len(ns) > MaxNamespaceLen:
		return Errorf(ParameterError, "namespace %q is %d bytes, longer than %d", ns, len(ns), MaxNamespaceLen)
	}
	for i := 0; i < len(ns); i++ {
		c := ns[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			return Errorf(ParameterError, "namespace %q: byte %d (%#02x) is not printable ASCII (a server namespace name is one configuration token)", ns, i, c)
		case strings.IndexByte("#;:=/", c) >= 0:
			return Errorf(ParameterError, "namespace %q: %q is not allowed in a namespace name", ns, string(c))
		}
	}
	return nil
}
