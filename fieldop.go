package aero

import (
	"fmt"
	"reflect"

	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
	"github.com/aerokit/aero/mapper"
)

// FieldOperation is an operation FieldOp resolves on a Go field of a
// Repo's type: an Op (PutOp, AddOp, AppendOp, PrependOp, GetOp), a cdt.Op,
// a bitop.Op or an hll.Op, whose bin is a Go field name.
type FieldOperation interface{ Operation() driver.Operation }

// FieldOp resolves an operation whose bin names a Go field of T (its name
// or dotted path through embedded structs, as BinName takes it) against
// T's mapping, so that one typed field can be read or written alone. The op
// runs on the field's bin and its values are stored as the mapper stores
// them in that field, checked against the field's Go type (the mapper's
// model of it, mapper.FieldInfo), so that the record stays readable:
//
//   - PutOp stores a value of the field's type as the mapper encodes it (a
//     time.Time as its Unix nanoseconds, a struct as its map); nil deletes
//     the bin. AddOp adds an integer to an integer or time field (a
//     time.Duration to a time) or a float to a float field; AppendOp and
//     PrependOp a string to a string field or bytes to a []byte field;
//     GetOp reads the field.
//   - A list or map operation (package cdt) follows its context through
//     the field's type to the element it targets
//     (ListAppend("Groups", "bob").In(cdt.CtxMapKey("admins")) on a
//     map[string][]string field targets a []string), which must be a list
//     for a list operation and a map (or a struct, stored as a map) for a
//     map operation; the elements, keys and map values it stores must
//     decode into that element's Go types. Elements of an interface type
//     are not checked.
//   - A bit operation (package bitop) applies to a []byte field, an HLL
//     operation (package hll) to a driver.HLL field.
//
// A field that is not stored in a bin, an operation that does not apply to
// it, or a value of another type is ErrInvalidArgument naming the type and
// the field, reported here, before anything is sent.
//
//	op, err := users.FieldOp(aero.PutOp("LastSeen", time.Now()))
//	op, err := users.FieldOp(cdt.ListAppend("Addresses", Address{City: "Paris"}))
//	rec, err := users.Operate(ctx, "ada", []aero.Op{op})
func (r *Repo[T, K]) FieldOp(op FieldOperation) (Op, error) {
	if op == nil {
		return Op{}, invalidArgument("FIELDOP", r.ns, r.set, fmt.Errorf("%s: nil operation", r.plan.Type()))
	}
	d := op.Operation()
	switch d.Type {
	case driver.OpCDTRead, driver.OpCDTModify:
		c, ok := d.Value.(cdt.Op)
		if !ok {
			break
		}
		return r.cdtFieldOp(c)
	case driver.OpBitRead, driver.OpBitModify:
		b, ok := d.Value.(bitop.Op)
		if !ok {
			break
		}
		fi, err := r.fieldFor("BIT", b.Bin, mapper.KindBlob, b.Code.String())
		if err != nil {
			return Op{}, err
		}
		b.Bin = fi.Bin
		return b.Operation(), nil
	case driver.OpHLLRead, driver.OpHLLModify:
		h, ok := d.Value.(hll.Op)
		if !ok {
			break
		}
		if err := h.Err(); err != nil {
			return Op{}, invalidArgument("HLL", r.ns, r.set, err)
		}
		fi, err := r.fieldFor("HLL", h.Bin, mapper.KindHLL, h.Code.String())
		if err != nil {
			return Op{}, err
		}
		h.Bin = fi.Bin
		return h.Operation(), nil
	case driver.OpRead, driver.OpWrite, driver.OpAdd, driver.OpAppend, driver.OpPrepend:
		if d.Bin != "" {
			return r.scalarFieldOp(d)
		}
	}
	return Op{}, invalidArgument("FIELDOP", r.ns, r.set, fmt.Errorf("%s: operation %v does not name one field (want PutOp, AddOp, AppendOp, PrependOp, GetOp, or a cdt, bitop or hll operation)", r.plan.Type(), d.Type))
}

