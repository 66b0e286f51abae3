package aero

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// Filter selects records of a secondary-index query (the client's Filter):
// Equal on a string or integer bin, Range on an integer bin; a filter
// expression on any call is WithFilterExp. The bin must have an index of the
// matching type (CreateIndex); otherwise the query fails with
// ErrIndexNotFound, as the server answers.
// The zero Filter matches nothing: queries with it fail with
// ErrInvalidArgument.
type Filter struct {
	f       driver.Filter
	isRange bool
	err     error
}

// Equal matches records whose bin equals value: a string, an integer
// (named string and integer types too) or a []byte (a BlobIndex).
func Equal(bin string, value any) Filter {
	n, err := driver.Normalize(value)
	switch n.(type) {
	case string, int64, []byte:
		return Filter{f: driver.Filter{Bin: bin, Equal: n}}
	}
	if err == nil {
		err = fmt.Errorf("value of type %T is not supported (want a string, an integer or a []byte)", value)
	}
	return Filter{f: driver.Filter{Bin: bin}, err: fmt.Errorf("filter on bin %q: %w", bin, err)}
}

// Range matches records whose integer bin lies in [begin, end].
func Range(bin string, begin, end int64) Filter {
	return Filter{f: driver.Filter{Bin: bin, Begin: begin, End: end}, isRange: true}
}

// Contains matches records whose bin holds value (a string or an integer)
// among what collection names: a list's elements (OnListElements), a map's
// keys (OnMapKeys) or values (OnMapValues). It needs a collection index of
// that kind on the bin. A record comes back once.
func Contains(bin string, collection IndexCollection, value any) Filter {
	f := Equal(bin, value)
	f.f.Collection = collection
	if f.err == nil && (collection == OnValue || !collection.Valid()) {
		f.err = fmt.Errorf("filter on bin %q: Contains needs a collection (OnListElements, OnMapKeys or OnMapValues), not %s", bin, collection)
	}
	return f
}

// ContainsRange matches records whose bin holds an integer in [begin, end]
// among what collection names, as Contains. As the server does, a record
// with several values in the range can come back more than once (it drops
// repeats only within a burst of 100 index entries, and a page resumed
// after one of its values meets the others again).
func ContainsRange(bin string, collection IndexCollection, begin, end int64) Filter {
	f := Range(bin, begin, end)
	f.f.Collection = collection
	if collection == OnValue || !collection.Valid() {
		f.err = fmt.Errorf("filter on bin %q: ContainsRange needs a collection (OnListElements, OnMapKeys or OnMapValues), not %s", bin, collection)
	}
	return f
}

// OnIndex returns f addressed to the index named name instead of a bin
// (the bin f was built with is dropped): any index, an expression index
// included; the index's collection type applies.
func (f Filter) OnIndex(name string) Filter {
	f.f.Bin, f.f.Exp, f.f.IndexName = "", nil, name
	if f.err == nil && name == "" {
		f.err = errors.New("filter: OnIndex with an empty index name")
	}
	return f
}

// OnExpression returns f addressed to the expression index built on e
// (Index.Exp; the server matches the expression's wire form) instead of a
// bin (the bin f was built with is dropped).
func (f Filter) OnExpression(e *exp.Expr) Filter {
	f.f.Bin, f.f.IndexName = "", ""
	f.f.Exp = nil
	if e != nil {
		f.f.Exp = e
	} else if f.err == nil {
		f.err = errors.New("filter: OnExpression with a nil expression")
	}
	return f
}

// target names what the filter addresses: its bin, index or expression.
func (f Filter) target() string {
	switch {
	case f.f.IndexName != "":
		return "index " + f.f.IndexName
	case f.f.Exp != nil:
		return f.f.Exp.String()
	}
	return f.f.Bin
}

// String describes the filter.
func (f Filter) String() string {
	var what string
	switch f.f.Collection {
	case OnListElements:
		what = " elements"
	case OnMapKeys:
		what = " keys"
	case OnMapValues:
		what = " values"
	}
	t := f.target()
	if g, ok := f.f.Equal.(driver.GeoJSON); ok {
		return fmt.Sprintf("%s%s geo %s", t, what, g)
	}
	switch {
	case f.isRange && what != "":
		return fmt.Sprintf("%s%s contain %d..%d", t, what, f.f.Begin, f.f.End)
	case f.isRange:
		return fmt.Sprintf("%d <= %s <= %d", f.f.Begin, t, f.f.End)
	case what != "":
		return fmt.Sprintf("%s%s contain %v", t, what, f.f.Equal)
	}
	return fmt.Sprintf("%s == %v", t, f.f.Equal)
}

func (f Filter) validate() error {
	switch {
	case f.err != nil:
		return f.err
	case f.f.Bin == "" && f.f.IndexName == "" && f.f.Exp == nil:
		return errors.New("filter has no bin, index or expression (build it with Equal or Range)")
	case f.isRange && f.f.Begin > f.f.End:
		return fmt.Errorf("filter %s: begin > end", f)
	case !f.isRange && f.f.Equal == nil:
		return fmt.Errorf("filter on %s has no value", f.target())
	}
	return nil
}

