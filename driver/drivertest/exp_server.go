package drivertest

import (
	"strings"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// Expression rules found by running the same commands against the real
// server (Aerospike CE 8.1.2) and the engine: regular expressions as
// glibc's regcomp reads them, a list or map call whose result is not of the
// declared type, and the record size metadata.

func init() {
	parallelChecks = append(parallelChecks,
		check{"ExpRegexPOSIX", testExpRegexPOSIX},
		check{"ExpCallResultType", testExpCallResultType},
		check{"ExpRecordSize", testExpRecordSize},
		check{"ExpNoResultType", testExpNoResultType},
		check{"ExpKeyExistsInWrite", testExpKeyExistsInWrite},
	)
}

// testExpRegexPOSIX checks cmp_regex: the server hands the client's flags
// to glibc's regcomp unchanged (as/src/base/exp.c build_cmp_regex:
// regcomp(&op->regex, str, (int)regex_options)), so they mean what
// <regex.h> says: 1 REG_EXTENDED, 2 REG_ICASE, 4 REG_NEWLINE (the client
// calls it NOSUB), 8 REG_NOSUB (the client calls it NEWLINE; no effect on a
// match). Without REG_EXTENDED the pattern is a POSIX basic expression with
// GNU's escapes; a pattern that does not compile is PARAMETER_ERROR; the
// string is matched up to its first NUL (eval_cmp_regex: cf_strndup, then
// regexec), byte by byte (the server runs in the C locale).
func testExpRegexPOSIX(e *env) {
	k := e.key("re")
	subjects := map[string]string{
		"lines": "line1\nline2",
		"hello": "Hello World",
		"plus":  "a+b",
		"aab":   "aab",
		"aa":    "aa",
		"nul":   "abc\x00def",
		"utf":   "é",
		"latin": "\xc9",
	}
	bins := driver.Bins{}
	for b, s := range subjects {
		bins[b] = s
	}
	e.put(k, bins)
	cases := []struct {
		rule    string
		pattern string
		flags   int64
		bin     string
		match   bool
	}{
		{"flag 4 (client NOSUB) is REG_NEWLINE: '^' matches after a newline", "^line2", exp.RegexNoSub, "lines", true},
		{"flag 8 (client NEWLINE) is REG_NOSUB: '^' matches only at the start", "^line2", exp.RegexNewline, "lines", false},
		{"without REG_NEWLINE '.' matches a newline", "line1.line2", exp.RegexNone, "lines", true},
		{"with REG_NEWLINE (flag 4) '.' does not match a newline", "line1.line2", exp.RegexNoSub, "lines", false},
		{"with REG_NEWLINE (flag 4) a non-matching list does not match a newline", "1[^x]l", exp.RegexNoSub, "lines", false},
		{"REG_ICASE", "^hello world$", exp.RegexICase, "hello", true},
		{"basic: '+' is a literal", "^a+b$", exp.RegexNone, "plus", true},
		{"basic: '+' is a literal (no repetition)", "^a+b$", exp.RegexNone, "aab", false},
		{"basic: '\\+' is a repetition (GNU)", "^a\\+b$", exp.RegexNone, "aab", true},
		{"basic: '\\{2\\}' is an interval", "^a\\{2\\}b$", exp.RegexNone, "aab", true},
		{"extended: '+' is a repetition", "^a+b$", exp.RegexExtended, "aab", true},
		{"extended: '{,2}' is '{0,2}'", "^a{,2}b$", exp.RegexExtended, "aab", true},
		{"extended: a repetition of a repetition", "^a**b$", exp.RegexExtended, "aab", true},
		{"basic: a leading '*' is a literal", "*a", exp.RegexNone, "aab", false},
		{"an escaped ordinary character is that character ('\\d' is 'd')", "Worl\\d", exp.RegexNone, "hello", true},
		{"a back-reference", "^(a)\\1$", exp.RegexExtended, "aa", true},
		{"the string ends at its first NUL", "def", exp.RegexNone, "nul", false},
		{"the string before its first NUL", "^abc$", exp.RegexExtended, "nul", true},
		{"the C locale: '.' is one byte, not one UTF-8 character", "^.$", exp.RegexExtended, "utf", false},
		{"the C locale: two bytes of one UTF-8 character", "^..$", exp.RegexExtended, "utf", true},
		{"the C locale: a repetition applies to the last byte", "^é+$", exp.RegexExtended, "utf", true},
		{"the C locale: REG_ICASE folds ASCII letters only", "^\xe9$", exp.RegexExtended | exp.RegexICase, "latin", false},
		{"the C locale: a byte in a bracket expression", "^[\xc0-\xcf]$", exp.RegexExtended | exp.RegexICase, "latin", true},
	}
	for _, c := range cases {
		f := exp.RegexCompare(c.pattern, c.flags, exp.StringBin(c.bin))
		_, err := e.conn.Get(e.ctx, readP(f), k, nil)
		rule := "regex " + c.pattern + ": " + c.rule
		if c.match {
			e.wantOK(rule, err)
		} else {
			e.wantCode(rule, err, driver.FilteredOut)
		}
	}
	for _, p := range []struct {
		pattern string
		flags   int64
	}{
		{"a**", exp.RegexNone},        // basic: a repetition of a repetition is REG_BADRPT
		{"*a", exp.RegexExtended},     // extended: a repetition of nothing
		{"x{1", exp.RegexExtended},    // extended: an unfinished interval
		{"a\\", exp.RegexExtended},    // a trailing backslash
		{"[ab", exp.RegexNone},        // an unfinished bracket expression
		{"\\(a", exp.RegexNone},       // an unmatched group
		{"(a)\\2", exp.RegexExtended}, // a back-reference to no group
	} {
		_, err := e.conn.Get(e.ctx, readP(exp.RegexCompare(p.pattern, p.flags, exp.StringBin("plus"))), k, nil)
		e.wantCode("regex "+p.pattern+" does not compile", err, driver.ParameterError)
	}
}

// testExpCallResultType checks a list or map read call whose result is not
// of the declared type: exp.c eval_call makes it unknown (bin_is_type), and
// a map read by a missing key returns nil (a NULL particle), so it is
// unknown too unless nil was declared. A read expression that is unknown
// fails with OP_NOT_APPLICABLE (expop.c eval_op); a filter on it does not
// match.
func testExpCallResultType(e *env) {
	k := e.key("ct")
	e.put(k, driver.Bins{"m": map[any]any{"a": int64(1)}, "l": []any{int64(1), int64(2)}})
	missing := exp.MapRead(exp.TypeInt, cdt.MapGetByKey("", "zz", cdt.ReturnValue), exp.MapBin("m"))
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{exp.ReadOp("v", missing, exp.ReadDefault)})
	e.wantCode("read expression of a map value by a missing key, declared an integer", err, driver.OPNotApplicable)
	missingKey := exp.MapRead(exp.TypeString, cdt.MapGetByKey("", "zz", cdt.ReturnKey), exp.MapBin("m"))
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{exp.ReadOp("v", missingKey, exp.ReadDefault)})
	e.wantCode("read expression of a map key by a missing key, declared a string", err, driver.OPNotApplicable)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{exp.ReadOp("v", missing, exp.ReadEvalNoFail)})
	e.wantOK("the same read expression with EVAL_NO_FAIL", err)
	_, err = e.conn.Get(e.ctx, readP(exp.Eq(missing, exp.IntVal(0))), k, nil)
	e.wantCode("a filter on a map value by a missing key (unknown)", err, driver.FilteredOut)
	_, err = e.conn.Get(e.ctx, readP(exp.Not(exp.Eq(missing, exp.IntVal(0)))), k, nil)
	e.wantCode("a filter on not(a map value by a missing key) (still unknown)", err, driver.FilteredOut)
	present := exp.MapRead(exp.TypeInt, cdt.MapGetByKey("", "a", cdt.ReturnValue), exp.MapBin("m"))
	if rec, ok := e.operate("read expression of a map value by a present key", k, exp.ReadOp("v", present, exp.ReadDefault)); ok {
		e.wantBins("read expression of a map value by a present key", rec.Bins, driver.Bins{"v": int64(1)})
	}
	wrong := exp.ListRead(exp.TypeString, cdt.ListGetByIndex("", 0, cdt.ReturnValue), exp.ListBin("l"))
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{exp.ReadOp("v", wrong, exp.ReadDefault)})
	e.wantCode("read expression of an integer list item declared a string", err, driver.OPNotApplicable)
}

