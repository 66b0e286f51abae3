package drivertest

import (
	"fmt"

	"github.com/aerokit/aero/driver"
)

func (e *env) operate(rule string, k *driver.Key, ops ...driver.Operation) (*driver.Record, bool) {
	e.Helper()
	rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, ops)
	if !e.wantOK(rule, err) {
		return nil, false
	}
	if rec == nil {
		e.Errorf("%s: got a nil *Record with a nil error, want the record's header and read results", rule)
		return nil, false
	}
	return rec, true
}

func opAdd(bin string, v any) driver.Operation {
	return driver.Operation{Type: driver.OpAdd, Bin: bin, Value: v}
}
func opRead(bin string) driver.Operation { return driver.Operation{Type: driver.OpRead, Bin: bin} }
func opWrite(bin string, v any) driver.Operation {
	return driver.Operation{Type: driver.OpWrite, Bin: bin, Value: v}
}

// testOperateAdd checks OpAdd on integers and floats, creating the bin and
// the record when absent.
func testOperateAdd(e *env) {
	k := e.key("add")
	rec, ok := e.operate("Operate add on a missing record", k, opAdd("n", int64(5)), opRead("n"))
	if ok {
		e.wantBins("Operate add on a missing record must create the bin at the value", rec.Bins, driver.Bins{"n": int64(5)})
		e.wantGen("Operate add creating a record", rec, 1)
	}
	rec, ok = e.operate("Operate add on an existing bin", k, opAdd("n", int64(-7)), opRead("n"))
	if ok {
		e.wantBins("Operate add of -7 to 5", rec.Bins, driver.Bins{"n": int64(-2)})
	}
	rec, ok = e.operate("Operate add creating a second bin", k, opAdd("m", int64(3)), opRead("m"), opRead("n"))
	if ok {
		e.wantBins("Operate add creating a bin next to another", rec.Bins, driver.Bins{"m": int64(3), "n": int64(-2)})
	}
	e.put(k, driver.Bins{"f": 1.5})
	rec, ok = e.operate("Operate add on a float bin", k, opAdd("f", 2.25), opRead("f"))
	if ok {
		e.wantBins("Operate add of 2.25 to 1.5", rec.Bins, driver.Bins{"f": 3.75})
	}
	// Write ops return nothing: a write-only Operate has no bins.
	rec, ok = e.operate("Operate with write ops only", k, opAdd("n", int64(1)))
	if ok && len(rec.Bins) != 0 {
		e.Errorf("Operate with write ops only: got bins %s, want none (write ops return nothing)", fmtBins(rec.Bins))
	}
	// An Operate with an integer kind other than int64 is normalized.
	rec, ok = e.operate("Operate add with an int Value", k, opAdd("n", 10), opRead("n"))
	if ok {
		e.wantBins("Operate add with an int Value", rec.Bins, driver.Bins{"n": int64(9)})
	}
}

// testOperateTypeErrors checks BIN_TYPE_ERROR and that a failed Operate
// applies none of its ops (server: write.c, the whole transaction fails).
func testOperateTypeErrors(e *env) {
	k := e.key("types")
	e.put(k, driver.Bins{"s": "str", "i": int64(1), "f": 1.5})
	cases := []struct {
		rule string
		op   driver.Operation
	}{
		{"Operate add to a string bin", opAdd("s", int64(1))},
		{"Operate append to an integer bin", driver.Operation{Type: driver.OpAppend, Bin: "i", Value: "x"}},
		{"Operate prepend to an integer bin", driver.Operation{Type: driver.OpPrepend, Bin: "i", Value: "x"}},
		{"Operate add of an integer to a float bin", opAdd("f", int64(1))},
		{"Operate add of a float to an integer bin", opAdd("i", 1.5)},
	}
	for _, c := range cases {
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{opWrite("w", int64(1)), c.op})
		e.wantCode(c.rule, err, driver.BinTypeError)
	}
	rec := e.wantRecord("an Operate that fails must apply none of its ops (the write before the failing op included)", k, driver.Bins{"s": "str", "i": int64(1), "f": 1.5})
	e.wantGen("failed Operates must not change the generation", rec, 1)
}

