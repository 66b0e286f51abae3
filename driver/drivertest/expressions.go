package drivertest

import (
	"fmt"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// The expressions section: filter expressions on every kind of call, the
// record metadata they read, read and write expressions in Operate, and the
// per-record outcomes of batches and scans. The rules come from the
// server's as/src/base/exp.c (build and evaluation), expop.c (expression
// operations) and transaction/rw_utils.c handle_meta_filter and
// read_and_filter_bins, which read.c, write.c and delete.c call once the
// record is found.

var expressionChecks = []check{
	{"ExpFilterReads", testExpFilterReads},
	{"ExpFilterWrites", testExpFilterWrites},
	{"ExpMalformed", testExpMalformed},
	{"ExpUnsendable", testExpUnsendable},
	{"ExpMetadata", testExpMetadata},
	{"ExpOperate", testExpOperate},
	{"ExpOperateFlags", testExpOperateFlags},
	{"ExpValues", testExpValues},
	{"ExpBatch", testExpBatch},
	{"ExpScan", testExpScan},
	{"ExpListMap", testExpListMap},
}

func init() { parallelChecks = append(parallelChecks, expressionChecks...) }

func readP(f *exp.Expr) *driver.ReadPolicy   { return &driver.ReadPolicy{FilterExp: f} }
func writeP(f *exp.Expr) *driver.WritePolicy { return &driver.WritePolicy{FilterExp: f} }

// testExpFilterReads checks Get, Get of the header and Exists with a filter:
// a match reads as usual, a record the filter does not match is
// FILTERED_OUT, and a missing record is KEY_NOT_FOUND_ERROR (Exists: false)
// whatever the filter (read.c read_local: the filter runs once the record
// is found). A missing bin or a bin of another type is unknown, and an
// unknown filter does not match (exp.c match_internal).
func testExpFilterReads(e *env) {
	k := e.key("r")
	e.put(k, driver.Bins{"age": int64(30), "name": "ann"})
	adult := exp.GreaterEq(exp.IntBin("age"), exp.IntVal(18))
	minor := exp.Less(exp.IntBin("age"), exp.IntVal(18))

	rec, err := e.conn.Get(e.ctx, readP(adult), k, nil)
	if e.wantOK("Get with a matching filter", err) && e.notNilRecord("Get with a matching filter", rec) {
		e.wantBins("Get with a matching filter", rec.Bins, driver.Bins{"age": int64(30), "name": "ann"})
	}
	_, err = e.conn.Get(e.ctx, readP(minor), k, nil)
	e.wantCode("Get with a filter the record does not match", err, driver.FilteredOut)
	_, err = e.conn.Get(e.ctx, &driver.ReadPolicy{HeaderOnly: true, FilterExp: minor}, k, nil)
	e.wantCode("Get of the header with a filter the record does not match", err, driver.FilteredOut)
	rec, err = e.conn.Get(e.ctx, &driver.ReadPolicy{HeaderOnly: true, FilterExp: adult}, k, nil)
	if e.wantOK("Get of the header with a matching filter", err) && e.notNilRecord("Get header", rec) {
		e.wantGen("Get of the header with a matching filter", rec, 1)
	}
	rec, err = e.conn.Get(e.ctx, readP(adult), k, []string{"name"})
	if e.wantOK("Get of named bins with a matching filter (the filter reads bins not returned)", err) && e.notNilRecord("Get", rec) {
		e.wantBins("Get of named bins with a matching filter", rec.Bins, driver.Bins{"name": "ann"})
	}

	ok, err := e.conn.Exists(e.ctx, readP(adult), k)
	if e.wantOK("Exists with a matching filter", err) && !ok {
		e.Errorf("Exists with a matching filter: got false, want true")
	}
	_, err = e.conn.Exists(e.ctx, readP(minor), k)
	e.wantCode("Exists with a filter the record does not match", err, driver.FilteredOut)

	missing := e.key("missing")
	_, err = e.conn.Get(e.ctx, readP(adult), missing, nil)
	e.wantCode("Get of a missing record with a filter (not FILTERED_OUT)", err, driver.KeyNotFoundError)
	ok, err = e.conn.Exists(e.ctx, readP(adult), missing)
	if e.wantOK("Exists of a missing record with a filter (not FILTERED_OUT)", err) && ok {
		e.Errorf("Exists of a missing record with a filter: got true, want false")
	}

	for _, c := range []struct {
		rule string
		f    *exp.Expr
	}{
		{"a filter on a missing bin (unknown)", exp.Eq(exp.IntBin("nosuchbin"), exp.IntVal(1))},
		{"a filter on a bin of another type (unknown, no coercion)", exp.Eq(exp.FloatBin("age"), exp.FloatVal(30))},
		{"not() of an unknown comparison (still unknown)", exp.Not(exp.Eq(exp.IntBin("nosuchbin"), exp.IntVal(1)))},
	} {
		_, err = e.conn.Get(e.ctx, readP(c.f), k, nil)
		e.wantCode("Get with "+c.rule, err, driver.FilteredOut)
	}
	// An unknown operand does not stop or() from being true, nor and()
	// from being false (exp.c eval_or, eval_and).
	orTrue := exp.Or(exp.Eq(exp.IntBin("nosuchbin"), exp.IntVal(1)), adult)
	_, err = e.conn.Get(e.ctx, readP(orTrue), k, nil)
	e.wantOK("Get with or(unknown, true)", err)
	andFalse := exp.Not(exp.And(exp.Eq(exp.IntBin("nosuchbin"), exp.IntVal(1)), minor))
	_, err = e.conn.Get(e.ctx, readP(andFalse), k, nil)
	e.wantOK("Get with not(and(unknown, false))", err)
}

// testExpFilterWrites checks Put, Delete, Touch and Operate with a filter:
// a record the filter does not match is FILTERED_OUT and stays as it was; a
// write that creates the record does not evaluate the filter (write.c
// write_master: handle_meta_filter only for an existing record); a delete
// or touch of a missing record is unaffected by it.
func testExpFilterWrites(e *env) {
	k := e.key("w")
	e.put(k, driver.Bins{"n": int64(1)})
	isOne := exp.Eq(exp.IntBin("n"), exp.IntVal(1))
	isTwo := exp.Eq(exp.IntBin("n"), exp.IntVal(2))

	e.wantCode("Put with a filter the record does not match", e.conn.Put(e.ctx, writeP(isTwo), k, driver.Bins{"n": int64(9)}), driver.FilteredOut)
	e.wantRecord("a filtered-out Put leaves the record as it was", k, driver.Bins{"n": int64(1)})
	e.wantOK("Put with a matching filter", e.conn.Put(e.ctx, writeP(isOne), k, driver.Bins{"n": int64(2)}))
	e.wantRecord("Put with a matching filter writes", k, driver.Bins{"n": int64(2)})

	created := e.key("created")
	e.wantOK("Put creating a record with a filter it could not match (not evaluated on create)",
		e.conn.Put(e.ctx, writeP(isOne), created, driver.Bins{"n": int64(5)}))
	e.wantRecord("Put creating a record with a filter", created, driver.Bins{"n": int64(5)})

	_, err := e.conn.Operate(e.ctx, writeP(isOne), k, []driver.Operation{opAdd("n", int64(1))})
	e.wantCode("Operate (write) with a filter the record does not match", err, driver.FilteredOut)
	_, err = e.conn.Operate(e.ctx, writeP(isOne), k, []driver.Operation{opRead("n")})
	e.wantCode("Operate (read only) with a filter the record does not match", err, driver.FilteredOut)
	rec, ok := e.operateP("Operate with a matching filter", writeP(isTwo), k, opAdd("n", int64(1)), opRead("n"))
	if ok {
		e.wantBins("Operate with a matching filter", rec.Bins, driver.Bins{"n": int64(3)})
	}

	err = e.conn.Touch(e.ctx, writeP(isOne), k)
	e.wantCode("Touch with a filter the record does not match", err, driver.FilteredOut)
	rec = e.get(k)
	e.wantGen("a filtered-out Touch leaves the generation", rec, 3)
	err = e.conn.Touch(e.ctx, writeP(isOne), e.key("missing-touch"))
	e.wantCode("Touch of a missing record with a filter (not FILTERED_OUT)", err, driver.KeyNotFoundError)

	_, err = e.conn.Delete(e.ctx, writeP(isOne), k)
	e.wantCode("Delete with a filter the record does not match", err, driver.FilteredOut)
	e.wantPresent("a filtered-out Delete leaves the record", k)
	existed, err := e.conn.Delete(e.ctx, writeP(isOne), e.key("missing-delete"))
	if e.wantOK("Delete of a missing record with a filter (not FILTERED_OUT)", err) && existed {
		e.Errorf("Delete of a missing record with a filter: got existed=true, want false")
	}
	existed, err = e.conn.Delete(e.ctx, writeP(exp.Eq(exp.IntBin("n"), exp.IntVal(3))), k)
	if e.wantOK("Delete with a matching filter", err) && !existed {
		e.Errorf("Delete with a matching filter: got existed=false, want true")
	}
	e.wantMissing("Delete with a matching filter removes the record", k)
}

// testExpMalformed checks expressions the server refuses to build, with
// PARAMETER_ERROR: a comparison of two types (no coercion, exp.c
// build_compare), mixed arithmetic (build_math_vargs), a filter that does
// not return a boolean (check_filter_exp), an undefined variable
// (build_var).
func testExpMalformed(e *env) {
	k := e.key("m")
	e.put(k, driver.Bins{"i": int64(1), "s": "x"})
	for _, c := range []struct {
		rule string
		f    *exp.Expr
	}{
		{"an integer bin compared with a string", exp.Eq(exp.IntBin("i"), exp.StringVal("1"))},
		{"an integer added to a float", exp.Eq(exp.NumAdd(exp.IntBin("i"), exp.FloatVal(1)), exp.IntVal(2))},
		{"a filter that returns an integer", exp.IntBin("i")},
		{"an undefined variable", exp.Eq(exp.Var("v"), exp.IntVal(1))},
		{"and() of an integer", exp.And(exp.IntVal(1), exp.BoolVal(true))},
	} {
		_, err := e.conn.Get(e.ctx, readP(c.f), k, nil)
		e.wantCode("Get with a filter of "+c.rule, err, driver.ParameterError)
	}
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{
		exp.ReadOp("r", exp.Eq(exp.StringBin("s"), exp.IntVal(1)), exp.ReadDefault),
	})
	e.wantCode("Operate with a read expression comparing a string with an integer", err, driver.ParameterError)
}