// field returns the mapper's model of the Go field path of T.
func (r *Repo[T, K]) field(op Command, path string) (mapper.FieldInfo, error) {
	fi, err := r.plan.Field(path)
	if err != nil {
		return fi, invalidArgument(op, r.ns, r.set, err)
	}
	return fi, nil
}

// fieldFor is field, for an operation that applies to fields of one kind.
func (r *Repo[T, K]) fieldFor(op Command, path string, want mapper.Kind, what string) (mapper.FieldInfo, error) {
	fi, err := r.field(op, path)
	if err == nil && fi.Kind != want {
		err = invalidArgument(op, r.ns, r.set, fmt.Errorf("%s.%s (%s) is not a %s field: %s cannot apply to it", r.plan.Type(), path, fi.Type, want, what))
	}
	return fi, err
}

// scalarFieldOp resolves a read, write, add, append or prepend of a field.
func (r *Repo[T, K]) scalarFieldOp(d driver.Operation) (Op, error) {
	fi, err := r.field("FIELDOP", d.Bin)
	if err != nil {
		return Op{}, err
	}
	where := fmt.Sprintf("%s.%s (%s)", r.plan.Type(), d.Bin, fi.Type)
	fail := func(format string, args ...any) (Op, error) {
		return Op{}, invalidArgument("FIELDOP", r.ns, r.set, fmt.Errorf(where+": "+format, args...))
	}
	out := Op{Type: d.Type, Bin: fi.Bin}
	if d.Type == driver.OpRead {
		return out, nil
	}
	v, err := mapper.EncodeValue(fieldValue(d.Value, fi.Base))
	if err != nil {
		return fail("%v", err)
	}
	out.Value = v
	switch d.Type {
	case driver.OpWrite:
		// The value is stored as the field's own encoding would store it,
		// and must read back into the field.
		if v != nil && fi.Kind != mapper.KindAny {
			if err := mapper.DecodeValue(v, reflect.New(fi.Type).Interface()); err != nil {
				return fail("a %T cannot be stored in it: %v", d.Value, err)
			}
		}
		return out, nil
	case driver.OpAdd:
		// The server adds an integer to an integer bin and a float to a
		// float bin (BIN_TYPE_ERROR otherwise); a time is stored as an
		// integer of nanoseconds, to which a time.Duration adds.
		switch v.(type) {
		case int64:
			if fi.Kind == mapper.KindInt || fi.Kind == mapper.KindTime {
				return out, nil
			}
		case float64:
			if fi.Kind == mapper.KindFloat {
				return out, nil
			}
		}
		return fail("AddOp of a %T does not apply (an integer field takes an integer, a time field a time.Duration, a float field a float)", d.Value)
	default: // append, prepend
		switch v.(type) {
		case string:
			if fi.Kind == mapper.KindString {
				return out, nil
			}
		case []byte:
			if fi.Kind == mapper.KindBlob && fi.Base.Kind() == reflect.Slice {
				return out, nil
			}
		}
		return fail("%v of a %T does not apply (a string field takes a string, a []byte field bytes)", d.Type, d.Value)
	}
}

// fieldValue converts x to the field's (pointer-free) type t when x is of
// another type of the same kind (a string for a named string type with its
// own encoding), so that it is encoded by the field's codec; other values
// are left as they are, and checked by decoding.
func fieldValue(x any, t reflect.Type) any {
	rv := reflect.ValueOf(x)
	if !rv.IsValid() || rv.Type() == t || rv.Kind() != t.Kind() || !rv.Type().ConvertibleTo(t) {
		return x
	}
	return rv.Convert(t).Interface()
}

// cdtFieldOp resolves a list or map operation on a field.
func (r *Repo[T, K]) cdtFieldOp(op cdt.Op) (Op, error) {
	fi, err := r.field("CDT", op.Bin)
	if err != nil {
		return Op{}, err
	}
	enc := op.Encode(fi.Bin, mapper.EncodeValue)
	if err := enc.Err(); err != nil {
		return Op{}, invalidArgument("CDT", r.ns, r.set, fmt.Errorf("%s.%s: %w", r.plan.Type(), op.Bin, err))
	}
	if err := checkFieldOp(enc, fi.TypeInfo, fmt.Sprintf("%s.%s", r.plan.Type(), op.Bin)); err != nil {
		return Op{}, invalidArgument("CDT", r.ns, r.set, err)
	}
	return enc.Operation(), nil
}

