package mapper

import (
	"math"
	"reflect"
	"strconv"
	"time"
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

// Bounds of a time.Time that UnixNano can represent (years 1678 to 2262).
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
	// zeroTimeNanos is what the client stores for the zero time.Time:
	// marshal.go valueToInterface calls UTC().UnixNano(), which wraps
	// around for year 1. Decode maps it back to the zero time.
	zeroTimeNanos = time.Time{}.UnixNano()
)

func depthError() error {
	return errorf("value nests more than %d levels deep (is it cyclic?)", maxDepth)
}

// asInt64 accepts every integer type a backend or the client returns:
// canonical int64, and int, which aerospike-client-go returns for integer
// particles on 64-bit platforms (value.go bytesToParticle,
// unpacker.go unpackObject).
func asInt64(x any) (int64, bool) {
	switch n := x.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int16:
		return int64(n), true
	case int8:
		return int64(n), true
	case uint8:
		return int64(n), true
	case uint16:
		return int64(n), true
	case uint32:
		return int64(n), true
	case uint:
		if uint64(n) <= math.MaxInt64 {
			return int64(n), true
		}
	case uint64:
		if n <= math.MaxInt64 {
			return int64(n), true
		}
	}
	return 0, false
}

func setBoolCodec(c *codec) {
	c.enc = func(v reflect.Value, _ int) (any, error) { return v.Bool(), nil }
	c.dec = func(v reflect.Value, x any) error {
		switch b := x.(type) {
		case bool:
			v.SetBool(b)
			return nil
		}
		// By default aerospike-client-go stores bool fields as the integers
		// 1 and 0 (marshal.go valueToInterface, unless
		// UseNativeBoolTypeInReflection) and reads an int into a bool field
		// (read_command_reflect.go setValue). Only 0 and 1 are accepted here.
		if n, ok := asInt64(x); ok {
			switch n {
			case 0, 1:
				v.SetBool(n == 1)
				return nil
			}
			return errorf("cannot decode integer %d into bool (want 0 or 1)", n)
		}
		return mismatch(x, c.typ)
	}
}

func setIntCodec(c *codec, t reflect.Type) {
	bits := t.Bits()
	c.enc = func(v reflect.Value, _ int) (any, error) { return v.Int(), nil }
	c.dec = func(v reflect.Value, x any) error {
		n, ok := asInt64(x)
		if !ok {
			return mismatch(x, t)
		}
		if bits < 64 && v.OverflowInt(n) {
			return errorf("value %d overflows %s", n, t)
		}
		v.SetInt(n)
		return nil
	}
}

func setUintCodec(c *codec, t reflect.Type) {
	bits := t.Bits()
	if bits < 64 {
		c.enc = func(v reflect.Value, _ int) (any, error) { return int64(v.Uint()), nil }
	} else {
		c.enc = func(v reflect.Value, _ int) (any, error) {
			u := v.Uint()
			if u > math.MaxInt64 {
				return nil, errorf("value %d of type %s overflows int64 (Aerospike integers are signed 64-bit)", u, t)
			}
			return int64(u), nil
		}
	}
	c.dec = func(v reflect.Value, x any) error {
		n, ok := asInt64(x)
		if !ok {
			return mismatch(x, t)
		}
		if n < 0 {
			return errorf("negative value %d cannot be stored in %s", n, t)
		}
		if bits < 64 && v.OverflowUint(uint64(n)) {
			return errorf("value %d overflows %s", n, t)
		}
		v.SetUint(uint64(n))
		return nil
	}
}

func setFloatCodec(c *codec, t reflect.Type) {
	bits := t.Bits()
	c.enc = func(v reflect.Value, _ int) (any, error) { return v.Float(), nil }
	c.dec = func(v reflect.Value, x any) error {
		var f float64
		switch n := x.(type) {
		case float64:
			f = n
		case float32:
			// The client's unpacker returns float32 for msgpack float32
			// list and map elements (unpacker.go unpackObject 0xca).
			f = float64(n)
		default:
			// Widening an integer to a float is allowed, as the client
			// does for int (read_command_reflect.go setValue).
			i, ok := asInt64(x)
			if !ok {
				return mismatch(x, t)
			}
			f = float64(i)
		}
		if bits == 32 && v.OverflowFloat(f) {
			return errorf("value %g overflows %s", f, t)
		}
		v.SetFloat(f)
		return nil
	}
}

