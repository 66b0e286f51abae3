package engine

import (
	"slices"
	"sort"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// list is a list value being worked on: its items and its order flag
// (particle_list.c packed_list, AS_PACKED_LIST_FLAG_ORDERED).
type list struct {
	items   []any
	ordered bool
}

func asList(v any) list {
	switch x := v.(type) {
	case msgpack.OrderedList:
		return list{items: x, ordered: true}
	case []any:
		return list{items: x}
	}
	return list{}
}

// value is the list as stored: an OrderedList keeps its flag with the bin.
func (l list) value() any {
	if l.items == nil {
		l.items = []any{}
	}
	if l.ordered {
		return msgpack.OrderedList(l.items)
	}
	return l.items
}

func (l *list) sort() {
	sort.SliceStable(l.items, func(i, j int) bool { return msgpack.Compare(l.items[i], l.items[j]) < 0 })
}

func (l list) contains(v any) bool {
	for _, e := range l.items {
		if msgpack.Compare(e, v) == 0 {
			return true
		}
	}
	return false
}

// maxListLen bounds the length a write may give a list: a list of that
// many nils alone is 8 MiB, the largest max-record-size a server accepts,
// so a longer one could never be stored (RECORD_TOO_BIG), and padding to
// it is refused before memory is spent on it.
const maxListLen = 8 << 20

// maxListIndex is the largest index an insert, set or increment takes
// (particle_list.c packed_list_insert, list_increment: index > INT32_MAX
// is AS_ERR_OP_NOT_APPLICABLE).
const maxListIndex = 1<<31 - 1

func (c *cdtCall) tooBig(index int64) error {
	return c.fail(driver.RecordTooBig, "a list padded to index %d exceeds any record size", index)
}

// List write flags (server as_cdt_list_modify_flags).
const (
	listAddUnique     = 0x01
	listInsertBounded = 0x02
	listNoFail        = 0x04
	listDoPartial     = 0x08
)

// applyList runs a list operation on v (particle_list.c
// cdt_process_state_packed_list_modify_optype and _read_optype). A missing
// v (exists false) is a bin or context element that does not exist yet:
// writes create the list, removals are no-ops.
func (c *cdtCall) applyList(v any, exists bool) (any, bool, result, error) {
	var l list
	if exists {
		switch v.(type) {
		case []any, msgpack.OrderedList:
			l = asList(v)
		default:
			return nil, false, result{}, c.fail(driver.BinTypeError, "list operation on a %s", typeName(v))
		}
	} else {
		switch c.op.Code {
		case cdt.OpListSetType, cdt.OpListAppend, cdt.OpListAppendItems, cdt.OpListIncrement,
			cdt.OpListInsert, cdt.OpListInsertItems, cdt.OpListSet:
		case cdt.OpListSort:
			// cdt_process_state_packed_list_modify_optype: sort of an
			// empty bin is AS_ERR_INCOMPATIBLE_TYPE.
			return nil, false, result{}, c.fail(driver.BinTypeError, "sort of a missing list")
		default:
			return nil, false, result{}, nil // removals of nothing: a no-op, arguments unread
		}
	}
	if err := c.checkParams(); err != nil {
		return nil, false, result{}, err
	}
	if !exists {
		switch c.op.Code {
		case cdt.OpListAppend, cdt.OpListAppendItems:
			l.ordered = createFlags(c.intArg(1, 0), msgpack.ListOrdered) != 0
		case cdt.OpListIncrement:
			l.ordered = createFlags(c.intArg(2, 0), msgpack.ListOrdered) != 0
		}
	}
	n := len(l.items)
	switch c.op.Code {
	case cdt.OpListSetType:
		flags, ok := orderFlags(c.intArg(0, 0), msgpack.ListOrdered)
		if !ok {
			// particle_list.c list_set_flags (cdt.c cdt_check_flags).
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "invalid list flags 0x%x", c.intArg(0, 0))
		}
		nl := list{items: append([]any(nil), l.items...), ordered: flags != 0}
		if nl.ordered {
			nl.sort()
		}
		return nl.value(), true, result{}, nil
	case cdt.OpListAppend, cdt.OpListAppendItems:
		return c.listAdd(l, exists, int64(n), c.arg(0), c.op.Code == cdt.OpListAppendItems, c.intArg(2, 0), true)
	case cdt.OpListInsert, cdt.OpListInsertItems:
		return c.listAdd(l, exists, c.arg(0).(int64), c.arg(1), c.op.Code == cdt.OpListInsertItems, c.intArg(2, 0), false)
	case cdt.OpListSet:
		return c.listSet(l, exists)
	case cdt.OpListIncrement:
		return c.listIncrement(l, exists)
	case cdt.OpListSort:
		flags := c.intArg(0, 0)
		items := append([]any(nil), l.items...)
		nl := list{items: items, ordered: l.ordered}
		if !l.ordered {
			nl.sort()
			if flags&int64(cdt.ListSortDescending) != 0 {
				for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
					items[i], items[j] = items[j], items[i]
				}
			}
		}
		if flags&int64(cdt.ListSortDropDuplicates) != 0 && len(nl.items) > 1 {
			// particle_list.c list_sort marks duplicates with
			// cdt.c order_index_sorted_mark_dup_eles, which accepts only an
			// ascending order: a descending sort of an unordered list of
			// distinct elements fails (AS_ERR_PARAMETER).
			if !l.ordered && flags&int64(cdt.ListSortDescending) != 0 &&
				msgpack.Compare(nl.items[0], nl.items[len(nl.items)-1]) != 0 {
				return nil, false, result{}, c.fail(driver.ParameterError, "descending sort that drops duplicates")
			}
			out := nl.items[:1]
			for _, e := range nl.items[1:] {
				if msgpack.Compare(e, out[len(out)-1]) != 0 {
					out = append(out, e)
				}
			}
			nl.items = out
		}
		return nl.value(), true, result{}, nil
	case cdt.OpListClear:
		return list{ordered: l.ordered}.value(), true, result{}, nil
	case cdt.OpListSize:
		return nil, false, result{int64(n), true}, nil
	}

	// Selections: reads, and removals that return what they remove.
	e := &elements{n: n, vals: l.items, sorted: l.ordered}
	var s selection
	var rt int64
	switch c.op.Code {
	case cdt.OpListGet, cdt.OpListPop, cdt.OpListRemove:
		i, cnt, ok := indexRange(c.arg(0).(int64), 1, n, false)
		if !ok {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "index %d out of bounds for %d elements", c.arg(0), n)
		}
		s = rangeSel(i, cnt, false)
		rt = int64(cdt.ReturnValue)
		if c.op.Code == cdt.OpListRemove {
			rt = int64(cdt.ReturnCount)
		}
	case cdt.OpListGetRange, cdt.OpListPopRange, cdt.OpListRemoveRange:
		i, cnt, _ := indexRange(c.arg(0).(int64), c.countArg(1), n, true)
		s = rangeSel(i, cnt, true)
		rt = int64(cdt.ReturnValue)
		if c.op.Code == cdt.OpListRemoveRange {
			rt = int64(cdt.ReturnCount)
		}
	case cdt.OpListTrim:
		// list_trim: remove everything outside the range, return the count.
		i, cnt, _ := indexRange(c.arg(0).(int64), c.countArg(1), n, true)
		s = rangeSel(i, cnt, true)
		rt = int64(cdt.ReturnCount) | int64(cdt.ReturnInverted)
	case cdt.OpListGetByIndex, cdt.OpListRemoveByIndex, cdt.OpListGetByRank, cdt.OpListRemoveByRank,
		cdt.OpListGetByIndexRange, cdt.OpListRemoveByIndexRange, cdt.OpListGetByRankRange, cdt.OpListRemoveByRankRange,
		cdt.OpListGetByValue, cdt.OpListRemoveByValue, cdt.OpListGetByValueList, cdt.OpListRemoveByValueList,
		cdt.OpListGetByValueInterval, cdt.OpListRemoveByValueInterval, cdt.OpListGetByValueRelRank, cdt.OpListRemoveByValueRelRank:
		return c.listSelect(l)
	default:
		return nil, false, result{}, c.fail(driver.ParameterError, "not a list operation")
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
	return list{items: removeIdx(l.items, rm), ordered: l.ordered}.value(), true, out, nil
}

