package driver

import (
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
