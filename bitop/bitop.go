// Package bitop holds Aerospike's bit operations on blob bins as plain
// values: every bit operation of aerospike-client-go v8 (resize, insert,
// remove, set, or, xor, and, not, lshift, rshift, add, subtract, set-int,
// get, count, lscan, rscan, get-int) with their write flags, resize flags,
// overflow actions and signedness. An Op goes into an Operate as a
// driver.Operation (Op.Operation); the Aerospike driver hands it to the
// client, the memory driver and aerotest hand it to the engine, which
// applies it as the server does (as/src/base/particle_blob.c, the bits
// section).
//
// Offsets and sizes count bits from the left (the most significant bit of
// the first byte), except those of Resize, Insert and Remove, which count
// bytes. A negative offset counts back from the end of the blob.
//
// An Op is the server's wire form, decoded: the bin, the operation code and
// its arguments in the order the client packs them. Its Payload is the
// MessagePack the client sends, and Decode reads that back.
package bitop

import (
	"fmt"
	"strings"

	"github.com/aerokit/aero/driver"
)

// WriteFlags change how bit writes behave (client BitWriteFlags, server
// proto.h AS_BITS_FLAG_*).
type WriteFlags int

// Write flags.
const (
	// WriteDefault creates or updates the bin.
	WriteDefault WriteFlags = 0
	// WriteCreateOnly fails when the bin exists (BIN_EXISTS_ERROR).
	WriteCreateOnly WriteFlags = 1
	// WriteUpdateOnly fails when the bin does not exist (BIN_NOT_FOUND).
	WriteUpdateOnly WriteFlags = 2
	// WriteNoFail turns a refused write into a no-op.
	WriteNoFail WriteFlags = 4
	// WritePartial lets an operation whose range runs past the end of the
	// blob apply to the part inside it.
	WritePartial WriteFlags = 8
)

// ResizeFlags change how Resize resizes (client BitResizeFlags, server
// AS_BITS_SUBFLAG_RESIZE_*).
type ResizeFlags int

// Resize flags.
const (
	ResizeDefault ResizeFlags = 0
	// ResizeFromFront adds or removes bytes at the front.
	ResizeFromFront ResizeFlags = 1
	// ResizeGrowOnly refuses to shrink (PARAMETER_ERROR).
	ResizeGrowOnly ResizeFlags = 2
	// ResizeShrinkOnly refuses to grow (PARAMETER_ERROR).
	ResizeShrinkOnly ResizeFlags = 4
)

// Overflow is what Add and Subtract do when the result does not fit
// (client BitOverflowAction, server AS_BITS_INT_SUBFLAG_*).
type Overflow int

// Overflow actions.
const (
	// OverflowFail fails the operation (OP_NOT_APPLICABLE).
	OverflowFail Overflow = 0
	// OverflowSaturate stores the largest (or smallest) value that fits.
	OverflowSaturate Overflow = 2
	// OverflowWrap keeps the low bits of the result.
	OverflowWrap Overflow = 4
)

// Signed is the integer subflag that reads the bits as two's complement
// (AS_BITS_INT_SUBFLAG_SIGNED), or-ed into Add's and Subtract's action.
const Signed = 1

// Op is one bit operation. Build it with the constructors of this package;
// its fields are the server's view of it.
type Op struct {
	// Bin is the bin the operation applies to.
	Bin string
	// Code is the server's operation code.
	Code OpCode
	// Args are the operation's arguments in the order the server reads
	// them: int64 for integers, []byte for buffers, bool for a scan's
	// value.
	Args []any
}

func newOp(bin string, code OpCode, args ...any) Op {
	return Op{Bin: bin, Code: code, Args: args}
}

// Resize sets the blob's size to byteSize bytes, adding zero bytes or
// removing bytes at the end (at the front with ResizeFromFront). It
// creates a missing bin (client BitResizeOp).
func Resize(flags WriteFlags, bin string, byteSize int, resize ResizeFlags) Op {
	return newOp(bin, OpResize, int64(byteSize), int64(flags), int64(resize))
}

// Insert inserts value at byteOffset, padding with zero bytes past the end.
// It creates a missing bin (client BitInsertOp).
func Insert(flags WriteFlags, bin string, byteOffset int, value []byte) Op {
	return newOp(bin, OpInsert, int64(byteOffset), clone(value), int64(flags))
}

// Remove removes byteSize bytes at byteOffset (client BitRemoveOp).
func Remove(flags WriteFlags, bin string, byteOffset, byteSize int) Op {
	return newOp(bin, OpRemove, int64(byteOffset), int64(byteSize), int64(flags))
}

// Set overwrites bitSize bits at bitOffset with the first bits of value
// (client BitSetOp).
func Set(flags WriteFlags, bin string, bitOffset, bitSize int, value []byte) Op {
	return newOp(bin, OpSet, int64(bitOffset), int64(bitSize), clone(value), int64(flags))
}

// Or ors bitSize bits at bitOffset with the first bits of value (client
// BitOrOp).
func Or(flags WriteFlags, bin string, bitOffset, bitSize int, value []byte) Op {
	return newOp(bin, OpOr, int64(bitOffset), int64(bitSize), clone(value), int64(flags))
}

