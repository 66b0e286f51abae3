package aero

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aerokit/aero/driver"
)

// Bins maps bin names to values; see driver.Bins for the value types.
type Bins = map[string]any

// Digest is a record's RIPEMD-160 digest, which addresses it on the server
// (see Key).
type Digest = driver.Digest

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
// user key (a string, any integer kind, or []byte). A record whose user key
// was not stored (written WithSendKey(false)) is named
// by its Digest instead, with Value nil: the Key of such a Record read by a
// scan is that, and reads, writes and deletes take it as is. When both are
// given the digest must be the user key's.
type Key struct {
	Namespace string
	Set       string
	Value     any
	Digest    Digest
}

// Record is a record read through the untyped API.
type Record struct {
	// Key names the record; Key.Digest is always set.
	Key Key
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
	conn    driver.Conn
	dget    driver.DecodeGetter // conn, when it is one
	ns      string
	hooks   []Hook
	logger  *slog.Logger
	sendKey bool
	host    string
	port    int

	closeMu sync.Mutex
	closed  bool
	onClose []func()

	istats indexStatsCache // index_plan.go
}

// aerospikeImport is the import that registers the Aerospike driver.
const aerospikeImport = `import _ "github.com/aerokit/aero/driver/aerospike"`

// Open opens a Session on the backend that dsn names. The scheme chooses the
// driver, as database/sql chooses one by name: "memory" for the embedded
// in-memory backend, always available, and "aerospike" for a cluster once
// the program imports the Aerospike driver:
//
//	import _ "github.com/aerokit/aero/driver/aerospike"
//
// An unknown scheme is an error listing the registered ones (and, for
// "aerospike", naming the import to add).
//
// Options apply once the Session is built; an integration module's may
// also run before the driver connects and after the Session is open
// (internal/seam).
func Open(ctx context.Context, dsn string, opts ...Option) (*Session, error) {
	scheme, err := driver.SplitScheme(dsn)
	if err != nil {
		return nil, invalidArgument("OPEN", "", "", err)
	}
	drv, ok := driver.Lookup(scheme)
	if !ok {
		msg := fmt.Sprintf("unknown DSN scheme %q (registered: %s)", scheme, strings.Join(driver.Schemes(), ", "))
		if scheme == "aerospike" {
			msg = fmt.Sprintf("the Aerospike driver is not registered: add %s to the program (registered: %s)",
				aerospikeImport, strings.Join(driver.Schemes(), ", "))
		}
		return nil, invalidArgument("OPEN", "", "", errors.New(msg))
	}
	st := newSettings(opts)
	undo := st.connecting()
	conn, err := drv.Open(ctx, dsn)
	if err != nil {
		runReverse(undo)
		return nil, newError("OPEN", "", "", nil, err)
	}
	s := newSession(conn, st, undo)
	// The scheme and namespace only: a DSN may hold a password.
	s.logger.LogAttrs(ctx, slog.LevelDebug, "aero: session opened",
		slog.String("driver", scheme), slog.String("namespace", s.ns))
	return s, nil
}

// NewSession returns a Session on an open driver connection, which the
// Session then owns (Close closes it). An integration's before-connect
// functions (internal/seam) run at once.
func NewSession(conn driver.Conn, opts ...Option) *Session {
	st := newSettings(opts)
	return newSession(conn, st, st.connecting())
}

// connecting runs the before-connect functions (seam.BeforeConnect) and
// returns their undo functions.
func (st *settings) connecting() []func() {
	var undo []func()
	for _, fn := range st.beforeConnect {
		if u := fn(); u != nil {
			undo = append(undo, u)
		}
	}
	return undo
}

func newSession(conn driver.Conn, st settings, undo []func()) *Session {
	s := &Session{conn: conn, ns: conn.Namespace(), hooks: st.hooks, logger: st.logger,
		sendKey: st.sendKey, onClose: undo}
	if ep, ok := conn.(driver.Endpointer); ok {
		s.host, s.port = ep.Endpoint()
	}
	s.dget, _ = conn.(driver.DecodeGetter)
	for _, fn := range st.afterOpen {
		fn(s)
	}
	return s
}

