package mapper

import (
	"math"
	"reflect"
	"strings"
	"time"
)

// Plan maps one struct type to bins and back. It is built once per type by
// PlanFor, is immutable, and is safe for concurrent use.
type Plan struct {
	typ      reflect.Type
	name     string
	fields   []*field // bins, in field order
	binNames []string
	key      *field
	gens     []*field
	ttls     []*field
	paths    map[string]string // Go field path -> bin name
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
	p, err := buildPlan(st)
	pe := &planEntry{plan: p, err: err}
	plans.Store(st, pe)
	plans.Store(t, pe)
	return p, err
}

// Register builds and caches the plan of v's type, so that a type that
// cannot be mapped is reported at start-up rather than at first use. v is a
// struct, a pointer to one, or a reflect.Type.
func Register(v any) error {
	t, ok := v.(reflect.Type)
	if !ok {
		t = reflect.TypeOf(v)
	}
	_, err := PlanFor(t)
	return err
}

func buildPlan(t reflect.Type) (*Plan, error) {
	name := structName(t)
	b := &builder{pending: map[reflect.Type]*codec{}}
	fields, meta, err := b.structFields(t, true)
	if err != nil {
		return nil, prefix(err, name)
	}
	p := &Plan{typ: t, name: name, fields: fields, paths: map[string]string{}}
	for _, f := range fields {
		if len(f.name) > MaxBinNameLen {
			return nil, &Error{Path: name + "." + f.goPath, Msg: "bin name " + quote(f.name) + " is longer than 15 bytes"}
		}
		if f.name == "" {
			return nil, &Error{Path: name + "." + f.goPath, Msg: "empty bin name"}
		}
		p.binNames = append(p.binNames, f.name)
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
	// Bin maps Go paths to bins: the full dotted path through embedded
	// structs, and the promoted name by Go's rule (the shallowest field
	// wins; two at the same depth hide each other).
	type promo struct {
		bin   string
		depth int
		ambig bool
	}
	promoted := map[string]*promo{}
	for _, f := range fields {
		p.paths[f.goPath] = f.name
		short := f.goPath[strings.LastIndexByte(f.goPath, '.')+1:]
		d := strings.Count(f.goPath, ".")
		switch pr := promoted[short]; {
		case pr == nil || d < pr.depth:
			promoted[short] = &promo{bin: f.name, depth: d}
		case d == pr.depth:
			pr.ambig = true
		}
	}
	for short, pr := range promoted {
		if _, full := p.paths[short]; !full && !pr.ambig {
			p.paths[short] = pr.bin
		}
	}
	b.publish()
	return p, nil
}

func quote(s string) string { return `"` + s + `"` }

// Type returns the struct type of the plan.
func (p *Plan) Type() reflect.Type { return p.typ }

// BinNames returns the names of the bins the type maps to, in field order,
// for selecting bins on read. The slice is shared: do not modify it.
func (p *Plan) BinNames() []string { return p.binNames }

// Bin returns the bin that a Go field is stored in, given its name or its
// dotted path through embedded structs (for a promoted field, both "X" and
// "Base.X" work). Fields of nested (non-embedded) structs are not bins and
// are not found; neither are key, gen and ttl fields that are not bins.
func (p *Plan) Bin(fieldPath string) (string, bool) {
	b, ok := p.paths[fieldPath]
	return b, ok
}

// HasKey reports whether the type has a key field.
func (p *Plan) HasKey() bool { return p.key != nil }

// HasGeneration reports whether the type has a generation field.
func (p *Plan) HasGeneration() bool { return len(p.gens) > 0 }

// HasTTL reports whether the type has a TTL field.
func (p *Plan) HasTTL() bool { return len(p.ttls) > 0 }

// WritesTTL reports whether the TTL field should be applied on write: true
// for a field tagged `aero:",ttl"`, false for one tagged `asm:"ttl"`, which
// aerospike-client-go only fills on read (PutObject takes the expiration
// from its WritePolicy, client_reflect.go).
func (p *Plan) WritesTTL() bool { return len(p.ttls) > 0 && !p.ttls[0].asm }

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
// or not, or a pointer to one). Every bin field is present in the map,
// except omitempty/omitzero fields whose value is empty/zero; a nil pointer,
// slice, map or interface is a nil value, which a driver's Put treats as
// "delete this bin", as aerospike-client-go's PutObject does. Blobs share
// memory with the struct's []byte fields.
func (p *Plan) Encode(v reflect.Value) (map[string]any, error) {
	v, err := p.structValue(v, "Encode")
	if err != nil {
		return nil, err
	}
	m := make(map[string]any, len(p.fields))
	for _, f := range p.fields {
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
// an addressable one). Every bin field is overwritten: from its bin when the
// bin is present and not nil, with its zero value otherwise, so that a
// reused struct keeps nothing stale. Key, gen and ttl fields are not
// touched (see SetKey, SetGeneration, SetTTL); bins no field maps are
// ignored. On error v may be partly written.
func (p *Plan) Decode(bins map[string]any, v reflect.Value) error {
	v, err := p.settable(v, "Decode")
	if err != nil {
		return err
	}
	base := v.Addr().UnsafePointer()
	for _, f := range p.fields {
		x := bins[f.name]
		if f.fast != fastNone && f.decodeFast(base, x) {
			continue
		}
		fv := f.value(v)
		if x == nil {
			fv.SetZero()
			continue
		}
		if err := f.decode(fv, x); err != nil {
			return p.fieldErr(f, err)
		}
	}
	return nil
}

// Key returns the user key held by the key field of v, normalised to int64,
// string or []byte (shared with the field). It is an error if the type has
// no key field or a uint value exceeds math.MaxInt64.
func (p *Plan) Key(v reflect.Value) (any, error) {
	if p.key == nil {
		return nil, &Error{Path: p.name, Msg: "type has no key field (tag one `aero:\",key\"`)"}
	}
	v, err := p.structValue(v, "Key")
	if err != nil {
		return nil, err
	}
	fv := p.key.value(v)
	switch k := fv.Kind(); {
	case k == reflect.String:
		return fv.String(), nil
	case isIntKind(k):
		return fv.Int(), nil
	case isUintKind(k):
		u := fv.Uint()
		if u > math.MaxInt64 {
			return nil, &Error{Path: p.name + "." + p.key.goPath, Msg: "key value overflows int64"}
		}
		return int64(u), nil
	default: // []byte
		return fv.Bytes(), nil
	}
}

// SetKey stores a user key (any integer type, string or []byte, as a
// driver.Key's UserKey) into the key field of v. A key of another type, or
// an integer the field cannot hold, is an error. A []byte key is copied.
func (p *Plan) SetKey(v reflect.Value, key any) error {
	if p.key == nil {
		return &Error{Path: p.name, Msg: "type has no key field"}
	}
	v, err := p.settable(v, "SetKey")
	if err != nil {
		return err
	}
	fv := p.key.value(v)
	if fv.Kind() == reflect.Slice {
		b, ok := key.([]byte)
		if !ok {
			return &Error{Path: p.name + "." + p.key.goPath, Msg: "cannot set key of type " + typeName(key) + " into " + fv.Type().String()}
		}
		key = append([]byte{}, b...)
	}
	if err := p.key.c.dec(fv, key); err != nil {
		return prefix(err, p.name+"."+p.key.goPath)
	}
	return nil
}

// Generation returns the generation held by the (first) gen field of v.
// It is an error if the type has none or the value does not fit a uint32.
func (p *Plan) Generation(v reflect.Value) (uint32, error) {
	if len(p.gens) == 0 {
		return 0, &Error{Path: p.name, Msg: "type has no gen field"}
	}
	v, err := p.structValue(v, "Generation")
	if err != nil {
		return 0, err
	}
	f := p.gens[0]
	fv := f.value(v)
	var n int64
	var u uint64
	if isIntKind(fv.Kind()) {
		n = fv.Int()
		if n < 0 {
			return 0, &Error{Path: p.name + "." + f.goPath, Msg: "negative generation"}
		}
		u = uint64(n)
	} else {
		u = fv.Uint()
	}
	if u > math.MaxUint32 {
		return 0, &Error{Path: p.name + "." + f.goPath, Msg: "generation overflows uint32"}
	}
	return uint32(u), nil
}

// SetGeneration stores g into every gen field of v (the client fills all
// of them: read_command_reflect.go setObjectMetaFields). A field too small
// for g is an error. Without a gen field it does nothing.
func (p *Plan) SetGeneration(v reflect.Value, g uint32) error {
	if len(p.gens) == 0 {
		return nil
	}
	v, err := p.settable(v, "SetGeneration")
	if err != nil {
		return err
	}
	for _, f := range p.gens {
		if err := setInt(f.value(v), uint64(g)); err != nil {
			return prefix(err, p.name+"."+f.goPath)
		}
	}
	return nil
}

// TTL returns the TTL held by the (first) ttl field of v: a time.Duration
// field as it is, an integer field as seconds (the client's asm:"ttl"
// convention), where a negative value or math.MaxUint32 means "never
// expires" and is returned as -1 (any negative duration means never
// expires). It is an error if the type has no ttl field or the seconds
// overflow a time.Duration.
func (p *Plan) TTL(v reflect.Value) (time.Duration, error) {
	if len(p.ttls) == 0 {
		return 0, &Error{Path: p.name, Msg: "type has no ttl field"}
	}
	v, err := p.structValue(v, "TTL")
	if err != nil {
		return 0, err
	}
	f := p.ttls[0]
	fv := f.value(v)
	if f.typ == durationType {
		return time.Duration(fv.Int()), nil
	}
	var secs int64
	if isIntKind(fv.Kind()) {
		secs = fv.Int()
	} else {
		u := fv.Uint()
		if u > math.MaxInt64 {
			return 0, &Error{Path: p.name + "." + f.goPath, Msg: "ttl overflows time.Duration"}
		}
		secs = int64(u)
	}
	if secs < 0 || secs == math.MaxUint32 {
		return -1, nil // never expires (see SetTTL)
	}
	if secs > math.MaxInt64/int64(time.Second) {
		return 0, &Error{Path: p.name + "." + f.goPath, Msg: "ttl overflows time.Duration"}
	}
	return time.Duration(secs) * time.Second, nil
}

// SetTTL stores d into every ttl field of v: as it is into a time.Duration
// field, as whole seconds (rounded down) into an integer field. A negative
// d means "never expires", stored into an integer field as the client
// stores it (math.MaxUint32 seconds, or -1 in a signed field too small for
// that). A field too small for the value is an error. Without a ttl field
// it does nothing.
func (p *Plan) SetTTL(v reflect.Value, d time.Duration) error {
	if len(p.ttls) == 0 {
		return nil
	}
	v, err := p.settable(v, "SetTTL")
	if err != nil {
		return err
	}
	for _, f := range p.ttls {
		fv := f.value(v)
		if f.typ == durationType {
			fv.SetInt(int64(d))
			continue
		}
		var err error
		if d < 0 {
			// Never expires: the client stores the TTL it reads for such
			// a record, math.MaxUint32 (types.TTL(0)), converted to the
			// field's type; a signed field too small for it gets -1,
			// which is what that conversion yields.
			switch {
			case isIntKind(fv.Kind()) && fv.OverflowInt(math.MaxUint32):
				fv.SetInt(-1)
			case isIntKind(fv.Kind()) || !fv.OverflowUint(math.MaxUint32):
				err = setInt(fv, math.MaxUint32)
			default:
				err = errorf("never-expire ttl (%d seconds) overflows %s", uint32(math.MaxUint32), f.typ)
			}
		} else {
			err = setInt(fv, uint64(d/time.Second))
		}
		if err != nil {
			return prefix(err, p.name+"."+f.goPath)
		}
	}
	return nil
}

// setInt stores a non-negative value into an integer field, checking for
// overflow.
func setInt(fv reflect.Value, u uint64) error {
	if isIntKind(fv.Kind()) {
		if u > math.MaxInt64 || fv.OverflowInt(int64(u)) {
			return errorf("value %d overflows %s", u, fv.Type())
		}
		fv.SetInt(int64(u))
		return nil
	}
	if fv.OverflowUint(u) {
		return errorf("value %d overflows %s", u, fv.Type())
	}
	fv.SetUint(u)
	return nil
}
