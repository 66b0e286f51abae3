package drivertest

import (
	"math"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// Unsigned integers above math.MaxInt64 in lists and maps, as server 8.1.2
// keeps them (checked against it): the client packs such an element as
// msgpack 0xcf (packer.go packUInt64), the server stores it as it is and
// orders it as a non-negative integer, above every int64 (cf/src/
// msgpack_in.c msgpack_cmp_internal: MSGPACK_TYPE_INT compares the
// values, a uint64 unsigned), in list sorts, ranks, value ranges and map
// key order. Read back, the client unpacks 0xcf as a signed 64-bit integer
// (unpacker.go: BytesToInt64), so an application sees the int64 of its
// bits: 2^64-1 comes back as -1, 2^63 as math.MinInt64. A bin's own value
// cannot be one (its integer particle is an int64; the client's NewValue
// refuses it): ParameterError.

func init() {
	parallelChecks = append(parallelChecks,
		check{"Uint64Elements", testUint64Elements},
		check{"Uint64InExpressions", testUint64InExpressions},
	)
}

func testUint64Elements(e *env) {
	const big, mid = uint64(math.MaxUint64), uint64(1 << 63)
	seed := driver.Bins{
		"l": []any{big, int64(5), mid, int64(-1), int64(math.MaxInt64)},
		"m": map[any]any{"a": big, "b": int64(1)},
	}
	k := e.key("stored")
	e.put(k, seed)
	e.wantRecord("a list and a map holding uint64s above MaxInt64 read back as the int64 of their bits (the client's unpacker)", k, driver.Bins{
		"l": []any{int64(-1), int64(5), int64(math.MinInt64), int64(-1), int64(math.MaxInt64)},
		"m": map[any]any{"a": int64(-1), "b": int64(1)},
	})

	keyed := driver.Bins{"m": map[any]any{big: "big", int64(-1): "neg", int64(7): "seven"}}
	e.runCDT("uint64", []cdtCase{
		{rule: "ListSort puts 2^63 and 2^64-1 above MaxInt64 (unsigned order)",
			seed: seed, ops: []cdt.Op{cdt.ListSort("l", 0)},
			after: driver.Bins{"l": l(int64(-1), int64(5), int64(math.MaxInt64), int64(math.MinInt64), int64(-1)), "m": map[any]any{"a": int64(-1), "b": int64(1)}}},
		{rule: "ListGetByRank: rank 0 is -1 (index 3), rank -1 is 2^64-1 (index 0)",
			seed: seed, ops: []cdt.Op{cdt.ListGetByRank("l", 0, cdt.ReturnIndex), cdt.ListGetByRank("l", -1, cdt.ReturnIndex)},
			want: driver.Bins{"l": l(int64(3), int64(0))}},
		{rule: "ListGetByValueRange [MaxInt64, top) holds 2^64-1, 2^63 and MaxInt64",
			seed: seed, ops: []cdt.Op{cdt.ListGetByValueRange("l", int64(math.MaxInt64), nil, cdt.ReturnIndex)},
			want: driver.Bins{"l": l(int64(0), int64(2), int64(4))}},
		{rule: "ListGetByValueRange [-2, 0) holds only the real -1",
			seed: seed, ops: []cdt.Op{cdt.ListGetByValueRange("l", int64(-2), int64(0), cdt.ReturnIndex)},
			want: driver.Bins{"l": l(int64(3))}},
		{rule: "ListIncrement of 2^64-1 by 1 wraps as int64 arithmetic (-1 + 1 = 0)",
			seed: seed, ops: []cdt.Op{cdt.ListIncrement("l", 0, int64(1))},
			want: driver.Bins{"l": int64(0)}},
		{rule: "ListIncrement of 2^63 by -1 is MaxInt64 (int64 arithmetic on its bits)",
			seed: seed, ops: []cdt.Op{cdt.ListIncrement("l", 2, int64(-1))},
			want: driver.Bins{"l": int64(math.MaxInt64)}},
		{rule: "MapGetByRankRange orders a uint64 value above 1",
			seed: seed, ops: []cdt.Op{cdt.MapGetByRankRange("m", 0, cdt.ReturnKey)},
			want: driver.Bins{"m": l("b", "a")}},
		{rule: "a uint64 map key sorts after every int64 key; -1 and 2^64-1 are distinct keys",
			seed: keyed, ops: []cdt.Op{cdt.MapGetByIndexRange("m", 0, cdt.ReturnValue), cdt.MapGetByKey("m", int64(-1), cdt.ReturnValue)},
			want: driver.Bins{"m": l(l("neg", "seven", "big"), "neg")}},
	})

	err := e.conn.Put(e.ctx, &driver.WritePolicy{}, e.key("bin"), driver.Bins{"u": big})
	e.wantCode("a bin whose value is a uint64 above MaxInt64", err, driver.ParameterError)
}

// testUint64InExpressions checks an expression that reads a uint64 element
// as an integer: it gets the int64 of its bits (exp.c reads the element
// with msgpack_get_int64), so 2^64-1 is -1, below 0 (checked against
// server 8.1.2).
func testUint64InExpressions(e *env) {
	k := e.key("exp")
	e.put(k, driver.Bins{"l": []any{uint64(math.MaxUint64), int64(5)}})
	first := exp.ListRead(exp.TypeInt, cdt.ListGetByIndex("", 0, cdt.ReturnValue), exp.ListBin("l"))
	rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{
		exp.ReadOp("v", first, 0),
		exp.ReadOp("gt", exp.Greater(first, exp.IntVal(0)), 0),
		exp.ReadOp("sum", exp.NumAdd(first, exp.IntVal(1)), 0),
	})
	if e.wantOK("an expression reading a uint64 list element as an integer", err) {
		e.wantBins("an expression reading a uint64 list element as an integer", rec.Bins, driver.Bins{"v": int64(-1), "gt": false, "sum": int64(0)})
	}
}
