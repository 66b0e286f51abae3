package aero

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/aerokit/aero/driver"
)

// ResultCode is an Aerospike result code (see driver.ResultCode for the
// list: the values are those of aerospike-client-go's types.ResultCode).
type ResultCode = driver.ResultCode

// sentinel is the type of the package's sentinel errors. A sentinel belongs
// to at most one family; a family is a sentinel too.
type sentinel struct {
	msg    string
	family *sentinel
}

func (s *sentinel) Error() string { return s.msg }

// Is lets errors.Is(ErrNotFound, ErrRecord) hold: a sentinel is its family.
func (s *sentinel) Is(target error) bool {
	return s.family != nil && target == error(s.family)
}

func family(msg string) *sentinel { return &sentinel{msg: msg} }

func member(f *sentinel, msg string) *sentinel { return &sentinel{msg: msg, family: f} }

// The families of Aerospike's result-code taxonomy. Every *Error the Session
// returns matches exactly one family with errors.Is (the joined errors of a
// batch's outcomes, Items.Err and BatchResults.Err, match the families of
// all their records).
var (
	// ErrRecord is the family of errors about one record's state: not
	// found, exists, generation, size, bins, filtered out, key busy.
	ErrRecord error = errRecord
	// ErrServer is the family of errors the server reports about
	// something other than a record: indexes, queries, security, UDFs,
	// transactions, features, capacity.
	ErrServer error = errServer
	// ErrCluster is the family of connectivity and cluster errors: no
	// node, network failure, partition unavailable, cluster name mismatch.
	ErrCluster error = errCluster
	// ErrTimeout is the family of timeouts: the server's, the client's and
	// an expired context deadline.
	ErrTimeout error = errTimeout
	// ErrInvalidArgument is the family of errors about the request itself:
	// a bad parameter, namespace, key, value or struct.
	ErrInvalidArgument error = errInvalidArgument
	// ErrClient is the family of errors raised on the client side that are
	// none of the above: parse errors, a closed recordset, a cancelled
	// context, a record that does not decode into the requested type.
	ErrClient error = errClient
)

var (
	errRecord          = family("aero: record error")
	errServer          = family("aero: server error")
	errCluster         = family("aero: cluster error")
	errTimeout         = family("aero: timeout")
	errInvalidArgument = family("aero: invalid argument")
	errClient          = family("aero: client error")
)

// Sentinels of the record family.
var (
	// ErrNotFound: the record does not exist (KEY_NOT_FOUND_ERROR).
	ErrNotFound error = member(errRecord, "aero: record not found")
	// ErrExists: a create-only write found the record (KEY_EXISTS_ERROR).
	ErrExists error = member(errRecord, "aero: record already exists")
	// ErrGeneration: the record's generation is not the one expected
	// (GENERATION_ERROR).
	ErrGeneration error = member(errRecord, "aero: generation mismatch")
	// ErrRecordTooBig: the record exceeds the namespace's size limit
	// (RECORD_TOO_BIG).
	ErrRecordTooBig error = member(errRecord, "aero: record too big")
	// ErrBinName: a bin name is too long or invalid (BIN_NAME_TOO_LONG).
	ErrBinName error = member(errRecord, "aero: bad bin name")
	// ErrBinExists: a create-only bin write found the bin (BIN_EXISTS_ERROR).
	ErrBinExists error = member(errRecord, "aero: bin already exists")
	// ErrBinNotFound: an update-only bin write did not find the bin
	// (BIN_NOT_FOUND).
	ErrBinNotFound error = member(errRecord, "aero: bin not found")
	// ErrBinType: an operation does not apply to the bin's type
	// (BIN_TYPE_ERROR).
	ErrBinType error = member(errRecord, "aero: bin type mismatch")
	// ErrFilteredOut: a filter expression excluded the record
	// (FILTERED_OUT).
	ErrFilteredOut error = member(errRecord, "aero: record filtered out")
	// ErrElementNotFound: a list or map operation did not find the element
	// it needs (FAIL_ELEMENT_NOT_FOUND, 23).
	ErrElementNotFound error = member(errRecord, "aero: element not found")
	// ErrElementExists: a create-only list or map write found the element
	// (FAIL_ELEMENT_EXISTS, 24).
	ErrElementExists error = member(errRecord, "aero: element already exists")
	// ErrOpNotApplicable: an operation or expression does not apply to the
	// value it meets (OP_NOT_APPLICABLE, 26).
	ErrOpNotApplicable error = member(errRecord, "aero: operation not applicable")
)

