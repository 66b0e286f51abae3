// Package exp builds Aerospike expressions as plain values: filters that
// make a read, write, batch, scan or query conditional on a record's bins
// and metadata, and read/write expressions that compute values inside an
// Operate.
//
// The builders follow aerospike-client-go v8's ExpXxx functions without the
// prefix (exp.IntBin for ExpIntBin, exp.Greater for ExpGreater, exp.TTL for
// ExpTTL), and an expression packs to exactly the bytes the client sends
// (the server's as/src/base/exp.c parses them). Decode reads those bytes
// back, so that a server built on this module (aerotest) sees the same
// value the application built.
//
// List and map expressions apply an operation of package cdt to a list or
// map value (ListRead, MapRead, ListModify, MapModify, ListSize, MapSize);
// bit expressions an operation of package bitop to a blob, and HLL
// expressions (HLLGetCount, HLLAdd...) an operation of package hll to an
// HLL.
//
// An *Expr is immutable and safe for concurrent use. Two expressions are
// equal (Equal) when they pack to the same bytes; String renders them
// readably, e.g. and(gt(bin_int("age"), 21), eq(set_name(), "users")).
//
// The package checks the shape of an expression (argument counts, a
// name where a name goes) when it decodes one; the server's type rules (an
// integer bin compared with a string is PARAMETER_ERROR) are applied where
// the expression is evaluated, by the backend, as the server does when it
// builds the expression.
package exp

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// Type is the type of a bin, a record key or a value in an expression, as
// the server numbers them (exp.c result_type; client ExpType).
type Type uint8

// The types of the expression language.
const (
	TypeNil    Type = 0
	TypeBool   Type = 1
	TypeInt    Type = 2
	TypeString Type = 3
	TypeList   Type = 4
	TypeMap    Type = 5
	TypeBlob   Type = 6
	TypeFloat  Type = 7
	TypeGeo    Type = 8
	TypeHLL    Type = 9
)

