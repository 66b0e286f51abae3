package exp

import (
	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/internal/exptree"
)

// Bit expressions are calls too (exp.c EXP_CALL with CALL_BITS; client
// exp_bit.go): a bit operation of package bitop applied to the value of a
// blob expression, usually a BlobBin. A read returns the operation's result
// (a blob for BitGet, an integer for the others); a modify applies the
// operation to a copy of the blob and returns the changed blob, leaving
// the record as it is. Offsets, sizes and values are expressions; flags
// are constants, as in the client.

func bitCall(t Type, modify bool, code bitop.OpCode, bin *Expr, params ...*Expr) *Expr {
	e := &Expr{n: tree{Op: exptree.OpCall, Type: t, Value: exptree.Call{Code: cdt.OpCode(code), Modify: modify, Bits: true}}}
	e.n.Args = append(append(e.n.Args, params...), bin)
	return e
}

func flagsVal[T ~int](f T) *Expr { return IntVal(int64(f)) }

// BitResize resizes the blob to byteSize bytes (client ExpBitResize).
func BitResize(flags bitop.WriteFlags, byteSize *Expr, resize bitop.ResizeFlags, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpResize, bin, byteSize, flagsVal(flags), flagsVal(resize))
}

// BitInsert inserts value at byteOffset (client ExpBitInsert).
func BitInsert(flags bitop.WriteFlags, byteOffset, value, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpInsert, bin, byteOffset, value, flagsVal(flags))
}

// BitRemove removes byteSize bytes at byteOffset (client ExpBitRemove).
func BitRemove(flags bitop.WriteFlags, byteOffset, byteSize, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpRemove, bin, byteOffset, byteSize, flagsVal(flags))
}

// BitSet overwrites bitSize bits at bitOffset with value's first bits
// (client ExpBitSet).
func BitSet(flags bitop.WriteFlags, bitOffset, bitSize, value, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpSet, bin, bitOffset, bitSize, value, flagsVal(flags))
}

// BitOr ors bitSize bits at bitOffset with value's first bits (client
// ExpBitOr).
func BitOr(flags bitop.WriteFlags, bitOffset, bitSize, value, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpOr, bin, bitOffset, bitSize, value, flagsVal(flags))
}

// BitXor xors bitSize bits at bitOffset with value's first bits (client
// ExpBitXor).
func BitXor(flags bitop.WriteFlags, bitOffset, bitSize, value, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpXor, bin, bitOffset, bitSize, value, flagsVal(flags))
}

// BitAnd ands bitSize bits at bitOffset with value's first bits (client
// ExpBitAnd).
func BitAnd(flags bitop.WriteFlags, bitOffset, bitSize, value, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpAnd, bin, bitOffset, bitSize, value, flagsVal(flags))
}

// BitNot inverts bitSize bits at bitOffset (client ExpBitNot).
func BitNot(flags bitop.WriteFlags, bitOffset, bitSize, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpNot, bin, bitOffset, bitSize, flagsVal(flags))
}

// BitLShift shifts bitSize bits at bitOffset left by shift (client
// ExpBitLShift).
func BitLShift(flags bitop.WriteFlags, bitOffset, bitSize, shift, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpLShift, bin, bitOffset, bitSize, shift, flagsVal(flags))
}

// BitRShift shifts bitSize bits at bitOffset right by shift (client
// ExpBitRShift).
func BitRShift(flags bitop.WriteFlags, bitOffset, bitSize, shift, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpRShift, bin, bitOffset, bitSize, shift, flagsVal(flags))
}

// BitAdd adds value to the bitSize-bit integer at bitOffset (client
// ExpBitAdd).
func BitAdd(flags bitop.WriteFlags, bitOffset, bitSize, value *Expr, signed bool, action bitop.Overflow, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpAdd, bin, bitOffset, bitSize, value, flagsVal(flags), IntVal(intSubflags(signed, action)))
}

// BitSubtract subtracts value from the bitSize-bit integer at bitOffset
// (client ExpBitSubtract).
func BitSubtract(flags bitop.WriteFlags, bitOffset, bitSize, value *Expr, signed bool, action bitop.Overflow, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpSubtract, bin, bitOffset, bitSize, value, flagsVal(flags), IntVal(intSubflags(signed, action)))
}

// BitSetInt stores value as the bitSize-bit integer at bitOffset (client
// ExpBitSetInt).
func BitSetInt(flags bitop.WriteFlags, bitOffset, bitSize, value, bin *Expr) *Expr {
	return bitCall(TypeBlob, true, bitop.OpSetInt, bin, bitOffset, bitSize, value, flagsVal(flags))
}

// BitGet returns bitSize bits at bitOffset as a blob (client ExpBitGet).
func BitGet(bitOffset, bitSize, bin *Expr) *Expr {
	return bitCall(TypeBlob, false, bitop.OpGet, bin, bitOffset, bitSize)
}

// BitCount returns the number of bits set among bitSize bits at bitOffset
// (client ExpBitCount).
func BitCount(bitOffset, bitSize, bin *Expr) *Expr {
	return bitCall(TypeInt, false, bitop.OpCount, bin, bitOffset, bitSize)
}

// BitLScan returns the position of the first bit equal to value (a bool
// expression) among bitSize bits at bitOffset, or -1 (client ExpBitLScan).
func BitLScan(bitOffset, bitSize, value, bin *Expr) *Expr {
	return bitCall(TypeInt, false, bitop.OpLScan, bin, bitOffset, bitSize, value)
}

// BitRScan returns the position of the last bit equal to value among
// bitSize bits at bitOffset, or -1 (client ExpBitRScan).
func BitRScan(bitOffset, bitSize, value, bin *Expr) *Expr {
	return bitCall(TypeInt, false, bitop.OpRScan, bin, bitOffset, bitSize, value)
}

// BitGetInt returns the bitSize-bit integer at bitOffset (client
// ExpBitGetInt).
func BitGetInt(bitOffset, bitSize *Expr, signed bool, bin *Expr) *Expr {
	if signed {
		return bitCall(TypeInt, false, bitop.OpGetInt, bin, bitOffset, bitSize, IntVal(bitop.Signed))
	}
	return bitCall(TypeInt, false, bitop.OpGetInt, bin, bitOffset, bitSize)
}

func intSubflags(signed bool, action bitop.Overflow) int64 {
	f := int64(action)
	if signed {
		f |= bitop.Signed
	}
	return f
}
