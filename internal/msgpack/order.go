package msgpack

import (
	"bytes"
	"sort"
	"strings"

	"github.com/aerokit/aero/internal/value"
)

// Type ranks in the server's order (cf/include/msgpack_in.h msgpack_type):
// values of different types compare by rank, so that NIL < FALSE < TRUE <
// negative integers < non-negative integers < STRING < LIST < MAP < BYTES <
// DOUBLE < GEOJSON < EXT < WILDCARD < INF. An integer and a float never
// compare by value: every integer is below every float.
const (
	rankNil = iota + 1
	rankFalse
	rankTrue
	rankNegInt
	rankInt
	rankString
	rankList
	rankMap
	rankBytes
	rankDouble
	rankGeoJSON
	rankExt
	rankWildcard
	rankInf
)

func rank(v any) int {
	switch x := v.(type) {
	case nil:
		return rankNil
	case bool:
		if x {
			return rankTrue
		}
		return rankFalse
	case int64:
		if x < 0 {
			return rankNegInt
		}
		return rankInt
	case int:
		if x < 0 {
			return rankNegInt
		}
		return rankInt
	case uint64:
		return rankInt
	case string:
		return rankString
	case []any, OrderedList:
		return rankList
	case map[any]any, OrderedMap:
		return rankMap
	case []byte:
		return rankBytes
	case float64:
		return rankDouble
	case value.GeoJSON:
		return rankGeoJSON
	case Wildcard:
		return rankWildcard
	case Inf:
		return rankInf
	}
	if _, ok := BlobKey(v); ok {
		return rankBytes // a blob map key
	}
	return rankExt
}

// Compare returns -1, 0 or +1 as a sorts before, equal to or after b in the
// server's total order (cf/src/msgpack_in.c msgpack_cmp_internal):
//   - values of different types compare by type rank (see above);
//   - integers by value; floats by value (NaN compares equal to any float,
//     as neither < nor > holds); strings and blobs bytewise, then by length;
//   - lists element by element, a list that is a prefix of another first;
//   - maps first by entry count, then key by key and value by value in their
//     stored order (a map[any]any in key order);
//   - a Wildcard equals anything, and ends the comparison of the values that
//     contain it there: [1, Wildcard, 9] equals [1, 2, 3].
func Compare(a, b any) int {
	c, _ := cmp(a, b)
	return c
}

// cmp compares a and b; stop reports that a Wildcard decided the result,
// which then holds for every enclosing value.
func cmp(a, b any) (c int, stop bool) {
	ra, rb := rank(a), rank(b)
	if ra == rankWildcard || rb == rankWildcard {
		return 0, true
	}
	if ra != rb {
		return sign(ra - rb), false
	}
	switch x := a.(type) {
	case int64, int, uint64:
		return cmpInts(x, b), false
	case float64:
		y := b.(float64)
		switch {
		case x > y:
			return 1, false
		case x < y:
			return -1, false
		}
		return 0, false
	case string:
		return strings.Compare(x, b.(string)), false
	case value.GeoJSON:
		// msgpack_in.c compares GeoJSON as its bytes, as a string.
		return strings.Compare(string(x), string(b.(value.GeoJSON))), false
	case []byte:
		return bytes.Compare(x, blobBytes(b)), false
	case []any:
		return cmpList(x, listItems(b))
	case OrderedList:
		return cmpList(x, listItems(b))
	case map[any]any, OrderedMap:
		pa, pb := Pairs(a), Pairs(b)
		if len(pa) != len(pb) {
			return sign(len(pa) - len(pb)), false
		}
		for i := range pa {
			if c, stop := cmp(pa[i].Key, pb[i].Key); c != 0 || stop {
				return c, stop
			}
			if c, stop := cmp(pa[i].Value, pb[i].Value); c != 0 || stop {
				return c, stop
			}
		}
	}
	if ra == rankBytes {
		return bytes.Compare(blobBytes(a), blobBytes(b)), false // a blob map key
	}
	return 0, false
}

