// Package engine keeps Aerospike records in memory and applies the server's
// rules to them, once, for every door that opens onto it: the memory driver
// (driver/memory) and the wire-protocol test server.
//
// The engine speaks the terms of the driver package (keys with digests,
// operations, write policies, partition statuses, result codes as
// *driver.Error) and knows nothing of any protocol. Each namespace holds
// driver.Partitions partitions, each behind its own lock; a record lives in
// the partition its digest falls in, keyed by digest.
//
// Where a rule comes from the Aerospike server, the comment says where (file
// and function of aerospike/aerospike-server, as/src/...). The server
// version of reference is Community Edition 8.1.2 (tag 8.1.2.0); see Edition
// for what the Enterprise edition changes.
package engine

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aerokit/aero/driver"
)

// DefaultMaxRecordSize is the default limit of a record's stored size: 1 MiB,
// the server 7 default of max-record-size (which took over from
// write-block-size).
const DefaultMaxRecordSize = 1 << 20

// MaxTTL is the largest TTL a write may carry, in seconds (ten years; server:
// MAX_ALLOWED_TTL, checked by is_valid_ttl in transaction/rw_utils.h). A
// larger TTL that is not one of the special values is ParameterError.
const MaxTTL = 10 * 365 * 24 * 60 * 60

// NamespaceConfig configures one namespace.
type NamespaceConfig struct {
	// Name is the namespace's name (1 to driver.MaxNamespaceLen bytes).
	Name string
	// DefaultTTL is the namespace's default-ttl in seconds, applied to
	// writes whose expiration is driver.TTLDefault. 0 means never expire,
	// the server 7 default.
	DefaultTTL uint32
	// MaxRecordSize is the largest stored size of a record in bytes (see
	// RecordSize); a write that would exceed it is RecordTooBig. 0 means
	// DefaultMaxRecordSize.
	MaxRecordSize int
	// ForbidTTL models a server namespace with nsup-period 0 (the server 7
	// default) and allow-ttl-without-nsup false: a write that would give
	// the record a finite TTL is FailForbidden (server:
	// is_ttl_disallowed in transaction/rw_utils.h). The zero value allows
	// TTLs, as a namespace with nsup running does.
	ForbidTTL bool
}

// Config configures an Engine.
type Config struct {
	// Namespaces lists the namespaces; there must be at least one.
	Namespaces []NamespaceConfig
	// Clock is the engine's time; nil is SystemClock.
	Clock Clock
	// Edition is the server edition the engine imitates (see Edition); the
	// zero value is Community.
	Edition Edition
	// NsupPeriod is the period of the namespace supervisor that removes
	// expired records, on the engine's clock (see Reap); 0 means
	// DefaultNsupPeriod, a negative period never runs it (expired records
	// then stay, invisible, until a write replaces or a delete removes
	// them).
	NsupPeriod time.Duration
}

// Engine is an in-memory Aerospike store. It is safe for concurrent use.
type Engine struct {
	clock Clock
	ns    map[string]*namespace
	order []string

	// imu guards the secondary index definitions of every namespace.
	imu     sync.RWMutex
	indexes map[string]map[string]indexEntry // ns -> name -> index
	// card holds each index's cardinality figures (index_stats.go).
	card indexCardinality

	edition Edition

	// The namespace supervisor (nsup.go): nsupNext is the engine-clock time
	// (Unix nanoseconds) of its next cycle; nsupMu is held while one runs.
	nsupPeriod time.Duration
	nsupNext   atomic.Int64
	nsupMu     sync.Mutex

	udfs udfRegistry // registered Lua modules (udf_registry.go)
	jobs jobRegistry // background jobs (udf_job.go)
}

type namespace struct {
	cfg   NamespaceConfig
	parts [driver.Partitions]partition
}

type partition struct {
	mu   sync.RWMutex
	recs map[driver.Digest]*record
}