// testExpMetadata checks the metadata an expression reads, in the server's
// units: the set name, whether the key is stored and the key itself, the
// digest modulo, TTL and void time (-1 for a record that never expires),
// the last-update time in nanoseconds since the Unix epoch at millisecond
// precision, the time since the update in milliseconds, the record size.
func testExpMetadata(e *env) {
	k := e.key(int64(77))
	e.putP(&driver.WritePolicy{SendKey: true, Expiration: driver.TTLNever}, k, driver.Bins{"v": int64(1)})
	plain := e.key("nokey")
	e.putP(&driver.WritePolicy{Expiration: driver.TTLNever}, plain, driver.Bins{"v": int64(1)})

	for _, c := range []struct {
		rule string
		key  *driver.Key
		f    *exp.Expr
	}{
		{"set_name() is the record's set", k, exp.Eq(exp.SetName(), exp.StringVal(e.set))},
		{"key_exists() with a stored key", k, exp.KeyExists()},
		{"key_exists() without a stored key is false", plain, exp.Not(exp.KeyExists())},
		{"key(int) reads the stored key", k, exp.Eq(exp.Key(exp.TypeInt), exp.IntVal(77))},
		{"ttl() of a record that never expires is -1", k, exp.Eq(exp.TTL(), exp.IntVal(-1))},
		{"void_time() of a record that never expires is -1", k, exp.Eq(exp.VoidTime(), exp.IntVal(-1))},
		{"is_tombstone() of a live record is false", k, exp.Not(exp.IsTombstone())},
		{"record_size() is positive", k, exp.Greater(exp.RecordSize(), exp.IntVal(0))},
		{"since_update() is at least 0", k, exp.GreaterEq(exp.SinceUpdate(), exp.IntVal(0))},
		{"digest_modulo(3) is the digest's bytes 16..19 (little endian) mod 3", k,
			exp.Eq(exp.DigestModulo(3), exp.IntVal(int64(le32(k.Digest[16:20])%3)))},
	} {
		_, err := e.conn.Get(e.ctx, readP(c.f), c.key, nil)
		e.wantOK("Get with a filter: "+c.rule, err)
	}
	_, err := e.conn.Get(e.ctx, readP(exp.Eq(exp.Key(exp.TypeInt), exp.IntVal(77))), plain, nil)
	e.wantCode("key(int) without a stored key is unknown: filtered out", err, driver.FilteredOut)
	_, err = e.conn.Get(e.ctx, readP(exp.Eq(exp.Key(exp.TypeString), exp.StringVal("77"))), k, nil)
	e.wantCode("key(str) of an integer key is unknown: filtered out", err, driver.FilteredOut)

	rec, ok := e.operate("Operate reading last_update()", k, exp.ReadOp("lut", exp.LastUpdate(), exp.ReadDefault))
	if !ok {
		return
	}
	lut, isInt := rec.Bins["lut"].(int64)
	switch {
	case !isInt:
		e.Errorf("last_update(): got %T %v, want an integer", rec.Bins["lut"], rec.Bins["lut"])
	case lut%1_000_000 != 0:
		e.Errorf("last_update(): got %d, want nanoseconds at millisecond precision (a multiple of 1e6)", lut)
	case lut <= driver.CitrusleafEpoch.UnixNano():
		e.Errorf("last_update(): got %d, want nanoseconds since the Unix epoch (after 2010)", lut)
	default:
		_, err = e.conn.Get(e.ctx, readP(exp.Eq(exp.LastUpdate(), exp.IntVal(lut))), k, nil)
		e.wantOK("a filter on last_update() equal to the value read", err)
	}
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func (e *env) operateP(rule string, p *driver.WritePolicy, k *driver.Key, ops ...driver.Operation) (*driver.Record, bool) {
	e.Helper()
	rec, err := e.conn.Operate(e.ctx, p, k, ops)
	if !e.wantOK(rule, err) || !e.notNilRecord(rule, rec) {
		return nil, false
	}
	return rec, true
}

// testExpOperate checks read and write expressions: a read expression
// returns its value under its name; a write expression stores its value;
// both see the ops before them in the same Operate.
func testExpOperate(e *env) {
	k := e.key("op")
	e.put(k, driver.Bins{"a": int64(10), "f": 2.5})
	rec, ok := e.operate("Operate with read expressions only", k,
		exp.ReadOp("sum", exp.NumAdd(exp.IntBin("a"), exp.IntVal(5)), exp.ReadDefault),
		exp.ReadOp("half", exp.NumDiv(exp.FloatBin("f"), exp.FloatVal(2)), exp.ReadDefault))
	if ok {
		e.wantBins("read expressions", rec.Bins, driver.Bins{"sum": int64(15), "half": 1.25})
		e.wantGen("a read-only Operate with expressions", rec, 1)
	}
	rec, ok = e.operate("Operate with a write expression", k,
		exp.WriteOp("b", exp.NumMul(exp.IntBin("a"), exp.IntVal(3)), exp.WriteDefault),
		opRead("b"))
	if ok {
		e.wantBins("write expression then read", rec.Bins, driver.Bins{"b": int64(30)})
		e.wantGen("an Operate with a write expression", rec, 2)
	}
	rec, ok = e.operate("Operate: a write then a read expression of the written bin", k,
		opWrite("a", int64(1)),
		exp.ReadOp("r", exp.NumAdd(exp.IntBin("a"), exp.IntBin("b")), exp.ReadDefault))
	if ok {
		e.wantBins("a read expression sees the write before it", rec.Bins, driver.Bins{"r": int64(31)})
	}
	e.wantRecord("the record after write expressions", k, driver.Bins{"a": int64(1), "b": int64(30), "f": 2.5})

	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{
		exp.ReadOp("x", exp.NumAdd(exp.IntBin("nosuchbin"), exp.IntVal(1)), exp.ReadDefault),
	})
	e.wantCode("a read expression that cannot be evaluated (missing bin)", err, driver.OPNotApplicable)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{
		exp.ReadOp("x", exp.NumDiv(exp.IntBin("a"), exp.IntVal(0)), exp.ReadDefault),
	})
	e.wantCode("a read expression dividing an integer by zero", err, driver.OPNotApplicable)
	rec, ok = e.operate("a read expression that cannot be evaluated, with EvalNoFail", k,
		exp.ReadOp("x", exp.NumAdd(exp.IntBin("nosuchbin"), exp.IntVal(1)), exp.ReadEvalNoFail), opRead("a"))
	if ok {
		if v, has := rec.Bins["x"]; has && v != nil {
			e.Errorf("a read expression that failed with EvalNoFail: got x=%v, want no value", v)
		}
	}
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, e.key("missing"), []driver.Operation{
		exp.ReadOp("x", exp.IntVal(1), exp.ReadDefault),
	})
	e.wantCode("a read expression on a missing record", err, driver.KeyNotFoundError)
}

