package aero

import (
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/seam"
)

// The option vocabulary is in the package documentation (doc.go, # Options).

// Option configures a Session at Open or NewSession.
type Option func(*settings)

// settings is what the Options of a Session set.
type settings struct {
	hooks         []Hook
	logger        *slog.Logger
	sendKey       bool
	beforeConnect []func() (undo func())
	afterOpen     []func(*Session)
}

func newSettings(opts []Option) settings {
	st := settings{logger: slog.Default(), sendKey: true}
	for _, o := range opts {
		if o != nil {
			o(&st)
		}
	}
	return st
}

// WithOptions combines options into one, applied in order: a package that
// configures several things at once returns one Option.
func WithOptions(opts ...Option) Option {
	return func(st *settings) {
		for _, o := range opts {
			if o != nil {
				o(st)
			}
		}
	}
}

// WithHooks adds hooks that run around every call, in the order given
// (Before in order, After in reverse). Nil hooks are ignored.
func WithHooks(hooks ...Hook) Option {
	return func(st *settings) {
		for _, h := range hooks {
			if h != nil {
				st.hooks = append(st.hooks, h)
			}
		}
	}
}

// WithLogger sets the logger of the Session (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(st *settings) {
		if l != nil {
			st.logger = l
		}
	}
}

// WithDefaultSendKey sets whether writes store the user key with the
// record (default true, so that scans and queries return it). The write
// option WithSendKey overrides it for one write.
func WithDefaultSendKey(store bool) Option {
	return func(st *settings) { st.sendKey = store }
}

// The seams of the integration modules (otelaero, promaero, logbridge):
// not public API, reached through internal/seam.
func init() {
	seam.Install(seam.Impl{
		BeforeConnect: func(fn func() (undo func())) any { return withBeforeConnect(fn) },
		AfterOpen:     func(fn any) any { return withAfterOpen(fn.(func(*Session))) },
		OnClose:       func(s any, fn func()) { s.(*Session).onCloseDo(fn) },
	})
}

// withBeforeConnect runs fn before Open connects (for NewSession, whose
// connection is already open, at once), and the undo function fn returns,
// if not nil, when the Session closes or Open fails (seam.BeforeConnect).
func withBeforeConnect(fn func() (undo func())) Option {
	return func(st *settings) {
		if fn != nil {
			st.beforeConnect = append(st.beforeConnect, fn)
		}
	}
}

// withAfterOpen runs fn on the Session once it is open, before Open or
// NewSession returns it (seam.AfterOpen).
func withAfterOpen(fn func(*Session)) Option {
	return func(st *settings) {
		if fn != nil {
			st.afterOpen = append(st.afterOpen, fn)
		}
	}
}

// WriteOption sets an option of one write: WithTTL, WithGeneration,
// WithSendKey, WithDurableDelete, WithFilterExp. Every WriteOption is also a
// ModifyOption.
type WriteOption interface {
	ModifyOption
	applyWrite(*writeOptions)
}

// writeOption is a WriteOption as a function.
type writeOption func(*writeOptions)

func (f writeOption) applyWrite(o *writeOptions)   { f(o) }
func (f writeOption) applyModify(o *modifyOptions) { f(&o.write) }

type writeOptions struct {
	ttl           time.Duration
	ttlSet        bool
	gen           uint32
	genSet        bool
	sendKey       *bool
	durableDelete bool
	filter        driver.Expression // WithFilterExp
}

// WithTTL sets the record's time to live: a positive duration (rounded up
// to whole seconds), DefaultTTL, NeverExpire or KeepTTL. It overrides a
// struct's ttl field.
func WithTTL(d time.Duration) WriteOption {
	return writeOption(func(o *writeOptions) { o.ttl, o.ttlSet = d, true })
}

// WithGeneration makes the write apply only if the record's generation is
// still gen; otherwise the write fails with ErrGeneration. It overrides a
// struct's gen field.
func WithGeneration(gen uint32) WriteOption {
	return writeOption(func(o *writeOptions) { o.gen, o.genSet = gen, true })
}

// WithSendKey sets whether this write stores the user key with the
// record, overriding the Session's WithDefaultSendKey.
func WithSendKey(store bool) WriteOption {
	return writeOption(func(o *writeOptions) { o.sendKey = &store })
}

