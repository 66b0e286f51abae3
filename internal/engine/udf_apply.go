package engine

import (
	"context"
	"time"

	"github.com/aerokit/aero/driver"
	lua "github.com/yuin/gopher-lua"
)

// Record UDFs, as the server applies them (transaction/udf.c
// udf_master_apply, base/udf_record.c, base/udf_aerospike.c):
//
//   - rec[name] reads a bin; rec[name] = v caches an update (nil deletes
//     the bin); a value with no stored form (a table, a function) raises
//     "can't set bin NAME to unsupported type".
//   - aerospike:create(rec) creates the record and applies the cached
//     updates; on a record that exists it returns 1 and changes nothing.
//     aerospike:update(rec) applies them to an existing record (returns 0),
//     and returns -2 on a missing one. aerospike:remove(rec) deletes every
//     bin (1 on a missing record); aerospike:exists(rec) tells whether the
//     record is live. Updates not applied by create or update are lost.
//   - The record is written once, when the function returns without error:
//     an error raised after aerospike:update leaves the record as it was. A
//     write leaving no bin deletes the record. The write takes the call's
//     TTL (or record.set_ttl's) and bumps the generation.
//   - A call with a generation check or a record-exists action other than
//     update is PARAMETER_ERROR (udf.c has_forbidden_policy).
//   - A failure of the function is UDF_BAD_RESPONSE (100) with the message
//     the server sends in the FAILURE bin: the Lua error ("mod.lua:LINE:
//     message" for error() at level 1; a non-string error is "result value
//     type unexpected"), "function not found", or "UDF: Execution Error 1"
//     for a module that is not registered. A call that runs past its time
//     limit fails "UDF Execution Timeout" (udf.c udf_timer_timedout; mod-lua
//     check_timer), one that grows the heap past the memory bound fails
//     "UDF Execution Memory Limit"; the record is unchanged either way.

// UDFCall describes one record UDF call.
type UDFCall struct {
	Module, Function string
	Args             []any
	// Deadline bounds the call's run time; the zero time means
	// DefaultUDFTimeout from now.
	Deadline time.Time
	// Done, when not nil, stops the call when it closes (the caller's
	// context), as a deadline does; the call fails with context.Canceled.
	Done <-chan struct{}
}

// DefaultUDFTimeout is the time limit of a UDF call without a deadline: the
// server's default transaction time (transaction-max-ms, 1 s).
const DefaultUDFTimeout = time.Second

// udfCall is a record UDF running: the record as the function sees it.
type udfCall struct {
	e       *Engine
	n       *namespace
	key     *driver.Key
	policy  *driver.WritePolicy
	old     *record // the live record before the call; nil if none
	exists  bool    // the record exists (is open) during the call
	bins    driver.Bins
	cache   map[string]any // pending updates (nil: delete)
	dirty   []string       // bins of cache not yet applied, in order
	updated bool           // create, update or remove ran
	ttl     *uint32        // record.set_ttl
	dropKey bool
	nowSec  int64
	nowMS   int64
}

func udfFail(msg string) error {
	return &driver.Error{Code: driver.UDFBadResponse, Msg: msg}
}

// forbiddenUDFPolicy reports a policy the server refuses for a UDF call.
func forbiddenUDFPolicy(p *driver.WritePolicy) bool {
	return p != nil && (p.GenerationPolicy != driver.GenNone || p.RecordExists != driver.Update)
}

// ApplyUDF runs a record UDF on the record at key and returns its value.
func (e *Engine) ApplyUDF(policy *driver.WritePolicy, key *driver.Key, c *UDFCall) (any, error) {
	return e.applyUDF(policy, key, c, false)
}

