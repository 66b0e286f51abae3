package engine

import (
	"slices"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// The rank selections of a list (see cdt_list_select.go).

// rankHeap is cdt.c order_heap_init_build_by_range_temp: the indexes of
// the list arranged by a partial heap sort so that the count elements from
// rank idx sit at [filled, filled+count), in descending rank order when
// the range is nearer the bottom and ascending when nearer the top; equal
// elements come in the order the heap leaves them.
func (s *listSel) rankHeap(idx, count int) ([]int, int) {
	n := s.n()
	want := -1 // min-heap
	discard := idx
	if tail := n - idx - count; idx > tail {
		want, discard = 1, tail
	}
	heap := idxSeq(0, n)
	filled := n
	cmp := func(a, b int) int {
		c := msgpack.Compare(s.items[a], s.items[b])
		switch {
		case c < 0:
			return -1
		case c > 0:
			return 1
		}
		return 0
	}
	heapify := func(i int) {
		for {
			c1, c2 := 2*i+1, 2*i+2
			if c1 >= filled {
				return
			}
			child := c1
			if c2 < filled {
				if c := cmp(heap[c1], heap[c2]); c != want && c != 0 {
					child = c2
				}
			}
			if cmp(heap[child], heap[i]) != want {
				return
			}
			heap[i], heap[child] = heap[child], heap[i]
			i = child
		}
	}
	for i := filled/2 - 1; i >= 0; i-- {
		heapify(i)
	}
	end := filled - 1
	for k := 0; k < count+discard; k++ {
		top := heap[0]
		filled--
		heap[0] = heap[filled]
		heapify(0)
		heap[end] = top
		end--
	}
	return heap, filled
}

// byRankRange is particle_list.c packed_list_get_remove_by_rank_range.
func (s *listSel) byRankRange(rank int64, count uint64) (result, []int, error) {
	if s.inverted && !s.multi {
		return s.notApplicable("for a single-element operation")
	}
	if s.ordered {
		return s.byIndexRange(rank, count) // index is rank
	}
	n := s.n()
	ur, cnt, ok := indexRange(rank, count, n, s.multi)
	if !ok {
		return result{}, nil, s.c.fail(driver.OPNotApplicable, "rank %d out of bounds for %d elements", rank, n)
	}
	heap, filled := s.rankHeap(ur, cnt)
	rmCount := cnt
	if s.inverted {
		rmCount = n - cnt
	}
	if rmCount == 0 {
		return s.notFound(ur)
	}
	mask := make([]bool, n)
	for _, i := range heap[filled : filled+cnt] {
		mask[i] = true
	}
	if s.inverted {
		if s.t == rtRankRange || s.t == rtRevRankRange {
			return s.notApplicable("here")
		}
		for i := range mask {
			mask[i] = !mask[i]
		}
	}
	var r result
	var err error
	switch s.t {
	case int64(cdt.ReturnNone), int64(cdt.ReturnCount), int64(cdt.ReturnExists),
		int64(cdt.ReturnRank), int64(cdt.ReturnReverseRank), rtRankRange, rtRevRankRange:
		r, err = s.setRange(ur, cnt)
	case int64(cdt.ReturnIndex), int64(cdt.ReturnReverseIndex):
		r = s.intsByMask(mask)
	case int64(cdt.ReturnValue):
		switch {
		case s.inverted:
			r = s.valuesByMask(mask)
		case !s.multi:
			r = singleValue(s.items[heap[filled]])
		default:
			out := make([]any, 0, rmCount)
			for _, i := range heap[filled : filled+rmCount] {
				out = append(out, s.items[i])
			}
			r = result{out, true}
		}
	default:
		return s.notApplicable("by a rank range")
	}
	if err != nil {
		return result{}, nil, err
	}
	return r, maskIdx(mask), nil
}

// byRelRankRange is particle_list.c
// packed_list_get_remove_by_rel_rank_range: a rank range relative to the
// rank value has or would have.
func (s *listSel) byRelRankRange(value any, rank int64, count uint64) (result, []int, error) {
	if s.ordered {
		rel, _ := slices.BinarySearchFunc(s.items, value, msgpack.Compare)
		idx, cnt := relRange(rank, count, rel)
		return s.byIndexRange(idx, cnt)
	}
	idx, cnt := relRange(rank, count, s.countLess(value))
	return s.byRankRange(idx, cnt)
}
