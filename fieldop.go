package aero

import (
	"fmt"
	"reflect"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/mapper"
)

// checkFieldOp checks a list or map operation, its values encoded, against
// the Go type of the field it runs on (see Repo.FieldOp); path names the
// field in errors.
func checkFieldOp(op cdt.Op, ft reflect.Type, path string) error {
	t, where, known := deref(ft), path, true
	for _, c := range op.Ctx {
		if !known {
			break
		}
		isList := c.Type&0x10 != 0
		switch {
		case opaque(t):
			known = false
		case isList && isListType(t):
			t = deref(t.Elem())
		case !isList && t.Kind() == reflect.Map:
			t = deref(t.Elem())
		case !isList && t.Kind() == reflect.Struct && t != timeType:
			// A nested struct is stored as a map keyed by its fields' bins:
			// a key step names a field; another step, any of them.
			known = false
			if c.Type&0x0f == 0x02 {
				if bin, ok := c.Value.(string); ok {
					if p, err := mapper.PlanFor(t); err == nil {
						if f, ok := p.FieldOfBin(bin); ok {
							t, known = deref(f.Type), true
						}
					}
				}
			}
		default:
			return fmt.Errorf("%s (%s) is not a %s: the context step %s needs one", where, t, map[bool]string{true: "list", false: "map"}[isList], c)
		}
		where += "[" + c.String() + "]"
	}
	if !known || opaque(t) {
		return nil
	}
	isMapOp := op.Code.IsMap()
	switch {
	case isMapOp && (t.Kind() == reflect.Map || (t.Kind() == reflect.Struct && t != timeType)):
	case !isMapOp && isListType(t):
	default:
		want := "list"
		if isMapOp {
			want = "map"
		}
		return fmt.Errorf("%s (%s) is not a %s: %s cannot apply to it", where, t, want, op.Code)
	}
	if t.Kind() == reflect.Struct {
		return nil // the values of a struct's fields are not checked
	}
	elem := t.Elem()
	var key reflect.Type
	if t.Kind() == reflect.Map {
		key = t.Key()
	}
	check := func(what string, v any, into reflect.Type) error {
		if into == nil || opaque(deref(into)) || v == nil {
			return nil
		}
		if err := mapper.DecodeValue(v, reflect.New(into).Interface()); err != nil {
			return fmt.Errorf("%s: %s %v cannot be stored in a %s (%s): %w", where, what, v, t, op.Code, err)
		}
		return nil
	}
	arg := func(i int) any {
		if i < len(op.Args) {
			return op.Args[i]
		}
		return nil
	}
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

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// opaque reports a type whose stored form FieldOp does not know: an
// interface, or a type with its own encoding (MarshalAero, MarshalText).
func opaque(t reflect.Type) bool { return t.Kind() == reflect.Interface || customEncoding(t) }

// isListType reports a Go type the mapper stores as a list: a slice or
// array, not of bytes.
func isListType(t reflect.Type) bool {
	k := t.Kind()
	return (k == reflect.Slice || k == reflect.Array) && t.Elem().Kind() != reflect.Uint8
}
