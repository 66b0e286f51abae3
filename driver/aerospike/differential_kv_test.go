package aerospike_test

// The KV family of the differential harness: puts, gets, exists, deletes and
// touches under every policy, Operate with mixed read and write ops (drawing
// list, map, bit, HLL and expression ops from their families), batches with
// every entry type, and scans.

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/aerokit/aero/driver"
)

func init() {
	registerFamily(4, genPut)
	registerFamily(2, genGet)
	registerFamily(1, genExists)
	registerFamily(1, genDelete)
	registerFamily(1, genTouch)
	registerFamily(4, genOperate)
	registerFamily(2, genBatch)
	registerFamily(1, genScan)
}

// diffBins are the bin names the harness writes; each has a usual type, but
// any bin may get any value.
var diffBins = []string{"i", "s", "f", "b", "l", "m", "h", "t"}

func (g *dgen) anyValue() any {
	return pick[any](g, int64(0), int64(1), int64(-1), int64(42), int64(math.MaxInt64), int64(math.MinInt64),
		"", "a", "abc", "héllo", 0.5, -2.25, 0.0, []byte{}, []byte{1, 2}, []byte{0xff, 0, 0x0f}, true, false,
		[]any{}, []any{int64(1), "a"}, []any{int64(3), int64(1), "a", []any{int64(1)}, 2.5, int64(1)},
		map[any]any{}, map[any]any{"a": int64(2), "b": int64(1), int64(1): "x"},
		map[any]any{"a": map[any]any{"x": int64(1)}, "b": []any{}, "c": []any{int64(2), int64(1)}})
}

// binValue is a value for bin, usually of its usual type.
func (g *dgen) binValue(bin string) any {
	if g.chance(8) {
		return g.anyValue()
	}
	switch bin {
	case "i":
		return pick[any](g, int64(0), int64(1), int64(-7), int64(100), int64(math.MaxInt64))
	case "s":
		return pick[any](g, "", "a", "abc", "xyz", "héllo")
	case "f":
		return pick[any](g, 0.5, -2.25, 0.0, 1e300)
	case "b":
		return pick[any](g, []byte{}, []byte{1, 2}, []byte{0xff, 0, 0x0f}, []byte{0x80, 0x01, 0xaa, 0x55})
	case "l":
		return pick[any](g, []any{}, []any{int64(1), "a"}, []any{int64(3), int64(1), "a", []any{int64(1)}, 2.5, int64(1)},
			[]any{[]any{int64(1), int64(2)}, []any{}, map[any]any{"k": int64(1)}}, []any{int64(5), int64(4), int64(3), int64(2)})
	case "m":
		return pick[any](g, map[any]any{}, map[any]any{"a": int64(2), "b": int64(1), int64(1): "x"},
			map[any]any{"a": map[any]any{"x": int64(1)}, "b": []any{}, "c": []any{int64(2), int64(1)}},
			map[any]any{"k": []any{int64(1), int64(2)}, "z": map[any]any{}})
	case "t":
		return g.bool()
	case "h":
		return pick[any](g, int64(1), "h")
	}
	return g.anyValue()
}

func (g *dgen) bins() driver.Bins {
	b := driver.Bins{}
	for range 1 + g.n(3) {
		bin := pick(g, diffBins...)
		if g.chance(8) {
			b[bin] = nil
			continue
		}
		b[bin] = g.binValue(bin)
	}
	return b
}

func (g *dgen) binNames() []string {
	switch g.n(4) {
	case 0:
		return []string{}
	case 1:
		return []string{pick(g, diffBins...)}
	case 2:
		return []string{pick(g, diffBins...), pick(g, diffBins...), "nosuch"}
	}
	return nil
}

func (g *dgen) expiration() uint32 {
	return pick(g, driver.TTLDefault, driver.TTLDefault, driver.TTLNever, driver.TTLKeep, 100, 3600, 86400*365)
}

