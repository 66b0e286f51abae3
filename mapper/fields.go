package mapper

import (
	"math"
	"reflect"
	"strings"
	"unsafe"
)

// field is one mapped struct field. The members a nested struct's decode
// reads of it (from the map[any]any a client returns) come first and fit
// in one 64-byte cache line (TestFieldHotMembersShareALine): a decode
// right after a network read finds them out of cache. A plan's top-level
// decode reads a packed copy of its own members instead (hotField).
type field struct {
	key       any     // name, boxed once for map[any]any lookups and inserts
	aliasKeys []any   // aliases, boxed once
	off       uintptr // offset of the field in the struct
	// inline names the commonest stores, which decode loops make without
	// a call (see inlineStore).
	inline inlineKind
	omit   omitMode
	// decp decodes into the field at its address without reflection when
	// set (see fieldDecoder).
	decp    func(p unsafe.Pointer, x any) error
	name    string   // bin name (top level) or map key (nested)
	aliases []string // older names read when name is absent, in order
	// encp encodes the field from its address without reflection when set
	// (see fieldEncoder).
	encp     func(p unsafe.Pointer) any
	c        *codec
	goPath   string // dotted Go path from the struct, through embedded structs
	index    []int
	idx0     int // index[0] when len(index) == 1, else -1
	meta     metaKind
	keyBin   bool      // a key field that is also written as a bin
	asm      bool      // meta field declared with the client's asm tag
	sindex   IndexKind // the secondary index the tag declares
	sindexOn IndexOn   // what of the bin it holds
	typ      reflect.Type
}

func (f *field) value(v reflect.Value) reflect.Value {
	if f.idx0 >= 0 {
		return v.Field(f.idx0)
	}
	return v.FieldByIndex(f.index)
}

// hotField is what decodeAt reads of a field on every record, packed: 32
// bytes, two fields to a cache line, the plan's in one array, their names
// in one string. A field itself spans three lines, one of them read per
// field; a decode that touches half as many lines reads a record faster
// when the caches are cold, as they are after a network call (issue 18).
type hotField struct {
	name    string
	decp    func(p unsafe.Pointer, x any) error
	off     uint32
	inline  inlineKind
	aliased bool // the field has aliases: lookup reads them
}

// hotFields packs the fields' hot members, in order. A field 4 GiB or more
// into its struct (behind a huge array) is an error naming it.
func hotFields(fields []*field) ([]hotField, error) {
	var names strings.Builder
	for _, f := range fields {
		names.WriteString(f.name)
	}
	all := names.String()
	hot := make([]hotField, len(fields))
	for i, f := range fields {
		if f.off > math.MaxUint32 {
			return nil, &Error{Path: "." + f.goPath, Msg: "field is 4 GiB or more into its struct"}
		}
		hot[i] = hotField{name: all[:len(f.name)], decp: f.decp, off: uint32(f.off), inline: f.inline, aliased: len(f.aliases) > 0}
		all = all[len(f.name):]
	}
	return hot, nil
}

// lookup returns the value of f in a bin map: its bin, or when that is
// absent (missing or nil: Aerospike has no nil bins) the first of its
// aliases that is present.
func (f *field) lookup(bins map[string]any) any {
	x := bins[f.name]
	if x == nil {
		for _, a := range f.aliases {
			if x = bins[a]; x != nil {
				break
			}
		}
	}
	return x
}

// lookupKey is lookup for a nested struct stored as map[any]any.
func (f *field) lookupKey(m map[any]any) any {
	x := m[f.key]
	if x == nil {
		for _, a := range f.aliasKeys {
			if x = m[a]; x != nil {
				break
			}
		}
	}
	return x
}

