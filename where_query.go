package aero

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/exptree"
	"github.com/aerokit/aero/mapper"
)

// Query is a compiled typed query of a Repo: at most one secondary-index
// filter and a filter expression for the rest. It is immutable; reuse it
// for every run.
type Query[T any, K KeyType] struct {
	r       *Repo[T, K]
	index   *Filter // nil: a scan
	indexOn string  // the field the index filter is on
	// indexName is the index's name when known (T's tags, the backend),
	// why the reason it was chosen.
	indexName, why string
	residual       *exp.Expr // nil: no filter beyond the index
}

// QueryOption configures the planning of a typed query.
type QueryOption interface{ applyQuery(*queryOptions) }

type queryOptions struct {
	indexed      []string // field paths with a secondary index
	collIndexed  []collIndex
	requireIndex bool
}

// indexedBin is a bin with an index, and what of the bin it holds.
type indexedBin struct {
	bin string
	on  IndexCollection
}

// knownBins lists the indexed bins a query could use (from T's tags and
// the options), for errors.
func knownBins(known []indexedBin) string {
	if len(known) == 0 {
		return "none"
	}
	s := make([]string, len(known))
	for i, k := range known {
		s[i] = strconv.Quote(k.bin)
		if k.on != OnValue {
			s[i] += " (" + k.on.String() + ")"
		}
	}
	return strings.Join(s, ", ")
}

type indexOption []string

func (o indexOption) applyQuery(q *queryOptions) { q.indexed = append(q.indexed, o...) }

// WithIndex tells the planner that the bins of these fields have a
// secondary index (of the type of the field: NUMERIC for integers and
// times, STRING for strings; for a slice or array field, a LIST index of
// its elements), so that a predicate on one of them can run as an index
// query. A map field's index is named with WithCollectionIndex. The
// indexes T's tags declare (`aero:"age,index"`, see Repo.Indexes and
// Repo.EnsureIndexes) are known without it.
func WithIndex(fieldPaths ...string) QueryOption { return indexOption(fieldPaths) }

type collIndex struct {
	path string
	on   IndexCollection
}

func (o collIndex) applyQuery(q *queryOptions) { q.collIndexed = append(q.collIndexed, o) }

// WithCollectionIndex tells the planner that the bin of this field has a
// collection index: of its list elements (OnListElements), map keys
// (OnMapKeys) or map values (OnMapValues), of their type, so that a
// Contains condition on it can run as an index query.
func WithCollectionIndex(fieldPath string, on IndexCollection) QueryOption {
	return collIndex{fieldPath, on}
}

type requireIndex struct{}

func (requireIndex) applyQuery(q *queryOptions) { q.requireIndex = true }

// RequireIndex makes Where fail with ErrIndexNotFound when no predicate
// can use an index, for services that must never scan a set.
func RequireIndex() QueryOption { return requireIndex{} }

