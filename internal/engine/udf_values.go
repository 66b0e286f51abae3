package engine

import (
	"math"
	"sort"

	"github.com/aerokit/aero/internal/msgpack"
	lua "github.com/yuin/gopher-lua"
)

// Values crossing the Lua boundary, as mod-lua converts them
// (aerospike-mod-lua src/main/mod_lua_val.c mod_lua_pushval, mod_lua_toval):
//
//   - nil, booleans and strings as themselves;
//   - integers and floats as Lua numbers. The server runs Lua 5.4, whose
//     numbers are integers or floats; gopher-lua has float64 numbers only, so
//     a number Lua returns is an integer when it is integral (and in int64
//     range), a float otherwise. A float bin read and written back unchanged
//     comes back an integer when it is integral, and integers above 2^53 lose
//     precision when Lua computes with them (a value that only passes through
//     a list or map keeps its precision: lists and maps stay Go values);
//   - lists, maps and blobs as the userdata of the list, map and bytes
//     modules, which hold the Go value (no copy until Lua writes it back);
//   - a Lua table, function, record or stream converts to nil: a UDF that
//     returns a table answers nil, a table in a list is nil, a table as a map
//     value drops the entry (asked of server 8.1.2: `return {1,2}` is nil,
//     `list{ {1} }` is [nil], map value {1} is absent).

const (
	luaListType  = "List"
	luaMapType   = "Map"
	luaBytesType = "Bytes"
	luaRecType   = "Record"
)

// luaList is a list userdata's value: a pointer so that list.append and
// friends change the list every holder sees, as an as_list does.
type luaList struct{ items []any }

// luaMap is a map userdata's value.
type luaMap struct{ m map[any]any }

// luaBytes is a bytes userdata's value.
type luaBytes struct{ b []byte }

// toLua converts a stored value to Lua.
func toLua(L *lua.LState, v any) lua.LValue {
	switch x := v.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(x)
	case int64:
		return lua.LNumber(x)
	case int:
		return lua.LNumber(x)
	case float64:
		return lua.LNumber(x)
	case string:
		return lua.LString(x)
	case []byte:
		return newUD(L, &luaBytes{b: x}, luaBytesType)
	case []any:
		return newUD(L, &luaList{items: x}, luaListType)
	case msgpack.OrderedList:
		return newUD(L, &luaList{items: []any(x)}, luaListType)
	case map[any]any:
		return newUD(L, &luaMap{m: x}, luaMapType)
	case msgpack.OrderedMap:
		m := make(map[any]any, len(x.Pairs))
		for _, p := range x.Pairs {
			m[p.Key] = p.Value
		}
		return newUD(L, &luaMap{m: m}, luaMapType)
	}
	return lua.LNil
}

func newUD(L *lua.LState, v any, typ string) *lua.LUserData {
	ud := L.NewUserData()
	ud.Value = v
	L.SetMetatable(ud, L.GetTypeMetatable(typ))
	return ud
}

// fromLua converts a Lua value to a stored value; what has no stored form
// (a table, a function, a record) is nil.
func fromLua(v lua.LValue) any {
	switch x := v.(type) {
	case lua.LBool:
		return bool(x)
	case lua.LNumber:
		return numberOf(float64(x))
	case lua.LString:
		return string(x)
	case *lua.LUserData:
		switch u := x.Value.(type) {
		case *luaList:
			out := make([]any, len(u.items))
			for i, e := range u.items {
				out[i] = plain(e)
			}
			return out
		case *luaMap:
			out := make(map[any]any, len(u.m))
			for k, e := range u.m {
				if e = plain(e); e != nil {
					out[k] = e
				}
			}
			return out
		case *luaBytes:
			return append([]byte{}, u.b...)
		}
	}
	return nil
}