// record is a stored record. Its bins are owned by the engine: values are
// deep-copied on the way in and out, and never changed in place (a write
// builds a new map).
type record struct {
	set      string
	bins     driver.Bins
	gen      uint16 // the server stores the generation in 16 bits
	voidTime int64  // Unix seconds; 0 = never expires
	lut      int64  // last-update time, Unix milliseconds (as the server keeps it)
	userKey  any    // stored user key, nil unless a write sent it
	// inSindex is the server's in_sindex bit (see Engine.store): set when
	// a write or an index build gives the record an index entry, cleared
	// by a write that leaves it none, and left as it is by an index drop.
	// Guarded by the record's partition lock.
	inSindex bool
}

// New returns an engine with cfg's namespaces.
func New(cfg Config) (*Engine, error) {
	if len(cfg.Namespaces) == 0 {
		return nil, driver.NewError(driver.ParameterError, "engine: no namespace configured")
	}
	e := &Engine{
		clock:      cfg.Clock,
		ns:         make(map[string]*namespace, len(cfg.Namespaces)),
		indexes:    make(map[string]map[string]indexEntry),
		edition:    cfg.Edition,
		nsupPeriod: cfg.NsupPeriod,
	}
	if e.clock == nil {
		e.clock = SystemClock()
	}
	switch cfg.Edition {
	case Community, Enterprise:
	default:
		return nil, driver.Errorf(driver.ParameterError, "engine: unknown edition %d", cfg.Edition)
	}
	if e.nsupPeriod == 0 {
		e.nsupPeriod = DefaultNsupPeriod
	}
	e.nsupNext.Store(e.clock.Now().Add(e.nsupPeriod).UnixNano())
	for _, nc := range cfg.Namespaces {
		if err := driver.CheckNamespace(nc.Name); err != nil {
			return nil, err
		}
		if _, dup := e.ns[nc.Name]; dup {
			return nil, driver.Errorf(driver.ParameterError, "engine: namespace %q configured twice", nc.Name)
		}
		if nc.MaxRecordSize < 0 {
			return nil, driver.Errorf(driver.ParameterError, "engine: namespace %q: max-record-size %d is negative", nc.Name, nc.MaxRecordSize)
		}
		if nc.MaxRecordSize == 0 {
			nc.MaxRecordSize = DefaultMaxRecordSize
		}
		if nc.DefaultTTL > MaxTTL {
			return nil, driver.Errorf(driver.ParameterError, "engine: namespace %q: default-ttl %d exceeds %d seconds", nc.Name, nc.DefaultTTL, MaxTTL)
		}
		e.ns[nc.Name] = &namespace{cfg: nc}
		e.order = append(e.order, nc.Name)
		e.indexes[nc.Name] = map[string]indexEntry{}
	}
	return e, nil
}

// Clock returns the engine's clock.
func (e *Engine) Clock() Clock { return e.clock }

// Namespaces returns the namespaces' names in configuration order.
func (e *Engine) Namespaces() []string { return slices.Clone(e.order) }

// Namespace returns the configuration of the named namespace (with defaults
// filled in) and whether it exists.
func (e *Engine) Namespace(name string) (NamespaceConfig, bool) {
	n, ok := e.ns[name]
	if !ok {
		return NamespaceConfig{}, false
	}
	return n.cfg, true
}

func (e *Engine) namespace(name string) (*namespace, error) {
	n, ok := e.ns[name]
	if !ok {
		return nil, driver.Errorf(driver.InvalidNamespace, "namespace %q not found", name)
	}
	return n, nil
}

// now returns the current time in the server's units: seconds for void
// times, milliseconds for last-update times. It first runs the nsup cycle
// that fell due, if any (nsup.go); it must not be called with a partition
// lock held.
func (e *Engine) now() (sec, ms int64) {
	t := e.clock.Now()
	e.nsupDue(t)
	return t.Unix(), t.UnixMilli()
}

