package exp

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/hll"
	"github.com/aerokit/aero/internal/exptree"
	"github.com/aerokit/aero/internal/msgpack"
)

// List and map expressions are calls (exp.c EXP_CALL, build_call,
// eval_call): a list or map operation of package cdt applied to the value
// of a list or map expression (usually a bin), returning a value of a
// declared type. A read call returns the operation's result; a modify call
// (CALL_FLAG_MODIFY_LOCAL) applies the operation to a copy of the value
// and returns the changed list or map, leaving the record as it is.
//
// On the wire a call is [127, type, system, op, value] where op is the
// operation's payload [code, params...] (or [0xff, context, [code,
// params...]] with a context), and a param that is an array is an
// expression evaluated first (client expression.go packCommand, server
// parse_op_call).

// System types of a call (exp.c call_system_type).
const (
	callCDT         = 0
	callBits        = 1
	callHLL         = 2
	callModifyLocal = 0x40
)

// ListRead evaluates the list read operation op (built with package cdt;
// its bin name is ignored) on the list value of list, and returns a value
// of type t, e.g. ListRead(TypeInt, cdt.ListSize(""), ListBin("l")).
func ListRead(t Type, op cdt.Op, list *Expr) *Expr { return call(t, op, list, false) }

// MapRead evaluates the map read operation op on the map value of m.
func MapRead(t Type, op cdt.Op, m *Expr) *Expr { return call(t, op, m, false) }

// ListModify applies the list operation op to a copy of the list value of
// list and returns the changed list (the record is not written).
func ListModify(op cdt.Op, list *Expr) *Expr { return call(TypeList, op, list, true) }

// MapModify applies the map operation op to a copy of the map value of m
// and returns the changed map.
func MapModify(op cdt.Op, m *Expr) *Expr { return call(TypeMap, op, m, true) }

// ListSize is the number of elements of a list (client ExpListSize).
func ListSize(list *Expr, ctx ...cdt.Context) *Expr {
	return ListRead(TypeInt, cdt.ListSize("").In(ctx...), list)
}

// MapSize is the number of entries of a map (client ExpMapSize).
func MapSize(m *Expr, ctx ...cdt.Context) *Expr {
	return MapRead(TypeInt, cdt.MapSize("").In(ctx...), m)
}

func call(t Type, op cdt.Op, v *Expr, modify bool) *Expr {
	e := &Expr{n: tree{Op: exptree.OpCall, Type: t, Value: exptree.Call{Ctx: op.Ctx, Code: op.Code, Modify: modify}}}
	if err := op.Err(); err != nil {
		e.err = errorf("%s: %v", op.Code, err)
		return e
	}
	if err := op.Hazard(); err != nil { // cdt package doc, "Inputs that crash a server"
		e.err = errorf("%s: %v", op.Code, err)
		return e
	}
	for _, a := range op.Args {
		if l, isList := a.([]any); isList {
			// A list param would read as an expression: quote it.
			e.n.Args = append(e.n.Args, &Expr{n: tree{Op: exptree.OpQuote, Value: l}})
			continue
		}
		e.n.Args = append(e.n.Args, value(a))
	}
	e.n.Args = append(e.n.Args, v)
	return e
}