// testExpRecordSize checks the record_size metadata expression: the size of
// the record in the server's flat format with its 4-byte end mark, rounded
// up to 16-byte rblocks (base/record.c as_record_stored_size,
// N_RBLOCKS_TO_SIZE; storage/flat.c as_flat_record_size and
// flat_record_overhead_size; storage/drv_mem.c write_bins). max-record-size
// bounds the flat size with the end mark, unrounded (drv_mem.c write_bins:
// flat_sz + END_MARK_SZ > limit_sz is RECORD_TOO_BIG).
func testExpRecordSize(e *env) {
	k := e.key("rs")
	e.put(k, driver.Bins{"x": int64(1)})
	rec, ok := e.operate("read record_size", k,
		exp.ReadOp("size", exp.RecordSize(), exp.ReadDefault),
		exp.ReadOp("key", exp.KeyExists(), exp.ReadDefault))
	if !ok {
		return
	}
	// 35 bytes of header, the set (1 + its name), the stored key (its size
	// as a uintvar, a type byte and the string), 1 byte of bin count, the
	// bin (1 + name, 2 + 1 for a small integer), 4 bytes of end mark.
	flat := 35 + 1 + len(e.set) + 1 + (1 + 1) + (2 + 1) + 4
	if rec.Bins["key"] == true {
		uk := k.UserKey.(string)
		flat += 1 + 1 + len(uk)
	}
	e.wantBins("record_size of a record with one small integer bin", driver.Bins{"size": rec.Bins["size"]},
		driver.Bins{"size": int64((flat + 15) / 16 * 16)})

	// In an Operate, record_size measures the record as it is stored, not
	// the working copy the ops before it changed; a record being created
	// has no rblock yet, which is 16 bytes (storage/flat.h
	// N_RBLOCKS_TO_SIZE: (n_rblocks + 1) << 4).
	if rec, ok := e.operate("record_size after a write in the same Operate", k,
		opWrite("pad", strings.Repeat("p", 100)),
		exp.ReadOp("size", exp.RecordSize(), exp.ReadDefault)); ok {
		e.wantBins("record_size after a write in the same Operate (the stored size)", driver.Bins{"size": rec.Bins["size"]},
			driver.Bins{"size": int64((flat + 15) / 16 * 16)})
	}
	if rec, ok := e.operate("record_size in an Operate that creates the record", e.key("rs-new"),
		opWrite("x", int64(1)),
		exp.ReadOp("size", exp.RecordSize(), exp.ReadDefault)); ok {
		e.wantBins("record_size in an Operate that creates the record", driver.Bins{"size": rec.Bins["size"]},
			driver.Bins{"size": int64(16)})
	}

	// The limit: a record whose flat size with its end mark is exactly
	// max-record-size is written, one byte more is RECORD_TOO_BIG.
	limit := e.s.h.MaxRecordSize
	big := e.key("rs-big")
	over := 35 + 1 + len(e.set) + 1 + (1 + 1) + 5 + 4 // all but the string
	if rec.Bins["key"] == true {
		over += 1 + 1 + len(big.UserKey.(string))
	}
	fill := limit - over
	err := e.conn.Put(e.ctx, &driver.WritePolicy{}, big, driver.Bins{"x": strings.Repeat("a", fill)})
	e.wantOK("a record of exactly max-record-size (flat size and end mark)", err)
	err = e.conn.Put(e.ctx, &driver.WritePolicy{}, big, driver.Bins{"x": strings.Repeat("a", fill+1)})
	e.wantCode("a record one byte over max-record-size", err, driver.RecordTooBig)
}

