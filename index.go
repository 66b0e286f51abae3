package aero

import (
	"context"
	"errors"
	"time"

	"github.com/aerokit/aero/driver"
)

// IndexType is the type of values a secondary index holds.
type IndexType = driver.IndexType

// Index types.
const (
	// NumericIndex indexes integer bins (Equal and Range filters).
	NumericIndex = driver.IndexNumeric
	// StringIndex indexes string bins (Equal filters).
	StringIndex = driver.IndexString
)

// Index describes a secondary index. Namespace empty means the Session's.
type Index struct {
	Namespace string
	Set       string
	Name      string
	Bin       string
	Type      IndexType
}

// CreateIndex creates a secondary index and returns once it is ready. An
// index with the same name, or on the same bin and type, is ErrIndexExists.
func (s *Session) CreateIndex(ctx context.Context, idx Index) error {
	if idx.Namespace == "" {
		idx.Namespace = s.ns
	}
	ctx, sp := s.begin(ctx, OpCreateIndex, idx.Namespace, idx.Set, 0)
	err := s.conn.CreateIndex(ctx, &driver.Index{Namespace: idx.Namespace, Set: idx.Set, Name: idx.Name, Bin: idx.Bin, Type: idx.Type})
	if err != nil {
		return sp.end(newError(OpCreateIndex, idx.Namespace, idx.Set, nil, err))
	}
	sp.end(nil)
	return nil
}

// DropIndex removes the named index of the Session's namespace (or of the
// namespace given with InNamespace) and returns once it is gone. A missing
// index is ErrIndexNotFound.
func (s *Session) DropIndex(ctx context.Context, name string, opts ...ScanOption) error {
	o := scanOptions{ns: s.ns}
	for _, fn := range opts {
		fn(&o)
	}
	ctx, sp := s.begin(ctx, OpDropIndex, o.ns, "", 0)
	if err := s.conn.DropIndex(ctx, o.ns, name); err != nil {
		return sp.end(newError(OpDropIndex, o.ns, "", nil, err))
	}
	sp.end(nil)
	return nil
}

// Truncate removes every record of set. Records written after the call
// starts are kept. An empty set is ErrInvalidArgument: truncating a whole
// namespace is TruncateNamespace.
func (s *Session) Truncate(ctx context.Context, set string, opts ...ScanOption) error {
	return s.TruncateBefore(ctx, set, time.Time{}, opts...)
}

// TruncateNamespace removes every record of every set of the Session's
// namespace (or of the one given with InNamespace).
func (s *Session) TruncateNamespace(ctx context.Context, opts ...ScanOption) error {
	return s.truncate(ctx, "", time.Time{}, opts)
}

// TruncateBefore removes the records of set last updated before before (the
// zero time means now). An empty set is ErrInvalidArgument.
func (s *Session) TruncateBefore(ctx context.Context, set string, before time.Time, opts ...ScanOption) error {
	if set == "" {
		return invalidArgument(OpTruncate, s.ns, set, errors.New("set name is empty (use TruncateNamespace to truncate a whole namespace)"))
	}
	return s.truncate(ctx, set, before, opts)
}

func (s *Session) truncate(ctx context.Context, set string, before time.Time, opts []ScanOption) error {
	o := scanOptions{ns: s.ns}
	for _, fn := range opts {
		fn(&o)
	}
	ctx, sp := s.begin(ctx, OpTruncate, o.ns, set, 0)
	if err := s.conn.Truncate(ctx, o.ns, set, before); err != nil {
		return sp.end(newError(OpTruncate, o.ns, set, nil, err))
	}
	sp.end(nil)
	return nil
}
