package drivertest

import (
	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/hll"
)

// Rules found by the
// differential harness (driver/aerospike/differential_*_test.go) against
// server 8.1.2.0.

// testReplaceModifyOps checks that a Replace or ReplaceOnly policy refuses
// list, map, bit and HLL modify ops with PARAMETER_ERROR, before the
// record is looked up (so a missing record under ReplaceOnly is
// PARAMETER_ERROR too), while an expression write is allowed. Server:
// transaction/write.c write_master_policies, "cdt modify op can't have
// record-level replace flag", "bits modify op ...", "hll modify op ...";
// AS_MSG_OP_EXP_MODIFY is not checked there.
func testReplaceModifyOps(e *env) {
	k := e.key("replace-modify")
	e.put(k, driver.Bins{"l": []any{int64(1)}, "m": map[any]any{"a": int64(1)}, "b": []byte{0}, "n": int64(1)})
	missing := e.key("replace-modify-missing")
	modify := []struct {
		name string
		op   driver.Operation
	}{
		{"list append", cdt.ListAppend("l", int64(2)).Operation()},
		{"map put", cdt.MapPut(cdt.MapPolicy{}, "m", "b", int64(2)).Operation()},
		{"bit set", bitop.Set(0, "b", 0, 8, []byte{0xff}).Operation()},
		{"hll init", hll.Init("h", 8, 0, 0).Operation()},
	}
	for _, rex := range []driver.RecordExistsAction{driver.Replace, driver.ReplaceOnly} {
		p := &driver.WritePolicy{RecordExists: rex}
		for _, m := range modify {
			_, err := e.conn.Operate(e.ctx, p, k, []driver.Operation{m.op})
			e.wantCode(rex.String()+" with a "+m.name+" op", err, driver.ParameterError)
			_, err = e.conn.Operate(e.ctx, p, missing, []driver.Operation{m.op})
			e.wantCode(rex.String()+" with a "+m.name+" op on a missing record (checked before the lookup)", err, driver.ParameterError)
		}
	}
	rec := e.wantRecord("refused replaces must change nothing", k, driver.Bins{"l": []any{int64(1)}, "m": map[any]any{"a": int64(1)}, "b": []byte{0}, "n": int64(1)})
	e.wantGen("refused replaces must not change the generation", rec, 1)
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: driver.Replace}, k,
		[]driver.Operation{exp.WriteOp("x", exp.IntVal(5), exp.WriteDefault)})
	if e.wantOK("Replace with an expression write op", err) {
		e.wantRecord("Replace with an expression write leaves only the written bin", k, driver.Bins{"x": int64(5)})
	}
	// A list read op does not make the replace fail.
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: driver.Replace}, k,
		[]driver.Operation{opWrite("l", []any{int64(3)}), cdt.ListSize("l").Operation()})
	e.wantOK("Replace with a write and a list read op", err)
}

// testReplaceLeavingNoBin checks that a Replace or ReplaceOnly Operate that
// leaves the record without bins (an expression write of nil with
// AllowDelete) answers KEY_NOT_FOUND_ERROR and leaves the record as it
// was. Server: transaction/write.c write_master_apply: a replace does not
// load the old bins (ignore_record_on_device), so n_old_bins is 0 and
// "Didn't exist" returns AS_ERR_NOT_FOUND (the bin name is one no index of
// the suite covers: a record in a secondary index has its bins loaded).
func testReplaceLeavingNoBin(e *env) {
	k := e.key("replace-no-bin")
	e.put(k, driver.Bins{"rx": int64(1)})
	for _, rex := range []driver.RecordExistsAction{driver.Replace, driver.ReplaceOnly} {
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: rex}, k,
			[]driver.Operation{exp.WriteOp("ry", exp.NilValue(), exp.WriteAllowDelete)})
		e.wantCode(rex.String()+" leaving no bin", err, driver.KeyNotFoundError)
	}
	rec := e.wantRecord("a replace leaving no bin must leave the record as it was", k, driver.Bins{"rx": int64(1)})
	e.wantGen("a replace leaving no bin must not change the generation", rec, 1)
}

