package aerospike_test

// The UDF family of the differential harness: record UDFs (ApplyUDF) of a
// fixed Lua module, registered once per run and per backend under a fixed
// name (re-registering the same code on a long-lived server is harmless),
// called with random arguments on the program's keys: reading bins, writing
// and deleting bins with aerospike:create/update, removing the record,
// returning each Lua type, raising error("literal") before and after an
// update, and calling a function the module lacks. The answers compared are
// the returned value, the result code and, for a UDF failure, the server's
// message; the stored records are compared after every step as for every
// family. A background UDF job on the harness's set and count/sum
// aggregations touch only the records the program marked (bin "um"), as a
// long-lived server holds other programs' records in the same set.
//
// Outside it, by the engine's documented differences: arithmetic stays on
// integers below 2^53, no integral float is returned, errors are raised with
// literal strings only, and no function relies on a global set by an earlier
// call.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aerokit/aero/driver"
)

func init() {
	registerFamily(2, genUDF)
}

// diffUDFModule is the family's module. Never change its code without
// changing its name: a long-lived server keeps the registered one.
const diffUDFModule = "aero_diff_udf3"

const diffUDFCode = `
local function store(rec)
  if aerospike:exists(rec) then
    return aerospike:update(rec)
  end
  return aerospike:create(rec)
end

function get(rec, b)
  return rec[b]
end

function put(rec, b, v)
  rec[b] = v
  return store(rec)
end

function put2(rec, b1, v1, b2, v2)
  rec[b1] = v1
  rec[b2] = v2
  local rc = store(rec)
  return rec[b1]
end

function unset(rec, b)
  if not aerospike:exists(rec) then
    return "none"
  end
  rec[b] = nil
  return aerospike:update(rec)
end

function incr(rec, b, n)
  local x = rec[b]
  if type(x) ~= "number" or x > 4503599627370496 or x < -4503599627370496 then
    x = 0
  end
  rec[b] = x + n
  store(rec)
  return rec[b]
end

function remove(rec)
  if aerospike:exists(rec) then
    return aerospike:remove(rec)
  end
  return -1
end

function exists(rec)
  return aerospike:exists(rec)
end

function ret(rec, kind)
  if kind == 0 then return 7 end
  if kind == 1 then return "str" end
  if kind == 2 then return list{1, "a", list{2}} end
  if kind == 3 then
    local m = map()
    m["k"] = 1
    m[2] = "v"
    return m
  end
  if kind == 4 then return nil end
  if kind == 5 then return true end
  if kind == 6 then return false end
  if kind == 7 then return {1, 2} end
  if kind == 8 then return 2.5 end
  if kind == 9 then return -9007199254740991 end
  return kind
end

function echo(rec, v)
  return v
end

function fail(rec)
  error("aero diff failure")
end

function fail_after(rec, b, v)
  rec[b] = v
  store(rec)
  error("failed after update")
end

function gen(rec)
  if not aerospike:exists(rec) then
    return -1
  end
  return record.gen(rec)
end

function mark(rec, m)
  rec["um"] = m
  return store(rec)
end

local function num(x)
  if type(x) ~= "number" or x > 4503599627370496 or x < -4503599627370496 then
    return 0
  end
  return x
end

function bg_bump(rec, m, n)
  if rec["um"] == m then
    rec["ub"] = num(rec["ub"]) + n
    aerospike:update(rec)
  end
end

function agg_count(s, m)
  local function mine(r) return r["um"] == m end
  local function one(r) return 1 end
  local function add(a, b) return a + b end
  return s:filter(mine):map(one):reduce(add)
end

function agg_sum(s, m)
  local function mine(r) return r["um"] == m end
  local function ub(r) return num(r["ub"]) end
  local function add(a, b) return a + b end
  return s:filter(mine):map(ub):reduce(add)
end

function bin_type(rec, b)
  return type(rec[b])
end
`

// udfRegistered remembers the targets the module is registered on.
var udfRegistered sync.Map // *diffTarget -> error

func udfOn(tg *diffTarget) (driver.UDFer, error) {
	u, ok := tg.conn.(driver.UDFer)
	if !ok {
		return nil, fmt.Errorf("%s: no UDFs", tg.name)
	}
	if v, ok := udfRegistered.Load(tg); ok {
		if v == nil {
			return u, nil
		}
		return nil, v.(error)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var err error
	if e := u.RegisterUDF(ctx, diffUDFModule+".lua", []byte(diffUDFCode)); e != nil {
		err = fmt.Errorf("%s: RegisterUDF: %w", tg.name, e)
	}
	v, _ := udfRegistered.LoadOrStore(tg, err)
	if v != nil {
		return nil, v.(error)
	}
	return u, nil
}

// udfArg is an argument value: what the server passes to Lua and back.
func (g *dgen) udfArg() any {
	return pick[any](g, int64(0), int64(1), int64(-5), int64(1)<<40, "", "s", "x",
		[]any{int64(1), "a"}, []any{}, map[any]any{"k": int64(1)}, map[any]any{int64(1): []any{"z"}},
		[]byte{1, 2}, true, false, nil, 1.5)
}

func (g *dgen) udfBin() string { return pick(g, "a", "b", "c") }

func genUDF(g *dgen) *dcmd {
	ki := g.keyIdx()
	var fn string
	var args []any
	switch g.n(17) {
	case 0, 1:
		fn, args = "get", []any{g.udfBin()}
	case 2, 3:
		fn, args = "put", []any{g.udfBin(), g.udfArg()}
	case 4:
		fn, args = "put2", []any{g.udfBin(), g.udfArg(), g.udfBin(), g.udfArg()}
	case 5:
		fn, args = "unset", []any{g.udfBin()}
	case 6:
		fn, args = "incr", []any{g.udfBin(), pick[any](g, int64(1), int64(-2), int64(1)<<40)}
	case 7:
		fn = "remove"
	case 8:
		fn, args = "ret", []any{int64(g.n(11))}
	case 9:
		fn, args = "echo", []any{g.udfArg()}
	case 10:
		fn = pick(g, "fail", "exists", "gen")
	case 11:
		fn, args = "fail_after", []any{g.udfBin(), g.udfArg()}
	case 12:
		fn, args = "bin_type", []any{g.udfBin()}
	case 13:
		fn = "missing"
	case 14:
		return genUDFMark(g)
	case 15:
		return genUDFJob(g)
	default:
		return genUDFAggregate(g)
	}
	call := &driver.UDFCall{Module: diffUDFModule, Function: fn, Args: args}
	return &dcmd{family: "udf", desc: fmt.Sprintf("ApplyUDF(key%d, %s.%s%s)", ki, diffUDFModule, fn, fmtVal(args)),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			u, err := udfOn(tg)
			if err != nil {
				return dout{Code: noCode, Err: err.Error()}
			}
			c := *call
			c.Args = append([]any(nil), call.Args...)
			v, err := u.ApplyUDF(ctx, nil, p.keys[ki], &c)
			o := errOut(err)
			o.Val = v
			if o.Code == driver.UDFBadResponse {
				// The UDF's message is part of the answer (without the
				// node the wire client names).
				var de *driver.Error
				if errors.As(err, &de) {
					msg, _, _ := strings.Cut(de.Msg, ": node ")
					o.Val = msg
				}
			}
			return o
		}}
}