// testExpNoResultType checks an expression whose value has no type of its
// own (a lone Infinity): the server refuses to build it
// (exp.c build_set_expected_particle_type), so a read or write expression
// of it is PARAMETER_ERROR, EVAL_NO_FAIL or not (it never evaluates); a
// read of a missing record is KEY_NOT_FOUND_ERROR first.
func testExpNoResultType(e *env) {
	k := e.key("nt")
	e.put(k, driver.Bins{"a": int64(1)})
	for _, c := range []struct {
		rule string
		op   driver.Operation
	}{
		{"read expression of Infinity", exp.ReadOp("r", exp.InfinityValue(), exp.ReadDefault)},
		{"read expression of Infinity with EVAL_NO_FAIL", exp.ReadOp("r", exp.InfinityValue(), exp.ReadEvalNoFail)},
		{"write expression of Infinity", exp.WriteOp("a", exp.InfinityValue(), exp.WriteDefault)},
		{"write expression of Infinity with EVAL_NO_FAIL", exp.WriteOp("b", exp.InfinityValue(), exp.WriteEvalNoFail)},
	} {
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{c.op})
		e.wantCode(c.rule, err, driver.ParameterError)
	}
	e.wantRecord("the record after the refused expressions", k, driver.Bins{"a": int64(1)})

	// A read op's expression is built once the record is found and passes
	// the filter (read.c read_local, then expop.c as_exp_read_tr); a write
	// op's before (write.c).
	readInf := []driver.Operation{exp.ReadOp("r", exp.InfinityValue(), exp.ReadDefault)}
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, e.key("nt-missing"), readInf)
	e.wantCode("read expression of Infinity on a missing record", err, driver.KeyNotFoundError)
	_, err = e.conn.Operate(e.ctx, writeP(exp.Eq(exp.IntBin("a"), exp.IntVal(9))), k, readInf)
	e.wantCode("read expression of Infinity on a record the filter does not match", err, driver.FilteredOut)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, e.key("nt-missing"),
		[]driver.Operation{exp.WriteOp("a", exp.InfinityValue(), exp.WriteDefault)})
	e.wantCode("write expression of Infinity on a missing record", err, driver.ParameterError)
	e.wantMissing("the missing record after the refused write expression", e.key("nt-missing"))

	// An expression op makes the client ask for every op's result
	// (respond-all-ops); a touch op still adds none (write.c
	// write_master_bin_ops_loop).
	if rec, ok := e.operate("touch and a read expression", k,
		driver.Operation{Type: driver.OpTouch},
		exp.ReadOp("r", exp.IntVal(1), exp.ReadDefault)); ok {
		e.wantBins("touch and a read expression", rec.Bins, driver.Bins{"r": int64(1)})
	}
}