// String returns the type's name as the server displays it.
func (t Type) String() string {
	switch t {
	case TypeNil:
		return "nil"
	case TypeBool:
		return "bool"
	case TypeInt:
		return "int"
	case TypeString:
		return "str"
	case TypeList:
		return "list"
	case TypeMap:
		return "map"
	case TypeBlob:
		return "blob"
	case TypeFloat:
		return "float"
	case TypeGeo:
		return "geojson"
	case TypeHLL:
		return "hll"
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Op is an expression operation code, as on the wire (exp.c exp_op_code).
type Op uint8

// Operation codes. OpValue is not on the wire: it marks a literal value.
const (
	OpUnknown      Op = 0
	OpEq           Op = 1
	OpNe           Op = 2
	OpGt           Op = 3
	OpGe           Op = 4
	OpLt           Op = 5
	OpLe           Op = 6
	OpRegex        Op = 7
	OpGeo          Op = 8
	OpAnd          Op = 16
	OpOr           Op = 17
	OpNot          Op = 18
	OpExclusive    Op = 19
	OpAdd          Op = 20
	OpSub          Op = 21
	OpMul          Op = 22
	OpDiv          Op = 23
	OpPow          Op = 24
	OpLog          Op = 25
	OpMod          Op = 26
	OpAbs          Op = 27
	OpFloor        Op = 28
	OpCeil         Op = 29
	OpToInt        Op = 30
	OpToFloat      Op = 31
	OpIntAnd       Op = 32
	OpIntOr        Op = 33
	OpIntXor       Op = 34
	OpIntNot       Op = 35
	OpIntLShift    Op = 36
	OpIntRShift    Op = 37
	OpIntARShift   Op = 38
	OpIntCount     Op = 39
	OpIntLScan     Op = 40
	OpIntRScan     Op = 41
	OpMin          Op = 50
	OpMax          Op = 51
	OpDigestModulo Op = 64
	OpDeviceSize   Op = 65
	OpLastUpdate   Op = 66
	OpSinceUpdate  Op = 67
	OpVoidTime     Op = 68
	OpTTL          Op = 69
	OpSetName      Op = 70
	OpKeyExists    Op = 71
	OpIsTombstone  Op = 72
	OpMemorySize   Op = 73
	OpRecordSize   Op = 74
	OpKey          Op = 80
	OpBin          Op = 81
	OpBinType      Op = 82
	OpCond         Op = 123
	OpVar          Op = 124
	OpLet          Op = 125
	OpQuote        Op = 126
	// OpDef is a binding of Let (not an operation of its own on the wire:
	// Let packs the name and the value inline).
	OpDef Op = 254
	// OpValue is a literal value (packed as the value itself).
	OpValue Op = 255
)

var opNames = map[Op]string{
	OpUnknown: "unknown", OpEq: "eq", OpNe: "ne", OpGt: "gt", OpGe: "ge", OpLt: "lt", OpLe: "le",
	OpRegex: "cmp_regex", OpGeo: "cmp_geo", OpAnd: "and", OpOr: "or", OpNot: "not", OpExclusive: "exclusive",
	OpAdd: "add", OpSub: "sub", OpMul: "mul", OpDiv: "div", OpPow: "pow", OpLog: "log", OpMod: "mod",
	OpAbs: "abs", OpFloor: "floor", OpCeil: "ceil", OpToInt: "to_int", OpToFloat: "to_float",
	OpIntAnd: "int_and", OpIntOr: "int_or", OpIntXor: "int_xor", OpIntNot: "int_not",
	OpIntLShift: "int_lshift", OpIntRShift: "int_rshift", OpIntARShift: "int_arshift",
	OpIntCount: "int_count", OpIntLScan: "int_lscan", OpIntRScan: "int_rscan", OpMin: "min", OpMax: "max",
	OpDigestModulo: "digest_modulo", OpDeviceSize: "device_size", OpLastUpdate: "last_update",
	OpSinceUpdate: "since_update", OpVoidTime: "void_time", OpTTL: "ttl", OpSetName: "set_name",
	OpKeyExists: "key_exists", OpIsTombstone: "is_tombstone", OpMemorySize: "memory_size",
	OpRecordSize: "record_size", OpKey: "key", OpBin: "bin", OpBinType: "bin_type", OpCond: "cond",
	OpVar: "var", OpLet: "let", OpQuote: "quote", OpCall: "call", OpDef: "def", OpValue: "value",
}

// String returns the operation's name as the server displays it.
func (o Op) String() string {
	if n, ok := opNames[o]; ok {
		return n
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// GeoJSON is a GeoJSON value (a point, region or circle): driver.GeoJSON,
// the value a GeoJSON bin holds.
type GeoJSON = driver.GeoJSON

// Expr is one node of an expression: an operation with its arguments, or a
// literal value. Build it with this package's functions or Decode.
type Expr struct {
	op    Op
	typ   Type    // OpBin, OpKey: the type read
	name  string  // OpBin, OpBinType, OpVar: the name; OpRegex: the pattern
	flags int64   // OpRegex: the flags; OpDigestModulo: the modulus
	val   any     // OpValue, OpQuote: the value
	args  []*Expr // OpLet: Def nodes then the scope; OpDef: the value
	err   error   // a builder's error, reported by Validate

	once   sync.Once
	packed []byte
}

// Op returns the node's operation (OpValue for a literal).
func (e *Expr) Op() Op { return e.op }

// Type returns the type an OpBin or OpKey node reads.
func (e *Expr) Type() Type { return e.typ }

// Name returns the bin name of an OpBin or OpBinType node, the variable of an
// OpVar or OpDef node, the pattern of an OpRegex node.
func (e *Expr) Name() string { return e.name }

// Flags returns the flags of an OpRegex node, the modulus of an
// OpDigestModulo node.
func (e *Expr) Flags() int64 { return e.flags }

// Value returns the value of an OpValue or OpQuote node: nil, bool, int64,
// float64, string, []byte, GeoJSON, []any, map[any]any or one of the
// internal ordered forms, Inf or Wildcard.
func (e *Expr) Value() any { return e.val }

// Args returns the node's arguments: for OpLet its Def nodes then its
// scope, for OpDef the bound value. The slice must not be changed.
func (e *Expr) Args() []*Expr { return e.args }

// Bytes returns the expression's packed wire form, as the client sends it
// in the filter field or an expression operation (byte for byte, except an
// integer above 2^32 inside a list or map value, which packs as a uint64,
// the server's own form, where the client packs an int64). The slice must
// not be changed.
func (e *Expr) Bytes() []byte {
	if e == nil {
		return nil
	}
	e.once.Do(func() {
		b, err := e.append(nil, 0)
		if err != nil {
			// Builders only make values that pack; a value that does not
			// (an unsupported Go type in ListVal) packs as nil and
			// Validate reports it.
			b = nil
		}
		e.packed = b
	})
	return e.packed
}

// AppendWire appends the expression's packed wire form to b (it implements
// driver.Expression).
func (e *Expr) AppendWire(b []byte) []byte { return append(b, e.Bytes()...) }

// Validate reports whether the expression can be packed: every literal is
// a value the wire can carry and the nesting is within MaxDepth.
func (e *Expr) Validate() error {
	if e == nil {
		return errorf("nil expression")
	}
	if e.Bytes() != nil {
		return nil // packed once, kept
	}
	_, err := e.append(nil, 0)
	return err
}

// Equal reports whether e and o pack to the same bytes.
func (e *Expr) Equal(o *Expr) bool {
	if e == nil || o == nil {
		return e == o
	}
	return bytes.Equal(e.Bytes(), o.Bytes())
}

// String renders the expression in the server's display syntax.
func (e *Expr) String() string {
	if e == nil {
		return "<nil>"
	}
	var sb strings.Builder
	e.write(&sb)
	return sb.String()
}

func (e *Expr) write(sb *strings.Builder) {
	switch e.op {
	case OpValue:
		writeValue(sb, e.val)
		return
	case OpQuote:
		writeValue(sb, e.val)
		return
	case OpBin:
		fmt.Fprintf(sb, "bin_%s(%q)", e.typ, e.name)
		return
	case OpBinType:
		fmt.Fprintf(sb, "bin_type(%q)", e.name)
		return
	case OpVar:
		fmt.Fprintf(sb, "var(%q)", e.name)
		return
	case OpKey:
		fmt.Fprintf(sb, "key_%s()", e.typ)
		return
	case OpDigestModulo:
		fmt.Fprintf(sb, "digest_modulo(%d)", e.flags)
		return
	case OpRegex:
		fmt.Fprintf(sb, "cmp_regex(%q, %d, ", e.name, e.flags)
		writeArg(sb, e.args, 0)
		sb.WriteByte(')')
		return
	case OpCall:
		c := e.Call()
		switch {
		case c.Bits:
			fmt.Fprintf(sb, "%s_%s(", e.typ, c.BitCode())
		case c.IsHLL:
			fmt.Fprintf(sb, "%s_%s(", e.typ, c.HLLCode)
		default:
			fmt.Fprintf(sb, "%s_%s(", e.typ, c.Code)
		}
		for i := range e.args {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeArg(sb, e.args, i)
		}
		for _, x := range c.Ctx {
			fmt.Fprintf(sb, ", %s", x)
		}
		sb.WriteByte(')')
		return
	case OpDef:
		fmt.Fprintf(sb, "%s=", e.name)
		writeArg(sb, e.args, 0)
		return
	}
	sb.WriteString(e.op.String())
	sb.WriteByte('(')
	for i := range e.args {
		if i > 0 {
			sb.WriteString(", ")
		}
		writeArg(sb, e.args, i)
	}
	sb.WriteByte(')')
}

func writeArg(sb *strings.Builder, args []*Expr, i int) {
	if i >= len(args) || args[i] == nil {
		sb.WriteString("<nil>")
		return
	}
	args[i].write(sb)
}

func writeValue(sb *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		sb.WriteString("nil")
	case string:
		sb.WriteString(strconv.Quote(x))
	case []byte:
		fmt.Fprintf(sb, "0x%x", x)
	case GeoJSON:
		fmt.Fprintf(sb, "geo(%q)", string(x))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			fmt.Fprintf(sb, "%v", x)
			return
		}
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		sb.WriteString(s)
	case msgpack.Inf:
		sb.WriteString("inf")
	case msgpack.Wildcard:
		sb.WriteString("wildcard")
	case []any:
		sb.WriteByte('[')
		for i, it := range x {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeValue(sb, it)
		}
		sb.WriteByte(']')
	case map[any]any:
		sb.WriteByte('{')
		for i, p := range msgpack.Pairs(x) {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeValue(sb, p.Key)
			sb.WriteString(": ")
			writeValue(sb, p.Value)
		}
		sb.WriteByte('}')
	default:
		fmt.Fprintf(sb, "%v", x)
	}
}

// Error is the error of a malformed expression: one that does not decode,
// nests deeper than MaxDepth, or holds a value the wire cannot carry.
type Error struct {
	Msg string
	Err error // the cause, e.g. ErrUnsupported; may be nil
}

func (e *Error) Error() string { return "expression: " + e.Msg }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Msg: err.Error(), Err: errors.Unwrap(err)}
}
