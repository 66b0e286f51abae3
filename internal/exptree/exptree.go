// Package exptree holds what reads an expression tree of package exp:
// the operation codes as on the wire (exp.c exp_op_code), the description
// of a call, and a view of one node. The engine (internal/engine) builds
// and evaluates expressions by reading their trees, and the root package's
// query planner tags its conditions with the operation codes; no user
// needs either, so none of this is aero's public API.
//
// exptree cannot import exp (exp imports it), so the node is generic in
// exp's types (E is *exp.Expr, T is exp.Type), every exp.Expr holds one,
// and package exp installs the accessor at init:
//
//	n := exptree.Of[*exp.Expr, exp.Type](e)
//	switch n.Op { case exptree.OpBin: ... n.Name ... n.Args ... }
package exptree

import (
	"strconv"

	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/hll"
)

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
	// OpCall is a call: a list, map, bit or HLL operation applied to a
	// value (see Call).
	OpCall Op = 127
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

// Node is one node of an expression: an operation with its arguments, or a
// literal value (Op is OpValue). E is *exp.Expr, T is exp.Type. A Node
// reached through Of belongs to its immutable expression: it must not be
// changed.
type Node[E any, T ~uint8] struct {
	// Op is the node's operation (OpValue for a literal).
	Op Op
	// Type is the type an OpBin or OpKey node reads, the result type of an
	// OpCall node.
	Type T
	// Name is the bin name of an OpBin or OpBinType node, the variable of
	// an OpVar or OpDef node, the pattern of an OpRegex node.
	Name string
	// Flags is the flags of an OpRegex node, the modulus of an
	// OpDigestModulo node.
	Flags int64
	// Value is the value of an OpValue or OpQuote node (nil, bool, int64,
	// float64, string, []byte, GeoJSON, []any, map[any]any or one of the
	// msgpack ordered forms, Inf or Wildcard), the Call of an OpCall node.
	Value any
	// Args are the node's arguments: for OpLet its Def nodes then its
	// scope, for OpDef the bound value, for OpCall the call's params then
	// the list or map (or blob, or HLL) it applies to.
	Args []E
}

// Call returns the call of an OpCall node (the zero Call for another
// node); its params are all its Args but the last, the value it applies
// to.
func (n *Node[E, T]) Call() Call {
	c, _ := n.Value.(Call)
	return c
}

// Call describes the operation of an OpCall node.
type Call struct {
	// Ctx is the path to the nested list or map the operation applies to.
	Ctx []cdt.Context
	// Code is the list or map operation.
	Code cdt.OpCode
	// Modify is set for a modify call (the operation changes a copy).
	Modify bool
	// Bits is set for a bit call (exp.c CALL_BITS): Code is then a bit
	// operation code (BitCode), applied to a blob.
	Bits bool
	// IsHLL is set for an HLL call (system type CALL_HLL): HLLCode is
	// then the operation, applied to an HLL value, and Ctx and Code are
	// unused.
	IsHLL   bool
	HLLCode hll.OpCode
}

// BitCode returns the bit operation of a bit call.
func (c Call) BitCode() bitop.OpCode { return bitop.OpCode(c.Code) }

// of is the accessor package exp installs: a func(E) *Node[E, T].
var of any

// Install is called once, by package exp's init, with the function that
// returns the node an *exp.Expr holds.
func Install[E any, T ~uint8](f func(E) *Node[E, T]) { of = f }

// Of returns the node of e (an *exp.Expr, not nil). It does not allocate.
func Of[E any, T ~uint8](e E) *Node[E, T] {
	return of.(func(E) *Node[E, T])(e)
}

// Known reports whether o is an operation of the expression language (or
// one of the tree's own markers, OpDef and OpValue).
func (o Op) Known() bool {
	_, ok := opNames[o]
	return ok
}
