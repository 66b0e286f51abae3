package engine

import (
	"slices"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// The map get/remove-by operations, ported from the server's particle_map.c
// (packed_map_get_remove_by_*, packed_map_build_*_result_*) and cdt.c
// (result_data_set_*), so that every return type answers in the server's
// order. The server works on the map as stored: an entry's "idx" is its
// stored position, which for a key-ordered map (flags != 0) is its key
// index. What it selects by mask (a bit per stored entry) comes back in
// stored order; what it selects through an order heap (an index range of
// an unordered map, a rank range) comes back in key or (value, key) order.
// The server keeps a value order index only for a top-level key-value
// ordered map with a persisted index (AS_PACKED_PERSIST_INDEX) and more
// than one entry (packed_map_unpack_hdridx): the value selections of such
// a map take the paths that use it ("ordidx" here).

// Result types the server has beyond the client's (cdt.h result_type_t),
// which only its own expressions send; lists and maps answer them where the
// server does.
const (
	rtIndexRange    = 9
	rtRevIndexRange = 10
	rtRankRange     = 11
	rtRevRankRange  = 12
	rtResultMask    = 0xffff // AS_CDT_OP_FLAG_RESULT_MASK
)

// pmap is a map as the server walks it: entries in stored order.
type pmap struct {
	st    []msgpack.Pair
	flags uint8
	kord  bool // key ordered: stored order is key order
	// ordidx: the map has a value order index (a persisted one).
	ordidx bool
	rkIdx  []int // rank of each idx, ties by idx (the temporary order index)
}

func newPmap(m kmap) *pmap {
	return &pmap{flags: m.flags, kord: m.flags&msgpack.MapKeyValueOrdered != 0, st: m.pairs,
		ordidx: m.flags&persistIndex != 0 && m.flags&msgpack.MapKeyValueOrdered == msgpack.MapKeyValueOrdered && len(m.pairs) > 1}
}

func (p *pmap) n() int { return len(p.st) }

// kmap returns the map kept after removing the entries in rm.
func (p *pmap) without(rm []bool) kmap {
	keep := make([]msgpack.Pair, 0, len(p.st))
	for i, e := range p.st {
		if !rm[i] {
			keep = append(keep, e)
		}
	}
	return asMap(msgpack.OrderedMap{Flags: p.flags, Pairs: keep})
}

// keyIndex is the key index of idx (packed_map_find_index_by_idx_unordered).
func (p *pmap) keyIndex(idx int) int {
	if p.kord {
		return idx
	}
	return p.keysBelow(p.st[idx].Key)
}

func (p *pmap) keysBelow(key any) int {
	n := 0
	for _, e := range p.st {
		if msgpack.Compare(e.Key, key) < 0 {
			n++
		}
	}
	return n
}

func (p *pmap) valuesBelow(v any) int {
	n := 0
	for _, e := range p.st {
		if msgpack.Compare(e.Value, v) < 0 {
			n++
		}
	}
	return n
}

// findKey returns the idx of key.
func (p *pmap) findKey(key any) (int, bool) {
	for i, e := range p.st {
		if msgpack.Compare(e.Key, key) == 0 {
			return i, true
		}
	}
	return 0, false
}

// cmpValueKey is packed_map_compare_values: by value, then by key.
func (p *pmap) cmpValueKey(a, b int) int {
	if c := msgpack.Compare(p.st[a].Value, p.st[b].Value); c != 0 {
		return c
	}
	return msgpack.Compare(p.st[a].Key, p.st[b].Key)
}

// rankKey is packed_map_get_rank_by_idx without an order index: the count
// of entries below idx by value, then key.
func (p *pmap) rankKey(idx int) int {
	r := 0
	for i := range p.st {
		if p.cmpValueKey(i, idx) < 0 {
			r++
		}
	}
	return r
}

// byValue returns the idxs in value order, ties by idx: the order index.
func (p *pmap) byValue() []int {
	ord := make([]int, len(p.st))
	for r := range ord {
		ord[r] = r
	}
	slices.SortStableFunc(ord, func(a, b int) int { return msgpack.Compare(p.st[a].Value, p.st[b].Value) })
	return ord
}

// rankIdx is idx's rank in the temporary order index the result builders
// sort (map_order_index_sort by value; packed_map_find_rank_indexed breaks
// ties by idx).
func (p *pmap) rankIdx(idx int) int {
	if p.rkIdx == nil {
		ord := make([]int, len(p.st))
		for i := range ord {
			ord[i] = i
		}
		slices.SortStableFunc(ord, func(a, b int) int { return msgpack.Compare(p.st[a].Value, p.st[b].Value) })
		p.rkIdx = make([]int, len(ord))
		for r, i := range ord {
			p.rkIdx[i] = r
		}
	}
	return p.rkIdx[idx]
}

// sortedBy returns the idxs in the order cmp gives (keys or (value, key):
// a total order, as the server's order heap yields it).
func (p *pmap) sortedBy(cmp func(a, b int) int) []int {
	ord := make([]int, len(p.st))
	for i := range ord {
		ord[i] = i
	}
	slices.SortFunc(ord, cmp)
	return ord
}

func (p *pmap) cmpKey(a, b int) int { return msgpack.Compare(p.st[a].Key, p.st[b].Key) }

// mapSel is one get/remove-by operation being run: the map, the result
// type and flags (cdt_result_data), and the removal it makes.
type mapSel struct {
	c     *cdtCall
	p     *pmap
	t     int64 // result type
	inv   bool  // AS_CDT_OP_FLAG_INVERTED
	multi bool
	out   result
	rm    []bool // entries removed (a modify op); nil for none
	empty bool   // the whole map cleared
}

func (s *mapSel) na(what string) error {
	return s.c.fail(driver.OPNotApplicable, "return type %d not supported for %s", s.t, what)
}

// selected answers the return types that depend only on the entries
// selected, idxs in stored order: COUNT, EXISTS and the entries themselves
// (KEY, VALUE, KEY_VALUE and the map types), as every selection of
// particle_map.c answers them (result_data_set_int, _bool and
// packed_map_build_..._ele). Another type is OP_NOT_APPLICABLE for what:
// the caller's switch answers the types that need more than idxs first.
func (s *mapSel) selected(idxs []int, what string) error {
	switch {
	case s.t == int64(cdt.ReturnCount):
		s.set(int64(len(idxs)))
	case s.t == int64(cdt.ReturnExists):
		s.set(len(idxs) != 0)
	case s.isElements():
		s.elements(idxs)
	default:
		return s.na(what)
	}
	return nil
}

func (s *mapSel) isElements() bool {
	switch s.t {
	case int64(cdt.ReturnKey), int64(cdt.ReturnValue):
		return true
	}
	return s.isMapResult()
}

func (s *mapSel) isMapResult() bool {
	switch s.t {
	case int64(cdt.ReturnKeyValue), int64(cdt.ReturnUnorderedMap), int64(cdt.ReturnOrderedMap):
		return true
	}
	return false
}

func (s *mapSel) isIndex() bool {
	return s.t == int64(cdt.ReturnIndex) || s.t == int64(cdt.ReturnReverseIndex)
}

func (s *mapSel) isRank() bool {
	return s.t == int64(cdt.ReturnRank) || s.t == int64(cdt.ReturnReverseRank)
}

func (s *mapSel) isRev() bool {
	return s.t == int64(cdt.ReturnReverseIndex) || s.t == int64(cdt.ReturnReverseRank)
}

func (s *mapSel) isIndexRange() bool { return s.t == rtIndexRange || s.t == rtRevIndexRange }
func (s *mapSel) isRankRange() bool  { return s.t == rtRankRange || s.t == rtRevRankRange }

func (s *mapSel) set(v any) { s.out = result{v, true} }

// remove marks the entries of mask for removal (packed_map_remove_by_mask).
func (s *mapSel) remove(mask []bool) {
	if s.c.modify {
		s.rm = mask
	}
}

// maskOf returns a mask of idxs, inverted when inv.
func (s *mapSel) maskOf(idxs []int, inv bool) ([]bool, int) {
	mask := make([]bool, s.p.n())
	for _, i := range idxs {
		mask[i] = true
	}
	count := len(idxs)
	if inv {
		for i := range mask {
			mask[i] = !mask[i]
		}
		count = s.p.n() - count
	}
	return mask, count
}

func maskIdxs(mask []bool) []int {
	var out []int
	for i, b := range mask {
		if b {
			out = append(out, i)
		}
	}
	return out
}

// ints is cdt_container_builder_add_int_range: count values from start,
// as a block counted from the end when rev.
func ints(dst []any, start, count, n int, rev bool) []any {
	if rev {
		start = n - start - count
	}
	for i := 0; i < count; i++ {
		dst = append(dst, int64(start+i))
	}
	return dst
}

func revInt(i, n int, rev bool) any {
	if rev {
		return int64(n - i - 1)
	}
	return int64(i)
}

// notFound is cdt.c result_data_set_not_found; ok is false for a result
// type it does not know.
func (s *mapSel) notFound(index int) bool {
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.isIndexRange() || s.isRankRange():
		s.set([]any{int64(index), int64(0)})
	case s.isIndex() || s.isRank():
		if s.multi {
			s.set([]any{})
		} else {
			s.set(int64(-1))
		}
	case s.t == int64(cdt.ReturnCount):
		s.set(int64(0))
	case s.t == int64(cdt.ReturnExists):
		s.set(false)
	case s.t == int64(cdt.ReturnKey), s.t == int64(cdt.ReturnValue):
		if s.multi {
			s.set([]any{})
		}
	case s.isMapResult():
		s.set(s.mapValue(nil))
	default:
		return false
	}
	return true
}

