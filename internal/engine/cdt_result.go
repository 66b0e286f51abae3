package engine

import (
	"slices"
	"sort"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// selection is the elements an operation designates (cdt.c
// cdt_result_data): their indexes in the order the server returns their
// values (rank order when the operation selects by rank, index order
// otherwise), whether the operation is a multi-element one, and the
// container's element count.
type selection struct {
	idx       []int
	rankBased bool
	byIndex   bool // selected by index: ranks are returned in index order
	multi     bool
	inverted  bool // the complement of a selection: the server builds it by mask
	// all is a map index range of every entry, which the server answers
	// from the map as stored (particle_map.c packed_map_get_remove_all):
	// elements in stored order, indexes and ranks as 0..n-1.
	all bool
}

// elements is what a result is built from: the container's keys (maps
// only), values, and the rank of each element.
type elements struct {
	n      int
	keys   []any // nil for a list
	vals   []any
	ranks  []int // rank of each index; computed on demand
	order  []int // indexes in rank order; computed on demand
	sorted bool  // values already in rank order (ordered list)
	// storedAt is the stored position of each element of an unordered
	// map kept out of key order (nil otherwise): the server returns the
	// elements it selects by mask in stored order.
	storedAt []int
}

// maskOrder returns the indexes of a selection in the order the server
// builds its element results (particle_map.c
// packed_map_build_ele_result_by_mask walks the map as stored): stored
// order for a selection neither by index nor by rank, inverted, or of
// every entry.
func (e *elements) maskOrder(s selection) []int {
	if e.storedAt == nil || (!s.inverted && !s.all && (s.rankBased || s.byIndex)) {
		return s.idx
	}
	idx := slices.Clone(s.idx)
	slices.SortFunc(idx, func(a, b int) int { return e.storedAt[a] - e.storedAt[b] })
	return idx
}

func (e *elements) rankOf(i int) int {
	if e.sorted {
		return i
	}
	if e.ranks == nil {
		ord := e.rankOrder()
		e.ranks = make([]int, len(ord))
		for r, i := range ord {
			e.ranks[i] = r
		}
	}
	return e.ranks[i]
}

func (e *elements) rankOrder() []int {
	if e.order == nil {
		e.order = rankOrder(e.vals, e.sorted)
	}
	return e.order
}

// rankOrder returns the indexes of vals sorted by value (stable: equal
// values by index), as the server's order index is built.
func rankOrder(vals []any, sorted bool) []int {
	ord := make([]int, len(vals))
	for i := range ord {
		ord[i] = i
	}
	if !sorted {
		sort.SliceStable(ord, func(a, b int) bool { return msgpack.Compare(vals[ord[a]], vals[ord[b]]) < 0 })
	}
	return ord
}

// chosen returns the selected indexes as the operation acts on them: the
// complement when inverted.
func (s selection) chosen(n int, inverted bool) selection {
	if !inverted {
		return s
	}
	in := make([]bool, n)
	for _, i := range s.idx {
		in[i] = true
	}
	out := selection{multi: s.multi, byIndex: s.byIndex, inverted: true}
	for i := 0; i < n; i++ {
		if !in[i] {
			out.idx = append(out.idx, i)
		}
	}
	return out
}

// buildResult forms an operation's result from the selection, as the
// server's result_data_set_* functions do (cdt.c). A return type the
// container does not have (a key from a list) or INVERTED on a
// single-element operation is OP_NOT_APPLICABLE.
func (c *cdtCall) buildResult(rt int64, s selection, e *elements) (result, error) {
	inverted := rt&int64(cdt.ReturnInverted) != 0
	t := cdt.ReturnType(rt &^ int64(cdt.ReturnInverted))
	if inverted && !s.multi {
		return result{}, c.fail(driver.OPNotApplicable, "INVERTED is not supported for a single-element operation")
	}
	s = s.chosen(e.n, inverted)
	isMap := e.keys != nil
	switch t {
	case cdt.ReturnNone:
		return result{}, nil
	case cdt.ReturnCount:
		return result{int64(len(s.idx)), true}, nil
	case cdt.ReturnExists:
		return result{len(s.idx) > 0, true}, nil
	case cdt.ReturnIndex, cdt.ReturnReverseIndex:
		idx := slices.Clone(s.idx)
		slices.Sort(idx)
		rev := t == cdt.ReturnReverseIndex
		return intsResult(s.multi, idx, func(i int) int64 {
			if rev {
				return int64(e.n - 1 - i)
			}
			return int64(i)
		}), nil
	case cdt.ReturnRank, cdt.ReturnReverseRank:
		if s.all {
			// packed_map_get_remove_all: ranks 0..n-1, as indexes.
			rev := t == cdt.ReturnReverseRank
			return intsResult(s.multi, s.idx, func(i int) int64 {
				if rev {
					return int64(e.n - 1 - i)
				}
				return int64(i)
			}), nil
		}
		// Ranks come in rank order, except for a selection by index,
		// whose elements are visited in index order (particle_list.c
		// packed_list_builder_add_ranks_by_range; particle_map.c builds
		// the ranks of value selections from its value order index).
		idx := slices.Clone(s.idx)
		if s.byIndex {
			slices.Sort(idx)
		} else if !s.rankBased {
			slices.SortFunc(idx, func(a, b int) int { return e.rankOf(a) - e.rankOf(b) })
		}
		rev := t == cdt.ReturnReverseRank
		return intsResult(s.multi, idx, func(i int) int64 {
			r := e.rankOf(i)
			if rev {
				return int64(e.n - 1 - r)
			}
			return int64(r)
		}), nil
	case cdt.ReturnValue:
		s.idx = e.maskOrder(s)
		r := valuesResult(s, e.vals)
		if !isMap && !s.multi {
			// A list's nil element is no result; a map op's result is
			// always sent, the client asking for every op's result
			// (operate_args.go: respondAllOps for map ops).
			r = singleValue(r.v)
		}
		return r, nil
	case cdt.ReturnKey:
		if !isMap {
			break
		}
		s.idx = e.maskOrder(s)
		r := valuesResult(s, e.keys)
		// A key outside a map is a value: a blob key is a []byte again,
		// as the client unpacks it there (unpacker.go unpackBlob).
		switch x := r.v.(type) {
		case []any:
			for i, k := range x {
				x[i] = keyAsValue(k)
			}
		default:
			r.v = keyAsValue(x)
		}
		return r, nil
	case cdt.ReturnKeyValue, cdt.ReturnUnorderedMap, cdt.ReturnOrderedMap:
		if !isMap {
			break
		}
		s.idx = e.maskOrder(s)
		pairs := make([]msgpack.Pair, len(s.idx))
		for j, i := range s.idx {
			pairs[j] = msgpack.Pair{Key: e.keys[i], Value: e.vals[i]}
		}
		switch t {
		case cdt.ReturnUnorderedMap:
			m := make(map[any]any, len(pairs))
			for _, p := range pairs {
				m[p.Key] = p.Value
			}
			return result{m, true}, nil
		case cdt.ReturnOrderedMap:
			msgpack.SortPairs(pairs)
			return result{msgpack.OrderedMap{Flags: msgpack.MapKeyOrdered, Pairs: pairs}, true}, nil
		}
		// RESULT_TYPE_KEY_VALUE_MAP: a map in the selection's order
		// (AS_PACKED_MAP_FLAG_PRESERVE_ORDER).
		return result{msgpack.OrderedMap{Flags: msgpack.MapPreserveOrder, Pairs: pairs}, true}, nil
	}
	return result{}, c.fail(driver.OPNotApplicable, "return type %d is not supported here", int(t))
}

func intsResult(multi bool, idx []int, f func(int) int64) result {
	if !multi {
		if len(idx) == 0 {
			return result{int64(-1), true}
		}
		return result{f(idx[0]), true}
	}
	out := make([]any, len(idx))
	for j, i := range idx {
		out[j] = f(i)
	}
	return result{out, true}
}

func valuesResult(s selection, vals []any) result {
	if !s.multi {
		if len(s.idx) == 0 {
			return result{} // result_data_set_not_found leaves it empty
		}
		return result{vals[s.idx[0]], true}
	}
	out := make([]any, len(s.idx))
	for j, i := range s.idx {
		out[j] = vals[i]
	}
	return result{out, true}
}

// singleValue is the result of one list element's value: a nil element is
// no result, as the server's result bin stays empty (cdt.c
// rollback_alloc_from_msgpack: a nil particle is no particle), so a reply
// without respond-all-ops has no bin for it.
func singleValue(v any) result {
	if v == nil {
		return result{}
	}
	return result{v, true}
}

// rangeSel selects count elements from index (index order).
func rangeSel(start, count int, multi bool) selection {
	s := selection{multi: multi, byIndex: true, idx: make([]int, count)}
	for j := range s.idx {
		s.idx[j] = start + j
	}
	return s
}

// removeIdx returns items without the indexes in idx.
func removeIdx(items []any, idx []int) []any {
	drop := make([]bool, len(items))
	for _, i := range idx {
		drop[i] = true
	}
	out := make([]any, 0, len(items)-len(idx))
	for i, v := range items {
		if !drop[i] {
			out = append(out, v)
		}
	}
	return out
}

// keyAsValue returns a map key as a value: a blob key (a byte array) as a
// []byte.
func keyAsValue(k any) any {
	switch k.(type) {
	case int64, string, nil:
		return k
	}
	if b, ok := msgpack.BlobKey(k); ok {
		return b
	}
	return k
}
