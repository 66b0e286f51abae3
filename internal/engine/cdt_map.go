package engine

import (
	"maps"
	"slices"
	"sort"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// kmap is a map value being worked on: its entries sorted by key and its
// order flags.
//
// The server stores every map in key order, an unordered one included:
// a map written whole (a bin, or a map inside an operation's value) is
// sorted by key when it arrives (cdt.c cdt_untrusted_rewrite sorts a map
// whose keys are out of order, at every level), a put of a new key goes
// where packed_map_find_key_maybe_unordered puts it (before the first
// greater key, which in a map in key order keeps it in key order), a
// removal keeps the others in place, and put-items and set-type rewrite
// the map in key order (packed_map_convert_to_iko, map_set_flags). The
// map's stored order, which the server answers some selections in, is
// therefore always key order.
type kmap struct {
	pairs []msgpack.Pair
	flags uint8
}

func asMap(v any) kmap {
	switch x := v.(type) {
	case msgpack.OrderedMap:
		flags := mapFlags(x.Flags)
		if !sort.SliceIsSorted(x.Pairs, func(i, j int) bool { return msgpack.Compare(x.Pairs[i].Key, x.Pairs[j].Key) < 0 }) {
			p := slices.Clone(x.Pairs)
			sort.SliceStable(p, func(i, j int) bool { return msgpack.Compare(p[i].Key, p[j].Key) < 0 })
			return kmap{pairs: p, flags: flags}
		}
		return kmap{pairs: x.Pairs, flags: flags}
	case map[any]any:
		return kmap{pairs: msgpack.Pairs(x)}
	}
	return kmap{}
}

// mapFlags returns the flags a map keeps: its order, and persistIndex on
// a key-value ordered map (see persistedKV).
func mapFlags(f uint8) uint8 {
	flags := f & (msgpack.MapKeyValueOrdered | persistIndex)
	if flags&msgpack.MapKeyValueOrdered != msgpack.MapKeyValueOrdered {
		flags &^= persistIndex
	}
	return flags
}

// persistedKV returns the flags of a map an op creates or sets the type
// of: a top-level key-value ordered map asked to persist its index keeps
// persistIndex, for the server then keeps a value order index with it
// (particle_map.c packed_map_unpack_hdridx, is_persist_kv) and answers
// value selections from it (see pmap); below the top level the server
// ignores the flag (cdt_context_use_static_map_if_notinuse, map_set_flags).
// Other maps answer the same with or without it, so only this one keeps it.
func (c *cdtCall) persistedKV(raw int64, flags uint8) uint8 {
	if len(c.op.Ctx) == 0 && uint8(raw)&persistIndex != 0 && flags == msgpack.MapKeyValueOrdered {
		return flags | persistIndex
	}
	return flags
}

// value is the map as stored: a key-ordered map keeps its flags with the
// bin (and reaches the client as the server sends it, ordered).
func (m kmap) value() any {
	if m.flags&msgpack.MapKeyOrdered != 0 {
		return msgpack.OrderedMap{Flags: m.flags, Pairs: slices.Clone(m.pairs)}
	}
	out := make(map[any]any, len(m.pairs))
	for _, p := range m.pairs {
		out[p.Key] = p.Value
	}
	return out
}

// storedOrder returns the key-order indexes of the entries in stored
// order, which is key order (see kmap).
func (m kmap) storedOrder() []int {
	ord := make([]int, len(m.pairs))
	for i := range ord {
		ord[i] = i
	}
	return ord
}

// find returns the position of key, or where it would be inserted.
func (m kmap) find(key any) (int, bool) {
	i := sort.Search(len(m.pairs), func(i int) bool { return msgpack.Compare(m.pairs[i].Key, key) >= 0 })
	return i, i < len(m.pairs) && msgpack.Compare(m.pairs[i].Key, key) == 0
}

// insertAt adds key at key-order position pos.
func (m kmap) insertAt(pos int, key, value any) kmap {
	p := make([]msgpack.Pair, 0, len(m.pairs)+1)
	p = append(append(append(p, m.pairs[:pos]...), msgpack.Pair{Key: key, Value: value}), m.pairs[pos:]...)
	return kmap{pairs: p, flags: m.flags}
}

func (m kmap) setAt(pos int, value any) kmap {
	p := append([]msgpack.Pair(nil), m.pairs...)
	p[pos].Value = value
	return kmap{pairs: p, flags: m.flags}
}

func (m kmap) elements() *elements {
	e := &elements{n: len(m.pairs), keys: make([]any, len(m.pairs)), vals: make([]any, len(m.pairs))}
	for i, p := range m.pairs {
		e.keys[i], e.vals[i] = p.Key, p.Value
	}
	return e
}

func (m kmap) rankOrder() []int { return m.elements().rankOrder() }

// mapKey is particle_map.c map_is_key: integers, strings and blobs, not
// floats. It returns the key as the engine stores it: a blob, which an
// operation argument holds as a []byte, as a byte array (msgpack.BlobKey),
// the form aerospike-client-go packs and returns a blob map key in, since
// a []byte cannot be a Go map key.
func mapKey(k any) (any, bool) {
	switch x := k.(type) {
	case int64, string:
		return k, true
	case []byte:
		return msgpack.NewBlobKey(x), true
	case float64, bool, nil, []any, map[any]any, msgpack.OrderedList, msgpack.OrderedMap:
		return nil, false
	}
	if _, ok := msgpack.BlobKey(k); ok {
		return k, true
	}
	return nil, false
}

// ctxMapKey is the key a map key context creates: map_subcontext_by_key
// does not check map_is_key, so the server creates a bool, nil or float key
// too. A list or map key, which it also creates, has no Go map form (nor
// can the client read it back), and stays OP_NOT_APPLICABLE.
func ctxMapKey(k any) (any, bool) {
	switch k.(type) {
	case bool, nil, float64:
		return k, true
	}
	return mapKey(k)
}

// Map write flags (server as_cdt_map_modify_flags).
const (
	mapNoOverwrite = 0x01
	mapNoCreate    = 0x02
	mapNoFail      = 0x04
	mapDoPartial   = 0x08
)

// applyMap runs a map operation on v (particle_map.c
// cdt_process_state_packed_map_modify_optype and _read_optype).
func (c *cdtCall) applyMap(v any, exists bool) (any, bool, result, error) {
	var m kmap
	if exists {
		switch v.(type) {
		case map[any]any, msgpack.OrderedMap:
		default:
			return nil, false, result{}, c.fail(driver.BinTypeError, "map operation on a %s", typeName(v))
		}
	} else {
		switch c.op.Code {
		case cdt.OpMapSetType, cdt.OpMapPut, cdt.OpMapAdd, cdt.OpMapPutItems, cdt.OpMapAddItems,
			cdt.OpMapIncrement, cdt.OpMapDecrement, cdt.OpMapReplace:
		case cdt.OpMapReplaceItems:
			// cdt_process_state_packed_map_modify_optype: replace-items of
			// no map (a missing bin or a created context) finds nothing,
			// before it reads its arguments.
			return nil, false, result{}, c.fail(driver.FailElementNotFound, "replace items in no map")
		default:
			return nil, false, result{}, nil // removals of nothing: a no-op, arguments unread
		}
	}
	if err := c.checkParams(); err != nil {
		return nil, false, result{}, err
	}
	if x, ok := v.(map[any]any); ok {
		if out, done, changed, res, err := c.mapByKey(x); done {
			return out, changed, res, err
		}
	}
	if exists {
		m = asMap(v)
	} else {
		switch c.op.Code {
		case cdt.OpMapPut, cdt.OpMapAdd, cdt.OpMapIncrement, cdt.OpMapDecrement:
			m.flags = c.persistedKV(c.intArg(2, 0), createFlags(c.intArg(2, 0), msgpack.MapKeyValueOrdered))
		case cdt.OpMapPutItems, cdt.OpMapAddItems:
			m.flags = c.persistedKV(c.intArg(1, 0), createFlags(c.intArg(1, 0), msgpack.MapKeyValueOrdered))
		}
	}
	n := len(m.pairs)
	switch c.op.Code {
	case cdt.OpMapSetType:
		flags, ok := orderFlags(c.intArg(0, 0), msgpack.MapKeyValueOrdered)
		if !ok {
			// particle_map.c map_set_flags (cdt.c cdt_check_flags).
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "invalid map flags 0x%x", c.intArg(0, 0))
		}
		return kmap{pairs: m.pairs, flags: c.persistedKV(c.intArg(0, 0), flags)}.value(), true, result{}, nil
	case cdt.OpMapPut, cdt.OpMapAdd, cdt.OpMapReplace:
		flags := c.intArg(3, 0)
		switch c.op.Code {
		case cdt.OpMapAdd:
			flags = mapNoOverwrite
		case cdt.OpMapReplace:
			flags = mapNoCreate
		}
		return c.mapPut(m, exists, []msgpack.Pair{{Key: c.arg(0), Value: c.arg(1)}}, flags)
	case cdt.OpMapPutItems, cdt.OpMapAddItems, cdt.OpMapReplaceItems:
		items, ok := c.arg(0).(map[any]any)
		if !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "items are a %s, want a map", typeName(c.arg(0)))
		}
		flags := c.intArg(2, 0)
		switch c.op.Code {
		case cdt.OpMapAddItems:
			flags = mapNoOverwrite
		case cdt.OpMapReplaceItems:
			flags = mapNoCreate
		}
		return c.mapPut(m, exists, msgpack.Pairs(items), flags)
	case cdt.OpMapIncrement, cdt.OpMapDecrement:
		return c.mapIncrement(m)
	case cdt.OpMapClear:
		return kmap{flags: m.flags}.value(), true, result{}, nil
	case cdt.OpMapSize:
		return nil, false, result{int64(n), true}, nil
	}

	rt := c.arg(0).(int64)
	s := &mapSel{c: c, p: newPmap(m), t: rt & rtResultMask, inv: rt&int64(cdt.ReturnInverted) != 0, multi: true}
	var err error
	switch c.op.Code {
	case cdt.OpMapGetByKey, cdt.OpMapRemoveByKey:
		s.multi = false
		err = s.byKeyInterval(c.arg(1), nil, false, true)
	case cdt.OpMapGetByKeyInterval, cdt.OpMapRemoveByKeyInterval:
		err = s.byKeyInterval(c.arg(1), c.arg(2), c.nargs > 2, false)
	case cdt.OpMapGetByKeyList, cdt.OpMapRemoveByKeyList:
		keys, ok := c.arg(1).([]any)
		if !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "key list is a %s, want a list", typeName(c.arg(1)))
		}
		err = s.byKeyList(keys)
	case cdt.OpMapGetByKeyRelIndex, cdt.OpMapRemoveByKeyRelIndex:
		// packed_map_get_remove_by_rel_index_range: relative to the
		// index the key has or would have.
		idx, cnt := relRange(c.arg(2).(int64), c.countArg(3), s.p.keysBelow(c.arg(1)))
		err = s.byIndexRange(idx, cnt)
	case cdt.OpMapGetByIndex, cdt.OpMapRemoveByIndex:
		s.multi = false
		err = s.byIndexRange(c.arg(1).(int64), 1)
	case cdt.OpMapGetByIndexRange, cdt.OpMapRemoveByIndexRange:
		err = s.byIndexRange(c.arg(1).(int64), c.countArg(2))
	case cdt.OpMapGetByValue, cdt.OpMapRemoveByValue:
		err = s.byValueInterval(c.arg(1), nil, false, true)
	case cdt.OpMapGetByValueInterval, cdt.OpMapRemoveByValueInterval:
		err = s.byValueInterval(c.arg(1), c.arg(2), c.nargs > 2, false)
	case cdt.OpMapGetByValueList, cdt.OpMapRemoveByValueList:
		vals, ok := c.arg(1).([]any)
		if !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "value list is a %s, want a list", typeName(c.arg(1)))
		}
		err = s.byValueList(vals)
	case cdt.OpMapGetByValueRelRank, cdt.OpMapRemoveByValueRelRank:
		// packed_map_get_remove_by_rel_rank_range: relative to the rank
		// the value has or would have.
		idx, cnt := relRange(c.arg(2).(int64), c.countArg(3), s.p.valuesBelow(c.arg(1)))
		err = s.byRankRange(idx, cnt)
	case cdt.OpMapGetByRank, cdt.OpMapRemoveByRank:
		s.multi = false
		err = s.byRankRange(c.arg(1).(int64), 1)
	case cdt.OpMapGetByRankRange, cdt.OpMapRemoveByRankRange:
		err = s.byRankRange(c.arg(1).(int64), c.countArg(2))
	default:
		return nil, false, result{}, c.fail(driver.ParameterError, "not a map operation")
	}
	if err != nil {
		return nil, false, result{}, err
	}
	switch {
	case !c.modify:
		return nil, false, s.out, nil
	case s.empty:
		return kmap{flags: m.flags}.value(), true, s.out, nil
	case s.rm != nil && slices.Contains(s.rm, true):
		return s.p.without(s.rm).value(), true, s.out, nil
	}
	return nil, false, s.out, nil
}