// testBitEmptyBuffer checks that a bit op with an empty buffer is refused
// when it runs (PARAMETER_ERROR), after the record checks: under
// CreateOnly an existing record is KEY_EXISTS_ERROR first, and a bit read
// of a bin of another type before it is BIN_TYPE_ERROR. Server:
// particle_blob.c bits_parse_buf ("parsed invalid buffer") runs in
// as_bin_bits_modify_tr, from write_master_bin_ops, after
// write_master's record-exists check.
func testBitEmptyBuffer(e *env) {
	k := e.key("bit-empty-buffer")
	e.put(k, driver.Bins{"b": []byte{1}, "n": int64(1)})
	empty := bitop.Set(0, "b", 0, 8, []byte{}).Operation()
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{empty})
	e.wantCode("bit set with an empty buffer", err, driver.ParameterError)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: driver.CreateOnly}, k, []driver.Operation{empty})
	e.wantCode("CreateOnly bit set with an empty buffer on an existing record", err, driver.KeyExistsError)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{bitop.Get("n", 0, 8).Operation(), empty})
	e.wantCode("bit get of an integer bin before a bit set with an empty buffer", err, driver.BinTypeError)
	e.wantRecord("refused bit ops must change nothing", k, driver.Bins{"b": []byte{1}, "n": int64(1)})
}

// testScanSelectedBinsSkipsEmpty checks that a scan selecting bins skips
// the records that have none of them (a scan of all bins, or of no bins,
// returns every record). Server: base/proto.c
// as_msg_make_response_bufbuilder, "Don't return an empty record", which
// scans and queries use (query/query.c).
func testScanSelectedBinsSkipsEmpty(e *env) {
	with, without := e.key("sel-with"), e.key("sel-without")
	e.put(with, driver.Bins{"x": int64(1), "y": int64(2)})
	e.put(without, driver.Bins{"y": int64(3)})
	recs := e.collect("Scan with bins [x nosuch]", e.scan(&driver.QueryRequest{Bins: []string{"x", "nosuch"}}))
	e.wantDigests("Scan with bins [x nosuch] returns only the records that have x", recs, with)
	recs = e.collect("Scan with no bins", e.scan(&driver.QueryRequest{Bins: []string{}}))
	e.wantDigests("Scan with no bins returns every record", recs, with, without)
	recs = e.collect("Scan of all bins", e.scan(&driver.QueryRequest{}))
	e.wantDigests("Scan of all bins returns every record", recs, with, without)
}

// testBitReadArgsOnMissingBin checks that a bit read of a missing bin
// returns nothing without checking its arguments (a size of 0, an integer
// size of 65), while the same read of a blob bin is PARAMETER_ERROR. A bit
// modify checks its arguments first, even on a missing bin. Server:
// transaction/rw_utils.c process_bin_read_op calls as_bin_bits_read_tr
// only for a live bin, and particle_blob.c bits_read parses the arguments
// (bits_parse_op) there; bits_modify parses them before the bin checks.
func testBitReadArgsOnMissingBin(e *env) {
	k := e.key("bit-read-args")
	e.put(k, driver.Bins{"b": []byte{0xff}})
	for _, op := range []bitop.Op{bitop.Get("nb", 0, 0), bitop.Count("nb", 7, 0), bitop.GetInt("nb", 0, 65, false)} {
		rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{op.Operation()})
		if e.wantOK(op.String()+" of a missing bin", err) {
			if v, ok := rec.Bins["nb"]; ok && v != nil {
				e.Errorf("%s of a missing bin: got %s, want no value", op, fmtValue(v))
			}
		}
		bop := op
		bop.Bin = "b"
		_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{bop.Operation()})
		e.wantCode(bop.String()+" of a blob bin", err, driver.ParameterError)
	}
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{bitop.Not(bitop.WriteNoFail|bitop.WriteUpdateOnly, "nb", 0, 0).Operation()})
	e.wantCode("bit not of size 0 of a missing bin (update-only, no-fail)", err, driver.ParameterError)
	e.wantRecord("refused bit ops must change nothing", k, driver.Bins{"b": []byte{0xff}})
}