// plain converts an element of a list or map, which may hold Lua values
// stored by Lua code, to a stored value.
func plain(v any) any {
	switch x := v.(type) {
	case lua.LValue:
		return fromLua(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[any]any:
		out := make(map[any]any, len(x))
		for k, e := range x {
			if e = plain(e); e != nil {
				out[k] = e
			}
		}
		return out
	}
	return v
}

// numberOf is a Lua number as a stored value: an integer when it is
// integral and fits int64, a float otherwise.
func numberOf(f float64) any {
	if f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63 {
		return int64(f)
	}
	return f
}

// elem converts a Lua value stored into a list or map: scalars become stored
// values at once, lists, maps and bytes keep their userdata's Go value.
func elem(v lua.LValue) any {
	if ud, ok := v.(*lua.LUserData); ok {
		switch u := ud.Value.(type) {
		case *luaList:
			return u.items
		case *luaMap:
			return u.m
		case *luaBytes:
			return u.b
		}
		return nil
	}
	return fromLua(v)
}

// mapKey converts a Lua map key to a stored key (integer, float or string).
func luaMapKey(v lua.LValue) (any, bool) {
	switch x := v.(type) {
	case lua.LNumber:
		return numberOf(float64(x)), true
	case lua.LString:
		return string(x), true
	}
	return nil, false
}

// maxGrow bounds how far past its end a list or bytes index may reach: a
// single Lua call must not allocate without bound before the memory
// watchdog can see it.
const maxGrow = 1 << 16

// registerValueModules installs the list, map and bytes modules
// (mod_lua_list.c, mod_lua_map.c, mod_lua_bytes.c): each is a global table
// of functions and callable (list{...}, map{...}, bytes(n)), and its
// userdata indexes from 1 as Lua tables do.
func registerValueModules(L *lua.LState) {
	registerList(L)
	registerMap(L)
	registerBytes(L)
}

func checkList(L *lua.LState, n int) *luaList {
	if ud, ok := L.Get(n).(*lua.LUserData); ok {
		if l, ok := ud.Value.(*luaList); ok {
			return l
		}
	}
	L.ArgError(n, "list expected")
	return nil
}

func checkMap(L *lua.LState, n int) *luaMap {
	if ud, ok := L.Get(n).(*lua.LUserData); ok {
		if m, ok := ud.Value.(*luaMap); ok {
			return m
		}
	}
	L.ArgError(n, "map expected")
	return nil
}

func checkBytes(L *lua.LState, n int) *luaBytes {
	if ud, ok := L.Get(n).(*lua.LUserData); ok {
		if b, ok := ud.Value.(*luaBytes); ok {
			return b
		}
	}
	L.ArgError(n, "bytes expected")
	return nil
}

// module makes a global module table callable through ctor and gives its
// userdata type the metatable mt.
func module(L *lua.LState, name, typ string, funcs map[string]lua.LGFunction, mt map[string]lua.LGFunction, ctor lua.LGFunction) {
	tbl := L.SetFuncs(L.NewTable(), funcs)
	call := L.NewTable()
	call.RawSetString("__call", L.NewFunction(func(L *lua.LState) int {
		L.Remove(1) // the module table
		return ctor(L)
	}))
	L.SetMetatable(tbl, call)
	L.SetGlobal(name, tbl)
	meta := L.NewTypeMetatable(typ)
	L.SetFuncs(meta, mt)
}

func registerList(L *lua.LState) {
	module(L, "list", luaListType, map[string]lua.LGFunction{
		"size": func(L *lua.LState) int { L.Push(lua.LNumber(len(checkList(L, 1).items))); return 1 },
		"append": func(L *lua.LState) int {
			l := checkList(L, 1)
			l.items = append(l.items, elem(L.Get(2)))
			return 0
		},
		"prepend": func(L *lua.LState) int {
			l := checkList(L, 1)
			l.items = append([]any{elem(L.Get(2))}, l.items...)
			return 0
		},
		"insert": func(L *lua.LState) int {
			l := checkList(L, 1)
			i := L.CheckInt(2) - 1
			if i < 0 {
				return 0
			}
			if i > len(l.items)+maxGrow {
				L.ArgError(2, "list index out of range")
			}
			for len(l.items) < i {
				l.items = append(l.items, nil)
			}
			l.items = append(l.items[:i], append([]any{elem(L.Get(3))}, l.items[i:]...)...)
			return 0
		},
		"remove": func(L *lua.LState) int {
			l := checkList(L, 1)
			if i := L.CheckInt(2) - 1; i >= 0 && i < len(l.items) {
				l.items = append(l.items[:i:i], l.items[i+1:]...)
			}
			return 0
		},
		"take": func(L *lua.LState) int {
			l := checkList(L, 1)
			n := min(max(L.CheckInt(2), 0), len(l.items))
			L.Push(newUD(L, &luaList{items: append([]any{}, l.items[:n]...)}, luaListType))
			return 1
		},
		"drop": func(L *lua.LState) int {
			l := checkList(L, 1)
			n := min(max(L.CheckInt(2), 0), len(l.items))
			L.Push(newUD(L, &luaList{items: append([]any{}, l.items[n:]...)}, luaListType))
			return 1
		},
		"trim": func(L *lua.LState) int {
			l := checkList(L, 1)
			if n := L.CheckInt(2) - 1; n >= 0 && n < len(l.items) {
				l.items = l.items[:n]
			}
			return 0
		},
		"concat": func(L *lua.LState) int {
			l := checkList(L, 1)
			l.items = append(l.items, checkList(L, 2).items...)
			return 0
		},
		"iterator": func(L *lua.LState) int {
			l := checkList(L, 1)
			i := 0
			L.Push(L.NewFunction(func(L *lua.LState) int {
				if i >= len(l.items) {
					return 0
				}
				i++
				L.Push(toLua(L, l.items[i-1]))
				return 1
			}))
			return 1
		},
	}, map[string]lua.LGFunction{
		"__index": func(L *lua.LState) int {
			l := checkList(L, 1)
			if i, ok := L.Get(2).(lua.LNumber); ok && int(i) >= 1 && int(i) <= len(l.items) {
				L.Push(toLua(L, l.items[int(i)-1]))
				return 1
			}
			L.Push(lua.LNil)
			return 1
		},
		"__newindex": func(L *lua.LState) int {
			l := checkList(L, 1)
			i := L.CheckInt(2)
			if i < 1 {
				return 0
			}
			if i > len(l.items)+maxGrow {
				L.ArgError(2, "list index out of range")
			}
			for len(l.items) < i {
				l.items = append(l.items, nil)
			}
			l.items[i-1] = elem(L.Get(3))
			return 0
		},
		"__len":      func(L *lua.LState) int { L.Push(lua.LNumber(len(checkList(L, 1).items))); return 1 },
		"__tostring": func(L *lua.LState) int { L.Push(lua.LString(stringOf(fromLua(L.Get(1))))); return 1 },
	}, func(L *lua.LState) int {
		l := &luaList{}
		if t, ok := L.Get(1).(*lua.LTable); ok {
			for i := 1; i <= t.Len(); i++ {
				l.items = append(l.items, elem(t.RawGetInt(i)))
			}
		}
		L.Push(newUD(L, l, luaListType))
		return 1
	})
}

func registerMap(L *lua.LState) {
	pairs := func(L *lua.LState, which int) int {
		m := checkMap(L, 1)
		keys := sortedKeys(m.m)
		i := 0
		L.Push(L.NewFunction(func(L *lua.LState) int {
			for i < len(keys) {
				k := keys[i]
				i++
				v, ok := m.m[k]
				if !ok {
					continue
				}
				switch which {
				case 0:
					L.Push(toLua(L, k))
					L.Push(toLua(L, v))
					return 2
				case 1:
					L.Push(toLua(L, k))
				default:
					L.Push(toLua(L, v))
				}
				return 1
			}
			return 0
		}))
		return 1
	}
	module(L, "map", luaMapType, map[string]lua.LGFunction{
		"size": func(L *lua.LState) int { L.Push(lua.LNumber(len(checkMap(L, 1).m))); return 1 },
		"remove": func(L *lua.LState) int {
			m := checkMap(L, 1)
			if k, ok := luaMapKey(L.Get(2)); ok {
				delete(m.m, k)
			}
			return 0
		},
		"pairs":    func(L *lua.LState) int { return pairs(L, 0) },
		"iterator": func(L *lua.LState) int { return pairs(L, 0) },
		"keys":     func(L *lua.LState) int { return pairs(L, 1) },
		"values":   func(L *lua.LState) int { return pairs(L, 2) },
		"has_key": func(L *lua.LState) int {
			m := checkMap(L, 1)
			k, _ := luaMapKey(L.Get(2))
			_, ok := m.m[k]
			L.Push(lua.LBool(ok))
			return 1
		},
	}, map[string]lua.LGFunction{
		"__index": func(L *lua.LState) int {
			m := checkMap(L, 1)
			k, _ := luaMapKey(L.Get(2))
			L.Push(toLua(L, m.m[k]))
			return 1
		},
		"__newindex": func(L *lua.LState) int {
			m := checkMap(L, 1)
			k, ok := luaMapKey(L.Get(2))
			if !ok {
				return 0
			}
			if v := elem(L.Get(3)); v != nil {
				m.m[k] = v
			} else {
				delete(m.m, k)
			}
			return 0
		},
		"__len":      func(L *lua.LState) int { L.Push(lua.LNumber(len(checkMap(L, 1).m))); return 1 },
		"__tostring": func(L *lua.LState) int { L.Push(lua.LString(stringOf(fromLua(L.Get(1))))); return 1 },
	}, func(L *lua.LState) int {
		m := &luaMap{m: map[any]any{}}
		if t, ok := L.Get(1).(*lua.LTable); ok {
			t.ForEach(func(k, v lua.LValue) {
				if key, ok := luaMapKey(k); ok {
					if e := elem(v); e != nil {
						m.m[key] = e
					}
				}
			})
		}
		L.Push(newUD(L, m, luaMapType))
		return 1
	})
}

// sortedKeys orders a map's keys as the server orders values, so that
// iteration is deterministic.
func sortedKeys(m map[any]any) []any {
	keys := make([]any, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return msgpack.Compare(keys[i], keys[j]) < 0 })
	return keys
}