// mapPut is particle_map.c map_add (one item) and map_add_items: NO_OVERWRITE
// (create only) refuses a present key with ELEMENT_EXISTS, NO_CREATE
// (update only) a missing one with ELEMENT_NOT_FOUND; NO_FAIL turns a
// refusal into a no-op, of the whole op unless it puts several items with
// DO_PARTIAL, which skips the refused ones. It returns the map's size.
//
// A no-op leaves a missing bin an empty map (the static map
// cdt_context_use_static_map_if_notinuse put there is kept: "In case of
// no-op"), but does not create a map a context would have created (the
// context is only made when the op writes). Put-items into an empty map
// that refuses new keys with NO_FAIL|DO_PARTIAL puts every item anyway
// (map_add_items_ordered checks only allow_create for an empty map).
func (c *cdtCall) mapPut(m kmap, exists bool, items []msgpack.Pair, flags int64) (any, bool, result, error) {
	for i, it := range items {
		k, ok := mapKey(it.Key)
		if !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "map key of type %s (want integer, string or blob)", typeName(it.Key))
		}
		items[i].Key = k
	}
	noop := func() (any, bool, result, error) {
		if !exists && len(c.op.Ctx) == 0 {
			return m.value(), true, result{int64(len(m.pairs)), true}, nil
		}
		return nil, false, result{int64(len(m.pairs)), true}, nil
	}
	several := c.op.Code == cdt.OpMapPutItems || c.op.Code == cdt.OpMapAddItems || c.op.Code == cdt.OpMapReplaceItems
	if several && len(m.pairs) == 0 && len(items) > 0 && flags&mapNoCreate != 0 {
		switch {
		case flags&mapNoFail == 0:
			return nil, false, result{}, c.fail(driver.FailElementNotFound, "key %v", items[0].Key)
		case flags&mapDoPartial == 0:
			return noop()
		}
		flags = 0
	}
	nm := kmap{pairs: append([]msgpack.Pair(nil), m.pairs...), flags: m.flags}
	for _, it := range items {
		pos, found := nm.find(it.Key)
		var code driver.ResultCode
		switch {
		case found && flags&mapNoOverwrite != 0:
			code = driver.FailElementExists
		case !found && flags&mapNoCreate != 0:
			code = driver.FailElementNotFound
		}
		if code != 0 {
			if flags&mapNoFail == 0 {
				return nil, false, result{}, c.fail(code, "key %v", it.Key)
			}
			if !several || flags&mapDoPartial == 0 {
				return noop()
			}
			continue
		}
		if found {
			nm.pairs[pos].Value = it.Value
		} else {
			nm = nm.insertAt(pos, it.Key, it.Value)
		}
	}
	return nm.value(), true, result{int64(len(nm.pairs)), true}, nil
}

