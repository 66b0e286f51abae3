package aero

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"iter"

	"github.com/aerokit/aero/driver"
)

// Filter selects records of a secondary-index query: Equal on a string or
// integer bin, Range on an integer bin. The bin must have an index of the
// matching type (CreateIndex); otherwise the query fails with
// ErrIndexNotFound, as the server answers.
type Filter struct{ f driver.Filter }

// Equal matches records whose bin equals value (a string or any integer).
func Equal(bin string, value any) Filter {
	if n, err := driver.Normalize(value); err == nil {
		value = n
	}
	return Filter{driver.Filter{Bin: bin, Equal: value}}
}

// Range matches records whose integer bin lies in [begin, end].
func Range(bin string, begin, end int64) Filter {
	return Filter{driver.Filter{Bin: bin, Begin: begin, End: end}}
}

// String describes the filter.
func (f Filter) String() string {
	if f.f.Equal != nil {
		return fmt.Sprintf("%s == %v", f.f.Bin, f.f.Equal)
	}
	return fmt.Sprintf("%d <= %s <= %d", f.f.Begin, f.f.Bin, f.f.End)
}

func (f Filter) validate() error {
	switch f.f.Equal.(type) {
	case nil:
		if f.f.Begin > f.f.End {
			return fmt.Errorf("filter %s: begin > end", f)
		}
		return nil
	case string, int64:
		return nil
	}
	return fmt.Errorf("filter on bin %q: value of type %T is not supported (want string or integer)", f.f.Bin, f.f.Equal)
}

// Cursor is the opaque position of a scan or query between pages. The empty
// Cursor starts from the beginning; a page whose next Cursor is empty was
// the last one. Cursors are strings so that they can travel through APIs;
// they stay valid across Sessions and drivers for the same namespace.
type Cursor string

// ScanOption sets an option of a scan or query.
type ScanOption func(*scanOptions)

type scanOptions struct {
	ns   string
	bins []string
}

// InNamespace runs the scan or query in ns instead of the Session's
// namespace.
func InNamespace(ns string) ScanOption { return func(o *scanOptions) { o.ns = ns } }

// WithBins returns only the bins named.
func WithBins(bins ...string) ScanOption { return func(o *scanOptions) { o.bins = bins } }

func (s *Session) scanRequest(set string, f *Filter, opts []ScanOption) *driver.QueryRequest {
	o := scanOptions{ns: s.ns}
	for _, fn := range opts {
		fn(&o)
	}
	req := &driver.QueryRequest{Namespace: o.ns, Set: set, Bins: o.bins}
	if f != nil {
		ff := f.f
		req.Filter = &ff
	}
	return req
}

// Scan returns every record of set (of the namespace, if set is empty). The
// sequence stops at the first error, which it yields with a nil record;
// breaking out of the loop releases the scan.
func (s *Session) Scan(ctx context.Context, set string, opts ...ScanOption) iter.Seq2[*Record, error] {
	return s.stream(ctx, OpScan, s.scanRequest(set, nil, opts))
}

// Query returns the records of set matching f, as Scan does.
func (s *Session) Query(ctx context.Context, set string, f Filter, opts ...ScanOption) iter.Seq2[*Record, error] {
	req := s.scanRequest(set, &f, opts)
	if err := f.validate(); err != nil {
		return func(yield func(*Record, error) bool) {
			yield(nil, invalidArgument(OpQuery, req.Namespace, set, err))
		}
	}
	return s.stream(ctx, OpQuery, req)
}

func (s *Session) stream(ctx context.Context, op string, req *driver.QueryRequest) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		s.rows(ctx, op, req, func(r *driver.Record) bool { return yield(s.record(r), nil) },
			func(err error) { yield(nil, err) })
	}
}

// rows runs a scan or query, calling each for every record until it returns
// false, and fail once on error. It returns the rows' partition state when
// the stream ended (nil if it failed or was stopped).
func (s *Session) rows(ctx context.Context, op string, req *driver.QueryRequest, each func(*driver.Record) bool, fail func(error)) []driver.PartitionStatus {
	ctx, sp := s.begin(ctx, op, req.Namespace, req.Set, 0)
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
	for {
		r, err := rows.Next(ctx)
		if err != nil {
			fail(sp.end(newError(op, req.Namespace, req.Set, nil, err)))
			return nil
		}
		if r == nil {
			sp.end(nil)
			return rows.Partitions()
		}
		if !each(r) {
			sp.end(nil)
			return nil
		}
	}
}