// Where compiles c into a query of the repository's set: the one way to
// query a Repo (Query.All, Query.Page). A condition that
// did not build (an unknown field, a value of the wrong type) is
// ErrInvalidArgument naming the field; with RequireIndex, a condition no
// index serves is ErrIndexNotFound.
//
// When several predicates could use an index, the choice does not follow
// their order: Where ranks the indexes by what the backend knows of them
// (the server's sindex-stat: about the records each would yield), asked
// for at most once a minute per index and Session and waited for at most
// two seconds, else puts an equality before a range; Explain says which and
// why.
func (r *Repo[T, K]) Where(c Cond[T], opts ...QueryOption) (*Query[T, K], error) {
	if err := c.check(); err != nil {
		return nil, invalidArgument(CmdQuery, r.ns, r.set, err)
	}
	var o queryOptions
	for _, opt := range opts {
		if opt != nil {
			opt.applyQuery(&o)
		}
	}
	known := slices.Clone(r.indexed)
	for _, path := range o.indexed {
		fi, err := r.plan.Field(path)
		if err != nil {
			return nil, invalidArgument(CmdQuery, r.ns, r.set, fmt.Errorf("WithIndex: %w", err))
		}
		on := OnValue
		if fi.Kind == mapper.KindList {
			on = OnListElements
		}
		known = append(known, indexedBin{fi.Bin, on})
	}
	for _, ci := range o.collIndexed {
		fi, err := r.plan.Field(ci.path)
		if err != nil {
			return nil, invalidArgument(CmdQuery, r.ns, r.set, fmt.Errorf("WithCollectionIndex: %w", err))
		}
		if ci.on == OnValue || !ci.on.Valid() {
			return nil, invalidArgument(CmdQuery, r.ns, r.set, fmt.Errorf("WithCollectionIndex: field %q: %s is not a collection (want OnListElements, OnMapKeys or OnMapValues)", ci.path, ci.on))
		}
		known = append(known, indexedBin{fi.Bin, ci.on})
	}
	q := &Query[T, K]{r: r, residual: c.x}
	conj := c.and
	if conj == nil {
		conj = []Cond[T]{c}
	}
	var cands []candidate
	for i, p := range conj {
		if f, ok := indexFilter(&p.leaf, known); ok {
			cands = append(cands, candidate{pos: i, filter: f, field: p.leaf.field, kind: candidateKind(&p.leaf)})
		}
	}
	if len(cands) > 0 {
		// The choice does not follow the order of the predicates (index_plan.go).
		best, why := r.choose(cands)
		q.index, q.indexOn, q.indexName, q.why = &best.filter, best.field, best.name, why
		rest := make([]*exp.Expr, 0, len(conj)-1)
		for j, other := range conj {
			if j != best.pos {
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
	}
	if q.index == nil && o.requireIndex {
		return nil, &Error{Op: CmdQuery, Namespace: r.ns, Set: r.set, Code: driver.IndexNotFound,
			Err: fmt.Errorf("no index serves %s (indexed bins: %s)", c.x, knownBins(known)), kind: sentinelFor(driver.IndexNotFound)}
	}
	return q, nil
}

// indexFilter turns a leaf on an indexed bin (declared in T's tags, or by
// WithIndex, WithCollectionIndex) into an index filter: equality on an
// integer or a string, a range on an integer; on a collection index,
// Contains and ContainsRange.
func indexFilter(l *leaf, indexed []indexedBin) (Filter, bool) {
	if l.op == 0 || !slices.Contains(indexed, indexedBin{l.bin, l.on}) {
		return Filter{}, false
	}
	if l.op == exptree.OpGeo {
		return geoIndexFilter(l), true
	}
	if l.on != OnValue {
		switch {
		case l.op == exptree.OpEq && l.isStr:
			return Contains(l.bin, l.on, l.str), true
		case l.op == exptree.OpEq:
			return Contains(l.bin, l.on, l.lo), true
		case l.op == exptree.OpAnd:
			return ContainsRange(l.bin, l.on, l.lo, l.hi), true
		}
		return Filter{}, false
	}
	lo := l.lo
	switch l.op {
	case exptree.OpEq:
		if l.isStr {
			return Equal(l.bin, l.str), true
		}
		return Equal(l.bin, lo), true
	case exptree.OpGe:
		return Range(l.bin, lo, math.MaxInt64), true
	case exptree.OpGt:
		if lo == math.MaxInt64 {
			return Filter{}, false
		}
		return Range(l.bin, lo+1, math.MaxInt64), true
	case exptree.OpLe:
		return Range(l.bin, math.MinInt64, lo), true
	case exptree.OpLt:
		if lo == math.MinInt64 {
			return Filter{}, false
		}
		return Range(l.bin, math.MinInt64, lo-1), true
	case exptree.OpAnd:
		hi := l.hi
		if lo > hi {
			return Filter{}, false
		}
		return Range(l.bin, lo, hi), true
	}
	return Filter{}, false
}

// Explain says how the query runs: which index (its name when known, its
// bin and field), its filter and why it was chosen, which residual filter
// expression; or a scan.
func (q *Query[T, K]) Explain() string {
	var s string
	if q.index != nil {
		s = "index "
		if q.indexName != "" {
			s += strconv.Quote(q.indexName) + " "
		}
		s += "on " + strconv.Quote(q.index.f.Bin) + " (field " + q.indexOn + "): " + q.index.String() + " (" + q.why + ")"
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
// A run costs no allocation beyond the hand-written Session.Query and
// Decode with the same filters (BenchmarkQueryReuse).
func (q *Query[T, K]) request(opts []ScanOption) (Command, *driver.QueryRequest, error) {
	op := CmdScan
	if q.index != nil {
		op = CmdQuery
	}
	req, err := q.r.request(op, q.index, opts)
	if err != nil {
		return op, nil, err
	}
	if q.residual != nil {
		// Only WithFilterExp sets a scan's filter, always to an *exp.Expr.
		if given, ok := req.FilterExp.(*exp.Expr); ok {
			req.FilterExp = exp.And(q.residual, given)
		} else {
			req.FilterExp = q.residual
		}
	}
	return op, req, nil
}

// All runs the query and yields the matching records, decoded into T, as
// Repo.Scan does: a record that does not decode is yielded as (nil, err)
// and the run goes on if the loop does. WithBins among the options names
// Go fields of T; a WithFilterExp is and'ed with the query's condition.
func (q *Query[T, K]) All(ctx context.Context, opts ...ScanOption) iter.Seq2[*T, error] {
	op, req, err := q.request(opts)
	if err != nil {
		return func(yield func(*T, error) bool) { yield(nil, err) }
	}
	return q.r.stream(ctx, op, req)
}

// Page returns up to size matching records from cursor on, as
// Repo.ScanPage does (Session.ScanPage says how cursors work).
func (q *Query[T, K]) Page(ctx context.Context, size int, cursor Cursor, opts ...ScanOption) (*Page[*T], error) {
	op, req, err := q.request(opts)
	if err != nil {
		return nil, err
	}
	return q.r.page(ctx, op, req, size, cursor)
}
