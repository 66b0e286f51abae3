package mapper

import "reflect"

// EncodeValue returns the canonical value the mapper stores for v, as it
// encodes a field of v's type: a struct as the map of its plan, a
// time.Time as its integer, a slice as a list of encoded elements, and so
// on. A nil v is nil.
func EncodeValue(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	c, err := codecOf(reflect.TypeOf(v))
	if err != nil {
		return nil, err
	}
	return c.enc(reflect.ValueOf(v), 0)
}

// DecodeValue stores the canonical value x into the variable out points
// to, as the mapper decodes a field of that type; a nil x stores the zero
// value.
func DecodeValue(x any, out any) error {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &Error{Msg: "DecodeValue: out is not a non-nil pointer"}
	}
	ev := rv.Elem()
	if x == nil {
		ev.SetZero()
		return nil
	}
	c, err := codecOf(ev.Type())
	if err != nil {
		return err
	}
	return c.dec(ev, x)
}
