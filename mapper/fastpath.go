package mapper

import (
	"math"
	"reflect"
	"strconv"
	"unsafe"

	"github.com/aerokit/aero/internal/value"
)

// Fast paths: decoding and encoding of the commonest shapes without the
// general codecs' reflection. Each must give exactly the general path's
// results, errors included; TestFastPathsMatchGeneral and
// FuzzFastPathsMatchGeneral hold them to it against codecs built without
// any fast path (builder.general). Fast functions write through
// unsafe.Pointer: p is the address of a settable value of exactly the type
// the function was chosen for, so each store is the one reflect's Set*
// would make without its per-call checks.

// fieldDecoder returns the function that decodes into a field whose codec
// is c without a reflect.Value: a fast one for plain kinds (strings, int64
// and int, float64, bool, int32 and uint32 with range checks) unless b
// builds the general reference, else the codec's own decp, else nil (the
// field is decoded through reflection).
func (b *builder) fieldDecoder(c *codec) func(unsafe.Pointer, any) error {
	if !c.plain || b.general {
		return c.decp
	}
	// slow decodes what the fast function does not take as it is (x is
	// never nil there): the codec decides, converting or failing.
	slow := func(p unsafe.Pointer, x any) error {
		return c.dec(reflect.NewAt(c.typ, p).Elem(), x)
	}
	switch c.typ.Kind() {
	case reflect.String:
		return func(p unsafe.Pointer, x any) error {
			switch s := x.(type) {
			case string:
				*(*string)(p) = s
				return nil
			case nil:
				*(*string)(p) = ""
				return nil
			}
			return slow(p, x)
		}
	case reflect.Int64:
		return fastInt64(slow)
	case reflect.Int:
		if strconv.IntSize == 64 {
			return fastInt64(slow)
		}
	case reflect.Float64:
		return func(p unsafe.Pointer, x any) error {
			switch n := x.(type) {
			case float64:
				*(*float64)(p) = n
				return nil
			case nil:
				*(*float64)(p) = 0
				return nil
			}
			return slow(p, x)
		}
	case reflect.Bool:
		return func(p unsafe.Pointer, x any) error {
			switch b := x.(type) {
			case bool:
				*(*bool)(p) = b
				return nil
			case nil:
				*(*bool)(p) = false
				return nil
			case int:
				// The client writes bools as 0 and 1 (see setBoolCodec).
				if b == 0 || b == 1 {
					*(*bool)(p) = b == 1
					return nil
				}
			}
			return slow(p, x)
		}
	case reflect.Int32:
		return func(p unsafe.Pointer, x any) error {
			var n int64
			switch x := x.(type) {
			case int64:
				n = x
			case int:
				n = int64(x)
			case nil:
			default:
				return slow(p, x)
			}
			if n < math.MinInt32 || n > math.MaxInt32 {
				return slow(p, x)
			}
			*(*int32)(p) = int32(n)
			return nil
		}
	case reflect.Uint32:
		return func(p unsafe.Pointer, x any) error {
			var n int64
			switch x := x.(type) {
			case int64:
				n = x
			case int:
				n = int64(x)
			case nil:
			default:
				return slow(p, x)
			}
			if n < 0 || n > math.MaxUint32 {
				return slow(p, x)
			}
			*(*uint32)(p) = uint32(n)
			return nil
		}
	}
	return c.decp
}

// fieldEncoder returns the function that encodes a field of a plain kind
// whose codec is c from its address, without a reflect.Value; nil for
// other kinds, for uint and uint64 (which can overflow), and when b builds
// the general reference.
func (b *builder) fieldEncoder(c *codec) func(unsafe.Pointer) any {
	if !c.plain || b.general {
		return nil
	}
	switch c.typ.Kind() {
	case reflect.String:
		return func(p unsafe.Pointer) any { return *(*string)(p) }
	case reflect.Bool:
		return func(p unsafe.Pointer) any { return *(*bool)(p) }
	case reflect.Int:
		return func(p unsafe.Pointer) any { return int64(*(*int)(p)) }
	case reflect.Int8:
		return func(p unsafe.Pointer) any { return int64(*(*int8)(p)) }
	case reflect.Int16:
		return func(p unsafe.Pointer) any { return int64(*(*int16)(p)) }
	case reflect.Int32:
		return func(p unsafe.Pointer) any { return int64(*(*int32)(p)) }
	case reflect.Int64:
		return func(p unsafe.Pointer) any { return *(*int64)(p) }
	case reflect.Uint8:
		return func(p unsafe.Pointer) any { return int64(*(*uint8)(p)) }
	case reflect.Uint16:
		return func(p unsafe.Pointer) any { return int64(*(*uint16)(p)) }
	case reflect.Uint32:
		return func(p unsafe.Pointer) any { return int64(*(*uint32)(p)) }
	case reflect.Float32:
		return func(p unsafe.Pointer) any { return float64(*(*float32)(p)) }
	case reflect.Float64:
		return func(p unsafe.Pointer) any { return *(*float64)(p) }
	}
	return nil
}

