package engine

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// readExp evaluates x on the record at k through a read expression.
func readExp(t *testing.T, e *Engine, k *driver.Key, x *exp.Expr) (any, error) {
	t.Helper()
	rec, err := e.Operate(nil, k, []driver.Operation{exp.ReadOp("r", x, exp.ReadDefault)})
	if err != nil {
		return nil, err
	}
	return rec.Bins["r"], nil
}

// TestExpMetadataUnits checks metadata in the server's units against the
// engine's clock (exp.c eval_meta_*): last update in nanoseconds since the
// Unix epoch at millisecond precision, since-update in milliseconds, void
// time in nanoseconds, TTL in seconds.
func TestExpMetadataUnits(t *testing.T) {
	t.Parallel()
	e, clk := newEngine(t)
	written := clk.Now()
	k := mkKey(t, "test", "s", "k")
	mustPut(t, e, &driver.WritePolicy{Expiration: 100}, k, driver.Bins{"a": int64(1)})
	clk.Advance(1500 * time.Millisecond)
	cases := []struct {
		name string
		x    *exp.Expr
		want any
	}{
		{"last_update", exp.LastUpdate(), written.UnixMilli() * 1e6},
		{"since_update", exp.SinceUpdate(), int64(1500)},
		{"void_time", exp.VoidTime(), (written.Unix() + 100) * 1e9},
		{"ttl", exp.TTL(), int64(99)},
		{"set_name", exp.SetName(), "s"},
		{"key_exists", exp.KeyExists(), false},
		{"record_size", exp.RecordSize(), int64(64)}, // 35 + void time 4 + set 2 + bins 1 + bin 5 + end mark 4 = 51, in rblocks of 16
		{"device_size (memory-only)", exp.DeviceSize(), int64(0)},
		{"digest_modulo", exp.DigestModulo(7), int64(uint32(k.Digest[16])|uint32(k.Digest[17])<<8|uint32(k.Digest[18])<<16|uint32(k.Digest[19])<<24) % 7},
	}
	for _, c := range cases {
		got, err := readExp(t, e, k, c.x)
		if err != nil || got != c.want {
			t.Errorf("%s: got %v (%v), want %v", c.name, got, err, c.want)
		}
	}
}

// TestExpEdgeValues checks evaluations where C and Go differ: shifts by
// negative or large counts, MinInt64 / -1, conversions of NaN, division by
// zero.
func TestExpEdgeValues(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "s", "k")
	mustPut(t, e, nil, k, driver.Bins{"min": int64(math.MinInt64)})
	cases := []struct {
		name string
		x    *exp.Expr
		want any // a driver.ResultCode for an error
	}{
		{"lshift by -1 (count taken modulo 64)", exp.IntLShift(exp.IntVal(1), exp.IntVal(-1)), int64(math.MinInt64)},
		{"lshift by 64", exp.IntLShift(exp.IntVal(1), exp.IntVal(64)), int64(1)},
		{"MinInt64 / -1 wraps", exp.NumDiv(exp.IntBin("min"), exp.IntVal(-1)), int64(math.MinInt64)},
		{"abs(MinInt64) stays", exp.NumAbs(exp.IntBin("min")), int64(math.MinInt64)},
		{"to_int(NaN)", exp.ToInt(exp.NumLog(exp.FloatVal(-1), exp.FloatVal(2))), int64(math.MinInt64)},
		{"1 / 0 (one argument: the inverse)", exp.NumDiv(exp.IntVal(0)), driver.OPNotApplicable},
		{"float division by zero", exp.NumDiv(exp.FloatVal(1), exp.FloatVal(0)), math.Inf(1)},
		{"mod by zero", exp.NumMod(exp.IntVal(1), exp.IntVal(0)), driver.OPNotApplicable},
		{"rscan of 0", exp.IntRScan(exp.IntVal(0), exp.BoolVal(true)), int64(-1)},
		{"exclusive with an unknown", exp.Exclusive(exp.BoolVal(true), exp.Eq(exp.IntBin("x"), exp.IntVal(1))), driver.OPNotApplicable},
		{"cond with an unknown branch not taken", exp.Cond(exp.BoolVal(false), exp.Unknown(), exp.IntVal(3)), int64(3)},
		{"cond whose taken branch is unknown", exp.Cond(exp.BoolVal(true), exp.Unknown(), exp.IntVal(3)), driver.OPNotApplicable},
		{"nested let sees the outer variable", exp.Let(exp.Def("a", exp.IntVal(2)), exp.Let(exp.Def("b", exp.NumAdd(exp.Var("a"), exp.IntVal(1))), exp.NumMul(exp.Var("a"), exp.Var("b")))), int64(6)},
		{"compare a list containing an unordered map (unknown)", exp.Eq(exp.ListVal(map[any]any{"a": 1}), exp.ListVal(map[any]any{"a": 1})), driver.OPNotApplicable},
		{"compare with a wildcard", exp.Eq(exp.ListVal(1, 2), exp.ListVal(1, nodeOf(exp.WildCardValue()).Value)), true},
	}
	for _, c := range cases {
		got, err := readExp(t, e, k, c.x)
		if code, isCode := c.want.(driver.ResultCode); isCode {
			wantCode(t, err, code)
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %s = %v (%v), want %v", c.name, c.x, got, err, c.want)
		}
	}
}

