// Package cdt holds Aerospike's list and map operations (collection data
// type, CDT, operations) as plain values: every list and map operation of
// aerospike-client-go v8, with their return types, orders, write flags and
// contexts. An Op goes into an Operate as a driver.Operation (Op.Operation);
// the Aerospike driver hands it to the client, the memory driver and
// aerotest hand it to the engine, which applies it with the server's
// semantics (as/src/base/cdt.c, particle_list.c, particle_map.c).
//
// An Op is the server's wire form, decoded: the bin, the context path, the
// operation code and its arguments in the order the client packs them. Its
// Payload is the MessagePack the client sends, and Decode reads that back.
//
// # Inputs that crash a server
//
// Some inputs stop a real Aerospike server (Community Edition 8.1.2)
// instead of failing the one operation. Op.Hazard names them, and the
// Aerospike driver refuses an Op that holds one before anything is sent
// (a PARAMETER_ERROR, aero.ErrInvalidArgument); the memory driver and
// aerotest answer them as the server answers the nearest safe input. An
// expression (package exp) that applies such an Op is invalid on every
// backend.
//
//   - A list index context that creates (CtxListIndexCreate, or a Context
//     whose Type carries create flags) with an index below -1. Where the
//     list it indexes exists and is shorter than the index reaches back, the
//     server goes on to create the element: in an ordered list it fails an
//     assertion (cdt.c cdt_context_fill_create, "invalid context index"),
//     and with pad in an unordered list it pads by the index taken as an
//     unsigned count (particle_list.c list_subcontext_by_index:
//     list_nil_pad = (uint32_t)index - ele_count), a general protection
//     fault. Which list is there is not known before the operation runs, so
//     every such index is refused. The engine answers OP_NOT_APPLICABLE, as
//     the server does for the same context without pad in an unordered list.
//   - A list index context that pads (CtxListIndexCreate with pad) with an
//     index past 2^31-1: the server counts the padding and the size of what
//     it creates in 32 bits (cdt.c cdt_context_ctx_type_create_sz,
//     particle_list.c list_subcontext_by_index), so the count wraps and it
//     writes past what it allocated. Read from the source, not tried; a
//     smaller index too large for a record answers RECORD_TOO_BIG, and so
//     does the engine for this one.
//   - A map selection by an empty key list or value list (MapGetByKeyList,
//     MapRemoveByValueList, ...) with INVERTED, which selects every entry,
//     and a return type that answers entries (KEY, VALUE, KEY_VALUE,
//     ORDERED_MAP, UNORDERED_MAP): a segmentation fault (particle_map.c,
//     map_get_remove_all_by_key_list and _by_value_list), tried on a real
//     server for get and remove. INDEX, RANK, COUNT, EXISTS and NONE answer,
//     and so do list selections by an empty value list. An index range
//     (MapGetByIndexRange from 0) selects every entry safely.
//   - An expression that divides the smallest integer by -1, or takes its
//     remainder by -1 (exp.NumDiv, exp.NumMod): the server dies of SIGFPE
//     (exp.c eval_div, eval_mod). Where both operands are literal values
//     (exp.NumDiv(exp.IntVal(math.MinInt64), exp.IntVal(-1)), or divisors
//     whose product is -1) the builder refuses it: the expression is
//     invalid on every backend (exp hazard.go). Where an operand is known
//     only when the expression runs (a bin, a computed value) nothing can
//     see it before, so it is sent, and a server holding math.MinInt64 in
//     that bin dies of it; the engine answers math.MinInt64 (div) and 0
//     (mod).
package cdt

import (
	"fmt"
	"strings"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
	"github.com/aerokit/aero/internal/opspec"
)

// ReturnType selects what a list or map operation returns (server proto.h
// result_type_t; client ListReturnType and MapReturnType).
type ReturnType int

// Return types. ReturnInverted may be or-ed with another to select every
// element the operation does not designate.
const (
	ReturnNone         ReturnType = 0
	ReturnIndex        ReturnType = 1
	ReturnReverseIndex ReturnType = 2
	ReturnRank         ReturnType = 3
	ReturnReverseRank  ReturnType = 4
	ReturnCount        ReturnType = 5
	ReturnKey          ReturnType = 6
	ReturnValue        ReturnType = 7
	ReturnKeyValue     ReturnType = 8
	ReturnExists       ReturnType = 13
	ReturnUnorderedMap ReturnType = 16
	ReturnOrderedMap   ReturnType = 17
	ReturnInverted     ReturnType = 0x10000
)