// listAdd appends (append true) or inserts value, or the items of the list
// value when multi, under the write flags (particle_list.c list_append,
// list_insert): ADD_UNIQUE refuses a value present (ELEMENT_EXISTS), and
// without DO_PARTIAL one refused item refuses them all; NO_FAIL turns the
// refusal into a no-op. It returns the list's new size.
func (c *cdtCall) listAdd(l list, exists bool, index int64, value any, multi bool, flags int64, appending bool) (any, bool, result, error) {
	n := len(l.items)
	items := []any{value}
	if multi {
		var ok bool
		if items, ok = value.([]any); !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "items are a %s, want a list", typeName(value))
		}
	}
	noop := func() (any, bool, result, error) {
		return l.value(), !exists, result{int64(n), true}, nil
	}
	refuse := func(code driver.ResultCode, format string, args ...any) (any, bool, result, error) {
		if flags&listNoFail != 0 {
			return noop()
		}
		return nil, false, result{}, c.fail(code, format, args...)
	}
	if !appending {
		if l.ordered {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "insert into an ordered list")
		}
		if multi && len(items) == 0 {
			// particle_list.c packed_list_insert: an empty item list
			// answers the size before the index is checked (calc_index),
			// so any index, even one out of bounds, is a no-op.
			return noop()
		}
		if index < 0 {
			index += int64(n)
			if index < 0 {
				return nil, false, result{}, c.fail(driver.OPNotApplicable, "index %d out of bounds for %d elements", index-int64(n), n)
			}
		}
		if index > maxListIndex {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "index %d out of bounds for %d elements", index, n)
		}
		if index > int64(n) && flags&listInsertBounded != 0 {
			return refuse(driver.OPNotApplicable, "index %d beyond the end of %d elements (INSERT_BOUNDED)", index, n)
		}
	}
	// An empty item list adds nothing, whatever the flags: the size is
	// answered (a missing bin becomes an empty list), as a real 8.1.2
	// server does (particle_list.c list_append_items, list_insert_items).
	if flags&listAddUnique != 0 && len(items) > 0 {
		var err error
		var done bool
		if items, done, err = c.uniqueItems(l, items, multi, flags); err != nil || done {
			if err != nil {
				return nil, false, result{}, err
			}
			return noop()
		}
	}
	if len(items) == 0 {
		return noop()
	}
	if int64(n)+int64(len(items)) > maxListLen || index > maxListLen {
		return nil, false, result{}, c.tooBig(index)
	}
	var out []any
	switch {
	case l.ordered:
		out = append(append(make([]any, 0, n+len(items)), l.items...), items...)
		nl := list{items: out, ordered: true}
		nl.sort()
		out = nl.items
	case index >= int64(n):
		out = make([]any, 0, int(index)+len(items))
		out = append(out, l.items...)
		for len(out) < int(index) {
			out = append(out, nil) // an index past the end pads with nil
		}
		out = append(out, items...)
	default:
		out = make([]any, 0, n+len(items))
		out = append(append(append(out, l.items[:index]...), items...), l.items[index:]...)
	}
	return list{items: out, ordered: l.ordered}.value(), true, result{int64(len(out)), true}, nil
}