// testExpKeyExistsInWrite checks that key_exists in a write's read
// expression sees the key as stored before the write: a key the write
// sends (SendKey) is stored after its ops ran (transaction/write.c
// write_master_apply sets key_stored after the bin ops), so it is false
// while a record is created or first given its key, and true after. Found
// by FuzzDifferential against a real 8.1.2 server.
func testExpKeyExistsInWrite(e *env) {
	read := exp.ReadOp("r", exp.KeyExists(), exp.ReadDefault)
	for _, c := range []struct {
		rule      string
		put, sent bool // the record exists beforehand, with its key sent
		want      bool
	}{
		{"key_exists while a write with SendKey creates the record", false, false, false},
		{"key_exists while a write with SendKey first stores the key of a record", true, false, false},
		{"key_exists while a write with SendKey updates a record whose key is stored", true, true, true},
	} {
		k := e.key(c.rule)
		if c.put {
			e.mustOK(c.rule+": setup", e.conn.Put(e.ctx, &driver.WritePolicy{SendKey: c.sent}, k, driver.Bins{"a": int64(1)}))
		}
		rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{SendKey: true}, k,
			[]driver.Operation{{Type: driver.OpWrite, Bin: "b", Value: int64(2)}, read})
		if e.wantOK(c.rule, err) {
			e.wantBins(c.rule, rec.Bins, driver.Bins{"r": c.want})
		}
		rec, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{read})
		if e.wantOK(c.rule+": after", err) {
			e.wantBins(c.rule+": after", rec.Bins, driver.Bins{"r": true})
		}
	}
}
