package driver_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

// TestResultCodesMatchClient checks every code against aerospike-client-go
// v8 types/result_code.go: same values, names and messages (without a
// trailing period), and no code the client knows is missing here.
func TestResultCodesMatchClient(t *testing.T) {
	t.Parallel()
	all := driver.AllResultCodes()
	if !slices.IsSorted(all) {
		t.Errorf("AllResultCodes is not in ascending order")
	}
	if len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("AllResultCodes lists a code twice")
	}
	for _, c := range all {
		if !c.Known() {
			t.Errorf("code %d: in AllResultCodes but not Known", int(c))
		}
		if got, want := c.String(), types.ResultCode(c).String(); got != want {
			t.Errorf("code %d: String() = %q, client's name is %q", int(c), got, want)
		}
		// The messages drop the client's trailing period, as Go error
		// strings do.
		if got, want := c.Message(), strings.TrimSuffix(types.ResultCodeToString(types.ResultCode(c)), "."); got != want {
			t.Errorf("code %d (%s): Message() = %q, client's message is %q", int(c), c, got, want)
		}
	}
	// Every code the client names is defined here.
	for i := -1000; i <= 2000; i++ {
		if strings.HasPrefix(types.ResultCode(i).String(), "invalid ResultCode") {
			continue
		}
		if !driver.ResultCode(i).Known() {
			t.Errorf("client code %d (%s) is not defined in package driver", i, types.ResultCode(i))
		}
	}
}

// TestResultCodeSpotValues pins the codes the rest of aero relies on.
func TestResultCodeSpotValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code driver.ResultCode
		val  int
		name string
	}{
		{driver.OK, 0, "OK"},
		{driver.KeyNotFoundError, 2, "KEY_NOT_FOUND_ERROR"},
		{driver.GenerationError, 3, "GENERATION_ERROR"},
		{driver.ParameterError, 4, "PARAMETER_ERROR"},
		{driver.KeyExistsError, 5, "KEY_EXISTS_ERROR"},
		{driver.Timeout, 9, "TIMEOUT"},
		{driver.BinTypeError, 12, "BIN_TYPE_ERROR"},
		{driver.RecordTooBig, 13, "RECORD_TOO_BIG"},
		{driver.InvalidNamespace, 20, "INVALID_NAMESPACE"},
		{driver.BinNameTooLong, 21, "BIN_NAME_TOO_LONG"},
		{driver.FailForbidden, 22, "FAIL_FORBIDDEN"},
		{driver.IndexFound, 200, "INDEX_FOUND"},
		{driver.IndexNotFound, 201, "INDEX_NOTFOUND"},
		{driver.ServerNotAvailable, -11, "SERVER_NOT_AVAILABLE"},
	}
	for _, tt := range tests {
		if int(tt.code) != tt.val || tt.code.String() != tt.name {
			t.Errorf("got %d %q, want %d %q", int(tt.code), tt.code, tt.val, tt.name)
		}
	}
}

func TestResultCodeUnknown(t *testing.T) {
	t.Parallel()
	c := driver.ResultCode(4242)
	if c.Known() {
		t.Errorf("ResultCode(4242).Known() = true, want false")
	}
	if got, want := c.String(), "ResultCode(4242)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := c.Message(), "unknown result code 4242"; got != want {
		t.Errorf("Message() = %q, want %q", got, want)
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	inner := errors.New("connection reset")
	tests := []struct {
		name string
		err  *driver.Error
		want string
	}{
		{"code only uses the message", &driver.Error{Code: driver.KeyNotFoundError}, "KEY_NOT_FOUND_ERROR (2): Key not found"},
		{"detail replaces the message", driver.NewError(driver.ParameterError, "bin \"x\": bad"), "PARAMETER_ERROR (4): bin \"x\": bad"},
		{"Errorf formats", driver.Errorf(driver.BinTypeError, "bin %q is %s", "n", "string"), "BIN_TYPE_ERROR (12): bin \"n\" is string"},
		{"wrapped error", &driver.Error{Code: driver.NetworkError, Err: inner}, "NETWORK_ERROR (-18): connection reset"},
		{"detail and wrapped", &driver.Error{Code: driver.Timeout, Msg: "get", Err: inner, InDoubt: true}, "TIMEOUT (9): get: connection reset (in doubt)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCodeOfAndUnwrap(t *testing.T) {
	t.Parallel()
	inner := context.DeadlineExceeded
	de := &driver.Error{Code: driver.Timeout, Err: inner}
	wrapped := fmt.Errorf("session get: %w", de)
	if c, ok := driver.CodeOf(wrapped); !ok || c != driver.Timeout {
		t.Errorf("CodeOf(wrapped) = %v, %t; want TIMEOUT, true", c, ok)
	}
	if !errors.Is(wrapped, context.DeadlineExceeded) {
		t.Errorf("errors.Is(wrapped, DeadlineExceeded) = false: Unwrap must expose Err")
	}
	if c, ok := driver.CodeOf(errors.New("plain")); ok || c != 0 {
		t.Errorf("CodeOf(plain error) = %v, %t; want 0, false", c, ok)
	}
	if c, ok := driver.CodeOf(nil); ok || c != 0 {
		t.Errorf("CodeOf(nil) = %v, %t; want 0, false", c, ok)
	}
}