// uniqueItems applies ADD_UNIQUE to the items an append or insert adds
// (particle_list.c packed_list_insert for an unordered list,
// packed_list_add_ordered and packed_list_add_items_ordered for an ordered
// one): an item already in the list is skipped under DO_PARTIAL, else it
// refuses them all (ELEMENT_EXISTS, a no-op under NO_FAIL); DO_PARTIAL
// counts only with NO_FAIL (mod_flags_is_do_partial); an item sent
// twice is OP_NOT_APPLICABLE without NO_FAIL, a no-op under NO_FAIL alone,
// skipped under NO_FAIL and DO_PARTIAL; an unordered list refuses an add
// left with nothing (ELEMENT_EXISTS, a no-op under NO_FAIL), an ordered
// one answers its size. done is a no-op.
func (c *cdtCall) uniqueItems(l list, items []any, multi bool, flags int64) (kept []any, done bool, err error) {
	exists := func(v any) ([]any, bool, error) {
		if flags&listNoFail != 0 {
			return nil, true, nil
		}
		return nil, false, c.fail(driver.FailElementExists, "value %v already in the list (ADD_UNIQUE)", v)
	}
	sentTwice := func(v any) ([]any, bool, error) {
		if flags&listNoFail == 0 {
			return nil, false, c.fail(driver.OPNotApplicable, "value %v sent twice (ADD_UNIQUE)", v)
		}
		return nil, flags&listDoPartial == 0, nil
	}
	// mod_flags_is_do_partial: DO_PARTIAL counts only with NO_FAIL.
	partial := flags&(listNoFail|listDoPartial) == listNoFail|listDoPartial
	if !multi {
		if l.contains(items[0]) {
			return exists(items[0])
		}
		return items, false, nil
	}
	if l.ordered {
		// The items sorted and their duplicates marked first, then each
		// looked up in the list.
		for i, it := range items {
			for _, prev := range items[:i] {
				if msgpack.Compare(prev, it) == 0 {
					if _, done, err := sentTwice(it); err != nil || done {
						return nil, done, err
					}
				}
			}
		}
		for i, it := range items {
			dup := false
			for _, prev := range items[:i] {
				dup = dup || msgpack.Compare(prev, it) == 0
			}
			if dup {
				continue
			}
			if l.contains(it) {
				if partial {
					continue
				}
				return exists(it)
			}
			kept = append(kept, it)
		}
		if len(kept) == 0 {
			return nil, true, nil // the list unchanged, its size answered
		}
		return kept, false, nil
	}
	for i, it := range items {
		if l.contains(it) {
			if partial {
				continue
			}
			return exists(it)
		}
		dup := false
		for _, prev := range items[:i] {
			dup = dup || msgpack.Compare(prev, it) == 0
		}
		if dup {
			if _, done, err := sentTwice(it); err != nil || done {
				return nil, done, err
			}
			continue
		}
		kept = append(kept, it)
	}
	if len(kept) == 0 {
		return exists(items[0])
	}
	return kept, false, nil
}

