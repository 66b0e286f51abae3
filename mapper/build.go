package mapper

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// MaxBinNameLen is the longest bin name the Aerospike server accepts, in
// bytes (server: AS_BIN_NAME_MAX_SZ - 1 = 15; the same limit as
// driver.MaxBinNameLen, restated because this package imports only the
// standard library).
const MaxBinNameLen = 15

// maxDepth bounds the nesting of lists, maps and structs that Encode
// follows, so that a cyclic value (a pointer cycle, a []any holding itself)
// is an error rather than a stack overflow. It is this package's own limit.
const maxDepth = 100

// Tag names. aeroTag is this package's; asTag and asmTag are
// aerospike-client-go's defaults (marshal.go: aerospikeTag = "as",
// aerospikeMetaTag = "asm").
const (
	aeroTag = "aero"
	asTag   = "as"
	asmTag  = "asm"
)

type metaKind uint8

const (
	metaNone metaKind = iota
	metaKey
	metaGen
	metaTTL
)

type omitMode uint8

const (
	omitNever omitMode = iota
	omitEmpty          // json's and the client's isEmptyValue
	omitZero           // reflect.Value.IsZero, or an IsZero() bool method
)

// field is one mapped struct field.
type field struct {
	name   string // bin name (top level) or map key (nested)
	key    any    // name, boxed once for map[any]any lookups and inserts
	goPath string // dotted Go path from the struct, through embedded structs
	index  []int
	idx0   int // index[0] when len(index) == 1, else -1
	omit   omitMode
	meta   metaKind
	keyBin bool // a key field that is also written as a bin
	asm    bool // meta field declared with the client's asm tag
	c      *codec
	typ    reflect.Type
	fast   fastKind // inlined decoding of the commonest canonical values
	off    uintptr  // offset of the field in the struct, for fast kinds
}

// fastKind lets decode loops store the commonest canonical values into
// fields of plain kinds without calling their codec.
type fastKind uint8

const (
	fastNone    fastKind = iota
	fastString           // string kinds
	fastInt64            // int64 kinds (time.Duration too), and int on 64-bit
	fastFloat64          // float64 kinds
	fastBool             // bool kinds
	fastInt32            // int32 kinds, range-checked
	fastUint32           // uint32 kinds, range-checked
)

// fastKindOf returns the fast kind of a field whose codec is c: only plain
// kinds (no Marshaler or TextMarshaler of their own) have one.
func fastKindOf(c *codec) fastKind {
	if !c.plain {
		return fastNone
	}
	switch c.typ.Kind() {
	case reflect.String:
		return fastString
	case reflect.Int64:
		return fastInt64
	case reflect.Int:
		if strconv.IntSize == 64 {
			return fastInt64
		}
	case reflect.Float64:
		return fastFloat64
	case reflect.Bool:
		return fastBool
	case reflect.Int32:
		return fastInt32
	case reflect.Uint32:
		return fastUint32
	}
	return fastNone
}

// decodeFast stores x into the field at base+f.off when the field is of a
// fast kind and x is its canonical type (nil means the zero value), and
// reports whether it did. It writes through unsafe.Pointer: base is the
// address of a settable struct of the type the field was planned for (see
// Plan.Decode), and f.fast guarantees the field's exact Go type, so each
// store is the one reflect's Set* would make without its per-call checks.
func (f *field) decodeFast(base unsafe.Pointer, x any) bool {
	p := unsafe.Add(base, f.off)
	switch f.fast {
	case fastString:
		switch s := x.(type) {
		case string:
			*(*string)(p) = s
			return true
		case nil:
			*(*string)(p) = ""
			return true
		}
	case fastInt64:
		switch n := x.(type) {
		case int64:
			*(*int64)(p) = n
			return true
		case int:
			*(*int64)(p) = int64(n)
			return true
		case nil:
			*(*int64)(p) = 0
			return true
		}
	case fastInt32:
		switch n := x.(type) {
		case int64:
			if n >= math.MinInt32 && n <= math.MaxInt32 {
				*(*int32)(p) = int32(n)
				return true
			}
		case nil:
			*(*int32)(p) = 0
			return true
		}
	case fastUint32:
		switch n := x.(type) {
		case int64:
			if n >= 0 && n <= math.MaxUint32 {
				*(*uint32)(p) = uint32(n)
				return true
			}
		case nil:
			*(*uint32)(p) = 0
			return true
		}
	case fastFloat64:
		switch n := x.(type) {
		case float64:
			*(*float64)(p) = n
			return true
		case nil:
			*(*float64)(p) = 0
			return true
		}
	case fastBool:
		switch b := x.(type) {
		case bool:
			*(*bool)(p) = b
			return true
		case nil:
			*(*bool)(p) = false
			return true
		}
	}
	return false
}