// mapIncrement is particle_map.c map_increment: a missing key starts from
// the delta (its negation for a decrement); a present value must be a
// number and keeps its type.
func (c *cdtCall) mapIncrement(m kmap) (any, bool, result, error) {
	key, delta, err := c.mapDelta()
	if err != nil {
		return nil, false, result{}, err
	}
	pos, found := m.find(key)
	var cur any
	if found {
		cur = m.pairs[pos].Value
	}
	nv, err := c.incremented(cur, found, delta)
	if err != nil {
		return nil, false, result{}, err
	}
	if found {
		return m.setAt(pos, nv).value(), true, result{nv, true}, nil
	}
	return m.insertAt(pos, key, nv).value(), true, result{nv, true}, nil
}

// mapDelta reads the key and the signed delta of an increment or
// decrement: the key must be a map key, the delta (1 when absent) a number
// (cdt.c cdt_calc_delta_init: PARAMETER_ERROR otherwise).
func (c *cdtCall) mapDelta() (key, delta any, err error) {
	key, ok := mapKey(c.arg(0))
	if !ok {
		return nil, nil, c.fail(driver.ParameterError, "map key of type %s (want integer, string or blob)", typeName(c.arg(0)))
	}
	delta = int64(1)
	if c.nargs > 1 && c.arg(1) != nil {
		delta = c.arg(1) // a nil delta is 1 (cdt_calc_delta_init)
	}
	neg := c.op.Code == cdt.OpMapDecrement
	switch d := delta.(type) {
	case int64:
		if neg {
			delta = -d
		}
	case float64:
		if neg {
			delta = -d
		}
	default:
		return nil, nil, c.fail(driver.ParameterError, "increment by a %s, want an integer or float", typeName(delta))
	}
	return key, delta, nil
}

