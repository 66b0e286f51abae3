package aero

import (
	"errors"
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// ReadOption sets an option of one read: Get, GetHeader, Exists (on the
// Session and on a Repo), BatchGet, BatchExists and the reads of a
// BatchOperate entry. The options are WithFilterExp, WithBins, WithReplica,
// WithReadModeAP and WithReadModeSC.
//
// There is no timeout option: a read's deadline is its context's
// (context.WithTimeout), which every backend honours and which the
// Aerospike driver turns into the command's total timeout; the socket
// timeout and the retries are the connection's (DSN) settings. A second
// way to say "this call has 50 ms" would only have to be reconciled with
// the context's deadline.
type ReadOption interface{ applyRead(*readOptions) }

// readOptions is what the ReadOptions of a read set.
type readOptions struct {
	filter  driver.Expression
	bins    []string // nil: every bin
	binsSet bool
	routing driver.ReadRouting
}

func newReadOptions(opts []ReadOption) readOptions {
	var o readOptions
	for _, f := range opts {
		if f != nil {
			f.applyRead(&o)
		}
	}
	return o
}

// noBins refuses WithBins on a read that returns no bin (GetHeader,
// Exists, BatchExists): an option the call would ignore is an error.
func (o *readOptions) noBins() error {
	if o.binsSet {
		return errors.New("WithBins does not apply to a read of no bin (GetHeader, Exists, BatchExists)")
	}
	return nil
}

// batchPolicy is the driver's batch policy of a batch read, nil when the
// options set nothing for the whole batch.
func (o *readOptions) batchPolicy() *driver.BatchPolicy {
	return batchPolicyOf(o.filter, o.routing)
}

func batchPolicyOf(filter driver.Expression, routing driver.ReadRouting) *driver.BatchPolicy {
	if filter == nil && routing == (driver.ReadRouting{}) {
		return nil
	}
	// AllowInline is the client's default (batch_policy.go NewBatchPolicy).
	return &driver.BatchPolicy{AllowInline: true, FilterExp: filter, Routing: routing}
}

// BatchOption configures a whole BatchOperate: WithFilterExp (for every
// entry that has no filter of its own) and the routing options of its
// reads (WithReplica, WithReadModeAP, WithReadModeSC).
type BatchOption interface{ applyBatch(*batchOptions) }

type batchOptions struct {
	filter  driver.Expression
	routing driver.ReadRouting
}

// FilterExpOption is the option WithFilterExp: a WriteOption (so a
// ModifyOption), a ReadOption, a ScanOption and a BatchOption.
type FilterExpOption struct{ x *exp.Expr }

// WithFilterExp makes a call conditional on the record's contents and
// metadata, evaluated on the server (package exp builds the expression; a
// typed query's Cond.Exp gives one). A nil filter sets none. It is the
// client's filter expression (its policies' FilterExpression), not a
// Filter, which is the secondary-index predicate of a query.
//
//   - A read (Get, GetHeader, Exists) of a record the filter does not match
//     fails with ErrFilteredOut. A missing record is what it is without the
//     filter: ErrNotFound for Get and GetHeader, false and no error for
//     Exists (the server answers KEY_NOT_FOUND before it evaluates a filter).
//   - A write (Put, Insert, Update, Replace, Delete, Touch, Operate, Add,
//     the write-back of Modify) leaves an existing record it does not match
//     as it is and fails with ErrFilteredOut. A write that creates the
//     record does not evaluate it, as the server does.
//   - A batch (BatchGet, BatchExists, BatchDelete, BatchPut, BatchOperate)
//     filters every record: one it does not match has its Err match
//     ErrFilteredOut, and the call goes on. A BatchOperate entry's own
//     filter (in its Read or Options) takes the place of the batch's.
//   - A scan or query (and their pages) skips the records it does not
//     match. A cursor carries the filter: a page asked with another filter
//     than its cursor's is ErrInvalidArgument.
func WithFilterExp(filter *exp.Expr) FilterExpOption { return FilterExpOption{filter} }

func (f FilterExpOption) expr() driver.Expression {
	if f.x == nil {
		return nil // not a typed nil in the interface
	}
	return f.x
}

func (f FilterExpOption) applyWrite(o *writeOptions) {
	if x := f.expr(); x != nil {
		o.filter = x
	}
}

func (f FilterExpOption) applyModify(o *modifyOptions) { f.applyWrite(&o.write) }

func (f FilterExpOption) applyRead(o *readOptions) {
	if x := f.expr(); x != nil {
		o.filter = x
	}
}

func (f FilterExpOption) applyScan(o *scanOptions) {
	if x := f.expr(); x != nil {
		o.filter = x
	}
}

func (f FilterExpOption) applyBatch(o *batchOptions) {
	if x := f.expr(); x != nil {
		o.filter = x
	}
}

// BinsOption is the option WithBins: a ReadOption and a ScanOption.
type BinsOption struct{ bins []string }

// WithBins makes a read, a scan or a query return only the bins named
// (with none named, every bin). On a Repo the names are T's Go fields (as
// Field takes them), read from their bins and aliases; T's other fields
// are left zero, and a name that is not a field is ErrInvalidArgument
// naming T and the name. GetHeader, Exists and BatchExists read no bin:
// WithBins there is ErrInvalidArgument.
func WithBins(bins ...string) BinsOption { return BinsOption{bins} }

func (b BinsOption) applyRead(o *readOptions) { o.bins, o.binsSet = binsArg(b.bins), true }
func (b BinsOption) applyScan(o *scanOptions) { o.bins = binsArg(b.bins) }

// binsArg turns a bin list into the driver's form: nil (all bins) when
// none are named.
func binsArg(bins []string) []string {
	if len(bins) == 0 {
		return nil
	}
	return bins
}

// Replica selects the copy of a record a read goes to; see WithReplica.
type Replica = driver.Replica

// Replica policies (aerospike-client-go's ReplicaPolicy).
const (
	ReplicaMaster       = driver.ReplicaMaster
	ReplicaMasterProles = driver.ReplicaMasterProles
	ReplicaSequence     = driver.ReplicaSequence
	ReplicaPreferRack   = driver.ReplicaPreferRack
	ReplicaRandom       = driver.ReplicaRandom
)

// ReadModeAP is the read mode of an AP namespace; see WithReadModeAP.
type ReadModeAP = driver.ReadModeAP

// AP read modes (aerospike-client-go's ReadModeAP).
const (
	ReadModeAPOne = driver.ReadModeAPOne
	ReadModeAPAll = driver.ReadModeAPAll
)

// ReadModeSC is the read mode of a strong-consistency namespace; see
// WithReadModeSC.
type ReadModeSC = driver.ReadModeSC

// SC read modes (aerospike-client-go's ReadModeSC).
const (
	ReadModeSCSession          = driver.ReadModeSCSession
	ReadModeSCLinearize        = driver.ReadModeSCLinearize
	ReadModeSCAllowReplica     = driver.ReadModeSCAllowReplica
	ReadModeSCAllowUnavailable = driver.ReadModeSCAllowUnavailable
)

// RoutingOption is the option WithReplica, WithReadModeAP or
// WithReadModeSC: a ReadOption and a BatchOption. The in-memory backend,
// which holds one copy of each record, accepts and ignores them.
type RoutingOption struct{ r driver.ReadRouting }

// WithReplica sends the read to the replica r chooses, in place of the
// connection's (the aerospike DSN's replica setting).
func WithReplica(r Replica) RoutingOption {
	return RoutingOption{driver.ReadRouting{Replica: r}}
}

// WithReadModeAP sets how a read in an AP namespace treats the duplicate
// copies of a record during migrations (ReadModeAPAll resolves them).
func WithReadModeAP(m ReadModeAP) RoutingOption {
	return RoutingOption{driver.ReadRouting{ReadModeAP: m}}
}

// WithReadModeSC sets the consistency of a read in a strong-consistency
// namespace.
func WithReadModeSC(m ReadModeSC) RoutingOption {
	return RoutingOption{driver.ReadRouting{ReadModeSC: m}}
}

func (o RoutingOption) merge(r *driver.ReadRouting) {
	if o.r.Replica != 0 {
		r.Replica = o.r.Replica
	}
	if o.r.ReadModeAP != 0 {
		r.ReadModeAP = o.r.ReadModeAP
	}
	if o.r.ReadModeSC != 0 {
		r.ReadModeSC = o.r.ReadModeSC
	}
}

func (o RoutingOption) applyRead(r *readOptions)   { o.merge(&r.routing) }
func (o RoutingOption) applyBatch(b *batchOptions) { o.merge(&b.routing) }

// checkRouting refuses values outside the enumerations (a conversion from
// an untrusted integer), naming the option.
func checkRouting(r driver.ReadRouting) error {
	switch {
	case r.Replica > driver.ReplicaRandom:
		return fmt.Errorf("WithReplica: unknown replica %d", r.Replica)
	case r.ReadModeAP > driver.ReadModeAPAll:
		return fmt.Errorf("WithReadModeAP: unknown read mode %d", r.ReadModeAP)
	case r.ReadModeSC > driver.ReadModeSCAllowUnavailable:
		return fmt.Errorf("WithReadModeSC: unknown read mode %d", r.ReadModeSC)
	}
	return nil
}