// appendCall packs a call node.
func (e *Expr) appendCall(b []byte, depth int) ([]byte, error) {
	c, ok := e.n.Value.(exptree.Call)
	if !ok || len(e.n.Args) == 0 {
		return nil, errorf("malformed call")
	}
	var err error
	b = append(b, 0x95)
	b = appendInt(b, int64(exptree.OpCall))
	b = appendInt(b, int64(e.n.Type))
	system := int64(callCDT)
	switch {
	case c.Bits:
		system = callBits
	case c.IsHLL:
		system = callHLL
	}
	if c.Modify {
		system |= callModifyLocal
	}
	b = appendInt(b, system)
	params := e.n.Args[:len(e.n.Args)-1]
	if len(c.Ctx) > 0 {
		b = append(b, 0x93)
		b = appendInt(b, 0xff)
		b = msgpack.AppendArrayHeader(b, 2*len(c.Ctx))
		for _, x := range c.Ctx {
			b = appendInt(b, int64(x.Type))
			if b, err = appendValue(b, x.Value); err != nil {
				return nil, err
			}
		}
	}
	b = msgpack.AppendArrayHeader(b, len(params)+1)
	if c.IsHLL {
		b = appendInt(b, int64(c.HLLCode))
	} else {
		b = appendInt(b, int64(c.Code))
	}
	for _, p := range params {
		if b, err = p.append(b, depth+1); err != nil {
			return nil, err
		}
	}
	return e.n.Args[len(e.n.Args)-1].append(b, depth+1)
}

// decodeCall reads the rest of a call: [type, system, op, value].
func decodeCall(d *msgpack.Decoder, args int, at int, depth int) (*Expr, error) {
	if args != 4 {
		return nil, errorf("call takes 4 parameters, has %d (offset %d)", args, at)
	}
	t, err := d.Int()
	if err != nil {
		return nil, wrap(err)
	}
	if t < 0 || t > int64(TypeHLL) {
		return nil, errorf("call of invalid type %d", t)
	}
	system, err := d.Int()
	if err != nil {
		return nil, wrap(err)
	}
	if s := system &^ callModifyLocal; s != callCDT && s != callBits && s != callHLL {
		// exp.c build_call: CDT, bit and HLL calls only.
		return nil, errorf("call of system %d at offset %d", system, at)
	}
	c := exptree.Call{Modify: system&callModifyLocal != 0, Bits: system&^callModifyLocal == callBits, IsHLL: system&^callModifyLocal == callHLL}
	n, err := d.ArrayHeader()
	if err != nil || n == 0 {
		return nil, errorf("call without an operation at offset %d (%v)", at, err)
	}
	code, err := d.Int()
	if err != nil {
		return nil, wrap(err)
	}
	if code == 0xff && !c.Bits && !c.IsHLL {
		// [0xff, context, [code, params...]] (cdt.c AS_CDT_OP_CONTEXT_EVAL).
		if n != 3 {
			return nil, errorf("call context of %d elements, want 3", n)
		}
		m, err := d.ArrayHeader()
		if err != nil || m == 0 || m%2 != 0 {
			return nil, errorf("call context of %d elements, want pairs (%v)", m, err)
		}
		for i := 0; i < m/2; i++ {
			ct, err := d.Int()
			if err != nil {
				return nil, wrap(err)
			}
			v, err := d.Value()
			if err != nil {
				return nil, wrap(err)
			}
			c.Ctx = append(c.Ctx, cdt.Context{Type: int(ct), Value: v})
		}
		if n, err = d.ArrayHeader(); err != nil || n == 0 {
			return nil, errorf("call without an operation after its context (%v)", err)
		}
		if code, err = d.Int(); err != nil {
			return nil, wrap(err)
		}
	}
	if code < 0 || code >= 0xff {
		return nil, errorf("call of invalid operation %d", code)
	}
	if c.IsHLL {
		c.HLLCode = hll.OpCode(code)
	} else {
		c.Code = cdt.OpCode(code)
	}
	e := &Expr{n: tree{Op: exptree.OpCall, Type: Type(t), Value: c}}
	for i := 1; i < n; i++ {
		t, ok := d.Peek()
		if !ok {
			return nil, errorf("truncated call")
		}
		var p *Expr
		if t&0xf0 == 0x90 || t == 0xdc || t == 0xdd {
			p, err = decode(d, depth+1) // an expression
		} else {
			p, err = decodeValue(d, t)
		}
		if err != nil {
			return nil, err
		}
		e.n.Args = append(e.n.Args, p)
	}
	v, err := decode(d, depth+1)
	if err != nil {
		return nil, err
	}
	e.n.Args = append(e.n.Args, v)
	return e, nil
}