func setStringCodec(c *codec) {
	c.enc = func(v reflect.Value, _ int) (any, error) { return v.String(), nil }
	c.dec = func(v reflect.Value, x any) error {
		s, ok := x.(string)
		if !ok {
			return mismatch(x, c.typ)
		}
		v.SetString(s)
		return nil
	}
}

// setBytesCodec handles slices of a byte kind, stored as blobs as the client
// does (marshal.go valueToInterface: a slice whose element kind is Uint8
// becomes f.Bytes()). The encoded blob shares memory with the field.
func setBytesCodec(c *codec, t reflect.Type) {
	c.enc = func(v reflect.Value, _ int) (any, error) {
		if v.IsNil() {
			return nil, nil
		}
		return v.Bytes(), nil
	}
	c.dec = func(v reflect.Value, x any) error {
		switch b := x.(type) {
		case []byte:
			if t.Elem() == reflect.TypeFor[byte]() {
				v.SetBytes(b)
				return nil
			}
			s := reflect.MakeSlice(t, len(b), len(b))
			for i, e := range b {
				s.Index(i).SetUint(uint64(e))
			}
			v.Set(s)
			return nil
		case []any:
			s := reflect.MakeSlice(t, len(b), len(b))
			if err := decodeByteList(s, b, t); err != nil {
				return err
			}
			v.Set(s)
			return nil
		}
		return mismatch(x, t)
	}
}

// decodeByteList stores a list of integers 0..255 into the byte slice or
// array s.
func decodeByteList(s reflect.Value, l []any, t reflect.Type) error {
	for i, e := range l {
		n, ok := asInt64(e)
		if !ok || n < 0 || n > 255 {
			return prefix(errorf("cannot decode %s %v into a byte of %s", typeName(e), e, t), "["+strconv.Itoa(i)+"]")
		}
		s.Index(i).SetUint(uint64(n))
	}
	return nil
}

// setByteArrayCodec handles [N]byte. The client stores arrays as lists of
// integers (marshal.go valueToInterface tests Kind() == reflect.Slice before
// using Bytes), but reads a blob into a byte array element by element
// (read_command_reflect.go setValue, Slice/Array case); so this package
// stores [N]byte as a blob (compact, and what a UUID or hash should be) and
// reads both a blob and a list. The length must be exactly N.
func setByteArrayCodec(c *codec, t reflect.Type) {
	n := t.Len()
	c.enc = func(v reflect.Value, _ int) (any, error) {
		b := make([]byte, n)
		if v.CanAddr() && t.Elem() == reflect.TypeFor[byte]() {
			copy(b, v.Bytes())
			return b, nil
		}
		for i := range b {
			b[i] = byte(v.Index(i).Uint())
		}
		return b, nil
	}
	c.dec = func(v reflect.Value, x any) error {
		switch b := x.(type) {
		case []byte:
			if len(b) != n {
				return errorf("cannot decode a blob of %d bytes into %s", len(b), t)
			}
			for i, e := range b {
				v.Index(i).SetUint(uint64(e))
			}
			return nil
		case []any:
			if len(b) != n {
				return errorf("cannot decode a list of %d elements into %s", len(b), t)
			}
			return decodeByteList(v, b, t)
		}
		return mismatch(x, t)
	}
}