// inlineKind names the stores decode loops make inline, before calling a
// field's decp: a string into a string kind, an int64 or int into an int64
// kind (and int on 64-bit platforms), a float64 into a float64 kind, a
// bool into a bool kind. They are the first cases of the fast functions of
// fieldDecoder, which handle everything else.
type inlineKind uint8

const (
	inlineNone inlineKind = iota
	inlineString
	inlineInt64
	inlineFloat64
	inlineBool
)

func (b *builder) inlineKindOf(c *codec) inlineKind {
	if !c.plain || b.general {
		return inlineNone
	}
	switch c.typ.Kind() {
	case reflect.String:
		return inlineString
	case reflect.Int64:
		return inlineInt64
	case reflect.Int:
		if strconv.IntSize == 64 {
			return inlineInt64
		}
	case reflect.Float64:
		return inlineFloat64
	case reflect.Bool:
		return inlineBool
	}
	return inlineNone
}

// inlineStore makes the store of x at p that field kind k takes as it
// is, and reports whether it did. Decode loops call it before a field's
// decp, which handles everything else; it is small enough to be inlined.
func inlineStore(k inlineKind, p unsafe.Pointer, x any) bool {
	switch x := x.(type) {
	case string:
		if k == inlineString {
			*(*string)(p) = x
			return true
		}
	case int64:
		if k == inlineInt64 {
			*(*int64)(p) = x
			return true
		}
	case int:
		if k == inlineInt64 {
			*(*int64)(p) = int64(x)
			return true
		}
	case float64:
		if k == inlineFloat64 {
			*(*float64)(p) = x
			return true
		}
	case bool:
		if k == inlineBool {
			*(*bool)(p) = x
			return true
		}
	}
	return false
}

// fastInt64 decodes into int64 kinds (time.Duration too) and int on 64-bit
// platforms. The int case is what aerospike-client-go returns for
// integers.
func fastInt64(slow func(unsafe.Pointer, any) error) func(unsafe.Pointer, any) error {
	return func(p unsafe.Pointer, x any) error {
		switch n := x.(type) {
		case int64:
			*(*int64)(p) = n
			return nil
		case int:
			*(*int64)(p) = int64(n)
			return nil
		case nil:
			*(*int64)(p) = 0
			return nil
		}
		return slow(p, x)
	}
}

// decodeAt stores x (nil means the zero value) into field f of the struct
// of type t at base. *v is that struct as a settable reflect.Value, made
// here on first need (most fields decode without one).
func (f *field) decodeAt(t reflect.Type, base unsafe.Pointer, v *reflect.Value, x any) error {
	if f.decp != nil {
		return f.decp(unsafe.Add(base, f.off), x)
	}
	if !v.IsValid() {
		*v = reflect.NewAt(t, base).Elem()
	}
	fv := f.value(*v)
	if x == nil {
		fv.SetZero()
		return nil
	}
	return f.c.dec(fv, x)
}

var (
	stringsType      = reflect.TypeFor[[]string]()
	stringIntMapType = reflect.TypeFor[map[string]int]()
	stringPtrType    = reflect.TypeFor[*string]()
)

// setFastCodec replaces the general functions of c by fast ones for a few
// common types.
func setFastCodec(c *codec, t reflect.Type) {
	switch t {
	case stringsType:
		c.enc = encodeStrings
		c.decp = decodeStrings
	case stringIntMapType:
		c.enc = encodeStringIntMap
		c.decp = decodeStringIntMap
	case stringPtrType:
		c.enc = encodeStringPtr
		c.decp = decodeStringPtr
	default:
		return
	}
	c.dec = decViaPointer(c.decp)
}