// incremented is a map value after an increment: a present value must be
// an integer or a float (cdt.c cdt_calc_delta_add; map_increment answers
// AS_ERR_PARAMETER otherwise, nil included).
func (c *cdtCall) incremented(cur any, found bool, delta any) (any, error) {
	if found && cur == nil {
		return nil, c.fail(driver.ParameterError, "increment of a nil value")
	}
	nv, err := addNumber(cur, delta)
	if err != nil {
		return nil, c.fail(driver.ParameterError, "increment of a %s", typeName(cur))
	}
	return nv, nil
}

// mapByKey runs the operations on an unordered map that address one key
// (put, increment, size) without building the key order the index and
// rank operations need. done is false for the other operations.
func (c *cdtCall) mapByKey(x map[any]any) (out any, done, changed bool, res result, err error) {
	switch c.op.Code {
	case cdt.OpMapSize:
		return nil, true, false, result{int64(len(x)), true}, nil
	case cdt.OpMapIncrement, cdt.OpMapDecrement:
	default:
		return nil, false, false, result{}, nil
	}
	key, delta, err := c.mapDelta()
	if err != nil {
		return nil, true, false, result{}, err
	}
	cur, found := x[key]
	nv, err := c.incremented(cur, found, delta)
	if err != nil {
		return nil, true, false, result{}, err
	}
	nm := maps.Clone(x)
	nm[key] = nv
	return nm, true, true, result{nv, true}, nil
}
