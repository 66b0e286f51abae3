package mapper

import (
	"reflect"
	"slices"
	"strings"
	"unsafe"
)

// MaxBinNameLen is the longest bin name the Aerospike server accepts, in
// bytes (server: AS_BIN_NAME_MAX_SZ - 1 = 15; the same limit as
// driver.MaxBinNameLen, restated because this package imports only the
// standard library).
const MaxBinNameLen = 15

// Plan maps one struct type to bins and back. It is built once per type by
// PlanFor, is immutable, and is safe for concurrent use.
type Plan struct {
	typ      reflect.Type
	ptr      reflect.Type // *typ
	name     string
	fields   []*field   // bins, in field order
	hot      []hotField // what decodeAt reads of fields, packed (hotFields)
	binNames []string   // bins, then aliases
	key      *field
	gens     []*field
	ttls     []*field
	meta     []*field          // key, gen and ttl fields, for error messages
	paths    map[string]*field // Go field path (full and promoted) -> bin field
	// sealed is set when decoding runs only this package's code, which
	// keeps no address of the value (noescape.go).
	sealed bool
}

// FieldInfo describes a struct field stored in a bin.
type FieldInfo struct {
	// Path is the field's Go path from the struct through embedded structs
	// ("Name", "Base.Note").
	Path string
	// Bin is the bin the field is written to.
	Bin string
	// Aliases are older bin names the field is read from when Bin is
	// absent, in the order they are tried (the alias tag option).
	Aliases []string
	// Type is the field's Go type, against which callers can check values
	// meant for the bin.
	Type reflect.Type
	// Index is the secondary index the field's tag declares (the index
	// option); NoIndex when none.
	Index IndexKind
	// IndexOn is what of the bin the index holds: its value, or a list's
	// elements, a map's keys or values (the type of those is Index).
	IndexOn IndexOn
	// TypeInfo says what the field is stored as (its Kind), and the types
	// of its elements and keys: the one description of the field that
	// queries, field operations and indexes use.
	TypeInfo
}

