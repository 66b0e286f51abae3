// Package driver defines the interface that aero's storage backends
// implement, in the spirit of database/sql/driver.
//
// The interface speaks Aerospike's own terms: namespaces and sets, keys and
// their RIPEMD-160 digests, bins, generations and expirations, operations,
// write policies (record-exists action, generation check), batches, and
// partition-based scans and secondary-index queries. A backend on
// aerospike-client-go is a thin translation of it; the in-memory backend
// applies it to an engine that reproduces the server's rules.
//
// Most users never import this package: they call aero.Open with a DSN and
// use the Session. Backend authors implement Driver and Conn, register the
// driver under its DSN scheme with Register, and run the conformance suite in
// driver/drivertest against it.
//
// # Errors
//
// Every method reports failures that the Aerospike server (or its protocol)
// defines as a *Error carrying the ResultCode; the root package turns the code
// into its sentinel, so a backend never builds a sentinel by hand. Failures
// of the context are reported as the context's error (context.Canceled or
// context.DeadlineExceeded), possibly wrapped. Anything else (a malformed DSN,
// a value of an unsupported type) is reported as a *Error with
// ParameterError or a client-side code, so that every error maps to exactly
// one class of the taxonomy.
package driver

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Driver opens connections to one kind of backend. It is registered under a
// DSN scheme with Register.
type Driver interface {
	// Open connects to the backend that dsn names. The dsn is the whole
	// string given to aero.Open, scheme included. Open must validate every
	// part of the DSN and return an error naming the bad part; the error
	// must never contain a password that the DSN carries.
	Open(ctx context.Context, dsn string) (Conn, error)
}

// Conn is a connection to one backend: a cluster for the Aerospike driver, an
// engine for the memory driver. It is safe for concurrent use by many
// goroutines.
//
// Unless a method says otherwise, an unknown namespace is reported as
// InvalidNamespace, a set name longer than MaxSetNameLen bytes or a bin name
// longer than MaxBinNameLen bytes as ParameterError or BinNameTooLong (as the
// server does: see each method), and a context that is done before the call
// finishes as the context's error.
type Conn interface {
	// Namespace reports the default namespace that the DSN named. Keys whose
	// Namespace is empty are never passed to a Conn: the caller fills it in.
	Namespace() string

	// Get reads the record at key. With bins nil it reads every bin; with
	// bins non-nil (possibly empty) it reads only the named bins that exist;
	// with policy.HeaderOnly it reads the generation and expiration only.
	// A missing or expired record is KeyNotFoundError.
	Get(ctx context.Context, policy *ReadPolicy, key *Key, bins []string) (*Record, error)

	// Exists reports whether the record at key exists (and is not expired).
	// A missing record is (false, nil), not an error.
	Exists(ctx context.Context, policy *ReadPolicy, key *Key) (bool, error)

	// Put writes bins to the record at key under policy. A bin whose value
	// is nil is deleted from the record. RecordExists decides how an
	// existing record is treated (KeyExistsError for CreateOnly, KeyNotFoundError for
	// UpdateOnly and ReplaceOnly); a GenerationPolicy that does not match
	// is GenerationError; a record that would exceed the namespace's size
	// limit is RecordTooBig; a bin name over MaxBinNameLen is BinNameTooLong.
	Put(ctx context.Context, policy *WritePolicy, key *Key, bins Bins) error

	// Delete removes the record at key and reports whether it existed. A
	// missing record is (false, nil). GenerationPolicy applies as for Put.
	Delete(ctx context.Context, policy *WritePolicy, key *Key) (existed bool, err error)

	// Touch rewrites the record's expiration from policy.Expiration and
	// increments its generation. A missing record is KeyNotFoundError.
	Touch(ctx context.Context, policy *WritePolicy, key *Key) error

	// Operate applies ops to the record at key atomically, in order, and
	// returns the results of the read operations (see Operation). Writes
	// obey policy as for Put. When no op writes, the call is a read and a
	// missing record is KeyNotFoundError. The returned record always carries the
	// generation and expiration after the operations.
	Operate(ctx context.Context, policy *WritePolicy, key *Key, ops []Operation) (*Record, error)

	// Batch runs every entry of records in one request (one per node for a
	// cluster) and stores each entry's outcome in the entry itself: its
	// Record and its Err (a *Error; KeyNotFoundError for a missing record read).
	// Order is never changed. The returned error is reserved for failures of
	// the whole request (connectivity, timeout, bad policy); when it is
	// non-nil, entries whose outcome is unknown carry it too, with InDoubt
	// set for writes.
	Batch(ctx context.Context, policy *BatchPolicy, records []*BatchRecord) error

	// Scan streams the records of a set (the whole namespace when the set is
	// empty) partition by partition. See QueryRequest.
	Scan(ctx context.Context, req *QueryRequest) (Rows, error)

	// Query streams the records whose bin matches req.Filter, which must be
	// set. A filter on a bin with no secondary index of the right type is
	// IndexNotFound, as the server answers.
	Query(ctx context.Context, req *QueryRequest) (Rows, error)

	// CreateIndex creates a secondary index and returns once it is ready for
	// queries. An index of the same name, or on the same namespace, set, bin
	// and type, is IndexFound.
	CreateIndex(ctx context.Context, idx *Index) error

	// DropIndex removes the named index of namespace and returns once it is
	// gone. An index that does not exist is IndexNotFound.
	DropIndex(ctx context.Context, namespace, name string) error

	// Truncate removes every record of set (the whole namespace when set is
	// empty) last updated before before; the zero time means now.
	Truncate(ctx context.Context, namespace, set string, before time.Time) error

	// Close releases the connection's resources. Calls after Close report
	// ServerNotAvailable (the Aerospike driver checks this itself: the
	// client would answer InvalidNamespace, "Partition map empty"). Close
	// is idempotent.
	Close() error
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Driver{}
)

// Register makes a driver available under a DSN scheme (the part of the DSN
// before "://"). It panics if drv is nil or the scheme is taken, as
// database/sql.Register does: both are programming errors found at init.
func Register(scheme string, drv Driver) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if drv == nil {
		panic("driver: Register driver is nil")
	}
	if _, dup := registry[scheme]; dup {
		panic("driver: Register called twice for scheme " + scheme)
	}
	registry[scheme] = drv
}

// Lookup returns the driver registered under scheme.
func Lookup(scheme string) (Driver, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	d, ok := registry[scheme]
	return d, ok
}

// Schemes returns the registered schemes, sorted.
func Schemes() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]string, 0, len(registry))
	for s := range registry {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// SplitScheme returns the scheme of dsn, the part before "://".
func SplitScheme(dsn string) (scheme string, err error) {
	i := strings.Index(dsn, "://")
	if i <= 0 {
		return "", fmt.Errorf("driver: DSN has no scheme (want scheme://...; registered: %s)", strings.Join(Schemes(), ", "))
	}
	return dsn[:i], nil
}
