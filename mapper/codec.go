package mapper

import (
	"reflect"
	"sync"
	"time"
	"unsafe"
)

// codec encodes and decodes values of one Go type.
type codec struct {
	typ reflect.Type
	// enc returns the canonical value of v; nil for a nil pointer, slice,
	// map or interface.
	enc func(v reflect.Value, depth int) (any, error)
	// dec stores x (never nil) into the settable v.
	dec func(v reflect.Value, x any) error
	// decp, when set, stores x into the value of the codec's type at p,
	// nil meaning the zero value: dec without a reflect.Value, for codecs
	// that work on memory directly. p is the address of a settable value
	// of exactly that type.
	decp func(p unsafe.Pointer, x any) error
	// fields is set for codecs of structs mapped field by field.
	fields []*field
	// plain is set for the codec of a bool, integer, float or string kind
	// with no marshaler of its own: its values can be stored directly.
	plain bool
	// own is set for types whose stored value this package chooses rather
	// than the value model's rules (internal/value): structs, pointers,
	// time.Time and types with marshaling methods. Values of these types
	// met inside interfaces are encoded by their codec.
	own bool
	// kind is what the codec stores values as (TypeInfoOf): set by fill
	// with the encoding it chooses, so that the description of a type and
	// its encoding are one decision.
	kind Kind
}

var (
	buildMu sync.Mutex
	codecs  sync.Map // reflect.Type -> *codec, complete codecs only
	plans   sync.Map // reflect.Type -> *planEntry
)

type planEntry struct {
	plan *Plan
	err  error
}

// builder builds codecs under buildMu. Codecs being built are kept in
// pending so that a recursive type (a struct holding a pointer to itself)
// refers to its own codec, whose functions are filled in before any of them
// is called. pending is published to codecs only when the whole build
// succeeds.
//
// A builder with general set builds codecs without any fast path, outside
// the caches: the reference the fast paths are tested against (they must
// give the same results).
type builder struct {
	pending map[reflect.Type]*codec
	general bool
}

func newBuilder() *builder { return &builder{pending: map[reflect.Type]*codec{}} }

func (b *builder) codecFor(t reflect.Type) (*codec, error) {
	if !b.general {
		if c, ok := codecs.Load(t); ok {
			return c.(*codec), nil
		}
	}
	if c, ok := b.pending[t]; ok {
		return c, nil
	}
	c := &codec{typ: t}
	b.pending[t] = c
	if err := b.fill(c, t); err != nil {
		return nil, err
	}
	return c, nil
}

func (b *builder) publish() {
	if b.general {
		return
	}
	for t, c := range b.pending {
		codecs.LoadOrStore(t, c)
	}
}

// codecOf returns the codec of t, building it if needed (for values met at
// run time inside interfaces).
func codecOf(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	b := newBuilder()
	c, err := b.codecFor(t)
	if err != nil {
		return nil, err
	}
	b.publish()
	return c, nil
}

var (
	marshalerType       = reflect.TypeFor[Marshaler]()
	unmarshalerType     = reflect.TypeFor[Unmarshaler]()
	textMarshalerType   = reflect.TypeFor[textMarshaler]()
	textUnmarshalerType = reflect.TypeFor[textUnmarshaler]()
	timeType            = reflect.TypeFor[time.Time]()
	durationType        = reflect.TypeFor[time.Duration]()
)

// implements reports whether t or *t implements it, and whether the method
// needs an address.
func implements(t, it reflect.Type) (ok, needAddr bool) {
	if t.Implements(it) {
		return true, false
	}
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(it) {
		return true, true
	}
	return false, false
}