func encodeList(v reflect.Value, n int, ec *codec, depth int) (any, error) {
	if depth >= maxDepth {
		return nil, depthError()
	}
	out := make([]any, n)
	for i := range out {
		e, err := ec.enc(v.Index(i), depth+1)
		if err != nil {
			return nil, prefix(err, "["+strconv.Itoa(i)+"]")
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
			return prefix(err, "["+strconv.Itoa(i)+"]")
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
	switch t {
	case reflect.TypeFor[[]string]():
		// Fast path for the most common list; same results.
		c.dec = func(v reflect.Value, x any) error {
			l, ok := x.([]any)
			if !ok {
				return mismatch(x, t)
			}
			s := make([]string, len(l))
			for i, e := range l {
				if e == nil {
					continue
				}
				str, ok := e.(string)
				if !ok {
					return prefix(mismatch(e, t.Elem()), "["+strconv.Itoa(i)+"]")
				}
				s[i] = str
			}
			*v.Addr().Interface().(*[]string) = s
			return nil
		}
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
			if err == nil && keyIface {
				err = checkKey(k)
			}
			if err != nil {
				return nil, prefix(err, "[key "+keyString(it.Key())+"]")
			}
			e, err := ec.enc(it.Value(), depth+1)
			if err != nil {
				return nil, prefix(err, "["+keyString(it.Key())+"]")
			}
			out[k] = e
		}
		return out, nil
	}
	c.dec = func(v reflect.Value, x any) error {
		kt, et := t.Key(), t.Elem()
		switch m := x.(type) {
		case map[any]any:
			out := reflect.MakeMapWithSize(t, len(m))
			kv, ev := reflect.New(kt).Elem(), reflect.New(et).Elem()
			for k, e := range m {
				if err := decodeMapEntry(out, kv, ev, k, e, kc, ec); err != nil {
					return err
				}
			}
			v.Set(out)
			return nil
		case map[string]any:
			out := reflect.MakeMapWithSize(t, len(m))
			kv, ev := reflect.New(kt).Elem(), reflect.New(et).Elem()
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
	switch t {
	case reflect.TypeFor[map[string]int]():
		// Fast paths for a common map; same results. (reflect.MapIter
		// allocates a copy of every key and value.)
		c.enc = func(v reflect.Value, depth int) (any, error) {
			m := v.Interface().(map[string]int)
			if m == nil {
				return nil, nil
			}
			out := make(map[any]any, len(m))
			for k, e := range m {
				out[k] = int64(e)
			}
			return out, nil
		}
		c.dec = func(v reflect.Value, x any) error {
			m, ok := x.(map[any]any)
			if !ok {
				return mismatch(x, t)
			}
			out := make(map[string]int, len(m))
			for k, e := range m {
				ks, ok := k.(string)
				if !ok {
					return prefix(mismatch(k, t.Key()), "[key "+fmtKey(k)+"]")
				}
				var n int64
				if e != nil {
					if n, ok = asInt64(e); !ok {
						return prefix(mismatch(e, t.Elem()), "["+strconv.Quote(ks)+"]")
					}
				}
				out[ks] = int(n)
			}
			*v.Addr().Interface().(*map[string]int) = out
			return nil
		}
	}
}

func decodeMapEntry(out, kv, ev reflect.Value, k, e any, kc, ec *codec) error {
	if k == nil {
		return errorf("nil map key")
	}
	kv.SetZero()
	if err := kc.dec(kv, k); err != nil {
		return prefix(err, "[key "+fmtKey(k)+"]")
	}
	ev.SetZero()
	if e != nil {
		if err := ec.dec(ev, e); err != nil {
			return prefix(err, "["+fmtKey(k)+"]")
		}
	}
	out.SetMapIndex(kv, ev)
	return nil
}

func checkKey(k any) error {
	switch k.(type) {
	case int64, float64, string:
		return nil
	}
	return errorf("unsupported map key type %s (want string, integer or float)", typeName(k))
}

func keyString(k reflect.Value) string {
	if k.Kind() == reflect.Interface {
		if k.IsNil() {
			return "nil"
		}
		k = k.Elem()
	}
	switch k.Kind() {
	case reflect.String:
		return strconv.Quote(k.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(k.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(k.Float(), 'g', -1, 64)
	}
	return k.Type().String()
}

func fmtKey(k any) string {
	if k == nil {
		return "nil"
	}
	return keyString(reflect.ValueOf(k))
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
	if t == reflect.TypeFor[*string]() {
		// Fast path for an optional string; same results.
		c.dec = func(v reflect.Value, x any) error {
			s, ok := x.(string)
			if !ok {
				return mismatch(x, t.Elem())
			}
			*v.Addr().Interface().(**string) = &s
			return nil
		}
	}
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

// encodeAny returns the canonical value of x, for interface fields and the
// results of MarshalAero.
func encodeAny(x any, depth int) (any, error) {
	switch n := x.(type) {
	case nil, bool, int64, float64, string, []byte:
		return x, nil
	case int:
		return int64(n), nil
	case int32:
		return int64(n), nil
	case float32:
		return float64(n), nil
	case []any:
		if depth >= maxDepth {
			return nil, depthError()
		}
		out := make([]any, len(n))
		for i, e := range n {
			ce, err := encodeAny(e, depth+1)
			if err != nil {
				return nil, prefix(err, "["+strconv.Itoa(i)+"]")
			}
			out[i] = ce
		}
		return out, nil
	case map[any]any:
		if depth >= maxDepth {
			return nil, depthError()
		}
		out := make(map[any]any, len(n))
		for k, e := range n {
			ck, err := encodeAny(k, depth+1)
			if err == nil {
				err = checkKey(ck)
			}
			if err != nil {
				return nil, prefix(err, "[key "+fmtKey(k)+"]")
			}
			ce, err := encodeAny(e, depth+1)
			if err != nil {
				return nil, prefix(err, "["+fmtKey(k)+"]")
			}
			out[ck] = ce
		}
		return out, nil
	case map[string]any:
		if depth >= maxDepth {
			return nil, depthError()
		}
		out := make(map[any]any, len(n))
		for k, e := range n {
			ce, err := encodeAny(e, depth+1)
			if err != nil {
				return nil, prefix(err, "["+strconv.Quote(k)+"]")
			}
			out[k] = ce
		}
		return out, nil
	}
	t := reflect.TypeOf(x)
	c, err := codecOf(t)
	if err != nil {
		return nil, err
	}
	return c.enc(reflect.ValueOf(x), depth)
}

// canonical converts a decoded value to the canonical types, for interface
// fields and UnmarshalAero. Containers are copied only when an element
// changes.
func canonical(x any) (any, error) {
	switch n := x.(type) {
	case nil, bool, int64, float64, string, []byte:
		return x, nil
	case int:
		return int64(n), nil
	case float32:
		return float64(n), nil
	case []any:
		var out []any
		for i, e := range n {
			ce, err := canonical(e)
			if err != nil {
				return nil, prefix(err, "["+strconv.Itoa(i)+"]")
			}
			if out == nil && !sameValue(ce, e) {
				out = make([]any, len(n))
				copy(out, n[:i])
			}
			if out != nil {
				out[i] = ce
			}
		}
		if out == nil {
			return n, nil
		}
		return out, nil
	case map[any]any:
		changed := false
		for k, e := range n {
			ck, err := canonicalKey(k)
			if err != nil {
				return nil, err
			}
			ce, err := canonical(e)
			if err != nil {
				return nil, prefix(err, "["+fmtKey(k)+"]")
			}
			if !sameValue(ck, k) || !sameValue(ce, e) {
				changed = true
				break
			}
		}
		if !changed {
			return n, nil
		}
		out := make(map[any]any, len(n))
		for k, e := range n {
			ck, err := canonicalKey(k)
			if err != nil {
				return nil, err
			}
			ce, err := canonical(e)
			if err != nil {
				return nil, prefix(err, "["+fmtKey(k)+"]")
			}
			out[ck] = ce
		}
		return out, nil
	case map[string]any:
		out := make(map[any]any, len(n))
		for k, e := range n {
			ce, err := canonical(e)
			if err != nil {
				return nil, prefix(err, "["+strconv.Quote(k)+"]")
			}
			out[k] = ce
		}
		return out, nil
	}
	if i, ok := asInt64(x); ok {
		return i, nil
	}
	// Named scalar types such as the client's GeoJSONValue (a string).
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), nil
	case reflect.Float32, reflect.Float64:
		return v.Float(), nil
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Bytes(), nil
		}
	}
	return nil, errorf("unsupported value of type %s", typeName(x))
}

func canonicalKey(k any) (any, error) {
	ck, err := canonical(k)
	if err != nil {
		return nil, prefix(err, "[key "+fmtKey(k)+"]")
	}
	if err := checkKey(ck); err != nil {
		return nil, prefix(err, "[key "+fmtKey(k)+"]")
	}
	return ck, nil
}

// sameValue reports whether canonical left a value unchanged: scalars
// compare by type (conversion changes the type), containers by identity of
// their first word.
func sameValue(a, b any) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	switch av := a.(type) {
	case []any:
		bv := b.([]any)
		return len(av) == len(bv) && (len(av) == 0 || &av[0] == &bv[0])
	case map[any]any:
		return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
	}
	return true
}

func setStructCodec(c *codec, t reflect.Type) {
	c.enc = func(v reflect.Value, depth int) (any, error) {
		if depth >= maxDepth {
			return nil, depthError()
		}
		// Nested structs become maps keyed by bin name (the client's
		// structToMap returns a BinMap, which it packs as a map with string
		// keys and reads back as map[interface{}]interface{}).
		out := make(map[any]any, len(c.fields))
		for _, f := range c.fields {
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
	c.dec = func(v reflect.Value, x any) error {
		switch m := x.(type) {
		case map[any]any:
			base := v.Addr().UnsafePointer()
			for _, f := range c.fields {
				e := m[f.key]
				if f.fast != fastNone && f.decodeFast(base, e) {
					continue
				}
				fv := f.value(v)
				if e == nil {
					fv.SetZero()
					continue
				}
				if err := f.decode(fv, e); err != nil {
					return prefix(err, "."+f.goPath)
				}
			}
			return nil
		case map[string]any:
			for _, f := range c.fields {
				fv := f.value(v)
				e := m[f.name]
				if e == nil {
					fv.SetZero()
					continue
				}
				if err := f.decode(fv, e); err != nil {
					return prefix(err, "."+f.goPath)
				}
			}
			return nil
		}
		return mismatch(x, t)
	}
}

// setTimeCodec stores time.Time as int64 nanoseconds since the Unix epoch,
// as the client does (marshal.go valueToInterface: UTC().UnixNano();
// read_command_reflect.go setValue: time.Unix(0, v), so decoded times are in
// time.Local, as the client's are).
func setTimeCodec(c *codec) {
	c.enc = func(v reflect.Value, _ int) (any, error) {
		var t time.Time
		if v.CanAddr() {
			t = *v.Addr().Interface().(*time.Time)
		} else {
			t = v.Interface().(time.Time)
		}
		if t.IsZero() {
			return zeroTimeNanos, nil
		}
		if t.Before(minTime) || t.After(maxTime) {
			return nil, errorf("time %s cannot be stored as int64 nanoseconds since 1970 (years 1678 to 2262)", t.Format(time.RFC3339))
		}
		return t.UnixNano(), nil
	}
	c.dec = func(v reflect.Value, x any) error {
		n, ok := asInt64(x)
		if !ok {
			return mismatch(x, timeType)
		}
		p := v.Addr().Interface().(*time.Time)
		if n == zeroTimeNanos {
			*p = time.Time{}
		} else {
			*p = time.Unix(0, n)
		}
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

type textMarshaler interface {
	MarshalText() ([]byte, error)
}

type textUnmarshaler interface {
	UnmarshalText([]byte) error
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

var isZeroerType = reflect.TypeFor[isZeroer]()