// udfMarker is the program's marker: the bin "um" its records carry once
// marked, so that background jobs and aggregations on the harness's set
// touch only the program's records (a long-lived server holds others).
func udfMarker(p *dprog) string { return fmt.Sprint(p.keys[0].UserKey) }

func genUDFMark(g *dgen) *dcmd {
	ki := g.keyIdx()
	return &dcmd{family: "udf", desc: fmt.Sprintf("ApplyUDF(key%d, %s.mark[marker])", ki, diffUDFModule),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			u, err := udfOn(tg)
			if err != nil {
				return dout{Code: noCode, Err: err.Error()}
			}
			v, err := u.ApplyUDF(ctx, nil, p.keys[ki], &driver.UDFCall{Module: diffUDFModule, Function: "mark", Args: []any{udfMarker(p)}})
			o := errOut(err)
			o.Val = v
			return o
		}}
}

// udfMarkKeys marks the program's keys in mask (bit i: key i), creating
// the missing ones; a failure is the step's answer.
func udfMarkKeys(ctx context.Context, tg *diffTarget, p *dprog, mask int) (dout, bool) {
	u, err := udfOn(tg)
	if err != nil {
		return dout{Code: noCode, Err: err.Error()}, false
	}
	for i, k := range p.keys {
		if mask&(1<<i) == 0 {
			continue
		}
		if _, err := u.ApplyUDF(ctx, nil, k, &driver.UDFCall{Module: diffUDFModule, Function: "mark", Args: []any{udfMarker(p)}}); err != nil {
			o := errOut(err)
			o.Val = fmt.Sprintf("mark key%d", i)
			return o, false
		}
	}
	return dout{}, true
}

// genUDFJob runs a background UDF job on the harness's set and waits for
// it; the stored records are compared after it as after every step.
func genUDFJob(g *dgen) *dcmd {
	n := pick[any](g, int64(1), int64(-3), int64(1)<<30)
	mask := g.n(1 << diffKeys)
	return &dcmd{family: "udf", desc: fmt.Sprintf("mark keys %03b, RunBackground(set %s, %s.bg_bump[marker, %v]) and wait", mask, diffSet, diffUDFModule, n),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			if o, ok := udfMarkKeys(ctx, tg, p, mask); !ok {
				return o
			}
			br, ok := tg.conn.(driver.BackgroundRunner)
			if !ok {
				return dout{Code: noCode, Err: tg.name + ": no background jobs"}
			}
			job, err := br.RunBackground(ctx, nil, &driver.QueryRequest{Namespace: "test", Set: diffSet, Partitions: driver.AllPartitions()},
				&driver.BackgroundTask{UDF: &driver.UDFCall{Module: diffUDFModule, Function: "bg_bump", Args: []any{udfMarker(p), n}}})
			if err != nil {
				return errOut(err)
			}
			return errOut(job.Wait(ctx))
		}}
}

// genUDFAggregate runs a count or a sum over the program's records.
func genUDFAggregate(g *dgen) *dcmd {
	fn := pick(g, "agg_count", "agg_sum")
	mask := g.n(1 << diffKeys)
	return &dcmd{family: "udf", desc: fmt.Sprintf("mark keys %03b, Aggregate(set %s, %s.%s[marker])", mask, diffSet, diffUDFModule, fn),
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			if o, ok := udfMarkKeys(ctx, tg, p, mask); !ok {
				return o
			}
			ag, ok := tg.conn.(driver.Aggregator)
			if !ok {
				return dout{Code: noCode, Err: tg.name + ": no aggregations"}
			}
			rows, err := ag.Aggregate(ctx, &driver.QueryRequest{Namespace: "test", Set: diffSet, Partitions: driver.AllPartitions()},
				&driver.UDFCall{Module: diffUDFModule, Function: fn, Args: []any{udfMarker(p)}})
			if err != nil {
				return errOut(err)
			}
			defer rows.Close()
			var vals []any
			for {
				v, ok, err := rows.Next(ctx)
				if err != nil {
					return errOut(err)
				}
				if !ok {
					break
				}
				vals = append(vals, v)
			}
			return dout{Val: vals}
		}}
}