// TestExpBuildErrors checks the server's build rules (exp.c build_*).
func TestExpBuildErrors(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "s", "k")
	mustPut(t, e, nil, k, driver.Bins{"a": int64(1)})
	deep := exp.BoolVal(true)
	for i := 0; i < exp.MaxDepth+1; i++ {
		deep = exp.Not(deep)
	}
	cases := []struct {
		name string
		x    *exp.Expr
		want string
	}{
		{"and with one argument", exp.And(exp.BoolVal(true)), "at least 2"},
		{"cond without a default", exp.Cond(exp.BoolVal(true), exp.IntVal(1)), "at least 3"},
		{"cond of mixed value types", exp.Cond(exp.BoolVal(true), exp.IntVal(1), exp.StringVal("x")), "cond values"},
		{"let shadowing a variable", exp.Let(exp.Def("x", exp.IntVal(1)), exp.Let(exp.Def("x", exp.IntVal(2)), exp.BoolVal(true))), "duplicate"},
		{"a variable used in its own definition", exp.Let(exp.Def("x", exp.Var("x")), exp.BoolVal(true)), "while it is defined"},
		{"an illegal variable name", exp.Let(exp.Def("1x", exp.IntVal(1)), exp.BoolVal(true)), "illegal variable"},
		{"pow of integers", exp.Eq(exp.NumPow(exp.IntVal(2), exp.IntVal(2)), exp.FloatVal(4)), "want float"},
		{"a regex that does not compile", exp.RegexCompare("(", exp.RegexExtended, exp.StringBin("s")), "regex"},
		{"a basic regex that does not compile", exp.RegexCompare("[a", exp.RegexNone, exp.StringBin("s")), "regex"},
		{"digest modulo 0", exp.Eq(exp.DigestModulo(0), exp.IntVal(0)), "zero"},
		{"a bin name of 16 bytes", exp.Eq(exp.IntBin("abcdefghijklmnop"), exp.IntVal(0)), "bin name"},
		{"comparing GeoJSON", exp.Eq(exp.GeoVal(`{"type":"Point","coordinates":[0,0]}`), exp.GeoVal(`{"type":"Point","coordinates":[0,0]}`)), "cannot compare"},
		{"an invalid GeoJSON value", exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal("{}")), "invalid geojson"},
		{"nesting deeper than the limit", deep, "deeper"},
	}
	for _, c := range cases {
		_, err := e.GetWhere(k, nil, false, c.x)
		if code, _ := driver.CodeOf(err); code != driver.ParameterError || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want ParameterError containing %q", c.name, err, c.want)
		}
	}
}

// TestExpWriteQuirk follows expop.c as_exp_modify_tr to the letter: a nil
// result refused without AllowDelete is a no-op as soon as any flag is set
// (the server tests `flags && AS_EXP_FLAG_POLICY_NO_FAIL != 0`).
func TestExpWriteQuirk(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "s", "k")
	mustPut(t, e, nil, k, driver.Bins{"a": int64(1)})
	_, err := e.Operate(nil, k, []driver.Operation{exp.WriteOp("a", exp.NilValue(), exp.WriteEvalNoFail)})
	if err != nil {
		t.Fatalf("nil result with EvalNoFail only: %v, want success (no-op)", err)
	}
	if got := mustGet(t, e, k).Bins["a"]; got != int64(1) {
		t.Errorf("bin after a refused delete: %v, want 1", got)
	}
}

// TestRegexCacheBound checks that patterns built per call do not grow the
// regexp cache without bound.
func TestRegexCacheBound(t *testing.T) {
	for i := 0; i < maxCachedRegexps+10; i++ {
		if _, err := compileRegex("^p"+strings.Repeat("a", i%50)+string(rune('a'+i%26)), int64(i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := regexCount.Load(); n > maxCachedRegexps {
		t.Errorf("regexp cache holds %d patterns, want at most %d", n, maxCachedRegexps)
	}
}