// testExpOperateFlags checks the flags of write expressions (expop.c
// as_exp_modify_tr): create-only, update-only, allow-delete, policy-no-fail
// and eval-no-fail.
func testExpOperateFlags(e *env) {
	k := e.key("flags")
	base := driver.Bins{"a": int64(1)}
	val := exp.IntVal(7)
	cases := []struct {
		rule  string
		op    driver.Operation
		code  driver.ResultCode // 0: success
		after driver.Bins
	}{
		{"CreateOnly on an existing bin", exp.WriteOp("a", val, exp.WriteCreateOnly), driver.BinExistsError, base},
		{"CreateOnly|PolicyNoFail on an existing bin", exp.WriteOp("a", val, exp.WriteCreateOnly|exp.WritePolicyNoFail), 0, base},
		{"CreateOnly on a new bin", exp.WriteOp("b", val, exp.WriteCreateOnly), 0, driver.Bins{"a": int64(1), "b": int64(7)}},
		{"UpdateOnly on a missing bin", exp.WriteOp("b", val, exp.WriteUpdateOnly), driver.BinNotFound, base},
		{"UpdateOnly|PolicyNoFail on a missing bin", exp.WriteOp("b", val, exp.WriteUpdateOnly|exp.WritePolicyNoFail), 0, base},
		{"UpdateOnly on an existing bin", exp.WriteOp("a", val, exp.WriteUpdateOnly), 0, driver.Bins{"a": int64(7)}},
		{"an expression that cannot be evaluated", exp.WriteOp("a", exp.IntBin("nosuchbin"), exp.WriteDefault), driver.OPNotApplicable, base},
		{"an expression that cannot be evaluated, EvalNoFail", exp.WriteOp("a", exp.IntBin("nosuchbin"), exp.WriteEvalNoFail), 0, base},
		{"a nil value on an existing bin without AllowDelete", exp.WriteOp("a", exp.NilValue(), exp.WriteDefault), driver.OPNotApplicable, base},
		{"a nil value with AllowDelete deletes the bin", exp.WriteOp("a", exp.NilValue(), exp.WriteAllowDelete), 0, driver.Bins{"z": int64(0)}},
	}
	for _, c := range cases {
		bins := driver.Bins{"a": int64(1)}
		if c.rule == "a nil value with AllowDelete deletes the bin" {
			bins["z"] = int64(0) // keep the record alive
		}
		e.putP(&driver.WritePolicy{RecordExists: driver.Replace}, k, bins)
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{c.op})
		if c.code == 0 {
			if !e.wantOK("write expression "+c.rule, err) {
				continue
			}
		} else if !e.wantCode("write expression "+c.rule, err, c.code) {
			continue
		}
		e.wantRecord("the record after a write expression "+c.rule, k, c.after)
	}
}

