// Package memory is the in-memory backend of aero: a driver.Conn over an
// engine (internal/engine) that applies the Aerospike server's rules to
// records kept in memory. It is registered under the DSN scheme "memory";
// see ParseDSN for the DSN forms.
//
// Supported: every driver.Conn method — Get, Exists, Put, Delete, Touch,
// Operate (read, read-header, write, add, append, prepend, touch, delete),
// Batch, Scan and Query by partition with MaxRecords and resume, secondary
// indexes (NUMERIC and STRING, equality and inclusive integer range),
// Truncate — with generations, TTLs on the engine's clock, size and name
// limits and the server's result codes. Not supported: list/map (CDT), bit,
// HLL and expression operations, UDFs, filter expressions, transactions,
// and collection (LIST/MAPKEYS/MAPVALUES) indexes.
package memory

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

func init() {
	driver.Register("memory", Driver{})
}

// Driver opens memory Conns. It is registered for the scheme "memory".
type Driver struct{}

// Open parses dsn (see ParseDSN) and returns a Conn on a fresh engine, or on
// the engine shared under the DSN's shared name.
func (Driver) Open(ctx context.Context, dsn string) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.Shared != "" {
		return openShared(cfg)
	}
	e, err := newEngine(cfg)
	if err != nil {
		return nil, err
	}
	return newConn(e, cfg.Namespaces[0], nil), nil
}

func newEngine(cfg *Config) (*engine.Engine, error) {
	// The wall clock, which tests can move ahead with FastForward.
	ecfg := engine.Config{Clock: &engine.OffsetClock{}}
	for _, ns := range cfg.Namespaces {
		ecfg.Namespaces = append(ecfg.Namespaces, engine.NamespaceConfig{
			Name:          ns,
			DefaultTTL:    cfg.DefaultTTL,
			MaxRecordSize: cfg.MaxRecordSize,
			ForbidTTL:     cfg.ForbidTTL,
		})
	}
	return engine.New(ecfg)
}

type shared struct {
	cfg  Config
	e    *engine.Engine
	refs int
}

var (
	sharedMu sync.Mutex
	sharedBy = map[string]*shared{}
)

func openShared(cfg *Config) (driver.Conn, error) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	s, ok := sharedBy[cfg.Shared]
	if ok {
		if !reflect.DeepEqual(s.cfg, *cfg) {
			return nil, driver.Errorf(driver.ParameterError, "memory DSN: shared engine %q is already open with other options", cfg.Shared)
		}
	} else {
		e, err := newEngine(cfg)
		if err != nil {
			return nil, err
		}
		s = &shared{cfg: *cfg, e: e}
		sharedBy[cfg.Shared] = s
	}
	s.refs++
	name := cfg.Shared
	return newConn(s.e, cfg.Namespaces[0], func() {
		sharedMu.Lock()
		defer sharedMu.Unlock()
		if s.refs--; s.refs == 0 && sharedBy[name] == s {
			delete(sharedBy, name)
		}
	}), nil
}

// Open returns a Conn on an existing engine, with defaultNS as its default
// namespace, so that a test server and a memory Conn can share one engine.
// Closing the Conn leaves the engine as it is.
func Open(e *engine.Engine, defaultNS string) driver.Conn {
	return newConn(e, defaultNS, nil)
}

// EngineOf returns the engine behind a Conn of this package, for tests that
// seed or inspect it; nil for another Conn.
func EngineOf(c driver.Conn) *engine.Engine {
	if mc, ok := c.(*conn); ok {
		return mc.e
	}
	return nil
}

// FastForward moves the clock of the memory backend behind c forward by d,
// so that records whose TTL runs out within d expire: TTL tests need no
// sleep. It fails for a Conn of another driver, or one on an engine whose
// clock cannot be moved.
func FastForward(c driver.Conn, d time.Duration) error {
	e := EngineOf(c)
	if e == nil {
		return driver.Errorf(driver.ParameterError, "memory: FastForward: %T is not a memory connection", c)
	}
	switch clk := e.Clock().(type) {
	case *engine.OffsetClock:
		clk.Advance(d)
	case *engine.ManualClock:
		clk.Advance(d)
	default:
		return driver.Errorf(driver.ParameterError, "memory: FastForward: the engine's clock %T cannot be moved", clk)
	}
	return nil
}

type conn struct {
	e       *engine.Engine
	ns      string
	closed  atomic.Bool
	once    sync.Once
	release func()
}

