package engine

import (
	"slices"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/internal/msgpack"
)

// The value list selection of a list (see cdt_list_select.go).

// byValueList is particle_list.c packed_list_get_remove_all_by_value_list
// (and _ordered): the elements equal to one of items.
func (s *listSel) byValueList(items []any) (result, []int, error) {
	n := s.n()
	switch s.t {
	case rtIndexRange, rtRevIndexRange, rtRankRange, rtRevRankRange:
		return s.notApplicable("by a value list")
	}
	if len(items) == 0 {
		if !s.inverted {
			return s.notFound(0)
		}
		s.inverted = false
		return s.byIndexRange(0, uint64(n))
	}
	rev := isRev(s.t)
	mask := make([]bool, n)
	if s.ordered {
		// Each item's rank and count (rm_rc), in the order of items.
		type rc struct{ rank, count int }
		rcs := make([]rc, len(items))
		for i, it := range items {
			rcs[i].rank, rcs[i].count = s.orderedRange(it, it, true, true)
			for j := rcs[i].rank; j < rcs[i].rank+rcs[i].count; j++ {
				mask[j] = true
			}
		}
		if s.inverted {
			for i := range mask {
				mask[i] = !mask[i]
			}
		}
		rmCount := len(maskIdx(mask))
		var r result
		switch s.t {
		case int64(cdt.ReturnNone):
		case int64(cdt.ReturnCount), int64(cdt.ReturnExists):
			r = s.countExists(rmCount)
		case int64(cdt.ReturnIndex), int64(cdt.ReturnReverseIndex), int64(cdt.ReturnRank), int64(cdt.ReturnReverseRank):
			if s.inverted {
				r = s.intsByMask(mask)
				break
			}
			// cdt.c result_data_set_by_irc.
			out := []any{}
			for _, x := range rcs {
				out = intRange(out, x.rank, x.count, n, rev)
			}
			r = result{out, true}
		case int64(cdt.ReturnValue):
			if s.inverted {
				r = s.valuesByMask(mask)
				break
			}
			// list_result_data_set_values_by_idxcount: by item, so an
			// item sent twice returns its elements twice.
			out := []any{}
			for _, x := range rcs {
				out = append(out, s.items[x.rank:x.rank+x.count]...)
			}
			r = result{out, true}
		default:
			return s.notApplicable("by a value list")
		}
		return r, maskIdx(mask), nil
	}
	// cdt.c offset_index_find_items: the items sorted (stably), each list
	// element looked up among them.
	ord := idxSeq(0, len(items))
	slices.SortStableFunc(ord, func(a, b int) int { return msgpack.Compare(items[a], items[b]) })
	// counts[i] is the number of elements equal to item i, kept on the
	// last of equal items in sorted order only.
	counts := make([]int, len(items))
	rmCount := 0
	for i, v := range s.items {
		last := -1
		for _, k := range ord {
			if msgpack.Compare(items[k], v) == 0 {
				last = k
			}
		}
		if last >= 0 {
			counts[last]++
		}
		if (last >= 0) != s.inverted {
			mask[i] = true
			rmCount++
		}
	}
	var r result
	switch s.t {
	case int64(cdt.ReturnNone):
	case int64(cdt.ReturnCount), int64(cdt.ReturnExists):
		r = s.countExists(rmCount)
	case int64(cdt.ReturnIndex), int64(cdt.ReturnReverseIndex):
		r = s.intsByMask(mask)
	case int64(cdt.ReturnRank), int64(cdt.ReturnReverseRank):
		// cdt.c result_data_set_by_itemlist_irc: by item in the order
		// sent; inverted, the gaps between the items in sorted order.
		out := []any{}
		if !s.inverted {
			for k, it := range items {
				rank := s.countLess(it)
				for j := 0; j < counts[k]; j++ {
					out = intRange(out, rank+j, 1, n, rev)
				}
			}
		} else {
			prev := 0
			for _, k := range ord {
				if counts[k] == 0 {
					continue
				}
				rank := s.countLess(items[k])
				out = intRange(out, prev, rank-prev, n, rev)
				prev = rank + counts[k]
			}
			out = intRange(out, prev, n-prev, n, rev)
		}
		r = result{out, true}
	case int64(cdt.ReturnValue):
		r = s.valuesByMask(mask)
	default:
		return s.notApplicable("by a value list")
	}
	return r, maskIdx(mask), nil
}
