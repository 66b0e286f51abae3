package driver

import (
	"strings"
	"testing"
	"time"
)

func TestCheckOps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ops  []Operation
		ok   bool
	}{
		{"none", nil, false},
		{"reads", []Operation{{Type: OpRead}, {Type: OpRead, Bin: "a"}, {Type: OpReadHeader}}, true},
		{"write", []Operation{{Type: OpWrite, Bin: "a", Value: "x"}}, true},
		{"write without bin", []Operation{{Type: OpWrite, Value: 1}}, false},
		{"add int", []Operation{{Type: OpAdd, Bin: "n", Value: 3}}, true},
		{"add uint8", []Operation{{Type: OpAdd, Bin: "n", Value: uint8(3)}}, true},
		{"add float", []Operation{{Type: OpAdd, Bin: "n", Value: 1.5}}, true},
		{"add string", []Operation{{Type: OpAdd, Bin: "n", Value: "1"}}, false},
		{"add huge uint64", []Operation{{Type: OpAdd, Bin: "n", Value: uint64(1) << 63}}, false},
		{"append string", []Operation{{Type: OpAppend, Bin: "s", Value: "x"}}, true},
		{"prepend bytes", []Operation{{Type: OpPrepend, Bin: "s", Value: []byte("x")}}, true},
		{"append int", []Operation{{Type: OpAppend, Bin: "s", Value: 1}}, false},
		{"touch and delete", []Operation{{Type: OpTouch}, {Type: OpDelete}}, true},
		{"unknown type", []Operation{{Type: OpType(99)}}, false},
	}
	for _, tt := range tests {
		err := CheckOps(tt.ops)
		if (err == nil) != tt.ok {
			t.Errorf("%s: CheckOps = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil {
			if c, _ := CodeOf(err); c != ParameterError {
				t.Errorf("%s: code %v, want PARAMETER_ERROR", tt.name, c)
			}
		}
	}
}

func TestCheckTruncateBefore(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		before time.Time
		ok     bool
	}{
		{time.Time{}, true},
		{now.Add(-time.Hour), true},
		{now, true},
		{now.Add(time.Second), false},
		{CitrusleafEpoch.Add(-time.Second), false},
	}
	for _, tt := range tests {
		if err := CheckTruncateBefore(tt.before, now); (err == nil) != tt.ok {
			t.Errorf("CheckTruncateBefore(%v) = %v, want ok=%v", tt.before, err, tt.ok)
		}
	}
}

func TestCheckNamespace(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ns   string
		want string // "" for valid; else a fragment of the error
	}{
		{"test", ""},
		{"bar-1_x.y", ""},
		{"n234567890123456789012345678901", ""},
		{"", "empty"},
		{"n2345678901234567890123456789012", "longer than 31"},
		{"te/st", `"/" is not allowed`},
		{"te\x00st", "not printable ASCII"},
		{"te\nst", "not printable ASCII"},
		{"te st", "not printable ASCII"},
		{"tést", "not printable ASCII"},
		{"te\xffst", "not printable ASCII"},
		{"a;b", `";" is not allowed`},
		{"a:b", `":" is not allowed`},
		{"a#b", `"#" is not allowed`},
	}
	for _, tt := range tests {
		err := CheckNamespace(tt.ns)
		if tt.want == "" {
			if err != nil {
				t.Errorf("CheckNamespace(%q) = %v, want nil", tt.ns, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckNamespace(%q) = %v, want an error with %q", tt.ns, err, tt.want)
			continue
		}
		if code, _ := CodeOf(err); code != ParameterError {
			t.Errorf("CheckNamespace(%q): code %v, want PARAMETER_ERROR", tt.ns, code)
		}
		for _, c := range err.Error() {
			if c < ' ' || c == 0x7f {
				t.Errorf("CheckNamespace(%q): error %q holds a control character: input must be quoted", tt.ns, err)
				break
			}
		}
	}
}
