package aero

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync"
	"time"

	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/geo"
	"github.com/aerokit/aero/internal/exptree"
	"github.com/aerokit/aero/mapper"
)

// The typed query language is described in the package documentation
// (doc.go, # Typed queries).

// Cond is a condition on the fields of T. Build it with Field, And, Or and
// Not; the zero Cond is invalid.
type Cond[T any] struct {
	x    *exp.Expr
	leaf leaf // a comparison of one field (a candidate index filter) when leaf.op != 0
	and  []Cond[T]
	err  error
}

// leaf is a comparison of one field with a constant, kept for the planner:
// an integer (lo, and hi for Between) or, for equality, a string.
type leaf struct {
	field, bin string
	op         exptree.Op // OpEq, OpGe, OpGt, OpLe, OpLt; OpAnd for Between; 0: none
	isStr      bool
	str        string
	lo, hi     int64
	// on is what of the bin the comparison is on: the value, or (a
	// Contains) a list's elements, a map's keys or values.
	on IndexCollection
	// geo is the region or point of a geo condition (op exptree.OpGeo).
	geo geo.JSON
}

// FieldRef is a field of T named in a condition.
type FieldRef[T any] struct {
	path string
	bin  string
	typ  exp.Type
	// kind is what the field is stored as (the mapper's model of it).
	kind mapper.Kind
	// elem and key are the kinds of a list's elements (a map's values) and
	// of a map's keys, for Contains; KindAny when they cannot be compared.
	elem, key mapper.Kind
	err       error
}

// Field names a field of T by its Go name, or its dotted path through
// embedded structs, as the mapper maps it: what the field is comes from
// the mapper's model of it (mapper.Plan.Field). A field that is not a bin
// (a bin name is not a field name), or whose kind cannot be compared on
// the server (nested structs, HLLs, custom encodings; lists and maps are
// compared by their elements, with Contains and its kin), makes every
// condition on it an error naming T and the field.
func Field[T any](path string) FieldRef[T] {
	key := fieldKey{reflect.TypeFor[T](), path}
	fieldMu.RLock()
	c, ok := fieldCache[key]
	fieldMu.RUnlock()
	if ok {
		return FieldRef[T](c)
	}
	f := resolveField[T](path)
	fieldMu.Lock()
	if len(fieldCache) >= maxCachedFields {
		clear(fieldCache) // paths built at run time: start over
	}
	fieldCache[key] = fieldInfo(f)
	fieldMu.Unlock()
	return f
}

// fieldCache holds resolved fields by (struct type, path): the types and
// paths of a program are few, and resolving one walks reflection.
var (
	fieldMu    sync.RWMutex
	fieldCache = map[fieldKey]fieldInfo{}
)

const maxCachedFields = 4096

type fieldKey struct {
	t    reflect.Type
	path string
}

// fieldInfo is FieldRef without its type parameter, for the cache.
type fieldInfo struct {
	path      string
	bin       string
	typ       exp.Type
	kind      mapper.Kind
	elem, key mapper.Kind
	err       error
}

func resolveField[T any](path string) FieldRef[T] {
	f := FieldRef[T]{path: path}
	plan, err := planOf[T]()
	if err != nil {
		f.err = err
		return f
	}
	// The mapper's model says what the field is: its bin, its kind (a
	// pointer field, *int64 or *time.Time, is stored as the value it
	// points to, no bin when nil, so it compares as that value and a nil
	// one matches no comparison), its elements' and keys' types.
	fi, err := plan.Field(path)
	if err != nil {
		f.err = err
		return f
	}
	f.bin, f.kind = fi.Bin, fi.Kind
	switch fi.Kind {
	case mapper.KindInt, mapper.KindTime:
		f.typ = exp.TypeInt
	case mapper.KindFloat:
		f.typ = exp.TypeFloat
	case mapper.KindString:
		f.typ = exp.TypeString
	case mapper.KindBool:
		f.typ = exp.TypeBool
	case mapper.KindBlob:
		f.typ = exp.TypeBlob
	case mapper.KindGeo:
		f.typ = exp.TypeGeo
	case mapper.KindList:
		f.typ = exp.TypeList
		f.elem = containedKind(fi.Elem)
	case mapper.KindMap:
		f.typ = exp.TypeMap
		f.key, f.elem = containedKind(fi.Key), containedKind(fi.Elem)
	case mapper.KindCustom:
		f.err = fmt.Errorf("field %q of type %s has its own encoding and cannot be compared in a query", path, fi.Type)
	default:
		f.err = fmt.Errorf("field %q of type %s (%s) cannot be compared in a query", path, fi.Type, fi.Kind)
	}
	return f
}