func registerBytes(L *lua.LState) {
	module(L, "bytes", luaBytesType, map[string]lua.LGFunction{
		"size": func(L *lua.LState) int { L.Push(lua.LNumber(len(checkBytes(L, 1).b))); return 1 },
		"get_string": func(L *lua.LState) int {
			b := checkBytes(L, 1)
			i, n := L.CheckInt(2)-1, L.CheckInt(3)
			if i < 0 || n < 0 || i+n > len(b.b) {
				L.Push(lua.LNil)
				return 1
			}
			L.Push(lua.LString(b.b[i : i+n]))
			return 1
		},
		"set_string": func(L *lua.LState) int {
			b := checkBytes(L, 1)
			i, s := L.CheckInt(2)-1, L.CheckString(3)
			if i < 0 || i > len(b.b)+maxGrow {
				L.Push(lua.LFalse)
				return 1
			}
			for len(b.b) < i+len(s) {
				b.b = append(b.b, 0)
			}
			copy(b.b[i:], s)
			L.Push(lua.LTrue)
			return 1
		},
		"append_string": func(L *lua.LState) int {
			b := checkBytes(L, 1)
			b.b = append(b.b, L.CheckString(2)...)
			L.Push(lua.LTrue)
			return 1
		},
		"append_bytes": func(L *lua.LState) int {
			b := checkBytes(L, 1)
			b.b = append(b.b, checkBytes(L, 2).b...)
			L.Push(lua.LTrue)
			return 1
		},
	}, map[string]lua.LGFunction{
		"__index": func(L *lua.LState) int {
			b := checkBytes(L, 1)
			if i, ok := L.Get(2).(lua.LNumber); ok && int(i) >= 1 && int(i) <= len(b.b) {
				L.Push(lua.LNumber(b.b[int(i)-1]))
				return 1
			}
			L.Push(lua.LNil)
			return 1
		},
		"__newindex": func(L *lua.LState) int {
			b := checkBytes(L, 1)
			i, v := L.CheckInt(2), L.CheckInt(3)
			if i >= 1 && i <= len(b.b) {
				b.b[i-1] = byte(v)
			}
			return 0
		},
		"__len": func(L *lua.LState) int { L.Push(lua.LNumber(len(checkBytes(L, 1).b))); return 1 },
	}, func(L *lua.LState) int {
		n := L.OptInt(1, 0)
		if n < 0 || n > 1<<20 {
			L.ArgError(1, "bad bytes size")
		}
		L.Push(newUD(L, &luaBytes{b: make([]byte, n)}, luaBytesType))
		return 1
	})
}
