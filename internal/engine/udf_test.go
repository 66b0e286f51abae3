package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
)

const testUDF = `
function echo(rec, v) return v end
function ret(rec, what)
  if what == 'table' then return {1, 2} end
  if what == 'float' then return 1.5 end
  if what == 'list' then return list{1, 'a', 2.5} end
  if what == 'map' then local m = map(); m['x'] = 1; return m end
  if what == 'bytes' then local b = bytes(2); b[1] = 65; b[2] = 66; return b end
  if what == 'tblnest' then return list{ {1} } end
  if what == 'err' then error('boom') end
  if what == 'errnum' then error(42) end
  if what == 'glob' then counter = (counter or 0) + 1; return counter end
  if what == 'rep' then return string.rep('ab', 3) .. string.rep('x', 2, '-') end
  if what == 'bigrep' then return string.rep('x', 1000000000) end
  if what == 'biglist' then local l = list(); l[100000000] = 1; return 1 end
  if what == 'os' then return type(os) .. ',' .. type(io) .. ',' .. type(dofile) end
  return nil
end
function update(rec, v) rec['a'] = v; return aerospike:update(rec) end
function create(rec, v) rec['a'] = v; return aerospike:create(rec) end
function noupdate(rec, v) rec['a'] = v; return rec['a'] end
function upd_then_err(rec) rec['a'] = 99; aerospike:update(rec); error('after update') end
function remove(rec) return aerospike:remove(rec) end
function tblbin(rec) rec['t'] = {1} end
function meta(rec) return list{record.gen(rec), record.setname(rec), record.numbins(rec)} end
function loop(rec) while true do end end
function grow(rec) local t = {} local i = 0 while true do i = i + 1; t[i] = string.rep('x', 1024) .. i end end
function sum(s, bin)
  return s:map(function(r) return r[bin] end):reduce(function(a, b) return a + b end)
end
`

func TestUDFRegister(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	tests := []struct {
		name, file, src string
		line            int
		msg             string
	}{
		{"syntax", "bad.lua", "function f(rec)\n asdf\n returned ret\nend", 3, "syntax error near 'returned'"},
		{"runtime at load", "bad.lua", "error('at load')", 1, "at load"},
		{"ok", "good.lua", "function f(rec) return 1 end", 0, ""},
	}
	for _, tt := range tests {
		err := e.RegisterUDF(tt.file, []byte(tt.src))
		if tt.msg == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var ce *CompileError
		if !errors.As(err, &ce) || ce.Line != tt.line || ce.Message != tt.msg || ce.File != tt.file {
			t.Errorf("%s: got %#v (%v), want line %d %q", tt.name, ce, err, tt.line, tt.msg)
		}
		if c, _ := driver.CodeOf(err); c != driver.UDFBadResponse {
			t.Errorf("%s: code %v", tt.name, c)
		}
	}
	if err := e.RegisterUDF("noext", []byte("x=1")); err == nil {
		t.Error("a file name without extension registered")
	}
	if got := e.UDFs(); len(got) != 1 || got[0].Name != "good.lua" || len(got[0].Hash) != 40 {
		t.Errorf("UDFs = %+v", got)
	}
	if err := e.RemoveUDF("missing.lua"); err != nil {
		t.Errorf("remove missing: %v", err)
	}
}