// testExpValues evaluates expressions through read expressions on a
// record: arithmetic, integer bit operations, cond, let, regex, min and max,
// with the server's results.
func testExpValues(e *env) {
	k := e.key("vals")
	e.put(k, driver.Bins{"i": int64(-7), "f": 2.5, "s": "Hello", "b": []byte{1, 2}, "t": true, "l": []any{int64(1), "x"}})
	cases := []struct {
		x    *exp.Expr
		want any
	}{
		{exp.NumSub(exp.IntBin("i")), int64(7)},
		{exp.NumSub(exp.IntVal(10), exp.IntVal(3), exp.IntVal(2)), int64(5)},
		{exp.NumDiv(exp.IntVal(7), exp.IntVal(2)), int64(3)},
		{exp.NumDiv(exp.IntBin("i"), exp.IntVal(2)), int64(-3)},
		{exp.NumMod(exp.IntBin("i"), exp.IntVal(3)), int64(-1)},
		{exp.NumAbs(exp.IntBin("i")), int64(7)},
		{exp.NumPow(exp.FloatBin("f"), exp.FloatVal(2)), 6.25},
		{exp.NumLog(exp.FloatVal(1), exp.FloatVal(10)), 0.0},
		{exp.NumFloor(exp.FloatVal(-2.5)), -3.0},
		{exp.NumCeil(exp.FloatBin("f")), 3.0},
		{exp.ToInt(exp.FloatVal(-2.7)), int64(-2)},
		{exp.ToFloat(exp.IntBin("i")), -7.0},
		{exp.Min(exp.IntVal(3), exp.IntBin("i"), exp.IntVal(0)), int64(-7)},
		{exp.Max(exp.FloatVal(1), exp.FloatBin("f")), 2.5},
		{exp.IntAnd(exp.IntVal(12), exp.IntVal(10)), int64(8)},
		{exp.IntOr(exp.IntVal(12), exp.IntVal(10)), int64(14)},
		{exp.IntXor(exp.IntVal(12), exp.IntVal(10)), int64(6)},
		{exp.IntNot(exp.IntVal(0)), int64(-1)},
		{exp.IntLShift(exp.IntVal(1), exp.IntVal(4)), int64(16)},
		{exp.IntRShift(exp.IntVal(-1), exp.IntVal(60)), int64(15)},
		{exp.IntARShift(exp.IntVal(-16), exp.IntVal(2)), int64(-4)},
		{exp.IntCount(exp.IntVal(255)), int64(8)},
		{exp.IntLScan(exp.IntVal(1), exp.BoolVal(true)), int64(63)},
		{exp.IntRScan(exp.IntVal(6), exp.BoolVal(true)), int64(62)},
		{exp.IntLScan(exp.IntVal(0), exp.BoolVal(true)), int64(-1)},
		{exp.Cond(exp.Less(exp.IntBin("i"), exp.IntVal(0)), exp.StringVal("neg"), exp.StringVal("pos")), "neg"},
		{exp.Let(exp.Def("x", exp.IntVal(2)), exp.Def("y", exp.NumMul(exp.Var("x"), exp.IntVal(3))), exp.NumAdd(exp.Var("x"), exp.Var("y"))), int64(8)},
		{exp.RegexCompare("^Hel*o$", exp.RegexNone, exp.StringBin("s")), true},
		{exp.RegexCompare("^Hel+o$", exp.RegexNone, exp.StringBin("s")), false}, // basic syntax: '+' is a literal
		{exp.RegexCompare("^Hel+o$", exp.RegexExtended, exp.StringBin("s")), true},
		{exp.RegexCompare("^(He|Ha)llo$", exp.RegexExtended, exp.StringBin("s")), true},
		{exp.RegexCompare("^\\(He\\)llo$", exp.RegexNone, exp.StringBin("s")), true}, // a basic group
		{exp.RegexCompare("^hello", exp.RegexICase, exp.StringBin("s")), true},
		{exp.RegexCompare("^world", exp.RegexNone, exp.StringBin("s")), false},
		{exp.Eq(exp.BlobBin("b"), exp.BlobVal([]byte{1, 2})), true},
		{exp.Eq(exp.BoolBin("t"), exp.BoolVal(true)), true},
		{exp.Eq(exp.ListBin("l"), exp.ListVal(int64(1), "x")), true},
		{exp.Greater(exp.StringBin("s"), exp.StringVal("Hello world")), false},
		{exp.Exclusive(exp.BoolVal(true), exp.BoolVal(false), exp.BoolVal(true)), false},
		{exp.BinType("s"), int64(3)},
		{exp.BinType("nosuchbin"), int64(0)},
		{exp.BinExists("l"), true},
		{exp.StringBin("s"), "Hello"},
		{exp.ListBin("l"), []any{int64(1), "x"}},
	}
	for i, c := range cases {
		name := fmt.Sprintf("v%d", i)
		rec, ok := e.operate("read expression "+c.x.String(), k, exp.ReadOp(name, c.x, exp.ReadDefault))
		if ok {
			e.wantBins("read expression "+c.x.String(), rec.Bins, driver.Bins{name: c.want})
		}
	}
}

