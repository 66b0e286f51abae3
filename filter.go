package aero

import "github.com/aerokit/aero/exp"

// WithFilter makes a write conditional on the record's contents and
// metadata, evaluated on the server with the write (package exp builds
// the expression): an existing record it does not match is left as it is
// and the call fails with ErrFilteredOut. A write that creates the record
// does not evaluate it, as the server does. It applies to Put, Insert,
// Update, Replace, Delete, Touch, Operate, Add, the batch writes and the
// write-back of Modify, on the Session and on a Repo.
func WithFilter(filter *exp.Expr) WriteOption {
	return func(o *writeOptions) {
		if filter != nil {
			o.filter = filter
		}
	}
}

// WithScanFilter makes a scan or query (and their pages) return only the
// records a filter expression matches, evaluated on the server; the others
// are skipped. A cursor carries the filter: a page asked with another
// filter than the cursor's is ErrInvalidArgument.
func WithScanFilter(filter *exp.Expr) ScanOption { return scanFilter{filter} }

type scanFilter struct{ f *exp.Expr }

func (s scanFilter) applyScan(o *scanOptions) {
	if s.f != nil {
		o.filter = s.f
	}
}
