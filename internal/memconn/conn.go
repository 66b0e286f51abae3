// Package memconn is the memory door onto the engine: a driver.Conn that
// applies every call to an *engine.Engine. The memory driver (driver/memory)
// opens it from a DSN; tests of this module open it on an engine they made
// (a manual clock, seeded records), which is why it lives under internal/:
// the engine's type never appears in an exported API.
package memconn

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

// Open returns a Conn on e with defaultNS as its default namespace. release,
// when not nil, runs once when the Conn is closed; closing the Conn leaves
// the engine as it is.
func Open(e *engine.Engine, defaultNS string, release func()) driver.Conn {
	return &conn{e: e, ns: defaultNS, release: release}
}

// Engine returns the engine behind a Conn that Open returned; nil for any
// other Conn.
func Engine(c driver.Conn) *engine.Engine {
	if mc, ok := c.(*conn); ok {
		return mc.e
	}
	return nil
}

// Advance moves the clock of the engine behind c forward by d, so that
// records whose TTL runs out within d expire (aerotest.FastForward). It
// fails for a Conn Open did not return, or an engine whose clock cannot be
// moved.
func Advance(c driver.Conn, d time.Duration) error {
	e := Engine(c)
	if e == nil {
		return driver.Errorf(driver.ParameterError, "%T is not a memory connection", c)
	}
	switch clk := e.Clock().(type) {
	case *engine.OffsetClock:
		clk.Advance(d)
	case *engine.ManualClock:
		clk.Advance(d)
	default:
		return driver.Errorf(driver.ParameterError, "the engine's clock %T cannot be moved", clk)
	}
	return nil
}

type conn struct {
	e       *engine.Engine
	ns      string
	closed  atomic.Bool
	once    sync.Once
	release func()
}

var _ driver.Conn = (*conn)(nil)

// check is run before every call: a done context is its error, a closed
// Conn is ServerNotAvailable (as the client answers once closed).
func (c *conn) check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.closed.Load() {
		return driver.NewError(driver.ServerNotAvailable, "memory: connection is closed")
	}
	return nil
}

func (c *conn) Namespace() string { return c.ns }

func (c *conn) Get(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key, bins []string) (*driver.Record, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if policy == nil {
		return plainRecord(c.e.Get(key, bins, false))
	}
	return plainRecord(c.e.GetWhere(key, bins, policy.HeaderOnly, policy.FilterExp))
}

func (c *conn) Exists(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key) (bool, error) {
	if err := c.check(ctx); err != nil {
		return false, err
	}
	if policy == nil {
		return c.e.Exists(key)
	}
	return c.e.ExistsWhere(key, policy.FilterExp)
}

func (c *conn) Put(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, bins driver.Bins) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	return c.e.Put(policy, key, bins)
}

func (c *conn) Delete(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) (bool, error) {
	if err := c.check(ctx); err != nil {
		return false, err
	}
	return c.e.Delete(policy, key)
}

func (c *conn) Touch(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	_, err := c.e.Touch(policy, key)
	return err
}

func (c *conn) Operate(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if err := driver.CheckOps(ops); err != nil {
		return nil, err
	}
	return c.operate(policy, key, ops, driver.SharesResultBin(ops))
}

// operate runs ops as the client's Operate sends them, with respond-all-ops
// for map, bit, HLL and expression ops, and for every op when
// respondPerEachOp (the client's WritePolicy.RespondPerEachOp, which its
// batch of one write sets).
func (c *conn) operate(policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation, respondPerEachOp bool) (*driver.Record, error) {
	// A read of every bin makes the client set GET_ALL, which turns
	// respond-all-ops off (operate_args.go): the reply is the record's
	// bins (a read-only Operate) or PARAMETER_ERROR (a write, planOps).
	readAll := slices.ContainsFunc(ops, func(op driver.Operation) bool { return op.Type == driver.OpRead && op.Bin == "" })
	if cdtOps, mapOps := hasCDT(ops); (cdtOps || mapOps || respondPerEachOp) && !readAll {
		// Expression ops alone also go with respond-all-ops: a read
		// that evaluates to nothing (ExpReadEvalNoFail) answers nil.
		return c.operateCDT(policy, key, ops, mapOps || respondPerEachOp)
	}
	return plainRecord(c.e.Operate(policy, key, ops))
}