// containedKind is the kind of a collection's elements, keys or values
// that Contains compares: integers, times and strings (those a collection
// index holds); KindAny for others.
func containedKind(t reflect.Type) mapper.Kind {
	switch k := mapper.TypeInfoOf(t).Kind; k {
	case mapper.KindInt, mapper.KindTime, mapper.KindString:
		return k
	}
	return mapper.KindAny
}

// value turns v into the expression value of the field's type, or an error
// naming the field.
func (f FieldRef[T]) value(v any) (*exp.Expr, leaf, error) {
	if f.err != nil {
		return nil, leaf{}, f.err
	}
	if f.kind == mapper.KindList || f.kind == mapper.KindMap {
		return nil, leaf{}, fmt.Errorf("field %q (%s) is a collection: compare its elements with Contains (lists) or ContainsKey, ContainsValue (maps)", f.path, f.typ)
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil, leaf{}, fmt.Errorf("field %q compared with nil", f.path)
	}
	for rv.Kind() == reflect.Pointer {
		// A pointer compares as the value it points to.
		if rv.IsNil() {
			return nil, leaf{}, fmt.Errorf("field %q compared with a nil %s (Exists tells whether the field is set)", f.path, rv.Type())
		}
		rv = rv.Elem()
		v = rv.Interface()
	}
	wrong := func() error {
		return fmt.Errorf("field %q (%s) compared with a value of type %T", f.path, f.typ, v)
	}
	switch k := rv.Kind(); f.kind {
	case mapper.KindInt:
		switch {
		case k >= reflect.Int && k <= reflect.Int64:
			return exp.IntVal(rv.Int()), leaf{lo: rv.Int()}, nil
		case k >= reflect.Uint && k <= reflect.Uint64:
			if rv.Uint() > math.MaxInt64 {
				return nil, leaf{}, fmt.Errorf("field %q compared with %d, which overflows int64", f.path, rv.Uint())
			}
			return exp.IntVal(int64(rv.Uint())), leaf{lo: int64(rv.Uint())}, nil
		}
	case mapper.KindFloat:
		if k == reflect.Float32 || k == reflect.Float64 {
			return exp.FloatVal(rv.Float()), leaf{}, nil
		}
	case mapper.KindString:
		if k == reflect.String {
			return exp.StringVal(rv.String()), leaf{isStr: true, str: rv.String()}, nil
		}
	case mapper.KindBool:
		if k == reflect.Bool {
			return exp.BoolVal(rv.Bool()), leaf{}, nil
		}
	case mapper.KindBlob:
		if (k == reflect.Slice || k == reflect.Array) && rv.Type().Elem().Kind() == reflect.Uint8 {
			// A [N]byte field is a blob too (the mapper's KindBlob).
			b := make([]byte, rv.Len())
			reflect.Copy(reflect.ValueOf(b), rv)
			return exp.BlobVal(b), leaf{}, nil
		}
	case mapper.KindTime:
		if t, ok := v.(time.Time); ok {
			// The mapper stores a time as Unix nanoseconds.
			return exp.IntVal(t.UnixNano()), leaf{lo: t.UnixNano()}, nil
		}
	}
	return nil, leaf{}, wrong()
}

func (f FieldRef[T]) binExpr() *exp.Expr {
	switch f.typ {
	case exp.TypeInt:
		return exp.IntBin(f.bin)
	case exp.TypeFloat:
		return exp.FloatBin(f.bin)
	case exp.TypeString:
		return exp.StringBin(f.bin)
	case exp.TypeBool:
		return exp.BoolBin(f.bin)
	}
	return exp.BlobBin(f.bin)
}