// decodeField stores x (not nil) into the field value fv.
func (f *field) decode(fv reflect.Value, x any) error {
	switch f.fast {
	case fastString:
		if s, ok := x.(string); ok {
			fv.SetString(s)
			return nil
		}
	case fastInt64:
		if n, ok := x.(int64); ok {
			fv.SetInt(n)
			return nil
		}
	case fastFloat64:
		if n, ok := x.(float64); ok {
			fv.SetFloat(n)
			return nil
		}
	case fastBool:
		if b, ok := x.(bool); ok {
			fv.SetBool(b)
			return nil
		}
	}
	return f.c.dec(fv, x)
}

func (f *field) value(v reflect.Value) reflect.Value {
	if f.idx0 >= 0 {
		return v.Field(f.idx0)
	}
	return v.FieldByIndex(f.index)
}

// codec encodes and decodes values of one Go type.
type codec struct {
	typ reflect.Type
	// enc returns the canonical value of v; nil for a nil pointer, slice,
	// map or interface.
	enc func(v reflect.Value, depth int) (any, error)
	// dec stores x (never nil) into the settable v.
	dec func(v reflect.Value, x any) error
	// fields is set for codecs of structs mapped field by field.
	fields []*field
	// plain is set for the codec of a bool, integer, float or string kind
	// with no marshaler of its own: its values can be stored directly.
	plain bool
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
type builder struct {
	pending map[reflect.Type]*codec
}

func (b *builder) codecFor(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
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
	b := &builder{pending: map[reflect.Type]*codec{}}
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
	textMarshalerType   = reflect.TypeFor[interface{ MarshalText() ([]byte, error) }]()
	textUnmarshalerType = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
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
			return nil
		case m:
			return errorf("type %s implements mapper.Marshaler but *%s does not implement mapper.Unmarshaler", t, t)
		case u:
			return errorf("type *%s implements mapper.Unmarshaler but %s does not implement mapper.Marshaler", t, t)
		}
		if t == timeType {
			setTimeCodec(c)
			return nil
		}
		tm, _ := implements(t, textMarshalerType)
		if tm && reflect.PointerTo(t).Implements(textUnmarshalerType) {
			setTextCodec(c, t)
			return nil
		}
	}
	switch k {
	case reflect.Bool:
		setBoolCodec(c)
		c.plain = true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		setIntCodec(c, t)
		c.plain = true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		setUintCodec(c, t)
		c.plain = true
	case reflect.Float32, reflect.Float64:
		setFloatCodec(c, t)
		c.plain = true
	case reflect.String:
		setStringCodec(c)
		c.plain = true
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			setBytesCodec(c, t)
			return nil
		}
		ec, err := b.codecFor(t.Elem())
		if err != nil {
			return prefix(err, "[]")
		}
		setSliceCodec(c, t, ec)
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			setByteArrayCodec(c, t)
			return nil
		}
		ec, err := b.codecFor(t.Elem())
		if err != nil {
			return prefix(err, "[]")
		}
		setArrayCodec(c, t, ec)
	case reflect.Map:
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
	case reflect.Interface:
		setInterfaceCodec(c, t)
	case reflect.Struct:
		fields, _, err := b.structFields(t, false)
		if err != nil {
			return err
		}
		c.fields = fields
		setStructCodec(c, t)
	default:
		// Chan, Func, Complex64/128, UnsafePointer, Uintptr.
		return errorf("unsupported type %s", t)
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
		setInterfaceCodec(c, t)
		c.dec = func(v reflect.Value, x any) error {
			ck, err := canonical(x)
			if err == nil {
				err = checkKey(ck)
			}
			if err != nil {
				return err
			}
			v.Set(reflect.ValueOf(ck))
			return nil
		}
	default:
		return nil, errorf("unsupported map key type %s (want string, integer, float or any)", t)
	}
	return c, nil
}