// checkFieldOp checks a list or map operation, its values encoded, against
// the mapper's model of the field it runs on; path names the field in
// errors.
func checkFieldOp(op cdt.Op, ti mapper.TypeInfo, path string) error {
	where, known := path, true
	for _, c := range op.Ctx {
		if !known {
			break
		}
		isList := c.Type&0x10 != 0
		switch {
		case opaque(ti.Kind):
			known = false
		case isList && ti.Kind == mapper.KindList, !isList && ti.Kind == mapper.KindMap:
			ti = mapper.TypeInfoOf(ti.Elem)
		case !isList && ti.Kind == mapper.KindStruct:
			// A nested struct is stored as a map keyed by its fields' bins:
			// a key step names a field; another step, any of them.
			known = false
			if c.Type&0x0f == 0x02 {
				if bin, ok := c.Value.(string); ok {
					if p, err := mapper.PlanFor(ti.Base); err == nil {
						if f, ok := p.FieldOfBin(bin); ok {
							ti, known = f.TypeInfo, true
						}
					}
				}
			}
		default:
			return fmt.Errorf("%s (%s) is not a %s: the context step %s needs one", where, ti.Base, map[bool]string{true: "list", false: "map"}[isList], c)
		}
		where += "[" + c.String() + "]"
	}
	if !known || opaque(ti.Kind) {
		return nil
	}
	isMapOp := op.Code.IsMap()
	switch {
	case isMapOp && (ti.Kind == mapper.KindMap || ti.Kind == mapper.KindStruct):
	case !isMapOp && ti.Kind == mapper.KindList:
	default:
		want := "list"
		if isMapOp {
			want = "map"
		}
		return fmt.Errorf("%s (%s) is not a %s: %s cannot apply to it", where, ti.Base, want, op.Code)
	}
	if ti.Kind == mapper.KindStruct {
		return nil // the values of a struct's fields are not checked
	}
	check := func(what string, v any, into reflect.Type) error {
		if into == nil || opaque(mapper.TypeInfoOf(into).Kind) || v == nil {
			return nil
		}
		if err := mapper.DecodeValue(v, reflect.New(into).Interface()); err != nil {
			return fmt.Errorf("%s: %s %v cannot be stored in a %s (%s): %w", where, what, v, ti.Base, op.Code, err)
		}
		return nil
	}
	arg := func(i int) any {
		if i < len(op.Args) {
			return op.Args[i]
		}
		return nil
	}
	elem, key := ti.Elem, ti.Key
	switch op.Code {
	case cdt.OpListAppend:
		return check("element", arg(0), elem)
	case cdt.OpListInsert, cdt.OpListSet:
		return check("element", arg(1), elem)
	case cdt.OpListAppendItems, cdt.OpListInsertItems:
		items := arg(0)
		if op.Code == cdt.OpListInsertItems {
			items = arg(1)
		}
		l, _ := items.([]any)
		for _, v := range l {
			if err := check("element", v, elem); err != nil {
				return err
			}
		}
	case cdt.OpMapAdd, cdt.OpMapPut, cdt.OpMapReplace:
		if err := check("key", arg(0), key); err != nil {
			return err
		}
		return check("value", arg(1), elem)
	case cdt.OpMapAddItems, cdt.OpMapPutItems, cdt.OpMapReplaceItems:
		m, _ := arg(0).(map[any]any)
		for k, v := range m {
			if err := check("key", k, key); err != nil {
				return err
			}
			if err := check("value", v, elem); err != nil {
				return err
			}
		}
	}
	return nil
}

// opaque reports a kind whose stored form FieldOp does not know: an
// interface, or a type with its own encoding (MarshalAero, MarshalText).
func opaque(k mapper.Kind) bool { return k == mapper.KindAny || k == mapper.KindCustom }
