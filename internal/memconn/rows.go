package memconn

import (
	"context"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

// rows is the memory door's driver.Rows: the engine's partition walker
// (engine.Walk) behind the Conn's checks of context and closing.
type rows struct {
	c      *conn
	w      *engine.Walk
	closed bool
}

func (c *conn) newRows(req *driver.QueryRequest) (*rows, error) {
	w, err := c.e.NewWalk(req)
	if err != nil {
		return nil, err
	}
	return &rows{c: c, w: w}, nil
}

func (r *rows) Next(ctx context.Context) (*driver.Record, error) {
	if r.closed {
		return nil, nil
	}
	if err := r.c.check(ctx); err != nil {
		return nil, err
	}
	return plainRecord(r.w.Next())
}

func (r *rows) Partitions() []driver.PartitionStatus { return r.w.Partitions() }

func (r *rows) Close() error {
	r.closed = true
	r.w.Stop()
	return nil
}
