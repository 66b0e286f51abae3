package drivertest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// Lua UDF rules, each asked of server 8.1.2 and read in its sources:
// transaction/udf.c (udf_master_apply, has_forbidden_policy,
// process_failure), base/udf_aerospike.c (create, update, remove,
// execute_updates), base/udf_record.c, base/udf_cask.c (udf-put) and
// aerospike-mod-lua (mod_lua.c validate, apply_record; the system
// aerospike.lua and stream_ops.lua). The module has a fixed name, so a
// long-lived server registers the same source run after run.

// dtUDFName is the module the rules register (idempotent).
const dtUDFName = "aero_drivertest"

// dtUDF avoids what Lua 5.4 (the server) and gopher-lua (the engine) read
// differently: integer division, floats that are integral.
const dtUDF = `function echo(rec, v) return v end
function ret(rec, what)
  if what == 'table' then return {1, 2} end
  if what == 'float' then return 1.5 end
  if what == 'list' then return list{1, 'a', 2.5} end
  if what == 'map' then local m = map(); m['x'] = 1; return m end
  if what == 'tblnest' then return list{ {1} } end
  if what == 'err' then error('boom') end
  if what == 'errnum' then error(42) end
  if what == 'glob' then counter = (counter or 0) + 1; return counter end
  return nil
end
function update(rec, v) rec['a'] = v; return aerospike:update(rec) end
function create(rec, v) rec['a'] = v; return aerospike:create(rec) end
function noupdate(rec, v) rec['a'] = v; return rec['a'] end
function upd_then_err(rec) rec['a'] = 99; aerospike:update(rec); error('after update') end
function remove(rec) return aerospike:remove(rec) end
function tblbin(rec) rec['t'] = {1} end
function bump(rec, n) rec['b'] = (rec['b'] or 0) + n; aerospike:update(rec) end
function sum(s, bin)
  return s:map(function(r) return r[bin] end):reduce(function(a, b) return a + b end)
end
`

func (e *env) udfer() driver.UDFer {
	u, ok := e.conn.(driver.UDFer)
	if !ok {
		e.Skip("the backend runs no UDFs (driver.UDFer)")
	}
	e.mustOK("RegisterUDF "+dtUDFName, u.RegisterUDF(e.ctx, dtUDFName+".lua", []byte(dtUDF)))
	return u
}

func (e *env) apply(u driver.UDFer, p *driver.WritePolicy, k *driver.Key, fn string, args ...any) (any, error) {
	return u.ApplyUDF(e.ctx, p, k, &driver.UDFCall{Module: dtUDFName, Function: fn, Args: args})
}

// wantUDFFailure checks a UDF_BAD_RESPONSE whose message (the FAILURE bin,
// the driver.Error's Msg) is want; the server's own message carries its
// UDF directory before the module's name, which drivers leave out.
func (e *env) wantUDFFailure(rule string, err error, want string) {
	e.Helper()
	if !e.wantCode(rule, err, driver.UDFBadResponse) {
		return
	}
	var de *driver.Error
	if !errors.As(err, &de) || (de.Msg != want && !strings.HasSuffix(err.Error(), want)) {
		e.Errorf("%s: got %v, want the server's message %q", rule, err, want)
	}
}