// expired reports whether r is past its void time. The server's test is
// void_time != 0 && void_time < now (base/record.c as_record_is_expired), in
// whole seconds: a record is still visible during the second of its void
// time.
func (r *record) expired(nowSec int64) bool {
	return r.voidTime != 0 && r.voidTime < nowSec
}

// ttl returns the remaining time to live reported on read: TTLNever for a
// record that never expires, else void time minus now, at least 1 (the
// client floors it at 1 so as not to read 0 as "never": aerospike-client-go
// types/epoc.go TTL).
func (r *record) ttl(nowSec int64) uint32 {
	return ttlOf(r.voidTime, nowSec)
}

func ttlOf(voidTime, nowSec int64) uint32 {
	if voidTime == 0 {
		return driver.TTLNever
	}
	if d := voidTime - nowSec; d > 0 {
		return uint32(d)
	}
	return 1
}

// checkKey validates what every command needs of a key: a namespace that
// exists and a set name the server accepts.
func (e *Engine) checkKey(key *driver.Key) (*namespace, error) {
	if key == nil {
		return nil, driver.NewError(driver.ParameterError, "key is nil")
	}
	n, err := e.namespace(key.Namespace)
	if err != nil {
		return nil, err
	}
	if err := checkSetName(key.Set); err != nil {
		return nil, err
	}
	return n, nil
}

// checkSetName rejects a set name the server cannot add: longer than
// driver.MaxSetNameLen bytes (server: as_index_set_set_w_len fails and
// write_master answers AS_ERR_PARAMETER).
func checkSetName(set string) error {
	if len(set) > driver.MaxSetNameLen {
		return driver.Errorf(driver.ParameterError, "set name %q is %d bytes, longer than %d", set, len(set), driver.MaxSetNameLen)
	}
	return nil
}

// checkSetMatch follows the server's set_name_check (transaction/rw_utils.c):
// a command that names a set must name the record's set; an empty set name
// matches any record. A mismatch is ParameterError.
func checkSetMatch(key *driver.Key, r *record) error {
	if key.Set == "" || key.Set == r.set {
		return nil
	}
	return driver.Errorf(driver.ParameterError, "key %s: record is in set %q, not %q", key, r.set, key.Set)
}

func (n *namespace) part(d driver.Digest) *partition {
	return &n.parts[d.Partition()]
}

// live returns the record at d if it exists and has not expired: what the
// server's reads and writes see (as_record_is_doomed). An expired record
// stays in the partition until nsup reaps it, a write that may create
// replaces it, or a delete removes it (see nsup.go).
func (p *partition) live(d driver.Digest, nowSec int64) *record {
	r := p.recs[d]
	if r == nil || r.expired(nowSec) {
		return nil
	}
	return r
}

func (p *partition) put(d driver.Digest, r *record) {
	if p.recs == nil {
		p.recs = make(map[driver.Digest]*record)
	}
	p.recs[d] = r
}

// header returns a record with r's generation and expiration and no bins.
func (r *record) header(key *driver.Key, nowSec int64) *driver.Record {
	return &driver.Record{Key: copyKey(key), Generation: uint32(r.gen), Expiration: r.ttl(nowSec)}
}

func copyKey(k *driver.Key) *driver.Key {
	if k == nil {
		return nil
	}
	c := *k
	if b, ok := c.UserKey.([]byte); ok {
		c.UserKey = append([]byte(nil), b...)
	}
	return &c
}

// storedKey returns the key a scan reports for r: the stored user key when
// there is one, the digest only otherwise.
func storedKey(ns string, d driver.Digest, r *record) *driver.Key {
	return &driver.Key{Namespace: ns, Set: r.set, UserKey: driver.Clone(r.userKey), Digest: d}
}

// Seed describes a record written by SetRecord, bypassing write policies.
type Seed struct {
	// Bins are the record's bins (normalized and deep-copied; at least one).
	Bins driver.Bins
	// Generation is the record's generation; 0 means 1.
	Generation uint16
	// VoidTime is when the record expires; the zero time means never.
	VoidTime time.Time
	// LastUpdate is the record's last-update time; the zero time means now.
	LastUpdate time.Time
	// StoreKey stores key.UserKey with the record.
	StoreKey bool
}

