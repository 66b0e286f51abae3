package engine

import (
	"slices"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/internal/msgpack"
)

// The get/remove-by key list and value list operations (particle_map.c
// packed_map_get_remove_all_by_key_list, _by_value_list; see
// cdt_map_select.go).

// byKeyList is packed_map_get_remove_all_by_key_list.
func (s *mapSel) byKeyList(items []any) error {
	p := s.p
	if len(items) == 0 {
		if s.isRank() || s.isIndexRange() || s.isRankRange() {
			return s.na("an empty key list")
		}
		if !s.inv {
			s.notFound(0)
			return nil
		}
		s.inv = false
		return s.all()
	}
	if p.kord {
		return s.byKeyListOrdered(items)
	}
	// offset_index_find_items: a mask of the entries whose key is listed;
	// each listed key's index and count (the last of equal items gets it).
	mask := p.listedMask(items, true, s.inv)
	s.remove(mask)
	idxs := maskIdxs(mask)
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.isIndex():
		s.set(s.itemListIrc(items, func(it any) (int, int) {
			if _, ok := p.findKey(it); ok {
				return p.keysBelow(it), 1
			}
			return p.keysBelow(it), 0
		}, len(idxs)))
	default:
		return s.selected(idxs, "a key list")
	}
	return nil
}

// byKeyListOrdered is packed_map_get_remove_all_by_key_list_ordered.
func (s *mapSel) byKeyListOrdered(items []any) error {
	p := s.p
	n := p.n()
	type irc struct{ index, count int }
	ic := make([]irc, len(items))
	total := 0
	for j, it := range items {
		// A listed key holding a wildcard matches a run of keys
		// (order_index_find_rank_by_value); any other matches one or none.
		ic[j].index = p.keysBelow(it)
		for _, e := range p.st {
			if msgpack.Compare(e.Key, it) == 0 {
				ic[j].count++
			}
		}
		total += ic[j].count
	}
	var sel []int
	for _, x := range ic {
		for k := x.index; k < x.index+x.count; k++ {
			sel = append(sel, k)
		}
	}
	mask, _ := s.maskOf(sel, false)
	if s.inv {
		for i := range mask {
			mask[i] = !mask[i]
		}
	}
	idxs := maskIdxs(mask)
	s.remove(mask)
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.isIndex():
		rev := s.isRev()
		if s.inv {
			// result_data_set_int_list_by_mask
			if !s.multi {
				s.set(revInt(idxs[0], n, rev))
				break
			}
			out := make([]any, len(idxs))
			for j, i := range idxs {
				out[j] = revInt(i, n, rev)
			}
			s.set(out)
			break
		}
		// result_data_set_by_irc
		out := make([]any, 0, total)
		for _, x := range ic {
			out = ints(out, x.index, x.count, n, rev)
		}
		s.set(out)
	case s.t == int64(cdt.ReturnExists) && !s.c.modify && !s.inv:
		s.set(total != 0)
	default:
		return s.selected(idxs, "a key list")
	}
	return nil
}

// itemListIrc is cdt.c result_data_set_by_itemlist_irc: for each listed
// item (in list order; the complement in item order when inverted) the
// indexes or ranks of its matches, from find (its index or rank and its
// match count). Of equal items only the last (in sorted order) counts its
// matches (offset_index_find_items).
func (s *mapSel) itemListIrc(items []any, find func(any) (int, int), total int) []any {
	n, rev := s.p.n(), s.isRev()
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return msgpack.Compare(items[a], items[b]) })
	counted := make([]bool, len(items))
	for j := range order {
		if j+1 == len(order) || msgpack.Compare(items[order[j]], items[order[j+1]]) != 0 {
			counted[order[j]] = true
		}
	}
	out := make([]any, 0, total)
	if !s.inv {
		for i, it := range items {
			at, count := find(it)
			if !counted[i] || count == 0 {
				continue
			}
			for k := 0; k < count; k++ {
				out = ints(out, at+k, 1, n, rev)
			}
		}
		return out
	}
	prev := 0
	for _, i := range order {
		at, count := find(items[i])
		if !counted[i] || count == 0 {
			continue
		}
		out = ints(out, prev, at-prev, n, rev)
		prev = at + count
	}
	return ints(out, prev, n-prev, n, rev)
}

// byValueList is packed_map_get_remove_all_by_value_list.
func (s *mapSel) byValueList(items []any) error {
	p := s.p
	n := p.n()
	if len(items) == 0 {
		if s.isIndexRange() || s.isRankRange() {
			return s.na("an empty value list")
		}
		if !s.inv {
			s.notFound(0)
			return nil
		}
		s.inv = false
		return s.all()
	}
	if n <= 1 || p.ordidx {
		// order_index_is_valid holds for a map of at most one entry or
		// with an order index:
		// packed_map_get_remove_all_by_value_list_ordered.
		return s.byValueListOrdered(items)
	}
	mask := p.listedMask(items, false, s.inv)
	s.remove(mask)
	idxs := maskIdxs(mask)
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.isIndex():
		s.indexes(idxs, -1)
	case s.isRank():
		s.set(s.itemListIrc(items, func(it any) (int, int) {
			count := 0
			for _, e := range p.st {
				if msgpack.Compare(e.Value, it) == 0 {
					count++
				}
			}
			return p.valuesBelow(it), count
		}, len(idxs)))
	default:
		return s.selected(idxs, "a value list")
	}
	return nil
}

// byValueListOrdered is packed_map_get_remove_all_by_value_list_ordered,
// which the server takes for a map of at most one entry or with an order
// index: each listed value's rank range (every listed value counts, equal
// ones included), indexes from the order index in value order, ranks as
// a block per listed value.
func (s *mapSel) byValueListOrdered(items []any) error {
	p := s.p
	n := p.n()
	ord := p.byValue()
	type irc struct{ rank, count int }
	rc := make([]irc, len(items))
	var sel []int
	for j, it := range items {
		rc[j].rank = p.valuesBelow(it)
		for _, e := range p.st {
			if msgpack.Compare(e.Value, it) == 0 {
				rc[j].count++
			}
		}
		sel = append(sel, ord[rc[j].rank:rc[j].rank+rc[j].count]...)
	}
	mask, _ := s.maskOf(sel, false)
	if s.inv {
		for i := range mask {
			mask[i] = !mask[i]
		}
	}
	idxs := maskIdxs(mask)
	s.remove(mask)
	rev := s.isRev()
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.isIndex() && s.inv:
		s.indexes(idxs, -1)
	case s.isRank() && s.inv:
		s.ranks(idxs)
	case s.isIndex():
		// result_data_set_by_irc through the order index
		out := []any{}
		for _, i := range sel {
			out = append(out, revInt(p.keyIndex(i), n, rev))
		}
		s.set(out)
	case s.isRank():
		out := []any{}
		for _, x := range rc {
			out = ints(out, x.rank, x.count, n, rev)
		}
		s.set(out)
	default:
		return s.selected(idxs, "a value list")
	}
	return nil
}

// listedMask marks the entries whose key (byKey) or value equals one of
// items, in stored order, or (inverted) those that equal none.
func (p *pmap) listedMask(items []any, byKey, inv bool) []bool {
	mask := make([]bool, len(p.st))
	for i, e := range p.st {
		v := e.Value
		if byKey {
			v = e.Key
		}
		found := false
		for _, it := range items {
			if msgpack.Compare(v, it) == 0 {
				found = true
				break
			}
		}
		mask[i] = found != inv
	}
	return mask
}