// testOperateHeaderAndReadAll checks that an Operate that writes and reads
// both the header and every bin is PARAMETER_ERROR: the header read is a
// READ op without a bin name, which the server counts as a second read-all
// op once the read of every bin sets GET_ALL (transaction/rw_utils.h
// op_is_read_all; write.c write_master_policies, "can't have more than one
// read-all op"). A header read with named reads is fine.
func testOperateHeaderAndReadAll(e *env) {
	k := e.key("header-read-all")
	e.put(k, driver.Bins{"a": int64(1)})
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{opWrite("b", int64(2)), {Type: driver.OpReadHeader}, {Type: driver.OpRead}})
	e.wantCode("Operate with a write, a header read and a read of every bin", err, driver.ParameterError)
	e.wantRecord("a refused Operate must change nothing", k, driver.Bins{"a": int64(1)})
	if rec, ok := e.operate("Operate with a write, a header read and a named read", k, opWrite("b", int64(2)), driver.Operation{Type: driver.OpReadHeader}, opRead("a")); ok {
		e.wantBins("Operate with a write, a header read and a named read returns the named bin", rec.Bins, driver.Bins{"a": int64(1)})
	}
}

// testOperateExpReadNoValue checks that an expression read that cannot be
// evaluated, with ExpReadEvalNoFail, returns its name with a nil value
// (and a []any with a nil in its place when the name is read twice): the
// client sends expression ops with respond-all-ops (operate_args.go), and
// the server then answers an empty bin for the op (transaction/
// read.c, write.c: "respond_all_ops || result_bin != NULL").
func testOperateExpReadNoValue(e *env) {
	k := e.key("exp-read-novalue")
	e.put(k, driver.Bins{"a": int64(1)})
	noFail := driver.ExpReadEvalNoFail
	if rec, ok := e.operate("Operate with an expression read of a missing bin (eval-no-fail)", k, exp.ReadOp("r", exp.IntBin("nosuch"), noFail)); ok {
		if v, has := rec.Bins["r"]; !has || v != nil {
			e.Errorf("expression read that cannot be evaluated: got bins %v, want r: nil", rec.Bins)
		}
	}
	if rec, ok := e.operate("Operate with a failed and a good expression read of one name", k,
		exp.ReadOp("r", exp.IntBin("nosuch"), noFail), exp.ReadOp("r", exp.IntVal(7), noFail)); ok {
		e.wantBins("two expression reads of one name, the first failing", rec.Bins, driver.Bins{"r": []any{nil, int64(7)}})
	}
}

// testOperateReadExpWithBitRead checks that a read-only Operate may mix an
// expression read with bit reads: the server evaluates them in order
// (transaction/read.c read_local).
func testOperateReadExpWithBitRead(e *env) {
	k := e.key("exp-bit-read")
	e.put(k, driver.Bins{"b": []byte{0xf0}})
	if rec, ok := e.operate("read-only Operate with an expression read and a bit read", k,
		exp.ReadOp("r", exp.StringVal("x"), driver.ExpReadDefault), bitop.Get("b", 0, 4).Operation()); ok {
		e.wantBins("an expression read and a bit read", rec.Bins, driver.Bins{"r": "x", "b": []byte{0xf0}})
	}
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, e.key("exp-bit-read-missing"),
		[]driver.Operation{exp.ReadOp("r", exp.StringVal("x"), driver.ExpReadDefault), bitop.Get("b", 0, 4).Operation()})
	e.wantCode("the same Operate on a missing record", err, driver.KeyNotFoundError)
}

// testOperateReadAllWithModifyOps checks that a read of every bin in an
// Operate that also holds a bit, list or map modify op answers every bin
// of the record as it is when the read runs (after the ops before it),
// also when the modify op does nothing (a bit op with UpdateOnly|NoFail on
// a missing bin). Server: transaction/write.c write_master_bin_ops_loop:
// a read-all op (rw_utils.h op_is_read_all) adds every bin of the working
// record to the response. Found by TestDifferential (seed 364).
func testOperateReadAllWithModifyOps(e *env) {
	k := e.key("read-all-modify")
	e.put(k, driver.Bins{"a": int64(1), "b": []byte{0}})
	if rec, ok := e.operate("Operate: add, read of every bin, no-op bit not of a missing bin", k,
		opAdd("f", 0.5), driver.Operation{Type: driver.OpRead},
		bitop.Not(bitop.WriteUpdateOnly|bitop.WriteNoFail, "nb", -9, 17).Operation()); ok {
		e.wantBins("the read of every bin answers the bins after the add", rec.Bins,
			driver.Bins{"a": int64(1), "b": []byte{0}, "f": 0.5})
	}
	if rec, ok := e.operate("Operate: bit set, read of every bin, write", k,
		bitop.Set(bitop.WriteDefault, "b", 0, 8, []byte{0xff}).Operation(), driver.Operation{Type: driver.OpRead}, opWrite("a", int64(3))); ok {
		e.wantBins("the read of every bin answers the bins when it runs", rec.Bins,
			driver.Bins{"a": int64(1), "b": []byte{0xff}, "f": 0.5})
	}
	e.wantRecord("the ops after the read of every bin are applied", k,
		driver.Bins{"a": int64(3), "b": []byte{0xff}, "f": 0.5})
	// A list or map modify op generates a response bin, and so cannot mix
	// with a read of every bin (write.c write_master_policies: "read-all
	// op can't mix with ops that generate response bins").
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k,
		[]driver.Operation{cdt.ListAppend("l", int64(2)).Operation(), {Type: driver.OpRead}})
	e.wantCode("Operate: list append and a read of every bin", err, driver.ParameterError)
}