func (c *conn) Batch(ctx context.Context, policy *driver.BatchPolicy, records []*driver.BatchRecord) error {
	if err := c.check(ctx); err != nil {
		// Nothing ran: every entry carries the request's error, as the
		// driver.Conn contract asks for entries of unknown outcome.
		for _, r := range records {
			if r != nil {
				r.Record, r.Exists, r.Err = nil, false, err
			}
		}
		return err
	}
	var filter driver.Expression
	if policy != nil {
		filter = policy.FilterExp
	}
	if err := batchFilterErr(records, filter); err != nil {
		for _, r := range records {
			if r != nil {
				r.Record, r.Exists, r.Err = nil, false, err
			}
		}
		return err
	}
	// Entries the Aerospike driver would not send get their own
	// ParameterError, as there; writes run through operateCDT (they
	// answer per op, batchAside); every other entry goes to the engine. Entries run one after another in request order, so an
	// entry sees what the entries before it wrote to the same record, as
	// the server runs a batch: as_batch_queue_task hands the entries to
	// as_tsvc_process_transaction one by one in the order they came
	// (as/src/base/batch.c), each a sub-transaction on its record.
	lone := loneEntry(records)
	if lone != nil && lone.Type == driver.BatchDelete {
		c.loneDelete(lone, filter)
		return nil
	}
	for i, r := range records {
		if c.batchAside(r, filter, r != nil && r == lone) {
			continue
		}
		c.e.BatchWhere(records[i:i+1], filter)
		if r != nil {
			r.Record, _ = plainRecord(r.Record, nil)
		}
	}
	return nil
}

// loneEntry returns the batch's only entry with a key, or nil when it has
// none or several.
func loneEntry(records []*driver.BatchRecord) *driver.BatchRecord {
	var lone *driver.BatchRecord
	for _, r := range records {
		if r == nil || r.Key == nil {
			continue
		}
		if lone != nil {
			return nil
		}
		lone = r
	}
	return lone
}

// loneDelete runs the only entry of a batch, a delete, as the Aerospike
// driver's client sends it: a batch of one record per node is not sent as
// a batch but as a single-record Operate, a delete as Operate(key,
// DeleteOp()) under the entry's generation, durability, key and filter
// (aerospike-client-go batch_command_operate.go executeSingle,
// batch_delete_policy.go toWritePolicy: the record-exists action and TTL
// are not sent). On the server that is a write (transaction/write.c
// write_master), which runs generation_check on a missing record too, at
// generation 0: a delete of a missing record expecting generation 2 is
// GENERATION_ERROR, where a batch of two such deletes answers
// KEY_NOT_FOUND_ERROR for each (delete_ce.c delete_master looks the
// record up first).
func (c *conn) loneDelete(r *driver.BatchRecord, filter driver.Expression) {
	p := &driver.WritePolicy{}
	if r.Policy != nil {
		p.GenerationPolicy, p.Generation = r.Policy.GenerationPolicy, r.Policy.Generation
		p.SendKey, p.DurableDelete = r.Policy.SendKey, r.Policy.DurableDelete
	}
	p = engine.BatchWritePolicy(&driver.BatchRecord{Policy: p, FilterExp: r.FilterExp}, batchFilter(r, filter))
	r.Record, r.Exists, r.Err = nil, false, nil
	_, err := c.e.Operate(p, r.Key, []driver.Operation{{Type: driver.OpDelete}})
	if code, _ := driver.CodeOf(err); err != nil && code == driver.KeyNotFoundError {
		return
	}
	r.Exists, r.Err = err == nil, err
}

