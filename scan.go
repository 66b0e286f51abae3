package aero

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"iter"
	"slices"

	"github.com/aerokit/aero/driver"
)

// Filter selects records of a secondary-index query: Equal on a string or
// integer bin, Range on an integer bin. The bin must have an index of the
// matching type (CreateIndex); otherwise the query fails with
// ErrIndexNotFound, as the server answers.
// The zero Filter matches nothing: queries with it fail with
// ErrInvalidArgument.
type Filter struct {
	f       driver.Filter
	isRange bool
	err     error
}

// Equal matches records whose bin equals value: a string or an integer
// (named string and integer types too).
func Equal(bin string, value any) Filter {
	n, err := driver.Normalize(value)
	switch n.(type) {
	case string, int64:
		return Filter{f: driver.Filter{Bin: bin, Equal: n}}
	}
	if err == nil {
		err = fmt.Errorf("value of type %T is not supported (want a string or an integer)", value)
	}
	return Filter{f: driver.Filter{Bin: bin}, err: fmt.Errorf("filter on bin %q: %w", bin, err)}
}

// Range matches records whose integer bin lies in [begin, end].
func Range(bin string, begin, end int64) Filter {
	return Filter{f: driver.Filter{Bin: bin, Begin: begin, End: end}, isRange: true}
}

// String describes the filter.
func (f Filter) String() string {
	if f.isRange {
		return fmt.Sprintf("%d <= %s <= %d", f.f.Begin, f.f.Bin, f.f.End)
	}
	return fmt.Sprintf("%s == %v", f.f.Bin, f.f.Equal)
}

func (f Filter) validate() error {
	switch {
	case f.err != nil:
		return f.err
	case f.f.Bin == "":
		return errors.New("filter has no bin (build it with Equal or Range)")
	case f.isRange && f.f.Begin > f.f.End:
		return fmt.Errorf("filter %s: begin > end", f)
	case !f.isRange && f.f.Equal == nil:
		return fmt.Errorf("filter on bin %q has no value", f.f.Bin)
	}
	return nil
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

// Scan returns every record of set (of the whole namespace, if set is
// empty). A failure of the scan is yielded last, with a nil record; breaking
// out of the loop releases the scan.
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
		s.rows(ctx, op, req, func(r *driver.Record) (bool, error) { return yield(s.record(r), nil), nil },
			func(err error) { yield(nil, err) })
	}
}

// errAborted is what the hooks see when the loop body over a scan panics or
// calls runtime.Goexit (t.Fatal): the span still ends.
var errAborted = &Error{Op: "ITERATE", Code: driver.CommonError, kind: errClient,
	Err: errors.New("iteration aborted by a panic or Goexit in the loop body")}