// SetRecord stores a record as it is described, replacing any record at key.
// It is meant for tests that seed an engine; it checks names and values but
// applies no write policy and no size limit.
func (e *Engine) SetRecord(key *driver.Key, s Seed) error {
	n, err := e.checkKey(key)
	if err != nil {
		return err
	}
	if len(s.Bins) == 0 {
		return driver.Errorf(driver.ParameterError, "key %s: a record needs at least one bin", key)
	}
	bins := make(driver.Bins, len(s.Bins))
	for name, v := range s.Bins {
		if err := checkBinName(key, name); err != nil {
			return err
		}
		if v == nil {
			return driver.Errorf(driver.ParameterError, "key %s: bin %q is nil", key, name)
		}
		nv, err := driver.Normalize(v)
		if err != nil {
			return wrapBinErr(key, name, err)
		}
		bins[name] = driver.Clone(nv)
	}
	nowSec, nowMS := e.now()
	r := &record{set: key.Set, bins: bins, gen: s.Generation}
	if r.gen == 0 {
		r.gen = 1
	}
	if !s.VoidTime.IsZero() {
		r.voidTime = s.VoidTime.Unix()
	}
	r.lut = nowMS
	if !s.LastUpdate.IsZero() {
		r.lut = s.LastUpdate.UnixMilli()
	}
	if s.StoreKey {
		if key.UserKey == nil {
			return driver.Errorf(driver.ParameterError, "key %s: StoreKey without a user key", key)
		}
		r.userKey = driver.Clone(key.UserKey)
	}
	p := n.part(key.Digest)
	p.mu.Lock()
	// A server restarted from storage rebuilds its indexes, which marks
	// the records they hold.
	e.store(p, key.Namespace, key.Digest, r, nowSec, nowMS)
	p.mu.Unlock()
	return nil
}

// Len returns the number of live (unexpired) records of namespace ns; 0 for
// an unknown namespace.
func (e *Engine) Len(ns string) int {
	n, ok := e.ns[ns]
	if !ok {
		return 0
	}
	nowSec, _ := e.now()
	total := 0
	for i := range n.parts {
		p := &n.parts[i]
		p.mu.RLock()
		for _, r := range p.recs {
			if !r.expired(nowSec) {
				total++
			}
		}
		p.mu.RUnlock()
	}
	return total
}

// Records iterates over the live records of namespace ns, partition by
// partition and in ascending digest order within a partition. Each record is
// a deep copy carrying its stored key (user key only if stored). One
// partition is locked at a time, while it is copied; the loop body runs
// unlocked and may call the engine.
func (e *Engine) Records(ns string) iter.Seq[*driver.Record] {
	return func(yield func(*driver.Record) bool) {
		n, ok := e.ns[ns]
		if !ok {
			return
		}
		for pid := range n.parts {
			nowSec, _ := e.now()
			recs := n.snapshot(ns, pid, nowSec, &snapOpts{match: func(driver.Digest, *record) bool { return true }})
			for _, rec := range recs.recs {
				if !yield(rec) {
					return
				}
			}
		}
	}
}

// Flush removes every record and every secondary index of every namespace.
func (e *Engine) Flush() {
	for _, n := range e.ns {
		for i := range n.parts {
			p := &n.parts[i]
			p.mu.Lock()
			p.recs = nil
			p.mu.Unlock()
		}
	}
	e.imu.Lock()
	for ns := range e.indexes {
		e.indexes[ns] = map[string]indexEntry{}
	}
	e.imu.Unlock()
}

// citrusleafEpochMS is the server's epoch (2010-01-01T00:00:00Z) in Unix
// milliseconds: record times are kept relative to it (cf_clock.h
// CITRUSLEAF_EPOCH).
const citrusleafEpochMS = 1262304000000