// ListOrder is the order of a list (client ListOrderType).
type ListOrder int

// List orders.
const (
	ListUnordered ListOrder = 0
	ListOrdered   ListOrder = 1
)

// ListWriteFlags change how list writes behave (client ListWriteFlags,
// server as_cdt_list_modify_flags).
type ListWriteFlags int

// List write flags.
const (
	ListWriteDefault ListWriteFlags = 0
	// ListAddUnique fails an append or insert of a value already present
	// (ELEMENT_EXISTS).
	ListAddUnique ListWriteFlags = 1
	// ListInsertBounded fails an insert past the end (OP_NOT_APPLICABLE).
	ListInsertBounded ListWriteFlags = 2
	// ListNoFail turns a write refused by the flags into a no-op.
	ListNoFail ListWriteFlags = 4
	// ListPartial, with ListNoFail, writes the items that pass.
	ListPartial ListWriteFlags = 8
)

// ListPolicy is the order a list is created with and the write flags.
type ListPolicy struct {
	Order ListOrder
	Flags ListWriteFlags
}

// ListSortFlags change how ListSort sorts (client ListSortFlags).
type ListSortFlags int

// Sort flags.
const (
	ListSortDefault        ListSortFlags = 0
	ListSortDescending     ListSortFlags = 1
	ListSortDropDuplicates ListSortFlags = 2
)

// MapOrder is the order of a map (client MapOrder: its attr value).
type MapOrder int

// Map orders.
const (
	MapUnordered       MapOrder = 0
	MapKeyOrdered      MapOrder = 1
	MapKeyValueOrdered MapOrder = 3
)

// MapWriteFlags change how map writes behave (client MapWriteFlags, server
// as_cdt_map_modify_flags).
type MapWriteFlags int

// Map write flags.
const (
	MapWriteDefault MapWriteFlags = 0
	// MapCreateOnly fails a put of a key already present (ELEMENT_EXISTS).
	MapCreateOnly MapWriteFlags = 1
	// MapUpdateOnly fails a put of a key not present (ELEMENT_NOT_FOUND).
	MapUpdateOnly MapWriteFlags = 2
	// MapNoFail turns a write refused by the flags into a no-op.
	MapNoFail MapWriteFlags = 4
	// MapPartial, with MapNoFail, writes the items that pass.
	MapPartial MapWriteFlags = 8
)

// MapPolicy is the order a map is created with and the write flags.
type MapPolicy struct {
	Order MapOrder
	Flags MapWriteFlags
}

// Infinity is greater than every value: an open end of a value range, e.g.
// MapGetByValueRange("m", 10, cdt.Infinity, ...). Wildcard matches any
// value, e.g. ListGetByValue("l", []any{"a", cdt.Wildcard}, ...) finds
// every list whose first element is "a". Neither can be stored.
var (
	Infinity any = msgpack.Inf{}
	Wildcard any = msgpack.Wildcard{}
)

// Op is one list or map operation. Build it with the constructors of this
// package; its fields are the server's view of it.
type Op struct {
	// Bin is the bin the operation applies to.
	Bin string
	// Ctx is the path from the bin's value to the nested list or map the
	// operation applies to; empty for the bin's value itself.
	Ctx []Context
	// Code is the server's operation code.
	Code OpCode
	// Args are the operation's arguments in the order the server reads
	// them, as canonical values (int64, float64, string, []byte, []any,
	// map[any]any, nil, bool, Infinity, Wildcard).
	Args []any

	err error
}

func newOp(bin string, code OpCode, args ...any) Op {
	op := Op{Bin: bin, Code: code, Args: make([]any, len(args))}
	for i, a := range args {
		v, err := normalize(a)
		if err != nil {
			if op.err == nil {
				op.err = fmt.Errorf("cdt: %s on bin %q: argument %d: %w", code, bin, i+1, err)
			}
			v = a // kept for Encode
		}
		op.Args[i] = v
	}
	return op
}