// listSet is particle_list.c list_set: no set in an ordered list.
func (c *cdtCall) listSet(l list, exists bool) (any, bool, result, error) {
	n := len(l.items)
	index, value, flags := c.arg(0).(int64), c.arg(1), c.intArg(2, 0)
	if l.ordered {
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "set in an ordered list")
	}
	if index < 0 {
		index += int64(n)
		if index < 0 {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "index %d out of bounds for %d elements", index-int64(n), n)
		}
	}
	return c.setAt(l, exists, index, value, flags, result{})
}

// setAt sets the element at index (not negative) of an unordered list
// under the write flags, answering res (particle_list.c list_set): an
// index at or past the end inserts there as packed_list_insert does,
// padding with nil, unless INSERT_BOUNDED and past the end; ADD_UNIQUE
// refuses a value present at another index.
func (c *cdtCall) setAt(l list, exists bool, index int64, value any, flags int64, res result) (any, bool, result, error) {
	n := len(l.items)
	fail := func(code driver.ResultCode, format string, args ...any) (any, bool, result, error) {
		if flags&listNoFail != 0 {
			return l.value(), !exists, res, nil
		}
		return nil, false, result{}, c.fail(code, format, args...)
	}
	if index > maxListIndex {
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "index %d out of bounds for %d elements", index, n)
	}
	if index > int64(n) && flags&listInsertBounded != 0 {
		return fail(driver.OPNotApplicable, "index %d beyond the end of %d elements (INSERT_BOUNDED)", index, n)
	}
	if index > maxListLen {
		return nil, false, result{}, c.tooBig(index)
	}
	if flags&listAddUnique != 0 {
		for i, e := range l.items {
			if int64(i) != index && msgpack.Compare(e, value) == 0 {
				return fail(driver.FailElementExists, "value %v already in the list (ADD_UNIQUE)", value)
			}
		}
	}
	out := make([]any, max(n, int(index)+1))
	copy(out, l.items)
	out[index] = value
	return list{items: out}.value(), true, res, nil
}