// Sentinels of the server family.
var (
	// ErrIndexNotFound: the secondary index does not exist (INDEX_NOTFOUND).
	ErrIndexNotFound error = member(errServer, "aero: index not found")
	// ErrIndexExists: the secondary index already exists (INDEX_FOUND).
	ErrIndexExists error = member(errServer, "aero: index already exists")
	// ErrQuery: a query failed on the server (QUERY_* codes).
	ErrQuery error = member(errServer, "aero: query failed")
	// ErrQueryAborted: the server aborted a scan or query (SCAN_ABORT,
	// QUERY_ABORTED).
	ErrQueryAborted error = member(errServer, "aero: query aborted")
	// ErrAdmin: a security or administration error (codes 51 to 83).
	ErrAdmin error = member(errServer, "aero: security or admin error")
	// ErrUDF: a user-defined function failed (UDF codes).
	ErrUDF error = member(errServer, "aero: UDF error")
)

// ErrDecode is reported when a record's bins do not decode into the
// requested Go type (a bin holds a value of another type, or one that
// overflows the field). It is in the client family.
var ErrDecode error = member(errClient, "aero: record does not decode")

// Error is the error every Session call returns on failure. It matches its
// sentinel and family with errors.Is, and carries the details for errors.As.
type Error struct {
	// Code is the Aerospike result code; for errors that have none (a
	// cancelled context, a struct that does not encode) it is the closest
	// client code (COMMON_ERROR, PARAMETER_ERROR, TIMEOUT).
	Code ResultCode
	// Op is the Session command: CmdGet, CmdPut, CmdBatchGet...
	Op Command
	// Namespace and Set name where the operation ran, when known.
	Namespace, Set string
	// Key is the record's user key (or digest) in printable form, when the
	// operation was on one record.
	Key string
	// InDoubt is set when a write may have been applied although it failed.
	InDoubt bool
	// Err is the cause: the driver's error (and through it the client's),
	// a mapper error or a context error.
	Err error

	kind *sentinel
	dkey string // the driver's form of the key, as a driver's detail names it
}

// Error formats the operation, where it ran, what went wrong and the code.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("aero: ")
	if e.Op != "" {
		b.WriteString(string(e.Op))
		b.WriteByte(' ')
	}
	// The namespace and set come from input: quoted when they hold
	// anything but plain printable ASCII, so that no control byte reaches
	// a log, as the key is quoted.
	switch {
	case e.Namespace != "" && e.Set != "":
		b.WriteString(safeName(e.Namespace) + "." + safeName(e.Set) + " ")
	case e.Namespace != "":
		b.WriteString(safeName(e.Namespace) + " ")
	case e.Set != "":
		b.WriteString("set " + safeName(e.Set) + " ")
	}
	if e.Key != "" {
		b.WriteString("key=" + e.Key + " ")
	}
	s := strings.TrimSuffix(b.String(), " ")
	what := strings.TrimPrefix(e.sent().msg, "aero: ")
	s += ": " + what
	// Each thing once: the code after what it means, and of a driver's
	// error only what the operation, key and code do not already say.
	de, fromDriver := e.Err.(*driver.Error)
	switch {
	case e.Err == nil:
		s += fmt.Sprintf(" (%s %d)", e.Code, int(e.Code))
	case fromDriver:
		s += fmt.Sprintf(" (%s %d)", de.Code, int(de.Code))
		if d := e.driverDetail(de, what); d != "" {
			s += ": " + d
		}
	default:
		s += ": " + e.Err.Error()
	}
	if e.InDoubt {
		s += " (in doubt)"
	}
	return s
}

