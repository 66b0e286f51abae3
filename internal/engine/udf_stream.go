package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
	lua "github.com/yuin/gopher-lua"
)

// Stream UDFs (aggregations), as mod-lua runs them (mod_lua.c apply_stream,
// the system stream_ops.lua and aerospike.lua): the function receives a
// StreamOps object and returns it with its operations (map, filter,
// aggregate, reduce, groupby). The server runs the operations up to and
// including the first reduce over the query's records and streams the
// values out; the client runs the reduce again and what follows over the
// values of every node (StreamOps_select, scopes SERVER, EITHER and BOTH).
// aggregate emits its value early each time it is a number of 1000 or
// more and starts again from its initial value (stream_ops.lua
// check_limit); the reduce that follows combines the parts.

// AggregateScope selects which operations of a stream UDF run.
type AggregateScope int

const (
	// AggregateAll runs every operation: the server's and the client's, as
	// the memory backend does for a whole aggregation.
	AggregateAll AggregateScope = 0
	// AggregateServer runs the operations a server runs (up to the first
	// reduce), as the wire server does for a client.
	AggregateServer AggregateScope = 1
)

const streamPrelude = `
local function __check_limit(v) return type(v) == 'number' and v >= 1000 end
local function __clone(v)
	local t = type(v)
	if t == 'table' then
		local out = {}
		for k, e in pairs(v) do out[k] = e end
		return out
	elseif t == 'userdata' then
		if getmetatable(v) == Map then return map.clone(v)
		elseif getmetatable(v) == List then return list.clone(v) end
		return nil
	end
	return v
end
local function __filter(next, p)
	local done = false
	return function()
		if done then return nil end
		for a in next do if p(a) then return a end end
		done = true
		return nil
	end
end
local function __transform(next, f)
	local done = false
	return function()
		if done then return nil end
		local a = next()
		if a ~= nil then return f(a) end
		done = true
		return nil
	end
end
local function __reduce(next, f)
	local done = false
	return function()
		if done then return nil end
		local a = next()
		if a ~= nil then for b in next do a = f(a, b) end end
		done = true
		return a
	end
end
local function __aggregate(next, init, f)
	local done = false
	return function()
		if done then return nil end
		local a = __clone(init)
		for b in next do
			a = f(a, b)
			if __check_limit(a) then return a end
		end
		done = true
		return a
	end
end
local StreamOps = {}
local StreamOps_mt = { __index = StreamOps }
local function __ops_apply(stream, ops, i, n)
	i = i or 1
	n = n or #ops
	if i > n then return stream end
	local op = ops[i]
	local s = op.func(stream, table.unpack(op.args)) or stream
	return __ops_apply(s, ops, i + 1, n)
end
local function __ops_select(stream_ops, scope)
	local server_ops, client_ops = {}, {}
	local phase = 1
	for i, op in ipairs(stream_ops) do
		if phase == 1 then
			if op.scope == 1 or op.scope == 3 then
				table.insert(server_ops, op)
			elseif op.scope == 4 then
				table.insert(server_ops, op)
				table.insert(client_ops, op)
				phase = 2
			end
		else
			table.insert(client_ops, op)
		end
	end
	if scope == 2 then return client_ops end
	return server_ops
end
function StreamOps:aggregate(...) table.insert(self.ops, { scope = 1, func = __aggregate, args = {...} }) return self end
function StreamOps:reduce(...) table.insert(self.ops, { scope = 4, func = __reduce, args = {...} }) return self end
function StreamOps:map(...) table.insert(self.ops, { scope = 3, func = __transform, args = {...} }) return self end
function StreamOps:filter(...) table.insert(self.ops, { scope = 3, func = __filter, args = {...} }) return self end
function StreamOps:groupby(f)
	local function _aggregate(m, v)
		local k = f and f(v) or nil
		local l = m[k] or list()
		list.append(l, v)
		m[k] = l
		return m
	end
	local function _merge(l1, l2)
		local l = list.clone(l1)
		for v in list.iterator(l2) do list.append(l, v) end
		return l
	end
	local function _reduce(m1, m2) return map.merge(m1, m2, _merge) end
	return self:aggregate(map(), _aggregate):reduce(_reduce)
end
function __aero_apply_stream(f, scope, src, sink, ...)
	local self = setmetatable({ ops = {} }, StreamOps_mt)
	local result = f(self, ...)
	if type(result) ~= 'table' or type(result.ops) ~= 'table' then
		error("stream function did not return a stream", 0)
	end
	for v in __ops_apply(src, __ops_select(result.ops, scope)) do sink(v) end
end
`

// registerStream is a placeholder for mod-lua's stream module: the engine
// feeds streams through Go functions, so stream.read and stream.write are
// not exposed to module code.
func registerStream(L *lua.LState) {}