func (g *dgen) writePolicy() *driver.WritePolicy {
	if g.chance(3) {
		return nil
	}
	wp := &driver.WritePolicy{
		RecordExists: driver.RecordExistsAction(g.n(5)),
		Expiration:   g.expiration(),
		SendKey:      g.bool(),
	}
	if g.chance(3) {
		wp.GenerationPolicy = driver.GenerationPolicy(1 + g.n(2))
		wp.Generation = uint32(g.n(5))
	}
	// Community Edition refuses durable deletes (FORBIDDEN).
	wp.DurableDelete = g.chance(8)
	if g.chance(6) {
		wp.FilterExp = g.filterExp()
	}
	return wp
}

func (g *dgen) readPolicy() *driver.ReadPolicy {
	if g.chance(2) {
		return nil
	}
	rp := &driver.ReadPolicy{HeaderOnly: g.chance(3)}
	if g.chance(3) {
		rp.FilterExp = g.filterExp()
	}
	return rp
}

func fmtWP(wp *driver.WritePolicy) string {
	if wp == nil {
		return "policy=nil"
	}
	s := fmt.Sprintf("policy={%s gen%s=%d ttl=%s sendKey=%t", wp.RecordExists, []string{"", "==", ">"}[wp.GenerationPolicy], wp.Generation, fmtTTL(wp.Expiration), wp.SendKey)
	if wp.DurableDelete {
		s += " durable"
	}
	if wp.FilterExp != nil {
		s += " filter=" + wp.FilterExp.String()
	}
	return s + "}"
}

func fmtTTL(e uint32) string {
	switch e {
	case driver.TTLDefault:
		return "default"
	case driver.TTLNever:
		return "never(-1)"
	case driver.TTLKeep:
		return "keep(-2)"
	}
	return fmt.Sprint(e)
}

func fmtRP(rp *driver.ReadPolicy) string {
	if rp == nil {
		return "policy=nil"
	}
	s := fmt.Sprintf("policy={headerOnly=%t", rp.HeaderOnly)
	if rp.FilterExp != nil {
		s += " filter=" + rp.FilterExp.String()
	}
	return s + "}"
}

func (g *dgen) keyIdx() int { return g.n(diffKeys) }

func genPut(g *dgen) *dcmd {
	k, wp, bins := g.keyIdx(), g.writePolicy(), g.bins()
	return &dcmd{family: "kv", desc: fmt.Sprintf("Put(key%d, %s, %s)", k, fmtWP(wp), fmtVal(bins)),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			return errOut(tg.conn.Put(ctx, wp, p.keys[k], driver.CloneBins(bins)))
		}}
}

func genGet(g *dgen) *dcmd {
	k, rp, bins := g.keyIdx(), g.readPolicy(), g.binNames()
	return &dcmd{family: "kv", desc: fmt.Sprintf("Get(key%d, %s, bins=%#v)", k, fmtRP(rp), bins),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			return recOut(tg.conn.Get(ctx, rp, p.keys[k], bins))
		}}
}

func genExists(g *dgen) *dcmd {
	k, rp := g.keyIdx(), g.readPolicy()
	return &dcmd{family: "kv", desc: fmt.Sprintf("Exists(key%d, %s)", k, fmtRP(rp)),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			ok, err := tg.conn.Exists(ctx, rp, p.keys[k])
			o := errOut(err)
			o.Val = ok
			return o
		}}
}

func genDelete(g *dgen) *dcmd {
	k, wp := g.keyIdx(), g.writePolicy()
	return &dcmd{family: "kv", desc: fmt.Sprintf("Delete(key%d, %s)", k, fmtWP(wp)),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			ok, err := tg.conn.Delete(ctx, wp, p.keys[k])
			o := errOut(err)
			o.Val = ok
			return o
		}}
}

func genTouch(g *dgen) *dcmd {
	k, wp := g.keyIdx(), g.writePolicy()
	return &dcmd{family: "kv", desc: fmt.Sprintf("Touch(key%d, %s)", k, fmtWP(wp)),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			return errOut(tg.conn.Touch(ctx, wp, p.keys[k]))
		}}
}