// rows runs a scan or query, calling each for every record until it returns
// false, and fail once if the stream fails. each may note a per-record
// failure (a record that does not decode) without stopping the stream; the
// first one noted is what the hooks' After sees when the stream itself
// succeeds. It returns the rows' partition state when the stream ended (nil
// if it failed or was stopped).
func (s *Session) rows(ctx context.Context, op string, req *driver.QueryRequest, each func(*driver.Record) (bool, error), fail func(error)) []driver.PartitionStatus {
	ctx, sp := s.begin(ctx, op, req.Namespace, req.Set, 0)
	defer sp.end(errAborted) // no-op once the span has ended normally
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
	var noted error
	for {
		r, err := rows.Next(ctx)
		if err != nil {
			fail(sp.end(newError(op, req.Namespace, req.Set, nil, err)))
			return nil
		}
		if r == nil {
			sp.end(noted)
			return rows.Partitions()
		}
		more, rerr := each(r)
		if rerr != nil && noted == nil {
			noted = rerr
		}
		if !more {
			sp.end(noted)
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
	_, err := s.pageRaw(ctx, op, req, size, cursor, func(r *driver.Record) error {
		out = append(out, s.record(r))
		return nil
	}, &cursor)
	if err != nil {
		return nil, "", err
	}
	return out, cursor, nil
}

// pageRaw runs one page and stores the next cursor in *next. The errors
// each returns are per-record: the page goes on, and they come back joined
// in recErrs; err is the failure of the page itself.
func (s *Session) pageRaw(ctx context.Context, op string, req *driver.QueryRequest, size int, cursor Cursor, each func(*driver.Record) error, next *Cursor) (recErrs, err error) {
	if size <= 0 {
		return nil, invalidArgument(op, req.Namespace, req.Set, fmt.Errorf("page size %d: must be positive", size))
	}
	parts, err := decodeCursor(cursor, cursorFingerprint(op, req))
	if err != nil {
		return nil, invalidArgument(op, req.Namespace, req.Set, err)
	}
	req.Partitions = parts
	req.MaxRecords = int64(size)
	var failed error
	var errs []error
	final := s.rows(ctx, op, req, func(r *driver.Record) (bool, error) {
		err := each(r)
		if err != nil {
			errs = append(errs, err)
		}
		return true, err
	}, func(err error) { failed = err })
	if failed != nil {
		return nil, failed
	}
	*next = encodeCursor(final, cursorFingerprint(op, req))
	return errors.Join(errs...), nil
}

// Cursor encoding, version 2: the version byte, an 8-byte fingerprint of
// the scan or query (cursorFingerprint), then, deflated, a 512-byte bitmap
// of the partitions still open (not done) followed, for each open partition
// that has returned records, in ascending order, by its id (uint16), the
// digest of its last record (20 bytes) and the query's BVal (int64), big
// endian. A scan of 4096 partitions paged 10 records at a time thus keeps a
// cursor of a few hundred bytes. A cursor with no partition open is "".
const (
	cursorVersion = 2
	bitmapLen     = driver.Partitions / 8
	digestEntry   = 2 + len(driver.Digest{}) + 8
	// maxCursorPayload bounds what a cursor may inflate to: every
	// partition open and resumed.
	maxCursorPayload = bitmapLen + driver.Partitions*digestEntry
)

// cursorFingerprint identifies what a cursor pages through, so that a cursor
// of one scan or query is refused by another (it would silently skip or
// repeat records there).
func cursorFingerprint(op string, req *driver.QueryRequest) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", op, req.Namespace, req.Set)
	if f := req.Filter; f != nil {
		fmt.Fprintf(h, "\x00%s\x00%T:%v\x00%d\x00%d", f.Bin, f.Equal, f.Equal, f.Begin, f.End)
	}
	return h.Sum64()
}

func encodeCursor(parts []driver.PartitionStatus, fingerprint uint64) Cursor {
	var bitmap [bitmapLen]byte
	var entries []byte
	open := 0
	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(a, b driver.PartitionStatus) int { return a.ID - b.ID })
	for _, p := range sorted {
		if p.Done || p.ID < 0 || p.ID >= driver.Partitions {
			continue
		}
		open++
		bitmap[p.ID/8] |= 1 << (p.ID % 8)
		if p.HasDigest {
			entries = binary.BigEndian.AppendUint16(entries, uint16(p.ID))
			entries = append(entries, p.Digest[:]...)
			entries = binary.BigEndian.AppendUint64(entries, uint64(p.BVal))
		}
	}
	if open == 0 {
		return ""
	}
	var buf bytes.Buffer
	buf.WriteByte(cursorVersion)
	buf.Write(binary.BigEndian.AppendUint64(nil, fingerprint))
	zw, _ := flate.NewWriter(&buf, flate.BestCompression) // the level is valid: no error
	zw.Write(bitmap[:])
	zw.Write(entries)
	zw.Close()
	return Cursor(base64.RawURLEncoding.EncodeToString(buf.Bytes()))
}

func decodeCursor(c Cursor, fingerprint uint64) ([]driver.PartitionStatus, error) {
	if c == "" {
		return driver.AllPartitions(), nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(string(c))
	if err != nil || len(raw) < 9 || raw[0] != cursorVersion {
		return nil, fmt.Errorf("cursor %.32q is not a cursor aero made", string(c))
	}
	if binary.BigEndian.Uint64(raw[1:9]) != fingerprint {
		return nil, errors.New("cursor belongs to another scan or query (namespace, set or filter differ)")
	}
	payload, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw[9:])), int64(maxCursorPayload)+1))
	if err != nil {
		return nil, fmt.Errorf("cursor is corrupt: %v", err)
	}
	if len(payload) < bitmapLen || len(payload) > maxCursorPayload || (len(payload)-bitmapLen)%digestEntry != 0 {
		return nil, fmt.Errorf("cursor is corrupt: %d bytes of state", len(payload))
	}
	bitmap, entries := payload[:bitmapLen], payload[bitmapLen:]
	var parts []driver.PartitionStatus
	index := map[int]int{}
	for id := range driver.Partitions {
		if bitmap[id/8]&(1<<(id%8)) != 0 {
			index[id] = len(parts)
			parts = append(parts, driver.PartitionStatus{ID: id})
		}
	}
	if len(parts) == 0 {
		return nil, errors.New("cursor names no partition")
	}
	last := -1
	for len(entries) > 0 {
		id := int(binary.BigEndian.Uint16(entries))
		i, ok := index[id]
		if !ok || id <= last {
			return nil, fmt.Errorf("cursor is corrupt: resume point for partition %d", id)
		}
		last = id
		p := &parts[i]
		copy(p.Digest[:], entries[2:])
		if p.Digest.Partition() != id {
			return nil, fmt.Errorf("cursor is corrupt: digest %s is not in partition %d", p.Digest, id)
		}
		p.HasDigest = true
		p.BVal = int64(binary.BigEndian.Uint64(entries[2+len(p.Digest):]))
		entries = entries[digestEntry:]
	}
	return parts, nil
}
