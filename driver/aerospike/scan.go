package aerospike

import (
	"context"
	"sync"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
)

// Scan streams a set's records with ScanPartitions.
func (c *Conn) Scan(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	if err := c.begin(ctx); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, driver.NewError(driver.ParameterError, "scan: request is nil")
	}
	if req.Filter != nil {
		return nil, driver.NewError(driver.ParameterError, "scan: request has a filter (use Query)")
	}
	return c.stream(ctx, req, "scan")
}

// Query streams the records matching req.Filter with QueryPartitions.
func (c *Conn) Query(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	if err := c.begin(ctx); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, driver.NewError(driver.ParameterError, "query: request is nil")
	}
	if req.Filter == nil {
		return nil, driver.NewError(driver.ParameterError, "query: request has no filter (use Scan)")
	}
	f := req.Filter
	switch n := btoi(f.Bin != "") + btoi(f.IndexName != "") + btoi(f.Exp != nil); {
	case n == 0:
		return nil, driver.NewError(driver.ParameterError, "query: filter has no bin, index name or expression")
	case n > 1:
		// query.c get_query_si_name: "specified both expression and index
		// name"; the client's filters take one of the three.
		return nil, driver.Errorf(driver.ParameterError, "query: filter names its index by more than one of bin %q, index name %q and an expression", f.Bin, f.IndexName)
	}
	if f.Exp != nil {
		if _, err := clientExp(f.Exp); err != nil {
			return nil, driver.Errorf(driver.ParameterError, "query: index expression: %v", err)
		}
	}
	switch req.Filter.Equal.(type) {
	case nil, int64, string, []byte, driver.GeoJSON:
	default:
		return nil, driver.Errorf(driver.ParameterError, "query: filter on bin %q: equality value of type %T (want int64, string, []byte or driver.GeoJSON)", req.Filter.Bin, req.Filter.Equal)
	}
	if req.Filter.Equal == nil && req.Filter.Begin > req.Filter.End {
		return nil, driver.Errorf(driver.ParameterError, "query: filter on bin %q: range begin %d > end %d", req.Filter.Bin, req.Filter.Begin, req.Filter.End)
	}
	if _, err := collectionType(req.Filter.Collection); err != nil {
		return nil, driver.Errorf(driver.ParameterError, "query: filter on bin %q: %v", req.Filter.Bin, err)
	}
	if len(f.Ctx) > 0 {
		if f.IndexName != "" || f.Exp != nil {
			// query.c get_index_context_field: "specified both cdt
			// context and index name" (or expression).
			return nil, driver.Errorf(driver.ParameterError, "query: filter names both a cdt context and an index name or expression")
		}
		if _, err := clientCtx(f.Ctx); err != nil {
			return nil, driver.Errorf(driver.ParameterError, "query: filter on bin %q: %v", f.Bin, err)
		}
	}
	return c.stream(ctx, req, "query")
}

// partitionPlan is the translation of driver.PartitionStatus into the
// client's PartitionFilter (partition_filter.go, partition_status.go).
type partitionPlan struct {
	out    []driver.PartitionStatus // one per requested partition, request order
	index  map[int]int              // partition id -> position in out
	filter *as.PartitionFilter      // nil when nothing is left to read
}

// planPartitions validates the request's partitions and builds the filter:
// a range from the lowest to the highest partition still to read, whose
// Partitions slice holds a status (Retry set, Digest to resume after) for
// each of them and nil for the ids in between that are not requested (the
// client's partition tracker skips nil entries, as
// NewPartitionFilterSelectPartitions relies on).
func planPartitions(req *driver.QueryRequest) (*partitionPlan, error) {
	parts := req.Partitions
	if parts == nil {
		parts = driver.AllPartitions()
	}
	pl := &partitionPlan{
		out:   make([]driver.PartitionStatus, len(parts)),
		index: make(map[int]int, len(parts)),
	}
	lo, hi := driver.Partitions, -1
	for i, p := range parts {
		if p.ID < 0 || p.ID >= driver.Partitions {
			return nil, driver.Errorf(driver.ParameterError, "partition id %d is outside 0..%d", p.ID, driver.Partitions-1)
		}
		if _, dup := pl.index[p.ID]; dup {
			return nil, driver.Errorf(driver.ParameterError, "partition %d is listed twice", p.ID)
		}
		if p.HasDigest && p.Digest.Partition() != p.ID {
			return nil, driver.Errorf(driver.ParameterError, "partition %d: resume digest %s belongs to partition %d", p.ID, p.Digest, p.Digest.Partition())
		}
		pl.index[p.ID] = i
		pl.out[i] = p
		if !p.Done {
			lo, hi = min(lo, p.ID), max(hi, p.ID)
		}
	}
	if hi < 0 {
		return pl, nil
	}
	f := as.NewPartitionFilterByRange(lo, hi-lo+1)
	f.Partitions = make([]*as.PartitionStatus, hi-lo+1)
	for _, p := range pl.out {
		if p.Done {
			continue
		}
		ps := &as.PartitionStatus{Id: p.ID, Retry: true}
		if p.HasDigest {
			ps.Digest = append([]byte(nil), p.Digest[:]...)
			ps.BVal = p.BVal
		}
		f.Partitions[p.ID-lo] = ps
	}
	// Retry makes the tracker send every listed partition on the first
	// round whatever MaxRecords (partition_tracker.go assignPartitionsToNodes).
	f.Retry = true
	pl.filter = f
	return pl, nil
}

