// Package aero is a data-access library for the Aerospike database: a typed
// Session over a small driver interface (database/sql style), and a struct
// mapper that turns tagged Go structs into bins and back.
//
// Open a Session with a DSN whose scheme picks the driver:
//
//	s, err := aero.Open(ctx, "aerospike://127.0.0.1:3000/test") // a cluster
//	s, err := aero.Open(ctx, "memory://test")                   // in memory, for tests
//
// Untyped calls take a Key and Bins; typed repositories map structs:
//
//	type User struct {
//		ID    string        `aero:"id,key"`
//		Name  string        `aero:"name"`
//		Gen   uint32        `aero:",gen"`
//		TTL   time.Duration `aero:",ttl"`
//	}
//	users, err := aero.NewRepo[User](s, "users")
//	err = users.Put(ctx, &User{ID: "u1", Name: "Ada"})
//	u, err := users.Get(ctx, "u1")
//
// Every error matches a sentinel and its family with errors.Is (ErrNotFound
// is in ErrRecord, ErrTimeout is a family of its own...) and is an *Error for
// errors.As, carrying the result code and whether a write is in doubt.
//
// # Writes, TTLs and absent bins
//
// Every write sets the record's TTL, as the server does: to the namespace's
// default-ttl unless WithTTL (or a struct's ttl field) says otherwise, so a
// Put, an Operate or an Add on an existing record restarts its clock; pass
// WithTTL(KeepTTL) to keep it. Repo.Modify keeps it by default.
//
// In the untyped calls a bin set to nil is deleted. In a Repo, a nil
// pointer, slice, map or interface field (and an omitempty zero) is an
// absent bin: Put leaves the stored bin as it was, Replace leaves it out of
// the new record, and Modify deletes it (Modify writes back exactly the
// struct it read, and leaves alone the bins the struct does not map).
//
// # Batches
//
// The Session's batch calls return one BatchResult per record, each with its
// own Err, and an error only when the whole request failed. Repo's batch
// calls return a *BatchError listing the records that failed. Either way the
// outcomes known are kept when the request fails part way.
package aero

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
)

// Bins maps bin names to values; see driver.Bins for the value types.
type Bins = map[string]any

// Special TTL values for writes (WithTTL, and a struct's ttl field), and for
// reads (Record.TTL).
const (
	// DefaultTTL applies the namespace's default-ttl.
	DefaultTTL time.Duration = 0
	// NeverExpire makes the record never expire. A record read back with
	// no expiration reports NeverExpire.
	NeverExpire time.Duration = -1
	// KeepTTL keeps the record's current expiration (a new record gets the
	// namespace default).
	KeepTTL time.Duration = -2
)

// Key names a record: its namespace (empty: the Session's), its set and the
// user key (a string, any integer kind, or []byte).
type Key struct {
	Namespace string
	Set       string
	Value     any
}

// Record is a record read through the untyped API.
type Record struct {
	Key Key
	// Digest is the record's RIPEMD-160 digest.
	Digest driver.Digest
	// Bins holds the bins read; nil for a header-only read.
	Bins Bins
	// Generation counts the writes to the record (1 after the first).
	Generation uint32
	// TTL is the remaining time to live, or NeverExpire.
	TTL time.Duration
}

// Session is the front end of aero: every call takes a context first, runs
// the hooks around one driver call and returns errors that match the
// package's sentinels. A Session is safe for concurrent use; open one per
// cluster and share it.
type Session struct {
	conn       driver.Conn
	ns         string
	hooks      []Hook
	logger     *slog.Logger
	sendKey    bool
	maxRetries int
	host       string
	port       int
}

// Option configures a Session at Open.
type Option func(*Session)

// WithHooks adds hooks that run around every call, in the order given
// (Before in order, After in reverse). Nil hooks are ignored.
func WithHooks(hooks ...Hook) Option {
	return func(s *Session) {
		for _, h := range hooks {
			if h != nil {
				s.hooks = append(s.hooks, h)
			}
		}
	}
}

// WithLogger sets the logger of the Session (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(s *Session) {
		if l != nil {
			s.logger = l
		}
	}
}

// WithSendKey sets whether writes store the user key with the record
// (default true, so that scans and queries return it). A write option
// SendKey overrides it per call.
func WithSendKey(store bool) Option {
	return func(s *Session) { s.sendKey = store }
}

// WithMaxRetries sets how many times Repo.Modify retries a
// read-modify-write that lost a generation race (default 5).
func WithMaxRetries(n int) Option {
	return func(s *Session) {
		if n >= 0 {
			s.maxRetries = n
		}
	}
}

