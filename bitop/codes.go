package bitop

import "strconv"

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

// Param is how the server parses one argument of a bit operation: each is
// one of particle_blob.c's bits_parse_* functions.
type Param int

// Param kinds, named after the server's parse functions.
const (
	ParamByteOffset        Param = iota + 1 // bits_parse_byte_offset
	ParamOffset                             // bits_parse_offset
	ParamIntegerSize                        // bits_parse_integer_size
	ParamByteSize                           // bits_parse_byte_size
	ParamByteSizeAllowZero                  // bits_parse_byte_size_allow_zero
	ParamSize                               // bits_parse_size
	ParamBool                               // bits_parse_boolean_value
	ParamNBits                              // bits_parse_n_bits_value
	ParamInteger                            // bits_parse_integer_value
	ParamBuf                                // bits_parse_buf
	ParamFlags                              // bits_parse_flags
	ParamResizeSubflags                     // bits_parse_resize_subflags
	ParamArithSubflags                      // bits_parse_arithmetic_subflags
	ParamGetIntSubflags                     // bits_parse_get_integer_subflags
)

// Spec is an operation's entry in the server's op tables
// (particle_blob.c bits_modify_op_table, bits_read_op_table): its name,
// whether it modifies, its params, how many are required, and the write
// flags it accepts.
type Spec struct {
	Name   string
	Modify bool
	Params []Param
	Min    int
	Flags  WriteFlags
}

const (
	cu   = WriteCreateOnly | WriteUpdateOnly | WriteNoFail
	unp  = WriteUpdateOnly | WriteNoFail | WritePartial
	unfl = WriteUpdateOnly | WriteNoFail
)

var (
	pBO, pO, pIS, pBS, pBZ, pS = ParamByteOffset, ParamOffset, ParamIntegerSize, ParamByteSize, ParamByteSizeAllowZero, ParamSize
	pB, pN, pI, pBuf, pF       = ParamBool, ParamNBits, ParamInteger, ParamBuf, ParamFlags
	pRS, pAS, pGS              = ParamResizeSubflags, ParamArithSubflags, ParamGetIntSubflags
)

var specs = map[OpCode]Spec{
	OpResize:   {"bit_resize", true, []Param{pBZ, pF, pRS}, 1, cu},
	OpInsert:   {"bit_insert", true, []Param{pBO, pBuf, pF}, 2, cu},
	OpRemove:   {"bit_remove", true, []Param{pBO, pBS, pF}, 2, unp},
	OpSet:      {"bit_set", true, []Param{pO, pS, pBuf, pF}, 3, unp},
	OpOr:       {"bit_or", true, []Param{pO, pS, pBuf, pF}, 3, unp},
	OpXor:      {"bit_xor", true, []Param{pO, pS, pBuf, pF}, 3, unp},
	OpAnd:      {"bit_and", true, []Param{pO, pS, pBuf, pF}, 3, unp},
	OpNot:      {"bit_not", true, []Param{pO, pS, pF}, 2, unp},
	OpLShift:   {"bit_lshift", true, []Param{pO, pS, pN, pF}, 3, unp},
	OpRShift:   {"bit_rshift", true, []Param{pO, pS, pN, pF}, 3, unp},
	OpAdd:      {"bit_add", true, []Param{pO, pIS, pI, pF, pAS}, 3, unfl},
	OpSubtract: {"bit_subtract", true, []Param{pO, pIS, pI, pF, pAS}, 3, unfl},
	OpSetInt:   {"bit_set_int", true, []Param{pO, pIS, pI, pF}, 3, unfl},
	OpGet:      {"bit_get", false, []Param{pO, pS}, 2, 0},
	OpCount:    {"bit_count", false, []Param{pO, pS}, 2, 0},
	OpLScan:    {"bit_lscan", false, []Param{pO, pS, pB}, 3, 0},
	OpRScan:    {"bit_rscan", false, []Param{pO, pS, pB}, 3, 0},
	OpGetInt:   {"bit_get_int", false, []Param{pO, pIS, pGS}, 2, 0},
}

// SpecOf returns the op table entry of code.
func SpecOf(code OpCode) (Spec, bool) {
	s, ok := specs[code]
	return s, ok
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