func (c *Conn) stream(ctx context.Context, req *driver.QueryRequest, what string) (driver.Rows, error) {
	if req.Namespace == "" {
		return nil, driver.Errorf(driver.ParameterError, "%s: request has no namespace", what)
	}
	if req.MaxRecords < 0 {
		return nil, driver.Errorf(driver.ParameterError, "%s: MaxRecords %d is negative", what, req.MaxRecords)
	}
	isQuery := req.Filter != nil
	pl, err := planPartitions(req)
	if err != nil {
		return nil, err
	}
	r := &rows{conn: c, plan: pl, what: what, ctx: ctx, isQuery: isQuery, headerOnly: req.Bins != nil && len(req.Bins) == 0, maxRecords: req.MaxRecords}
	if pl.filter == nil {
		r.finished = true
		return r, nil
	}

	filterExp, err := clientExp(req.FilterExp)
	if err != nil {
		return nil, err
	}
	var rs *as.Recordset
	var aerr as.Error
	if isQuery {
		p := c.queryPolicy
		if err := withDeadline(ctx, &p.BasePolicy); err != nil {
			return nil, err
		}
		p.MaxRecords = req.MaxRecords
		p.FilterExpression = filterExp
		if r.headerOnly {
			p.IncludeBinData = false
		}
		stmt := as.NewStatement(req.Namespace, req.Set, req.Bins...)
		aerr = stmt.SetFilter(clientFilter(req.Filter))
		if aerr == nil {
			rs, aerr = c.client.QueryPartitions(&p, stmt, pl.filter)
		}
	} else {
		p := c.scanPolicy
		if err := withDeadline(ctx, &p.BasePolicy); err != nil {
			return nil, err
		}
		p.MaxRecords = req.MaxRecords
		p.FilterExpression = filterExp
		if r.headerOnly {
			p.IncludeBinData = false
		}
		rs, aerr = c.client.ScanPartitions(&p, pl.filter, req.Namespace, req.Set, req.Bins...)
	}
	if aerr != nil {
		return nil, c.wrap(ctx, aerr, what+" "+req.Namespace+"."+req.Set)
	}
	r.rs = rs
	// Closing the recordset when ctx is done stops the client's goroutines
	// (recordset.go Close cancels the node commands).
	r.stopDone = make(chan struct{})
	r.stop = context.AfterFunc(ctx, func() {
		defer close(r.stopDone)
		_ = rs.Close()
	})
	return r, nil
}

// rows is a driver.Rows over a client Recordset.
type rows struct {
	conn       *Conn
	plan       *partitionPlan
	what       string
	ctx        context.Context
	isQuery    bool
	headerOnly bool
	maxRecords int64

	rs       *as.Recordset
	stop     func() bool
	stopDone chan struct{}

	finished bool  // the recordset ended without error: the client's statuses are final
	err      error // the first error, returned again by Next
	closed   bool
	once     sync.Once
}

func (r *rows) Next(ctx context.Context) (*driver.Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.finished {
		return nil, nil
	}
	if r.closed {
		return nil, driver.NewError(driver.RecordsetClosed, r.what+": rows are closed")
	}
	// A done context wins over records already buffered.
	if err := r.ctx.Err(); err != nil {
		r.err = err
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case res, ok := <-r.rs.Results():
		if !ok {
			if cerr := ctxCause(r.ctx); cerr != nil {
				r.err = cerr
				return nil, cerr
			}
			r.finished = true
			return nil, nil
		}
		if res.Err != nil {
			r.err = r.conn.wrap(r.ctx, res.Err, r.what)
			return nil, r.err
		}
		rec, err := recordFromClient(res.Record, nil, r.headerOnly)
		if err != nil {
			r.err = driver.Errorf(driver.ParseError, "%s: record %v: %v", r.what, res.Record.Key, err)
			return nil, r.err
		}
		if r.headerOnly || rec.Bins == nil {
			rec.Bins = driver.Bins{}
		}
		r.track(rec.Key.Digest, res.BVal)
		return rec, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-r.ctx.Done():
		r.err = r.ctx.Err()
		return nil, r.err
	}
}

// track records the last digest returned from a partition.
func (r *rows) track(d driver.Digest, bval *int64) {
	i, ok := r.plan.index[d.Partition()]
	if !ok {
		return
	}
	r.plan.out[i].Digest = d
	r.plan.out[i].HasDigest = true
	if bval != nil {
		r.plan.out[i].BVal = *bval
	}
}