// Encode returns the op on bin with its value arguments (and the values of
// its context) passed through enc before they are put in canonical form:
// the hook by which a typed front end stores Go values of its own (a
// struct appended to a list as its mapping stores it). Integer arguments
// (indexes, counts, return types, flags) are left as they are.
func (o Op) Encode(bin string, enc func(any) (any, error)) Op {
	out := Op{Bin: bin, Code: o.Code, Args: make([]any, len(o.Args))}
	spec, known := specs[o.Code]
	for i, a := range o.Args {
		isValue := known && i < len(spec.Params) && (spec.Params[i] == opspec.CDTStorage || spec.Params[i] == opspec.CDTPayload)
		if isValue && !isSpecial(a) {
			e, err := enc(a)
			if err != nil {
				if out.err == nil {
					out.err = fmt.Errorf("cdt: %s on bin %q: argument %d: %w", o.Code, bin, i+1, err)
				}
				out.Args[i] = a
				continue
			}
			a = e
		}
		v, err := normalize(a)
		if err != nil {
			if out.err == nil {
				out.err = fmt.Errorf("cdt: %s on bin %q: argument %d: %w", o.Code, bin, i+1, err)
			}
			v = a
		}
		out.Args[i] = v
	}
	ctx := make([]Context, len(o.Ctx))
	for i, c := range o.Ctx {
		ctx[i] = c
		switch c.Type & 0x0f {
		case 0x02, 0x03: // key and value contexts hold a user value
			if e, err := enc(c.Value); err == nil {
				ctx[i].Value = e
			}
		}
	}
	if len(ctx) > 0 {
		out = out.In(ctx...)
	}
	return out
}

func isSpecial(v any) bool {
	switch v.(type) {
	case msgpack.Inf, msgpack.Wildcard:
		return true
	}
	return false
}

// normalize returns a in canonical form: driver.Normalize's, with Infinity
// and Wildcard kept wherever they are.
func normalize(a any) (any, error) {
	switch x := a.(type) {
	case msgpack.Inf, msgpack.Wildcard:
		return a, nil
	case []any:
		if hasSpecial(x) {
			out := make([]any, len(x))
			for i, e := range x {
				v, err := normalize(e)
				if err != nil {
					return nil, fmt.Errorf("list element %d: %w", i, err)
				}
				out[i] = v
			}
			return out, nil
		}
	}
	return driver.Normalize(a)
}

func hasSpecial(l []any) bool {
	for _, e := range l {
		switch x := e.(type) {
		case msgpack.Inf, msgpack.Wildcard:
			return true
		case []any:
			if hasSpecial(x) {
				return true
			}
		}
	}
	return false
}

// In returns the operation applied at the nested list or map ctx designates
// (client: the ctx arguments).
func (o Op) In(ctx ...Context) Op {
	o.Ctx = append(append([]Context(nil), o.Ctx...), ctx...)
	for i, c := range ctx {
		if v, err := normalize(c.Value); err != nil {
			if o.err == nil {
				o.err = fmt.Errorf("cdt: %s on bin %q: context %d: %w", o.Code, o.Bin, i+1, err)
			}
		} else {
			o.Ctx[len(o.Ctx)-len(ctx)+i].Value = v
		}
	}
	return o
}

// Err reports an argument that has no Aerospike value (a Go value of an
// unsupported type), found when the operation was built.
func (o Op) Err() error { return o.err }

// IsWrite reports whether the operation modifies its bin.
func (o Op) IsWrite() bool {
	s, ok := specs[o.Code]
	return !ok || s.Modify
}

// Operation returns the op as one step of a driver Operate.
func (o Op) Operation() driver.Operation {
	t := driver.OpCDTRead
	if o.IsWrite() {
		t = driver.OpCDTModify
	}
	return driver.Operation{Type: t, Bin: o.Bin, Value: o}
}

// String formats the operation for errors and logs, e.g.
// list_append(bin "tags", "go") in [map_key "a"].
func (o Op) String() string {
	var b strings.Builder
	b.WriteString(o.Code.String())
	fmt.Fprintf(&b, "(bin %q", o.Bin)
	for _, a := range o.Args {
		b.WriteString(", ")
		b.WriteString(formatValue(a))
	}
	b.WriteByte(')')
	if len(o.Ctx) > 0 {
		b.WriteString(" in [")
		for i, c := range o.Ctx {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.String())
		}
		b.WriteByte(']')
	}
	return b.String()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case msgpack.Inf:
		return "infinity"
	case msgpack.Wildcard:
		return "wildcard"
	case string:
		return fmt.Sprintf("%q", x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%v", v)
}