func (f FieldRef[T]) compare(op exptree.Op, v any) Cond[T] {
	x, l, err := f.value(v)
	if err != nil {
		return Cond[T]{err: err}
	}
	var e *exp.Expr
	b := f.binExpr()
	switch op {
	case exptree.OpEq:
		e = exp.Eq(b, x)
	case exptree.OpNe:
		e = exp.NotEq(b, x)
	case exptree.OpGt:
		e = exp.Greater(b, x)
	case exptree.OpGe:
		e = exp.GreaterEq(b, x)
	case exptree.OpLt:
		e = exp.Less(b, x)
	default:
		e = exp.LessEq(b, x)
	}
	c := Cond[T]{x: e}
	if (f.typ == exp.TypeInt && op != exptree.OpNe) || (l.isStr && op == exptree.OpEq) {
		l.field, l.bin, l.op = f.path, f.bin, op
		c.leaf = l
	}
	return c
}

// Eq is field == v.
func (f FieldRef[T]) Eq(v any) Cond[T] { return f.compare(exptree.OpEq, v) }

// Ne is field != v.
func (f FieldRef[T]) Ne(v any) Cond[T] { return f.compare(exptree.OpNe, v) }

// Gt is field > v.
func (f FieldRef[T]) Gt(v any) Cond[T] { return f.compare(exptree.OpGt, v) }

// Ge is field >= v.
func (f FieldRef[T]) Ge(v any) Cond[T] { return f.compare(exptree.OpGe, v) }

// Lt is field < v.
func (f FieldRef[T]) Lt(v any) Cond[T] { return f.compare(exptree.OpLt, v) }

// Le is field <= v.
func (f FieldRef[T]) Le(v any) Cond[T] { return f.compare(exptree.OpLe, v) }

// Between is lo <= field <= hi.
func (f FieldRef[T]) Between(lo, hi any) Cond[T] {
	a, b := f.Ge(lo), f.Le(hi)
	c := And(a, b)
	if c.err == nil && a.leaf.op != 0 && b.leaf.op != 0 && f.typ == exp.TypeInt {
		c.leaf = leaf{field: f.path, bin: f.bin, op: exptree.OpAnd, lo: a.leaf.lo, hi: b.leaf.lo}
		c.and = nil
	}
	return c
}

// Exists is true when the record has the field's bin (of any type).
func (f FieldRef[T]) Exists() Cond[T] {
	if f.err != nil {
		return Cond[T]{err: f.err}
	}
	return Cond[T]{x: exp.BinExists(f.bin)}
}

// And is true when every condition is.
func And[T any](cs ...Cond[T]) Cond[T] {
	if len(cs) == 0 {
		return Cond[T]{err: errors.New("And of no condition")}
	}
	if len(cs) == 1 {
		return cs[0]
	}
	xs := make([]*exp.Expr, len(cs))
	var flat []Cond[T]
	for i, c := range cs {
		if err := c.check(); err != nil {
			return Cond[T]{err: err}
		}
		xs[i] = c.x
		if c.and != nil {
			flat = append(flat, c.and...)
		} else {
			flat = append(flat, c)
		}
	}
	return Cond[T]{x: exp.And(xs...), and: flat}
}

// Or is true when one condition is.
func Or[T any](cs ...Cond[T]) Cond[T] {
	if len(cs) == 0 {
		return Cond[T]{err: errors.New("Or of no condition")}
	}
	if len(cs) == 1 {
		return cs[0]
	}
	xs := make([]*exp.Expr, len(cs))
	for i, c := range cs {
		if err := c.check(); err != nil {
			return Cond[T]{err: err}
		}
		xs[i] = c.x
	}
	return Cond[T]{x: exp.Or(xs...)}
}

// Not negates a condition.
func Not[T any](c Cond[T]) Cond[T] {
	if err := c.check(); err != nil {
		return Cond[T]{err: err}
	}
	return Cond[T]{x: exp.Not(c.x)}
}

func (c Cond[T]) check() error {
	if c.err != nil {
		return c.err
	}
	if c.x == nil {
		return errors.New("empty condition (build it with Field, And, Or, Not)")
	}
	return nil
}

// Exp returns the condition as a filter expression, for WithFilterExp (a read,
// a write, a batch, a scan or a query), or the error that building it met.
func (c Cond[T]) Exp() (*exp.Expr, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	return c.x, nil
}

// String renders the condition's expression.
func (c Cond[T]) String() string {
	if err := c.check(); err != nil {
		return "invalid condition: " + err.Error()
	}
	return c.x.String()
}
