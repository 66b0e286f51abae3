package memconn

import (
	"context"
	"slices"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

// rows walks the requested partitions in order, taking a snapshot of one
// partition at a time from the engine; it starts no goroutine.
type rows struct {
	c     *conn
	base  engine.ScanRequest
	parts []driver.PartitionStatus
	max   int64 // 0: no cap
	count int64 // records returned

	next    int // index in parts of the next partition to load
	cur     int // index in parts of the partition buf came from
	buf     []*driver.Record
	curDone bool // the snapshot in buf ends its partition
	err     error
	closed  bool
}

func (c *conn) newRows(req *driver.QueryRequest) (*rows, error) {
	if req == nil {
		return nil, driver.NewError(driver.ParameterError, "memory: query request is nil")
	}
	if req.MaxRecords < 0 {
		return nil, driver.Errorf(driver.ParameterError, "memory: MaxRecords %d is negative", req.MaxRecords)
	}
	f, err := c.e.ValidateQuery(req.Namespace, req.Set, req.Filter)
	if err != nil {
		return nil, err
	}
	parts := req.Partitions
	if parts == nil {
		parts = driver.AllPartitions()
	} else {
		parts = slices.Clone(parts)
		seen := make(map[int]bool, len(parts))
		for _, p := range parts {
			if p.ID < 0 || p.ID >= driver.Partitions {
				return nil, driver.Errorf(driver.ParameterError, "memory: partition ID %d out of range 0..%d", p.ID, driver.Partitions-1)
			}
			if seen[p.ID] {
				return nil, driver.Errorf(driver.ParameterError, "memory: partition %d listed twice", p.ID)
			}
			seen[p.ID] = true
		}
	}
	return &rows{
		c:     c,
		base:  engine.ScanRequest{Namespace: req.Namespace, Set: req.Set, Bins: slices.Clone(req.Bins), Filter: f},
		parts: parts,
		max:   req.MaxRecords,
	}, nil
}

func (r *rows) Next(ctx context.Context) (*driver.Record, error) {
	if r.closed {
		return nil, nil
	}
	if r.err != nil {
		return nil, r.err
	}
	if err := r.c.check(ctx); err != nil {
		return nil, err
	}
	for {
		if len(r.buf) > 0 {
			rec := r.buf[0]
			r.buf[0] = nil
			r.buf = r.buf[1:]
			p := &r.parts[r.cur]
			p.Digest, p.HasDigest = rec.Key.Digest, true
			if len(r.buf) == 0 && r.curDone {
				p.Done = true
			}
			r.count++
			return rec, nil
		}
		if r.max > 0 && r.count >= r.max {
			return nil, nil
		}
		for r.next < len(r.parts) && r.parts[r.next].Done {
			r.next++
		}
		if r.next >= len(r.parts) {
			return nil, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := &r.parts[r.next]
		req := r.base
		req.Partition = p.ID
		if p.HasDigest {
			d := p.Digest
			req.After = &d
		}
		if r.max > 0 {
			req.Max = int(r.max - r.count)
		}
		res, err := r.c.e.ScanPartition(&req)
		if err != nil {
			// The index may have been dropped mid-query.
			r.err = err
			return nil, err
		}
		r.cur, r.buf, r.curDone = r.next, res.Records, res.Status.Done
		if len(res.Records) == 0 {
			p.Done = res.Status.Done
		}
		if res.Status.Done {
			r.next++
		}
	}
}

func (r *rows) Partitions() []driver.PartitionStatus {
	return slices.Clone(r.parts)
}

func (r *rows) Close() error {
	r.closed = true
	r.buf = nil
	return nil
}