// tagInfo is a field's parsed tags.
type tagInfo struct {
	name   string
	skip   bool
	omit   omitMode
	meta   metaKind
	keyBin bool
	asm    bool
	hasTag bool // an aero tag is present (its rules apply, not the client's)
}

func parseTags(f reflect.StructField) (tagInfo, error) {
	var ti tagInfo
	if tag, ok := f.Tag.Lookup(aeroTag); ok {
		ti.hasTag = true
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" && !strings.Contains(tag, ",") {
			ti.skip = true
			return ti, nil
		}
		ti.name = name
		bin := false
		if opts != "" {
			for o := range strings.SplitSeq(opts, ",") {
				var m metaKind
				switch o {
				case "omitempty":
					ti.omit = omitEmpty
					continue
				case "omitzero":
					ti.omit = omitZero
					continue
				case "bin":
					bin = true
					continue
				case "key":
					m = metaKey
				case "gen":
					m = metaGen
				case "ttl":
					m = metaTTL
				default:
					return ti, errorf("unknown option %q in tag `aero:%q`", o, tag)
				}
				if ti.meta != metaNone && ti.meta != m {
					return ti, errorf("tag `aero:%q` has more than one of key, gen, ttl", tag)
				}
				ti.meta = m
			}
		}
		if bin {
			if ti.meta != metaKey {
				return ti, errorf("option bin in tag `aero:%q` is only valid with key", tag)
			}
			ti.keyBin = true
		}
		if ti.meta != metaNone && !ti.keyBin && ti.omit != omitNever {
			return ti, errorf("tag `aero:%q`: omitempty/omitzero apply to bins, not to key, gen or ttl", tag)
		}
		if ti.name == "" {
			ti.name = f.Name
		}
		return ti, nil
	}
	// aerospike-client-go rules (marshal.go fillMapping, fieldAlias,
	// fieldIsOmitOnEmpty, fieldIsMetadata): the name is the part of the as
	// tag before the first comma, trimmed of spaces; "-" skips the field;
	// ",omitempty" anywhere in it omits empty values; a non-blank asm tag
	// makes the field metadata ("gen" or "ttl"), and having both is an
	// error.
	as := strings.TrimSpace(stripOptions(f.Tag.Get(asTag)))
	asm := strings.TrimSpace(f.Tag.Get(asmTag))
	if asm != "" {
		if as != "" {
			return ti, errorf("field has both `as` and `asm` tags (aerospike-client-go rejects this too)")
		}
		ti.asm = true
		ti.name = f.Name
		switch asm {
		case "gen":
			ti.meta = metaGen
		case "ttl":
			ti.meta = metaTTL
		default:
			return ti, errorf("invalid metadata tag `asm:%q` (want gen or ttl)", asm)
		}
		return ti, nil
	}
	if as == "-" {
		ti.skip = true
		return ti, nil
	}
	ti.name = as
	if ti.name == "" {
		ti.name = f.Name
	}
	if strings.Contains(f.Tag.Get(asTag), ",omitempty") {
		ti.omit = omitEmpty
	}
	// The key option of the client's newer object API: as:",key" marks the
	// user key, which lives in the record's key, not in a bin; with a name
	// (as:"id,key") the value is also written to that bin, the way
	// aero:"id,key,bin" does.
	if _, opts, ok := strings.Cut(f.Tag.Get(asTag), ","); ok {
		for o := range strings.SplitSeq(opts, ",") {
			if strings.TrimSpace(o) == "key" {
				ti.meta = metaKey
				ti.keyBin = as != ""
				ti.omit = omitNever
			}
		}
	}
	return ti, nil
}

func stripOptions(tag string) string {
	if i := strings.IndexByte(tag, ','); i >= 0 {
		return tag[:i]
	}
	return tag
}

