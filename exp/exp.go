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
	"github.com/aerokit/aero/internal/exptree"
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

// GeoJSON is a GeoJSON value (a point, region or circle): driver.GeoJSON,
// the value a GeoJSON bin holds.
type GeoJSON = driver.GeoJSON

// Expr is one node of an expression: an operation with its arguments, or a
// literal value. Build it with this package's functions or Decode.
type Expr struct {
	// n is the node the engine reads (internal/exptree: its Node's
	// fields say what each operation keeps where).
	n   tree
	err error // a builder's error, reported by Validate

	once   sync.Once
	packed []byte
}

// tree is the node an Expr holds.
type tree = exptree.Node[*Expr, Type]

func init() {
	exptree.Install(func(e *Expr) *tree { return &e.n })
}

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
	switch e.n.Op {
	case exptree.OpValue:
		writeValue(sb, e.n.Value)
		return
	case exptree.OpQuote:
		writeValue(sb, e.n.Value)
		return
	case exptree.OpBin:
		fmt.Fprintf(sb, "bin_%s(%q)", e.n.Type, e.n.Name)
		return
	case exptree.OpBinType:
		fmt.Fprintf(sb, "bin_type(%q)", e.n.Name)
		return
	case exptree.OpVar:
		fmt.Fprintf(sb, "var(%q)", e.n.Name)
		return
	case exptree.OpKey:
		fmt.Fprintf(sb, "key_%s()", e.n.Type)
		return
	case exptree.OpDigestModulo:
		fmt.Fprintf(sb, "digest_modulo(%d)", e.n.Flags)
		return
	case exptree.OpRegex:
		fmt.Fprintf(sb, "cmp_regex(%q, %d, ", e.n.Name, e.n.Flags)
		writeArg(sb, e.n.Args, 0)
		sb.WriteByte(')')
		return
	case exptree.OpCall:
		c := e.n.Call()
		switch {
		case c.Bits:
			fmt.Fprintf(sb, "%s_%s(", e.n.Type, c.BitCode())
		case c.IsHLL:
			fmt.Fprintf(sb, "%s_%s(", e.n.Type, c.HLLCode)
		default:
			fmt.Fprintf(sb, "%s_%s(", e.n.Type, c.Code)
		}
		for i := range e.n.Args {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeArg(sb, e.n.Args, i)
		}
		for _, x := range c.Ctx {
			fmt.Fprintf(sb, ", %s", x)
		}
		sb.WriteByte(')')
		return
	case exptree.OpDef:
		fmt.Fprintf(sb, "%s=", e.n.Name)
		writeArg(sb, e.n.Args, 0)
		return
	}
	sb.WriteString(e.n.Op.String())
	sb.WriteByte('(')
	for i := range e.n.Args {
		if i > 0 {
			sb.WriteString(", ")
		}
		writeArg(sb, e.n.Args, i)
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
