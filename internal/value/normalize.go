package value

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
)

// Custom lets a caller choose the value of types of its own before the
// rules of Normalize apply: package mapper encodes structs, pointers,
// time.Time and types with marshaling methods this way. It is called for
// every value whose dynamic type is not a predeclared type (so never for
// canonical values), with the nesting depth of the value, and reports
// whether it handled the value. Its errors are returned wrapped in an
// *Error that locates them.
type Custom func(v any, depth int) (out any, handled bool, err error)

// Normalize returns v in the canonical types:
//
//   - any integer kind becomes int64; a uint, uint64 or uintptr above
//     math.MaxInt64 stays a uint64 as a list or map element (or map key),
//     as the server stores it, and is an error as a bin's value, never a
//     silent wrap;
//   - float32 becomes float64;
//   - named types of the basic kinds (type UserID string, type Level int)
//     are their kind's value;
//   - a slice or array of a byte kind is a []byte (an array is copied, a
//     slice shared);
//   - other slices and arrays become []any, and maps map[any]any, with
//     their elements normalised into fresh containers; map keys must
//     normalise to int64, float64 or string, and two keys that normalise to
//     the same key (int8(1) and int64(1)) are an error rather than a lost
//     entry; a nil slice or map is an empty list or map;
//   - anything else (structs, pointers, channels, functions, complex
//     numbers) is an error naming the type.
//
// Canonical values are returned as they are, without copying. Nesting
// beyond MaxDepth is an error.
func Normalize(v any) (any, error) { return normalize(v, 0, nil) }

// NormalizeWith is Normalize for a value found at the given nesting depth,
// with custom consulted first for values of non-predeclared types,
// including the elements of lists and maps.
func NormalizeWith(v any, depth int, custom Custom) (any, error) {
	return normalize(v, depth, custom)
}

// NormalizeKey returns a map key in the canonical key types: an integer
// kind as int64, a float kind as float64, a string kind as string, a byte
// array as a [N]byte (a blob key). Any other key is an error.
// Keys are scalars: no Custom function applies.
func NormalizeKey(k any) (any, error) {
	if bk, ok := canonicalBlobKey(k); ok {
		return bk, nil // a blob key: a [N]byte array
	}
	// A key is inside a map: an unsigned key above math.MaxInt64 stays a
	// uint64.
	n, err := normalize(k, 1, nil)
	if err != nil {
		return nil, err
	}
	if !IsKey(n) {
		return nil, errorf(fmt.Sprintf("map key of type %s is not supported (want integer, float, string or a byte array for a blob)", typeName(k)))
	}
	if f, ok := n.(float64); ok && f != f {
		// A NaN key is never equal to itself: no map could find it again.
		return nil, errorf("map key NaN is not supported (a NaN key cannot be looked up)")
	}
	return n, nil
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return reflect.TypeOf(v).String()
}

func normalize(v any, depth int, custom Custom) (any, error) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, []byte:
		return v, nil
	case HLL, GeoJSON:
		// An HLL stays an HLL (as a []byte it would become a blob bin), a
		// GeoJSON value GeoJSON (as a string it would be a string bin).
		return v, nil
	case int:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint:
		return normalizeUint("uint", uint64(x), depth)
	case uint64:
		return normalizeUint("uint64", x, depth)
	case float32:
		return float64(x), nil
	case []any:
		if depth >= MaxDepth {
			return nil, depthError()
		}
		if isCanonicalList(x, depth) {
			return x, nil
		}
		out := make([]any, len(x))
		for i, e := range x {
			n, err := normalize(e, depth+1, custom)
			if err != nil {
				return nil, prefix(err, "["+strconv.Itoa(i)+"]")
			}
			out[i] = n
		}
		return out, nil
	case map[any]any:
		if depth >= MaxDepth {
			return nil, depthError()
		}
		if isCanonicalMap(x, depth) {
			return x, nil
		}
		out := make(map[any]any, len(x))
		for k, e := range x {
			if err := putEntry(out, k, e, depth, custom); err != nil {
				return nil, err
			}
		}
		return out, nil
	case map[string]any:
		if depth >= MaxDepth {
			return nil, depthError()
		}
		out := make(map[any]any, len(x))
		for k, e := range x {
			n, err := normalize(e, depth+1, custom)
			if err != nil {
				return nil, prefix(err, "["+strconv.Quote(k)+"]")
			}
			out[k] = n
		}
		return out, nil
	}
	if custom != nil {
		if out, ok, err := custom(v, depth); ok {
			if err != nil {
				return nil, prefix(err, "")
			}
			return out, nil
		}
	}
	return normalizeReflect(v, depth, custom)
}

// normalizeUint returns an unsigned integer as an int64 when it fits; above
// math.MaxInt64 it stays a uint64 inside a list or map (depth > 0), as the
// server stores it (msgpack 0xcf, which particle_list.c and particle_map.c
// keep and msgpack_in.c orders above every int64), and is an error for a
// bin's value, whose integer particle is an int64 (the client refuses it:
// value.go NewValue), never a silent wrap.
func normalizeUint(typ string, u uint64, depth int) (any, error) {
	if u <= math.MaxInt64 {
		return int64(u), nil
	}
	if depth > 0 {
		return u, nil
	}
	return nil, errorf(typ + " value " + strconv.FormatUint(u, 10) + " overflows int64 (only a list or map element may exceed math.MaxInt64)")
}

// putEntry normalises one map entry into out.
func putEntry(out map[any]any, k, e any, depth int, custom Custom) error {
	nk, err := NormalizeKey(k)
	if err != nil {
		return prefix(err, "[key "+KeyString(k)+"]")
	}
	if _, dup := out[nk]; dup {
		return &Error{Path: "[key " + KeyString(k) + "]", Msg: fmt.Sprintf("map key %s of type %s duplicates another key once normalised to %s", KeyString(k), typeName(k), typeName(nk))}
	}
	ne, err := normalize(e, depth+1, custom)
	if err != nil {
		return prefix(err, "["+KeyString(k)+"]")
	}
	out[nk] = ne
	return nil
}

// normalizeReflect handles named types of the basic kinds and typed
// slices, arrays and maps ([]string, map[string]int...).
func normalizeReflect(v any, depth int, custom Custom) (any, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return normalizeUint(rv.Type().String(), rv.Uint(), depth)
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			if rv.Kind() == reflect.Slice {
				if rv.IsNil() {
					return []byte(nil), nil
				}
				return rv.Bytes(), nil
			}
			b := make([]byte, rv.Len())
			for i := range b {
				b[i] = byte(rv.Index(i).Uint())
			}
			return b, nil
		}
		if depth >= MaxDepth {
			return nil, depthError()
		}
		out := make([]any, rv.Len())
		for i := range out {
			n, err := normalize(rv.Index(i).Interface(), depth+1, custom)
			if err != nil {
				return nil, prefix(err, "["+strconv.Itoa(i)+"]")
			}
			out[i] = n
		}
		return out, nil
	case reflect.Map:
		if depth >= MaxDepth {
			return nil, depthError()
		}
		out := make(map[any]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			if err := putEntry(out, it.Key().Interface(), it.Value().Interface(), depth, custom); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, errorf(fmt.Sprintf("value of type %s is not supported", typeName(v)))
}

// KeyString formats a map key for error paths: strings quoted, numbers as
// they print, other keys by their type.
func KeyString(k any) string {
	if k == nil {
		return "nil"
	}
	rv := reflect.ValueOf(k)
	switch rv.Kind() {
	case reflect.String:
		return strconv.Quote(rv.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'g', -1, 64)
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool())
	}
	return rv.Type().String()
}