// structFields lists the mapped fields of struct t, flattening embedded
// structs. With top set, meta fields (key, gen, ttl) are returned
// separately; otherwise they are skipped, as the client skips asm fields of
// nested structs (marshal.go setBinMap). Names must be unique.
func (b *builder) structFields(t reflect.Type, top bool) (fields, meta []*field, err error) {
	seen := map[string]string{}
	err = b.collect(t, nil, "", top, seen, &fields, &meta)
	for _, f := range fields {
		f.off = offsetOf(t, f.index)
	}
	return fields, meta, err
}

// offsetOf returns the byte offset of the field at index in struct t. The
// path runs through embedded struct values only (embedded pointers are not
// flattened), so the offsets add up.
func offsetOf(t reflect.Type, index []int) uintptr {
	var off uintptr
	for _, i := range index {
		sf := t.Field(i)
		off += sf.Offset
		t = sf.Type
	}
	return off
}

func (b *builder) collect(t reflect.Type, index []int, path string, top bool, seen map[string]string, fields, meta *[]*field) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		idx := append(append(make([]int, 0, len(index)+1), index...), i)
		goPath := path + sf.Name
		// An embedded struct (not a pointer to one) is flattened, exported
		// or not, as the client does: marshal.go setBinMap and fillMapping
		// test fld.Anonymous && Kind == Struct before looking at any tag,
		// so as/asm tags on it are ignored. With an aero tag, "-" skips it,
		// a name makes it a nested map (as in encoding/json), and an empty
		// name flattens it.
		aeroName, hasAero := "", false
		if tag, ok := sf.Tag.Lookup(aeroTag); ok {
			aeroName, _, _ = strings.Cut(tag, ",")
			hasAero = tag != "-"
			if !hasAero {
				continue
			}
		}
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && aeroName == "" {
			if err := b.collect(sf.Type, idx, goPath+".", top, seen, fields, meta); err != nil {
				return err
			}
			continue
		}
		ti, err := parseTags(sf)
		if err != nil {
			return prefix(err, "."+goPath)
		}
		if ti.skip {
			continue
		}
		if !sf.IsExported() {
			continue
		}
		f := &field{
			name: ti.name, goPath: goPath, index: idx, idx0: -1,
			omit: ti.omit, meta: ti.meta, keyBin: ti.keyBin, asm: ti.asm, typ: sf.Type,
		}
		if len(idx) == 1 {
			f.idx0 = idx[0]
		}
		if f.meta != metaNone {
			if !top {
				if !f.keyBin {
					continue
				}
			} else {
				if err := checkMetaType(f); err != nil {
					return prefix(err, "."+goPath)
				}
				if f.meta == metaKey {
					c, err := b.codecFor(sf.Type)
					if err != nil {
						return prefix(err, "."+goPath)
					}
					f.c = c
				}
				*meta = append(*meta, f)
				if !f.keyBin {
					continue
				}
			}
		}
		if prev, dup := seen[f.name]; dup {
			return prefix(errorf("duplicate bin name %q (also used by field %s)", f.name, prev), "."+goPath)
		}
		seen[f.name] = goPath
		c, err := b.codecFor(sf.Type)
		if err != nil {
			return prefix(err, "."+goPath)
		}
		f.c = c
		f.fast = fastKindOf(c)
		f.key = f.name
		*fields = append(*fields, f)
	}
	return nil
}

func checkMetaType(f *field) error {
	k := f.typ.Kind()
	switch f.meta {
	case metaKey:
		switch {
		case k == reflect.String, isIntKind(k), isUintKind(k):
			return nil
		case k == reflect.Slice && f.typ.Elem().Kind() == reflect.Uint8:
			return nil
		}
		return errorf("key field has type %s (want string, integer or []byte)", f.typ)
	case metaGen:
		if isIntKind(k) || isUintKind(k) {
			return nil
		}
		return errorf("gen field has type %s (want an integer type)", f.typ)
	case metaTTL:
		if isIntKind(k) || isUintKind(k) {
			return nil
		}
		return errorf("ttl field has type %s (want time.Duration or an integer type of seconds)", f.typ)
	}
	return nil
}

func isIntKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Int64
}

func isUintKind(k reflect.Kind) bool {
	return k >= reflect.Uint && k <= reflect.Uint64
}
