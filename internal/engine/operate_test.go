package engine

import (
	"math"
	"reflect"
	"testing"

	"github.com/aerokit/aero/driver"
)

func TestOperate(t *testing.T) {
	t.Parallel()
	rd := func(bin string) driver.Operation { return driver.Operation{Type: driver.OpRead, Bin: bin} }
	wr := func(bin string, v any) driver.Operation {
		return driver.Operation{Type: driver.OpWrite, Bin: bin, Value: v}
	}
	op := func(t driver.OpType, bin string, v any) driver.Operation {
		return driver.Operation{Type: t, Bin: bin, Value: v}
	}
	initial := driver.Bins{"i": 10, "f": 1.5, "s": "mid", "b": []byte("mid"), "l": []any{int64(1)}}
	tests := []struct {
		name     string
		missing  bool // start without a record
		policy   *driver.WritePolicy
		ops      []driver.Operation
		code     driver.ResultCode
		results  driver.Bins
		gen      uint32
		after    driver.Bins // stored bins after; nil: record absent
		unchange bool        // record must be unchanged (failed op)
	}{
		{name: "add int, read after", ops: []driver.Operation{op(driver.OpAdd, "i", 5), rd("i")},
			results: driver.Bins{"i": int64(15)}, gen: 2},
		{name: "add float", ops: []driver.Operation{op(driver.OpAdd, "f", 1.0), rd("f")},
			results: driver.Bins{"f": 2.5}, gen: 2},
		{name: "add creates", ops: []driver.Operation{op(driver.OpAdd, "new", int8(3)), rd("new")},
			results: driver.Bins{"new": int64(3)}, gen: 2},
		{name: "add float to int", ops: []driver.Operation{op(driver.OpAdd, "i", 1.0)}, code: driver.BinTypeError, unchange: true},
		{name: "add int to float", ops: []driver.Operation{op(driver.OpAdd, "f", 1)}, code: driver.BinTypeError, unchange: true},
		{name: "add to string", ops: []driver.Operation{op(driver.OpAdd, "s", 1)}, code: driver.BinTypeError, unchange: true},
		// particle.c: a modify op on a missing bin creates it from the
		// value, whatever the value's type.
		{name: "add string value creates", ops: []driver.Operation{op(driver.OpAdd, "new", "x"), rd("new")},
			results: driver.Bins{"new": "x"}, gen: 2},
		{name: "append int creates", ops: []driver.Operation{op(driver.OpAppend, "new", 7), rd("new")},
			results: driver.Bins{"new": int64(7)}, gen: 2},
		{name: "prepend list creates", ops: []driver.Operation{op(driver.OpPrepend, "new", []any{"a"}), rd("new")},
			results: driver.Bins{"new": []any{"a"}}, gen: 2},
		{name: "add string to existing int", ops: []driver.Operation{op(driver.OpAdd, "i", "x")}, code: driver.BinTypeError, unchange: true},
		{name: "add wraps", ops: []driver.Operation{wr("m", int64(math.MaxInt64)), op(driver.OpAdd, "m", 1), rd("m")},
			results: driver.Bins{"m": int64(math.MinInt64)}, gen: 2},
		{name: "append string to blob", ops: []driver.Operation{op(driver.OpAppend, "b", "x")}, code: driver.BinTypeError, unchange: true},
		{name: "append prepend string", ops: []driver.Operation{op(driver.OpAppend, "s", ">"), op(driver.OpPrepend, "s", "<"), rd("s")},
			results: driver.Bins{"s": "<mid>"}, gen: 2},
		{name: "append prepend blob", ops: []driver.Operation{op(driver.OpAppend, "b", []byte(">")), op(driver.OpPrepend, "b", []byte("<")), rd("b")},
			results: driver.Bins{"b": []byte("<mid>")}, gen: 2},
		{name: "append creates", ops: []driver.Operation{op(driver.OpAppend, "new", "x"), rd("new")},
			results: driver.Bins{"new": "x"}, gen: 2},
		{name: "append to int", ops: []driver.Operation{op(driver.OpAppend, "i", "x")}, code: driver.BinTypeError, unchange: true},
		{name: "append blob to string", ops: []driver.Operation{op(driver.OpAppend, "s", []byte("x"))}, code: driver.BinTypeError, unchange: true},
		{name: "prepend to list", ops: []driver.Operation{op(driver.OpPrepend, "l", "x")}, code: driver.BinTypeError, unchange: true},
		{name: "multiple reads of one bin", ops: []driver.Operation{rd("i"), op(driver.OpAdd, "i", 1), rd("i"), rd("s")},
			results: driver.Bins{"i": []any{int64(10), int64(11)}, "s": "mid"}, gen: 2},
		{name: "multiple reads of a list bin", ops: []driver.Operation{rd("l"), rd("l")},
			results: driver.Bins{"l": []any{[]any{int64(1)}, []any{int64(1)}}}, gen: 1},
		{name: "read missing bin", ops: []driver.Operation{rd("zz")}, results: nil, gen: 1},
		{name: "read all", ops: []driver.Operation{wr("n", 1), rd("")},
			results: driver.Bins{"i": int64(10), "f": 1.5, "s": "mid", "b": []byte("mid"), "l": []any{int64(1)}, "n": int64(1)}, gen: 2},
		// In a write, write_master_policies refuses these mixes; in a
		// read-only operate read_local (GET_ALL) returns every bin once.
		{name: "write with read all twice", ops: []driver.Operation{wr("n", 1), rd(""), rd("")}, code: driver.ParameterError, unchange: true},
		{name: "write with read all and named read", ops: []driver.Operation{wr("n", 1), rd(""), rd("i")}, code: driver.ParameterError, unchange: true},
		{name: "read all twice", ops: []driver.Operation{rd(""), rd("")}, results: driver.Bins{"i": int64(10), "f": 1.5, "s": "mid", "b": []byte("mid"), "l": []any{int64(1)}}, gen: 1},
		{name: "read all with named read", ops: []driver.Operation{rd("i"), rd(""), rd("i")}, results: driver.Bins{"i": int64(10), "f": 1.5, "s": "mid", "b": []byte("mid"), "l": []any{int64(1)}}, gen: 1},
		{name: "read all with header", ops: []driver.Operation{{Type: driver.OpReadHeader}, rd("")}, results: driver.Bins{"i": int64(10), "f": 1.5, "s": "mid", "b": []byte("mid"), "l": []any{int64(1)}}, gen: 1},
		{name: "header and named read", ops: []driver.Operation{{Type: driver.OpReadHeader}, rd("s")}, results: driver.Bins{"s": "mid"}, gen: 1},
		{name: "read-only long bin name", ops: []driver.Operation{rd("0123456789abcdef")}, code: driver.BinNameTooLong},
		{name: "read-only NUL in bin name", ops: []driver.Operation{rd("a\x00b")}, code: driver.BinNameTooLong},
		{name: "read-only unknown op", ops: []driver.Operation{rd("i"), {Type: 99}}, code: driver.ParameterError},
		// as_bin_name_check allows an empty name: the record gets a bin "".
		{name: "write empty bin name", ops: []driver.Operation{wr("", "e"), rd("")},
			results: driver.Bins{"i": int64(10), "f": 1.5, "s": "mid", "b": []byte("mid"), "l": []any{int64(1)}, "": "e"}, gen: 2},
		{name: "write empty bin name then named read", ops: []driver.Operation{wr("", "e"), rd("s")},
			results: driver.Bins{"s": "mid"}, gen: 2},
		{name: "write NUL in bin name", ops: []driver.Operation{wr("a\x00", 1)}, code: driver.BinNameTooLong, unchange: true},
		{name: "bin delete of missing bin bumps generation", ops: []driver.Operation{wr("zz", nil)}, gen: 2,
			after: driver.Bins{"i": int64(10), "f": 1.5, "s": "mid", "b": []byte("mid"), "l": []any{int64(1)}}},
		{name: "forbidden-free bad TTL beats bad bin name", policy: &driver.WritePolicy{Expiration: MaxTTL + 1},
			ops: []driver.Operation{wr("0123456789abcdef", 1)}, code: driver.ParameterError, unchange: true},
		{name: "header only", ops: []driver.Operation{{Type: driver.OpReadHeader}}, results: nil, gen: 1},
		{name: "touch", policy: &driver.WritePolicy{Expiration: 30}, ops: []driver.Operation{{Type: driver.OpTouch}, rd("i")},
			results: driver.Bins{"i": int64(10)}, gen: 2},
		{name: "delete then write", ops: []driver.Operation{{Type: driver.OpDelete}, wr("z", "new"), rd("i"), rd("z")},
			results: driver.Bins{"z": "new"}, gen: 2, after: driver.Bins{"z": "new"}},
		{name: "delete only", ops: []driver.Operation{rd("i"), {Type: driver.OpDelete}}, results: driver.Bins{"i": int64(10)}, gen: 0},
		{name: "read only missing", missing: true, ops: []driver.Operation{rd("i"), {Type: driver.OpReadHeader}}, code: driver.KeyNotFoundError},
		{name: "write on missing", missing: true, ops: []driver.Operation{wr("a", 1), rd("a")}, results: driver.Bins{"a": int64(1)}, gen: 1,
			after: driver.Bins{"a": int64(1)}},
		{name: "touch missing", missing: true, ops: []driver.Operation{wr("a", 1), {Type: driver.OpTouch}}, code: driver.KeyNotFoundError},
		{name: "delete missing", missing: true, ops: []driver.Operation{{Type: driver.OpDelete}}, code: driver.KeyNotFoundError},
		{name: "replace with add", policy: &driver.WritePolicy{RecordExists: driver.Replace}, ops: []driver.Operation{op(driver.OpAdd, "i", 1)}, code: driver.ParameterError},
		{name: "replace with touch", policy: &driver.WritePolicy{RecordExists: driver.Replace}, ops: []driver.Operation{{Type: driver.OpTouch}}, code: driver.ParameterError},
		{name: "replace", policy: &driver.WritePolicy{RecordExists: driver.Replace}, ops: []driver.Operation{wr("a", 1), rd("i")}, gen: 2,
			after: driver.Bins{"a": int64(1)}},
		{name: "no ops", ops: nil, code: driver.ParameterError},
		{name: "unknown op", ops: []driver.Operation{{Type: 99}}, code: driver.ParameterError},
		{name: "long bin in write", ops: []driver.Operation{wr("0123456789abcdef", 1)}, code: driver.BinNameTooLong},
		{name: "add nil", ops: []driver.Operation{op(driver.OpAdd, "i", nil)}, code: driver.ParameterError},
		{name: "bad value", ops: []driver.Operation{wr("a", make(chan int))}, code: driver.ParameterError},
		{name: "gen error", policy: &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: 5}, ops: []driver.Operation{wr("a", 1)}, code: driver.GenerationError, unchange: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, _ := newEngine(t)
			k := mkKey(t, "test", "s", tt.name)
			if !tt.missing {
				mustPut(t, e, nil, k, initial)
			}
			rec, err := e.Operate(tt.policy, k, tt.ops)
			wantCode(t, err, tt.code)
			if err != nil {
				if tt.unchange {
					r := mustGet(t, e, k)
					if r.Generation != 1 || len(r.Bins) != len(initial) {
						t.Fatalf("failed operate changed the record: gen %d bins %v", r.Generation, r.Bins)
					}
				}
				return
			}
			if !reflect.DeepEqual(rec.Bins, tt.results) {
				t.Fatalf("results = %#v, want %#v", rec.Bins, tt.results)
			}
			if rec.Generation != tt.gen {
				t.Fatalf("generation = %d, want %d", rec.Generation, tt.gen)
			}
			got, err := e.Get(k, nil, false)
			switch {
			case tt.gen == 0:
				wantCode(t, err, driver.KeyNotFoundError)
			case tt.after != nil:
				wantCode(t, err, driver.OK)
				if !reflect.DeepEqual(got.Bins, tt.after) {
					t.Fatalf("stored = %#v, want %#v", got.Bins, tt.after)
				}
			default:
				wantCode(t, err, driver.OK)
				if got.Generation != tt.gen {
					t.Fatalf("stored generation = %d, want %d", got.Generation, tt.gen)
				}
			}
		})
	}
}

