package aero

import (
	"fmt"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/mapper"
)

// List and map operations (package cdt) are Ops: cdt.ListAppend("tags",
// "go").Operation() goes into Session.Operate, Repo.Operate and batch
// writes as any other Op. On a Repo, FieldOp builds them on T's Go fields.

// FieldOp resolves a list or map operation whose Bin names a Go field of T
// (its name or dotted path, as BinName takes it) against T's mapping: the
// op runs on the field's bin, and its values are encoded as the mapper
// encodes them in that field (a struct appended to a []Address field is
// stored as the mapper stores an Address).
//
// The op's context is followed through the field's type to the element it
// targets (ListAppend("Groups", "bob").In(cdt.CtxMapKey("admins")) on a
// map[string][]string field targets a []string), which must be a list for
// a list operation and a map (or a struct, stored as a map) for a map
// operation; and the values a write stores (elements, keys, map values)
// must decode into that element's Go types, so that the record stays
// readable. A field that is not stored in a bin, a context or an operation
// that does not fit, or a value of another type is an error naming the
// field, reported here, before anything is sent. Elements of an interface
// type are not checked.
//
//	op, err := users.FieldOp(cdt.ListAppend("Addresses", Address{City: "Paris"}))
//	rec, err := users.Operate(ctx, "ada", []aero.Op{op})
func (r *Repo[T, K]) FieldOp(op cdt.Op) (Op, error) {
	fi, err := r.plan.Field(op.Bin)
	if err != nil {
		return Op{}, invalidArgument("CDT", r.ns, r.set, err)
	}
	enc := op.Encode(fi.Bin, mapper.EncodeValue)
	if err := enc.Err(); err != nil {
		return Op{}, invalidArgument("CDT", r.ns, r.set, fmt.Errorf("%s.%s: %w", r.plan.Type(), op.Bin, err))
	}
	if err := checkFieldOp(enc, fi.Type, fmt.Sprintf("%s.%s", r.plan.Type(), op.Bin)); err != nil {
		return Op{}, invalidArgument("CDT", r.ns, r.set, err)
	}
	return enc.Operation(), nil
}

// DecodeResult stores a list or map operation's result (a value of
// Record.Bins) into the variable out points to, as the mapper decodes a
// field of that type: a list of maps into a []Address, a count into an int.
func DecodeResult(result any, out any) error {
	if err := mapper.DecodeValue(result, out); err != nil {
		return invalidArgument("DECODE", "", "", err)
	}
	return nil
}
