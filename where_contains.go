package aero

import (
	"fmt"
	"math"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/exptree"
	"github.com/aerokit/aero/mapper"
)

// Conditions on collections are described in the package documentation
// (doc.go, # Typed queries).

// Contains is true when the list field has an element equal to v.
func (f FieldRef[T]) Contains(v any) Cond[T] {
	return f.contains(OnListElements, "Contains", v, nil)
}

// ContainsBetween is true when the list field has an integer (or time)
// element in [lo, hi].
func (f FieldRef[T]) ContainsBetween(lo, hi any) Cond[T] {
	return f.contains(OnListElements, "ContainsBetween", lo, hi)
}

// ContainsKey is true when the map field has the key v.
func (f FieldRef[T]) ContainsKey(v any) Cond[T] {
	return f.contains(OnMapKeys, "ContainsKey", v, nil)
}

// ContainsKeyBetween is true when the map field has an integer (or time)
// key in [lo, hi].
func (f FieldRef[T]) ContainsKeyBetween(lo, hi any) Cond[T] {
	return f.contains(OnMapKeys, "ContainsKeyBetween", lo, hi)
}

// ContainsValue is true when the map field has a value equal to v.
func (f FieldRef[T]) ContainsValue(v any) Cond[T] {
	return f.contains(OnMapValues, "ContainsValue", v, nil)
}

// ContainsValueBetween is true when the map field has an integer (or time)
// value in [lo, hi].
func (f FieldRef[T]) ContainsValueBetween(lo, hi any) Cond[T] {
	return f.contains(OnMapValues, "ContainsValueBetween", lo, hi)
}

// contains builds a condition on the elements (keys, values) of the field:
// equality with v, or with hi non-nil the integer range [v, hi].
func (f FieldRef[T]) contains(on IndexCollection, name string, v, hi any) Cond[T] {
	if f.err != nil {
		return Cond[T]{err: f.err}
	}
	want, ek := mapper.KindList, f.elem
	if on != OnListElements {
		want = mapper.KindMap
		if on == OnMapKeys {
			ek = f.key
		}
	}
	if f.kind != want {
		what := "list (slice or array)"
		if want == mapper.KindMap {
			what = "map"
		}
		return Cond[T]{err: fmt.Errorf("field %q (%s): %s applies to a %s field", f.path, f.typ, name, what)}
	}
	if ek == mapper.KindAny {
		return Cond[T]{err: fmt.Errorf("field %q (%s): %s compares integers, times and strings, and the field's %s are not", f.path, f.typ, name, partName(on))}
	}
	el := FieldRef[T]{path: f.path, bin: f.bin, kind: ek}
	el.typ = exp.TypeInt
	if ek == mapper.KindString {
		el.typ = exp.TypeString
	}
	if hi != nil && el.typ != exp.TypeInt {
		return Cond[T]{err: fmt.Errorf("field %q: %s takes integers or times, and the field's %s are strings", f.path, name, partName(on))}
	}
	_, l, err := el.value(v)
	if err != nil {
		return Cond[T]{err: err}
	}
	l.field, l.bin, l.on = f.path, f.bin, on
	var op cdt.Op
	if hi == nil {
		l.op = exptree.OpEq
		var val any = l.lo
		if l.isStr {
			val = l.str
		}
		op = f.byValue(on, val)
	} else {
		_, h, err := el.value(hi)
		if err != nil {
			return Cond[T]{err: err}
		}
		if l.lo > h.lo {
			return Cond[T]{err: fmt.Errorf("field %q: %s(%v, %v): the range is empty", f.path, name, v, hi)}
		}
		l.op, l.hi = exptree.OpAnd, h.lo
		// [lo, hi+1): the top of the integers is the empty string, the
		// smallest value of the next type in the server's order
		// (msgpack_in.h: INT < STRING).
		var end any = ""
		if h.lo < math.MaxInt64 {
			end = h.lo + 1
		}
		op = f.byRange(on, l.lo, end)
	}
	var count *exp.Expr
	if on == OnListElements {
		count = exp.ListRead(exp.TypeInt, op, exp.ListBin(f.bin))
	} else {
		count = exp.MapRead(exp.TypeInt, op, exp.MapBin(f.bin))
	}
	return Cond[T]{x: exp.Greater(count, exp.IntVal(0)), leaf: l}
}

// byValue counts the elements (keys, values) equal to v.
func (f FieldRef[T]) byValue(on IndexCollection, v any) cdt.Op {
	switch on {
	case OnMapKeys:
		return cdt.MapGetByKey("", v, cdt.ReturnCount)
	case OnMapValues:
		return cdt.MapGetByValue("", v, cdt.ReturnCount)
	}
	return cdt.ListGetByValue("", v, cdt.ReturnCount)
}

// byRange counts the elements (keys, values) in [lo, end).
func (f FieldRef[T]) byRange(on IndexCollection, lo int64, end any) cdt.Op {
	switch on {
	case OnMapKeys:
		return cdt.MapGetByKeyRange("", lo, end, cdt.ReturnCount)
	case OnMapValues:
		return cdt.MapGetByValueRange("", lo, end, cdt.ReturnCount)
	}
	return cdt.ListGetByValueRange("", lo, end, cdt.ReturnCount)
}

// partName names what of a collection a condition is on.
func partName(on IndexCollection) string {
	switch on {
	case OnMapKeys:
		return "keys"
	case OnMapValues:
		return "values"
	}
	return "elements"
}
