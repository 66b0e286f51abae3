package value

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

type (
	namedStr   string
	namedInt8  int8
	namedUint  uint64
	namedByte  uint8
	namedBytes []byte
	namedFloat float32
	namedBool  bool
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      any
		want    any
		wantErr string // substring of the error, "" for none
	}{
		{"nil", nil, nil, ""},
		{"NaN map key", map[float64]int{math.NaN(): 1}, nil, "map key NaN"},
		{"bool", true, true, ""},
		{"int", -5, int64(-5), ""},
		{"int8", int8(math.MinInt8), int64(math.MinInt8), ""},
		{"int16", int16(math.MaxInt16), int64(math.MaxInt16), ""},
		{"int32", int32(math.MinInt32), int64(math.MinInt32), ""},
		{"uint8", uint8(255), int64(255), ""},
		{"uint16", uint16(math.MaxUint16), int64(math.MaxUint16), ""},
		{"uint32", uint32(math.MaxUint32), int64(math.MaxUint32), ""},
		{"uint max ok", uint(math.MaxInt64), int64(math.MaxInt64), ""},
		{"uint overflow", uint(math.MaxInt64 + 1), nil, "uint value 9223372036854775808 overflows int64"},
		{"uint64 overflow", uint64(math.MaxUint64), nil, "uint64 value 18446744073709551615 overflows int64"},
		{"uintptr", uintptr(7), int64(7), ""},
		{"float32", float32(0.5), 0.5, ""},
		{"string", "s", "s", ""},
		{"bytes", []byte{1}, []byte{1}, ""},
		{"named string", namedStr("u"), "u", ""},
		{"named int8", namedInt8(-3), int64(-3), ""},
		{"named uint overflow", namedUint(math.MaxUint64), nil, "value.namedUint value 18446744073709551615 overflows int64"},
		{"named float", namedFloat(1.5), 1.5, ""},
		{"named bool", namedBool(true), true, ""},
		{"named bytes", namedBytes{1, 2}, []byte{1, 2}, ""},
		{"array of named bytes", [2]namedByte{3, 4}, []byte{3, 4}, ""},
		{"slice of named bytes", []namedByte{5}, []byte{5}, ""},
		{"typed slice", []int16{1, -1}, []any{int64(1), int64(-1)}, ""},
		{"nil typed slice", []string(nil), []any{}, ""},
		{"array", [2]string{"a", "b"}, []any{"a", "b"}, ""},
		{"string map", map[string]any{"a": uint8(1)}, map[any]any{"a": int64(1)}, ""},
		{"typed map", map[namedInt8]namedStr{1: "x"}, map[any]any{int64(1): "x"}, ""},
		{"nested", []any{map[string]any{"l": []int{1}}}, []any{map[any]any{"l": []any{int64(1)}}}, ""},
		{"float32 key", map[any]any{float32(0.5): 1}, map[any]any{0.5: int64(1)}, ""},
		{"duplicate keys once normalised", map[any]any{int8(1): "a", int64(1): "b"}, nil, "duplicates another key"},
		{"bool key", map[bool]int{true: 1}, nil, "map key of type bool is not supported"},
		{"nil key", map[any]any{nil: 1}, nil, "map key of type nil is not supported"},
		{"nested uint64 above MaxInt64 stays uint64", []any{"ok", map[string]any{"x": []any{uint64(math.MaxUint64), uint64(7)}}}, []any{"ok", map[any]any{"x": []any{uint64(math.MaxUint64), int64(7)}}}, ""},
		{"uint64 key above MaxInt64 stays uint64", map[uint64]string{math.MaxUint64: "a", 1: "b"}, map[any]any{uint64(math.MaxUint64): "a", int64(1): "b"}, ""},
		{"named uint element above MaxInt64", []namedUint{math.MaxUint64}, []any{uint64(math.MaxUint64)}, ""},
		{"key path", map[any]any{"ok": 1, true: 2}, nil, "(at [key true])"},
		{"struct", struct{}{}, nil, "value of type struct {} is not supported"},
		{"pointer", new(int), nil, "value of type *int is not supported"},
		{"complex", complex(1, 2), nil, "value of type complex128 is not supported"},
		{"func in list", []any{func() {}}, nil, "value of type func() is not supported (at [0])"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Normalize(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Normalize(%#v) = %#v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				var ve *Error
				if !errors.As(err, &ve) {
					t.Fatalf("error %T is not a *value.Error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Normalize(%#v): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Normalize(%#v) = %#v, want %#v", tt.in, got, tt.want)
			}
			if !IsCanonical(got) {
				t.Errorf("Normalize(%#v) = %#v is not canonical", tt.in, got)
			}
		})
	}
}

