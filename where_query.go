package aero

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// Query is a compiled typed query of a Repo: at most one secondary-index
// filter and a filter expression for the rest. It is immutable; reuse it
// for every run.
type Query[T any, K KeyType] struct {
	r        *Repo[T, K]
	index    *Filter   // nil: a scan
	indexOn  string    // the field the index filter is on
	residual *exp.Expr // nil: no filter beyond the index
}

// QueryOption configures the planning of a typed query.
type QueryOption interface{ applyQuery(*queryOptions) }

type queryOptions struct {
	indexed      []string // field paths with a secondary index
	requireIndex bool
}

type indexOption []string

func (o indexOption) applyQuery(q *queryOptions) { q.indexed = append(q.indexed, o...) }

// WithIndex tells the planner that the bins of these fields have a
// secondary index (of the type of the field: NUMERIC for integers and
// times, STRING for strings), so that a predicate on one of them can run as
// an index query. The indexes T's tags declare (`aero:"age,index"`, see
// Repo.Indexes and Repo.EnsureIndexes) are known without it.
func WithIndex(fieldPaths ...string) QueryOption { return indexOption(fieldPaths) }

type requireIndex struct{}

func (requireIndex) applyQuery(q *queryOptions) { q.requireIndex = true }

// RequireIndex makes Where fail with ErrIndexNotFound when no predicate
// can use an index, for services that must never scan a set.
func RequireIndex() QueryOption { return requireIndex{} }

// Where compiles c into a query of the repository's set. A condition that
// did not build (an unknown field, a value of the wrong type) is
// ErrInvalidArgument naming the field; with RequireIndex, a condition no
// index serves is ErrIndexNotFound.
func (r *Repo[T, K]) Where(c Cond[T], opts ...QueryOption) (*Query[T, K], error) {
	if err := c.check(); err != nil {
		return nil, invalidArgument(OpQuery, r.ns, r.set, err)
	}
	var o queryOptions
	for _, opt := range opts {
		if opt != nil {
			opt.applyQuery(&o)
		}
	}
	for _, path := range o.indexed {
		if _, ok := r.plan.Bin(path); !ok {
			return nil, invalidArgument(OpQuery, r.ns, r.set, fmt.Errorf("WithIndex: field %q: %s has no field of that name mapped to a bin", path, r.plan.Type()))
		}
	}
	q := &Query[T, K]{r: r, residual: c.x}
	conj := c.and
	if conj == nil {
		conj = []Cond[T]{c}
	}
	for i, p := range conj {
		f, ok := r.indexFilter(&p.leaf, o.indexed)
		if !ok {
			continue
		}
		q.index, q.indexOn = &f, p.leaf.field
		rest := make([]*exp.Expr, 0, len(conj)-1)
		for j, other := range conj {
			if j != i {
				rest = append(rest, other.x)
			}
		}
		switch len(rest) {
		case 0:
			q.residual = nil
		case 1:
			q.residual = rest[0]
		default:
			q.residual = exp.And(rest...)
		}
		break
	}
	if q.index == nil && o.requireIndex {
		return nil, &Error{Op: OpQuery, Namespace: r.ns, Set: r.set, Code: driver.IndexNotFound,
			Err: fmt.Errorf("no index serves %s (indexed fields: %v)", c.x, o.indexed), kind: sentinelFor(driver.IndexNotFound)}
	}
	return q, nil
}

// indexFilter turns a leaf on an indexed bin (declared in T's tags, or by
// WithIndex) into an index filter: equality on an integer or a string, a
// range on an integer.
func (r *Repo[T, K]) indexFilter(l *leaf, indexed []string) (Filter, bool) {
	if l.op == 0 || !slices.Contains(r.indexed, l.bin) &&
		!slices.ContainsFunc(indexed, func(path string) bool { b, _ := r.plan.Bin(path); return b == l.bin }) {
		return Filter{}, false
	}
	lo := l.lo
	switch l.op {
	case exp.OpEq:
		if l.isStr {
			return Equal(l.bin, l.str), true
		}
		return Equal(l.bin, lo), true
	case exp.OpGe:
		return Range(l.bin, lo, math.MaxInt64), true
	case exp.OpGt:
		if lo == math.MaxInt64 {
			return Filter{}, false
		}
		return Range(l.bin, lo+1, math.MaxInt64), true
	case exp.OpLe:
		return Range(l.bin, math.MinInt64, lo), true
	case exp.OpLt:
		if lo == math.MinInt64 {
			return Filter{}, false
		}
		return Range(l.bin, math.MinInt64, lo-1), true
	case exp.OpAnd:
		hi := l.hi
		if lo > hi {
			return Filter{}, false
		}
		return Range(l.bin, lo, hi), true
	}
	return Filter{}, false
}

// Explain says how the query runs: which index filter, which residual
// filter expression, or a scan.
func (q *Query[T, K]) Explain() string {
	var s string
	if q.index != nil {
		s = "index on " + strconv.Quote(q.index.f.Bin) + " (field " + q.indexOn + "): " + q.index.String()
	} else {
		s = "scan of set " + strconv.Quote(q.r.set) + " (no index serves the condition)"
	}
	if q.residual != nil {
		s += ", then filter " + q.residual.String()
	}
	return s
}

// Index returns the index filter of the query, and false for a scan.
func (q *Query[T, K]) Index() (Filter, bool) {
	if q.index == nil {
		return Filter{}, false
	}
	return *q.index, true
}

// Residual returns the filter expression evaluated on the records the index
// (or the scan) yields; nil when the index filter is the whole condition.
func (q *Query[T, K]) Residual() *exp.Expr { return q.residual }

// request builds the request of one run: the index filter, the residual
// filter expression (and'ed with a filter the options give), the options.
// A run costs no allocation beyond the hand-written Repo.Query or
// Repo.Scan with the same filters (BenchmarkQueryReuse).
func (q *Query[T, K]) request(opts []ScanOption) (string, *driver.QueryRequest) {
	req := q.r.request(q.index, opts)
	if q.residual != nil {
		// Only WithFilter sets a scan's filter, always to an *exp.Expr.
		if given, ok := req.FilterExp.(*exp.Expr); ok {
			req.FilterExp = exp.And(q.residual, given)
		} else {
			req.FilterExp = q.residual
		}
	}
	if q.index != nil {
		return OpQuery, req
	}
	return OpScan, req
}

// All runs the query and yields the matching records, decoded into T, as
// Repo.Query and Repo.Scan do. A WithFilter among the options is and'ed
// with the query's condition.
func (q *Query[T, K]) All(ctx context.Context, opts ...ScanOption) iter.Seq2[*T, error] {
	op, req := q.request(opts)
	return q.r.stream(ctx, op, req)
}

// Page returns up to size matching records from cursor on, as
// Repo.QueryPage and Repo.ScanPage do.
func (q *Query[T, K]) Page(ctx context.Context, size int, cursor Cursor, opts ...ScanOption) (*Page[*T], error) {
	op, req := q.request(opts)
	return q.r.page(ctx, op, req, size, cursor)
}