// Truncate removes the records of set (every set when empty) of namespace ns
// whose last-update time is before before. An unknown namespace (with a
// valid name) is no error and truncates nothing: the server stores the
// truncation in SMD without looking the namespace up (base/truncate.c
// as_truncate_cmd, called by thr_info.c cmd_truncate and
// cmd_truncate_namespace, answers ok). The server compares last-update
// times in milliseconds (base/truncate.c). The zero time means now, and then
// a record written in the current millisecond goes too (the server would
// keep it, but a caller who truncates "now" means everything written so far,
// and with a manual clock "now" does not move). A before in the future, or
// not after the server's epoch (2010-01-01), is ParameterError, as the
// server refuses it.
func (e *Engine) Truncate(ns, set string, before time.Time) error {
	if err := driver.CheckNamespace(ns); err != nil {
		return err
	}
	if err := checkSetName(set); err != nil {
		return err
	}
	_, nowMS := e.now()
	var cut int64
	if before.IsZero() {
		cut = nowMS + 1 // include the current millisecond
	} else {
		// as_truncate_cmd (base/truncate.c) converts the lut to milliseconds
		// since the Citrusleaf epoch (2010-01-01) and refuses a threshold of
		// 0 ("would truncate to 0") or one in the future ("would truncate in
		// the future"), both with AS_ERR_PARAMETER (server 8.1.2:
		// as_info_respond_error(db, AS_ERR_PARAMETER, ...)).
		cut = before.UnixMilli()
		if cut <= citrusleafEpochMS {
			return driver.Errorf(driver.ParameterError, "truncate %s: before %s would truncate to 0 (it is not after 2010-01-01, the server's epoch)", ns, before.UTC().Format(time.RFC3339Nano))
		}
		if cut > nowMS {
			return driver.Errorf(driver.ParameterError, "truncate %s: before %s would truncate in the future", ns, before.UTC().Format(time.RFC3339Nano))
		}
	}
	n, ok := e.ns[ns]
	if !ok {
		return nil
	}
	for i := range n.parts {
		p := &n.parts[i]
		p.mu.Lock()
		for d, r := range p.recs {
			if (set == "" || r.set == set) && r.lut < cut {
				delete(p.recs, d)
			}
		}
		p.mu.Unlock()
	}
	return nil
}

// selectBins deep-copies the bins named in names (all when names is nil).
func selectBins(bins driver.Bins, names []string) driver.Bins {
	if names == nil {
		return driver.CloneBins(bins)
	}
	out := make(driver.Bins, len(names))
	for _, name := range names {
		if v, ok := bins[name]; ok {
			out[name] = driver.Clone(v)
		}
	}
	return out
}

func checkBinName(key *driver.Key, name string) error {
	// Server: as_bin_name_check (as/include/base/datamodel.h), called by
	// write_master_policies (transaction/write.c) for every op but touch and
	// by read_local (transaction/read.c) for every named read: a name of
	// AS_BIN_NAME_MAX_SZ (16) bytes or more, or one holding a NUL byte, is
	// AS_ERR_BIN_NAME (21). An empty name is allowed (the server stores a
	// bin named ""); the client rejects long names itself with the same
	// code (aerospike-client-go client_test.go "Client-side limitations").
	if len(name) > driver.MaxBinNameLen {
		return driver.Errorf(driver.BinNameTooLong, "key %s: bin name %q is %d bytes, longer than %d", key, name, len(name), driver.MaxBinNameLen)
	}
	if strings.IndexByte(name, 0) >= 0 {
		return driver.Errorf(driver.BinNameTooLong, "key %s: bin name %q contains a NUL byte", key, name)
	}
	return nil
}

func wrapBinErr(key *driver.Key, bin string, err error) error {
	if de, ok := err.(*driver.Error); ok {
		return &driver.Error{Code: de.Code, Msg: fmt.Sprintf("key %s: bin %q: %s", key, bin, de.Msg)}
	}
	return driver.Errorf(driver.ParameterError, "key %s: bin %q: %v", key, bin, err)
}