// testExpBatch checks filters in a batch: the batch's filter applies to
// every entry without its own, an entry's own filter replaces it, and each
// entry gets its own outcome (FILTERED_OUT, KEY_NOT_FOUND_ERROR for a
// missing record read), as the server answers per record (base/batch.c).
func testExpBatch(e *env) {
	k := func(name string) *driver.Key { return e.key(name) }
	for i, name := range []string{"b1", "b2", "b3", "b4", "b5", "b6"} {
		e.put(k(name), driver.Bins{"n": int64(i + 1)})
	}
	small := exp.LessEq(exp.IntBin("n"), exp.IntVal(3))
	recs := []*driver.BatchRecord{
		{Type: driver.BatchRead, Key: k("b1")},
		{Type: driver.BatchRead, Key: k("b4")},
		{Type: driver.BatchRead, Key: k("b5"), FilterExp: exp.Eq(exp.IntBin("n"), exp.IntVal(5))},
		{Type: driver.BatchRead, Key: k("missing")},
		{Type: driver.BatchExists, Key: k("b6")},
		{Type: driver.BatchWrite, Key: k("b2"), Ops: []driver.Operation{opAdd("n", int64(10)), opRead("n")}},
		{Type: driver.BatchWrite, Key: k("b6"), Ops: []driver.Operation{opAdd("n", int64(10))}},
		{Type: driver.BatchDelete, Key: k("b3")},
		{Type: driver.BatchDelete, Key: k("b4")},
		{Type: driver.BatchWrite, Key: k("new"), Ops: []driver.Operation{opWrite("n", int64(100))}},
	}
	e.mustOK("Batch with a filter (the call itself)", e.conn.Batch(e.ctx, &driver.BatchPolicy{FilterExp: small}, recs))
	entry := func(i int) string {
		return fmt.Sprintf("Batch entry %d (%s %s) with the batch filter n <= 3", i, recs[i].Type, recs[i].Key.UserKey)
	}
	if r := recs[0]; e.wantOK(entry(0), r.Err) && e.notNilRecord(entry(0), r.Record) {
		e.wantBins(entry(0), r.Record.Bins, driver.Bins{"n": int64(1)})
	}
	e.wantCode(entry(1), recs[1].Err, driver.FilteredOut)
	if r := recs[2]; e.wantOK(entry(2)+" and a filter of its own that matches", r.Err) && e.notNilRecord(entry(2), r.Record) {
		e.wantBins(entry(2), r.Record.Bins, driver.Bins{"n": int64(5)})
	}
	e.wantCode(entry(3)+" of a missing record", recs[3].Err, driver.KeyNotFoundError)
	e.wantCode(entry(4), recs[4].Err, driver.FilteredOut)
	if r := recs[5]; e.wantOK(entry(5), r.Err) && e.notNilRecord(entry(5), r.Record) {
		e.wantBins(entry(5), r.Record.Bins, driver.Bins{"n": int64(12)})
	}
	e.wantCode(entry(6), recs[6].Err, driver.FilteredOut)
	e.wantRecord(entry(6)+" leaves the record", k("b6"), driver.Bins{"n": int64(6)})
	e.wantOK(entry(7), recs[7].Err)
	e.wantMissing(entry(7)+" deletes", k("b3"))
	e.wantCode(entry(8), recs[8].Err, driver.FilteredOut)
	e.wantPresent(entry(8)+" keeps the record", k("b4"))
	e.wantOK(entry(9)+" creating a record (the filter is not evaluated on create)", recs[9].Err)
}