// keyNotFound and valueNotFound are particle_map.c
// result_data_set_key_not_found and result_data_set_value_not_found.
func (s *mapSel) keyNotFound(index int) error {
	if s.isRankRange() || !s.notFound(index) {
		return s.na("a key not found")
	}
	return nil
}

func (s *mapSel) valueNotFound(rank int) error {
	if s.isIndexRange() || !s.notFound(rank) {
		return s.na("a value not found")
	}
	return nil
}

// indexRankCount is cdt.c result_data_set_index_rank_count.
func (s *mapSel) indexRankCount(start, count, n int) error {
	switch {
	case s.t == int64(cdt.ReturnNone):
	case s.t == int64(cdt.ReturnCount):
		if s.inv {
			count = n - count
		}
		s.set(int64(count))
	case s.t == int64(cdt.ReturnExists):
		if s.inv {
			s.set(count == 0)
		} else {
			s.set(count != 0)
		}
	case s.isIndex() || s.isRank():
		rev := s.isRev()
		if !s.multi {
			if count == 0 {
				s.set(int64(-1))
			} else {
				s.set(revInt(start, n, rev))
			}
			break
		}
		out := []any{}
		if s.inv {
			out = ints(out, 0, start, n, rev)
			out = ints(out, start+count, n-start-count, n, rev)
		} else {
			out = ints(out, start, count, n, rev)
		}
		s.set(out)
	default:
		return s.na("a range")
	}
	return nil
}

