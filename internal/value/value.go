// Package value is the one definition of Aerospike's value model in Go: the
// canonical types a bin holds, the normalizer that turns other Go values
// into them, the canonical check and the deep copy. Package driver exports
// it (driver.Normalize, driver.Clone) and package mapper uses it for
// interface fields, MarshalAero results and the values it decodes, so that
// the two can never disagree on what a value is. It imports the standard
// library only, as both of its users must.
//
// The canonical types are nil, bool, int64, float64, string, []byte, []any
// (a list) and map[any]any (a map) whose keys are int64, float64 or string
// and whose elements are canonical again; as a list or map element (or map
// key), an unsigned integer above math.MaxInt64 is a uint64, as the server
// stores it.
package value

import (
	"math"
	"strconv"
)

// MaxDepth bounds the nesting of lists, maps (and, for package mapper,
// structs and pointers) that is followed, so that a cyclic value (a []any
// holding itself, a pointer cycle) is an error rather than a stack
// overflow. It matches the wire codec's bound (internal/wire maxDepth).
const MaxDepth = 128

// Error reports a value outside the model. Path locates it inside the
// value ("[3]", `["k"]`, `[key "k"]`; empty for the value itself).
type Error struct {
	// Path is the position of the offending element, from the value given.
	Path string
	// Msg says what was wrong (the type found, the overflow...).
	Msg string
	// Err is a failure reported by a Custom function, which owns its
	// message; Msg is then empty.
	Err error
}

// Error formats the error as "Msg (at Path)".
func (e *Error) Error() string {
	s := e.Msg
	if e.Err != nil {
		s = e.Err.Error()
	}
	if e.Path != "" {
		s += " (at " + e.Path + ")"
	}
	return s
}

// Unwrap returns the Custom function's error, if any.
func (e *Error) Unwrap() error { return e.Err }

func errorf(msg string) *Error { return &Error{Msg: msg} }

// prefix prepends p to the path of err, an *Error, or wraps a Custom
// function's error. Only called on the error path.
func prefix(err error, p string) error {
	if e, ok := err.(*Error); ok {
		e.Path = p + e.Path
		return e
	}
	return &Error{Path: p, Err: err}
}

func depthError() *Error {
	return errorf("value nests more than " + strconv.Itoa(MaxDepth) + " levels deep (is it cyclic?)")
}

// Int64 returns x as an int64 when x is a value of a predeclared integer
// type (int, int8..int64, uint, uint8..uint64) that fits: a uint or uint64
// above math.MaxInt64 is not, never a silent wrap. It is how integers that
// backends return are read: canonical int64, and int, which
// aerospike-client-go returns for integer particles (value.go
// bytesToParticle, unpacker.go unpackObject).
func Int64(x any) (int64, bool) {
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

// IsCanonical reports whether v is made of canonical types only, so that
// Normalize would return it unchanged. A value nested deeper than MaxDepth
// is not.
func IsCanonical(v any) bool { return isCanonical(v, 0) }

func isCanonical(v any, depth int) bool {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, []byte, GeoJSON:
		return true
	case uint64:
		// Only a list or map element above math.MaxInt64 (normalizeUint).
		return depth > 0 && x > math.MaxInt64
	case []any:
		return isCanonicalList(x, depth)
	case map[any]any:
		return isCanonicalMap(x, depth)
	}
	return false
}

func isCanonicalList(l []any, depth int) bool {
	if depth >= MaxDepth {
		return false
	}
	for _, e := range l {
		switch e.(type) {
		case nil, bool, int64, float64, string, []byte:
			continue
		}
		if !isCanonical(e, depth+1) {
			return false
		}
	}
	return true
}

func isCanonicalMap(m map[any]any, depth int) bool {
	if depth >= MaxDepth {
		return false
	}
	for k, e := range m {
		switch x := k.(type) {
		case int64, string:
		case uint64:
			if x <= math.MaxInt64 {
				return false
			}
		case float64:
			if x != x {
				return false // a NaN key: Normalize refuses it
			}
		default:
			if !isCanonicalBlobKey(k) {
				return false
			}
		}
		switch e.(type) {
		case nil, bool, int64, float64, string, []byte:
			continue
		}
		if !isCanonical(e, depth+1) {
			return false
		}
	}
	return true
}

// IsKey reports whether k is a canonical map key: int64, float64, string,
// a uint64 above math.MaxInt64, or a byte array (a blob key).
func IsKey(k any) bool {
	switch x := k.(type) {
	case int64, float64, string:
		return true
	case uint64:
		return x > math.MaxInt64
	}
	return isByteArray(k)
}

// Clone returns a deep copy of a canonical value: lists, maps and byte
// slices are copied so that neither side can change the other's. A nil
// container stays nil; other values are returned as they are.
func Clone(v any) any {
	switch x := v.(type) {
	case []byte:
		if x == nil {
			return x
		}
		out := make([]byte, len(x))
		copy(out, x)
		return out
	case HLL:
		if x == nil {
			return x
		}
		return append(HLL(nil), x...)
	case []any:
		if x == nil {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Clone(e)
		}
		return out
	case map[any]any:
		if x == nil {
			return x
		}
		out := make(map[any]any, len(x))
		for k, e := range x {
			out[k] = Clone(e)
		}
		return out
	}
	return v
}
