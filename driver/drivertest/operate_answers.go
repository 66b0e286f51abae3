package drivertest

import (
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

// testOperateSharedResultBin checks the layout of the results of several
// answering ops on one bin (driver.Operation, driver.SharesResultBin): one
// entry per answering op, in op order, nil for an empty result. Without
// respond-all-ops the server leaves empty results out: a read of a missing
// bin (rw_utils.c process_bin_read_op: READ_OP_RESULT_NOT_FOUND), a list op
// whose result bin stays empty (write.c write_master_bin_ops_loop: "if
// (respond_all_ops || as_bin_is_used(&result_bin))"), and the client's
// merged OpResults (record_parser.go parseRecord) then cannot be matched to
// the ops; with it every op but a touch answers (write.c, read.c
// read_local), and write ops' nil answers are not results.
func testOperateSharedResultBin(e *env) {
	list := func(vs ...any) []any { return vs }
	cases := []struct {
		rule string
		seed driver.Bins
		ops  []driver.Operation
		want driver.Bins
	}{
		{rule: "a list op returning an index list, then a get by index, on one bin: both results in op order",
			seed: driver.Bins{"counts": list(int64(5), int64(6), int64(7))},
			ops: []driver.Operation{
				cdt.ListGetByValue("counts", int64(6), cdt.ReturnIndex).Operation(),
				cdt.ListGetByIndex("counts", 2, cdt.ReturnValue).Operation(),
			},
			want: driver.Bins{"counts": list(list(int64(1)), int64(7))}},
		{rule: "a read of a missing bin, a write, a read: the first read answers nil (respond_all_ops)",
			seed: driver.Bins{"z": int64(1)},
			ops:  []driver.Operation{opRead("n"), opWrite("n", int64(1)), opRead("n")},
			want: driver.Bins{"n": list(nil, int64(1))}},
		{rule: "a list set (no result) then a list get: the set answers nil",
			seed: driver.Bins{"l": list(int64(1), int64(2))},
			ops:  []driver.Operation{cdt.ListSet("l", 0, int64(9)).Operation(), cdt.ListGet("l", 0).Operation()},
			want: driver.Bins{"l": list(nil, int64(9))}},
		{rule: "a list get of a nil element then another list get: the first answers nil",
			seed: driver.Bins{"l": list(nil, int64(2))},
			ops:  []driver.Operation{cdt.ListGet("l", 0).Operation(), cdt.ListGet("l", 1).Operation()},
			want: driver.Bins{"l": list(nil, int64(2))}},
		{rule: "a list clear then a list size: the clear answers nil",
			seed: driver.Bins{"l": list(int64(1), int64(2))},
			ops:  []driver.Operation{cdt.ListClear("l").Operation(), cdt.ListSize("l").Operation()},
			want: driver.Bins{"l": list(nil, int64(0))}},
		{rule: "a read-only Operate reading a missing bin and another bin twice: the missing bin answers nil",
			seed: driver.Bins{"n": int64(1)},
			ops:  []driver.Operation{opRead("x"), opRead("n"), opRead("n")},
			want: driver.Bins{"x": nil, "n": list(int64(1), int64(1))}},
		{rule: "appends and prepends answer nothing among the reads of their bin",
			seed: driver.Bins{"s": "a"},
			ops: []driver.Operation{{Type: driver.OpAppend, Bin: "s", Value: "b"}, opRead("s"),
				{Type: driver.OpPrepend, Bin: "s", Value: "z"}, opRead("s")},
			want: driver.Bins{"s": list("ab", "zab")}},
		{rule: "a touch, a header read and a delete answer nothing",
			seed: driver.Bins{"n": int64(1)},
			ops: []driver.Operation{{Type: driver.OpTouch}, {Type: driver.OpReadHeader}, opRead("n"),
				{Type: driver.OpDelete}, opWrite("n", int64(3)), opRead("n")},
			want: driver.Bins{"n": list(int64(1), int64(3))}},
	}
	for i, c := range cases {
		k := e.key("shared-" + string(rune('a'+i)))
		e.put(k, c.seed)
		if rec, ok := e.operate(c.rule, k, c.ops...); ok {
			e.wantBins(c.rule, rec.Bins, c.want)
		}
	}
}