// testExpScan checks a scan and a query with a filter: records it does not
// match are skipped; a malformed filter fails the request.
func testExpScan(e *env) {
	var want []*driver.Key
	for i := 0; i < 12; i++ {
		k := e.key(fmt.Sprintf("s%d", i))
		e.put(k, driver.Bins{"n": int64(i), "even": i%2 == 0})
		if i%2 == 0 && i >= 4 {
			want = append(want, k)
		}
	}
	f := exp.And(exp.BoolBin("even"), exp.GreaterEq(exp.IntBin("n"), exp.IntVal(4)))
	recs := e.collect("Scan with a filter", e.scan(&driver.QueryRequest{FilterExp: f}))
	e.wantDigests("Scan with a filter returns the matching records only", recs, want...)

	e.createIndex("n", driver.IndexNumeric)
	recs = e.collect("Query with a filter", e.query(&driver.QueryRequest{
		Filter:    &driver.Filter{Bin: "n", Begin: 0, End: 7},
		FilterExp: exp.BoolBin("even"),
	}))
	e.wantDigests("Query n in [0,7] with the filter even", recs, e.key("s0"), e.key("s2"), e.key("s4"), e.key("s6"))

	req := &driver.QueryRequest{FilterExp: exp.Eq(exp.IntBin("n"), exp.StringVal("x"))}
	e.fillRequest(req)
	rows, err := e.conn.Scan(e.ctx, req)
	if err == nil {
		for {
			var rec *driver.Record
			rec, err = rows.Next(e.ctx)
			if err != nil || rec == nil {
				break
			}
		}
		_ = rows.Close()
	}
	e.wantCode("Scan with a malformed filter (an integer bin compared with a string)", err, driver.ParameterError)
}

