package engine

import (
	"maps"
	"sort"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// kmap is a map value being worked on: its entries sorted by key (the
// server's index order for every map: particle_map.c sorts an unordered
// map's entries by key for index operations), its order flags and, for
// an unordered map stored out of key order, that stored order.
//
// The server keeps an unordered map as it was written: a bin written
// whole keeps the order of its packed form, a put of a new key goes where
// packed_map_find_key_maybe_unordered puts it (before the first greater
// key of the map's ascending prefix, else at the end), a put of a present
// key keeps its place (packed_map_op_add), a removal keeps the others in
// place, and a put of several items first rewrites the map in key order
// (map_add_items, packed_map_convert_to_iko). A map built only by those
// writes from a map in key order therefore stays in key order, which is
// how the engine stores a Go map (a map[any]any, which has no order: the
// client packs it in Go's iteration order); a map packed out of key order
// (from the wire) is a msgpack.OrderedMap with Flags 0.
type kmap struct {
	pairs []msgpack.Pair
	flags uint8
	// stored is the key-order index of each entry in stored order; nil
	// when the map is stored in key order.
	stored []int
}

func asMap(v any) kmap {
	switch x := v.(type) {
	case msgpack.OrderedMap:
		flags := x.Flags & msgpack.MapKeyValueOrdered
		if !sort.SliceIsSorted(x.Pairs, func(i, j int) bool { return msgpack.Compare(x.Pairs[i].Key, x.Pairs[j].Key) < 0 }) {
			ord := make([]int, len(x.Pairs))
			for i := range ord {
				ord[i] = i
			}
			sort.SliceStable(ord, func(a, b int) bool { return msgpack.Compare(x.Pairs[ord[a]].Key, x.Pairs[ord[b]].Key) < 0 })
			m := kmap{pairs: make([]msgpack.Pair, len(ord)), flags: flags}
			if flags == 0 {
				m.stored = make([]int, len(ord))
			}
			for k, at := range ord {
				m.pairs[k] = x.Pairs[at]
				if m.stored != nil {
					m.stored[at] = k
				}
			}
			return m
		}
		return kmap{pairs: x.Pairs, flags: flags}
	case map[any]any:
		return kmap{pairs: msgpack.Pairs(x)}
	}
	return kmap{}
}

// value is the map as stored: a key-ordered map keeps its flags with the
// bin (and reaches the client as the server sends it, ordered); an
// unordered map out of key order keeps its stored order.
func (m kmap) value() any {
	if m.flags&msgpack.MapKeyOrdered != 0 || m.stored != nil {
		p := make([]msgpack.Pair, len(m.pairs))
		for j, k := range m.storedOrder() {
			p[j] = m.pairs[k]
		}
		return msgpack.OrderedMap{Flags: m.flags, Pairs: p}
	}
	out := make(map[any]any, len(m.pairs))
	for _, p := range m.pairs {
		out[p.Key] = p.Value
	}
	return out
}

// storedOrder returns the key-order indexes of the entries in stored
// order.
func (m kmap) storedOrder() []int {
	if m.stored != nil {
		return m.stored
	}
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

// insertAt adds key at key-order position pos; in the stored order it goes
// where particle_map.c packed_map_find_key_maybe_unordered puts a new key:
// before the first greater key while the entries seen are ascending, else
// at the end.
func (m kmap) insertAt(pos int, key, value any) kmap {
	p := make([]msgpack.Pair, 0, len(m.pairs)+1)
	p = append(append(append(p, m.pairs[:pos]...), msgpack.Pair{Key: key, Value: value}), m.pairs[pos:]...)
	nm := kmap{pairs: p, flags: m.flags}
	if m.stored == nil {
		return nm // ascending throughout: the new key keeps it in key order
	}
	at := len(m.stored)
	for j, k := range m.stored {
		if j > 0 && k < m.stored[j-1] {
			break
		}
		if k >= pos {
			at = j
			break
		}
	}
	nm.stored = make([]int, 0, len(m.stored)+1)
	for j, k := range m.stored {
		if j == at {
			nm.stored = append(nm.stored, pos)
		}
		if k >= pos {
			k++
		}
		nm.stored = append(nm.stored, k)
	}
	if at == len(m.stored) {
		nm.stored = append(nm.stored, pos)
	}
	return nm.normalized()
}

// without returns the map without the entries whose key-order index is
// in drop; the others keep their stored order.
func (m kmap) without(drop []bool) kmap {
	nm := kmap{pairs: make([]msgpack.Pair, 0, len(m.pairs)), flags: m.flags}
	newIdx := make([]int, len(m.pairs))
	for i, pr := range m.pairs {
		newIdx[i] = len(nm.pairs)
		if !drop[i] {
			nm.pairs = append(nm.pairs, pr)
		}
	}
	if m.stored != nil {
		nm.stored = make([]int, 0, len(nm.pairs))
		for _, k := range m.stored {
			if !drop[k] {
				nm.stored = append(nm.stored, newIdx[k])
			}
		}
	}
	return nm.normalized()
}

// normalized drops a stored order that is key order.
func (m kmap) normalized() kmap {
	for j, k := range m.stored {
		if j != k {
			return m
		}
	}
	m.stored = nil
	return m
}

func (m kmap) setAt(pos int, value any) kmap {
	p := append([]msgpack.Pair(nil), m.pairs...)
	p[pos].Value = value
	return kmap{pairs: p, flags: m.flags, stored: m.stored}
}

func (m kmap) elements() *elements {
	e := &elements{n: len(m.pairs), keys: make([]any, len(m.pairs)), vals: make([]any, len(m.pairs))}
	for i, p := range m.pairs {
		e.keys[i], e.vals[i] = p.Key, p.Value
	}
	if m.stored != nil {
		e.storedAt = make([]int, len(m.stored))
		for j, k := range m.stored {
			e.storedAt[k] = j
		}
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
			cdt.OpMapIncrement, cdt.OpMapDecrement, cdt.OpMapReplace, cdt.OpMapReplaceItems:
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
			m.flags = createFlags(c.intArg(2, 0), msgpack.MapKeyValueOrdered)
		case cdt.OpMapPutItems, cdt.OpMapAddItems:
			m.flags = createFlags(c.intArg(1, 0), msgpack.MapKeyValueOrdered)
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
		nm := kmap{pairs: m.pairs, flags: flags}
		if flags == 0 {
			nm.stored = m.stored // map_set_flags reorders only into key order
		}
		return nm.value(), true, result{}, nil
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

	e := m.elements()
	rt := c.arg(0).(int64)
	var s selection
	switch c.op.Code {
	case cdt.OpMapGetByKey, cdt.OpMapRemoveByKey:
		s = selection{}
		if pos, found := m.find(c.arg(1)); found {
			s.idx = []int{pos}
		}
	case cdt.OpMapGetByIndex, cdt.OpMapRemoveByIndex, cdt.OpMapGetByRank, cdt.OpMapRemoveByRank:
		i, _, ok := indexRange(c.arg(1).(int64), 1, n, false)
		if !ok {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "index or rank %d out of bounds for %d entries", c.arg(1), n)
		}
		if c.op.Code == cdt.OpMapGetByRank || c.op.Code == cdt.OpMapRemoveByRank {
			s = rankSel(e, i, 1, false)
		} else {
			s = rangeSel(i, 1, false)
		}
	case cdt.OpMapGetByIndexRange, cdt.OpMapRemoveByIndexRange:
		i, cnt, _ := indexRange(c.arg(1).(int64), c.countArg(2), n, true)
		if inv := int64(cdt.ReturnInverted); rt&inv != 0 {
			// packed_map_get_remove_by_index_range reduces an inverted
			// range that leaves one run of entries to that run.
			switch {
			case cnt == 0:
				i, cnt, rt = 0, n, rt&^inv
			case i == 0:
				i, cnt, rt = cnt, n-cnt, rt&^inv
			case i+cnt >= n:
				i, cnt, rt = 0, i, rt&^inv
			}
		}
		s = rangeSel(i, cnt, true)
		// Every entry: packed_map_get_remove_all.
		s.all = cnt == n && rt&int64(cdt.ReturnInverted) == 0
	case cdt.OpMapGetByRankRange, cdt.OpMapRemoveByRankRange:
		i, cnt, _ := indexRange(c.arg(1).(int64), c.countArg(2), n, true)
		s = rankSel(e, i, cnt, true)
	case cdt.OpMapGetByKeyList, cdt.OpMapRemoveByKeyList:
		keys, ok := c.arg(1).([]any)
		if !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "key list is a %s, want a list", typeName(c.arg(1)))
		}
		s = valueListSel(e.keys, keys)
	case cdt.OpMapGetByKeyInterval, cdt.OpMapRemoveByKeyInterval:
		s = valueSel(e.keys, c.arg(1), c.arg(2), false, c.nargs > 2)
	case cdt.OpMapGetByKeyRelIndex, cdt.OpMapRemoveByKeyRelIndex:
		pos, _ := m.find(c.arg(1))
		idx, cnt := relRange(c.arg(2).(int64), c.countArg(3), pos)
		i, k, _ := indexRange(idx, cnt, n, true)
		s = rangeSel(i, k, true)
	case cdt.OpMapGetByValue, cdt.OpMapRemoveByValue:
		s = valueSel(e.vals, c.arg(1), nil, true, false)
	case cdt.OpMapGetByValueList, cdt.OpMapRemoveByValueList:
		vals, ok := c.arg(1).([]any)
		if !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "value list is a %s, want a list", typeName(c.arg(1)))
		}
		s = valueListSel(e.vals, vals)
	case cdt.OpMapGetByValueInterval, cdt.OpMapRemoveByValueInterval:
		s = valueSel(e.vals, c.arg(1), c.arg(2), false, c.nargs > 2)
		if m.flags == 0 {
			// packed_map_get_remove_by_value_interval: an unordered map
			// has no value order index and selects by mask (stored order).
			break
		}
		// Selected by value: results in value order.
		ord := e.rankOrder()
		in := make(map[int]bool, len(s.idx))
		for _, i := range s.idx {
			in[i] = true
		}
		s.idx = s.idx[:0]
		for _, i := range ord {
			if in[i] {
				s.idx = append(s.idx, i)
			}
		}
		s.rankBased = true
	case cdt.OpMapGetByValueRelRank, cdt.OpMapRemoveByValueRelRank:
		idx, cnt := relRange(c.arg(2).(int64), c.countArg(3), rankOfValue(e.vals, c.arg(1)))
		i, k, _ := indexRange(idx, cnt, n, true)
		s = rankSel(e, i, k, true)
	default:
		return nil, false, result{}, c.fail(driver.ParameterError, "not a map operation")
	}
	out, err := c.buildResult(rt, s, e)
	if err != nil {
		return nil, false, result{}, err
	}
	if !c.modify {
		return nil, false, out, nil
	}
	rm := s.chosen(n, rt&int64(cdt.ReturnInverted) != 0).idx
	if len(rm) == 0 {
		return nil, false, out, nil
	}
	drop := make([]bool, n)
	for _, i := range rm {
		drop[i] = true
	}
	return m.without(drop).value(), true, out, nil
}

