package aero

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aerokit/aero/driver"
)

// TestSentinelForEveryResultCode pins the sentinel of every result code the
// protocol and the client define. The expectations are written out here,
// independently of the switch in errors.go, so that a change of either shows.
func TestSentinelForEveryResultCode(t *testing.T) {
	t.Parallel()
	want := map[driver.ResultCode]error{
		-24: ErrClient, -23: ErrClient, -22: ErrClient, // transactions, client side
		-21: ErrCluster,         // GRPC_ERROR
		-20: ErrClient,          // BATCH_FAILED
		-19: ErrCluster,         // NO_RESPONSE
		-18: ErrCluster,         // NETWORK_ERROR
		-17: ErrClient,          // COMMON_ERROR
		-16: ErrCluster,         // MAX_RETRIES_EXCEEDED
		-15: ErrCluster,         // MAX_ERROR_RATE
		-13: ErrCluster,         // RACK_NOT_DEFINED
		-12: ErrCluster,         // INVALID_CLUSTER_PARTITION_MAP
		-11: ErrCluster,         // SERVER_NOT_AVAILABLE
		-10: ErrCluster,         // CLUSTER_NAME_MISMATCH_ERROR
		-9:  ErrClient,          // RECORDSET_CLOSED
		-8:  ErrCluster,         // NO_AVAILABLE_CONNECTIONS_TO_NODE
		-7:  ErrInvalidArgument, // TYPE_NOT_SUPPORTED
		-6:  ErrClient,          // COMMAND_REJECTED
		-5:  ErrClient,          // QUERY_TERMINATED
		-4:  ErrClient,          // SCAN_TERMINATED
		-3:  ErrCluster,         // INVALID_NODE_ERROR
		-2:  ErrClient,          // PARSE_ERROR
		-1:  ErrInvalidArgument, // SERIALIZE_ERROR
		1:   ErrServer,          // SERVER_ERROR
		2:   ErrNotFound,
		3:   ErrGeneration,
		4:   ErrInvalidArgument, // PARAMETER_ERROR
		5:   ErrExists,
		6:   ErrBinExists,
		7:   ErrCluster, // CLUSTER_KEY_MISMATCH
		8:   ErrServer,  // SERVER_MEM_ERROR
		9:   ErrTimeout,
		10:  ErrServer,  // ALWAYS_FORBIDDEN
		11:  ErrCluster, // PARTITION_UNAVAILABLE
		12:  ErrBinType,
		13:  ErrRecordTooBig,
		14:  ErrRecord, // KEY_BUSY
		15:  ErrQueryAborted,
		16:  ErrServer, // UNSUPPORTED_FEATURE
		17:  ErrBinNotFound,
		18:  ErrServer,          // DEVICE_OVERLOAD
		19:  ErrRecord,          // KEY_MISMATCH
		20:  ErrInvalidArgument, // INVALID_NAMESPACE
		21:  ErrBinName,
		22:  ErrServer, // FAIL_FORBIDDEN
		23:  ErrElementNotFound,
		24:  ErrElementExists,
		25:  ErrServer, // ENTERPRISE_ONLY
		26:  ErrOpNotApplicable,
		27:  ErrFilteredOut,
		28:  ErrRecord, // LOST_CONFLICT
		32:  ErrRecord, // XDR_KEY_BUSY
		50:  ErrServer, // QUERY_END
		100: ErrUDF,
		120: ErrServer, 121: ErrServer, 122: ErrServer, 123: ErrServer, // MRT_*
		124: ErrServer, 125: ErrServer, 126: ErrServer, 127: ErrServer,
		150: ErrServer, 151: ErrServer, 152: ErrServer, // BATCH_*
		160: ErrInvalidArgument, // GEO_INVALID_GEOJSON
		200: ErrIndexExists,
		201: ErrIndexNotFound,
		202: ErrServer, 203: ErrServer, 204: ErrServer, 205: ErrServer, 206: ErrServer, // INDEX_*
		210:  ErrQueryAborted,
		211:  ErrQuery,
		212:  ErrTimeout, // QUERY_TIMEOUT
		213:  ErrQuery,
		214:  ErrQuery,
		215:  ErrQuery,
		1301: ErrUDF,
		1302: ErrUDF,
	}
	for c := driver.ResultCode(51); c <= 83; c++ {
		if c.Known() {
			want[c] = ErrAdmin
		}
	}
	families := []error{ErrRecord, ErrServer, ErrCluster, ErrTimeout, ErrInvalidArgument, ErrClient}
	for _, code := range driver.AllResultCodes() {
		if code == driver.OK {
			if got := SentinelFor(code); got != nil {
				t.Errorf("SentinelFor(OK) = %v, want nil", got)
			}
			continue
		}
		w, ok := want[code]
		if !ok {
			t.Errorf("result code %s (%d) has no expectation in this test", code, int(code))
			continue
		}
		err := newError("GET", "test", "users", nil, driver.NewError(code, "detail"))
		if !errors.Is(err, w) {
			t.Errorf("code %s (%d): errors.Is(err, %v) = false (sentinel %v)", code, int(code), w, err.Sentinel())
		}
		// Exactly one family matches.
		var matched []error
		for _, f := range families {
			if errors.Is(err, f) {
				matched = append(matched, f)
			}
		}
		if len(matched) != 1 {
			t.Errorf("code %s (%d) matches families %v, want exactly one", code, int(code), matched)
		}
		var ae *Error
		if !errors.As(err, &ae) || ae.Code != code {
			t.Errorf("code %s: errors.As gives %+v, want Code %d", code, ae, int(code))
		}
	}
	for code := range want {
		if !code.Known() {
			t.Errorf("expectation for %d names a code driver does not define", int(code))
		}
	}
}