// applyUDF runs a record UDF; internal (a background job's) never creates
// a record: on a missing one it is KEY_NOT_FOUND (udf.c udf_master_apply,
// FROM_IUDF).
func (e *Engine) applyUDF(policy *driver.WritePolicy, key *driver.Key, c *UDFCall, internal bool) (any, error) {
	if policy == nil {
		policy = &driver.WritePolicy{}
	}
	n, err := e.checkKey(key)
	if err != nil {
		return nil, err
	}
	if forbiddenUDFPolicy(policy) {
		return nil, driver.Errorf(driver.ParameterError, "key %s: UDF applied with forbidden policy (generation or record-exists action)", key)
	}
	if err := e.checkTTL(n, key, policy.Expiration); err != nil {
		return nil, err
	}
	m := e.udfModule(c.Module)
	if m == nil {
		return nil, udfFail("UDF: Execution Error 1")
	}
	st, err := m.state()
	if err != nil {
		return nil, udfFail("UDF: Execution Error 1")
	}
	defer m.release(st)

	nowSec, nowMS := e.now()
	p := n.part(key.Digest)
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.live(key.Digest, nowSec)
	if internal && old == nil {
		return nil, notFound(key)
	}
	if old != nil {
		if err := checkSetMatch(key, old); err != nil {
			return nil, err
		}
		// The filter applies to an existing record before the function
		// runs; a missing record has none to filter (udf.c
		// open_existing_record: handle_meta_filter, as_exp_matches_record).
		if err := filterRecord(policy.FilterExp, key, old, nowSec, nowMS); err != nil {
			return nil, err
		}
	}
	call := &udfCall{e: e, n: n, key: key, policy: policy, old: old, exists: old != nil,
		cache: map[string]any{}, nowSec: nowSec, nowMS: nowMS}
	call.bins = driver.Bins{}
	if old != nil {
		for k, v := range old.bins {
			call.bins[k] = v
		}
	}
	st.call = call
	ret, err := st.run(c, st.L.Get(lua.GlobalsIndex), func(L *lua.LState) int {
		L.Push(newUD(L, call, luaRecType))
		return 1
	})
	if err != nil {
		return nil, err
	}
	if !call.updated {
		return ret, nil
	}
	if err := call.commit(p); err != nil {
		return nil, err
	}
	return ret, nil
}

// run calls function c.Function of the state's module with the values
// pushArgs pushes first, then c.Args, under the call's time and memory
// limits, and converts its return value.
func (st *luaState) run(c *UDFCall, _ lua.LValue, pushFirst func(*lua.LState) int) (any, error) {
	L := st.L
	fn, ok := L.GetGlobal(c.Function).(*lua.LFunction)
	if !ok {
		return nil, udfFail("function not found")
	}
	deadline := c.Deadline
	if deadline.IsZero() {
		deadline = time.Now().Add(DefaultUDFTimeout)
	}
	ctx, stop := limitCall(deadline, c.Done)
	defer stop()
	L.SetContext(ctx)
	L.Push(fn)
	nargs := pushFirst(L)
	for _, a := range c.Args {
		L.Push(toLua(L, a))
	}
	if err := L.PCall(nargs+len(c.Args), 1, nil); err != nil {
		if cause := context.Cause(ctx); cause != nil {
			return nil, udfFail(cause.Error())
		}
		return nil, udfFail(errorValue(err))
	}
	return fromLua(L.Get(-1)), nil
}

