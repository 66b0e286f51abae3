package aero

import (
	"fmt"
	"reflect"

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
// stored as the mapper stores an Address). A field that is not stored in a
// bin, or of the wrong kind (a list operation on a map field, or on a
// []byte), is an error naming the field, reported here, before anything is
// sent.
//
//	op, err := users.FieldOp(cdt.ListAppend("Addresses", Address{City: "Paris"}))
//	rec, err := users.Operate(ctx, "ada", []aero.Op{op})
func (r *Repo[T, K]) FieldOp(op cdt.Op) (Op, error) {
	field := op.Bin
	fi, err := r.plan.Field(field)
	if err != nil {
		return Op{}, invalidArgument("CDT", r.ns, r.set, err)
	}
	bin, ft := fi.Bin, fi.Type
	for ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	kind := ft.Kind()
	isList := (kind == reflect.Slice || kind == reflect.Array) && ft.Elem().Kind() != reflect.Uint8
	isMap := kind == reflect.Map
	if kind != reflect.Interface && ((op.Code.IsMap() && !isMap) || (!op.Code.IsMap() && !isList)) {
		want := "list"
		if op.Code.IsMap() {
			want = "map"
		}
		return Op{}, invalidArgument("CDT", r.ns, r.set, fmt.Errorf("%s.%s is a %s, not a %s: %s cannot apply to it", r.plan.Type(), field, ft, want, op.Code))
	}
	enc := op.Encode(bin, mapper.EncodeValue)
	if err := enc.Err(); err != nil {
		return Op{}, invalidArgument("CDT", r.ns, r.set, fmt.Errorf("%s.%s: %w", r.plan.Type(), field, err))
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