// Cursor is the opaque position of a scan or query between pages. The empty
// Cursor starts from the beginning; a page whose next Cursor is empty was
// the last one. Cursors are strings so that they can travel through APIs;
// they stay valid across Sessions and drivers for the same namespace.
type Cursor string

func (s *Session) scanRequest(set string, f *Filter, opts []ScanOption) *driver.QueryRequest {
	return s.scanRequestIn(s.ns, set, f, opts)
}

// scanRequestIn builds the request of a scan (f nil) or query of set in
// namespace ns, unless an option names another. The request and its copy
// of the filter are one allocation, and options cost none when there are
// none: a run of a compiled query allocates only what it must.
func (s *Session) scanRequestIn(ns, set string, f *Filter, opts []ScanOption) *driver.QueryRequest {
	rf := &struct {
		req driver.QueryRequest
		f   driver.Filter
	}{req: driver.QueryRequest{Namespace: ns, Set: set}}
	if len(opts) > 0 {
		o := applyScanOptions(ns, opts)
		rf.req.Namespace, rf.req.Bins, rf.req.FilterExp = o.ns, o.bins, o.filter
	}
	if f != nil {
		rf.f = f.f
		rf.req.Filter = &rf.f
	}
	return &rf.req
}

func applyScanOptions(ns string, opts []ScanOption) scanOptions {
	o := scanOptions{ns: ns}
	for _, fn := range opts {
		if fn != nil {
			fn.applyScan(&o)
		}
	}
	return o
}

// Scan returns every record of set (of the whole namespace, if set is
// empty). A failure of the scan is yielded last, with a nil record; breaking
// out of the loop releases the scan.
func (s *Session) Scan(ctx context.Context, set string, opts ...ScanOption) iter.Seq2[*Record, error] {
	return s.stream(ctx, CmdScan, s.scanRequest(set, nil, opts))
}

// Query returns the records of set matching f, as Scan does.
func (s *Session) Query(ctx context.Context, set string, f Filter, opts ...ScanOption) iter.Seq2[*Record, error] {
	req := s.scanRequest(set, &f, opts)
	if err := f.validate(); err != nil {
		return func(yield func(*Record, error) bool) {
			yield(nil, invalidArgument(CmdQuery, req.Namespace, set, err))
		}
	}
	return s.stream(ctx, CmdQuery, req)
}

func (s *Session) stream(ctx context.Context, op Command, req *driver.QueryRequest) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		s.rows(ctx, op, req, func(r *driver.Record) (bool, error) { return yield(s.record(r, nil), nil), nil },
			func(err error) { yield(nil, err) })
	}
}

// errAborted is what the hooks see when the loop body over a scan panics or
// calls runtime.Goexit (t.Fatal): the span still ends.
var errAborted = &Error{Op: "ITERATE", Code: driver.CommonError, kind: errClient,
	Err: errors.New("iteration aborted by a panic or Goexit in the loop body")}

// rows runs a scan or query, calling each for every record until it returns
// false, and fail once if the stream fails. each may note a per-record
// failure (a record that does not decode) without stopping the stream; the
// first one noted is what the hooks' After sees when the stream itself
// succeeds. It returns the rows' partition state when the stream ended (nil
// if it failed or was stopped).
func (s *Session) rows(ctx context.Context, op Command, req *driver.QueryRequest, each func(*driver.Record) (bool, error), fail func(error)) []driver.PartitionStatus {
	info := s.opInfo(op, "", req.Namespace, req.Set, 0)
	ctx, sp := s.begin(ctx, &info)
	defer sp.end(errAborted) // no-op once the span has ended normally
	var rows driver.Rows
	var err error
	if req.Filter != nil {
		rows, err = s.conn.Query(ctx, req)
	} else {
		rows, err = s.conn.Scan(ctx, req)
	}
	if err != nil {
		fail(sp.end(newError(op, req.Namespace, req.Set, nil, err)))
		return nil
	}
	defer rows.Close()
	var noted error
	for {
		r, err := rows.Next(ctx)
		if err != nil {
			fail(sp.end(newError(op, req.Namespace, req.Set, nil, err)))
			return nil
		}
		if r == nil {
			sp.end(noted)
			return rows.Partitions()
		}
		more, rerr := each(r)
		if rerr != nil && noted == nil {
			noted = rerr
		}
		if !more {
			sp.end(noted)
			return nil
		}
	}
}

// Page is one page of a scan or query: the items read, the cursor of the
// next page (empty after the last page), and the records that were read but
// failed to decode into the page's type, which the cursor has moved past.
// A page may hold fewer items than its size even when more follow (the
// server spreads the limit over nodes and partitions); keep reading until
// Next is empty.
type Page[E any] struct {
	Items []E
	Next  Cursor
	// Failed lists the records of the page that did not decode (each Err
	// matches ErrDecode); Record holds the raw record, whose Key (its
	// Digest at least) reaches it again, to read or delete it.
	Failed []Failure
}

