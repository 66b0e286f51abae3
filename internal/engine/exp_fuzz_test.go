package engine

import (
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// FuzzExpEval decodes arbitrary bytes as an expression and, when they
// decode, builds and evaluates it on a record as a filter and as a read and
// write expression: a malformed or ill-typed expression must be an error,
// never a panic.
func FuzzExpEval(f *testing.F) {
	for _, x := range []*exp.Expr{
		exp.And(exp.GreaterEq(exp.IntBin("i"), exp.IntVal(1)), exp.Eq(exp.StringBin("s"), exp.StringVal("a"))),
		exp.NumDiv(exp.IntBin("i"), exp.IntVal(0)),
		exp.IntLShift(exp.IntBin("i"), exp.IntVal(-3)),
		exp.Let(exp.Def("x", exp.IntBin("i")), exp.NumMul(exp.Var("x"), exp.Var("x"))),
		exp.ListSize(exp.ListBin("l")),
		exp.RegexCompare("^a", exp.RegexICase, exp.StringBin("s")),
		exp.Cond(exp.BoolBin("b"), exp.IntVal(1), exp.Unknown()),
	} {
		f.Add(x.Bytes())
	}
	e, _ := New(Config{Namespaces: []NamespaceConfig{{Name: "test"}}})
	key, _ := driver.NewKey("test", "s", "k")
	bins := driver.Bins{"i": int64(7), "f": 1.5, "s": "abc", "b": true, "l": []any{int64(1), "x"}, "m": map[any]any{"k": int64(1)}}
	if err := e.Put(&driver.WritePolicy{SendKey: true}, key, bins); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := exp.Decode(b)
		if err != nil {
			return
		}
		_, _ = e.GetWhere(key, nil, false, x)
		_, _ = e.Operate(nil, key, []driver.Operation{exp.ReadOp("r", x, exp.ReadDefault)})
		_, _ = e.Operate(nil, key, []driver.Operation{exp.WriteOp("w", x, exp.WriteEvalNoFail|exp.WriteAllowDelete)})
		if err := e.Put(nil, key, bins); err != nil {
			t.Fatal(err)
		}
	})
}