// onCloseDo registers fn to run when the Session closes, after its
// connection is closed, in the reverse order of registration (and at once
// if the Session is already closed): seam.OnClose, where observability
// modules unregister what they registered for the Session.
func (s *Session) onCloseDo(fn func()) {
	if fn == nil {
		return
	}
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		fn()
		return
	}
	s.onClose = append(s.onClose, fn)
	s.closeMu.Unlock()
}

// Close closes the driver connection, then runs the functions the
// integration modules registered to run at close.
// Close is idempotent: later calls return nil.
func (s *Session) Close() error {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	fns := s.onClose
	s.onClose = nil
	s.closeMu.Unlock()
	err := s.conn.Close()
	runReverse(fns)
	if err != nil {
		return newError("CLOSE", "", "", nil, err)
	}
	return nil
}

func runReverse(fns []func()) {
	for i := len(fns) - 1; i >= 0; i-- {
		fns[i]()
	}
}

// Namespace returns the Session's default namespace.
func (s *Session) Namespace() string { return s.ns }

// Conn returns the driver connection, for what the Session does not wrap.
// With the Aerospike driver, driver/aerospike gives the *aerospike.Client.
func (s *Session) Conn() driver.Conn { return s.conn }

// Logger returns the Session's logger.
func (s *Session) Logger() *slog.Logger { return s.logger }

// key turns a Key into a driver key, filling in the namespace.
func (s *Session) key(op Command, k Key) (*driver.Key, error) {
	ns := k.Namespace
	if ns == "" {
		ns = s.ns
	}
	if k.Value == nil {
		if k.Digest == (Digest{}) {
			return nil, invalidArgument(op, ns, k.Set, errors.New("key has neither a value nor a digest"))
		}
		return &driver.Key{Namespace: ns, Set: k.Set, Digest: k.Digest}, nil
	}
	dk, err := driver.NewKey(ns, k.Set, k.Value)
	if err != nil {
		return nil, invalidArgument(op, ns, k.Set, fmt.Errorf("key: %w", err))
	}
	if k.Digest != (Digest{}) && k.Digest != dk.Digest {
		return nil, invalidArgument(op, ns, k.Set, fmt.Errorf("key: digest %s is not the digest of the key's value (%s)", k.Digest, dk.Digest))
	}
	return dk, nil
}

// keyOf is the Key of a driver key.
func keyOf(dk *driver.Key) Key {
	return Key{Namespace: dk.Namespace, Set: dk.Set, Value: dk.UserKey, Digest: dk.Digest}
}

// record converts a driver record. Its key is the record's own when that
// carries the stored user key (or dk is nil), else dk's: a read by digest
// learns the user key the server stored, as Repo.decodeInto does.
func (s *Session) record(r *driver.Record, dk *driver.Key) *Record {
	rec := &Record{Bins: r.Bins, Generation: r.Generation, TTL: ttlOf(r.Expiration)}
	if r.Key != nil && (r.Key.UserKey != nil || dk == nil) {
		dk = r.Key
	}
	if dk != nil {
		rec.Key = keyOf(dk)
	}
	return rec
}

// Get reads the record at key: every bin, or the bins WithBins names. A
// missing record is ErrNotFound; with WithFilterExp, a record the filter does
// not match is ErrFilteredOut.
func (s *Session) Get(ctx context.Context, key Key, opts ...ReadOption) (*Record, error) {
	c, err := s.cmd(CmdGet, "", key)
	if err == nil {
		err = c.withRead(opts, readBins)
	}
	if err != nil {
		return nil, err
	}
	return exec(ctx, s, &c, getCall)
}

func getCall(ctx context.Context, c cmd) (*Record, error) {
	r, err := c.s.conn.Get(ctx, c.read, c.key, c.bins)
	if err != nil {
		return nil, err
	}
	return c.s.record(r, c.key), nil
}

// GetHeader reads the generation and TTL of the record at key, no bins.
func (s *Session) GetHeader(ctx context.Context, key Key, opts ...ReadOption) (*Record, error) {
	c, err := s.cmd(CmdGet, "", key)
	if err == nil {
		err = c.withRead(opts, readHeader)
	}
	if err != nil {
		return nil, err
	}
	return exec(ctx, s, &c, getCall)
}

// Exists reports whether the record at key exists. With WithFilterExp, a
// record the filter does not match is ErrFilteredOut, not false: the
// server answers so.
func (s *Session) Exists(ctx context.Context, key Key, opts ...ReadOption) (bool, error) {
	c, err := s.cmd(CmdExists, "", key)
	if err == nil {
		err = c.withRead(opts, readExists)
	}
	if err != nil {
		return false, err
	}
	return exec(ctx, s, &c, existsCall)
}

