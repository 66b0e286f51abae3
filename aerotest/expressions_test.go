package aerotest

import (
	"encoding/base64"
	"errors"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"
)

func rawExp(t *testing.T, b []byte) *as.Expression {
	t.Helper()
	e, err := as.ExpFromBase64(base64.StdEncoding.EncodeToString(b))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func codeOfErr(err error) types.ResultCode {
	var ae as.Error
	if errors.As(err, &ae) {
		for _, c := range []types.ResultCode{types.PARAMETER_ERROR, types.KEY_NOT_FOUND_ERROR, types.FILTERED_OUT, types.UNSUPPORTED_FEATURE, types.OK} {
			if ae.Matches(c) {
				return c
			}
		}
		return -1
	}
	if err == nil {
		return types.OK
	}
	return -1
}

// TestBadExpressions sends expressions that do not decode, nest too deep or
// use what aerotest does not implement: the server answers with a result
// code, never a panic or a dropped connection, and keeps serving.
func TestBadExpressions(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	k := mustKey(t, "test", "exp", "k")
	must(t, c.Put(nil, k, as.BinMap{"a": 1, "l": []any{1, 2}}))
	deep := as.ExpBoolVal(true)
	for i := 0; i < 300; i++ {
		deep = as.ExpNot(deep)
	}
	cases := []struct {
		name   string
		filter *as.Expression
		key    *as.Key
		want   types.ResultCode
	}{
		{"garbage bytes", rawExp(t, []byte{0xc1, 0xff, 0x00}), k, types.PARAMETER_ERROR},
		{"an unknown operation", rawExp(t, []byte{0x91, 0x60}), k, types.PARAMETER_ERROR},
		{"a truncated expression", rawExp(t, []byte{0x93, 0x01, 0x01}), k, types.PARAMETER_ERROR},
		{"nesting deeper than the limit", deep, k, types.PARAMETER_ERROR},
		{"a type mismatch", as.ExpEq(as.ExpIntBin("a"), as.ExpStringVal("1")), k, types.PARAMETER_ERROR},
		{"a non-boolean filter", as.ExpIntBin("a"), k, types.PARAMETER_ERROR},
		{"garbage on a missing record (parsed only once the record is found)", rawExp(t, []byte{0xc1}), mustKey(t, "test", "exp", "missing"), types.KEY_NOT_FOUND_ERROR},
		{"an HLL expression on a missing bin (unknown: filtered out)", as.ExpEq(as.ExpHLLGetCount(as.ExpHLLBin("h")), as.ExpIntVal(2)), k, types.FILTERED_OUT},
		{"a list expression", as.ExpEq(as.ExpListSize(as.ExpListBin("l")), as.ExpIntVal(2)), k, types.OK},
	}
	for _, tc := range cases {
		p := as.NewPolicy()
		p.FilterExpression = tc.filter
		_, err := c.Get(p, tc.key)
		if got := codeOfErr(err); got != tc.want {
			t.Errorf("Get with %s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	// A malformed expression operation.
	op := as.ExpReadOp("r", rawExp(t, []byte{0x91, 0x60}), as.ExpReadFlagDefault)
	if _, err := c.Operate(nil, k, op); codeOfErr(err) != types.PARAMETER_ERROR {
		t.Errorf("Operate with a malformed read expression: got %v, want PARAMETER_ERROR", err)
	}
	// The server still serves.
	r, err := c.Get(nil, k)
	if err != nil || r.Bins["a"] != 1 {
		t.Fatalf("Get after bad expressions: %v, %v", r, err)
	}
}

// TestExpressionThroughClient checks a filter and expression operations
// end to end through the client's own builders.
func TestExpressionThroughClient(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	k := mustKey(t, "test", "exp2", 1)
	must(t, c.Put(nil, k, as.BinMap{"a": 10, "s": "abc"}))
	p := as.NewPolicy()
	p.FilterExpression = as.ExpAnd(as.ExpGreater(as.ExpIntBin("a"), as.ExpIntVal(5)), as.ExpRegexCompare("^a", 0, as.ExpStringBin("s")))
	if _, err := c.Get(p, k); err != nil {
		t.Fatalf("Get with a matching filter: %v", err)
	}
	p.FilterExpression = as.ExpLess(as.ExpIntBin("a"), as.ExpIntVal(5))
	if _, err := c.Get(p, k); codeOfErr(err) != types.FILTERED_OUT {
		t.Fatalf("Get with a filter that does not match: got %v, want FILTERED_OUT", err)
	}
	wp := as.NewWritePolicy(0, 0)
	r, err := c.Operate(wp, k,
		as.ExpWriteOp("b", as.ExpNumMul(as.ExpIntBin("a"), as.ExpIntVal(2)), as.ExpWriteFlagDefault),
		as.ExpReadOp("r", as.ExpNumAdd(as.ExpIntBin("b"), as.ExpIntVal(1)), as.ExpReadFlagDefault))
	if err != nil {
		t.Fatalf("Operate with expressions: %v", err)
	}
	if got := r.Bins["r"]; got != 21 {
		t.Errorf("read expression after a write expression: got %v (bins %v), want 21", got, r.Bins)
	}
}

// TestExpressionOpsOnTheWire checks what the real server (CE 8.1.2) answers
// to expression ops at the wire level: a read op's expression is parsed
// only once the record is found (a malformed one on a missing record is
// KEY_NOT_FOUND_ERROR, in a batch too), flags that are missing count as 0
// (expop.c as_exp_op_parse), and a touch op adds no result even when the
// expression op makes the client ask for every op's result (write.c).
func TestExpressionOpsOnTheWire(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	k := mustKey(t, "test", "expw", "k")
	missing := mustKey(t, "test", "expw", "missing")
	must(t, c.Put(nil, k, as.BinMap{"a": 1}))
	bad := as.ExpReadOp("r", rawExp(t, []byte{0x92, 0x7f, 0x01}), as.ExpReadFlagDefault)
	if _, err := c.Operate(nil, missing, bad); codeOfErr(err) != types.KEY_NOT_FOUND_ERROR {
		t.Errorf("malformed read expression on a missing record: got %v, want KEY_NOT_FOUND_ERROR", err)
	}
	if _, err := c.Operate(nil, k, bad); codeOfErr(err) != types.PARAMETER_ERROR {
		t.Errorf("malformed read expression on a record: got %v, want PARAMETER_ERROR", err)
	}
	recs := []as.BatchRecordIfc{as.NewBatchReadOps(nil, missing, bad)}
	if err := c.BatchOperate(nil, recs); err != nil || recs[0].BatchRec().ResultCode != types.KEY_NOT_FOUND_ERROR {
		t.Errorf("malformed read expression in a batch on a missing record: %v, entry %v, want KEY_NOT_FOUND_ERROR", err, recs[0].BatchRec().ResultCode)
	}
	// [EQ, 1, 1] sent without its last byte: the flags byte 0 completes
	// the expression as [EQ, 1, 0] and the flags are missing.
	r, err := c.Operate(nil, k, as.ExpReadOp("r", rawExp(t, []byte{0x93, 0x01, 0x01}), as.ExpReadFlagDefault))
	if err != nil || r.Bins["r"] != false {
		t.Errorf("expression op without flags: got %v, %v, want r=false", r, err)
	}
	r, err = c.Operate(nil, k, as.GetBinOp("a"), as.TouchOp(), as.ExpReadOp("r", as.ExpIntVal(1), as.ExpReadFlagDefault))
	if err != nil || len(r.Bins) != 2 || r.Bins["a"] != 1 || r.Bins["r"] != 1 {
		t.Errorf("read, touch and read expression: got %v, %v, want bins a=1 r=1 only", r, err)
	}
}
