package driver

import (
	"errors"
	"fmt"
	"strconv"
)

// ResultCode is an Aerospike result code: the status of one command as the
// server (positive codes) or the client (negative codes) reports it. The
// values are those of aerospike-client-go's types.ResultCode.
type ResultCode int

// String returns the code's name as the client spells it, e.g.
// "KEY_NOT_FOUND_ERROR".
func (c ResultCode) String() string {
	if n, ok := resultCodeNames[c]; ok {
		return n
	}
	return "ResultCode(" + strconv.Itoa(int(c)) + ")"
}

// Message returns the code's description, as the client words it.
func (c ResultCode) Message() string {
	if m, ok := resultCodeMessages[c]; ok {
		return m
	}
	return "unknown result code " + strconv.Itoa(int(c))
}

// Known reports whether the code is one this package defines.
func (c ResultCode) Known() bool {
	_, ok := resultCodeNames[c]
	return ok
}

// Error is the error a backend reports for a failure with an Aerospike
// result code. The root package maps Code to its sentinel; Err keeps the
// backend's own error (the client's, for the Aerospike driver) reachable
// with errors.As.
type Error struct {
	Code ResultCode
	// InDoubt is set when a write may have been applied although the call
	// failed (a timeout or network error after the request was sent).
	InDoubt bool
	// Msg adds detail; it never contains a secret.
	Msg string
	// Err is the backend's underlying error, if any.
	Err error
}

// NewError returns a *Error with code and message.
func NewError(code ResultCode, msg string) *Error {
	return &Error{Code: code, Msg: msg}
}

// Errorf returns a *Error with code and a formatted message.
func Errorf(code ResultCode, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Error formats the code, its name and the detail.
func (e *Error) Error() string {
	s := fmt.Sprintf("%s (%d)", e.Code.String(), int(e.Code))
	if e.Msg != "" {
		s += ": " + e.Msg
	} else if e.Err == nil {
		s += ": " + e.Code.Message()
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if e.InDoubt {
		s += " (in doubt)"
	}
	return s
}

// Unwrap returns the backend's underlying error.
func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the result code of the first *Error in err's chain, and
// whether there was one.
func CodeOf(err error) (ResultCode, bool) {
	var de *Error
	if errors.As(err, &de) {
		return de.Code, true
	}
	return 0, false
}