// setRange is cdt.c result_data_set_range.
func (s *mapSel) setRange(start, count, n int) error {
	switch {
	case s.t == int64(cdt.ReturnNone):
		return nil
	case s.isIndexRange() || s.isRankRange():
		if s.t == rtRevIndexRange || s.t == rtRevRankRange {
			start = n - start - count
		}
		if s.inv {
			return s.na("an inverted range")
		}
		s.set([]any{int64(start), int64(count)})
		return nil
	}
	return s.indexRankCount(start, count, n)
}

// mapValue forms a map result of entries (result_map_type_to_map_flags):
// KEY_VALUE keeps their order (PRESERVE_ORDER), ORDERED_MAP is sorted by
// key (packed_map_sort_in_place), UNORDERED_MAP has no order.
func (s *mapSel) mapValue(pairs []msgpack.Pair) any {
	switch s.t {
	case int64(cdt.ReturnUnorderedMap):
		m := make(map[any]any, len(pairs))
		for _, e := range pairs {
			m[e.Key] = e.Value
		}
		return m
	case int64(cdt.ReturnOrderedMap):
		pairs = slices.Clone(pairs)
		msgpack.SortPairs(pairs)
		if pairs == nil {
			pairs = []msgpack.Pair{}
		}
		return msgpack.OrderedMap{Flags: msgpack.MapKeyOrdered, Pairs: pairs}
	}
	if pairs == nil {
		pairs = []msgpack.Pair{}
	}
	return msgpack.OrderedMap{Flags: msgpack.MapPreserveOrder, Pairs: pairs}
}