// driverDetail is what a driver's error adds to the message: its detail
// without the key (which the message names already) and without the words
// of its code or of the sentinel (what).
func (e *Error) driverDetail(de *driver.Error, what string) string {
	redundant := func(s string) bool {
		return s == "" || strings.EqualFold(s, what) || strings.EqualFold(s, de.Code.Message())
	}
	var parts []string
	msg := de.Msg
	// "key ns:set:k: ...", "get ns:set:k", "batch READ ns:set:k: ...".
	if i := strings.Index(msg, e.dkey); e.dkey != "" && i >= 0 && !strings.Contains(msg[:i], ": ") {
		msg = strings.TrimPrefix(msg[i+len(e.dkey):], ": ")
	}
	if !redundant(msg) {
		parts = append(parts, msg)
	}
	if de.Err != nil {
		if d := de.Err.Error(); !redundant(d) {
			parts = append(parts, d)
		}
	}
	return strings.Join(parts, ": ")
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the error's sentinel or its family.
func (e *Error) Is(target error) bool {
	t, ok := target.(*sentinel)
	if !ok {
		return false
	}
	k := e.sent()
	return t == k || t == k.family
}

// sent returns the error's sentinel: the one it was built with, or, for an
// *Error built outside this package (a test double), the one of its Code.
func (e *Error) sent() *sentinel {
	if e.kind != nil {
		return e.kind
	}
	if e.Code == driver.OK {
		return errClient
	}
	return sentinelFor(e.Code)
}

// Sentinel returns the most specific sentinel the error matches (a family
// when no finer sentinel applies).
func (e *Error) Sentinel() error { return e.sent() }

// IsInDoubt reports whether err is, or holds, a write that may have been
// applied although it failed: for the joined errors of a batch's outcomes
// (Items.Err, BatchResults.Err), whether any record's is.
func IsInDoubt(err error) bool {
	switch e := err.(type) {
	case nil:
		return false
	case *Error:
		return e.InDoubt
	case interface{ Unwrap() []error }:
		for _, err := range e.Unwrap() {
			if IsInDoubt(err) {
				return true
			}
		}
		return false
	}
	return IsInDoubt(errors.Unwrap(err))
}

// CodeOf returns the result code of err, and whether it carries one.
func CodeOf(err error) (ResultCode, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Code, true
	}
	return driver.CodeOf(err)
}

// SentinelFor returns the sentinel a result code maps to: a specific one
// such as ErrNotFound, or the family when no finer sentinel applies. OK maps
// to nil. This table is the one place where codes meet sentinels; backends
// report codes and never build sentinels themselves.
func SentinelFor(code ResultCode) error {
	if code == driver.OK {
		return nil
	}
	return sentinelFor(code)
}