// kvOp is one basic op of Operate.
func (g *dgen) kvOp() driver.Operation {
	bin := pick(g, diffBins...)
	switch g.n(10) {
	case 0, 1:
		return driver.Operation{Type: driver.OpWrite, Bin: bin, Value: g.binValue(bin)}
	case 2:
		return driver.Operation{Type: driver.OpAdd, Bin: pick(g, "i", "i", "f", bin), Value: pick[any](g, int64(1), int64(-5), 0.5, int64(math.MaxInt64), int64(0))}
	case 3:
		return driver.Operation{Type: pick(g, driver.OpAppend, driver.OpPrepend), Bin: pick(g, "s", "s", "b", bin), Value: pick[any](g, "x", "", []byte{7}, "yz")}
	case 4, 5:
		return driver.Operation{Type: driver.OpRead, Bin: bin}
	case 6:
		return driver.Operation{Type: driver.OpRead}
	case 7:
		return driver.Operation{Type: driver.OpReadHeader}
	case 8:
		return driver.Operation{Type: driver.OpTouch}
	}
	if g.chance(3) {
		return driver.Operation{Type: driver.OpDelete}
	}
	return driver.Operation{Type: driver.OpWrite, Bin: bin}
}

// op is any op of Operate: basic, list, map, bit, HLL or expression.
func (g *dgen) op() driver.Operation {
	switch g.n(8) {
	case 0, 1:
		return g.cdtOp().Operation()
	case 2:
		return g.bitOp().Operation()
	case 3:
		return g.hllOp().Operation()
	case 4:
		return g.expOp()
	}
	return g.kvOp()
}

func (g *dgen) ops() []driver.Operation {
	ops := make([]driver.Operation, 1+g.n(4))
	for i := range ops {
		ops[i] = g.op()
	}
	return ops
}

func genOperate(g *dgen) *dcmd {
	k, wp, ops := g.keyIdx(), g.writePolicy(), g.ops()
	return &dcmd{family: "operate", desc: fmt.Sprintf("Operate(key%d, %s, %s)", k, fmtWP(wp), fmtOps(ops)),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			return recOut(tg.conn.Operate(ctx, wp, p.keys[k], ops))
		}}
}

// readOps are read-only ops (a batch read's).
func (g *dgen) readOps() []driver.Operation {
	var ops []driver.Operation
	for range 1 + g.n(3) {
		op := g.op()
		if op.Type.IsWrite() {
			op = driver.Operation{Type: driver.OpRead, Bin: op.Bin}
		}
		ops = append(ops, op)
	}
	return ops
}

// batchEntry is a generated batch entry, built afresh for each backend.
type batchEntry struct {
	typ        driver.BatchType
	key        int
	bins       []string
	headerOnly bool
	ops        []driver.Operation
	policy     *driver.WritePolicy
	filter     driver.Expression
}

func (e batchEntry) String() string {
	s := fmt.Sprintf("%s(key%d", e.typ, e.key)
	switch e.typ {
	case driver.BatchRead:
		switch {
		case e.headerOnly:
			s += " header"
		case e.ops != nil:
			s += " ops=" + fmtOps(e.ops)
		default:
			s += fmt.Sprintf(" bins=%#v", e.bins)
		}
	case driver.BatchWrite:
		s += " " + fmtWP(e.policy) + " ops=" + fmtOps(e.ops)
	case driver.BatchDelete:
		s += " " + fmtWP(e.policy)
	}
	if e.filter != nil {
		s += " filter=" + e.filter.String()
	}
	return s + ")"
}

