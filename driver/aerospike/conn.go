package aerospike

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

func init() {
	driver.Register(Scheme, Driver{})
}

// Driver is the driver.Driver of the "aerospike" scheme.
type Driver struct{}

// Open parses dsn (see ParseDSN) and connects.
func (Driver) Open(ctx context.Context, dsn string) (driver.Conn, error) {
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return NewConn(ctx, cfg)
}

// Conn is a driver.Conn on an aerospike-client-go Client. It also implements
// driver.Endpointer and driver.StatsReporter.
type Conn struct {
	client *as.Client
	cfg    *Config
	closed atomic.Bool

	// Policy templates, copied per call.
	readPolicy  as.BasePolicy
	writePolicy as.WritePolicy
	batchPolicy as.BatchPolicy
	scanPolicy  as.ScanPolicy
	queryPolicy as.QueryPolicy
}

var (
	_ driver.Conn          = (*Conn)(nil)
	_ driver.Endpointer    = (*Conn)(nil)
	_ driver.StatsReporter = (*Conn)(nil)
)

// NewConn connects to the cluster cfg names. It waits for the cluster
// up to cfg.ConnectTimeout or ctx's deadline, whichever comes first, and
// returns at once when ctx is cancelled; neither outlives NewConn: the
// client's tend and new connections are bounded by cfg.TendTimeout for
// the life of the Conn. Unless cfg.LazyConnect is set, a cluster that
// cannot be reached is an error.
func NewConn(ctx context.Context, cfg *Config) (driver.Conn, error) {
	if cfg == nil {
		return nil, paramErr("config is nil")
	}
	cfg = cfg.clone()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cp, err := cfg.clientPolicy()
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(cfg.connectTimeout())
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if !time.Now().Before(deadline) {
		return nil, context.DeadlineExceeded
	}
	what := "connect to " + cfg.hostList()
	timedOut := func(aerr as.Error) error {
		derr := &driver.Error{Code: driver.Timeout, Msg: what + ": the cluster did not answer within " + optConnectTimeout + " (" + cfg.connectTimeout().String() + ")"}
		if aerr != nil {
			derr = toDriverError(aerr, what, string(cfg.Password))
		}
		if cerr := ctxCause(ctx); cerr != nil {
			return &contextError{ctxErr: cerr, derr: derr}
		}
		return derr
	}
	client, aerr, gaveUp := dial(ctx, deadline, cp, cfg.hosts())
	if gaveUp {
		return nil, timedOut(nil)
	}
	if client.Cluster() == nil {
		// The client refused the policy before dialing (authentication
		// settings): there is nothing to wait for.
		return nil, toDriverError(aerr, what, string(cfg.Password))
	}
	if aerr != nil && !aerr.Matches(types.TIMEOUT) && !client.IsConnected() && !cfg.LazyConnect {
		// The seeds refused or answered wrongly (not a slow cluster).
		client.Close()
		return nil, toDriverError(aerr, what, string(cfg.Password))
	}
	// The client's first wait is bounded by the tend timeout; a cluster
	// still tending after it gets the rest of the connect time. The client
	// has no event for "connected", so Open polls it.
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for !client.IsConnected() && !cfg.LazyConnect {
		if !time.Now().Before(deadline) || ctx.Err() != nil {
			client.Close()
			return nil, timedOut(aerr)
		}
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
	if err := ctx.Err(); err != nil {
		client.Close()
		return nil, err
	}
	return newConn(client, cfg), nil
}

// dial creates the client in a goroutine, so that Open returns at its
// deadline or cancellation even while the client's first tend runs (it
// lasts at most about the tend timeout); a client that arrives after Open
// gave up is closed. gaveUp reports that Open gave up.
func dial(ctx context.Context, deadline time.Time, cp *as.ClientPolicy, hosts []*as.Host) (client *as.Client, aerr as.Error, gaveUp bool) {
	type result struct {
		client *as.Client
		err    as.Error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := as.NewClientWithPolicyAndHost(cp, hosts...)
		ch <- result{c, err}
	}()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.client, r.err, false
	case <-timer.C:
	case <-ctx.Done():
	}
	go func() {
		if r := <-ch; r.client != nil {
			r.client.Close()
		}
	}()
	return nil, nil, true
}

func (c *Config) clone() *Config {
	cc := *c
	cc.Hosts = append([]Host(nil), c.Hosts...)
	cc.RackIDs = append([]int(nil), c.RackIDs...)
	return &cc
}

func (c *Config) hostList() string {
	s := ""
	for i, h := range c.Hosts {
		if i > 0 {
			s += ","
		}
		s += h.String()
	}
	return s
}