// batchFilter is the filter a lone entry runs under when it has none of
// its own: its policy's, else the batch's.
func batchFilter(r *driver.BatchRecord, filter driver.Expression) driver.Expression {
	if r.Policy != nil && r.Policy.FilterExp != nil {
		return r.Policy.FilterExp
	}
	return filter
}

// batchFilterErr is the error of a batch filter that fails the whole batch
// (engine.CheckBatchFilter): only a batch of more than one entry the
// client sends goes as a batch command; one entry goes as a single-record
// command (aerospike-client-go batch_command_operate.go executeSingle),
// where the filter applies as the entry's own.
func batchFilterErr(records []*driver.BatchRecord, filter driver.Expression) error {
	if filter == nil {
		return nil
	}
	sent := 0
	for _, r := range records {
		if r != nil && (r.Type != driver.BatchWrite || driver.CheckOps(r.Ops) == nil) {
			sent++
		}
	}
	if sent < 2 {
		return nil
	}
	return engine.CheckBatchFilter(filter)
}

// batchAside runs a batch write entry itself, and reports whether it did
// (every write: other entries go to the engine's batch). A write whose ops
// fail CheckOps gets that ParameterError; the batch's only entry (lone)
// runs as the Operate the client sends for it; in a batch of more, one
// that reads all bins gets the engine's CheckRespondAllOps error, and any
// other runs through Operate under
// the entry's policy and filter and answers as the client reads a batch
// write: with respond-all-ops (aerospike-client-go batch_attr.go
// setBatchWrite), under which the server answers every read op, a nil for
// a bin the record lacks (transaction/write.c write_master_bin_ops, one
// result per op with respond_all_ops; rw_utils.c process_bin_read_op).
func (c *conn) batchAside(r *driver.BatchRecord, filter driver.Expression, lone bool) bool {
	if r == nil || r.Type != driver.BatchWrite || r.Key == nil {
		return false
	}
	r.Record, r.Exists = nil, false
	if r.Err = driver.CheckOps(r.Ops); r.Err != nil {
		return true
	}
	if lone {
		// The client sends a batch of one write as Operate with
		// RespondPerEachOp (batch_command_operate.go executeSingle), so
		// a read of every bin sets GET_ALL and clears respond-all-ops
		// there: no CheckRespondAllOps.
		r.Record, r.Err = c.operate(engine.BatchWritePolicy(r, filter), r.Key, r.Ops, true)
		if r.Err != nil {
			r.Record = nil
		}
		return true
	}
	if r.Err = engine.CheckRespondAllOps(r.Key, r.Ops); r.Err != nil {
		return true
	}
	r.Record, r.Err = c.operateCDT(engine.BatchWritePolicy(r, filter), r.Key, r.Ops, true)
	return true
}

func (c *conn) Scan(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if req != nil && req.Filter != nil {
		return nil, driver.NewError(driver.ParameterError, "memory: Scan with a Filter (use Query)")
	}
	return c.newRows(req)
}

func (c *conn) Query(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if req != nil && req.Filter == nil {
		return nil, driver.NewError(driver.ParameterError, "memory: Query without a Filter (use Scan)")
	}
	return c.newRows(req)
}

func (c *conn) CreateIndex(ctx context.Context, idx *driver.Index) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	return c.e.CreateIndex(idx)
}

func (c *conn) DropIndex(ctx context.Context, namespace, name string) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	return c.e.DropIndex(namespace, name)
}

func (c *conn) Truncate(ctx context.Context, namespace, set string, before time.Time) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	if err := driver.CheckTruncateBefore(before, c.e.Clock().Now()); err != nil {
		return err
	}
	return c.e.Truncate(namespace, set, before)
}

func (c *conn) Close() error {
	c.once.Do(func() {
		c.closed.Store(true)
		if c.release != nil {
			c.release()
		}
	})
	return nil
}