// testCDTContextCreatesDeeper checks that once a context step creates its
// element (a missing bin, or a missing map key or list index with a create
// flag), every deeper step is created too, with or without its own create
// flag, as long as it can be created (a map key, or a list index -1 or 0):
// cdt.c cdt_context_dig sets create_triggered and sizes the remaining steps
// with cdt_context_count_create_sz, which checks no create flag. A remove
// at a created context does nothing (particle_map.c
// cdt_process_state_packed_map_modify_optype: "create_triggered ... no-op"),
// so an Operate of such removes on a missing record leaves it without bins:
// KEY_NOT_FOUND_ERROR (write.c write_master_apply). Found by
// TestDifferential (seed 394).
func testCDTContextCreatesDeeper(e *env) {
	k := e.key("ctx-creates-deeper")
	e.put(k, driver.Bins{"x": int64(1)})
	create := cdt.CtxMapKeyCreate("a", cdt.MapUnordered)
	if _, ok := e.operate("map put under a created key and a key without create flag", k,
		cdt.MapPut(cdt.MapPolicy{}, "m", "z", int64(1)).In(create, cdt.CtxMapKey("k")).Operation()); ok {
		e.wantRecord("the deeper key is created too", k,
			driver.Bins{"x": int64(1), "m": map[any]any{"a": map[any]any{"k": map[any]any{"z": int64(1)}}}})
	}
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k,
		[]driver.Operation{cdt.MapPut(cdt.MapPolicy{}, "m2", "z", int64(1)).In(create, cdt.CtxMapIndex(0)).Operation()})
	e.wantCode("a map index step below a created one cannot be created", err, driver.OPNotApplicable)
	if _, ok := e.operate("map remove under a created key and a key without create flag", k,
		cdt.MapRemoveByKeyList("m3", []any{"a", "z"}, cdt.ReturnNone).In(create, cdt.CtxMapKey("k")).Operation()); ok {
		e.wantRecord("a remove at a created context changes nothing", k,
			driver.Bins{"x": int64(1), "m": map[any]any{"a": map[any]any{"k": map[any]any{"z": int64(1)}}}})
	}
	missing := e.key("ctx-creates-deeper-missing")
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, missing, []driver.Operation{
		cdt.MapRemoveByKeyList("m", []any{"a", "z"}, cdt.ReturnNone).In(create, cdt.CtxMapKey("k")).Operation()})
	e.wantCode("removes at a created context on a missing record", err, driver.KeyNotFoundError)
	e.wantMissing("the record is not created", missing)
}