func genBatch(g *dgen) *dcmd {
	entries := make([]batchEntry, 1+g.n(4))
	for i := range entries {
		e := batchEntry{typ: driver.BatchType(1 + g.n(4)), key: g.keyIdx()}
		switch e.typ {
		case driver.BatchRead:
			switch g.n(3) {
			case 0:
				e.headerOnly = true
			case 1:
				e.ops = g.readOps()
			default:
				e.bins = g.binNames()
			}
		case driver.BatchWrite:
			e.policy = g.writePolicy()
			e.ops = g.ops()
			if !slices.ContainsFunc(e.ops, func(op driver.Operation) bool { return op.Type.IsWrite() }) {
				// The client refuses a batch write without a write op
				// before sending ("Batch write operations do not contain
				// a write"); the memory backend runs it.
				e.ops = append(e.ops, driver.Operation{Type: driver.OpWrite, Bin: "t", Value: true})
			}
		case driver.BatchDelete:
			e.policy = g.writePolicy()
		}
		if g.chance(4) {
			e.filter = g.filterExp()
		}
		entries[i] = e
	}
	var bp *driver.BatchPolicy
	if g.chance(3) {
		// AllowInline as the client's default (nil policy): without it
		// the server queues each entry to its service threads and the
		// order of entries on one record is not defined (base/batch.c
		// as_batch_queue_task), which the memory backend, running them in
		// order, cannot follow.
		bp = &driver.BatchPolicy{FilterExp: g.filterExp(), AllowInline: true}
	}
	desc := fmt.Sprintf("Batch(%v", entries)
	if bp != nil {
		desc += " filter=" + bp.FilterExp.String()
	}
	return &dcmd{family: "batch", desc: desc + ")",
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			recs := make([]*driver.BatchRecord, len(entries))
			for i, e := range entries {
				recs[i] = &driver.BatchRecord{Type: e.typ, Key: p.keys[e.key], Bins: slices.Clone(e.bins), HeaderOnly: e.headerOnly,
					Ops: slices.Clone(e.ops), Policy: e.policy, FilterExp: e.filter}
			}
			o := errOut(tg.conn.Batch(ctx, bp, recs))
			var val []any
			for _, r := range recs {
				eo := recOut(r.Record, r.Err)
				val = append(val, []any{eo.Code, eo.Val, r.Exists})
				o.TTLs = append(o.TTLs, eo.TTLs...)
			}
			o.Val = val
			return o
		}}
}

// scanned collects the program's records from rows, in key order.
func scanned(ctx context.Context, p *dprog, rows driver.Rows, err error) dout {
	if err != nil {
		return errOut(err)
	}
	defer rows.Close()
	type hit struct {
		rec drec
		ttl uint32
		key bool
	}
	hits := make([]*hit, diffKeys)
	for {
		r, err := rows.Next(ctx)
		if err != nil {
			return errOut(err)
		}
		if r == nil {
			break
		}
		if r.Key == nil {
			continue
		}
		i, ok := p.digests[r.Key.Digest]
		if !ok {
			continue
		}
		hits[i] = &hit{rec: drec{Bins: normBins(r.Bins), Gen: r.Generation}, ttl: r.Expiration, key: r.Key.UserKey != nil}
	}
	var o dout
	var val []any
	for i, h := range hits {
		if h == nil {
			continue
		}
		val = append(val, fmt.Sprintf("key%d userKey=%t", i, h.key), h.rec)
		o.TTLs = append(o.TTLs, h.ttl)
	}
	o.Val = val
	return o
}

func genScan(g *dgen) *dcmd {
	bins := g.binNames()
	var filter driver.Expression
	if g.chance(2) {
		filter = g.filterExp()
	}
	desc := fmt.Sprintf("Scan(set %s, bins=%#v", diffSet, bins)
	if filter != nil {
		desc += " filter=" + filter.String()
	}
	return &dcmd{family: "scan", desc: desc + ")",
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			rows, err := tg.conn.Scan(ctx, &driver.QueryRequest{Namespace: "test", Set: diffSet, Bins: slices.Clone(bins),
				Partitions: driver.AllPartitions(), FilterExp: filter})
			return scanned(ctx, p, rows, err)
		}}
}
