package exp

import (
	"testing"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/internal/exptree"
)

// TestTreeOf checks the node the engine reads (internal/exptree) for each
// kind of builder, and that a decoded expression reads the same.
func TestTreeOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		e     *Expr
		op    exptree.Op
		typ   Type
		nname string
		flags int64
		value any
		args  int
	}{
		{"bin", IntBin("age"), exptree.OpBin, TypeInt, "age", 0, nil, 0},
		{"value", StringVal("x"), exptree.OpValue, 0, "", 0, "x", 0},
		{"compare", Eq(IntBin("a"), IntVal(1)), exptree.OpEq, 0, "", 0, nil, 2},
		{"key", Key(TypeString), exptree.OpKey, TypeString, "", 0, nil, 0},
		{"digest modulo", DigestModulo(3), exptree.OpDigestModulo, 0, "", 3, nil, 0},
		{"regex", RegexCompare("^a", 2, StringBin("s")), exptree.OpRegex, 0, "^a", 2, nil, 1},
		{"def", Def("v", IntVal(1)), exptree.OpDef, 0, "v", 0, nil, 1},
		{"var", Var("v"), exptree.OpVar, 0, "v", 0, nil, 0},
		{"call", ListSize(ListBin("l")), exptree.OpCall, TypeInt, "", 0, exptree.Call{Code: cdt.OpListSize}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := exptree.Of[*Expr, Type](tt.e)
			if n.Op != tt.op || n.Type != tt.typ || n.Name != tt.nname || n.Flags != tt.flags || len(n.Args) != tt.args {
				t.Errorf("node = {%s %s %q %d %d args}, want {%s %s %q %d %d args}",
					n.Op, n.Type, n.Name, n.Flags, len(n.Args), tt.op, tt.typ, tt.nname, tt.flags, tt.args)
			}
			if tt.op == exptree.OpCall {
				if c := n.Call(); c.Code != tt.value.(exptree.Call).Code || c.Modify || c.Bits || c.IsHLL {
					t.Errorf("call = %+v, want %+v", c, tt.value)
				}
			} else if n.Value != tt.value {
				t.Errorf("value = %v, want %v", n.Value, tt.value)
			}
			if tt.op == exptree.OpDef {
				return // a Def packs only inside a Let
			}
			d, err := Decode(tt.e.Bytes())
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if dn := exptree.Of[*Expr, Type](d); dn.Op != n.Op || dn.Type != n.Type || dn.Name != n.Name || len(dn.Args) != len(n.Args) {
				t.Errorf("decoded node = {%s %s %q %d args}, want {%s %s %q %d args}",
					dn.Op, dn.Type, dn.Name, len(dn.Args), n.Op, n.Type, n.Name, len(n.Args))
			}
		})
	}
}

// TestTreeOfAllocs checks that reading a node allocates nothing (the
// engine reads one per node it builds and evaluates).
func TestTreeOfAllocs(t *testing.T) {
	e := And(IntBin("a"), IntBin("b"))
	if n := testing.AllocsPerRun(100, func() { _ = exptree.Of[*Expr, Type](e).Args }); n != 0 {
		t.Errorf("Of allocates %v times", n)
	}
}

func TestOpString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op    exptree.Op
		want  string
		known bool
	}{
		{exptree.OpEq, "eq", true},
		{exptree.OpCall, "call", true},
		{exptree.OpValue, "value", true},
		{exptree.Op(9), "Op(9)", false},
	}
	for _, tt := range tests {
		if got := tt.op.String(); got != tt.want || tt.op.Known() != tt.known {
			t.Errorf("Op(%d) = %q known %v, want %q known %v", tt.op, got, tt.op.Known(), tt.want, tt.known)
		}
	}
}