// Open opens a Session on the backend that dsn names. The scheme chooses the
// driver, as database/sql chooses one by name: "aerospike" for a cluster
// (driver/aerospike), "memory" for the embedded in-memory backend. An
// unknown scheme is an error listing the registered ones.
func Open(ctx context.Context, dsn string, opts ...Option) (*Session, error) {
	scheme, err := driver.SplitScheme(dsn)
	if err != nil {
		return nil, invalidArgument("OPEN", "", "", err)
	}
	drv, ok := driver.Lookup(scheme)
	if !ok {
		return nil, invalidArgument("OPEN", "", "", fmt.Errorf("unknown DSN scheme %q (registered: %s)",
			scheme, strings.Join(driver.Schemes(), ", ")))
	}
	conn, err := drv.Open(ctx, dsn)
	if err != nil {
		return nil, newError("OPEN", "", "", nil, err)
	}
	s := NewSession(conn, opts...)
	// The scheme and namespace only: a DSN may hold a password.
	s.logger.LogAttrs(ctx, slog.LevelDebug, "aero: session opened",
		slog.String("driver", scheme), slog.String("namespace", s.ns))
	return s, nil
}

// NewSession returns a Session on an open driver connection, which the
// Session then owns (Close closes it).
func NewSession(conn driver.Conn, opts ...Option) *Session {
	s := &Session{conn: conn, ns: conn.Namespace(), logger: slog.Default(), sendKey: true, maxRetries: 5}
	if ep, ok := conn.(driver.Endpointer); ok {
		s.host, s.port = ep.Endpoint()
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Close closes the driver connection.
func (s *Session) Close() error {
	if err := s.conn.Close(); err != nil {
		return newError("CLOSE", "", "", nil, err)
	}
	return nil
}

// Namespace returns the Session's default namespace.
func (s *Session) Namespace() string { return s.ns }

// Conn returns the driver connection, for what the Session does not wrap.
// With the Aerospike driver, driver/aerospike gives the *aerospike.Client.
func (s *Session) Conn() driver.Conn { return s.conn }

// Logger returns the Session's logger.
func (s *Session) Logger() *slog.Logger { return s.logger }

// key turns a Key into a driver key, filling in the namespace.
func (s *Session) key(op string, k Key) (*driver.Key, error) {
	ns := k.Namespace
	if ns == "" {
		ns = s.ns
	}
	dk, err := driver.NewKey(ns, k.Set, k.Value)
	if err != nil {
		return nil, invalidArgument(op, ns, k.Set, fmt.Errorf("key: %w", err))
	}
	return dk, nil
}

// WriteOption sets an option of one write.
type WriteOption func(*writeOptions)

type writeOptions struct {
	ttl           time.Duration
	ttlSet        bool
	gen           uint32
	genSet        bool
	sendKey       *bool
	durableDelete bool
}

// WithTTL sets the record's time to live: a positive duration (rounded up
// to whole seconds), DefaultTTL, NeverExpire or KeepTTL. It overrides a
// struct's ttl field.
func WithTTL(d time.Duration) WriteOption {
	return func(o *writeOptions) { o.ttl, o.ttlSet = d, true }
}

// WithGeneration makes the write apply only if the record's generation is
// still gen; otherwise the write fails with ErrGeneration. It overrides a
// struct's gen field.
func WithGeneration(gen uint32) WriteOption {
	return func(o *writeOptions) { o.gen, o.genSet = gen, true }
}

// SendKey sets whether this write stores the user key with the record.
func SendKey(store bool) WriteOption {
	return func(o *writeOptions) { o.sendKey = &store }
}

// DurableDelete makes a delete leave a tombstone (Aerospike Enterprise).
func DurableDelete() WriteOption {
	return func(o *writeOptions) { o.durableDelete = true }
}

// expiration converts a TTL duration to the driver's expiration field.
func expiration(d time.Duration) (uint32, error) {
	switch {
	case d == DefaultTTL:
		return driver.TTLDefault, nil
	case d == NeverExpire:
		return driver.TTLNever, nil
	case d == KeepTTL:
		return driver.TTLKeep, nil
	case d < 0:
		return 0, fmt.Errorf("TTL %v is negative (use NeverExpire or KeepTTL)", d)
	}
	secs := (d + time.Second - 1) / time.Second
	if secs >= math.MaxUint32-1 {
		return 0, fmt.Errorf("TTL %v is too large", d)
	}
	return uint32(secs), nil
}

// ttlOf converts a read expiration to a duration.
func ttlOf(exp uint32) time.Duration {
	if exp == driver.TTLNever {
		return NeverExpire
	}
	return time.Duration(exp) * time.Second
}

// policy builds the write policy of one call from the action, the options
// and the struct's own gen and ttl (when it has them).
func (s *Session) policy(action driver.RecordExistsAction, opts []WriteOption, gen uint32, ttl time.Duration) (*driver.WritePolicy, error) {
	var o writeOptions
	for _, f := range opts {
		f(&o)
	}
	p := &driver.WritePolicy{RecordExists: action, SendKey: s.sendKey, DurableDelete: o.durableDelete}
	if o.sendKey != nil {
		p.SendKey = *o.sendKey
	}
	if o.genSet {
		gen = o.gen
		p.GenerationPolicy = driver.GenEqual
	} else if gen != 0 {
		p.GenerationPolicy = driver.GenEqual
	}
	p.Generation = gen
	if o.ttlSet {
		ttl = o.ttl
	}
	exp, err := expiration(ttl)
	if err != nil {
		return nil, err
	}
	p.Expiration = exp
	return p, nil
}

func (s *Session) record(r *driver.Record) *Record {
	rec := &Record{Bins: r.Bins, Generation: r.Generation, TTL: ttlOf(r.Expiration)}
	if r.Key != nil {
		rec.Key = Key{Namespace: r.Key.Namespace, Set: r.Key.Set, Value: r.Key.UserKey}
		rec.Digest = r.Key.Digest
	}
	return rec
}

// Get reads the record at key: every bin, or only the bins named. A missing
// record is ErrNotFound.
func (s *Session) Get(ctx context.Context, key Key, bins ...string) (*Record, error) {
	dk, err := s.key(OpGet, key)
	if err != nil {
		return nil, err
	}
	ctx, sp := s.begin(ctx, OpGet, dk.Namespace, dk.Set, 0)
	r, err := s.conn.Get(ctx, nil, dk, binsArg(bins))
	if err != nil {
		return nil, sp.end(newError(OpGet, dk.Namespace, dk.Set, dk, err))
	}
	sp.end(nil)
	rec := s.record(r)
	rec.Key = Key{Namespace: dk.Namespace, Set: dk.Set, Value: dk.UserKey}
	return rec, nil
}

// binsArg turns a variadic bin list into the driver's form: nil (all bins)
// when none are named.
func binsArg(bins []string) []string {
	if len(bins) == 0 {
		return nil
	}
	return bins
}

// GetHeader reads the generation and TTL of the record at key, no bins.
func (s *Session) GetHeader(ctx context.Context, key Key) (*Record, error) {
	dk, err := s.key(OpGet, key)
	if err != nil {
		return nil, err
	}
	ctx, sp := s.begin(ctx, OpGet, dk.Namespace, dk.Set, 0)
	r, err := s.conn.Get(ctx, &driver.ReadPolicy{HeaderOnly: true}, dk, nil)
	if err != nil {
		return nil, sp.end(newError(OpGet, dk.Namespace, dk.Set, dk, err))
	}
	sp.end(nil)
	rec := s.record(r)
	rec.Key = Key{Namespace: dk.Namespace, Set: dk.Set, Value: dk.UserKey}
	return rec, nil
}

// Exists reports whether the record at key exists.
func (s *Session) Exists(ctx context.Context, key Key) (bool, error) {
	dk, err := s.key(OpExists, key)
	if err != nil {
		return false, err
	}
	ctx, sp := s.begin(ctx, OpExists, dk.Namespace, dk.Set, 0)
	ok, err := s.conn.Exists(ctx, nil, dk)
	if err != nil {
		return false, sp.end(newError(OpExists, dk.Namespace, dk.Set, dk, err))
	}
	sp.end(nil)
	return ok, nil
}

// Put writes bins to the record at key, creating it or merging into it
// (Aerospike's default upsert: bins not named keep their values; a bin set
// to nil is removed).
func (s *Session) Put(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, driver.Update, key, bins, opts)
}

// Insert creates the record at key; an existing record is ErrExists.
func (s *Session) Insert(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, driver.CreateOnly, key, bins, opts)
}