func TestOperateExpirationResult(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "ttl", "", 1)
	rec, err := e.Operate(&driver.WritePolicy{Expiration: 42}, k, []driver.Operation{{Type: driver.OpWrite, Bin: "a", Value: 1}})
	wantCode(t, err, driver.OK)
	if rec.Generation != 1 || rec.Expiration != 42 {
		t.Fatalf("header = gen %d exp %d", rec.Generation, rec.Expiration)
	}
	rec, err = e.Operate(nil, k, []driver.Operation{{Type: driver.OpReadHeader}})
	wantCode(t, err, driver.OK)
	if rec.Generation != 1 || rec.Expiration != 42 || rec.Bins != nil {
		t.Fatalf("read header = %+v", rec)
	}
}

func TestBatch(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	have := mkKey(t, "test", "s", "have")
	missing := mkKey(t, "test", "s", "missing")
	mustPut(t, e, nil, have, driver.Bins{"a": 1, "b": 2})
	recs := []*driver.BatchRecord{
		{Type: driver.BatchRead, Key: have},
		{Type: driver.BatchRead, Key: have, Bins: []string{"b"}},
		{Type: driver.BatchRead, Key: have, HeaderOnly: true},
		{Type: driver.BatchRead, Key: missing},
		{Type: driver.BatchExists, Key: have},
		{Type: driver.BatchExists, Key: missing},
		{Type: driver.BatchWrite, Key: have, Ops: []driver.Operation{{Type: driver.OpAdd, Bin: "a", Value: 1}, {Type: driver.OpRead, Bin: "a"}}},
		{Type: driver.BatchWrite, Key: have, Policy: &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: 9}, Ops: []driver.Operation{{Type: driver.OpWrite, Bin: "a", Value: 0}}},
		{Type: driver.BatchDelete, Key: missing},
		{Type: driver.BatchRead, Key: mkKey(t, "nope", "", 1)},
		{Type: driver.BatchRead},
		nil,
		{Type: 77, Key: have},
		{Type: driver.BatchDelete, Key: have},
	}
	e.Batch(recs)
	type want struct {
		code   driver.ResultCode
		bins   driver.Bins
		exists bool
	}
	wants := []want{
		{bins: driver.Bins{"a": int64(1), "b": int64(2)}},
		{bins: driver.Bins{"b": int64(2)}},
		{},
		{code: driver.KeyNotFoundError},
		{exists: true},
		{},
		{bins: driver.Bins{"a": int64(2)}},
		{code: driver.GenerationError},
		{},
		{code: driver.InvalidNamespace},
		{code: driver.ParameterError},
		{},
		{code: driver.ParameterError},
		{exists: true},
	}
	for i, w := range wants {
		br := recs[i]
		if br == nil {
			continue
		}
		wantCode(t, br.Err, w.code)
		if br.Exists != w.exists {
			t.Errorf("entry %d: Exists = %v, want %v", i, br.Exists, w.exists)
		}
		if w.code == driver.OK && br.Type != driver.BatchExists && br.Type != driver.BatchDelete {
			if br.Record == nil {
				t.Fatalf("entry %d: no record", i)
			}
			if !reflect.DeepEqual(br.Record.Bins, w.bins) {
				t.Errorf("entry %d: bins = %v, want %v", i, br.Record.Bins, w.bins)
			}
		}
	}
	if ok, _ := e.Exists(have); ok {
		t.Fatal("batch delete did not delete")
	}
}

