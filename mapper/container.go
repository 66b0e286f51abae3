package mapper

import (
	"reflect"
	"strconv"
	"unsafe"

	"github.com/aerokit/aero/internal/value"
)

// maxDepth bounds the nesting of lists, maps, structs and pointers that
// Encode follows, so that a cyclic value (a pointer cycle, a []any holding
// itself) is an error rather than a stack overflow: the value model's
// bound, shared with package driver.
const maxDepth = value.MaxDepth

func depthError() error {
	return errorf("value nests more than %d levels deep (is it cyclic?)", maxDepth)
}

func indexPath(i int) string { return "[" + strconv.Itoa(i) + "]" }

func keyPath(k any) string { return "[" + value.KeyString(k) + "]" }

func encodeList(v reflect.Value, n int, ec *codec, depth int) (any, error) {
	if depth >= maxDepth {
		return nil, depthError()
	}
	out := make([]any, n)
	for i := range out {
		e, err := ec.enc(v.Index(i), depth+1)
		if err != nil {
			return nil, prefix(err, indexPath(i))
		}
		out[i] = e
	}
	return out, nil
}

func decodeList(s reflect.Value, l []any, ec *codec) error {
	for i, e := range l {
		if e == nil {
			continue // the element keeps its zero value
		}
		if err := ec.dec(s.Index(i), e); err != nil {
			return prefix(err, indexPath(i))
		}
	}
	return nil
}

func setSliceCodec(c *codec, t reflect.Type, ec *codec) {
	c.enc = func(v reflect.Value, depth int) (any, error) {
		if v.IsNil() {
			return nil, nil
		}
		return encodeList(v, v.Len(), ec, depth)
	}
	c.dec = func(v reflect.Value, x any) error {
		l, ok := x.([]any)
		if !ok {
			return mismatch(x, t)
		}
		s := reflect.MakeSlice(t, len(l), len(l))
		if err := decodeList(s, l, ec); err != nil {
			return err
		}
		v.Set(s)
		return nil
	}
}

func setArrayCodec(c *codec, t reflect.Type, ec *codec) {
	n := t.Len()
	c.enc = func(v reflect.Value, depth int) (any, error) {
		return encodeList(v, n, ec, depth)
	}
	c.dec = func(v reflect.Value, x any) error {
		l, ok := x.([]any)
		if !ok {
			return mismatch(x, t)
		}
		if len(l) != n {
			return errorf("cannot decode a list of %d elements into %s", len(l), t)
		}
		v.SetZero()
		return decodeList(v, l, ec)
	}
}

func setMapCodec(c *codec, t reflect.Type, kc, ec *codec) {
	keyIface := t.Key().Kind() == reflect.Interface
	c.enc = func(v reflect.Value, depth int) (any, error) {
		if v.IsNil() {
			return nil, nil
		}
		if depth >= maxDepth {
			return nil, depthError()
		}
		out := make(map[any]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			k, err := kc.enc(it.Key(), depth+1)
			if err == nil && keyIface && !value.IsKey(k) {
				err = errorf("unsupported map key type %s (want string, integer or float)", typeName(k))
			}
			if err != nil {
				return nil, prefix(err, "[key "+value.KeyString(it.Key().Interface())+"]")
			}
			e, err := ec.enc(it.Value(), depth+1)
			if err != nil {
				return nil, prefix(err, keyPath(it.Key().Interface()))
			}
			out[k] = e
		}
		return out, nil
	}
	c.dec = func(v reflect.Value, x any) error {
		switch m := x.(type) {
		case map[any]any:
			out := reflect.MakeMapWithSize(t, len(m))
			kv, ev := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			for k, e := range m {
				if err := decodeMapEntry(out, kv, ev, k, e, kc, ec); err != nil {
					return err
				}
			}
			v.Set(out)
			return nil
		case map[string]any:
			out := reflect.MakeMapWithSize(t, len(m))
			kv, ev := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			for k, e := range m {
				if err := decodeMapEntry(out, kv, ev, k, e, kc, ec); err != nil {
					return err
				}
			}
			v.Set(out)
			return nil
		}
		return mismatch(x, t)
	}
}

func decodeMapEntry(out, kv, ev reflect.Value, k, e any, kc, ec *codec) error {
	if k == nil {
		return errorf("nil map key")
	}
	kv.SetZero()
	if err := kc.dec(kv, k); err != nil {
		return prefix(err, "[key "+value.KeyString(k)+"]")
	}
	ev.SetZero()
	if e != nil {
		if err := ec.dec(ev, e); err != nil {
			return prefix(err, keyPath(k))
		}
	}
	out.SetMapIndex(kv, ev)
	return nil
}

func setPointerCodec(c *codec, t reflect.Type, ec *codec) {
	c.enc = func(v reflect.Value, depth int) (any, error) {
		if v.IsNil() {
			return nil, nil
		}
		if depth >= maxDepth {
			return nil, depthError()
		}
		return ec.enc(v.Elem(), depth+1)
	}
	c.dec = func(v reflect.Value, x any) error {
		// A fresh value is always allocated, so that decoding never writes
		// through a pointer the caller shares.
		p := reflect.New(t.Elem())
		if err := ec.dec(p.Elem(), x); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
}

func setStructCodec(c *codec, t reflect.Type) {
	c.enc = func(v reflect.Value, depth int) (any, error) {
		if depth >= maxDepth {
			return nil, depthError()
		}
		// Nested structs become maps keyed by bin name (the client's
		// structToMap returns a BinMap, which it packs as a map with string
		// keys and reads back as map[interface{}]interface{}). Aliases are
		// read, never written: the map is written whole.
		out := make(map[any]any, len(c.fields))
		var base unsafe.Pointer
		if v.CanAddr() {
			base = unsafe.Pointer(v.UnsafeAddr())
		}
		for _, f := range c.fields {
			if f.encp != nil && base != nil {
				out[f.key] = f.encp(unsafe.Add(base, f.off))
				continue
			}
			fv := f.value(v)
			if f.omit != omitNever && omitted(f, fv) {
				continue
			}
			e, err := f.c.enc(fv, depth+1)
			if err != nil {
				return nil, prefix(err, "."+f.goPath)
			}
			out[f.key] = e
		}
		return out, nil
	}
	c.decp = func(p unsafe.Pointer, x any) error {
		var v reflect.Value // made by decodeAt when a field needs it
		switch m := x.(type) {
		case map[any]any:
			for _, f := range c.fields {
				e := f.lookupKey(m)
				fp := unsafe.Add(p, f.off)
				if f.inline != inlineNone && inlineStore(f.inline, fp, e) {
					continue
				}
				var err error
				if f.decp != nil { // decodeAt's first case, inlined
					err = f.decp(fp, e)
				} else {
					err = f.decodeAt(t, p, &v, e)
				}
				if err != nil {
					return prefix(err, "."+f.goPath)
				}
			}
			return nil
		case map[string]any:
			for _, f := range c.fields {
				if err := f.decodeAt(t, p, &v, f.lookup(m)); err != nil {
					return prefix(err, "."+f.goPath)
				}
			}
			return nil
		case nil:
			reflect.NewAt(t, p).Elem().SetZero()
			return nil
		}
		return mismatch(x, t)
	}
	c.dec = decViaPointer(c.decp)
}