// Update merges bins into the existing record at key; a missing record is
// ErrNotFound.
func (s *Session) Update(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, driver.UpdateOnly, key, bins, opts)
}

// Replace creates the record at key or replaces all its bins with bins.
func (s *Session) Replace(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, driver.Replace, key, bins, opts)
}

// ReplaceExisting replaces all bins of the existing record at key; a missing
// record is ErrNotFound.
func (s *Session) ReplaceExisting(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, driver.ReplaceOnly, key, bins, opts)
}

func (s *Session) write(ctx context.Context, action driver.RecordExistsAction, key Key, bins Bins, opts []WriteOption) error {
	dk, err := s.key(OpPut, key)
	if err != nil {
		return err
	}
	p, err := s.policy(action, opts, 0, 0)
	if err != nil {
		return invalidArgument(OpPut, dk.Namespace, dk.Set, err)
	}
	ctx, sp := s.begin(ctx, OpPut, dk.Namespace, dk.Set, 0)
	if err := s.conn.Put(ctx, p, dk, bins); err != nil {
		return sp.end(newError(OpPut, dk.Namespace, dk.Set, dk, err))
	}
	sp.end(nil)
	return nil
}

// Delete removes the record at key and reports whether it existed.
func (s *Session) Delete(ctx context.Context, key Key, opts ...WriteOption) (bool, error) {
	dk, err := s.key(OpDelete, key)
	if err != nil {
		return false, err
	}
	p, err := s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return false, invalidArgument(OpDelete, dk.Namespace, dk.Set, err)
	}
	ctx, sp := s.begin(ctx, OpDelete, dk.Namespace, dk.Set, 0)
	existed, err := s.conn.Delete(ctx, p, dk)
	if err != nil {
		return false, sp.end(newError(OpDelete, dk.Namespace, dk.Set, dk, err))
	}
	sp.end(nil)
	return existed, nil
}