// Aggregate runs the stream UDF c over the records next yields (nil after
// the last, in partition order, as a Walk yields them), and passes each
// value the stream produces to emit. As the server does
// (query/query.c aggr_query_job_slice), the server part runs once per
// partition that has records, each run emitting its own values; with
// AggregateAll the client part (the reduce and what follows) then runs
// over all of them, as the client does.
func (e *Engine) Aggregate(ns string, c *UDFCall, scope AggregateScope, next func() (*driver.Record, error), emit func(any) error) error {
	n, err := e.namespace(ns)
	if err != nil {
		return err
	}
	m := e.udfModule(c.Module)
	if m == nil {
		return udfFail("UDF: Execution Error 1")
	}
	st, err := m.state()
	if err != nil {
		return udfFail("UDF: Execution Error 1")
	}
	defer m.release(st)
	L := st.L
	if _, ok := L.GetGlobal(c.Function).(*lua.LFunction); !ok {
		return udfFail("function not found")
	}
	deadline := c.Deadline
	if deadline.IsZero() {
		deadline = time.Now().Add(time.Minute)
	}
	ctx, stop := limitCall(deadline, c.Done)
	defer stop()
	L.SetContext(ctx)
	nowSec, nowMS := e.now()
	var srcErr, emitErr error
	var pending *driver.Record // the first record of the next partition's run
	part, more, chunkDone := -1, true, false
	recSrc := L.NewFunction(func(L *lua.LState) int {
		if chunkDone || srcErr != nil || emitErr != nil {
			return 0
		}
		rec := pending
		pending = nil
		if rec == nil {
			var err error
			if rec, err = next(); err != nil {
				srcErr = err
				L.RaiseError("stream source failed")
			}
		}
		if rec == nil {
			more, chunkDone = false, true
			return 0
		}
		if rec.Key.Digest.Partition() != part {
			pending, chunkDone = rec, true
			return 0
		}
		L.Push(newUD(L, streamRecord(e, n, rec, nowSec, nowMS), luaRecType))
		return 1
	})
	var outs []any
	sink := L.NewFunction(func(L *lua.LState) int {
		if emitErr != nil {
			return 0
		}
		v := fromLua(L.Get(1))
		if scope == AggregateAll {
			outs = append(outs, v)
			return 0
		}
		if emitErr = emit(v); emitErr != nil {
			L.RaiseError("stream sink failed")
		}
		return 0
	})
	run := func(phase int, src *lua.LFunction) error {
		L.Push(L.GetGlobal("__aero_apply_stream"))
		L.Push(L.GetGlobal(c.Function))
		L.Push(lua.LNumber(phase))
		L.Push(src)
		L.Push(sink)
		for _, a := range c.Args {
			L.Push(toLua(L, a))
		}
		if err := L.PCall(4+len(c.Args), 0, nil); err != nil {
			switch {
			case srcErr != nil:
				return srcErr
			case emitErr != nil:
				return emitErr
			}
			if cause := context.Cause(ctx); cause != nil {
				return udfFail(cause.Error())
			}
			return udfFail(errorValue(err))
		}
		return nil
	}
	for more {
		if pending == nil {
			// Peek: a partition's run starts only when it has a record.
			rec, err := next()
			if err != nil {
				return err
			}
			if rec == nil {
				break
			}
			pending = rec
		}
		part, chunkDone = pending.Key.Digest.Partition(), false
		if err := run(1, recSrc); err != nil {
			return err
		}
	}
	if scope != AggregateAll {
		return nil
	}
	// The client's part, over every partition's values; the sink now
	// emits.
	vals := outs
	i := 0
	valSrc := L.NewFunction(func(L *lua.LState) int {
		if i >= len(vals) {
			return 0
		}
		i++
		L.Push(toLua(L, vals[i-1]))
		return 1
	})
	scope = AggregateServer
	return run(2, valSrc)
}

// streamRecord is the read-only record a stream UDF sees.
func streamRecord(e *Engine, n *namespace, rec *driver.Record, nowSec, nowMS int64) *udfCall {
	call := &udfCall{e: e, n: n, key: rec.Key, policy: &driver.WritePolicy{}, exists: true,
		bins: rec.Bins, cache: map[string]any{}, nowSec: nowSec, nowMS: nowMS}
	if call.bins == nil {
		call.bins = driver.Bins{}
	}
	call.old = &record{set: rec.Key.Set, bins: call.bins, gen: uint16(rec.Generation), lut: nowMS, userKey: rec.Key.UserKey}
	if rec.Expiration != driver.TTLNever && rec.Expiration != 0 {
		call.old.voidTime = nowSec + int64(rec.Expiration)
	}
	return call
}

// sortedBinNames returns the names of bins in order.
func sortedBinNames(bins driver.Bins) []string {
	names := make([]string, 0, len(bins))
	for name := range bins {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// stringOf renders a value for tostring(list or map).
func stringOf(v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = stringOf(e)
		}
		return "List(" + strings.Join(parts, ", ") + ")"
	case map[any]any:
		keys := sortedKeys(x)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = stringOf(k) + "->" + stringOf(x[k])
		}
		return "Map(" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprint(v)
}