// fastValue returns the value of type T that v holds, from its address
// when it has one (v.Interface would copy a slice header to the heap).
func fastValue[T any](v reflect.Value) T {
	if v.CanAddr() {
		return *(*T)(unsafe.Pointer(v.UnsafeAddr()))
	}
	return v.Interface().(T)
}

func encodeStringPtr(v reflect.Value, depth int) (any, error) {
	s := fastValue[*string](v)
	if s == nil {
		return nil, nil
	}
	if depth >= maxDepth {
		return nil, depthError()
	}
	return *s, nil
}

func encodeStrings(v reflect.Value, depth int) (any, error) {
	s := fastValue[[]string](v)
	if s == nil {
		return nil, nil
	}
	if depth >= maxDepth {
		return nil, depthError()
	}
	out := make([]any, len(s))
	for i, e := range s {
		out[i] = e
	}
	return out, nil
}

func decodeStringPtr(p unsafe.Pointer, x any) error {
	switch s := x.(type) {
	case string:
		*(**string)(p) = &s
		return nil
	case nil:
		*(**string)(p) = nil
		return nil
	}
	return mismatch(x, stringPtrType.Elem())
}

func decodeStrings(p unsafe.Pointer, x any) error {
	l, ok := x.([]any)
	if !ok {
		if x == nil {
			*(*[]string)(p) = nil
			return nil
		}
		return mismatch(x, stringsType)
	}
	s := make([]string, len(l))
	for i, e := range l {
		if e == nil {
			continue
		}
		str, ok := e.(string)
		if !ok {
			return prefix(mismatch(e, stringsType.Elem()), indexPath(i))
		}
		s[i] = str
	}
	*(*[]string)(p) = s
	return nil
}

func encodeStringIntMap(v reflect.Value, depth int) (any, error) {
	m := fastValue[map[string]int](v)
	if m == nil {
		return nil, nil
	}
	if depth >= maxDepth {
		return nil, depthError()
	}
	out := make(map[any]any, len(m))
	for k, e := range m {
		out[k] = int64(e)
	}
	return out, nil
}

// decodeStringIntMap decodes what the general map codec decodes into a
// map[string]int (map[any]any and map[string]any), with its checks: a key
// that is nil or not a string, an element that is not an integer or
// overflows int (on 32-bit platforms).
func decodeStringIntMap(p unsafe.Pointer, x any) error {
	var out map[string]int
	switch m := x.(type) {
	case nil:
	case map[any]any:
		out = make(map[string]int, len(m))
		for k, e := range m {
			ks, ok := k.(string)
			if !ok {
				if k == nil {
					return errorf("nil map key")
				}
				return prefix(mismatch(k, stringIntMapType.Key()), "[key "+value.KeyString(k)+"]")
			}
			if n, ok := e.(int); ok { // the client's integers
				out[ks] = n
			} else if n, ok := e.(int64); ok && strconv.IntSize == 64 {
				out[ks] = int(n)
			} else if err := putStringInt(out, ks, e); err != nil {
				return err
			}
		}
	case map[string]any:
		out = make(map[string]int, len(m))
		for k, e := range m {
			if n, ok := e.(int); ok {
				out[k] = n
			} else if n, ok := e.(int64); ok && strconv.IntSize == 64 {
				out[k] = int(n)
			} else if err := putStringInt(out, k, e); err != nil {
				return err
			}
		}
	default:
		return mismatch(x, stringIntMapType)
	}
	*(*map[string]int)(p) = out
	return nil
}

// putStringInt stores e, an integer that fits an int or nil, into out[k].
func putStringInt(out map[string]int, k string, e any) error {
	var n int64
	if e != nil {
		var ok bool
		if n, ok = value.Int64(e); !ok {
			return prefix(mismatch(e, stringIntMapType.Elem()), keyPath(k))
		}
		if strconv.IntSize == 32 && (n < math.MinInt32 || n > math.MaxInt32) {
			return prefix(errorf("value %d overflows %s", n, stringIntMapType.Elem()), keyPath(k))
		}
	}
	out[k] = int(n)
	return nil
}
