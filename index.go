package aero

import (
	"context"
	"errors"

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
	return s.admin(ctx, OpCreateIndex, idx.Namespace, idx.Set, func(ctx context.Context) error {
		return s.conn.CreateIndex(ctx, &driver.Index{Namespace: idx.Namespace, Set: idx.Set, Name: idx.Name, Bin: idx.Bin, Type: idx.Type})
	})
}

// DropIndex removes the index named idx.Name in idx.Namespace (empty: the
// Session's) and returns once it is gone; the other fields are not used. A
// missing index is ErrIndexNotFound.
func (s *Session) DropIndex(ctx context.Context, idx Index) error {
	if idx.Namespace == "" {
		idx.Namespace = s.ns
	}
	if idx.Name == "" {
		return invalidArgument(OpDropIndex, idx.Namespace, idx.Set, errors.New("index name is empty"))
	}
	return s.admin(ctx, OpDropIndex, idx.Namespace, "", func(ctx context.Context) error {
		return s.conn.DropIndex(ctx, idx.Namespace, idx.Name)
	})
}

// Truncate removes every record of set: those last updated before the call
// started, or before the time WithLastUpdateBefore gives. An empty set is
// ErrInvalidArgument: truncating a whole namespace is TruncateNamespace.
func (s *Session) Truncate(ctx context.Context, set string, opts ...TruncateOption) error {
	if set == "" {
		return invalidArgument(OpTruncate, s.ns, set, errors.New("set name is empty (use TruncateNamespace to truncate a whole namespace)"))
	}
	return s.truncate(ctx, set, opts)
}

// TruncateNamespace removes every record of every set of the Session's
// namespace (or of the one WithNamespace gives), as Truncate does.
func (s *Session) TruncateNamespace(ctx context.Context, opts ...TruncateOption) error {
	return s.truncate(ctx, "", opts)
}

func (s *Session) truncate(ctx context.Context, set string, opts []TruncateOption) error {
	o := truncateOptions{ns: s.ns}
	for _, fn := range opts {
		if fn != nil {
			fn.applyTruncate(&o)
		}
	}
	return s.admin(ctx, OpTruncate, o.ns, set, func(ctx context.Context) error {
		return s.conn.Truncate(ctx, o.ns, set, o.before)
	})
}

// admin runs one index or truncate command under the hooks.
func (s *Session) admin(ctx context.Context, op, ns, set string, do func(context.Context) error) error {
	c := cmd{s: s, info: s.opInfo(op, "", ns, set, 0)}
	_, err := exec(ctx, s, &c, func(ctx context.Context, _ cmd) (struct{}, error) { return struct{}{}, do(ctx) })
	return err
}