// listIncrement is particle_list.c list_increment: the element at index
// plus the delta (cdt.c cdt_calc_delta_init, cdt_calc_delta_add: a nil or
// absent delta is 1; the element keeps its type, an integer plus a float
// delta stays an integer; an element that is not a number, nil included,
// is AS_ERR_PARAMETER; past the end the new element is the delta itself).
// An unordered list then sets the element as list_set does; an ordered one
// replaces it in order (packed_list_replace_ordered).
func (c *cdtCall) listIncrement(l list, exists bool) (any, bool, result, error) {
	n := len(l.items)
	index, flags := c.arg(0).(int64), c.intArg(3, 0)
	var delta any = int64(1)
	if c.nargs > 1 && c.arg(1) != nil {
		delta = c.arg(1)
	}
	switch delta.(type) {
	case int64, float64:
	default:
		return nil, false, result{}, c.fail(driver.ParameterError, "increment by a %s, want an integer or float", typeName(delta))
	}
	if index > maxListIndex {
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "index %d out of bounds for %d elements", index, n)
	}
	if index < 0 {
		index += int64(n)
		if index < 0 {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "index %d out of bounds for %d elements", index-int64(n), n)
		}
	}
	var cur any
	if index < int64(n) {
		cur = l.items[index]
		switch cur.(type) {
		case int64, float64, uint64: // uint64: see addNumber
		default:
			return nil, false, result{}, c.fail(driver.ParameterError, "increment of a %s, want an integer or float", typeName(cur))
		}
	}
	nv, err := addNumber(cur, delta)
	if err != nil {
		return nil, false, result{}, c.fail(driver.ParameterError, "increment of a %s", typeName(cur))
	}
	res := result{nv, true}
	if !l.ordered {
		return c.setAt(l, exists, index, nv, flags, res)
	}
	// packed_list_replace_ordered: no index past the end; INSERT_BOUNDED
	// is not consulted; ADD_UNIQUE refuses a value present elsewhere.
	if index > int64(n) {
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "index %d past the end of an ordered list of %d elements", index, n)
	}
	if flags&listAddUnique != 0 {
		rank, _ := slices.BinarySearchFunc(l.items, nv, msgpack.Compare)
		if rank < n && msgpack.Compare(l.items[rank], nv) == 0 {
			if int64(rank) == index || flags&listNoFail != 0 {
				return l.value(), !exists, res, nil // no-op
			}
			return nil, false, result{}, c.fail(driver.FailElementExists, "value %v already in the list (ADD_UNIQUE)", nv)
		}
	}
	out := append([]any(nil), l.items...)
	if index < int64(n) {
		out = append(out[:index], out[index+1:]...)
	}
	nl := list{items: append(out, nv), ordered: true}
	nl.sort()
	return nl.value(), true, res, nil
}

// addNumber is cdt.c cdt_calc_delta_add: nil counts as the delta itself;
// the sum keeps the element's type.
func addNumber(cur, delta any) (any, error) {
	switch x := cur.(type) {
	case nil:
		return delta, nil
	case uint64:
		// An element above math.MaxInt64: msgpack_get_int64 reads its
		// bits as an int64 (cdt_calc_delta_add), and the sum is an int64.
		return addNumber(int64(x), delta)
	case int64:
		switch d := delta.(type) {
		case int64:
			return x + d, nil
		case float64:
			return x + int64(d), nil
		}
	case float64:
		switch d := delta.(type) {
		case int64:
			return x + float64(d), nil
		case float64:
			return x + d, nil
		}
	}
	return nil, errIncompatible
}