// TestBatchWriteReadAll: a batch write that reads all bins fails that record
// with PARAMETER_ERROR (write.c write_master_policies: read-all op with
// respond-all-ops), untouched, while the same ops in an Operate succeed.
func TestBatchWriteReadAll(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k1, k2 := mkKey(t, "test", "s", 1), mkKey(t, "test", "s", 2)
	mustPut(t, e, nil, k1, driver.Bins{"a": 1})
	mustPut(t, e, nil, k2, driver.Bins{"a": 1})
	ops := []driver.Operation{{Type: driver.OpWrite, Bin: "b", Value: 2}, {Type: driver.OpRead}}
	br := []*driver.BatchRecord{
		{Type: driver.BatchWrite, Key: k1, Ops: ops},
		{Type: driver.BatchWrite, Key: k2, Ops: []driver.Operation{{Type: driver.OpWrite, Bin: "b", Value: 2}, {Type: driver.OpRead, Bin: "a"}}},
	}
	e.Batch(br)
	wantCode(t, br[0].Err, driver.ParameterError)
	wantCode(t, br[1].Err, driver.OK)
	if r := mustGet(t, e, k1); r.Generation != 1 || len(r.Bins) != 1 {
		t.Fatalf("the refused batch write changed the record: %+v", r)
	}
	rec, err := e.Operate(nil, k1, ops)
	wantCode(t, err, driver.OK)
	if rec.Bins["a"] != int64(1) || rec.Bins["b"] != int64(2) {
		t.Fatalf("Operate write+read-all = %v", rec.Bins)
	}
}