// testUDFRegisterCompileError: registering Lua that does not compile, or
// that fails while its top level runs, is refused with the file, line and
// message (udf_cask.c udf_cask_info_put: error=compile_error, mod_lua.c
// validate runs the module); nothing is registered.
func testUDFRegisterCompileError(e *env) {
	u, ok := e.conn.(driver.UDFer)
	if !ok {
		e.Skip("the backend runs no UDFs (driver.UDFer)")
	}
	for _, c := range []struct{ src, want string }{
		{"function f(rec)\n asdf\n returned ret\nend", "aero_dt_bad.lua:3: syntax error near 'returned'"},
		{"error('at load')", "aero_dt_bad.lua:1: at load"},
	} {
		err := u.RegisterUDF(e.ctx, "aero_dt_bad.lua", []byte(c.src))
		e.wantUDFFailure(fmt.Sprintf("RegisterUDF of %q", c.src), err, c.want)
	}
	mods, err := u.ListUDFs(e.ctx)
	e.mustOK("ListUDFs", err)
	for _, m := range mods {
		if m.Name == "aero_dt_bad.lua" {
			e.Errorf("ListUDFs: a module that failed to register is listed")
		}
	}
	e.wantOK("RemoveUDF of a module that is not registered (udf_cask.c answers ok)", u.RemoveUDF(e.ctx, "aero_dt_never.lua"))
}

// testUDFValues: how a function's value converts back (mod_lua_val.c
// mod_lua_toval): a Lua table is nil, in a list too; floats, lists and
// maps as themselves; arguments pass through unchanged. A failure is
// UDF_BAD_RESPONSE with the Lua error ("module.lua:LINE: message"), "result
// value type unexpected" for a non-string error (udf.c process_failure),
// "function not found" (aerospike.lua apply_record). (Whether a global
// carries from one call to the next is not a rule: the server reuses its
// cached Lua states, mod_lua.c get_state, and was seen doing both.)
func testUDFValues(e *env) {
	u := e.udfer()
	k := e.key("v")
	e.put(k, driver.Bins{"a": int64(1)})
	for _, c := range []struct {
		fn   string
		args []any
		want any
	}{
		{"echo", []any{int64(-1 << 62)}, int64(-1 << 62)},
		{"echo", []any{[]any{int64(1<<62 + 1), "x", nil}}, []any{int64(1<<62 + 1), "x", nil}},
		{"echo", []any{map[any]any{"k": []any{int64(1)}}}, map[any]any{"k": []any{int64(1)}}},
		{"ret", []any{"table"}, nil},
		{"ret", []any{"float"}, 1.5},
		{"ret", []any{"list"}, []any{int64(1), "a", 2.5}},
		{"ret", []any{"map"}, map[any]any{"x": int64(1)}},
		{"ret", []any{"tblnest"}, []any{nil}},
	} {
		got, err := e.apply(u, nil, k, c.fn, c.args...)
		if e.wantOK(fmt.Sprintf("ApplyUDF %s%v", c.fn, c.args), err) && !reflect.DeepEqual(got, c.want) {
			e.Errorf("ApplyUDF %s%v: got %#v, want %#v", c.fn, c.args, got, c.want)
		}
	}
	_, err := e.apply(u, nil, k, "ret", "err")
	e.wantUDFFailure("ApplyUDF raising error('boom')", err, dtUDFName+".lua:8: boom")
	_, err = e.apply(u, nil, k, "ret", "errnum")
	e.wantUDFFailure("ApplyUDF raising error(42)", err, "result value type unexpected")
	_, err = e.apply(u, nil, k, "nosuchfn")
	e.wantUDFFailure("ApplyUDF of a missing function", err, "function not found")
	_, err = u.ApplyUDF(e.ctx, nil, k, &driver.UDFCall{Module: "aero_dt_nomod", Function: "f"})
	e.wantCode("ApplyUDF of a module that is not registered", err, driver.UDFBadResponse)
}