// WithDurableDelete makes a delete leave a tombstone (Aerospike Enterprise;
// Community Edition servers answer ErrServer, ENTERPRISE_ONLY).
func WithDurableDelete() WriteOption {
	return writeOption(func(o *writeOptions) { o.durableDelete = true })
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
		if f != nil {
			f.applyWrite(&o)
		}
	}
	return s.policyOf(action, &o, gen, ttl)
}

func (s *Session) policyOf(action driver.RecordExistsAction, o *writeOptions, gen uint32, ttl time.Duration) (*driver.WritePolicy, error) {
	p := &driver.WritePolicy{RecordExists: action, SendKey: s.sendKey, DurableDelete: o.durableDelete, FilterExp: o.filter}
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

// ModifyOption sets an option of one Repo.Modify or Repo.ModifyOrCreate:
// any WriteOption (applied to the write-back), WithConflictRetries or
// WithBackoff.
type ModifyOption interface{ applyModify(*modifyOptions) }

type modifyOption func(*modifyOptions)

func (f modifyOption) applyModify(o *modifyOptions) { f(o) }

// Defaults of Modify: how many times it reads again after losing a
// generation race, and the bounds of its backoff between attempts.
const (
	DefaultConflictRetries = 10
	DefaultBackoffBase     = 500 * time.Microsecond
	DefaultBackoffMax      = 50 * time.Millisecond
)

type modifyOptions struct {
	write                 writeOptions
	retries               int
	backoffBase, backoffM time.Duration
}

// WithConflictRetries sets how many times Modify reads the record again
// and retries after another writer changed it in between (a generation
// conflict; default DefaultConflictRetries). 0 makes one attempt. These are
// not the driver's retries of a failed command (the aerospike DSN's
// max-retries), which happen within each attempt.
func WithConflictRetries(n int) ModifyOption {
	return modifyOption(func(o *modifyOptions) { o.retries = max(n, 0) })
}

// WithBackoff sets the wait between Modify's attempts: before retry n (from
// 1) it waits a random duration in [0, min(limit, base<<(n-1))), "full
// jitter", so that writers that collided spread out. WithBackoff(0, 0)
// retries at once. The defaults are DefaultBackoffBase and
// DefaultBackoffMax. The wait ends early when the context is done.
func WithBackoff(base, limit time.Duration) ModifyOption {
	return modifyOption(func(o *modifyOptions) { o.backoffBase, o.backoffM = max(base, 0), max(limit, 0) })
}

func newModifyOptions(opts []ModifyOption) modifyOptions {
	o := modifyOptions{retries: DefaultConflictRetries, backoffBase: DefaultBackoffBase, backoffM: DefaultBackoffMax}
	for _, f := range opts {
		if f != nil {
			f.applyModify(&o)
		}
	}
	return o
}

// NamespaceOption is the option WithNamespace: it is a RepoOption, a
// ScanOption and a TruncateOption.
type NamespaceOption struct{ ns string }

// WithNamespace places a Repo, a scan or query, or a truncate in namespace
// ns instead of the Session's.
func WithNamespace(ns string) NamespaceOption { return NamespaceOption{ns} }

func (o NamespaceOption) applyRepo(r *repoOptions)         { r.ns = o.ns }
func (o NamespaceOption) applyScan(s *scanOptions)         { s.ns = o.ns }
func (o NamespaceOption) applyTruncate(t *truncateOptions) { t.ns = o.ns }

// RepoOption configures a Repo: WithNamespace.
type RepoOption interface{ applyRepo(*repoOptions) }

type repoOptions struct{ ns string }

// ScanOption configures a scan or query: WithNamespace, WithBins,
// WithFilterExp.
type ScanOption interface{ applyScan(*scanOptions) }

type scanOptions struct {
	ns     string
	bins   []string
	filter driver.Expression // WithFilterExp
}

// TruncateOption configures a truncate: WithNamespace,
// WithLastUpdateBefore.
type TruncateOption interface{ applyTruncate(*truncateOptions) }

type truncateOptions struct {
	ns     string
	before time.Time
}

type beforeOption time.Time

func (b beforeOption) applyTruncate(o *truncateOptions) { o.before = time.Time(b) }

// WithLastUpdateBefore makes a truncate remove only the records last
// updated before t (the zero time, the default, means the time of the
// call).
func WithLastUpdateBefore(t time.Time) TruncateOption { return beforeOption(t) }
