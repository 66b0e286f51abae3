// Package opspec holds the shape of the server's op tables for bit and
// list/map (CDT) operations: what each argument of an operation must be,
// how many are required, whether it modifies. Packages bitop and cdt keep
// the tables (keyed by their op codes) and check what they build against
// them; the engine parses what a request carries by them. No user needs
// them, so they are not public API.
//
// opspec cannot import bitop or cdt (they import it), so they install
// their lookups at init.
package opspec

// BitParam is how the server parses one argument of a bit operation: each
// is one of particle_blob.c's bits_parse_* functions.
type BitParam int

// Bit param kinds, named after the server's parse functions.
const (
	BitByteOffset        BitParam = iota + 1 // bits_parse_byte_offset
	BitOffset                                // bits_parse_offset
	BitIntegerSize                           // bits_parse_integer_size
	BitByteSize                              // bits_parse_byte_size
	BitByteSizeAllowZero                     // bits_parse_byte_size_allow_zero
	BitSize                                  // bits_parse_size
	BitBool                                  // bits_parse_boolean_value
	BitNBits                                 // bits_parse_n_bits_value
	BitInteger                               // bits_parse_integer_value
	BitBuf                                   // bits_parse_buf
	BitFlags                                 // bits_parse_flags
	BitResizeSubflags                        // bits_parse_resize_subflags
	BitArithSubflags                         // bits_parse_arithmetic_subflags
	BitGetIntSubflags                        // bits_parse_get_integer_subflags
)

// Bit is a bit operation's entry in the server's op tables
// (particle_blob.c bits_modify_op_table, bits_read_op_table): its name,
// whether it modifies, its params, how many are required, and the write
// flags it accepts (bitop.WriteFlags bits).
type Bit struct {
	Name   string
	Modify bool
	Params []BitParam
	Min    int
	Flags  int
}

// CDTParam is what one argument of a list or map operation must be
// (cdt.c cdt_op_table, AS_CDT_PARAM_*).
type CDTParam int

// CDT param kinds.
const (
	CDTStorage CDTParam = iota + 1 // a value that may be stored (no infinity, no wildcard)
	CDTPayload                     // a value, infinity and wildcard allowed
	CDTFlags                       // a non-negative integer
	CDTCount                       // a non-negative integer
	CDTIndex                       // a signed integer
)

// CDT is a list or map operation's entry in the server's op table (cdt.c
// cdt_op_table): its name, whether it modifies, its params and how many of
// the trailing ones are optional.
type CDT struct {
	Name     string
	Modify   bool
	Params   []CDTParam
	Optional int
}

// Lookups installed by packages bitop and cdt: the op table entry of a
// bit or CDT op code.
var (
	BitOf func(code int) (Bit, bool)
	CDTOf func(code int) (CDT, bool)
)