// testUDFRecordWrites: what create, update and remove do, and that the
// record is written only when the function returns (udf_aerospike.c,
// udf.c udf_master_apply): update of a missing record returns -2, create
// of an existing one returns 1, updates not applied are lost, an error
// after update leaves the record as it was, a bin of unsupported type
// fails the call, removing every bin deletes the record, creating a
// missing record with no bins is KEY_NOT_FOUND (udf_master_write). A generation
// check or a record-exists action is PARAMETER_ERROR (has_forbidden_policy).
func testUDFRecordWrites(e *env) {
	u := e.udfer()
	k := e.key("w")
	steps := []struct {
		fn   string
		arg  any
		want any
		code driver.ResultCode
		bins driver.Bins // nil: no record
		gen  uint32
	}{
		{"update", int64(5), int64(-2), 0, nil, 0},
		{"create", int64(5), int64(0), 0, driver.Bins{"a": int64(5)}, 1},
		{"create", int64(6), int64(1), 0, driver.Bins{"a": int64(5)}, 1},
		{"update", int64(7), int64(0), 0, driver.Bins{"a": int64(7)}, 2},
		{"noupdate", int64(8), int64(8), 0, driver.Bins{"a": int64(7)}, 2},
		{"upd_then_err", nil, nil, driver.UDFBadResponse, driver.Bins{"a": int64(7)}, 2},
		{"tblbin", nil, nil, driver.UDFBadResponse, driver.Bins{"a": int64(7)}, 2},
		{"remove", nil, int64(0), 0, nil, 0},
		{"remove", nil, int64(1), 0, nil, 0},
		// create of a missing record with no bins: the call fails
		// KEY_NOT_FOUND (udf.c udf_master_write: AS_ERR_NOT_FOUND when
		// the record "didn't exist").
		{"create", nil, nil, driver.KeyNotFoundError, nil, 0},
	}
	for i, s := range steps {
		var args []any
		if s.arg != nil {
			args = []any{s.arg}
		}
		rule := fmt.Sprintf("step %d, ApplyUDF %s%v", i, s.fn, args)
		got, err := e.apply(u, nil, k, s.fn, args...)
		if s.code != 0 {
			e.wantCode(rule, err, s.code)
		} else if e.wantOK(rule, err) && !reflect.DeepEqual(got, s.want) {
			e.Errorf("%s: got %#v, want %#v", rule, got, s.want)
		}
		if s.bins == nil {
			e.wantMissing(rule, k)
			continue
		}
		rec := e.wantRecord(rule, k, s.bins)
		e.wantGen(rule, rec, s.gen)
	}
	e.put(k, driver.Bins{"a": int64(1)})
	for _, p := range []*driver.WritePolicy{
		{RecordExists: driver.CreateOnly}, {RecordExists: driver.UpdateOnly},
		{RecordExists: driver.Replace}, {GenerationPolicy: driver.GenEqual, Generation: 1},
	} {
		_, err := e.apply(u, p, k, "echo", int64(1))
		e.wantCode(fmt.Sprintf("ApplyUDF with policy %+v (udf.c has_forbidden_policy)", *p), err, driver.ParameterError)
	}
}

// testUDFBackground: a background job applies its UDF or write ops to
// every record the scan selects, and never creates a record (udf.c: an
// internal UDF on a missing record is NOT_FOUND). A job whose module is
// not registered is accepted and ends done, every record failed and left
// as it was (asked of server 8.1.2: query-show reports status=done(ok),
// recs-failed=N).
func testUDFBackground(e *env) {
	u := e.udfer()
	_ = u
	b, ok := e.conn.(driver.BackgroundRunner)
	if !ok {
		e.Skip("the backend runs no background jobs")
	}
	var keys []*driver.Key
	for i := range 5 {
		k := e.key(int64(i))
		e.put(k, driver.Bins{"n": int64(i)})
		keys = append(keys, k)
	}
	ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	defer cancel()
	req := &driver.QueryRequest{Namespace: e.ns, Set: e.set}
	job, err := b.RunBackground(ctx, nil, req, &driver.BackgroundTask{UDF: &driver.UDFCall{Module: dtUDFName, Function: "bump", Args: []any{int64(2)}}})
	e.mustOK("RunBackground with a UDF", err)
	e.mustOK("Job.Wait", job.Wait(ctx))
	for i, k := range keys {
		e.wantRecord("a record after a background UDF job", k, driver.Bins{"n": int64(i), "b": int64(2)})
	}
	job, err = b.RunBackground(ctx, nil, req, &driver.BackgroundTask{Ops: []driver.Operation{{Type: driver.OpAdd, Bin: "b", Value: int64(1)}}})
	e.mustOK("RunBackground with ops", err)
	e.mustOK("Job.Wait", job.Wait(ctx))
	st, err := job.Status(ctx)
	if e.wantOK("Job.Status after Wait", err) && !st.Done {
		e.Errorf("Job.Status after Wait: got %+v, want done", st)
	}
	for i, k := range keys {
		e.wantRecord("a record after a background ops job", k, driver.Bins{"n": int64(i), "b": int64(3)})
	}
	job, err = b.RunBackground(ctx, nil, req, &driver.BackgroundTask{UDF: &driver.UDFCall{Module: "aero_dt_nomod", Function: "bump"}})
	e.mustOK("RunBackground with a module that is not registered", err)
	e.mustOK("Job.Wait of a job whose module is not registered", job.Wait(ctx))
	for i, k := range keys {
		e.wantRecord("a record after a job whose module is not registered", k, driver.Bins{"n": int64(i), "b": int64(3)})
	}
	_, err = b.RunBackground(ctx, nil, req, &driver.BackgroundTask{Ops: []driver.Operation{{Type: driver.OpRead, Bin: "b"}}})
	e.wantCode("RunBackground with a read op", err, driver.ParameterError)
}

