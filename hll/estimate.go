package hll

import (
	"fmt"

	"github.com/aerokit/aero/internal/msgpack"
)

// The sketch functions the engine applies operations with. Each takes
// valid HLLs (Validate) and follows the server function it names.

// Element returns the bytes the server hashes for an element: its compact
// MessagePack form (hll_parse_elements, msgpack_compactify), as the client
// packs a value. A list or map is not an element (the server refuses it).
func Element(v any) ([]byte, error) {
	switch x := v.(type) {
	case []any, map[any]any:
		return nil, fmt.Errorf("hll: element is a %T; lists and maps are not supported", v)
	case HLL:
		return AppendHLL(nil, x), nil
	}
	return msgpack.Append(nil, v)
}

// Insert adds an element (Element's bytes) to h in place and reports
// whether a register changed (hmh_add).
func Insert(h HLL, element []byte) bool { return sketch(h).add(element) }

// Contains reports whether h may contain the element (hmh_may_contain).
func Contains(h HLL, element []byte) bool { return sketch(h).mayContain(element) }

// Estimate returns h's estimated count, its cached count when it has one
// (hmh_estimate_cardinality).
func Estimate(h HLL) uint64 { return sketch(h).estimate() }

// UpdateCache stores h's estimated count in its cache and returns it
// (hmh_estimate_cardinality_update_cache).
func UpdateCache(h HLL) uint64 {
	s := sketch(h)
	c := s.estimate()
	s.setCache(c)
	return c
}

func sketches(hs []HLL) []sketch {
	out := make([]sketch, len(hs))
	for i, h := range hs {
		out[i] = sketch(h)
	}
	return out
}

// Template returns the bits of a sketch every one of hs can fold into: the
// fewest index bits, and the minhash bits when all agree, else zero
// (hmh_compatible_template). hs must not be empty.
func Template(hs []HLL) (indexBits, minhashBits int) {
	ib, mb := template(sketches(hs))
	return int(ib), int(mb)
}

// Union returns a new HLL of hs' Template holding the union of hs
// (hll_read_op_union, hll_modify_op_union).
func Union(hs []HLL) HLL { return HLL(unionOf(sketches(hs))) }

// FoldInto returns a new HLL of indexBits and no minhash bits holding h
// (hll_modify_op_fold, which copies h when the bits are the same).
func FoldInto(h HLL, indexBits int) HLL {
	if int(h[1]) == indexBits {
		return append(HLL(nil), h...)
	}
	out := New(indexBits, 0)
	union(sketch(out), sketch(h))
	return out
}

// EstimateUnion returns the estimated count of the union of hs
// (hmh_estimate_union_cardinality).
func EstimateUnion(hs []HLL) uint64 { return estimateUnion(sketches(hs)) }

// EstimateIntersect returns the estimated count of the intersection of hs,
// two or three sketches (hmh_estimate_intersect_cardinality).
func EstimateIntersect(hs []HLL) uint64 { return estimateIntersect(sketches(hs)) }

// EstimateSimilarity returns the estimated Jaccard similarity of hs
// (hmh_estimate_similarity); NaN when every sketch is empty.
func EstimateSimilarity(hs []HLL) float64 { return estimateSimilarity(sketches(hs)) }