// registerRecord installs the record module (mod_lua_record.c) and the
// aerospike object (mod_lua_aerospike.c) bound to the state's call.
func (st *luaState) registerRecord() {
	L := st.L
	rec := func(L *lua.LState) *udfCall {
		if ud, ok := L.Get(1).(*lua.LUserData); ok {
			if c, ok := ud.Value.(*udfCall); ok {
				return c
			}
		}
		L.ArgError(1, "record expected")
		return nil
	}
	meta := L.NewTypeMetatable(luaRecType)
	L.SetFuncs(meta, map[string]lua.LGFunction{
		"__index": func(L *lua.LState) int {
			c := rec(L)
			name := L.CheckString(2)
			if v, ok := c.cache[name]; ok {
				L.Push(toLua(L, v))
			} else {
				L.Push(toLua(L, driver.Clone(c.bins[name])))
			}
			return 1
		},
		"__newindex": func(L *lua.LState) int {
			c := rec(L)
			name := L.CheckString(2)
			v := L.Get(3)
			val := fromLua(v)
			if val == nil && v != lua.LNil {
				L.RaiseError("can't set bin %s to unsupported type", name)
			}
			if _, pending := c.cache[name]; !pending || !c.isDirty(name) {
				c.dirty = append(c.dirty, name)
			}
			c.cache[name] = val
			return 0
		},
		"__tostring": func(L *lua.LState) int { L.Push(lua.LString("Record")); return 1 },
	})
	L.SetGlobal("record", L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"ttl": func(L *lua.LState) int {
			c := rec(L)
			var ttl int64
			if c.old != nil && c.old.voidTime != 0 {
				ttl = max(c.old.voidTime-c.nowSec, 0)
			}
			L.Push(lua.LNumber(ttl))
			return 1
		},
		"gen": func(L *lua.LState) int {
			c := rec(L)
			var gen uint16
			if c.old != nil {
				gen = c.old.gen
			}
			L.Push(lua.LNumber(gen))
			return 1
		},
		"key": func(L *lua.LState) int {
			c := rec(L)
			var uk any
			if c.old != nil {
				uk = c.old.userKey
			} else if c.policy.SendKey {
				uk = c.key.UserKey
			}
			L.Push(toLua(L, driver.Clone(uk)))
			return 1
		},
		"digest": func(L *lua.LState) int {
			c := rec(L)
			L.Push(toLua(L, append([]byte{}, c.key.Digest[:]...)))
			return 1
		},
		"setname": func(L *lua.LState) int {
			c := rec(L)
			L.Push(lua.LString(c.key.Set))
			return 1
		},
		"last_update_time": func(L *lua.LState) int {
			c := rec(L)
			var lut int64
			if c.old != nil {
				lut = c.old.lut - citrusleafEpochMS
			}
			L.Push(lua.LNumber(lut))
			return 1
		},
		"numbins": func(L *lua.LState) int {
			c := rec(L)
			L.Push(lua.LNumber(len(c.bins)))
			return 1
		},
		"bin_names": func(L *lua.LState) int {
			c := rec(L)
			t := L.NewTable()
			for _, name := range sortedBinNames(c.bins) {
				t.Append(lua.LString(name))
			}
			L.Push(t)
			return 1
		},
		"set_ttl": func(L *lua.LState) int {
			c := rec(L)
			ttl := uint32(int64(L.CheckNumber(2)))
			c.ttl = &ttl
			return 0
		},
		"drop_key": func(L *lua.LState) int {
			rec(L).dropKey = true
			return 0
		},
		"device_size": func(L *lua.LState) int { rec(L); L.Push(lua.LNumber(0)); return 1 },
		"memory_size": func(L *lua.LState) int {
			c := rec(L)
			L.Push(lua.LNumber(RecordSize(c.key.Set, nil, c.bins, false)))
			return 1
		},
	}))
	aero := L.NewTable()
	L.SetFuncs(aero, map[string]lua.LGFunction{
		"create": func(L *lua.LState) int {
			L.Remove(1)
			L.Push(lua.LNumber(rec(L).create()))
			return 1
		},
		"update": func(L *lua.LState) int {
			L.Remove(1)
			L.Push(lua.LNumber(rec(L).update()))
			return 1
		},
		"remove": func(L *lua.LState) int {
			L.Remove(1)
			L.Push(lua.LNumber(rec(L).remove()))
			return 1
		},
		"exists": func(L *lua.LState) int {
			L.Remove(1)
			c := rec(L)
			L.Push(lua.LBool(c.exists && len(c.bins) > 0))
			return 1
		},
		"log": func(L *lua.LState) int { L.Push(lua.LNumber(0)); return 1 },
	})
	L.SetGlobal("aerospike", aero)
}