// testOperateAppendPrepend checks string and []byte append and prepend.
func testOperateAppendPrepend(e *env) {
	k := e.key("append")
	e.put(k, driver.Bins{"s": "b", "b": []byte{2}})
	rec, ok := e.operate("Operate append and prepend", k,
		driver.Operation{Type: driver.OpAppend, Bin: "s", Value: "c"},
		driver.Operation{Type: driver.OpPrepend, Bin: "s", Value: "a"},
		driver.Operation{Type: driver.OpAppend, Bin: "b", Value: []byte{3}},
		driver.Operation{Type: driver.OpPrepend, Bin: "b", Value: []byte{1}},
		opRead("s"), opRead("b"))
	if ok {
		e.wantBins("append \"c\" and prepend \"a\" to \"b\"; append 03 and prepend 01 to 02", rec.Bins, driver.Bins{"s": "abc", "b": []byte{1, 2, 3}})
	}
	rec, ok = e.operate("Operate append to a missing bin", k, driver.Operation{Type: driver.OpAppend, Bin: "new", Value: "x"}, opRead("new"))
	if ok {
		e.wantBins("append to a missing bin creates it", rec.Bins, driver.Bins{"new": "x"})
	}
	e.wantRecord("record after appends", k, driver.Bins{"s": "abc", "b": []byte{1, 2, 3}, "new": "x"})
}

// testOperateAtomicSequence checks that ops apply in order and reads see the
// writes before them.
func testOperateAtomicSequence(e *env) {
	k := e.key("seq")
	e.put(k, driver.Bins{"n": int64(1), "keep": "k"})
	rec, ok := e.operate("Operate with several writes and reads", k,
		opWrite("a", int64(1)),
		opWrite("b", "x"),
		opAdd("n", int64(2)),
		opRead("a"), opRead("b"), opRead("n"))
	if ok {
		e.wantBins("reads after writes in one Operate see the writes", rec.Bins, driver.Bins{"a": int64(1), "b": "x", "n": int64(3)})
		e.wantGen("one Operate is one write", rec, 2)
	}
	rec, ok = e.operate("Operate read of every bin", k, driver.Operation{Type: driver.OpRead})
	if ok {
		e.wantBins("OpRead with an empty Bin reads every bin", rec.Bins, driver.Bins{"a": int64(1), "b": "x", "n": int64(3), "keep": "k"})
	}
}

// testOperateMultipleReads checks that a bin read more than once returns a
// []any of the reads in order (client: record_parser.go OpResults).
func testOperateMultipleReads(e *env) {
	k := e.key("multi")
	e.put(k, driver.Bins{"n": int64(10)})
	rec, ok := e.operate("Operate read, add, read of one bin", k, opRead("n"), opAdd("n", int64(5)), opRead("n"))
	if ok {
		e.wantBins("a bin read twice returns the reads in order as a []any", rec.Bins, driver.Bins{"n": []any{int64(10), int64(15)}})
	}
}

// testOperateReadMissing checks that a read-only Operate of a missing
// record is KEY_NOT_FOUND_ERROR.
func testOperateReadMissing(e *env) {
	k := e.key("missing")
	for _, ops := range [][]driver.Operation{
		{opRead("a")},
		{{Type: driver.OpRead}},
		{{Type: driver.OpReadHeader}},
	} {
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, ops)
		e.wantCode(fmt.Sprintf("Operate %s of a missing record", ops[0].Type), err, driver.KeyNotFoundError)
	}
	e.wantMissing("a read-only Operate must not create the record", k)
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: driver.UpdateOnly}, k, []driver.Operation{opWrite("a", int64(1))})
	e.wantCode("Operate UpdateOnly write on a missing record", err, driver.KeyNotFoundError)
}

// testOperateDelete checks OpDelete alone and followed by writes (server:
// AS_MSG_OP_DELETE_ALL drops every bin; later writes build a new record).
func testOperateDelete(e *env) {
	k := e.key("opdel")
	e.put(k, driver.Bins{"a": int64(1), "b": int64(2)})
	_, ok := e.operate("Operate OpDelete", k, driver.Operation{Type: driver.OpDelete})
	if ok {
		e.wantMissing("Operate OpDelete must delete the record", k)
	}
	e.put(k, driver.Bins{"a": int64(1), "b": int64(2)})
	if _, ok := e.operate("Operate OpDelete then OpWrite", k, driver.Operation{Type: driver.OpDelete}, opWrite("c", int64(3))); ok {
		e.wantRecord("Operate OpDelete then OpWrite must leave only the bins written after the delete", k, driver.Bins{"c": int64(3)})
	}
}