// ScanPage returns up to size records of set from cursor on, and the cursor
// of the next page (empty after the last page). A page may hold fewer than
// size records even when more follow (the server spreads the limit over
// nodes and partitions); keep reading until the cursor is empty.
func (s *Session) ScanPage(ctx context.Context, set string, size int, cursor Cursor, opts ...ScanOption) ([]*Record, Cursor, error) {
	return s.page(ctx, OpScan, s.scanRequest(set, nil, opts), size, cursor)
}

// QueryPage is ScanPage for a secondary-index query.
func (s *Session) QueryPage(ctx context.Context, set string, f Filter, size int, cursor Cursor, opts ...ScanOption) ([]*Record, Cursor, error) {
	req := s.scanRequest(set, &f, opts)
	if err := f.validate(); err != nil {
		return nil, "", invalidArgument(OpQuery, req.Namespace, set, err)
	}
	return s.page(ctx, OpQuery, req, size, cursor)
}

func (s *Session) page(ctx context.Context, op string, req *driver.QueryRequest, size int, cursor Cursor) ([]*Record, Cursor, error) {
	var out []*Record
	err := s.pageRaw(ctx, op, req, size, cursor, func(r *driver.Record) { out = append(out, s.record(r)) }, &cursor)
	if err != nil {
		return nil, "", err
	}
	return out, cursor, nil
}

// pageRaw runs one page and stores the next cursor in *next.
func (s *Session) pageRaw(ctx context.Context, op string, req *driver.QueryRequest, size int, cursor Cursor, each func(*driver.Record), next *Cursor) error {
	if size <= 0 {
		return invalidArgument(op, req.Namespace, req.Set, fmt.Errorf("page size %d: must be positive", size))
	}
	parts, err := decodeCursor(cursor)
	if err != nil {
		return invalidArgument(op, req.Namespace, req.Set, err)
	}
	req.Partitions = parts
	req.MaxRecords = int64(size)
	var failed error
	final := s.rows(ctx, op, req, func(r *driver.Record) bool { each(r); return true }, func(err error) { failed = err })
	if failed != nil {
		return failed
	}
	*next = encodeCursor(final)
	return nil
}

// Cursor encoding: version byte 1, then for each partition not done its id
// (uint16) and a flag byte, followed when the flag is 1 by the 20-byte
// digest of the last record returned and the query's BVal (int64), both big
// endian. Partitions done are left out; a cursor with no partition left is
// "".
const cursorVersion = 1

func encodeCursor(parts []driver.PartitionStatus) Cursor {
	buf := []byte{cursorVersion}
	open := 0
	for _, p := range parts {
		if p.Done {
			continue
		}
		open++
		buf = binary.BigEndian.AppendUint16(buf, uint16(p.ID))
		if p.HasDigest {
			buf = append(buf, 1)
			buf = append(buf, p.Digest[:]...)
			buf = binary.BigEndian.AppendUint64(buf, uint64(p.BVal))
		} else {
			buf = append(buf, 0)
		}
	}
	if open == 0 {
		return ""
	}
	return Cursor(base64.RawURLEncoding.EncodeToString(buf))
}

func decodeCursor(c Cursor) ([]driver.PartitionStatus, error) {
	if c == "" {
		return driver.AllPartitions(), nil
	}
	buf, err := base64.RawURLEncoding.DecodeString(string(c))
	if err != nil || len(buf) == 0 || buf[0] != cursorVersion {
		return nil, fmt.Errorf("cursor %.32q is not a cursor aero made", string(c))
	}
	buf = buf[1:]
	var parts []driver.PartitionStatus
	for len(buf) > 0 {
		if len(buf) < 3 {
			return nil, fmt.Errorf("cursor is truncated")
		}
		p := driver.PartitionStatus{ID: int(binary.BigEndian.Uint16(buf))}
		if p.ID >= driver.Partitions {
			return nil, fmt.Errorf("cursor names partition %d (max %d)", p.ID, driver.Partitions-1)
		}
		flag := buf[2]
		buf = buf[3:]
		switch flag {
		case 0:
		case 1:
			if len(buf) < len(p.Digest)+8 {
				return nil, fmt.Errorf("cursor is truncated")
			}
			copy(p.Digest[:], buf)
			p.HasDigest = true
			p.BVal = int64(binary.BigEndian.Uint64(buf[len(p.Digest):]))
			buf = buf[len(p.Digest)+8:]
		default:
			return nil, fmt.Errorf("cursor has a bad flag %d", flag)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("cursor names no partition")
	}
	return parts, nil
}