func (c *udfCall) isDirty(name string) bool {
	for _, d := range c.dirty {
		if d == name {
			return true
		}
	}
	return false
}

// create is aerospike:create (udf_aerospike.c udf_aerospike_rec_create).
func (c *udfCall) create() int {
	if c.exists && len(c.bins) > 0 {
		return 1
	}
	c.exists = true
	return c.execute()
}

// update is aerospike:update (udf_aerospike_rec_update).
func (c *udfCall) update() int {
	if !c.exists {
		return -2
	}
	return c.execute()
}

// remove is aerospike:remove (udf_aerospike_rec_remove).
func (c *udfCall) remove() int {
	if !c.exists {
		return 1
	}
	clear(c.cache)
	c.dirty = c.dirty[:0]
	for name := range c.bins {
		c.cache[name] = nil
		c.dirty = append(c.dirty, name)
	}
	return c.execute()
}

// execute applies the cached updates (udf_aerospike.c execute_updates).
func (c *udfCall) execute() int {
	for _, name := range c.dirty {
		if v := c.cache[name]; v == nil {
			delete(c.bins, name)
			delete(c.cache, name)
		} else {
			c.bins[name] = v
		}
	}
	c.dirty = c.dirty[:0]
	c.updated = true
	return 0
}

// commit writes the record as the call left it (udf.c udf_master_write):
// the caller holds the partition lock.
func (c *udfCall) commit(p *partition) error {
	key := c.key
	if len(c.bins) == 0 {
		if c.old == nil {
			// A record the call created with no bins: the call fails
			// KEY_NOT_FOUND and its value is lost (udf.c udf_master_write:
			// "Didn't exist or was bin cemetery" -> AS_ERR_NOT_FOUND).
			return notFound(key)
		}
		delete(p.recs, key.Digest)
		return nil
	}
	for name := range c.bins {
		if err := checkBinName(key, name); err != nil {
			return err
		}
	}
	nr := &record{set: key.Set, lut: c.nowMS, gen: 1}
	ttl := c.policy.Expiration
	if c.ttl != nil {
		ttl = *c.ttl
	}
	if c.old != nil {
		nr.set, nr.voidTime, nr.userKey = c.old.set, c.old.voidTime, c.old.userKey
		nr.gen = c.old.gen + 1
		if nr.gen == 0 {
			nr.gen = 1
		}
		if c.old.lut > nr.lut {
			nr.lut = c.old.lut
		}
	} else if c.policy.SendKey && key.UserKey != nil {
		nr.userKey = driver.Clone(key.UserKey)
	}
	if c.dropKey {
		nr.userKey = nil
	}
	switch ttl {
	case driver.TTLDefault:
		nr.voidTime = voidFromTTL(c.n.cfg.DefaultTTL, c.nowSec)
	case driver.TTLNever:
		nr.voidTime = 0
	case driver.TTLKeep:
		if c.old == nil {
			nr.voidTime = voidFromTTL(c.n.cfg.DefaultTTL, c.nowSec)
		}
	default:
		nr.voidTime = c.nowSec + int64(ttl)
	}
	bins := make(driver.Bins, len(c.bins))
	for k, v := range c.bins {
		bins[k] = driver.Clone(v)
	}
	nr.bins = bins
	if size := RecordSize(nr.set, nr.userKey, bins, nr.voidTime != 0); size > c.n.cfg.MaxRecordSize {
		return driver.Errorf(driver.RecordTooBig, "key %s: record of %d bytes exceeds max-record-size %d", key, size, c.n.cfg.MaxRecordSize)
	}
	c.e.store(p, key.Namespace, key.Digest, nr, c.nowSec, c.nowMS)
	return nil
}
