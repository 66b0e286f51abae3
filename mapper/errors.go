package mapper

import (
	"fmt"
	"reflect"
	"strconv"
)

// Error reports a struct type that cannot be mapped, or a value that cannot
// be encoded or decoded. It names the Go field path (for example
// "User.Address.Zip", with "[3]" or "[key]" for list and map elements) and,
// when the failure is under a top-level field, the bin.
type Error struct {
	// Path is the Go path of the field, starting with the struct type's
	// name.
	Path string
	// Bin is the top-level bin the field is stored in; empty for errors that
	// are not about one bin (a duplicate name reports the second field).
	Bin string
	// Msg describes the failure.
	Msg string
	// Err is the underlying error, such as one returned by a user's
	// MarshalAero or UnmarshalText; nil when Msg says everything.
	Err error
}

// Error formats the error as "mapper: Path (bin "b"): Msg: Err".
func (e *Error) Error() string {
	s := "mapper: "
	if e.Path != "" {
		s += e.Path
		if e.Bin != "" {
			s += " (bin " + strconv.Quote(e.Bin) + ")"
		}
		s += ": "
	} else if e.Bin != "" {
		s += "bin " + strconv.Quote(e.Bin) + ": "
	}
	s += e.Msg
	if e.Err != nil {
		if e.Msg != "" {
			s += ": "
		}
		s += e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// errorf returns an *Error with an empty path, to be prefixed by callers as
// the error travels up through containers and struct fields.
func errorf(format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// prefix prepends p to the path of err (an *Error made by this package) or
// wraps a foreign error. Only called on the error path.
func prefix(err error, p string) error {
	if e, ok := err.(*Error); ok {
		e.Path = p + e.Path
		return e
	}
	return &Error{Path: p, Err: err}
}

// typeName names the dynamic type of a decoded value for errors.
func typeName(x any) string {
	if x == nil {
		return "nil"
	}
	return reflect.TypeOf(x).String()
}

func mismatch(x any, want reflect.Type) *Error {
	return errorf("cannot decode %s into %s", typeName(x), want)
}

// structName is the name used at the start of paths.
func structName(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}