func sentinelFor(code ResultCode) *sentinel {
	switch code {
	// The record family.
	case driver.KeyNotFoundError:
		return ErrNotFound.(*sentinel)
	case driver.KeyExistsError:
		return ErrExists.(*sentinel)
	case driver.GenerationError:
		return ErrGeneration.(*sentinel)
	case driver.RecordTooBig:
		return ErrRecordTooBig.(*sentinel)
	case driver.BinNameTooLong:
		return ErrBinName.(*sentinel)
	case driver.BinExistsError:
		return ErrBinExists.(*sentinel)
	case driver.BinNotFound:
		return ErrBinNotFound.(*sentinel)
	case driver.BinTypeError:
		return ErrBinType.(*sentinel)
	case driver.FilteredOut:
		return ErrFilteredOut.(*sentinel)
	case driver.FailElementNotFound:
		return ErrElementNotFound.(*sentinel)
	case driver.FailElementExists:
		return ErrElementExists.(*sentinel)
	case driver.OPNotApplicable:
		return ErrOpNotApplicable.(*sentinel)
	case driver.KeyBusy, driver.KeyMismatch, driver.LostConflict, driver.XDRKeyBusy:
		return errRecord

	// The server family.
	case driver.IndexNotFound:
		return ErrIndexNotFound.(*sentinel)
	case driver.IndexFound:
		return ErrIndexExists.(*sentinel)
	case driver.QueryAborted, driver.ScanAbort:
		return ErrQueryAborted.(*sentinel)
	case driver.QueryQueueFull, driver.QueryGeneric, driver.QueryNetIOError,
		driver.QueryDuplicate:
		return ErrQuery.(*sentinel)
	case driver.UDFBadResponse, driver.UDFNotFound, driver.LuaFileNotFound:
		return ErrUDF.(*sentinel)

	// Timeouts.
	case driver.Timeout, driver.QueryTimeout:
		return errTimeout

	// Connectivity and cluster state.
	case driver.ClusterKeyMismatch, driver.PartitionUnavailable,
		driver.InvalidNodeError, driver.NoAvailableConnectionsToNode,
		driver.ClusterNameMismatchError, driver.ServerNotAvailable,
		driver.InvalidClusterPartitionMap, driver.RackNotDefined,
		driver.MaxErrorRate, driver.NetworkError, driver.NoResponse,
		driver.GRPCError, driver.MaxRetriesExceeded:
		return errCluster

	// The request itself.
	case driver.ParameterError, driver.InvalidNamespace, driver.TypeNotSupported,
		driver.GeoInvalidGeojson, driver.SerializeError:
		return errInvalidArgument
	}

	switch {
	case code >= driver.SecurityNotSupported && code <= driver.QuotaExceeded:
		return ErrAdmin.(*sentinel)
	case code > 0:
		return errServer
	default:
		return errClient
	}
}

// newError builds the *Error for a failure of op: it maps driver errors,
// context errors and anything else to their sentinel. It is the one place
// where errors are classified.
func newError(op Command, ns, set string, key *driver.Key, err error) *Error {
	e := &Error{Op: op, Namespace: ns, Set: set, Err: err}
	if key != nil {
		e.Key, e.dkey = keyString(key), key.String()
	}
	var de *driver.Error
	hasCode := errors.As(err, &de)
	if hasCode {
		e.Code, e.InDoubt = de.Code, de.InDoubt
	}
	// The context's own errors come first: a driver may report a cancelled
	// call with a client code (TIMEOUT) in the chain as well.
	switch {
	case errors.Is(err, context.Canceled):
		e.kind = errClient
		if !hasCode {
			e.Code = driver.CommonError
		}
	case errors.Is(err, context.DeadlineExceeded):
		e.kind = errTimeout
		if !hasCode {
			e.Code = driver.Timeout
		}
	case hasCode:
		e.kind = sentinelFor(de.Code)
	default:
		e.Code, e.kind = driver.CommonError, errClient
	}
	return e
}

// invalidArgument builds the *Error for a request aero rejects before it
// reaches the driver (a struct that does not encode, a bad key).
func invalidArgument(op Command, ns, set string, err error) *Error {
	return &Error{Op: op, Namespace: ns, Set: set, Code: driver.ParameterError, Err: err, kind: errInvalidArgument}
}

// decodeError builds the *Error for a record that does not decode.
func decodeError(op Command, ns, set string, key *driver.Key, err error) *Error {
	e := &Error{Op: op, Namespace: ns, Set: set, Code: driver.ParseError, Err: err, kind: ErrDecode.(*sentinel)}
	if key != nil {
		e.Key, e.dkey = keyString(key), key.String()
	}
	return e
}

// safeName returns a namespace or set name as it is when it is plain
// printable ASCII (no space, quote, dot or backslash), quoted otherwise.
func safeName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '.' || c == '\\' {
			return strconv.Quote(s)
		}
	}
	return s
}

func keyString(k *driver.Key) string { return keyText(k.UserKey, k.Digest) }

// keyText is the printable form of a user key (quoted), or of the digest
// when the key is not known.
func keyText(userKey any, digest driver.Digest) string {
	switch uk := userKey.(type) {
	case nil:
		return "digest:" + digest.String()
	case string:
		return fmt.Sprintf("%q", uk)
	case []byte:
		return fmt.Sprintf("0x%x", uk)
	default:
		return fmt.Sprint(uk)
	}
}
