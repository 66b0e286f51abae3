package aerotest

import (
	"context"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

// FastForward moves the server's clock forward by d: records whose TTL runs
// out within d expire. Replies keep reporting TTLs that the client reads
// against its real clock (the void time is real now plus the remaining
// TTL). In a Cluster every node shares one clock. It is the clock
// control for code that holds the Server and no aero Session (a raw
// client's test); with a Session, the package-level FastForward moves the
// same clock.
func (s *Server) FastForward(d time.Duration) {
	s.clock.Advance(d)
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

// Len returns the number of live records of namespace; -1 on a store
// that cannot count.
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
	if p == nil {
		return s.e.Get(key, bins, false)
	}
	return s.e.GetWhere(key, bins, p.HeaderOnly, p.FilterExp)
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
	return s.query(req)
}

// query runs a scan or query on the engine's partition walker, which keeps
// the server's order (an integer-index query by index value, then digest)
// and resumes each partition after the (BVal, Digest) the client sent.
func (s *engineStore) query(req *driver.QueryRequest) (*engineRows, error) {
	w, err := s.e.NewWalk(req)
	if err != nil {
		return nil, err
	}
	return &engineRows{w: w}, nil
}

// engineRows is driver.Rows over an engine.Walk.
type engineRows struct {
	w *engine.Walk
}

func (r *engineRows) Next(ctx context.Context) (*driver.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r.w.Next()
}

// bval returns the index value of the record Next returned last, for the
// BVAL field of a query reply; ok is false outside integer-index queries.
func (r *engineRows) bval() (int64, bool) { return r.w.BVal() }

func (r *engineRows) Partitions() []driver.PartitionStatus { return r.w.Partitions() }

func (r *engineRows) Close() error {
	r.w.Stop()
	return nil
}
