package mapper

import (
	"reflect"

	"github.com/aerokit/aero/internal/value"
)

// Marshaler is implemented by types that choose their own stored value.
// MarshalAero returns a value that Encode accepts in an interface field
// (a canonical value, any integer or float kind, a slice, map, struct or
// pointer of supported types); it is normalised to canonical types.
type Marshaler interface {
	MarshalAero() (any, error)
}

// Unmarshaler is implemented by pointers to types that decode their own
// stored value. UnmarshalAero receives the value in canonical types (nil,
// bool, int64, float64, string, []byte, []any, map[any]any), never nil: a
// missing or nil bin sets the field to its zero value without calling it.
// A type implementing one of Marshaler and Unmarshaler must implement both.
type Unmarshaler interface {
	UnmarshalAero(any) error
}

type textMarshaler interface {
	MarshalText() ([]byte, error)
}

type textUnmarshaler interface {
	UnmarshalText([]byte) error
}

// encodeAny returns the canonical value of x, for interface fields and the
// results of MarshalAero: the value model's normalizer (internal/value, the
// one driver.Normalize is), with this package's codecs choosing the value
// of the types it owns (structs, pointers, time.Time, marshalers) wherever
// they appear in x.
func encodeAny(x any, depth int) (any, error) {
	n, err := value.NormalizeWith(x, depth, encodeOwn)
	if err != nil {
		return nil, fromValueError(err)
	}
	return n, nil
}

// encodeOwn is the value.Custom of encodeAny.
func encodeOwn(x any, depth int) (any, bool, error) {
	c, err := codecOf(reflect.TypeOf(x))
	if err != nil {
		return nil, true, err
	}
	if !c.own {
		return nil, false, nil
	}
	out, err := c.enc(reflect.ValueOf(x), depth)
	return out, true, err
}

// canonical converts a decoded value to the canonical types, for interface
// fields and UnmarshalAero, with the value model's normalizer: the client's
// int, float32 and map[string]any become int64, float64 and map[any]any, and
// named scalar types (the client's GeoJSONValue, a string) their kind's
// value. Canonical values are returned as they are.
func canonical(x any) (any, error) {
	n, err := value.Normalize(x)
	if err != nil {
		return nil, fromValueError(err)
	}
	return n, nil
}

// fromValueError turns an error of the value model into this package's,
// keeping the path inside the value and an error of this package's codecs
// found there.
func fromValueError(err error) error {
	ve, ok := err.(*value.Error)
	if !ok {
		return err
	}
	if e, ok := ve.Err.(*Error); ok {
		e.Path = ve.Path + e.Path
		return e
	}
	return &Error{Path: ve.Path, Msg: ve.Msg, Err: ve.Err}
}

func setInterfaceCodec(c *codec, t reflect.Type) {
	empty := t.NumMethod() == 0
	c.enc = func(v reflect.Value, depth int) (any, error) {
		if v.IsNil() {
			return nil, nil
		}
		return encodeAny(v.Elem().Interface(), depth)
	}
	c.dec = func(v reflect.Value, x any) error {
		if !empty {
			return errorf("cannot decode %s into non-empty interface type %s", typeName(x), t)
		}
		cx, err := canonical(x)
		if err != nil {
			return err
		}
		if cx == nil {
			v.SetZero()
			return nil
		}
		v.Set(reflect.ValueOf(cx))
		return nil
	}
}

// setInterfaceKeyCodec is the codec of an interface map key (map[any]T):
// canonical key values both ways.
func setInterfaceKeyCodec(c *codec) {
	setInterfaceCodec(c, c.typ)
	c.dec = func(v reflect.Value, x any) error {
		ck, err := value.NormalizeKey(x)
		if err != nil {
			return fromValueError(err)
		}
		v.Set(reflect.ValueOf(ck))
		return nil
	}
}

// receiver returns the value to call a marshaling method of t on: v itself,
// or its address when the method has a pointer receiver (a copy's address
// when v is not addressable).
func receiver(v reflect.Value, t reflect.Type, needAddr bool) any {
	if !needAddr {
		return v.Interface()
	}
	if !v.CanAddr() {
		nv := reflect.New(t).Elem()
		nv.Set(v)
		v = nv
	}
	return v.Addr().Interface()
}

func setMarshalerCodec(c *codec, t reflect.Type) {
	_, needAddr := implements(t, marshalerType)
	c.enc = func(v reflect.Value, depth int) (any, error) {
		if depth >= maxDepth {
			return nil, depthError()
		}
		x, err := receiver(v, t, needAddr).(Marshaler).MarshalAero()
		if err != nil {
			return nil, &Error{Msg: "MarshalAero of " + t.String(), Err: err}
		}
		return encodeAny(x, depth+1)
	}
	c.dec = func(v reflect.Value, x any) error {
		cx, err := canonical(x)
		if err != nil {
			return err
		}
		v.SetZero()
		if err := v.Addr().Interface().(Unmarshaler).UnmarshalAero(cx); err != nil {
			return &Error{Msg: "UnmarshalAero of *" + t.String(), Err: err}
		}
		return nil
	}
}

// setTextCodec stores types implementing encoding.TextMarshaler (with
// *T implementing encoding.TextUnmarshaler) as strings.
func setTextCodec(c *codec, t reflect.Type) {
	_, needAddr := implements(t, textMarshalerType)
	c.enc = func(v reflect.Value, _ int) (any, error) {
		b, err := receiver(v, t, needAddr).(textMarshaler).MarshalText()
		if err != nil {
			return nil, &Error{Msg: "MarshalText of " + t.String(), Err: err}
		}
		return string(b), nil
	}
	c.dec = func(v reflect.Value, x any) error {
		s, ok := x.(string)
		if !ok {
			return mismatch(x, t)
		}
		v.SetZero()
		if err := v.Addr().Interface().(textUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return &Error{Msg: "UnmarshalText of *" + t.String(), Err: err}
		}
		return nil
	}
}