// mapPut is particle_map.c map_add for each item: NO_OVERWRITE (create
// only) refuses a present key with ELEMENT_EXISTS, NO_CREATE (update only)
// a missing one with ELEMENT_NOT_FOUND; NO_FAIL turns a refusal into a
// no-op, of the whole op unless DO_PARTIAL. It returns the map's size.
func (c *cdtCall) mapPut(m kmap, exists bool, items []msgpack.Pair, flags int64) (any, bool, result, error) {
	for i, it := range items {
		k, ok := mapKey(it.Key)
		if !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "map key of type %s (want integer, string or blob)", typeName(it.Key))
		}
		items[i].Key = k
	}
	noop := func() (any, bool, result, error) {
		return m.value(), !exists, result{int64(len(m.pairs)), true}, nil
	}
	nm := kmap{pairs: append([]msgpack.Pair(nil), m.pairs...), flags: m.flags, stored: m.stored}
	switch c.op.Code {
	case cdt.OpMapPutItems, cdt.OpMapAddItems, cdt.OpMapReplaceItems:
		// map_add_items rewrites the map in key order first
		// (packed_map_convert_to_iko).
		nm.stored = nil
	}
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
			if flags&mapDoPartial == 0 {
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
	if c.nargs > 1 {
		delta = c.arg(1)
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
// a number, nil included (cdt.c cdt_calc_delta_add: AS_ERR_PARAMETER).
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