// testExpOpBuiltWhenApplied checks that an expression op is parsed and
// built when it runs, in the order of the ops, after the record's checks:
// a let redefining a variable (exp.c build_let: "duplicate var name", the
// outer variable is in scope while its definition builds) and an
// int_rscan with a non-boolean search (exp.c build_int_scan) are
// PARAMETER_ERROR alone, but a generation mismatch, or an earlier op that
// fails, answers first, and a write op before a refused one is not kept.
// Server: base/expop.c as_exp_read_tr and as_exp_modify_tr call
// as_exp_op_parse (as_exp_build_buf) when the op is applied.
func testExpOpBuiltWhenApplied(e *env) {
	k := e.key("exp-op-built-late")
	e.put(k, driver.Bins{"i": int64(1), "s": "x"})
	redefine := exp.ReadOp("r", exp.Let(exp.Def("x", exp.Let(exp.Def("x", exp.IntVal(1)), exp.Var("x"))), exp.Var("x")), exp.ReadDefault)
	badScan := exp.ReadOp("r", exp.IntRScan(exp.IntVal(1), exp.IntVal(0)), exp.ReadDefault)
	for _, c := range []struct {
		rule   string
		policy *driver.WritePolicy
		ops    []driver.Operation
		want   driver.ResultCode
	}{
		{"a let redefining a variable", nil, []driver.Operation{redefine}, driver.ParameterError},
		{"an int_rscan with an integer search", nil, []driver.Operation{badScan}, driver.ParameterError},
		// A read-only Operate is a read (read.c), which checks no
		// generation: only a write answers the mismatch first.
		{"a read-only Operate with a generation mismatch and a let redefining a variable", &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: 99}, []driver.Operation{redefine}, driver.ParameterError},
		{"a write with a generation mismatch and a let redefining a variable", &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: 99}, []driver.Operation{opWrite("w", int64(2)), redefine}, driver.GenerationError},
		{"a failing read of a string bin as a blob before an int_rscan with an integer search", nil,
			[]driver.Operation{exp.ReadOp("b", exp.BlobBin("s"), exp.ReadDefault), badScan}, driver.OPNotApplicable},
		{"an update-only expression write of a missing bin before an int_rscan with an integer search", nil,
			[]driver.Operation{exp.WriteOp("nosuch", exp.IntVal(1), exp.WriteUpdateOnly), exp.WriteOp("w", exp.IntRScan(exp.IntVal(1), exp.IntVal(0)), exp.WriteDefault)}, driver.BinNotFound},
		{"a write before an expression write with an integer search", nil,
			[]driver.Operation{opWrite("w", int64(2)), exp.WriteOp("w", exp.IntRScan(exp.IntVal(1), exp.IntVal(0)), exp.WriteDefault)}, driver.ParameterError},
	} {
		_, err := e.conn.Operate(e.ctx, c.policy, k, c.ops)
		e.wantCode(c.rule, err, c.want)
	}
	rec := e.wantRecord("refused expression ops must change nothing", k, driver.Bins{"i": int64(1), "s": "x"})
	e.wantGen("refused expression ops must not change the generation", rec, 1)
}

// testExpCompareListsReached checks that comparing two lists stops at the
// first difference: an unordered map behind it is never parsed, so
// ne([-3, {"k": 1}], [0, 1]) is true, while one the comparison reaches
// makes it unknown (OP_NOT_APPLICABLE for a read op). Server: exp.c
// cmp_msgpack answers AS_EXP_UNK on has_unordered_map, which
// cf/src/msgpack_in.c cmp_parse_container sets only for a non-empty map
// msgpack_cmp_internal parses before it returns.
func testExpCompareListsReached(e *env) {
	k := e.key("exp-cmp-lists")
	e.put(k, driver.Bins{"i": int64(1)})
	m := map[any]any{"k": int64(1)}
	for _, c := range []struct {
		rule string
		x    *exp.Expr
		want any // nil: unknown
	}{
		{"ne of lists differing before an unordered map", exp.NotEq(exp.ListVal(int64(-3), m, "zz"), exp.ListVal(int64(0), int64(1), int64(5))), true},
		{"eq of lists differing before an unordered map", exp.Eq(exp.ListVal(int64(1), m), exp.ListVal(int64(2), m)), false},
		{"eq of lists of different lengths differing first", exp.Eq(exp.ListVal(int64(1), m), exp.ListVal(int64(2))), false},
		{"eq of lists whose first elements are unordered maps", exp.Eq(exp.ListVal(m), exp.ListVal(m)), nil},
		{"eq of lists with an empty map", exp.Eq(exp.ListVal(map[any]any{}, int64(1)), exp.ListVal(map[any]any{}, int64(1))), true},
	} {
		rec, err := e.conn.Operate(e.ctx, nil, k, []driver.Operation{exp.ReadOp("c", c.x, exp.ReadDefault)})
		if c.want == nil {
			e.wantCode(c.rule+" (unknown)", err, driver.OPNotApplicable)
			continue
		}
		if e.wantOK(c.rule, err) {
			e.wantBins(c.rule, rec.Bins, driver.Bins{"c": c.want})
		}
	}
}
