package aerospike

import (
	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
)

// hllToClient translates an hll.Op into the client's HLL operation
// (hll_operation.go). The op must have the shape its builder gives it: the
// client builds every operation with all of its arguments.
func hllToClient(dop driver.Operation) (*as.Operation, error) {
	var op hll.Op
	switch v := dop.Value.(type) {
	case hll.Op:
		op = v
	case *hll.Op:
		if v != nil {
			op = *v
		}
	default:
		return nil, driver.Errorf(driver.ParameterError, "bin %q: %s operation holds a %T, want an hll.Op", dop.Bin, dop.Type, dop.Value)
	}
	if err := op.Err(); err != nil {
		return nil, driver.Errorf(driver.ParameterError, "%v", err)
	}
	if op.Bin != dop.Bin {
		return nil, driver.Errorf(driver.ParameterError, "operation on bin %q sent for bin %q", op.Bin, dop.Bin)
	}
	if op.IsWrite() != (dop.Type == driver.OpHLLModify) {
		return nil, driver.Errorf(driver.ParameterError, "bin %q: %s sent as %s", op.Bin, op.Code, dop.Type)
	}
	a := &hllArgs{op: op}
	var o *as.Operation
	switch op.Code {
	case hll.OpInit:
		if a.want(3) {
			o = as.HLLInitOp(as.NewHLLPolicy(a.int(2)), op.Bin, a.int(0), a.int(1))
		}
	case hll.OpAdd:
		if a.want(4) {
			o = as.HLLAddOp(as.NewHLLPolicy(a.int(3)), op.Bin, a.values(0), a.int(1), a.int(2))
		}
	case hll.OpSetUnion:
		if a.want(2) {
			o = as.HLLSetUnionOp(as.NewHLLPolicy(a.int(1)), op.Bin, a.hlls(0))
		}
	case hll.OpRefreshCount:
		if a.want(0) {
			o = as.HLLRefreshCountOp(op.Bin)
		}
	case hll.OpFold:
		if a.want(1) {
			o = as.HLLFoldOp(op.Bin, a.int(0))
		}
	case hll.OpGetCount:
		if a.want(0) {
			o = as.HLLGetCountOp(op.Bin)
		}
	case hll.OpGetUnion:
		if a.want(1) {
			o = as.HLLGetUnionOp(op.Bin, a.hlls(0))
		}
	case hll.OpGetUnionCount:
		if a.want(1) {
			o = as.HLLGetUnionCountOp(op.Bin, a.hlls(0))
		}
	case hll.OpGetIntersectCount:
		if a.want(1) {
			o = as.HLLGetIntersectCountOp(op.Bin, a.hlls(0))
		}
	case hll.OpGetSimilarity:
		if a.want(1) {
			o = as.HLLGetSimilarityOp(op.Bin, a.hlls(0))
		}
	case hll.OpDescribe:
		if a.want(0) {
			o = as.HLLDescribeOp(op.Bin)
		}
	default:
		return nil, driver.Errorf(driver.ParameterError, "bin %q: operation %s has no client v8 form", op.Bin, op.Code)
	}
	if a.err != nil {
		return nil, a.err
	}
	return o, nil
}

// hllArgs reads an hll.Op's arguments, recording the first that is not of
// the kind its position needs.
type hllArgs struct {
	op  hll.Op
	err error
}

func (a *hllArgs) bad(format string, args ...any) {
	if a.err == nil {
		a.err = driver.Errorf(driver.ParameterError, "bin %q: %s: "+format, append([]any{a.op.Bin, a.op.Code}, args...)...)
	}
}

func (a *hllArgs) want(n int) bool {
	if len(a.op.Args) != n {
		a.bad("%d arguments, the client sends %d", len(a.op.Args), n)
		return false
	}
	return true
}

func (a *hllArgs) int(i int) int {
	n, ok := a.op.Args[i].(int64)
	if !ok {
		a.bad("argument %d is a %T, want an integer", i+1, a.op.Args[i])
	}
	return int(n)
}

func (a *hllArgs) values(i int) []as.Value {
	l, ok := a.op.Args[i].([]any)
	if !ok {
		a.bad("argument %d is a %T, want a list of values", i+1, a.op.Args[i])
		return nil
	}
	out := make([]as.Value, len(l))
	for j, e := range l {
		out[j] = as.NewValue(clientArg(e))
	}
	return out
}

func (a *hllArgs) hlls(i int) []as.HLLValue {
	l, ok := a.op.Args[i].([]any)
	if !ok {
		a.bad("argument %d is a %T, want a list of HLLs", i+1, a.op.Args[i])
		return nil
	}
	out := make([]as.HLLValue, len(l))
	for j, e := range l {
		h, ok := e.(hll.HLL)
		if !ok {
			a.bad("HLL %d is a %T", j, e)
			return nil
		}
		out[j] = as.HLLValue(h)
	}
	return out
}