// testUDFAggregate: a stream UDF's map and reduce over the set's records
// (stream_ops.lua), the final reduce on the client.
func testUDFAggregate(e *env) {
	e.udfer()
	a, ok := e.conn.(driver.Aggregator)
	if !ok {
		e.Skip("the backend runs no aggregations")
	}
	for i := 1; i <= 20; i++ {
		e.put(e.key(int64(i)), driver.Bins{"n": int64(i)})
	}
	rows, err := a.Aggregate(e.ctx, &driver.QueryRequest{Namespace: e.ns, Set: e.set}, &driver.UDFCall{Module: dtUDFName, Function: "sum", Args: []any{"n"}})
	e.mustOK("Aggregate", err)
	defer rows.Close()
	var vals []any
	for {
		v, more, err := rows.Next(e.ctx)
		e.mustOK("Aggregate Next", err)
		if !more {
			break
		}
		vals = append(vals, v)
	}
	if len(vals) != 1 || fmt.Sprint(vals[0]) != "210" {
		e.Errorf("Aggregate sum of 1..20: got %v, want [210]", vals)
	}
}

// testUDFFilter: a record UDF's filter expression applies to an existing
// record before its function runs (transaction/udf.c open_existing_record:
// handle_meta_filter, then as_exp_matches_record): a record the filter does
// not match is FILTERED_OUT and the function does not run; a record it
// matches runs it; a missing record runs it whatever the filter says, as
// there is no record to filter.
func testUDFFilter(e *env) {
	u := e.udfer()
	isOne := exp.Eq(exp.IntBin("a"), exp.IntVal(1))
	p := &driver.WritePolicy{FilterExp: isOne}

	k := e.key("filtered")
	e.put(k, driver.Bins{"a": int64(2)})
	_, err := e.apply(u, p, k, "update", int64(7))
	e.wantCode("UDF on a record its filter does not match", err, driver.FilteredOut)
	e.wantRecord("UDF filtered out: the function did not run", k, driver.Bins{"a": int64(2)})

	k = e.key("matched")
	e.put(k, driver.Bins{"a": int64(1)})
	_, err = e.apply(u, p, k, "update", int64(7))
	e.wantOK("UDF on a record its filter matches", err)
	e.wantRecord("UDF on a matched record ran", k, driver.Bins{"a": int64(7)})

	k = e.key("missing")
	_, err = e.apply(u, p, k, "create", int64(7))
	e.wantOK("UDF with a filter on a missing record (no record to filter)", err)
	e.wantRecord("UDF with a filter on a missing record ran", k, driver.Bins{"a": int64(7)})
}
