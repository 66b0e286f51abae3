package engine

import (
	"slices"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// The list selections (get_by_* and remove_by_*), written after the
// server's own functions in particle_list.c (packed_list_get_remove_by_*),
// because the order of their results follows how each one finds its
// elements: an index range answers in index order, a value interval of an
// unordered list by a mask (index order), a rank range of an unordered list
// from a partial heap sort (order_heap, cdt.c) whose order is neither index
// nor rank order, a value list by its items. Each returns the result and the
// indexes to remove (ascending).

// listSel is one list selection under way: the list, the return type and
// whether the operation is a multi-element one.
type listSel struct {
	c        *cdtCall
	items    []any
	ordered  bool
	t        int64 // return type without INVERTED
	inverted bool
	multi    bool
}

func (c *cdtCall) newListSel(l list, rt int64, multi bool) *listSel {
	return &listSel{c: c, items: l.items, ordered: l.ordered, t: rt &^ int64(cdt.ReturnInverted),
		inverted: rt&int64(cdt.ReturnInverted) != 0, multi: multi}
}

func (s *listSel) n() int { return len(s.items) }

func (s *listSel) notApplicable(what string) (result, []int, error) {
	return result{}, nil, s.c.fail(driver.OPNotApplicable, "return type %d%s not supported %s", s.t, invertedText(s.inverted), what)
}

func invertedText(inv bool) string {
	if inv {
		return " with INVERTED"
	}
	return ""
}

func isRev(t int64) bool {
	return t == int64(cdt.ReturnReverseIndex) || t == int64(cdt.ReturnReverseRank)
}

// intRange is cdt.c cdt_container_builder_add_int_range.
func intRange(out []any, start, count, n int, rev bool) []any {
	if rev {
		start = n - start - count
	}
	for i := 0; i < count; i++ {
		out = append(out, int64(start+i))
	}
	return out
}

// countLess is the rank a value has in an unordered list: the count of
// elements below it (packed_list_find_rank_range_by_value_interval_unordered).
func (s *listSel) countLess(v any) int {
	r := 0
	for _, e := range s.items {
		if msgpack.Compare(e, v) < 0 {
			r++
		}
	}
	return r
}

// notFound is particle_list.c list_result_data_set_not_found (cdt.c
// result_data_set_not_found).
func (s *listSel) notFound(index int) (result, []int, error) {
	switch s.t {
	case int64(cdt.ReturnNone):
		return result{}, nil, nil
	case rtIndexRange, rtRevIndexRange, rtRankRange, rtRevRankRange:
		return result{[]any{int64(index), int64(0)}, true}, nil, nil
	case int64(cdt.ReturnIndex), int64(cdt.ReturnReverseIndex), int64(cdt.ReturnRank), int64(cdt.ReturnReverseRank):
		if s.multi {
			return result{[]any{}, true}, nil, nil
		}
		return result{int64(-1), true}, nil, nil
	case int64(cdt.ReturnCount), int64(cdt.ReturnExists):
		return s.countExists(0), nil, nil
	case int64(cdt.ReturnValue):
		if s.multi {
			return result{[]any{}, true}, nil, nil
		}
		return result{}, nil, nil
	}
	return s.notApplicable("by a list")
}

// countExists is the COUNT or EXISTS answer of a selection of k elements
// (cdt.c result_data_set_int, result_data_set_bool); the caller's switch
// sends it only those two return types.
func (s *listSel) countExists(k int) result {
	if s.t == int64(cdt.ReturnExists) {
		return result{k != 0, true}
	}
	return result{int64(k), true}
}

// indexRankCount is cdt.c result_data_set_index_rank_count.
func (s *listSel) indexRankCount(start, count int) (result, error) {
	n := s.n()
	switch s.t {
	case int64(cdt.ReturnNone):
		return result{}, nil
	case int64(cdt.ReturnCount):
		if s.inverted {
			return result{int64(n - count), true}, nil
		}
		return result{int64(count), true}, nil
	case int64(cdt.ReturnExists):
		if s.inverted {
			return result{count == 0, true}, nil
		}
		return result{count != 0, true}, nil
	case int64(cdt.ReturnIndex), int64(cdt.ReturnReverseIndex), int64(cdt.ReturnRank), int64(cdt.ReturnReverseRank):
		rev := isRev(s.t)
		if !s.multi {
			if count == 0 {
				return result{int64(-1), true}, nil
			}
			if rev {
				start = n - start - 1
			}
			return result{int64(start), true}, nil
		}
		out := []any{}
		if s.inverted {
			out = intRange(out, 0, start, n, rev)
			out = intRange(out, start+count, n-start-count, n, rev)
		} else {
			out = intRange(out, start, count, n, rev)
		}
		return result{out, true}, nil
	}
	_, _, err := s.notApplicable("here")
	return result{}, err
}

// setRange is cdt.c result_data_set_range.
func (s *listSel) setRange(start, count int) (result, error) {
	switch s.t {
	case rtRevIndexRange, rtRevRankRange, rtIndexRange, rtRankRange:
		if s.inverted {
			_, _, err := s.notApplicable("here")
			return result{}, err
		}
		if s.t == rtRevIndexRange || s.t == rtRevRankRange {
			start = s.n() - start - count
		}
		return result{[]any{int64(start), int64(count)}, true}, nil
	}
	return s.indexRankCount(start, count)
}

// intsByMask is cdt.c result_data_set_int_list_by_mask: the indexes of
// the mask in index order.
func (s *listSel) intsByMask(mask []bool) result {
	n := s.n()
	rev := isRev(s.t)
	out := []any{}
	for i, in := range mask {
		if !in {
			continue
		}
		v := int64(i)
		if rev {
			v = int64(n - i - 1)
		}
		if !s.multi {
			return result{v, true}
		}
		out = append(out, v)
	}
	if !s.multi {
		return result{int64(-1), true}
	}
	return result{out, true}
}

// valuesByMask is particle_list.c list_result_data_set_values_by_mask.
func (s *listSel) valuesByMask(mask []bool) result {
	out := []any{}
	for i, in := range mask {
		if in {
			out = append(out, s.items[i])
		}
	}
	return result{out, true}
}

func maskIdx(mask []bool) []int {
	var out []int
	for i, in := range mask {
		if in {
			out = append(out, i)
		}
	}
	return out
}

func idxSeq(start, count int) []int {
	out := make([]int, count)
	for j := range out {
		out[j] = start + j
	}
	return out
}

// byIndexRange is particle_list.c packed_list_get_remove_by_index_range.
func (s *listSel) byIndexRange(index int64, count uint64) (result, []int, error) {
	n := s.n()
	ui, cnt, ok := indexRange(index, count, n, s.multi)
	if !ok {
		return result{}, nil, s.c.fail(driver.OPNotApplicable, "index %d out of bounds for %d elements", index, n)
	}
	if s.inverted {
		if !s.multi {
			return s.notApplicable("for a single-element operation")
		}
		switch s.t {
		case rtIndexRange, rtRevIndexRange, rtRankRange, rtRevRankRange:
			return s.notApplicable("here")
		}
		s.inverted = false
		switch {
		case cnt == 0: // remove all
			ui, cnt = 0, n
		case ui == 0: // the tail
			ui, cnt = cnt, n-cnt
		case ui+cnt >= n: // the head
			ui, cnt = 0, ui
		default:
			return s.trim(ui, cnt)
		}
	}
	if cnt == 0 {
		return s.notFound(ui)
	}
	rm := idxSeq(ui, cnt)
	var r result
	var err error
	switch s.t {
	case int64(cdt.ReturnNone):
	case int64(cdt.ReturnIndex), int64(cdt.ReturnReverseIndex):
		r, err = s.indexRankCount(ui, cnt)
	case int64(cdt.ReturnRank), int64(cdt.ReturnReverseRank):
		rev := s.t == int64(cdt.ReturnReverseRank)
		switch {
		case cnt == n: // every element: ranks 0..n-1 in order
			r, err = s.indexRankCount(0, cnt)
		case !s.multi:
			rank := ui
			if !s.ordered {
				rank = s.countLess(s.items[ui])
			}
			if rev {
				rank = n - rank - 1
			}
			r = result{int64(rank), true}
		case s.ordered:
			r = result{intRange([]any{}, ui, cnt, n, rev), true}
		default:
			// packed_list_builder_add_ranks_by_range: each element's rank.
			out := make([]any, 0, cnt)
			for _, v := range s.items[ui : ui+cnt] {
				rank := s.countLess(v)
				if rev {
					rank = n - rank - 1
				}
				out = append(out, int64(rank))
			}
			r = result{out, true}
		}
	case int64(cdt.ReturnCount), int64(cdt.ReturnExists):
		r = s.countExists(cnt)
	case int64(cdt.ReturnValue):
		if s.multi {
			r = result{slices.Clone(s.items[ui : ui+cnt]), true}
		} else {
			r = singleValue(s.items[ui])
		}
	case rtIndexRange, rtRevIndexRange:
		start := ui
		if s.t == rtRevIndexRange {
			start = n - ui - cnt
		}
		r = result{[]any{int64(start), int64(cnt)}, true}
	case rtRankRange, rtRevRankRange:
		if !s.ordered {
			return s.notApplicable("by an index range of an unordered list")
		}
		r, err = s.setRange(ui, cnt)
	default:
		return s.notApplicable("by an index range")
	}
	if err != nil {
		return result{}, nil, err
	}
	return r, rm, nil
}

// trim is particle_list.c packed_list_trim: an inverted index range in
// the middle of the list, removing the head and the tail around it.
func (s *listSel) trim(index, count int) (result, []int, error) {
	n := s.n()
	index1 := index + count
	rm := append(idxSeq(0, index), idxSeq(index1, n-index1)...)
	rev := isRev(s.t)
	var r result
	switch s.t {
	case int64(cdt.ReturnNone):
	case int64(cdt.ReturnCount), int64(cdt.ReturnExists):
		r = s.countExists(len(rm))
	case int64(cdt.ReturnIndex), int64(cdt.ReturnReverseIndex):
		out := intRange([]any{}, 0, index, n, rev)
		r = result{intRange(out, index1, n-index1, n, rev), true}
	case int64(cdt.ReturnRank), int64(cdt.ReturnReverseRank):
		if s.ordered {
			out := intRange([]any{}, 0, index, n, rev)
			r = result{intRange(out, index1, n-index1, n, rev), true}
			break
		}
		out := make([]any, 0, len(rm))
		for _, i := range rm {
			rank := s.countLess(s.items[i])
			if rev {
				rank = n - rank - 1
			}
			out = append(out, int64(rank))
		}
		r = result{out, true}
	case int64(cdt.ReturnValue):
		out := make([]any, 0, len(rm))
		for _, i := range rm {
			out = append(out, s.items[i])
		}
		r = result{out, true}
	default:
		return s.notApplicable("by an inverted index range")
	}
	return r, rm, nil
}

// orderedRange is particle_list.c
// packed_list_find_rank_range_by_value_interval_ordered: the rank of start
// (its lower bound) and the count of elements in [start, end) (end nil
// and !hasEnd: the top; single: equal to start).
func (s *listSel) orderedRange(start, end any, hasEnd, single bool) (int, int) {
	rank, _ := slices.BinarySearchFunc(s.items, start, msgpack.Compare)
	if single {
		upper := rank
		for upper < len(s.items) && msgpack.Compare(s.items[upper], start) == 0 {
			upper++
		}
		return rank, upper - rank
	}
	if !hasEnd {
		return rank, len(s.items) - rank
	}
	if msgpack.Compare(start, end) >= 0 {
		return rank, 0
	}
	upper, _ := slices.BinarySearchFunc(s.items, end, msgpack.Compare)
	return rank, max(upper-rank, 0)
}

// byValueInterval is particle_list.c
// packed_list_get_remove_by_value_interval: the elements in [start, end),
// or equal to start (single).
func (s *listSel) byValueInterval(start, end any, hasEnd, single bool) (result, []int, error) {
	n := s.n()
	if s.inverted && !s.multi {
		return s.notApplicable("for a single-element operation")
	}
	if s.ordered {
		rank, count := s.orderedRange(start, end, hasEnd, single)
		if count == 0 && !s.multi {
			return s.notFound(0)
		}
		return s.byIndexRange(int64(rank), uint64(count))
	}
	mask := make([]bool, n)
	rank, rmCount := 0, 0
	for i, v := range s.items {
		in := false
		if c := msgpack.Compare(v, start); c < 0 {
			rank++
		} else if single {
			in = c == 0
		} else {
			in = !hasEnd || msgpack.Compare(v, end) < 0
		}
		if in != s.inverted {
			mask[i] = true
			rmCount++
		}
	}
	var r result
	var err error
	switch s.t {
	case int64(cdt.ReturnNone), int64(cdt.ReturnCount), int64(cdt.ReturnExists),
		int64(cdt.ReturnRank), int64(cdt.ReturnReverseRank), rtRankRange, rtRevRankRange:
		count := rmCount
		if s.inverted {
			count = n - rmCount
		}
		r, err = s.setRange(rank, count)
	case int64(cdt.ReturnIndex), int64(cdt.ReturnReverseIndex):
		r = s.intsByMask(mask)
	case int64(cdt.ReturnValue):
		r = s.valuesByMask(mask)
	default:
		return s.notApplicable("by a value interval")
	}
	if err != nil {
		return result{}, nil, err
	}
	return r, maskIdx(mask), nil
}

// listSelect runs a get_by_* or remove_by_* operation on l
// (particle_list.c cdt_process_state_packed_list_read_optype and
// _modify_optype).
func (c *cdtCall) listSelect(l list) (any, bool, result, error) {
	rt := c.arg(0).(int64)
	var (
		r   result
		rm  []int
		err error
	)
	switch c.op.Code {
	case cdt.OpListGetByIndex, cdt.OpListRemoveByIndex:
		r, rm, err = c.newListSel(l, rt, false).byIndexRange(c.arg(1).(int64), 1)
	case cdt.OpListGetByRank, cdt.OpListRemoveByRank:
		r, rm, err = c.newListSel(l, rt, false).byRankRange(c.arg(1).(int64), 1)
	case cdt.OpListGetByIndexRange, cdt.OpListRemoveByIndexRange:
		r, rm, err = c.newListSel(l, rt, true).byIndexRange(c.arg(1).(int64), c.countArg(2))
	case cdt.OpListGetByRankRange, cdt.OpListRemoveByRankRange:
		r, rm, err = c.newListSel(l, rt, true).byRankRange(c.arg(1).(int64), c.countArg(2))
	case cdt.OpListGetByValue, cdt.OpListRemoveByValue:
		r, rm, err = c.newListSel(l, rt, true).byValueInterval(c.arg(1), c.arg(1), true, true)
	case cdt.OpListGetByValueList, cdt.OpListRemoveByValueList:
		items, ok := c.arg(1).([]any)
		if !ok {
			return nil, false, result{}, c.fail(driver.ParameterError, "value list is a %s, want a list", typeName(c.arg(1)))
		}
		r, rm, err = c.newListSel(l, rt, true).byValueList(items)
	case cdt.OpListGetByValueInterval, cdt.OpListRemoveByValueInterval:
		r, rm, err = c.newListSel(l, rt, true).byValueInterval(c.arg(1), c.arg(2), c.nargs > 2, false)
	case cdt.OpListGetByValueRelRank:
		fallthrough
	default: // cdt.OpListRemoveByValueRelRank
		r, rm, err = c.newListSel(l, rt, true).byRelRankRange(c.arg(1), c.arg(2).(int64), c.countArg(3))
	}
	if err != nil {
		return nil, false, result{}, err
	}
	if !c.modify || len(rm) == 0 {
		return nil, false, r, nil
	}
	return list{items: removeIdx(l.items, rm), ordered: l.ordered}.value(), true, r, nil
}