func newConn(client *as.Client, cfg *Config) *Conn {
	c := &Conn{client: client, cfg: cfg}
	replica := cfg.replica()
	base := func(bp *as.BasePolicy, single bool) {
		if single && cfg.TotalTimeout > 0 {
			bp.TotalTimeout = cfg.TotalTimeout
		}
		if cfg.SocketTimeout > 0 {
			bp.SocketTimeout = cfg.SocketTimeout
		}
		if cfg.MaxRetries >= 0 {
			bp.MaxRetries = cfg.MaxRetries
		}
		if cfg.SleepBetweenRetries > 0 {
			bp.SleepBetweenRetries = cfg.SleepBetweenRetries
		}
		bp.ReplicaPolicy = replica
		bp.SendKey = cfg.SendKey
	}
	c.readPolicy = *as.NewPolicy()
	base(&c.readPolicy, true)
	c.writePolicy = *as.NewWritePolicy(0, 0)
	base(&c.writePolicy.BasePolicy, true)
	// Writes go to the master whatever the replica policy (partition.go
	// GetNodeWrite); scans and queries accept every policy but RANDOM,
	// which the options cannot select (partition_tracker.go init).
	c.batchPolicy = *as.NewBatchPolicy()
	base(&c.batchPolicy.BasePolicy, true)
	c.scanPolicy = *as.NewScanPolicy()
	base(&c.scanPolicy.BasePolicy, false)
	c.queryPolicy = *as.NewQueryPolicy()
	base(&c.queryPolicy.BasePolicy, false)
	return c
}

// Config returns a copy of the configuration the Conn was opened with.
func (c *Conn) Config() *Config { return c.cfg.clone() }

// Client returns the aerospike-client-go client under conn and true when
// conn was opened by this driver; nil and false otherwise. It is the escape
// hatch for what the driver does not cover. Closing the client closes the
// Conn's cluster.
func Client(conn driver.Conn) (*as.Client, bool) {
	if ac, ok := conn.(*Conn); ok {
		return ac.client, true
	}
	return nil, false
}

// Namespace returns the DSN's namespace.
func (c *Conn) Namespace() string { return c.cfg.Namespace }

// Endpoint returns the first seed host and its port.
func (c *Conn) Endpoint() (string, int) {
	h := c.cfg.Hosts[0]
	return h.Name, h.Port
}

// Close closes the client and its connections. It is idempotent.
func (c *Conn) Close() error {
	if c.closed.CompareAndSwap(false, true) {
		c.client.Close()
		c.releaseLua()
	}
	return nil
}

var errClosed = driver.NewError(driver.ServerNotAvailable, "connection is closed")

// begin checks that the Conn is open and the context live.
func (c *Conn) begin(ctx context.Context) error {
	if c.closed.Load() {
		return errClosed
	}
	return ctx.Err()
}

// withDeadline applies ctx's deadline to a policy: the total timeout becomes
// the time left (unless the configured one is shorter) and the socket
// timeout no larger.
func withDeadline(ctx context.Context, bp *as.BasePolicy) error {
	dl, ok := ctx.Deadline()
	if !ok {
		return nil
	}
	rem := time.Until(dl)
	if rem <= 0 {
		return context.DeadlineExceeded
	}
	if bp.TotalTimeout <= 0 || rem < bp.TotalTimeout {
		bp.TotalTimeout = rem
	}
	if bp.SocketTimeout <= 0 || bp.SocketTimeout > bp.TotalTimeout {
		bp.SocketTimeout = bp.TotalTimeout
	}
	return nil
}