// elements sets an element result of the entries idxs, in that order
// (packed_map_build_ele_result_by_ele_idx; by mask the idxs are in stored
// order).
func (s *mapSel) elements(idxs []int) {
	if s.isMapResult() {
		pairs := make([]msgpack.Pair, len(idxs))
		for j, i := range idxs {
			pairs[j] = s.p.st[i]
		}
		s.set(s.mapValue(pairs))
		return
	}
	get := func(i int) any { return s.p.st[i].Value }
	if s.t == int64(cdt.ReturnKey) {
		get = func(i int) any { return keyAsValue(s.p.st[i].Key) }
	}
	if !s.multi {
		if len(idxs) > 0 {
			s.set(get(idxs[0]))
		}
		return
	}
	out := make([]any, len(idxs))
	for j, i := range idxs {
		out[j] = get(i)
	}
	s.set(out)
}

// idxRange returns the idxs of [start, start+count), or the others when
// inverted (packed_map_build_ele_result_by_idx_range).
func (s *mapSel) idxRange(start, count int, inverted bool) []int {
	var out []int
	for i := range s.p.st {
		if in := i >= start && i < start+count; in != inverted {
			out = append(out, i)
		}
	}
	return out
}

// indexes sets the key indexes of idxs, each counted from the end when
// reversed (packed_map_build_index_result_by_ele_idx and _by_mask).
func (s *mapSel) indexes(idxs []int, notFoundAt int) {
	if len(idxs) == 0 {
		s.notFound(notFoundAt)
		return
	}
	n, rev := s.p.n(), s.isRev()
	if !s.multi {
		s.set(revInt(s.p.keyIndex(idxs[0]), n, rev))
		return
	}
	out := make([]any, len(idxs))
	for j, i := range idxs {
		out[j] = revInt(s.p.keyIndex(i), n, rev)
	}
	s.set(out)
}

// ranks sets the ranks of idxs (packed_map_build_rank_result_by_ele_idx,
// _by_mask and _by_index_range): a single one counted without an order
// index (packed_map_build_rank_result_by_idx), several from the
// temporary order index.
func (s *mapSel) ranks(idxs []int) {
	n, rev := s.p.n(), s.isRev()
	if !s.multi {
		s.set(revInt(s.p.rankKey(idxs[0]), n, rev))
		return
	}
	out := make([]any, len(idxs))
	for j, i := range idxs {
		out[j] = revInt(s.p.rankIdx(i), n, rev)
	}
	s.set(out)
}

// calcIndexCount is cdt.c calc_index_count.
func calcIndexCount(index int64, count uint64, n int, multi bool) (int, int, bool) {
	if !multi {
		count = 1
	}
	return indexRange(index, count, n, multi)
}