func TestSentinelFamilies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sentinel, family error
	}{
		{ErrNotFound, ErrRecord}, {ErrExists, ErrRecord}, {ErrGeneration, ErrRecord},
		{ErrRecordTooBig, ErrRecord}, {ErrBinName, ErrRecord}, {ErrBinExists, ErrRecord},
		{ErrBinNotFound, ErrRecord}, {ErrBinType, ErrRecord}, {ErrFilteredOut, ErrRecord},
		{ErrElementNotFound, ErrRecord}, {ErrElementExists, ErrRecord}, {ErrOpNotApplicable, ErrRecord},
		{ErrIndexNotFound, ErrServer}, {ErrIndexExists, ErrServer}, {ErrQuery, ErrServer},
		{ErrQueryAborted, ErrServer}, {ErrAdmin, ErrServer}, {ErrUDF, ErrServer},
		{ErrDecode, ErrClient},
	}
	for _, tt := range tests {
		if !errors.Is(tt.sentinel, tt.family) {
			t.Errorf("errors.Is(%v, %v) = false", tt.sentinel, tt.family)
		}
		if errors.Is(tt.family, tt.sentinel) {
			t.Errorf("errors.Is(%v, %v) = true: a family is not its member", tt.family, tt.sentinel)
		}
		if errors.Is(tt.sentinel, ErrTimeout) && tt.family != ErrTimeout {
			t.Errorf("%v matches ErrTimeout", tt.sentinel)
		}
	}
}

func TestErrorDetails(t *testing.T) {
	t.Parallel()
	cause := driver.NewError(driver.Timeout, "socket read")
	cause.InDoubt = true
	key, err := driver.NewKey("test", "users", "ada")
	if err != nil {
		t.Fatal(err)
	}
	e := newError(CmdPut, "test", "users", key, fmt.Errorf("wrapped: %w", cause))
	if !IsInDoubt(e) {
		t.Error("IsInDoubt = false, want true")
	}
	if code, ok := CodeOf(e); !ok || code != driver.Timeout {
		t.Errorf("CodeOf = %v, %v", code, ok)
	}
	var de *driver.Error
	if !errors.As(e, &de) || de != cause {
		t.Error("the driver's error is not reachable with errors.As")
	}
	msg := e.Error()
	for _, part := range []string{"PUT", "test.users", `"ada"`, "TIMEOUT", "in doubt"} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q lacks %q", msg, part)
		}
	}
}

func TestContextErrorsClassified(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    error
		family error
	}{
		{context.DeadlineExceeded, ErrTimeout},
		{context.Canceled, ErrClient},
		{errors.New("boom"), ErrClient},
	}
	for _, tt := range tests {
		e := newError(CmdGet, "test", "", nil, tt.err)
		if !errors.Is(e, tt.family) {
			t.Errorf("%v: not in family %v", tt.err, tt.family)
		}
		if !errors.Is(e, tt.err) {
			t.Errorf("%v: cause not reachable", tt.err)
		}
	}
}

func TestContextErrorWinsOverDriverCode(t *testing.T) {
	t.Parallel()
	// The Aerospike driver reports a cancelled write as TIMEOUT, in doubt,
	// with the context's error in the chain.
	de := &driver.Error{Code: driver.Timeout, InDoubt: true, Err: context.Canceled}
	e := newError(CmdPut, "test", "s", nil, de)
	if !errors.Is(e, ErrClient) || errors.Is(e, ErrTimeout) {
		t.Errorf("cancelled call classified as %v", e.Sentinel())
	}
	if !e.InDoubt || e.Code != driver.Timeout {
		t.Errorf("code and doubt lost: %+v", e)
	}
}

func TestUserBuiltErrorMatchesByCode(t *testing.T) {
	t.Parallel()
	var err error = &Error{Code: driver.KeyNotFoundError}
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, ErrRecord) {
		t.Errorf("a test double *Error{Code: 2} does not match ErrNotFound")
	}
	if err.Error() == "" || (&Error{}).Sentinel() == nil {
		t.Error("zero *Error has no message or sentinel")
	}
}
