package bitop

import (
	"strconv"

	"github.com/aerokit/aero/internal/opspec"
)

// OpCode is the server's code for a bit operation (server
// as/include/base/proto.h as_bits_op_type; client cdt_bitwise.go). Codes
// below 50 modify the blob, from 50 they read it.
type OpCode int

// Modify operation codes.
const (
	OpResize   OpCode = 0
	OpInsert   OpCode = 1
	OpRemove   OpCode = 2
	OpSet      OpCode = 3
	OpOr       OpCode = 4
	OpXor      OpCode = 5
	OpAnd      OpCode = 6
	OpNot      OpCode = 7
	OpLShift   OpCode = 8
	OpRShift   OpCode = 9
	OpAdd      OpCode = 10
	OpSubtract OpCode = 11
	OpSetInt   OpCode = 12
)

// Read operation codes.
const (
	OpGet    OpCode = 50
	OpCount  OpCode = 51
	OpLScan  OpCode = 52
	OpRScan  OpCode = 53
	OpGetInt OpCode = 54
)

const (
	cu   = int(WriteCreateOnly | WriteUpdateOnly | WriteNoFail)
	unp  = int(WriteUpdateOnly | WriteNoFail | WritePartial)
	unfl = int(WriteUpdateOnly | WriteNoFail)
)

var (
	pBO, pO, pIS, pBS, pBZ, pS = opspec.BitByteOffset, opspec.BitOffset, opspec.BitIntegerSize, opspec.BitByteSize, opspec.BitByteSizeAllowZero, opspec.BitSize
	pB, pN, pI, pBuf, pF       = opspec.BitBool, opspec.BitNBits, opspec.BitInteger, opspec.BitBuf, opspec.BitFlags
	pRS, pAS, pGS              = opspec.BitResizeSubflags, opspec.BitArithSubflags, opspec.BitGetIntSubflags
)

// specs is the server's op tables, of the shape internal/opspec gives the
// engine.
var specs = map[OpCode]opspec.Bit{
	OpResize:   bs("bit_resize", true, []opspec.BitParam{pBZ, pF, pRS}, 1, cu),
	OpInsert:   bs("bit_insert", true, []opspec.BitParam{pBO, pBuf, pF}, 2, cu),
	OpRemove:   bs("bit_remove", true, []opspec.BitParam{pBO, pBS, pF}, 2, unp),
	OpSet:      bs("bit_set", true, []opspec.BitParam{pO, pS, pBuf, pF}, 3, unp),
	OpOr:       bs("bit_or", true, []opspec.BitParam{pO, pS, pBuf, pF}, 3, unp),
	OpXor:      bs("bit_xor", true, []opspec.BitParam{pO, pS, pBuf, pF}, 3, unp),
	OpAnd:      bs("bit_and", true, []opspec.BitParam{pO, pS, pBuf, pF}, 3, unp),
	OpNot:      bs("bit_not", true, []opspec.BitParam{pO, pS, pF}, 2, unp),
	OpLShift:   bs("bit_lshift", true, []opspec.BitParam{pO, pS, pN, pF}, 3, unp),
	OpRShift:   bs("bit_rshift", true, []opspec.BitParam{pO, pS, pN, pF}, 3, unp),
	OpAdd:      bs("bit_add", true, []opspec.BitParam{pO, pIS, pI, pF, pAS}, 3, unfl),
	OpSubtract: bs("bit_subtract", true, []opspec.BitParam{pO, pIS, pI, pF, pAS}, 3, unfl),
	OpSetInt:   bs("bit_set_int", true, []opspec.BitParam{pO, pIS, pI, pF}, 3, unfl),
	OpGet:      bs("bit_get", false, []opspec.BitParam{pO, pS}, 2, 0),
	OpCount:    bs("bit_count", false, []opspec.BitParam{pO, pS}, 2, 0),
	OpLScan:    bs("bit_lscan", false, []opspec.BitParam{pO, pS, pB}, 3, 0),
	OpRScan:    bs("bit_rscan", false, []opspec.BitParam{pO, pS, pB}, 3, 0),
	OpGetInt:   bs("bit_get_int", false, []opspec.BitParam{pO, pIS, pGS}, 2, 0),
}

// specOf returns the op table entry of code.
func specOf(code OpCode) (opspec.Bit, bool) {
	s, ok := specs[code]
	return s, ok
}

func init() {
	opspec.BitOf = func(code int) (opspec.Bit, bool) { return specOf(OpCode(code)) }
}

// IsModify reports whether code is a modify operation (proto.h
// AS_BITS_MODIFY_OP_START to AS_BITS_MODIFY_OP_END).
func (c OpCode) IsModify() bool { return c >= OpResize && c <= OpSetInt }

// String returns the server's name of the operation.
func (c OpCode) String() string {
	if s, ok := specs[c]; ok {
		return s.Name
	}
	return "bit_op_" + strconv.Itoa(int(c))
}

func bs(name string, modify bool, params []opspec.BitParam, min, flags int) opspec.Bit {
	return opspec.Bit{Name: name, Modify: modify, Params: params, Min: min, Flags: flags}
}
