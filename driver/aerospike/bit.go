package aerospike

import (
	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/opspec"
)

// bitToClient translates a bit operation (package bitop) to the client's
// BitXxxOp. The client's builders take typed arguments and always send the
// optional ones (as zeros, the server's defaults), so an argument of
// another type, or a count of arguments no builder sends, cannot be sent:
// ParameterError, which the server would answer too (particle_blob.c
// bits_parse_op).
func bitToClient(dop driver.Operation) (*as.Operation, error) {
	var op bitop.Op
	switch v := dop.Value.(type) {
	case bitop.Op:
		op = v
	case *bitop.Op:
		if v == nil {
			return nil, driver.Errorf(driver.ParameterError, "bin %q: nil bit operation", dop.Bin)
		}
		op = *v
	default:
		return nil, driver.Errorf(driver.ParameterError, "bin %q: %s operation holds a %T, want a bitop.Op", dop.Bin, dop.Type, dop.Value)
	}
	if op.Bin != dop.Bin {
		return nil, driver.Errorf(driver.ParameterError, "operation on bin %q sent for bin %q", op.Bin, dop.Bin)
	}
	spec, ok := opspec.BitOf(int(op.Code))
	if !ok || spec.Modify != (dop.Type == driver.OpBitModify) {
		return nil, driver.Errorf(driver.ParameterError, "bin %q: operation code %d sent as %s", op.Bin, int(op.Code), dop.Type)
	}
	if n := len(op.Args); n < spec.Min || n > len(spec.Params) {
		return nil, driver.Errorf(driver.ParameterError, "bin %q: %s with %d arguments, want %d to %d", op.Bin, op.Code, n, spec.Min, len(spec.Params))
	}
	a := bitArgs{op: op}
	for i, p := range spec.Params[:len(op.Args)] {
		var good bool
		switch p {
		case opspec.BitBuf:
			_, good = op.Args[i].([]byte)
		case opspec.BitBool:
			_, good = op.Args[i].(bool)
		default:
			_, good = op.Args[i].(int64)
		}
		if !good {
			return nil, driver.Errorf(driver.ParameterError, "bin %q: %s argument %d is a %T", op.Bin, op.Code, i+1, op.Args[i])
		}
	}
	bin := op.Bin
	switch op.Code {
	case bitop.OpResize:
		return as.BitResizeOp(a.policy(1), bin, a.int(0), as.BitResizeFlags(a.int(2))), nil
	case bitop.OpInsert:
		return as.BitInsertOp(a.policy(2), bin, a.int(0), a.buf(1)), nil
	case bitop.OpRemove:
		return as.BitRemoveOp(a.policy(2), bin, a.int(0), a.int(1)), nil
	case bitop.OpSet:
		return as.BitSetOp(a.policy(3), bin, a.int(0), a.int(1), a.buf(2)), nil
	case bitop.OpOr:
		return as.BitOrOp(a.policy(3), bin, a.int(0), a.int(1), a.buf(2)), nil
	case bitop.OpXor:
		return as.BitXorOp(a.policy(3), bin, a.int(0), a.int(1), a.buf(2)), nil
	case bitop.OpAnd:
		return as.BitAndOp(a.policy(3), bin, a.int(0), a.int(1), a.buf(2)), nil
	case bitop.OpNot:
		return as.BitNotOp(a.policy(2), bin, a.int(0), a.int(1)), nil
	case bitop.OpLShift:
		return as.BitLShiftOp(a.policy(3), bin, a.int(0), a.int(1), a.int(2)), nil
	case bitop.OpRShift:
		return as.BitRShiftOp(a.policy(3), bin, a.int(0), a.int(1), a.int(2)), nil
	case bitop.OpAdd, bitop.OpSubtract:
		f := a.int(4)
		signed, action := f&bitop.Signed != 0, as.BitOverflowAction(f&^bitop.Signed)
		if op.Code == bitop.OpAdd {
			return as.BitAddOp(a.policy(3), bin, a.int(0), a.int(1), a.i64(2), signed, action), nil
		}
		return as.BitSubtractOp(a.policy(3), bin, a.int(0), a.int(1), a.i64(2), signed, action), nil
	case bitop.OpSetInt:
		return as.BitSetIntOp(a.policy(3), bin, a.int(0), a.int(1), a.i64(2)), nil
	case bitop.OpGet:
		return as.BitGetOp(bin, a.int(0), a.int(1)), nil
	case bitop.OpCount:
		return as.BitCountOp(bin, a.int(0), a.int(1)), nil
	case bitop.OpLScan:
		return as.BitLScanOp(bin, a.int(0), a.int(1), op.Args[2].(bool)), nil
	case bitop.OpRScan:
		return as.BitRScanOp(bin, a.int(0), a.int(1), op.Args[2].(bool)), nil
	case bitop.OpGetInt:
		if len(op.Args) == 3 && a.int(2) != 0 && a.int(2) != bitop.Signed {
			// BitGetIntOp sends the signed flag or nothing.
			return nil, driver.Errorf(driver.ParameterError, "bin %q: %s with invalid flags 0x%x", bin, op.Code, a.int(2))
		}
		return as.BitGetIntOp(bin, a.int(0), a.int(1), a.int(2) == bitop.Signed), nil
	}
	return nil, driver.Errorf(driver.ParameterError, "bin %q: operation %s has no client v8 form", bin, op.Code)
}

// bitArgs reads the arguments of a checked bit operation; an optional one
// not sent reads as zero, the server's default.
type bitArgs struct{ op bitop.Op }

func (a bitArgs) i64(i int) int64 {
	if i >= len(a.op.Args) {
		return 0
	}
	return a.op.Args[i].(int64)
}

func (a bitArgs) int(i int) int { return int(a.i64(i)) }

func (a bitArgs) buf(i int) []byte { return a.op.Args[i].([]byte) }

func (a bitArgs) policy(i int) *as.BitPolicy { return as.NewBitPolicy(a.int(i)) }