// Touch resets the record's TTL (the namespace default unless WithTTL says
// otherwise) and increments its generation. A missing record is ErrNotFound.
func (s *Session) Touch(ctx context.Context, key Key, opts ...WriteOption) error {
	dk, err := s.key(OpTouch, key)
	if err != nil {
		return err
	}
	p, err := s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return invalidArgument(OpTouch, dk.Namespace, dk.Set, err)
	}
	ctx, sp := s.begin(ctx, OpTouch, dk.Namespace, dk.Set, 0)
	if err := s.conn.Touch(ctx, p, dk); err != nil {
		return sp.end(newError(OpTouch, dk.Namespace, dk.Set, dk, err))
	}
	sp.end(nil)
	return nil
}

// Op is one operation of Operate; build it with the Op* functions
// (AddOp, AppendOp, GetOp...).
type Op = driver.Operation

// PutOp sets bin to value (nil removes the bin).
func PutOp(bin string, value any) Op { return Op{Type: driver.OpWrite, Bin: bin, Value: value} }

// AddOp adds delta (an integer or a float) to bin, creating it at delta.
func AddOp(bin string, delta any) Op { return Op{Type: driver.OpAdd, Bin: bin, Value: delta} }

// AppendOp appends a string (or []byte) to bin.
func AppendOp(bin string, value any) Op { return Op{Type: driver.OpAppend, Bin: bin, Value: value} }

// PrependOp prepends a string (or []byte) to bin.
func PrependOp(bin string, value any) Op { return Op{Type: driver.OpPrepend, Bin: bin, Value: value} }

// GetOp reads bin at this point of the sequence.
func GetOp(bin string) Op { return Op{Type: driver.OpRead, Bin: bin} }

// GetAllOp reads every bin at this point of the sequence. In an Operate
// that writes it cannot be mixed with GetOp (the server answers
// ErrInvalidArgument).
func GetAllOp() Op { return Op{Type: driver.OpRead} }

// GetHeaderOp reads the generation and TTL only.
func GetHeaderOp() Op { return Op{Type: driver.OpReadHeader} }

// TouchOp resets the record's TTL from the write options.
func TouchOp() Op { return Op{Type: driver.OpTouch} }

// DeleteOp deletes the record.
func DeleteOp() Op { return Op{Type: driver.OpDelete} }

// Operate applies ops to the record at key atomically, in one round trip,
// and returns the values the read ops saw (a read after a write sees the
// write) with the generation and TTL after the call.
func (s *Session) Operate(ctx context.Context, key Key, ops []Op, opts ...WriteOption) (*Record, error) {
	dk, err := s.key(OpOperate, key)
	if err != nil {
		return nil, err
	}
	p, err := s.policy(driver.Update, opts, 0, 0)
	if err != nil {
		return nil, invalidArgument(OpOperate, dk.Namespace, dk.Set, err)
	}
	ctx, sp := s.begin(ctx, OpOperate, dk.Namespace, dk.Set, 0)
	r, err := s.conn.Operate(ctx, p, dk, ops)
	if err != nil {
		return nil, sp.end(newError(OpOperate, dk.Namespace, dk.Set, dk, err))
	}
	sp.end(nil)
	rec := s.record(r)
	rec.Key = Key{Namespace: dk.Namespace, Set: dk.Set, Value: dk.UserKey}
	return rec, nil
}

// Add adds delta to an integer bin and returns the new value, in one round
// trip.
func (s *Session) Add(ctx context.Context, key Key, bin string, delta int64, opts ...WriteOption) (int64, error) {
	rec, err := s.Operate(ctx, key, []Op{AddOp(bin, delta), GetOp(bin)}, opts...)
	if err != nil {
		return 0, err
	}
	v, ok := rec.Bins[bin].(int64)
	if !ok {
		return 0, decodeError(OpOperate, rec.Key.Namespace, key.Set, nil,
			fmt.Errorf("bin %q: got %T, want int64", bin, rec.Bins[bin]))
	}
	return v, nil
}