// Xor xors bitSize bits at bitOffset with the first bits of value (client
// BitXorOp).
func Xor(flags WriteFlags, bin string, bitOffset, bitSize int, value []byte) Op {
	return newOp(bin, OpXor, int64(bitOffset), int64(bitSize), clone(value), int64(flags))
}

// And ands bitSize bits at bitOffset with the first bits of value (client
// BitAndOp).
func And(flags WriteFlags, bin string, bitOffset, bitSize int, value []byte) Op {
	return newOp(bin, OpAnd, int64(bitOffset), int64(bitSize), clone(value), int64(flags))
}

// Not inverts bitSize bits at bitOffset (client BitNotOp).
func Not(flags WriteFlags, bin string, bitOffset, bitSize int) Op {
	return newOp(bin, OpNot, int64(bitOffset), int64(bitSize), int64(flags))
}

// LShift shifts bitSize bits at bitOffset left by shift bits, filling with
// zeros (client BitLShiftOp).
func LShift(flags WriteFlags, bin string, bitOffset, bitSize, shift int) Op {
	return newOp(bin, OpLShift, int64(bitOffset), int64(bitSize), int64(shift), int64(flags))
}

// RShift shifts bitSize bits at bitOffset right by shift bits, filling with
// zeros (client BitRShiftOp).
func RShift(flags WriteFlags, bin string, bitOffset, bitSize, shift int) Op {
	return newOp(bin, OpRShift, int64(bitOffset), int64(bitSize), int64(shift), int64(flags))
}

// Add adds value to the bitSize-bit (1 to 64) integer at bitOffset, signed
// or not, with the overflow action (client BitAddOp).
func Add(flags WriteFlags, bin string, bitOffset, bitSize int, value int64, signed bool, action Overflow) Op {
	return newOp(bin, OpAdd, int64(bitOffset), int64(bitSize), value, int64(flags), intFlags(signed, action))
}

// Subtract subtracts value from the bitSize-bit integer at bitOffset
// (client BitSubtractOp).
func Subtract(flags WriteFlags, bin string, bitOffset, bitSize int, value int64, signed bool, action Overflow) Op {
	return newOp(bin, OpSubtract, int64(bitOffset), int64(bitSize), value, int64(flags), intFlags(signed, action))
}

// SetInt stores value as the bitSize-bit integer at bitOffset (client
// BitSetIntOp).
func SetInt(flags WriteFlags, bin string, bitOffset, bitSize int, value int64) Op {
	return newOp(bin, OpSetInt, int64(bitOffset), int64(bitSize), value, int64(flags))
}

// Get returns bitSize bits at bitOffset as a []byte, left aligned and
// padded with zero bits (client BitGetOp).
func Get(bin string, bitOffset, bitSize int) Op {
	return newOp(bin, OpGet, int64(bitOffset), int64(bitSize))
}

// Count returns the number of bits set among bitSize bits at bitOffset
// (client BitCountOp).
func Count(bin string, bitOffset, bitSize int) Op {
	return newOp(bin, OpCount, int64(bitOffset), int64(bitSize))
}

// LScan returns the position, relative to bitOffset, of the first bit
// equal to value among bitSize bits at bitOffset, or -1 (client
// BitLScanOp).
func LScan(bin string, bitOffset, bitSize int, value bool) Op {
	return newOp(bin, OpLScan, int64(bitOffset), int64(bitSize), value)
}

// RScan returns the position, relative to bitOffset, of the last bit equal
// to value among bitSize bits at bitOffset, or -1 (client BitRScanOp).
func RScan(bin string, bitOffset, bitSize int, value bool) Op {
	return newOp(bin, OpRScan, int64(bitOffset), int64(bitSize), value)
}

// GetInt returns the bitSize-bit (1 to 64) integer at bitOffset, sign
// extended when signed (client BitGetIntOp).
func GetInt(bin string, bitOffset, bitSize int, signed bool) Op {
	if signed {
		return newOp(bin, OpGetInt, int64(bitOffset), int64(bitSize), int64(Signed))
	}
	return newOp(bin, OpGetInt, int64(bitOffset), int64(bitSize))
}

func intFlags(signed bool, action Overflow) int64 {
	f := int64(action)
	if signed {
		f |= Signed
	}
	return f
}

func clone(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return append([]byte{}, b...)
}

// IsWrite reports whether the operation modifies its bin.
func (o Op) IsWrite() bool { return o.Code.IsModify() }

// Operation returns the op as one step of a driver Operate.
func (o Op) Operation() driver.Operation {
	t := driver.OpBitRead
	if o.IsWrite() {
		t = driver.OpBitModify
	}
	return driver.Operation{Type: t, Bin: o.Bin, Value: o}
}

// String formats the operation for errors and logs, e.g.
// bit_set(bin "flags", 0, 8, 0x80, 0).
func (o Op) String() string {
	var b strings.Builder
	b.WriteString(o.Code.String())
	fmt.Fprintf(&b, "(bin %q", o.Bin)
	for _, a := range o.Args {
		b.WriteString(", ")
		if x, ok := a.([]byte); ok {
			fmt.Fprintf(&b, "0x%x", x)
			continue
		}
		fmt.Fprintf(&b, "%v", a)
	}
	b.WriteByte(')')
	return b.String()
}
