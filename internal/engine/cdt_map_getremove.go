package engine

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// The get/remove-by operations themselves (particle_map.c
// packed_map_get_remove_by_*), on a map without a value order index (see
// cdt_map_select.go).

// byKeyInterval is packed_map_get_remove_by_key_interval: [start, end),
// end nil for the top (hasEnd false), or the one key start when single.
func (s *mapSel) byKeyInterval(start, end any, hasEnd, single bool) error {
	p := s.p
	if s.isRankRange() {
		return s.na("a key interval")
	}
	if p.kord {
		index, count := p.keysBelow(start), 0
		switch {
		case single:
			if _, found := p.findKey(start); found {
				count = 1
			}
		case hasEnd:
			count = max(p.keysBelow(end)-index, 0)
		default:
			count = p.n() - index
		}
		if count == 0 && !s.multi {
			return s.keyNotFound(-1)
		}
		return s.byIndexRange(int64(index), uint64(count))
	}
	if s.inv && !s.multi {
		return s.na("INVERTED on a single-result op")
	}
	if single {
		idx, found := p.findKey(start)
		if !found {
			return s.keyNotFound(-1)
		}
		mask := make([]bool, p.n())
		mask[idx] = true
		s.remove(mask)
		return s.resultByKey(start, idx)
	}
	// packed_map_get_range_by_key_interval_unordered
	var idxs []int
	index := 0
	for i, e := range p.st {
		if msgpack.Compare(e.Key, start) < 0 {
			index++
		} else if !hasEnd || msgpack.Compare(e.Key, end) < 0 {
			idxs = append(idxs, i)
		}
	}
	count := len(idxs)
	mask, _ := s.maskOf(idxs, s.inv)
	s.remove(mask)
	switch {
	case s.isElements():
		s.elements(maskIdxs(mask))
	case s.isRank():
		s.ranks(maskIdxs(mask))
	default:
		return s.setRange(index, count, p.n())
	}
	return nil
}

// resultByKey is packed_map_build_result_by_key for one key of an
// unordered map found at idx.
func (s *mapSel) resultByKey(key any, idx int) error {
	p := s.p
	n := p.n()
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.isIndex() || s.isIndexRange():
		index := p.keysBelow(key)
		if s.isIndexRange() {
			if s.t == rtRevIndexRange {
				index = n - index - 1
			}
			s.set([]any{int64(index), int64(1)})
			break
		}
		s.set(revInt(index, n, s.isRev()))
	case s.isRank():
		s.set(revInt(p.rankKey(idx), n, s.isRev()))
	default:
		return s.selected([]int{idx}, "a key")
	}
	return nil
}

// byIndexRange is packed_map_get_remove_by_index_range.
func (s *mapSel) byIndexRange(index int64, count uint64) error {
	p := s.p
	n := p.n()
	i, cnt, ok := calcIndexCount(index, count, n, s.multi)
	if !ok {
		return s.c.fail(driver.OPNotApplicable, "index %d out of bounds for %d entries", index, n)
	}
	if s.isRankRange() {
		return s.na("an index range")
	}
	if s.inv {
		if !s.multi {
			return s.na("INVERTED on a single-result op")
		}
		s.inv = false
		switch {
		case cnt == 0: // remove all
			i, cnt = 0, n
		case i == 0: // the tail
			i, cnt = cnt, n-cnt
		case i+cnt >= n: // the head
			i, cnt = 0, i
		case p.kord:
			return s.trimOrdered(i, cnt)
		default:
			s.inv = true
		}
	}
	if cnt == 0 {
		return s.keyNotFound(i)
	}
	if cnt == n {
		return s.all()
	}
	if p.kord {
		mask, _ := s.maskOf(s.idxRange(i, cnt, false), false)
		s.remove(mask)
		switch {
		case s.isElements():
			s.elements(s.idxRange(i, cnt, false))
		case s.isRank():
			s.ranks(s.idxRange(i, cnt, false))
		default:
			return s.setRange(i, cnt, n)
		}
		return nil
	}
	// An order heap by key: the entries of key indexes [i, i+cnt).
	sel := p.sortedBy(p.cmpKey)[i : i+cnt]
	inv := s.inv
	mask, _ := s.maskOf(sel, inv)
	s.remove(mask)
	switch {
	case s.isRank():
		if inv {
			s.ranks(maskIdxs(mask))
		} else {
			s.ranks(sel)
		}
	case s.isElements():
		if inv {
			s.elements(maskIdxs(mask))
		} else {
			s.elements(sel)
		}
	default:
		return s.setRange(i, cnt, n)
	}
	return nil
}

// trimOrdered is packed_map_trim_ordered: an inverted index range of a
// key-ordered map that leaves a head and a tail.
func (s *mapSel) trimOrdered(index, count int) error {
	n := s.p.n()
	rm := s.idxRange(index, count, true)
	mask, _ := s.maskOf(rm, false)
	s.remove(mask)
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.isIndex():
		out := ints([]any{}, 0, index, n, s.isRev())
		s.set(ints(out, index+count, n-index-count, n, s.isRev()))
	case s.isRank():
		s.ranks(rm)
	default:
		return s.selected(rm, "an inverted index range")
	}
	return nil
}