func existsCall(ctx context.Context, c cmd) (bool, error) {
	return c.s.conn.Exists(ctx, c.read, c.key)
}

// Put writes bins to the record at key, creating it or merging into it
// (Aerospike's default upsert: bins not named keep their values; a bin set
// to nil is removed).
func (s *Session) Put(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, WritePut, key, bins, opts)
}

// Insert creates the record at key; an existing record is ErrExists.
func (s *Session) Insert(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, WriteInsert, key, bins, opts)
}

// Update merges bins into the existing record at key; a missing record is
// ErrNotFound.
func (s *Session) Update(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, WriteUpdate, key, bins, opts)
}

// Replace creates the record at key or replaces all its bins with bins.
func (s *Session) Replace(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, WriteReplace, key, bins, opts)
}

// ReplaceExisting replaces all bins of the existing record at key; a missing
// record is ErrNotFound.
func (s *Session) ReplaceExisting(ctx context.Context, key Key, bins Bins, opts ...WriteOption) error {
	return s.write(ctx, WriteReplaceExisting, key, bins, opts)
}

func (s *Session) write(ctx context.Context, kind WriteKind, key Key, bins Bins, opts []WriteOption) error {
	c, err := s.cmd(CmdPut, kind, key)
	if err == nil {
		err = c.withPolicy(kind.action(), opts, 0, 0)
	}
	if err != nil {
		return err
	}
	c.put = bins
	_, err = exec(ctx, s, &c, putCall)
	return err
}

func putCall(ctx context.Context, c cmd) (struct{}, error) {
	return struct{}{}, c.s.conn.Put(ctx, c.policy, c.key, c.put)
}

// Delete removes the record at key and reports whether it existed.
func (s *Session) Delete(ctx context.Context, key Key, opts ...WriteOption) (bool, error) {
	c, err := s.cmd(CmdDelete, "", key)
	if err == nil {
		err = c.withPolicy(driver.Update, opts, 0, 0)
	}
	if err != nil {
		return false, err
	}
	return exec(ctx, s, &c, deleteCall)
}

func deleteCall(ctx context.Context, c cmd) (bool, error) {
	return c.s.conn.Delete(ctx, c.policy, c.key)
}

// Touch resets the record's TTL (the namespace default unless WithTTL says
// otherwise) and increments its generation. A missing record is ErrNotFound.
func (s *Session) Touch(ctx context.Context, key Key, opts ...WriteOption) error {
	c, err := s.cmd(CmdTouch, "", key)
	if err == nil {
		err = c.withPolicy(driver.Update, opts, 0, 0)
	}
	if err != nil {
		return err
	}
	_, err = exec(ctx, s, &c, touchCall)
	return err
}

func touchCall(ctx context.Context, c cmd) (struct{}, error) {
	return struct{}{}, c.s.conn.Touch(ctx, c.policy, c.key)
}

// Op is one operation of Operate; build it with the *Op functions
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
// and returns each op's result in op order (a read after a write sees the
// write) with the record's generation and TTL after the call; see
// OperateResult.
func (s *Session) Operate(ctx context.Context, key Key, ops []Op, opts ...WriteOption) (*OperateResult, error) {
	c, err := s.cmd(CmdOperate, "", key)
	if err == nil {
		err = c.withPolicy(driver.Update, opts, 0, 0)
	}
	if err != nil {
		return nil, err
	}
	c.ops = ops
	return exec(ctx, s, &c, operateCall)
}

func operateCall(ctx context.Context, c cmd) (*OperateResult, error) {
	r, err := c.s.conn.Operate(ctx, c.policy, c.key, c.ops)
	if err != nil {
		return nil, err
	}
	return newOperateResult(c.ops, r, c.key), nil
}

// Add adds delta to an integer bin and returns the new value, in one round
// trip.
func (s *Session) Add(ctx context.Context, key Key, bin string, delta int64, opts ...WriteOption) (int64, error) {
	res, err := s.Operate(ctx, key, []Op{AddOp(bin, delta), GetOp(bin)}, opts...)
	if err != nil {
		return 0, err
	}
	return res.Int(1)
}