// blobBytes returns the bytes of a blob: a []byte or a blob map key.
func blobBytes(v any) []byte {
	if b, ok := v.([]byte); ok {
		return b
	}
	b, _ := BlobKey(v)
	return b
}

func cmpList(a, b []any) (int, bool) {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if c, stop := cmp(a[i], b[i]); c != 0 || stop {
			return c, stop
		}
	}
	return sign(len(a) - len(b)), false
}

func listItems(v any) []any {
	if l, ok := v.(OrderedList); ok {
		return l
	}
	return v.([]any)
}

// cmpInts compares two integers of the same rank: int64 or int, or a
// uint64 above math.MaxInt64, which is above every int64 (msgpack_in.c
// msgpack_cmp_internal compares non-negative integers as uint64).
func cmpInts(a, b any) int {
	ua, aBig := a.(uint64)
	ub, bBig := b.(uint64)
	switch {
	case aBig && bBig:
		switch {
		case ua < ub:
			return -1
		case ua > ub:
			return 1
		}
		return 0
	case aBig:
		return 1
	case bBig:
		return -1
	}
	return cmpInt(asInt(a), asInt(b))
}

func asInt(v any) int64 {
	if i, ok := v.(int); ok {
		return int64(i)
	}
	return v.(int64)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Pairs returns a map's entries in their stored order: an OrderedMap's as
// they are, a map[any]any's sorted by key.
func Pairs(m any) []Pair {
	switch x := m.(type) {
	case OrderedMap:
		return x.Pairs
	case map[any]any:
		out := make([]Pair, 0, len(x))
		for k, v := range x {
			out = append(out, Pair{Key: k, Value: v})
		}
		SortPairs(out)
		return out
	}
	return nil
}

// SortPairs sorts pairs by key in the server's order (stable, so that equal
// keys keep their relative order).
func SortPairs(p []Pair) {
	sort.SliceStable(p, func(i, j int) bool { return Compare(p[i].Key, p[j].Key) < 0 })
}

// Plain returns v with every OrderedList as a []any and every OrderedMap as
// a map[any]any, in fresh containers where they occur, and every uint64 (an
// element above math.MaxInt64) as the int64 of its bits: the form a client
// application sees (the client skips the order header of a list, the
// driver turns the client's key-ordered map into a map, and the client
// reads an unsigned 64-bit integer as a signed one, unpacker.go 0xcf). Everything inside
// an ordered container is copied too, so that the result shares nothing
// with it; a value without them is returned as it is.
func Plain(v any) any {
	p, _ := plain(v, false)
	return p
}

// plain is Plain that reports whether anything changed; all copies every
// container.
func plain(v any, all bool) (any, bool) {
	switch x := v.(type) {
	case uint64:
		return int64(x), true
	case OrderedList:
		out := make([]any, len(x))
		for i, e := range x {
			out[i], _ = plain(e, true)
		}
		return out, true
	case OrderedMap:
		out := make(map[any]any, len(x.Pairs))
		for _, p := range x.Pairs {
			k, _ := plain(p.Key, false)
			out[k], _ = plain(p.Value, true)
		}
		return out, true
	case []byte:
		if all {
			return append([]byte{}, x...), true
		}
	case []any:
		var out []any
		if all {
			out = make([]any, len(x))
		}
		for i, e := range x {
			p, changed := plain(e, all)
			if changed && out == nil {
				out = make([]any, len(x))
				copy(out, x)
			}
			if out != nil {
				out[i] = p
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	case map[any]any:
		var out map[any]any
		if all {
			out = make(map[any]any, len(x))
		}
		for k, e := range x {
			p, changed := plain(e, all)
			pk, keyChanged := plain(k, false)
			if !changed && !keyChanged && !all {
				continue
			}
			if out == nil {
				out = make(map[any]any, len(x))
				for k2, e2 := range x {
					out[k2] = e2
				}
			}
			if keyChanged {
				delete(out, k)
			}
			out[pk] = p
		}
		if out == nil {
			return v, false
		}
		return out, true
	}
	return v, false
}
