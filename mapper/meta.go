package mapper

import (
	"math"
	"reflect"
	"time"
	"unsafe"
)

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
	if p.key.decp != nil && v.Kind() == reflect.Pointer && v.Type() == p.ptr && !v.IsNil() {
		// The common call, with a *T, and a key the field's decoder stores
		// as the codec would (fastpath.go): no reflection.
		switch key.(type) {
		case int64, string:
			if err := p.key.decp(unsafe.Add(v.UnsafePointer(), p.key.off), key); err != nil {
				return prefix(err, p.name+"."+p.key.goPath)
			}
			return nil
		}
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