// PlanFor returns the plan of struct type t (or of the struct a pointer type
// points to). Plans are cached: the first call for a type validates it and
// builds the plan, later calls return the same *Plan or the same error.
func PlanFor(t reflect.Type) (*Plan, error) {
	if t == nil {
		return nil, &Error{Msg: "PlanFor: nil type"}
	}
	if e, ok := plans.Load(t); ok {
		pe := e.(*planEntry)
		return pe.plan, pe.err
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		return nil, &Error{Msg: "type " + t.String() + " is not a struct or a pointer to a struct"}
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	if e, ok := plans.Load(st); ok {
		pe := e.(*planEntry)
		plans.Store(t, pe)
		return pe.plan, pe.err
	}
	b := newBuilder()
	p, err := b.plan(st)
	if err == nil {
		b.publish()
	}
	pe := &planEntry{plan: p, err: err}
	plans.Store(st, pe)
	plans.Store(t, pe)
	return p, err
}

// DecodeInto decodes bins into *dst with the plan of T, as Plan.Decode
// does: every bin field of *dst is overwritten, and its key, gen and ttl
// fields are left as they are. T must be a struct type. It is the way to
// decode bins read outside a Repo (a driver.Record's Bins, a batch or scan
// result, an Operate's returned bins).
func DecodeInto[T any](bins map[string]any, dst *T) error {
	p, err := PlanFor(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	if dst == nil {
		return &Error{Path: p.name, Msg: "DecodeInto: nil destination"}
	}
	// *dst stays where the caller has it (noescape.go).
	base := noescape(unsafe.Pointer(dst))
	if p.sealed {
		return p.decodeAt(bins, base, nil)
	}
	// A method of the user's may keep the address it is given: decode in
	// a copy on the heap.
	cur := reflect.NewAt(p.typ, base).Elem()
	tmp := reflect.New(p.typ)
	tmp.Elem().Set(cur)
	err = p.decodeAt(bins, tmp.UnsafePointer(), nil)
	cur.Set(tmp.Elem())
	return err
}

// plan builds the plan of struct type t.
func (b *builder) plan(t reflect.Type) (*Plan, error) {
	name := structName(t)
	fields, meta, err := b.structFields(t, true)
	if err != nil {
		return nil, prefix(err, name)
	}
	p := &Plan{typ: t, ptr: reflect.PointerTo(t), name: name, fields: fields, meta: meta, paths: map[string]*field{}}
	if p.hot, err = hotFields(fields); err != nil {
		return nil, prefix(err, name)
	}
	p.sealed = !callsUser(t, map[reflect.Type]bool{})
	for _, f := range fields {
		for _, n := range append([]string{f.name}, f.aliases...) {
			if n == "" {
				return nil, &Error{Path: name + "." + f.goPath, Msg: "empty bin name"}
			}
			if len(n) > MaxBinNameLen {
				return nil, &Error{Path: name + "." + f.goPath, Msg: "bin name " + quote(n) + " is longer than 15 bytes"}
			}
		}
		p.binNames = append(p.binNames, f.name)
	}
	for _, f := range fields {
		p.binNames = append(p.binNames, f.aliases...)
	}
	for _, f := range meta {
		switch f.meta {
		case metaKey:
			if p.key != nil {
				return nil, &Error{Path: name + "." + f.goPath, Msg: "more than one key field (also " + p.key.goPath + ")"}
			}
			p.key = f
		case metaGen:
			p.gens = append(p.gens, f)
		case metaTTL:
			p.ttls = append(p.ttls, f)
		}
	}
	// paths maps Go paths to bin fields: the full dotted path through
	// embedded structs, and the promoted name by Go's rule (the shallowest
	// field wins; two at the same depth hide each other).
	type promo struct {
		f     *field
		depth int
		ambig bool
	}
	promoted := map[string]*promo{}
	for _, f := range fields {
		p.paths[f.goPath] = f
		short := f.goPath[strings.LastIndexByte(f.goPath, '.')+1:]
		d := strings.Count(f.goPath, ".")
		switch pr := promoted[short]; {
		case pr == nil || d < pr.depth:
			promoted[short] = &promo{f: f, depth: d}
		case d == pr.depth:
			pr.ambig = true
		}
	}
	for short, pr := range promoted {
		if _, full := p.paths[short]; !full && !pr.ambig {
			p.paths[short] = pr.f
		}
	}
	return p, nil
}

func quote(s string) string { return `"` + s + `"` }

// Type returns the struct type of the plan.
func (p *Plan) Type() reflect.Type { return p.typ }

// BinNames returns the names of every bin the type reads, for selecting
// bins on read: the fields' bins in field order, then their aliases. The
// slice is shared: do not modify it.
func (p *Plan) BinNames() []string { return p.binNames }

// Bin returns the bin that a Go field is stored in, given its name or its
// dotted path through embedded structs (for a promoted field, both "X" and
// "Base.X" work). Fields of nested (non-embedded) structs are not bins and
// are not found; neither are key, gen and ttl fields that are not bins.
// Field says why a field is not found and describes the one found.
func (p *Plan) Bin(fieldPath string) (string, bool) {
	f, ok := p.paths[fieldPath]
	if !ok {
		return "", false
	}
	return f.name, true
}

// Field describes the Go field stored in a bin, given its name or its
// dotted path through embedded structs, as Bin does. A field that is not
// stored in a bin of its own (unknown, unexported or skipped, the key,
// generation or TTL, a field of a nested struct) is an *Error saying so.
func (p *Plan) Field(fieldPath string) (FieldInfo, error) {
	if f, ok := p.paths[fieldPath]; ok {
		return f.info(), nil
	}
	e := &Error{Path: p.name + "." + fieldPath}
	for _, f := range p.meta {
		if f.goPath == fieldPath || strings.HasSuffix(f.goPath, "."+fieldPath) {
			e.Msg = "the " + metaName[f.meta] + " field is not stored in a bin"
			return FieldInfo{}, e
		}
	}
	if head, _, ok := strings.Cut(fieldPath, "."); ok {
		if f, ok := p.paths[head]; ok {
			e.Msg = "a field of a nested value is not a bin (it is inside bin " + quote(f.name) + ")"
			return FieldInfo{}, e
		}
	}
	for _, f := range p.fields {
		if f.name == fieldPath || slices.Contains(f.aliases, fieldPath) {
			e.Msg = "no such field: " + quote(fieldPath) + " is a bin of field " + f.goPath + " (name the Go field)"
			return FieldInfo{}, e
		}
	}
	e.Msg = "no such field stored in a bin (want a Go field name, or a dotted path through embedded structs)"
	return FieldInfo{}, e
}

// FieldOfBin describes the field stored in bin (its own name, not an
// alias), and false when no field is.
func (p *Plan) FieldOfBin(bin string) (FieldInfo, bool) {
	for _, f := range p.fields {
		if f.name == bin {
			return f.info(), true
		}
	}
	return FieldInfo{}, false
}

// info describes a bin field.
func (f *field) info() FieldInfo {
	return FieldInfo{Path: f.goPath, Bin: f.name, Aliases: slices.Clone(f.aliases), Type: f.typ, Index: f.sindex, IndexOn: f.sindexOn, TypeInfo: typeInfo(f.typ, codecOf)}
}

var metaName = [...]string{metaKey: "key", metaGen: "generation", metaTTL: "TTL"}

// structValue returns the struct that v is or points to.
func (p *Plan) structValue(v reflect.Value, op string) (reflect.Value, error) {
	if !v.IsValid() {
		return v, &Error{Path: p.name, Msg: op + ": invalid reflect.Value"}
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, &Error{Path: p.name, Msg: op + ": nil pointer"}
		}
		v = v.Elem()
	}
	if v.Type() != p.typ {
		return v, &Error{Path: p.name, Msg: op + ": value of type " + v.Type().String() + ", want " + p.typ.String()}
	}
	return v, nil
}

func (p *Plan) settable(v reflect.Value, op string) (reflect.Value, error) {
	v, err := p.structValue(v, op)
	if err == nil && !v.CanSet() {
		err = &Error{Path: p.name, Msg: op + ": value is not settable (pass a pointer)"}
	}
	return v, err
}

func (p *Plan) fieldErr(f *field, err error) error {
	err = prefix(err, p.name+"."+f.goPath)
	if e, ok := err.(*Error); ok {
		e.Bin = f.name
	}
	return err
}

// Encode returns the bins of the struct v (a value of p.Type(), addressable
// or not, or a pointer to one). Every bin field is present in the map under
// its current name (never an alias), except omitempty/omitzero fields whose
// value is empty/zero; a nil pointer, slice, map or interface is a nil
// value, which a driver's Put treats as "delete this bin", as
// aerospike-client-go's PutObject does. Blobs share memory with the
// struct's []byte fields.
func (p *Plan) Encode(v reflect.Value) (map[string]any, error) {
	v, err := p.structValue(v, "Encode")
	if err != nil {
		return nil, err
	}
	m := make(map[string]any, len(p.fields))
	var base unsafe.Pointer
	if v.CanAddr() {
		base = unsafe.Pointer(v.UnsafeAddr())
	}
	for _, f := range p.fields {
		if f.encp != nil && base != nil {
			m[f.name] = f.encp(unsafe.Add(base, f.off))
			continue
		}
		fv := f.value(v)
		if f.omit != omitNever && omitted(f, fv) {
			continue
		}
		x, err := f.c.enc(fv, 0)
		if err != nil {
			return nil, p.fieldErr(f, err)
		}
		m[f.name] = x
	}
	return m, nil
}

// Decode stores bins into the struct v (a pointer to a p.Type() value, or
// an addressable one). Every bin field is overwritten: from its bin when
// the bin is present and not nil, else from the first of its aliases that
// is, else with its zero value, so that a reused struct keeps nothing
// stale. Key, gen and ttl fields are not touched (see SetKey,
// SetGeneration, SetTTL); bins no field maps are ignored. On error v may be
// partly written.
func (p *Plan) Decode(bins map[string]any, v reflect.Value) error {
	return p.DecodeWith(bins, v, nil)
}

// DecodeWith is Decode of bins whose values convert turns into what Decode
// takes: each value a field reads (from its bin or an alias), other than
// nil, bool, int, int64, float64, string and []byte, goes through convert
// first; the values no field reads are not looked at. It decodes a record read
// with driver.DecodeGetter, whose convert leaves the record's other bins
// unconverted. An error of convert is returned with the field's path and
// bin, as a decoding error is. A nil convert is Decode.
func (p *Plan) DecodeWith(bins map[string]any, v reflect.Value, convert func(any) (any, error)) error {
	var base unsafe.Pointer
	if v.Kind() == reflect.Pointer && v.Type() == p.ptr && !v.IsNil() && v.CanInterface() {
		// The common call, with a *T.
		base = v.UnsafePointer()
	} else {
		var err error
		if v, err = p.settable(v, "Decode"); err != nil {
			return err
		}
		base = unsafe.Pointer(v.UnsafeAddr())
	}
	return p.decodeAt(bins, base, convert)
}

// decodeAt is Decode into the struct at base. The struct's reflect.Value
// is made only if a field decodes through reflection (field.decodeAt).
func (p *Plan) decodeAt(bins map[string]any, base unsafe.Pointer, convert func(any) (any, error)) error {
	var v reflect.Value
	for i := range p.hot {
		h := &p.hot[i]
		x := bins[h.name]
		if x == nil && h.aliased {
			x = p.fields[i].lookup(bins)
		}
		if convert != nil {
			switch x.(type) {
			case nil, bool, int, int64, float64, string, []byte:
				// Decoded as they are, without convert: an int as the
				// int64 it converts to (see the package doc).
			default:
				var err error
				if x, err = convert(x); err != nil {
					return p.fieldErr(p.fields[i], err)
				}
			}
		}
		fp := unsafe.Add(base, h.off)
		if h.inline != inlineNone && inlineStore(h.inline, fp, x) {
			continue
		}
		var err error
		if h.decp != nil { // decodeField, inlined
			err = h.decp(fp, x)
		} else {
			err = p.fields[i].decodeAt(p.typ, base, &v, x)
		}
		if err != nil {
			f := p.fields[i]
			if n, ok := x.(int); ok && convert != nil {
				// The error names the value convert would have made, as
				// Decode of the converted bins does.
				err = p.decodeField(f, base, fp, &v, int64(n))
			}
			if err != nil {
				return p.fieldErr(f, err)
			}
		}
	}
	return nil
}

// decodeField decodes x into the field f at fp, in the struct at base
// (whose reflect.Value *v is made on first use).
func (p *Plan) decodeField(f *field, base, fp unsafe.Pointer, v *reflect.Value, x any) error {
	if f.decp != nil {
		return f.decp(fp, x)
	}
	return f.decodeAt(p.typ, base, v, x)
}
