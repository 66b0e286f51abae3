package engine

import (
	"slices"

	"github.com/aerokit/aero/driver"
)

// Walk is the partition walker of a scan or a secondary-index query, the
// one both doors use (the memory driver's Rows and the test server's
// replies): it visits the requested partitions in ascending ID order, takes a
// snapshot of one partition at a time (under that partition's read lock
// only), returns its records in the server's order (see snapshot.go) and
// keeps each partition's resume point as the Aerospike client does
// (partition_tracker.go): the digest of the last record returned and, for an
// integer-index query, its index value (BVal), so that a cursor taken from
// one backend resumes on any other. It starts no goroutine and is not safe
// for concurrent use.
type Walk struct {
	e     *Engine
	base  ScanRequest
	parts []driver.PartitionStatus
	max   int64 // 0: no cap
	count int64 // records returned

	next    int // index in parts of the next partition to load
	cur     int // index in parts of the partition buf came from
	buf     []*driver.Record
	vals    []int64 // index values of buf (integer-index query)
	curDone bool    // the snapshot in buf ends its partition
	bval    int64   // index value of the record Next returned last
	hasBVal bool
	err     error
	stopped bool
}

// NewWalk validates req (namespace, set, filter and its index, MaxRecords,
// partition IDs) and returns a walker over its partitions: every partition
// when req.Partitions is nil, else those listed, each resuming after its
// Digest (and BVal) when HasDigest is set and skipped when Done.
func (e *Engine) NewWalk(req *driver.QueryRequest) (*Walk, error) {
	if req == nil {
		return nil, driver.NewError(driver.ParameterError, "query request is nil")
	}
	if req.MaxRecords < 0 {
		return nil, driver.Errorf(driver.ParameterError, "MaxRecords %d is negative", req.MaxRecords)
	}
	f, err := e.ValidateQuery(req.Namespace, req.Set, req.Filter)
	if err != nil {
		return nil, err
	}
	if err := e.CheckFilter(req.FilterExp); err != nil {
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
				return nil, driver.Errorf(driver.ParameterError, "partition ID %d out of range 0..%d", p.ID, driver.Partitions-1)
			}
			if seen[p.ID] {
				return nil, driver.Errorf(driver.ParameterError, "partition %d listed twice", p.ID)
			}
			seen[p.ID] = true
		}
		// The server visits the requested partitions in ascending ID order
		// whatever the order of the request (query.c get_query_pids fills
		// a table indexed by partition ID; scan.c likewise).
		slices.SortFunc(parts, func(a, b driver.PartitionStatus) int { return a.ID - b.ID })
	}
	w := &Walk{
		e: e,
		base: ScanRequest{
			Namespace: req.Namespace, Set: req.Set, Filter: f, FilterExp: req.FilterExp,
			Bins: slices.Clone(req.Bins), NoBins: req.Bins != nil && len(req.Bins) == 0,
		},
		parts: parts,
		max:   req.MaxRecords,
	}
	if w.base.NoBins {
		w.base.Bins = nil
	}
	return w, nil
}

// Next returns the next record, (nil, nil) after the last one (or once
// MaxRecords were returned). An error (an index dropped mid-query) ends the
// walk: every later call returns it again.
func (w *Walk) Next() (*driver.Record, error) {
	if w.stopped {
		return nil, nil
	}
	if w.err != nil {
		return nil, w.err
	}
	for {
		if len(w.buf) > 0 {
			rec := w.buf[0]
			w.buf[0] = nil
			w.buf = w.buf[1:]
			p := &w.parts[w.cur]
			p.Digest, p.HasDigest = rec.Key.Digest, true
			w.hasBVal = len(w.vals) > 0
			if w.hasBVal {
				w.bval, w.vals = w.vals[0], w.vals[1:]
				p.BVal = w.bval
			}
			if len(w.buf) == 0 && w.curDone {
				p.Done = true
			}
			w.count++
			return rec, nil
		}
		if w.max > 0 && w.count >= w.max {
			return nil, nil
		}
		for w.next < len(w.parts) && w.parts[w.next].Done {
			w.next++
		}
		if w.next >= len(w.parts) {
			return nil, nil
		}
		p := &w.parts[w.next]
		req := w.base
		req.Partition = p.ID
		if p.HasDigest {
			d := p.Digest
			req.After, req.AfterBVal = &d, p.BVal
		}
		if w.max > 0 {
			req.Max = int(w.max - w.count)
		}
		res, err := w.e.ScanPartition(&req)
		if err != nil {
			w.err = err
			return nil, err
		}
		w.cur, w.buf, w.vals, w.curDone = w.next, res.Records, res.BVals, res.Status.Done
		if len(res.Records) == 0 {
			p.Done = res.Status.Done
		}
		if res.Status.Done {
			w.next++
		}
	}
}

// BVal returns the index value of the record Next returned last, and
// whether there is one (an integer-index query).
func (w *Walk) BVal() (int64, bool) { return w.bval, w.hasBVal }

// Partitions returns the state of every partition of the walk after the
// records returned so far: the cursor of the next page.
func (w *Walk) Partitions() []driver.PartitionStatus { return slices.Clone(w.parts) }

// Stop ends the walk: Next returns (nil, nil) from now on.
func (w *Walk) Stop() {
	w.stopped = true
	w.buf, w.vals = nil, nil
}