func (c *Conn) readPol(ctx context.Context) (*as.BasePolicy, error) {
	if err := c.begin(ctx); err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		// No deadline to apply: share the configured policy, which the
		// client only reads, and save a copy per call.
		return &c.readPolicy, nil
	}
	p := c.readPolicy
	if err := withDeadline(ctx, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func (c *Conn) writePol(ctx context.Context, wp *driver.WritePolicy) (*as.WritePolicy, error) {
	if err := c.begin(ctx); err != nil {
		return nil, err
	}
	p := c.writePolicy
	if err := withDeadline(ctx, &p.BasePolicy); err != nil {
		return nil, err
	}
	if wp == nil {
		return &p, nil
	}
	var err error
	if p.RecordExistsAction, err = recordExistsAction(wp.RecordExists); err != nil {
		return nil, err
	}
	if p.GenerationPolicy, err = generationPolicy(wp.GenerationPolicy); err != nil {
		return nil, err
	}
	p.Generation = wp.Generation
	p.Expiration = expiration(wp.Expiration)
	p.SendKey = p.SendKey || wp.SendKey
	p.DurableDelete = wp.DurableDelete
	if p.FilterExpression, err = clientExp(wp.FilterExp); err != nil {
		return nil, err
	}
	return &p, nil
}

// recordExistsAction maps the driver's action onto the client's (same
// names, record_exists_action.go).
func recordExistsAction(a driver.RecordExistsAction) (as.RecordExistsAction, error) {
	switch a {
	case driver.Update:
		return as.UPDATE, nil
	case driver.UpdateOnly:
		return as.UPDATE_ONLY, nil
	case driver.Replace:
		return as.REPLACE, nil
	case driver.ReplaceOnly:
		return as.REPLACE_ONLY, nil
	case driver.CreateOnly:
		return as.CREATE_ONLY, nil
	}
	return 0, driver.Errorf(driver.ParameterError, "write policy: unknown record-exists action %d", a)
}

// generationPolicy maps GenNone/GenEqual/GenGreater onto NONE,
// EXPECT_GEN_EQUAL, EXPECT_GEN_GT (generation_policy.go).
func generationPolicy(g driver.GenerationPolicy) (as.GenerationPolicy, error) {
	switch g {
	case driver.GenNone:
		return as.NONE, nil
	case driver.GenEqual:
		return as.EXPECT_GEN_EQUAL, nil
	case driver.GenGreater:
		return as.EXPECT_GEN_GT, nil
	}
	return 0, driver.Errorf(driver.ParameterError, "write policy: unknown generation policy %d", g)
}

// expiration maps the driver's TTL values onto the client's; they are the
// same wire values (write_policy.go TTLServerDefault, TTLDontExpire,
// TTLDontUpdate), spelled out here so a change on either side shows.
func expiration(ttl uint32) uint32 {
	switch ttl {
	case driver.TTLDefault:
		return as.TTLServerDefault
	case driver.TTLNever:
		return as.TTLDontExpire
	case driver.TTLKeep:
		return as.TTLDontUpdate
	}
	return ttl
}

// Get reads a record: all bins, the named ones, or the header. It is
// GetForDecode with every bin converted.
func (c *Conn) Get(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key, bins []string) (*driver.Record, error) {
	rec, _, err := c.GetForDecode(ctx, policy, key, bins)
	if err != nil {
		return nil, err
	}
	if rec.Bins != nil {
		if rec.Bins, err = binsFromClient(as.BinMap(rec.Bins)); err != nil {
			return nil, driver.Errorf(driver.ParseError, "get %s: %v", key, err)
		}
	}
	return rec, nil
}

// GetForDecode is Get leaving the bins as the client returned them, for a
// caller that converts each value it reads with convert
// (driver.DecodeGetter): it saves Get's walk over every bin. It is the one
// read of a record, in one frame: a read's stack depth costs throughput
// (issue 18).
func (c *Conn) GetForDecode(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key, bins []string) (*driver.Record, func(any) (any, error), error) {
	p, err := c.readPol(ctx)
	if err != nil {
		return nil, nil, err
	}
	if p, err = c.readPolWith(p, policy); err != nil {
		return nil, nil, err
	}
	k, err := toClientKey(key)
	if err != nil {
		return nil, nil, err
	}
	headerOnly := policy != nil && policy.HeaderOnly
	var r *as.Record
	var aerr as.Error
	if headerOnly || (bins != nil && len(bins) == 0) {
		r, aerr = c.client.GetHeader(p, k)
	} else {
		r, aerr = c.client.Get(p, k, bins...)
	}
	if aerr != nil || r == nil {
		return nil, nil, c.getError(ctx, aerr, key)
	}
	rec := &driver.Record{Key: key, Generation: r.Generation, Expiration: r.Expiration, Bins: driver.Bins(r.Bins)}
	if headerOnly {
		rec.Bins = nil
	} else if rec.Bins == nil {
		rec.Bins = driver.Bins{}
	}
	return rec, fromClient, nil
}

// getError is the error of a read of key the client failed (aerr), or
// answered with no record: its GetHeader answers a missing record with
// (nil, nil) (read_header_command.go parseResult), which Get reports. Kept
// out of GetForDecode, whose frame it would grow.
func (c *Conn) getError(ctx context.Context, aerr as.Error, key *driver.Key) error {
	if aerr != nil {
		return c.wrap(ctx, aerr, "get "+key.String())
	}
	return &driver.Error{Code: driver.KeyNotFoundError, Msg: "get " + key.String(),
		Err: &as.AerospikeError{ResultCode: types.KEY_NOT_FOUND_ERROR}}
}

// Exists reports whether the record exists.
func (c *Conn) Exists(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key) (bool, error) {
	p, err := c.readPol(ctx)
	if err != nil {
		return false, err
	}
	if p, err = c.readPolWith(p, policy); err != nil {
		return false, err
	}
	k, err := toClientKey(key)
	if err != nil {
		return false, err
	}
	ok, aerr := c.client.Exists(p, k)
	if aerr != nil {
		return false, c.wrap(ctx, aerr, "exists "+key.String())
	}
	return ok, nil
}

// Put writes bins under policy.
func (c *Conn) Put(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, bins driver.Bins) error {
	p, err := c.writePol(ctx, policy)
	if err != nil {
		return err
	}
	k, err := toClientKey(key)
	if err != nil {
		return err
	}
	bm, err := binsToClient(bins)
	if err != nil {
		return err
	}
	if aerr := c.client.Put(p, k, bm); aerr != nil {
		return c.wrap(ctx, aerr, "put "+key.String())
	}
	return nil
}

// Delete removes the record and reports whether it existed.
func (c *Conn) Delete(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) (bool, error) {
	p, err := c.writePol(ctx, policy)
	if err != nil {
		return false, err
	}
	k, err := toClientKey(key)
	if err != nil {
		return false, err
	}
	existed, aerr := c.client.Delete(p, k)
	if aerr != nil {
		return false, c.wrap(ctx, aerr, "delete "+key.String())
	}
	return existed, nil
}

// Touch rewrites the record's expiration.
func (c *Conn) Touch(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) error {
	p, err := c.writePol(ctx, policy)
	if err != nil {
		return err
	}
	k, err := toClientKey(key)
	if err != nil {
		return err
	}
	if aerr := c.client.Touch(p, k); aerr != nil {
		return c.wrap(ctx, aerr, "touch "+key.String())
	}
	return nil
}

// Operate applies ops atomically in one round trip.
func (c *Conn) Operate(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, error) {
	p, err := c.writePol(ctx, policy)
	if err != nil {
		return nil, err
	}
	k, err := toClientKey(key)
	if err != nil {
		return nil, err
	}
	if len(ops) == 0 {
		return nil, driver.Errorf(driver.ParameterError, "operate %s: no operations", key)
	}
	aops, hasWrite, err := opsToClient(ops)
	if err != nil {
		return nil, driver.Errorf(driver.ParameterError, "operate %s: %s", key, msgOf(err))
	}
	if !hasWrite {
		// A read-only operate follows the read policy's retries and
		// replica, as the client does (operate_args.go uses the write
		// policy but marks the command a read).
		p.MaxRetries = c.readPolicy.MaxRetries
	}
	perOp := driver.SharesResultBin(ops)
	if perOp {
		// Two answering ops on one bin: an answer per op, so that the
		// bin's results match its ops (driver.Operation).
		p.RespondPerEachOp = true
	}
	r, aerr := c.client.Operate(p, k, aops...)
	if aerr != nil {
		return nil, c.wrap(ctx, aerr, "operate "+key.String())
	}
	if r != nil && (perOp || respondsAll(ops) || hasExpOps(ops)) {
		// The client asked for an answer per op (map operations and
		// expression operations, operate_args.go): keep those of reads,
		// list/map ops and read expressions only.
		stripWriteResults(r.Bins, ops)
	}
	rec, err := recordFromClient(r, key, false)
	if err != nil {
		return nil, driver.Errorf(driver.ParseError, "operate %s: %v", key, err)
	}
	return rec, nil
}

func msgOf(err error) string {
	var de *driver.Error
	if errors.As(err, &de) && de.Msg != "" {
		return de.Msg
	}
	return err.Error()
}

// Stats reports the client's pool and cluster statistics (client.Stats).
func (c *Conn) Stats() driver.Stats {
	var s driver.Stats
	if c.closed.Load() {
		return s
	}
	s.Nodes = len(c.client.GetNodes())
	m, err := c.client.Stats()
	if err != nil {
		return s
	}
	s.OpenConnections = int(num(m["open-connections"]))
	agg, _ := m["cluster-aggregated-stats"].(map[string]any)
	s.ConnectionsAttempted = num(agg["connections-attempts"])
	s.ConnectionsFailed = num(agg["connections-failed"])
	s.Errors = num(agg["transaction-error-count"])
	s.Timeouts = num(agg["exceeded-total-timeout"]) + num(agg["connections-error-timeout"])
	// The client does not expose its pools' idle counts: open connections
	// minus those in use is not observable, so IdleConnections is unknown.
	s.IdleConnections = -1
	return s
}

// num reads a number out of the client's JSON-shaped stats.
func num(v any) int64 {
	switch x := v.(type) {
	case float64:
		return int64(x)
	case int:
		return int64(x)
	case int64:
		return x
	case interface{ Get() int }:
		return int64(x.Get())
	}
	return 0
}

// isKeyNotFound reports the client's KEY_NOT_FOUND_ERROR.
func isKeyNotFound(rc types.ResultCode) bool { return rc == types.KEY_NOT_FOUND_ERROR }
