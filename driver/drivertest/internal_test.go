package drivertest

import (
	"strings"
	"testing"

	"github.com/aerokit/aero/driver"
)

func TestSetName(t *testing.T) {
	t.Parallel()
	long := "TestConformance/Conn/" + strings.Repeat("VeryLongSubtestName", 10)
	tests := []string{"TestX/Conn/Scan", "TestX/Conn/Scan#01", "TestY/Conn/Scan", long, "T/ünïcode name/x"}
	seen := map[string]string{}
	for _, name := range tests {
		got := setName("dtabcdef", name)
		if len(got) > maxSubtestSetLen {
			t.Errorf("setName(%q) = %q: %d bytes, want at most %d", name, got, len(got), maxSubtestSetLen)
		}
		if !strings.HasPrefix(got, "dtabcdef_") {
			t.Errorf("setName(%q) = %q: want the run prefix", name, got)
		}
		for _, r := range got {
			if r > 127 || r == ' ' || r == '/' || r == '#' {
				t.Errorf("setName(%q) = %q: contains %q", name, got, r)
			}
		}
		if other, dup := seen[got]; dup {
			t.Errorf("setName gives %q for both %q and %q", got, other, name)
		}
		seen[got] = name
		if again := setName("dtabcdef", name); again != got {
			t.Errorf("setName is not deterministic: %q then %q", got, again)
		}
	}
	if a, b := randomPrefix(), randomPrefix(); a == b || len(a) != 8 {
		t.Errorf("randomPrefix() = %q, %q: want distinct 8-byte prefixes", a, b)
	}
}

func TestDiffValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		got, want any
		wantDiff  string // substring; "" means equal
	}{
		{"equal ints", int64(1), int64(1), ""},
		{"int vs int64", 1, int64(1), "got int(1), want int64(1)"},
		{"string vs int", "1", int64(1), `got "1", want int64(1)`},
		{"empty and nil bytes", []byte{}, []byte(nil), ""},
		{"bytes differ", []byte{1}, []byte{2}, "got []byte{01}, want []byte{02}"},
		{"list length", []any{int64(1)}, []any{int64(1), int64(2)}, "got a list of 1 elements"},
		{"nested list", []any{[]any{"a"}}, []any{[]any{"b"}}, `x[0][0]: got "a", want "b"`},
		{"map missing key", map[any]any{}, map[any]any{"k": int64(1)}, `map key "k" missing`},
		{"map extra key", map[any]any{"k": int64(1)}, map[any]any{}, `unexpected map key "k"`},
		{"map int vs string key", map[any]any{int64(1): "v"}, map[any]any{"1": "v"}, "missing"},
		{"floats", 1.5, 1.5, ""},
		{"negative zero", 0.0, -1 * 0.0, ""},
		{"bool", true, false, "got bool(true), want bool(false)"},
		{"nil vs value", nil, int64(1), "got nil, want int64(1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := diffValue("x", tt.got, tt.want)
			if tt.wantDiff == "" && d != "" {
				t.Errorf("diffValue = %q, want equal", d)
			}
			if tt.wantDiff != "" && !strings.Contains(d, tt.wantDiff) {
				t.Errorf("diffValue = %q, want it to contain %q", d, tt.wantDiff)
			}
		})
	}
	if d := diffBins(driver.Bins{"a": int64(1)}, driver.Bins{"b": int64(1)}); !strings.Contains(d, `bin "a"`) {
		t.Errorf("diffBins with different names = %q, want it to name bin a", d)
	}
}

func TestCodeList(t *testing.T) {
	t.Parallel()
	got := codeList([]driver.ResultCode{driver.ServerNotAvailable, driver.InvalidNamespace})
	if want := "SERVER_NOT_AVAILABLE (-11) or INVALID_NAMESPACE (20)"; got != want {
		t.Errorf("codeList = %q, want %q", got, want)
	}
	if got := describeErr(driver.NewError(driver.KeyExistsError, "x")); !strings.Contains(got, "KEY_EXISTS_ERROR (5)") {
		t.Errorf("describeErr = %q, want the code", got)
	}
}
