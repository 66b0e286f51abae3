package aerotest

import (
	"reflect"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
)

// pairsMap is a map the client packs in the order of its pairs (an
// as.MapIter), as any client can write an unordered map.
type pairsMap []as.MapPair

func (m pairsMap) Len() int { return len(m) }

func (m pairsMap) PackMap(buf as.BufferEx) (int, error) {
	size := 0
	for _, p := range m {
		for _, v := range []any{p.Key, p.Value} {
			var n int
			var err error
			switch x := v.(type) {
			case string:
				n, err = as.PackString(buf, x)
			case int:
				n, err = as.PackInt64(buf, int64(x))
			}
			size += n
			if err != nil {
				return size, err
			}
		}
	}
	return size, nil
}

// An unordered map written out of key order is kept in key order: the
// server sorts every map it is sent (cdt.c cdt_untrusted_rewrite), and
// single puts, removals and put-items keep a map in key order
// (particle_map.c packed_map_find_key_maybe_unordered,
// packed_map_convert_to_iko). Selections by mask (packed_map_build_ele_result_by_mask)
// and a range of every entry (packed_map_get_remove_all) answer in that
// stored order, so in key order; a rank range in rank order. Checked
// against the real server (CE 8.1.2).
func TestCDTUnorderedMapStoredOrder(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	k := mustKey(t, "test", "mapord", "k")
	must(t, c.Put(nil, k, as.BinMap{"m": pairsMap{{Key: "c", Value: 1}, {Key: "a", Value: 3}, {Key: "b", Value: 2}}}))
	keys := func(l ...any) []any { return l }
	put := as.DefaultMapPolicy()
	steps := []struct {
		name string
		op   *as.Operation
		want any
	}{
		{"by key range: key order", as.MapGetByKeyRangeOp("m", "a", "z", as.MapReturnType.KEY), keys("a", "b", "c")},
		{"by value range: key order", as.MapGetByValueRangeOp("m", 1, 10, as.MapReturnType.KEY), keys("a", "b", "c")},
		{"by value range, values: key order", as.MapGetByValueRangeOp("m", 1, 10, as.MapReturnType.VALUE), keys(3, 2, 1)},
		{"by index range of some: key order", as.MapGetByIndexRangeCountOp("m", 0, 2, as.MapReturnType.KEY), keys("a", "b")},
		{"by index range of all: key order", as.MapGetByIndexRangeOp("m", 0, as.MapReturnType.KEY), keys("a", "b", "c")},
		{"by index range of all, ranks: 0..n-1", as.MapGetByIndexRangeOp("m", 0, as.MapReturnType.RANK), keys(0, 1, 2)},
		{"by index range inverted leaving a tail: key order", as.MapGetByIndexRangeCountOp("m", 0, 1, as.MapReturnType.KEY|as.MapReturnType.INVERTED), keys("b", "c")},
		{"by rank range: rank order", as.MapGetByRankRangeOp("m", 0, as.MapReturnType.KEY), keys("c", "b", "a")},
		{"by index: key order", as.MapGetByIndexOp("m", 0, as.MapReturnType.KEY), "a"},
		{"put of a new key", as.MapPutOp(put, "m", "bb", 0), 4},
		{"after the put", as.MapGetByValueRangeOp("m", 0, 10, as.MapReturnType.KEY), keys("a", "b", "bb", "c")},
		{"put of a present key", as.MapPutOp(put, "m", "a", 5), 4},
		{"increment of a new key", as.MapIncrementOp(put, "m", "d", 1), 1},
		{"after the increment", as.MapGetByValueRangeOp("m", 0, 10, as.MapReturnType.KEY), keys("a", "b", "bb", "c", "d")},
		{"removal", as.MapRemoveByKeyOp("m", "c", as.MapReturnType.NONE), nil},
		{"after the removal", as.MapGetByValueRangeOp("m", 0, 10, as.MapReturnType.KEY), keys("a", "b", "bb", "d")},
		{"put-items", as.MapPutItemsOp(put, "m", map[any]any{"e": 0}), 5},
		{"after put-items", as.MapGetByValueRangeOp("m", 0, 10, as.MapReturnType.KEY), keys("a", "b", "bb", "d", "e")},
	}
	for _, st := range steps {
		rec, err := c.Operate(nil, k, st.op)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := rec.Bins["m"]; !reflect.DeepEqual(got, st.want) {
			t.Fatalf("%s: got %#v, want %#v", st.name, got, st.want)
		}
	}
}
