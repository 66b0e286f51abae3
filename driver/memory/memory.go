// Package memory is the in-memory backend of aero: a driver.Conn over an
// engine (internal/engine) that applies the Aerospike server's rules to
// records kept in memory. It is registered under the DSN scheme "memory";
// see ParseDSN for the DSN forms.
//
// Supported: every driver.Conn method — Get, Exists, Put, Delete, Touch,
// Operate (read, read-header, write, add, append, prepend, touch, delete,
// list and map (CDT), bit, HLL, and read/write expression operations),
// filter expressions on every call, Batch, Scan and Query by partition with
// MaxRecords and resume, secondary indexes (NUMERIC, STRING, BLOB and GEO2DSPHERE, on a
// bin's value, on the elements of a list, the keys or values of a map, or
// on an expression's value; equality and inclusive integer range),
// Truncate — with generations, TTLs on the engine's clock, size and name
// limits and the server's result codes; GeoJSON values, GEO2DSPHERE
// indexes and strict geo queries; Lua UDFs (record, background and
// stream) on the engine's Lua runtime. Not supported: transactions.
//
// A memory engine holds one copy of each record: the routing of a read
// (driver.ReadRouting: replica, AP and SC read modes) is accepted and has
// nothing to choose from, so it is ignored.
//
// # Expiry
//
// An expired record is invisible to reads, scans, queries and to writes
// that must not create, but a delete still finds it (and reports that it
// existed) until the namespace supervisor removes it, as on the server. The
// supervisor runs every 120 seconds of the engine's clock, before the first
// command after its time; aerotest.FastForward past such a time makes the
// next command run it.
//
// # Editions
//
// A memory engine imitates Aerospike Community Edition unless its DSN says
// edition=enterprise. What differs:
//
//   - durable delete (driver.WritePolicy.DurableDelete): on Community, a
//     delete, a batch delete, or a write that leaves the record without
//     bins is ENTERPRISE_ONLY (25), as the server's
//     transaction/rw_utils_ce.c validate_delete_durability answers; on
//     Enterprise it deletes (no tombstone is kept).
//
// Nothing else the memory backend offers differs between the editions
// (transactions, compression and linearized reads, the other
// Enterprise-only features a client can ask for, are not supported).
package memory

import (
	"context"
	"reflect"
	"sync"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/memconn"
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
	return memconn.Open(e, cfg.Namespaces[0], nil), nil
}

func newEngine(cfg *Config) (*engine.Engine, error) {
	// The wall clock, which tests move ahead with aerotest.FastForward.
	ecfg := engine.Config{Clock: &engine.OffsetClock{}}
	if cfg.Enterprise {
		ecfg.Edition = engine.Enterprise
	}
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
	return memconn.Open(s.e, cfg.Namespaces[0], func() {
		sharedMu.Lock()
		defer sharedMu.Unlock()
		if s.refs--; s.refs == 0 && sharedBy[name] == s {
			delete(sharedBy, name)
		}
	}), nil
}
