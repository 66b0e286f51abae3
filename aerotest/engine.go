package aerotest

import (
	"bytes"
	"context"
	"sort"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

// FastForward moves the server's clock forward by d: records whose TTL runs
// out within d expire. Replies keep reporting TTLs that the client reads
// against its real clock (the void time is real now plus the remaining
// TTL). FastForward does nothing on a server whose Store was given in
// Options.
func (s *Server) FastForward(d time.Duration) {
	s.clock.Advance(d)
}

// Engine returns the in-memory engine behind the server, for direct access
// from tests of this module (seeding records with SetRecord, counting with
// Len, iterating with Records); nil when Options.Store was given.
func (s *Server) Engine() *engine.Engine {
	if s.eng == nil {
		return nil
	}
	return s.eng.e
}

// Put writes bins to the record at key (namespace, set, user key), as an
// upsert with the namespace's default TTL: test data seeding without a
// client.
func (s *Server) Put(namespace, set string, userKey any, bins driver.Bins) error {
	k, err := driver.NewKey(namespace, set, userKey)
	if err != nil {
		return err
	}
	return s.store.Put(s.ctx, &driver.WritePolicy{}, k, bins)
}

// Get returns the record at key; a missing record is a *driver.Error with
// KeyNotFoundError.
func (s *Server) Get(namespace, set string, userKey any) (*driver.Record, error) {
	k, err := driver.NewKey(namespace, set, userKey)
	if err != nil {
		return nil, err
	}
	return s.store.Get(s.ctx, &driver.ReadPolicy{}, k, nil)
}

// Len returns the number of live records of namespace; -1 when the Store
// given in Options cannot count.
func (s *Server) Len(namespace string) int {
	if s.eng == nil {
		return -1
	}
	return s.eng.e.Len(namespace)
}

// Flush removes every record and every secondary index.
func (s *Server) Flush() {
	if s.eng != nil {
		s.eng.e.Flush()
	}
	s.imu.Lock()
	s.indexes = map[string]map[string]driver.Index{}
	s.imu.Unlock()
}

// engineStore adapts *engine.Engine to Store.
type engineStore struct {
	e *engine.Engine
}

func newEngineStore(namespaces []string, clock engine.Clock, ed engine.Edition) (*engineStore, error) {
	cfg := engine.Config{Clock: clock, Edition: ed}
	for _, ns := range namespaces {
		cfg.Namespaces = append(cfg.Namespaces, engine.NamespaceConfig{Name: ns})
	}
	e, err := engine.New(cfg)
	if err != nil {
		return nil, err
	}
	return &engineStore{e: e}, nil
}

func (s *engineStore) Get(_ context.Context, p *driver.ReadPolicy, key *driver.Key, bins []string) (*driver.Record, error) {
	return s.e.Get(key, bins, p != nil && p.HeaderOnly)
}

func (s *engineStore) Put(_ context.Context, p *driver.WritePolicy, key *driver.Key, bins driver.Bins) error {
	return s.e.Put(p, key, bins)
}

func (s *engineStore) Delete(_ context.Context, p *driver.WritePolicy, key *driver.Key) (bool, error) {
	return s.e.Delete(p, key)
}

func (s *engineStore) Touch(_ context.Context, p *driver.WritePolicy, key *driver.Key) error {
	_, err := s.e.Touch(p, key)
	return err
}

func (s *engineStore) Operate(_ context.Context, p *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, error) {
	return s.e.Operate(p, key, ops)
}

func (s *engineStore) CreateIndex(_ context.Context, idx *driver.Index) error {
	return s.e.CreateIndex(idx)
}

func (s *engineStore) DropIndex(_ context.Context, ns, name string) error {
	return s.e.DropIndex(ns, name)
}

func (s *engineStore) Indexes(ns string) []driver.Index { return s.e.Indexes(ns) }

func (s *engineStore) Truncate(_ context.Context, ns, set string, before time.Time) error {
	return s.e.Truncate(ns, set, before)
}

func (s *engineStore) Scan(_ context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	return s.rows(req)
}

func (s *engineStore) Query(_ context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	if req.Filter == nil {
		return nil, driver.NewError(driver.ParameterError, "query without a filter")
	}
	return s.rows(req)
}

func (s *engineStore) rows(req *driver.QueryRequest) (driver.Rows, error) {
	return s.query(req, nil)
}

// query runs a scan or query. bvals holds, by partition id, the index value
// a query resumes after (the client's BVAL_ARRAY): an integer-index query
// walks each partition in index order, value then digest, as the server's
// secondary index does, and resumes after (bval, digest); a scan or a
// string query walks in digest order.
func (s *engineStore) query(req *driver.QueryRequest, bvals map[int]int64) (*engineRows, error) {
	f, err := s.e.ValidateQuery(req.Namespace, req.Set, req.Filter)
	if err != nil {
		return nil, err
	}
	parts := req.Partitions
	if parts == nil {
		parts = driver.AllPartitions()
	}
	r := &engineRows{e: s.e, req: req, parts: append([]driver.PartitionStatus(nil), parts...), left: req.MaxRecords}
	if f != nil && f.IndexType() == driver.IndexNumeric {
		r.intIndex, r.bvals = true, bvals
	}
	return r, nil
}

// engineRows walks the partitions of a request one at a time, asking the
// engine for each partition's records (in digest order, after the resume
// digest) until MaxRecords is reached.
type engineRows struct {
	e     *engine.Engine
	req   *driver.QueryRequest
	parts []driver.PartitionStatus
	next  int // index in parts of the next partition to fetch
	buf   []*driver.Record
	left  int64 // records still allowed; meaningful when req.MaxRecords > 0
	done  bool

	intIndex bool          // walk partitions in (value, digest) order
	bvals    map[int]int64 // resume values by partition id
	bufVals  []int64       // index values of buf's records (intIndex)
	curVal   int64         // index value of the record Next returned last
}

func (r *engineRows) Next(ctx context.Context) (*driver.Record, error) {
	for len(r.buf) == 0 {
		if r.done || r.next >= len(r.parts) || (r.req.MaxRecords > 0 && r.left <= 0) {
			r.done = true
			return nil, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := &r.parts[r.next]
		r.next++
		if p.Done {
			continue
		}
		sr := &engine.ScanRequest{
			Namespace: r.req.Namespace, Set: r.req.Set, Filter: r.req.Filter,
			Bins: r.req.Bins, NoBins: r.req.Bins != nil && len(r.req.Bins) == 0,
			Partition: p.ID,
		}
		if p.HasDigest {
			d := p.Digest
			sr.After = &d
		}
		if r.req.MaxRecords > 0 {
			sr.Max = int(r.left)
		}
		if r.intIndex {
			if err := r.fetchIndexOrder(p, sr); err != nil {
				return nil, err
			}
			continue
		}
		res, err := r.e.ScanPartition(sr)
		if err != nil {
			return nil, err
		}
		*p = res.Status
		r.buf = res.Records
		r.left -= int64(len(res.Records))
	}
	rec := r.buf[0]
	r.buf = r.buf[1:]
	if len(r.bufVals) > 0 {
		r.curVal, r.bufVals = r.bufVals[0], r.bufVals[1:]
	}
	return rec, nil
}

// fetchIndexOrder reads a partition's matching records for an integer-index
// query in index order (value, then digest), after the resume point (bval,
// digest) when the partition has one, up to the records left.
func (r *engineRows) fetchIndexOrder(p *driver.PartitionStatus, sr *engine.ScanRequest) error {
	bin := r.req.Filter.Bin
	all := *sr
	all.After, all.Max, all.Bins, all.NoBins = nil, 0, nil, false
	res, err := r.e.ScanPartition(&all)
	if err != nil {
		return err
	}
	type entry struct {
		rec *driver.Record
		val int64
	}
	es := make([]entry, 0, len(res.Records))
	for _, rec := range res.Records {
		v, _ := rec.Bins[bin].(int64)
		es = append(es, entry{rec, v})
	}
	// Records come in digest order; a stable sort by value keeps it within
	// a value.
	sort.SliceStable(es, func(i, j int) bool { return es[i].val < es[j].val })
	if p.HasDigest {
		bv := r.bvals[p.ID]
		i := sort.Search(len(es), func(i int) bool {
			e := es[i]
			return e.val > bv || e.val == bv && bytes.Compare(e.rec.Key.Digest[:], p.Digest[:]) > 0
		})
		es = es[i:]
	}
	n := len(es)
	if r.req.MaxRecords > 0 && int64(n) > r.left {
		n = int(r.left)
	}
	p.Done = n == len(es)
	r.buf, r.bufVals = r.buf[:0], r.bufVals[:0]
	for _, e := range es[:n] {
		e.rec.Bins = pickBins(e.rec.Bins, r.req.Bins)
		r.buf = append(r.buf, e.rec)
		r.bufVals = append(r.bufVals, e.val)
	}
	if n > 0 {
		p.Digest, p.HasDigest = es[n-1].rec.Key.Digest, true
	}
	r.left -= int64(n)
	return nil
}

// pickBins keeps the named bins; nil keeps all, empty keeps none.
func pickBins(bins driver.Bins, names []string) driver.Bins {
	if names == nil {
		return bins
	}
	if len(names) == 0 {
		return nil
	}
	out := make(driver.Bins, len(names))
	for _, n := range names {
		if v, ok := bins[n]; ok {
			out[n] = v
		}
	}
	return out
}

// bval returns the index value of the record Next returned last, for the
// BVAL field of a query reply; ok is false outside integer-index queries.
func (r *engineRows) bval() (int64, bool) { return r.curVal, r.intIndex }

func (r *engineRows) Partitions() []driver.PartitionStatus {
	return append([]driver.PartitionStatus(nil), r.parts...)
}

func (r *engineRows) Close() error {
	r.done, r.buf = true, nil
	return nil
}