func newConn(e *engine.Engine, ns string, release func()) *conn {
	return &conn{e: e, ns: ns, release: release}
}

var _ driver.Conn = (*conn)(nil)

// check is run before every call: a done context is its error, a closed
// Conn is ServerNotAvailable (as the client answers once closed).
func (c *conn) check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.closed.Load() {
		return driver.NewError(driver.ServerNotAvailable, "memory: connection is closed")
	}
	return nil
}

func (c *conn) Namespace() string { return c.ns }

func (c *conn) Get(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key, bins []string) (*driver.Record, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if policy == nil {
		return plainRecord(c.e.Get(key, bins, false))
	}
	return plainRecord(c.e.GetWhere(key, bins, policy.HeaderOnly, policy.FilterExp))
}

func (c *conn) Exists(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key) (bool, error) {
	if err := c.check(ctx); err != nil {
		return false, err
	}
	if policy == nil {
		return c.e.Exists(key)
	}
	return c.e.ExistsWhere(key, policy.FilterExp)
}

func (c *conn) Put(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, bins driver.Bins) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	return c.e.Put(policy, key, bins)
}

func (c *conn) Delete(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) (bool, error) {
	if err := c.check(ctx); err != nil {
		return false, err
	}
	return c.e.Delete(policy, key)
}

func (c *conn) Touch(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	_, err := c.e.Touch(policy, key)
	return err
}

func (c *conn) Operate(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if err := driver.CheckOps(ops); err != nil {
		return nil, err
	}
	if cdtOps, mapOps := hasCDT(ops); cdtOps {
		return c.operateCDT(policy, key, ops, mapOps)
	}
	return plainRecord(c.e.Operate(policy, key, ops))
}

func (c *conn) Batch(ctx context.Context, policy *driver.BatchPolicy, records []*driver.BatchRecord) error {
	if err := c.check(ctx); err != nil {
		// Nothing ran: every entry carries the request's error, as the
		// driver.Conn contract asks for entries of unknown outcome.
		for _, r := range records {
			if r != nil {
				r.Record, r.Exists, r.Err = nil, false, err
			}
		}
		return err
	}
	// Entries the Aerospike driver would not send get their own
	// ParameterError and stay out of the batch, as there.
	send := records
	for i, r := range records {
		if r == nil || r.Type != driver.BatchWrite {
			continue
		}
		err := driver.CheckOps(r.Ops)
		if cdtOps, _ := hasCDT(r.Ops); cdtOps && err == nil {
			// A batch write is sent with respond-all-ops
			// (batch_command_operate.go).
			r.Record, err = c.operateCDT(r.Policy, r.Key, r.Ops, true)
			r.Exists = false
			if err == nil {
				if len(send) == len(records) {
					send = append([]*driver.BatchRecord(nil), records[:i]...)
				}
				continue
			}
		}
		if err != nil {
			if len(send) == len(records) {
				send = append([]*driver.BatchRecord(nil), records[:i]...)
			}
			r.Record, r.Exists, r.Err = nil, false, err
			continue
		}
		if len(send) != len(records) {
			send = append(send, r)
		}
	}
	var filter driver.Expression
	if policy != nil {
		filter = policy.FilterExp
	}
	c.e.BatchWhere(send, filter)
	for _, r := range send {
		if r != nil {
			r.Record, _ = plainRecord(r.Record, nil)
		}
	}
	return nil
}

func (c *conn) Scan(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if req != nil && req.Filter != nil {
		return nil, driver.NewError(driver.ParameterError, "memory: Scan with a Filter (use Query)")
	}
	return c.newRows(req)
}

func (c *conn) Query(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if req != nil && req.Filter == nil {
		return nil, driver.NewError(driver.ParameterError, "memory: Query without a Filter (use Scan)")
	}
	return c.newRows(req)
}

func (c *conn) CreateIndex(ctx context.Context, idx *driver.Index) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	return c.e.CreateIndex(idx)
}

func (c *conn) DropIndex(ctx context.Context, namespace, name string) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	return c.e.DropIndex(namespace, name)
}

func (c *conn) Truncate(ctx context.Context, namespace, set string, before time.Time) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	if err := driver.CheckTruncateBefore(before, c.e.Clock().Now()); err != nil {
		return err
	}
	return c.e.Truncate(namespace, set, before)
}

func (c *conn) Close() error {
	c.once.Do(func() {
		c.closed.Store(true)
		if c.release != nil {
			c.release()
		}
	})
	return nil
}