// testExpListMap checks list and map expressions (exp.c EXP_CALL): a list
// or map read operation applied to a bin's value, and a modify call that
// changes a copy (the record stays as it is).
func testExpListMap(e *env) {
	k := e.key("lm")
	e.put(k, driver.Bins{"l": []any{int64(3), int64(1), int64(2)}, "m": map[any]any{"a": int64(1), "b": int64(2)}, "i": int64(5)})
	cases := []struct {
		x    *exp.Expr
		want any
	}{
		{exp.ListSize(exp.ListBin("l")), int64(3)},
		{exp.MapSize(exp.MapBin("m")), int64(2)},
		{exp.ListRead(exp.TypeInt, cdt.ListGetByIndex("", -1, cdt.ReturnValue), exp.ListBin("l")), int64(2)},
		{exp.ListRead(exp.TypeInt, cdt.ListGetByRank("", 0, cdt.ReturnValue), exp.ListBin("l")), int64(1)},
		{exp.ListRead(exp.TypeList, cdt.ListGetByValueRange("", int64(2), int64(4), cdt.ReturnIndex), exp.ListBin("l")), []any{int64(0), int64(2)}},
		{exp.MapRead(exp.TypeInt, cdt.MapGetByKey("", "b", cdt.ReturnValue), exp.MapBin("m")), int64(2)},
		{exp.MapRead(exp.TypeInt, cdt.MapGetByValue("", int64(1), cdt.ReturnCount), exp.MapBin("m")), int64(1)},
		{exp.ListModify(cdt.ListAppendWithPolicy(cdt.ListPolicy{}, "", int64(9)), exp.ListBin("l")), []any{int64(3), int64(1), int64(2), int64(9)}},
		{exp.ListSize(exp.ListModify(cdt.ListAppendWithPolicy(cdt.ListPolicy{}, "", int64(9)), exp.ListBin("l"))), int64(4)},
		{exp.Eq(exp.ListSize(exp.ListBin("l")), exp.IntVal(3)), true},
	}
	for i, c := range cases {
		name := fmt.Sprintf("v%d", i)
		rec, ok := e.operate("read expression "+c.x.String(), k, exp.ReadOp(name, c.x, exp.ReadDefault))
		if ok {
			e.wantBins("read expression "+c.x.String(), rec.Bins, driver.Bins{name: c.want})
		}
	}
	e.wantRecord("a modify call leaves the record as it was", k, driver.Bins{
		"l": []any{int64(3), int64(1), int64(2)}, "m": map[any]any{"a": int64(1), "b": int64(2)}, "i": int64(5)})

	_, err := e.conn.Get(e.ctx, readP(exp.Greater(exp.ListSize(exp.ListBin("l")), exp.IntVal(2))), k, nil)
	e.wantOK("Get with a filter on the size of a list", err)
	_, err = e.conn.Get(e.ctx, readP(exp.Greater(exp.ListSize(exp.ListBin("i")), exp.IntVal(2))), k, nil)
	e.wantCode("Get with a filter on the size of an integer bin read as a list (unknown)", err, driver.FilteredOut)
	_, err = e.conn.Get(e.ctx, readP(exp.Eq(exp.ListSize(exp.IntBin("i")), exp.IntVal(1))), k, nil)
	e.wantCode("a list expression on an integer expression", err, driver.ParameterError)
}