func (b *builder) fill(c *codec, t reflect.Type) error {
	k := t.Kind()
	if k != reflect.Pointer && k != reflect.Interface {
		m, _ := implements(t, marshalerType)
		u := reflect.PointerTo(t).Implements(unmarshalerType)
		switch {
		case m && u:
			setMarshalerCodec(c, t)
			c.own, c.kind = true, KindCustom
			if IsGeo(t) {
				c.kind = KindGeo // package geo's shapes
			}
			return nil
		case m:
			return errorf("type %s implements mapper.Marshaler but *%s does not implement mapper.Unmarshaler", t, t)
		case u:
			return errorf("type *%s implements mapper.Unmarshaler but %s does not implement mapper.Marshaler", t, t)
		}
		if t == timeType {
			setTimeCodec(c)
			c.own, c.kind = true, KindTime
			return nil
		}
		tm, _ := implements(t, textMarshalerType)
		if tm && reflect.PointerTo(t).Implements(textUnmarshalerType) {
			setTextCodec(c, t)
			c.own, c.kind = true, KindCustom
			return nil
		}
	}
	switch k {
	case reflect.Bool:
		setBoolCodec(c)
		c.plain, c.kind = true, KindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		setIntCodec(c, t)
		c.plain, c.kind = true, KindInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		setUintCodec(c, t)
		c.plain, c.kind = true, KindInt
	case reflect.Float32, reflect.Float64:
		setFloatCodec(c, t)
		c.plain, c.kind = true, KindFloat
	case reflect.String:
		if t == geoJSONType {
			setGeoJSONCodec(c)
			c.kind = KindGeo
			return nil
		}
		setStringCodec(c)
		c.plain, c.kind = true, KindString
	case reflect.Slice:
		if t == hllType {
			setHLLCodec(c)
			c.kind = KindHLL
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			setBytesCodec(c, t)
			c.kind = KindBlob
			return nil
		}
		c.kind = KindList
		ec, err := b.codecFor(t.Elem())
		if err != nil {
			return prefix(err, "[]")
		}
		setSliceCodec(c, t, ec)
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			setByteArrayCodec(c, t)
			c.kind = KindBlob
			return nil
		}
		c.kind = KindList
		ec, err := b.codecFor(t.Elem())
		if err != nil {
			return prefix(err, "[]")
		}
		setArrayCodec(c, t, ec)
	case reflect.Map:
		c.kind = KindMap
		kc, err := mapKeyCodec(t.Key())
		if err != nil {
			return err
		}
		ec, err := b.codecFor(t.Elem())
		if err != nil {
			return prefix(err, "[]")
		}
		setMapCodec(c, t, kc, ec)
	case reflect.Pointer:
		ec, err := b.codecFor(t.Elem())
		if err != nil {
			return err
		}
		setPointerCodec(c, t, ec)
		c.own, c.kind = true, ec.kind // stored as what it points to
	case reflect.Interface:
		setInterfaceCodec(c, t)
		c.kind = KindAny
	case reflect.Struct:
		c.kind = KindStruct // before its fields, which may point back to it
		fields, _, err := b.structFields(t, false)
		if err != nil {
			return err
		}
		c.fields = fields
		setStructCodec(c, t)
		c.own = true
	default:
		// Chan, Func, Complex64/128, UnsafePointer, Uintptr.
		return errorf("unsupported type %s", t)
	}
	if !b.general {
		setFastCodec(c, t)
	}
	return nil
}

// mapKeyCodec accepts the key types an Aerospike map key can hold as
// canonical values: strings, integers and floats.
func mapKeyCodec(t reflect.Type) (*codec, error) {
	c := &codec{typ: t}
	switch t.Kind() {
	case reflect.String:
		setStringCodec(c)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		setIntCodec(c, t)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		setUintCodec(c, t)
	case reflect.Float32, reflect.Float64:
		setFloatCodec(c, t)
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return nil, errorf("unsupported map key type %s (want string, integer, float or any)", t)
		}
		setInterfaceKeyCodec(c)
	default:
		return nil, errorf("unsupported map key type %s (want string, integer, float or any)", t)
	}
	return c, nil
}