func TestUDFApply(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	if err := e.RegisterUDF("m.lua", []byte(testUDF)); err != nil {
		t.Fatal(err)
	}
	key := mkKey(t, "test", "s", "k")
	if err := e.Put(nil, key, driver.Bins{"a": int64(1)}); err != nil {
		t.Fatal(err)
	}
	apply := func(fn string, args ...any) (any, error) {
		return e.ApplyUDF(nil, key, &UDFCall{Module: "m", Function: fn, Args: args})
	}
	tests := []struct {
		fn   string
		args []any
		want any
		err  string
	}{
		{"echo", []any{int64(-1 << 62)}, int64(-1 << 62), ""},
		{"echo", []any{[]any{int64(1<<62 + 1), "x"}}, []any{int64(1<<62 + 1), "x"}, ""},
		{"ret", []any{"table"}, nil, ""},
		{"ret", []any{"float"}, 1.5, ""},
		{"ret", []any{"list"}, []any{int64(1), "a", 2.5}, ""},
		{"ret", []any{"map"}, map[any]any{"x": int64(1)}, ""},
		{"ret", []any{"bytes"}, []byte("AB"), ""},
		{"ret", []any{"tblnest"}, []any{nil}, ""},
		{"ret", []any{"err"}, nil, "m.lua:10: boom"},
		{"ret", []any{"errnum"}, nil, "result value type unexpected"},
		{"ret", []any{"glob"}, int64(1), ""},
		{"ret", []any{"glob"}, int64(1), ""},
		{"ret", []any{"os"}, "nil,nil,nil", ""},
		{"ret", []any{"rep"}, "abababx-x", ""},
		{"ret", []any{"bigrep"}, nil, "m.lua:14: resulting string too large"},
		{"ret", []any{"biglist"}, nil, "m.lua:15: bad argument #2 to (anonymous) (list index out of range)"},
		{"nosuch", nil, nil, "function not found"},
		{"meta", nil, []any{int64(1), "s", int64(1)}, ""},
	}
	for _, tt := range tests {
		got, err := apply(tt.fn, tt.args...)
		if tt.err != "" {
			var de *driver.Error
			if !errors.As(err, &de) || de.Code != driver.UDFBadResponse || de.Msg != tt.err {
				t.Errorf("%s%v: err %v, want %q", tt.fn, tt.args, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s%v = %#v, %v; want %#v", tt.fn, tt.args, got, err, tt.want)
		}
	}
	if _, err := e.ApplyUDF(nil, key, &UDFCall{Module: "nomod", Function: "f"}); err == nil || !strings.Contains(err.Error(), "UDF: Execution Error 1") {
		t.Errorf("missing module: %v", err)
	}
}

// TestUDFTimeLimitKeepsRecord: a call stopped by its deadline fails with
// "UDF Execution Timeout" and leaves the record as it was. What create,
// update and remove do is drivertest's UDFRecordWrites, which the memory
// backend runs on this engine.
func TestUDFTimeLimitKeepsRecord(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	if err := e.RegisterUDF("m.lua", []byte(testUDF)); err != nil {
		t.Fatal(err)
	}
	key := mkKey(t, "test", "s", "w")
	if _, err := e.ApplyUDF(nil, key, &UDFCall{Module: "m", Function: "create", Args: []any{int64(7)}}); err != nil {
		t.Fatal(err)
	}
	_, err := e.ApplyUDF(nil, key, &UDFCall{Module: "m", Function: "loop", Deadline: time.Now().Add(50 * time.Millisecond)})
	var de *driver.Error
	if !errors.As(err, &de) || de.Code != driver.UDFBadResponse || de.Msg != "UDF Execution Timeout" {
		t.Fatalf("loop: %v, want UDF_BAD_RESPONSE UDF Execution Timeout", err)
	}
	rec, err := e.Get(key, nil, false)
	if err != nil || !reflect.DeepEqual(rec.Bins, driver.Bins{"a": int64(7)}) || rec.Generation != 1 {
		t.Fatalf("after the timeout: %v (%v), want a=7 gen 1", rec, err)
	}
}

func TestUDFLimits(t *testing.T) {
	e, _ := newEngine(t)
	if err := e.RegisterUDF("m.lua", []byte(testUDF)); err != nil {
		t.Fatal(err)
	}
	key := mkKey(t, "test", "s", "lim")
	old := UDFMemoryLimit
	UDFMemoryLimit = 32 << 20
	defer func() { UDFMemoryLimit = old }()
	_, err := e.ApplyUDF(nil, key, &UDFCall{Module: "m", Function: "grow", Deadline: time.Now().Add(20 * time.Second)})
	var de *driver.Error
	if !errors.As(err, &de) || de.Msg != "UDF Execution Memory Limit" {
		t.Fatalf("grow: %v", err)
	}
}

func TestUDFCancel(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	if err := e.RegisterUDF("m.lua", []byte(testUDF)); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	close(done)
	key := mkKey(t, "test", "s", "cancel")
	_, err := e.ApplyUDF(nil, key, &UDFCall{Module: "m", Function: "loop", Deadline: time.Now().Add(time.Minute), Done: done})
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("a cancelled loop: %v", err)
	}
}

func TestUDFAggregate(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	if err := e.RegisterUDF("m.lua", []byte(testUDF)); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 100; i++ {
		if err := e.Put(nil, mkKey(t, "test", "agg", int64(i)), driver.Bins{"n": int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	w, err := e.NewWalk(&driver.QueryRequest{Namespace: "test", Set: "agg"})
	if err != nil {
		t.Fatal(err)
	}
	var out []any
	err = e.Aggregate("test", &UDFCall{Module: "m", Function: "sum", Args: []any{"n"}}, AggregateAll, w.Next, func(v any) error {
		out = append(out, v)
		return nil
	})
	if err != nil || !reflect.DeepEqual(out, []any{int64(5050)}) {
		t.Fatalf("sum = %v, %v", out, err)
	}
}