// structFields lists the mapped fields of struct t, flattening embedded
// structs. With top set, meta fields (key, gen, ttl) are returned
// separately; otherwise they are skipped, as the client skips asm fields of
// nested structs (marshal.go setBinMap). Names and aliases must be unique.
func (b *builder) structFields(t reflect.Type, top bool) (fields, meta []*field, err error) {
	seen := map[string]string{}
	err = b.collect(t, nil, "", top, seen, &fields, &meta)
	for _, f := range fields {
		f.off = offsetOf(t, f.index)
	}
	for _, f := range meta {
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
		aeroName, aeroOpts := "", ""
		if tag, ok := sf.Tag.Lookup(aeroTag); ok {
			if tag == "-" {
				continue
			}
			aeroName, aeroOpts, _ = strings.Cut(tag, ",")
		}
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && aeroName == "" {
			if strings.Contains(aeroOpts, aliasOpt) {
				return prefix(errorf("alias on a flattened embedded struct (name the bin to store it as a map, or put aliases on its fields)"), "."+goPath)
			}
			if err := b.collect(sf.Type, idx, goPath+".", top, seen, fields, meta); err != nil {
				return err
			}
			continue
		}
		ti, err := parseTags(sf)
		if err != nil {
			return prefix(err, "."+goPath)
		}
		if ti.skip || !sf.IsExported() {
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
			if !top && !f.keyBin {
				continue
			}
			if top {
				if err := checkMetaType(f); err != nil {
					return prefix(err, "."+goPath)
				}
				if f.meta == metaKey {
					c, err := b.codecFor(sf.Type)
					if err != nil {
						return prefix(err, "."+goPath)
					}
					f.c = c
					if sf.Type.Kind() != reflect.Slice {
						// SetKey's store; a []byte key is copied and
						// checked by SetKey's general path.
						f.decp = b.fieldDecoder(c)
					}
				}
				*meta = append(*meta, f)
				if !f.keyBin {
					continue
				}
			}
		}
		if ti.index {
			if !top {
				return prefix(errorf("index applies to top-level bins (a field of a nested struct is inside its parent's map bin)"), "."+goPath)
			}
			if f.sindex, f.sindexOn, err = b.indexOf(sf.Type, ti.indexOn); err != nil {
				return prefix(err, "."+goPath)
			}
		}
		if err := claimNames(seen, f, ti.aliases); err != nil {
			return prefix(err, "."+goPath)
		}
		c, err := b.codecFor(sf.Type)
		if err != nil {
			return prefix(err, "."+goPath)
		}
		f.c = c
		f.decp = b.fieldDecoder(c)
		f.inline = b.inlineKindOf(c)
		if f.omit == omitNever {
			f.encp = b.fieldEncoder(c)
		}
		f.key = f.name
		*fields = append(*fields, f)
	}
	return nil
}

// claimNames records the bin name and aliases of f in seen (name -> what
// uses it), reporting a name or alias used twice in the struct.
func claimNames(seen map[string]string, f *field, aliases []string) error {
	if prev, dup := seen[f.name]; dup {
		return errorf("duplicate bin name %q (also used by %s)", f.name, prev)
	}
	seen[f.name] = "field " + f.goPath
	for _, a := range aliases {
		if a == f.name {
			return errorf("alias %q is the field's own bin name", a)
		}
		if prev, dup := seen[a]; dup {
			return errorf("alias %q is already used by %s", a, prev)
		}
		seen[a] = "an alias of field " + f.goPath
		f.aliases = append(f.aliases, a)
		f.aliasKeys = append(f.aliasKeys, a)
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

// isEmptyValue is the client's (marshal.go isEmptyValue, itself copied from
// encoding/json) definition of empty, for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

type isZeroer interface{ IsZero() bool }

var isZeroerType = reflect.TypeFor[isZeroer]()

func omitted(f *field, v reflect.Value) bool {
	switch f.omit {
	case omitEmpty:
		return isEmptyValue(v)
	case omitZero:
		// As encoding/json's omitzero: an IsZero method wins.
		if f.typ.Implements(isZeroerType) {
			if f.typ.Kind() == reflect.Pointer && v.IsNil() {
				return true
			}
			return v.Interface().(isZeroer).IsZero()
		}
		return v.IsZero()
	}
	return false
}
