package mapper

import (
	"math"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/aerokit/aero/internal/value"
)

// Bounds of a time.Time that UnixNano can represent (years 1678 to 2262).
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
	// zeroTimeNanos is what the client stores for the zero time.Time:
	// marshal.go valueToInterface calls UTC().UnixNano(), which wraps
	// around for year 1. Decode maps it back to the zero time.
	zeroTimeNanos = time.Time{}.UnixNano()
)

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
		if n, ok := value.Int64(x); ok {
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
		n, ok := value.Int64(x)
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
		n, ok := value.Int64(x)
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
			i, ok := value.Int64(x)
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

var (
	byteType  = reflect.TypeFor[byte]()
	bytesType = reflect.TypeFor[[]byte]()
)

// decViaPointer is the dec of a codec whose decp does the work.
func decViaPointer(decp func(unsafe.Pointer, any) error) func(reflect.Value, any) error {
	return func(v reflect.Value, x any) error {
		return decp(unsafe.Pointer(v.UnsafeAddr()), x)
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
	if t == bytesType {
		c.decp = func(p unsafe.Pointer, x any) error {
			switch b := x.(type) {
			case []byte:
				*(*[]byte)(p) = b
				return nil
			case nil:
				*(*[]byte)(p) = nil
				return nil
			}
			return c.dec(reflect.NewAt(bytesType, p).Elem(), x)
		}
	}
	c.dec = func(v reflect.Value, x any) error {
		switch b := x.(type) {
		case []byte:
			if t.Elem() == byteType {
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

var hllType = reflect.TypeFor[value.HLL]()

// setHLLCodec handles a field of type value.HLL (driver.HLL, hll.HLL): it
// is stored as an HLL bin, not as a blob (the server keeps the two apart:
// particle_hll.c), and only an HLL bin decodes into it. The encoded value
// shares memory with the field, as a []byte field's blob does.
func setHLLCodec(c *codec) {
	c.enc = func(v reflect.Value, _ int) (any, error) {
		if v.IsNil() {
			return nil, nil
		}
		return value.HLL(v.Bytes()), nil
	}
	c.dec = func(v reflect.Value, x any) error {
		switch h := x.(type) {
		case value.HLL:
			v.SetBytes(h)
			return nil
		case nil:
			v.SetBytes(nil)
			return nil
		}
		// Named as users name the type (driver.HLL, hll.HLL), not by its
		// internal home.
		return errorf("cannot decode %s into an HLL (driver.HLL): only an HLL bin does", typeName(x))
	}
}

// decodeByteList stores a list of integers 0..255 into the byte slice or
// array s.
func decodeByteList(s reflect.Value, l []any, t reflect.Type) error {
	for i, e := range l {
		n, ok := value.Int64(e)
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
		if v.CanAddr() && t.Elem() == byteType {
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

// setTimeCodec stores time.Time as int64 nanoseconds since the Unix epoch,
// as the client does (marshal.go valueToInterface: UTC().UnixNano();
// read_command_reflect.go setValue: time.Unix(0, v), so decoded times are in
// time.Local, as the client's are).
func setTimeCodec(c *codec) {
	c.enc = func(v reflect.Value, _ int) (any, error) {
		var t time.Time
		if v.CanAddr() {
			t = *(*time.Time)(unsafe.Pointer(v.UnsafeAddr()))
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
	c.decp = func(p unsafe.Pointer, x any) error {
		tp := (*time.Time)(p)
		if x == nil {
			*tp = time.Time{}
			return nil
		}
		n, ok := value.Int64(x)
		if !ok {
			return mismatch(x, timeType)
		}
		if n == zeroTimeNanos {
			*tp = time.Time{}
		} else {
			*tp = time.Unix(0, n)
		}
		return nil
	}
	c.dec = decViaPointer(c.decp)
}
