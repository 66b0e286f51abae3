package engine

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// A Lua state for one module, built as mod-lua's create_state builds it
// (mod_lua.c): the standard libraries, the aerospike, record, stream, list,
// map and bytes modules, the system Lua (as.lua, stream_ops.lua,
// aerospike.lua, whose functions the prelude below reproduces), then the
// module itself.
//
// Differences from the server, on purpose: only the base, table, string and
// math libraries are opened, and dofile, loadfile and require are removed
// (the server opens every library, io and os included; a test server must
// not let Lua code reach files, processes or the network). States are
// pooled per module and each call starts from the globals the module left
// at load: a global a call sets does not reach the next call. The server
// reuses cached states (mod_lua.c get_state, release_state), so there a
// global may carry to a later call or not (asked of server 8.1.2: a
// counter kept in a global read 1 on every call in one run, 2 in another);
// a module cannot rely on either.

// luaState is a pooled Lua state and the call it is running.
type luaState struct {
	L    *lua.LState
	call *udfCall // the record call running, if any
}

const udfPrelude = `
table.unpack = table.unpack or unpack
function trace(m, ...) return aerospike:log(4, string.format(m, ...)) end
function debug(m, ...) return aerospike:log(3, string.format(m, ...)) end
function info(m, ...) return aerospike:log(2, string.format(m, ...)) end
function warn(m, ...) return aerospike:log(1, string.format(m, ...)) end

Map = getmetatable(map())
List = getmetatable(list())
Bytes = getmetatable(bytes())

function list.clone(l)
	local ll = {}
	for v in list.iterator(l) do table.insert(ll, v) end
	return list(ll)
end
function list.merge(l1, l2)
	local ll = {}
	for v in list.iterator(l1) do table.insert(ll, v) end
	for v in list.iterator(l2) do table.insert(ll, v) end
	return list(ll)
end
function map.merge(m1, m2, f)
	local mm = {}
	for k, v in map.pairs(m1) do mm[k] = v end
	for k, v in map.pairs(m2) do
		mm[k] = (mm[k] and f and type(f) == 'function' and f(m1[k], m2[k])) or v
	end
	return map(mm)
end
function map.diff(m1, m2)
	local mm = {}
	for k, v in map.pairs(m1) do if not m2[k] then mm[k] = v end end
	for k, v in map.pairs(m2) do if not m1[k] then mm[k] = v end end
	return map(mm)
end
function map.clone(m)
	local mm = {}
	for k, v in map.pairs(m) do mm[k] = v end
	return map(mm)
end
function math.sum(a, b) return a + b end
function math.product(a, b) return a * b end
` + streamPrelude

var removedGlobals = []string{"dofile", "loadfile", "require", "module", "collectgarbage"}

// newLuaState builds a state and loads the module into it. An error the
// module raises while it loads is a *CompileError.
func newLuaState(proto *lua.FunctionProto, file string) (*luaState, error) {
	L := lua.NewState(lua.Options{
		SkipOpenLibs:    true,
		CallStackSize:   200,
		RegistrySize:    1024,
		RegistryMaxSize: 1 << 20, // stack slots: bounds runaway recursion's memory
	})
	for _, lib := range []struct {
		name string
		fn   lua.LGFunction
	}{{lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}, {lua.StringLibName, lua.OpenString}, {lua.MathLibName, lua.OpenMath}} {
		L.Push(L.NewFunction(lib.fn))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	for _, g := range removedGlobals {
		L.SetGlobal(g, lua.LNil)
	}
	boundStringRep(L)
	st := &luaState{L: L}
	registerValueModules(L)
	st.registerRecord()
	registerStream(L)
	if err := L.DoString(udfPrelude); err != nil {
		L.Close()
		return nil, fmt.Errorf("engine: UDF prelude: %w", err)
	}
	L.Push(L.NewFunctionFromProto(proto))
	if err := L.PCall(0, lua.MultRet, nil); err != nil {
		L.Close()
		return nil, loadError(file, err)
	}
	L.SetTop(0)
	// The globals the module left move to a base table that the globals
	// table reads through (__index): a global a call sets lands in the
	// (otherwise empty) globals table, and reset clears it.
	g := L.G.Global
	base := L.NewTable()
	var keys []lua.LValue
	g.ForEach(func(k, v lua.LValue) {
		base.RawSet(k, v)
		keys = append(keys, k)
	})
	for _, k := range keys {
		g.RawSet(k, lua.LNil)
	}
	mt := L.NewTable()
	mt.RawSetString("__index", base)
	L.SetMetatable(g, mt)
	return st, nil
}

// maxRep bounds the string string.rep builds in one call, which the
// memory watchdog could not stop (one allocation); Lua 5.4 refuses a
// result too large too ("resulting string too large").
const maxRep = 16 << 20

func boundStringRep(L *lua.LState) {
	str, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	// string.rep(s, n [, sep]) as Lua 5.4 has it (the separator is 5.2+).
	str.RawSetString("rep", L.NewFunction(func(L *lua.LState) int {
		s, n := L.CheckString(1), L.CheckInt(2)
		sep := L.OptString(3, "")
		if n <= 0 {
			L.Push(lua.LString(""))
			return 1
		}
		if int64(len(s)+len(sep))*int64(n) > maxRep {
			L.RaiseError("resulting string too large")
		}
		var b strings.Builder
		b.Grow((len(s)+len(sep))*n - len(sep))
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(s)
		}
		L.Push(lua.LString(b.String()))
		return 1
	}))
}

var luaPosRE = regexp.MustCompile(`^([^:\n]+):(\d+): (?s)(.*)$`)

// loadError is the CompileError of an error raised while a module loads:
// "file:line: message" split as mod-lua's populate_error splits it.
func loadError(file string, err error) *CompileError {
	msg := errorValue(err)
	if m := luaPosRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		return &CompileError{File: file, Line: line, Message: m[3]}
	}
	return &CompileError{File: file, Message: msg}
}

// errorValue is the message of a Lua error: the value raised when it is a
// string, "result value type unexpected" otherwise (transaction/udf.c
// process_failure).
func errorValue(err error) string {
	if ae, ok := err.(*lua.ApiError); ok {
		if s, ok := ae.Object.(lua.LString); ok {
			return string(s)
		}
		if _, ok := ae.Object.(lua.LNumber); ok {
			return "result value type unexpected"
		}
		if ae.Object != nil && ae.Object != lua.LNil {
			return "result value type unexpected"
		}
	}
	return err.Error()
}

// reset brings the state back to the globals the module left at load:
// it clears what the call set in the globals table.
func (st *luaState) reset() {
	L := st.L
	L.SetTop(0)
	g := L.G.Global
	if k, _ := g.Next(lua.LNil); k != lua.LNil {
		var keys []lua.LValue
		g.ForEach(func(k, _ lua.LValue) { keys = append(keys, k) })
		for _, k := range keys {
			g.RawSet(k, lua.LNil)
		}
	}
	st.call = nil
}

// state takes a ready state of module m from its pool, or builds one.
func (m *udfModule) state() (*luaState, error) {
	if st, ok := m.pool.Get().(*luaState); ok {
		return st, nil
	}
	return newLuaState(m.proto, m.info.Name)
}

// release returns a state to the pool after a call.
func (m *udfModule) release(st *luaState) {
	st.reset()
	st.L.RemoveContext()
	m.pool.Put(st)
}