func TestNormalizeCanonicalIsShared(t *testing.T) {
	t.Parallel()
	l := []any{int64(1), map[any]any{"k": []any{"v"}}}
	got, err := Normalize(l)
	if err != nil {
		t.Fatal(err)
	}
	if &got.([]any)[0] != &l[0] {
		t.Errorf("a canonical list must be returned as it is")
	}
	in := []any{1, []any{int64(2)}}
	out, err := Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	in[0] = 100
	if out.([]any)[0] != int64(1) {
		t.Errorf("a non-canonical list must be normalised into a fresh list")
	}
}

func TestNormalizeDepth(t *testing.T) {
	t.Parallel()
	self := []any{nil}
	self[0] = self
	m := map[any]any{}
	m["m"] = m
	sm := map[string]any{}
	sm["m"] = sm
	for name, v := range map[string]any{"list": self, "map": m, "string map": sm} {
		if _, err := Normalize(v); err == nil || !strings.Contains(err.Error(), "nests more than 128 levels") {
			t.Errorf("%s cycle: err = %v, want a depth error", name, err)
		}
		if IsCanonical(v) {
			t.Errorf("%s cycle: IsCanonical = true", name)
		}
	}
	deep := any(int64(1))
	for range MaxDepth {
		deep = []any{deep}
	}
	if _, err := Normalize(deep); err != nil {
		t.Errorf("%d levels: %v", MaxDepth, err)
	}
	if _, err := Normalize([]any{deep}); err == nil {
		t.Errorf("%d levels: no error", MaxDepth+1)
	}
}

func TestNormalizeWithCustom(t *testing.T) {
	t.Parallel()
	type point struct{ X int }
	custom := func(v any, depth int) (any, bool, error) {
		switch p := v.(type) {
		case point:
			if p.X < 0 {
				return nil, true, errors.New("negative point")
			}
			return map[any]any{"x": int64(p.X)}, true, nil
		}
		return nil, false, nil
	}
	got, err := NormalizeWith([]point{{1}}, 0, custom)
	if err != nil || !reflect.DeepEqual(got, []any{map[any]any{"x": int64(1)}}) {
		t.Fatalf("NormalizeWith([]point) = %#v, %v", got, err)
	}
	got, err = NormalizeWith(namedInt8(2), 0, custom)
	if err != nil || got != int64(2) {
		t.Fatalf("an unhandled type falls back to the rules: %#v, %v", got, err)
	}
	_, err = NormalizeWith(map[string]any{"p": point{-1}}, 0, custom)
	var ve *Error
	if !errors.As(err, &ve) || ve.Path != `["p"]` || ve.Err == nil || err.Error() != `negative point (at ["p"])` {
		t.Fatalf("custom error = %#v (%v), want it located at [\"p\"]", err, err)
	}
	// Keys never go through custom.
	if _, err := NormalizeWith(map[point]int{{1}: 1}, 0, custom); err == nil {
		t.Errorf("a struct key was accepted")
	}
}

func TestInt64(t *testing.T) {
	t.Parallel()
	ok := []any{int(1), int8(1), int16(1), int32(1), int64(1), uint(1), uint8(1), uint16(1), uint32(1), uint64(1)}
	for _, x := range ok {
		if n, good := Int64(x); !good || n != 1 {
			t.Errorf("Int64(%T) = %d, %v", x, n, good)
		}
	}
	for _, x := range []any{uint64(math.MaxUint64), uint(math.MaxUint64), 1.0, "1", nil, namedInt8(1)} {
		if _, good := Int64(x); good {
			t.Errorf("Int64(%T %v) accepted", x, x)
		}
	}
}

func TestClone(t *testing.T) {
	t.Parallel()
	orig := []any{[]byte{1}, map[any]any{"k": []any{[]byte{2}}}, []byte(nil), []any(nil), map[any]any(nil)}
	c := Clone(orig).([]any)
	if !reflect.DeepEqual(c, orig) {
		t.Fatalf("Clone = %#v, want %#v", c, orig)
	}
	c[0].([]byte)[0] = 9
	c[1].(map[any]any)["k"].([]any)[0].([]byte)[0] = 9
	if orig[0].([]byte)[0] != 1 || orig[1].(map[any]any)["k"].([]any)[0].([]byte)[0] != 2 {
		t.Errorf("mutating a clone changed the original")
	}
	if c[2].([]byte) != nil || c[3].([]any) != nil || c[4].(map[any]any) != nil {
		t.Errorf("nil containers must stay nil")
	}
}