// all is packed_map_get_remove_all: every entry, answered from the map as
// stored.
func (s *mapSel) all() error {
	n := s.p.n()
	if s.c.modify {
		s.empty = true
	}
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.isIndex() || s.isRank():
		if !s.multi {
			s.set(int64(0))
			break
		}
		s.set(ints([]any{}, 0, n, n, s.isRev()))
	case s.isIndexRange() || s.isRankRange():
		s.set([]any{int64(0), int64(n)})
	default:
		return s.selected(s.idxRange(0, n, false), "every entry")
	}
	return nil
}

// byValueInterval is packed_map_get_remove_by_value_interval without a
// value order index: [start, end), end nil for the top (hasEnd false), or
// the value start when single.
func (s *mapSel) byValueInterval(start, end any, hasEnd, single bool) error {
	p := s.p
	n := p.n()
	if s.isIndexRange() {
		return s.na("a value interval")
	}
	if s.inv && !s.multi {
		return s.na("INVERTED on a single-result op")
	}
	if n == 0 {
		return s.valueNotFound(-1)
	}
	if p.ordidx {
		return s.byValueIntervalIndexed(start, end, hasEnd, single)
	}
	// packed_map_find_rank_range_by_value_interval_unordered
	rank := 0
	var idxs []int
	for i, e := range p.st {
		c := msgpack.Compare(e.Value, start)
		switch {
		case c < 0:
			rank++
		case single:
			if c == 0 {
				idxs = append(idxs, i)
			}
		case !hasEnd || msgpack.Compare(e.Value, end) < 0:
			idxs = append(idxs, i)
		}
	}
	count := len(idxs)
	if count == 0 {
		if s.inv {
			s.inv = false
			return s.all()
		}
		return s.valueNotFound(rank)
	}
	mask, _ := s.maskOf(idxs, s.inv)
	s.remove(mask)
	switch {
	case s.isElements():
		s.elements(maskIdxs(mask))
	case s.isIndex():
		s.indexes(maskIdxs(mask), -1)
	default:
		return s.setRange(rank, count, n)
	}
	return nil
}

// byRankRange is packed_map_get_remove_by_rank_range without a value
// order index: an order heap by value, then key.
func (s *mapSel) byRankRange(rank int64, count uint64) error {
	p := s.p
	n := p.n()
	r, cnt, ok := calcIndexCount(rank, count, n, s.multi)
	if !ok {
		return s.c.fail(driver.OPNotApplicable, "rank %d out of bounds for %d entries", rank, n)
	}
	if s.isIndexRange() {
		return s.na("a rank range")
	}
	if s.inv {
		if !s.multi {
			return s.na("INVERTED on a single-result op")
		}
		s.inv = false
		switch {
		case cnt == 0:
			r, cnt = 0, n
		case r == 0:
			r, cnt = cnt, n-cnt
		case r+cnt >= n:
			r, cnt = 0, r
		default:
			s.inv = true
		}
	}
	if cnt == 0 {
		return s.valueNotFound(r)
	}
	sel := p.sortedBy(p.cmpValueKey)[r : r+cnt]
	mask, rmCount := s.maskOf(sel, s.inv)
	byMask := s.inv || s.t == int64(cdt.ReturnOrderedMap)
	s.remove(mask)
	switch {
	case s.t == int64(cdt.ReturnNone), s.t == int64(cdt.ReturnCount), s.t == int64(cdt.ReturnExists), s.isRank():
		return s.indexRankCount(r, cnt, n)
	case s.isIndex():
		if s.inv {
			s.indexes(maskIdxs(mask), -1)
		} else {
			s.indexes(sel, 0)
		}
	case s.isElements():
		if byMask {
			s.elements(maskIdxs(mask))
		} else {
			s.elements(sel)
		}
	case s.isRankRange():
		return s.setRange(r, rmCount, n)
	default:
		return s.na("a rank range")
	}
	return nil
}

// byValueIntervalIndexed is the order index path of
// packed_map_get_remove_by_value_interval
// (packed_map_find_rank_range_by_value_interval_indexed): what it does not
// build by mask comes in value order.
func (s *mapSel) byValueIntervalIndexed(start, end any, hasEnd, single bool) error {
	p := s.p
	n := p.n()
	rank := p.valuesBelow(start)
	var count int
	switch {
	case single:
		for _, e := range p.st {
			if msgpack.Compare(e.Value, start) == 0 {
				count++
			}
		}
	case hasEnd:
		count = max(p.valuesBelow(end)-rank, 0)
	default:
		count = n - rank
	}
	sel := p.byValue()[rank : rank+count]
	mask, _ := s.maskOf(sel, s.inv)
	s.remove(mask)
	switch {
	case s.isElements():
		if s.inv || s.t == int64(cdt.ReturnOrderedMap) {
			s.elements(maskIdxs(mask))
		} else {
			s.elements(sel)
		}
	case s.isIndex():
		if s.inv {
			s.indexes(maskIdxs(mask), -1)
		} else {
			s.indexes(sel, rank)
		}
	default:
		return s.setRange(rank, count, n)
	}
	return nil
}