// Partitions reports each requested partition's state. After the stream
// ended normally, a partition is Done when the client's tracker did not
// mark it for retry (partition_tracker.go isComplete: every partition when
// there is no MaxRecords, those of nodes that did not reach their share of
// it otherwise). After an error or an early Close, only the partitions that
// were already done are Done; the digests are those of the records returned.
//
// With MaxRecords the tracker judges each node against its share of the cap
// only when the first round had no unavailable partition: then it clears
// the filter's Retry flag. When a partition was unavailable (a migration on
// a multi-node cluster, a node that timed out), it either returns as soon as
// the cap is reached or ends after a second round, leaving the filter's
// Retry set and the Retry of every partition it sent cleared, even those of
// nodes stopped by their cap (partition_tracker.go isComplete). Trusting
// those flags would lose the rest of such partitions, so then no partition
// of the request is reported Done: the next page resumes each after the
// digest of its last record (none is returned twice, none is lost).
func (r *rows) Partitions() []driver.PartitionStatus {
	out := append([]driver.PartitionStatus(nil), r.plan.out...)
	if !r.finished || r.plan.filter == nil {
		return out
	}
	if r.maxRecords > 0 && r.plan.filter.Retry {
		return out
	}
	for _, ps := range r.plan.filter.Partitions {
		if ps == nil {
			continue
		}
		i := r.plan.index[ps.Id]
		if !ps.Retry {
			out[i].Done = true
		}
	}
	return out
}

// Close stops the stream and waits for the client's goroutines to end.
func (r *rows) Close() error {
	r.once.Do(func() {
		r.closed = true
		if r.rs == nil {
			return
		}
		if !r.stop() {
			// The AfterFunc started: wait for it, while draining so that
			// a producer blocked on a full channel can finish.
			r.drainUntil(r.stopDone)
		} else {
			done := make(chan struct{})
			go func() {
				defer close(done)
				_ = r.rs.Close()
			}()
			r.drainUntil(done)
		}
		// recordset.go signalEnd closes the channel after the last
		// producer is done: once drained, no client goroutine is left and
		// the partition statuses are final.
		for range r.rs.Results() {
		}
	})
	return nil
}

func (r *rows) drainUntil(done <-chan struct{}) {
	results := r.rs.Results()
	for {
		select {
		case <-done:
			return
		case _, ok := <-results:
			if !ok {
				<-done
				return
			}
		}
	}
}

// clientFilter translates an index filter: equality or range on a bin's
// value, or, on a collection index, the client's contains filters (which
// send the INDEX_TYPE field, filter.go).
//
// A filter naming its index by name or expression uses the client's
// WithIndexName and WithExpression forms (the INDEX_NAME and
// INDEX_EXPRESSION fields, command.go setQuery).
func clientFilter(f *driver.Filter) *as.Filter {
	ict, _ := collectionType(f.Collection) // checked by Query
	if g, ok := f.Equal.(driver.GeoJSON); ok {
		return geoFilter(f, ict, g)
	}
	if f.IndexName != "" {
		return nameFilter(f, ict)
	}
	if f.Exp != nil {
		return expFilter(f, ict)
	}
	// A context goes in the INDEX_CONTEXT field (command.go setQuery).
	ctx, _ := clientCtx(f.Ctx) // checked by Query
	switch {
	case ict == as.ICT_DEFAULT && f.Equal != nil:
		return as.NewEqualFilter(f.Bin, f.Equal, ctx...)
	case ict == as.ICT_DEFAULT:
		return as.NewRangeFilter(f.Bin, f.Begin, f.End, ctx...)
	case f.Equal != nil:
		return as.NewContainsFilter(f.Bin, ict, f.Equal, ctx...)
	}
	return as.NewContainsRangeFilter(f.Bin, ict, f.Begin, f.End, ctx...)
}

// nameFilter is clientFilter for a filter naming its index.
func nameFilter(f *driver.Filter, ict as.IndexCollectionType) *as.Filter {
	switch {
	case ict == as.ICT_DEFAULT && f.Equal != nil:
		return as.NewEqualWithIndexNameFilter(f.IndexName, f.Equal)
	case ict == as.ICT_DEFAULT:
		return as.NewRangeWithIndexNameFilter(f.IndexName, f.Begin, f.End)
	case f.Equal != nil:
		return as.NewContainsWithIndexNameFilter(f.IndexName, ict, f.Equal)
	}
	return as.NewContainsRangeWithIndexNameFilter(f.IndexName, ict, f.Begin, f.End)
}

// expFilter is clientFilter for a filter on an expression index.
func expFilter(f *driver.Filter, ict as.IndexCollectionType) *as.Filter {
	e, _ := clientExp(f.Exp) // checked by Query
	switch {
	case ict == as.ICT_DEFAULT && f.Equal != nil:
		return as.NewEqualWithExpressionFilter(e, f.Equal)
	case ict == as.ICT_DEFAULT:
		return as.NewRangeWithExpressionFilter(e, f.Begin, f.End)
	case f.Equal != nil:
		return as.NewContainsWithExpressionFilter(e, ict, f.Equal)
	}
	return as.NewContainsRangeWithExpressionFilter(e, ict, f.Begin, f.End)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
