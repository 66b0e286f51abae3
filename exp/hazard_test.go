package exp

import (
	"math"
	"strings"
	"testing"
)

func TestDivOverflowRefused(t *testing.T) {
	t.Parallel()
	minInt, minus1 := IntVal(math.MinInt64), IntVal(-1)
	tests := []struct {
		name   string
		e      *Expr
		refuse bool
	}{
		{"div MinInt64 by -1", NumDiv(minInt, minus1), true},
		{"mod MinInt64 by -1", NumMod(minInt, minus1), true},
		{"div MinInt64 by 1 and -1 (the divisors' product is -1)", NumDiv(minInt, IntVal(1), minus1), true},
		{"div MinInt64 by -1 and -1", NumDiv(minInt, minus1, minus1), false},
		{"div MinInt64 by a product that wraps to -1", NumDiv(minInt, IntVal(3), IntVal(0x5555555555555555)), true},
		{"nested in a filter", Eq(NumDiv(minInt, minus1), IntVal(0)), true},
		{"div MinInt64+1 by -1", NumDiv(IntVal(math.MinInt64+1), minus1), false},
		{"div MinInt64 by 2", NumDiv(minInt, IntVal(2)), false},
		{"inverse of -1", NumDiv(minus1), false},
		{"div MinInt64 by a bin (known only when it runs)", NumDiv(minInt, IntBin("d")), false},
		{"div a bin by -1", NumDiv(IntBin("n"), minus1), false},
		{"mod a bin by -1", NumMod(IntBin("n"), minus1), false},
		{"div floats", NumDiv(FloatVal(-1), FloatVal(-1)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.e.Validate()
			if !tt.refuse {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				if len(tt.e.Bytes()) == 0 {
					t.Fatal("Bytes: empty, want the packed expression")
				}
				return
			}
			if err == nil {
				t.Fatal("Validate: nil, want the overflow refused")
			}
			if msg := err.Error(); !strings.Contains(msg, "SIGFPE") || !strings.Contains(msg, "-9223372036854775808") {
				t.Errorf("Validate: %q, want it to name the expression and the crash", msg)
			}
			if b := tt.e.Bytes(); len(b) != 0 {
				t.Errorf("Bytes: %x, want nothing (a refused expression is never sent)", b)
			}
		})
	}
}
