// Package aerotestseam lets this module's tests put their own store under
// an aerotest server (to make it answer as a given real server does)
// without an exported aerotest API that names internal types or a third
// storage interface. Package aerotest fills NewServer in when it is
// linked.
package aerotestseam

import (
	"context"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
)

// Store is what an aerotest server needs from its storage: the operations
// of a driver.Conn that the wire protocol reaches. Any driver.Conn
// satisfies it. A Store that also has Indexes(namespace string)
// []driver.Index answers the index info commands from it.
type Store interface {
	Get(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key, bins []string) (*driver.Record, error)
	Put(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, bins driver.Bins) error
	Delete(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) (bool, error)
	Touch(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) error
	Operate(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, error)
	Scan(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error)
	Query(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error)
	CreateIndex(ctx context.Context, idx *driver.Index) error
	DropIndex(ctx context.Context, namespace, name string) error
	Truncate(ctx context.Context, namespace, set string, before time.Time) error
}

// Server is the part of an aerotest server a seam test uses.
type Server interface {
	DSN() string
	Addr() string
}

// NewServer starts an aerotest server serving namespaces from st, closed
// when the test ends. It is set by package aerotest (import it).
var NewServer func(t testing.TB, st Store, namespaces ...string) Server