// Failure is a record that was read but could not be used.
type Failure struct {
	Record *Record
	Err    error
}

// ScanPage returns up to size records of set from cursor on, and the cursor
// of the next page.
func (s *Session) ScanPage(ctx context.Context, set string, size int, cursor Cursor, opts ...ScanOption) (*Page[*Record], error) {
	return s.page(ctx, CmdScan, s.scanRequest(set, nil, opts), size, cursor)
}

// QueryPage is ScanPage for a secondary-index query.
func (s *Session) QueryPage(ctx context.Context, set string, f Filter, size int, cursor Cursor, opts ...ScanOption) (*Page[*Record], error) {
	req := s.scanRequest(set, &f, opts)
	if err := f.validate(); err != nil {
		return nil, invalidArgument(CmdQuery, req.Namespace, set, err)
	}
	return s.page(ctx, CmdQuery, req, size, cursor)
}

func (s *Session) page(ctx context.Context, op Command, req *driver.QueryRequest, size int, cursor Cursor) (*Page[*Record], error) {
	return pageOf(ctx, s, op, req, size, cursor, func(r *driver.Record) (*Record, error) { return s.record(r, nil), nil })
}

// pageOf runs one page, converting each record with conv; a record conv
// fails on goes to the page's Failed list and the page goes on. The error
// is the failure of the page itself.
func pageOf[E any](ctx context.Context, s *Session, op Command, req *driver.QueryRequest, size int, cursor Cursor, conv func(*driver.Record) (E, error)) (*Page[E], error) {
	if size <= 0 {
		return nil, invalidArgument(op, req.Namespace, req.Set, fmt.Errorf("page size %d: must be positive", size))
	}
	fp := cursorFingerprint(op, req)
	parts, err := decodeCursor(cursor, fp)
	if err != nil {
		return nil, invalidArgument(op, req.Namespace, req.Set, err)
	}
	req.Partitions = parts
	req.MaxRecords = int64(size)
	var failed error
	page := &Page[E]{}
	final := s.rows(ctx, op, req, func(r *driver.Record) (bool, error) {
		v, err := conv(r)
		if err != nil {
			// The record's failure is in the page; the call goes on, and
			// succeeds.
			page.Failed = append(page.Failed, Failure{Record: s.record(r, nil), Err: err})
			return true, nil
		}
		page.Items = append(page.Items, v)
		return true, nil
	}, func(err error) { failed = err })
	if failed != nil {
		return nil, failed
	}
	page.Next = encodeCursor(final, fp)
	return page, nil
}

// Scan returns every record of the repository's set, decoded into T.
// Breaking out of the loop releases the scan. A record that does not decode
// is yielded as (nil, err) with err matching ErrDecode, and the scan goes on
// if the loop does; a failure of the scan itself is yielded last. WithBins
// names Go fields of T. A Repo is queried with Where.
func (r *Repo[T, K]) Scan(ctx context.Context, opts ...ScanOption) iter.Seq2[*T, error] {
	req, err := r.request(CmdScan, nil, opts)
	if err != nil {
		return func(yield func(*T, error) bool) { yield(nil, err) }
	}
	return r.stream(ctx, CmdScan, req)
}

// request builds the request of a scan (f nil) or an index query of the
// repository's set; WithBins among the options names Go fields of T.
func (r *Repo[T, K]) request(op Command, f *Filter, opts []ScanOption) (*driver.QueryRequest, error) {
	req := r.s.scanRequestIn(r.ns, r.set, f, opts)
	if len(req.Bins) > 0 {
		bins, err := r.binsOf(op, req.Bins)
		if err != nil {
			return nil, err
		}
		req.Bins = bins
	}
	return req, nil
}

func (r *Repo[T, K]) stream(ctx context.Context, op Command, req *driver.QueryRequest) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		r.s.rows(ctx, op, req, func(rec *driver.Record) (bool, error) {
			v, err := r.decode(op, rec, nil)
			if err != nil {
				// A record that does not decode is its own failure: the
				// loop sees it and may go on to the next.
				return yield(nil, err), err
			}
			return yield(v, nil), nil
		}, func(err error) { yield(nil, err) })
	}
}

// ScanPage returns up to size records from cursor on, decoded into T, and
// the cursor of the next page (see Session.ScanPage). Records that do not
// decode are in the page's Failed list, not in its error: the error is the
// failure of the page itself.
func (r *Repo[T, K]) ScanPage(ctx context.Context, size int, cursor Cursor, opts ...ScanOption) (*Page[*T], error) {
	req, err := r.request(CmdScan, nil, opts)
	if err != nil {
		return nil, err
	}
	return r.page(ctx, CmdScan, req, size, cursor)
}

func (r *Repo[T, K]) page(ctx context.Context, op Command, req *driver.QueryRequest, size int, cursor Cursor) (*Page[*T], error) {
	return pageOf(ctx, r.s, op, req, size, cursor, func(rec *driver.Record) (*T, error) { return r.decode(op, rec, nil) })
}
