package mapper_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/mapper"
)

type (
	level    int8
	userID   string
	bigU     uint64
	ratio    float32
	flag     bool
	blob     []byte
	octet    uint8
	pointXY  struct{ X, Y int }
	holder   struct{ V any }
	holderAs struct {
		V any `as:"v"`
	}
)

// TestMapperAgreesWithNormalize holds the mapper's interface fields to
// driver.Normalize, the one value normalizer: what an `any` field encodes
// to, and what a bin value decodes to in an `any` field, is exactly what
// driver.Normalize makes of the value, errors included. The only
// difference is by design: on encode the mapper chooses the value of the
// types it owns (structs, pointers, time.Time, marshalers), which
// driver.Normalize refuses.
func TestMapperAgreesWithNormalize(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
	n := 7
	values := []struct {
		name  string
		v     any
		owned any // the mapper's encoding of a type it owns; nil if none
	}{
		{"nil", nil, nil},
		{"bool", true, nil},
		{"int", -1, nil},
		{"int8", int8(math.MinInt8), nil},
		{"int16", int16(math.MaxInt16), nil},
		{"int32", int32(math.MinInt32), nil},
		{"int64", int64(math.MaxInt64), nil},
		{"uint", uint(uint64(math.MaxInt64) & uint64(^uint(0))), nil},
		{"uint8", uint8(math.MaxUint8), nil},
		{"uint16", uint16(math.MaxUint16), nil},
		{"uint32", uint32(math.MaxUint32), nil},
		{"uint64", uint64(1 << 62), nil},
		{"uint64 overflow", uint64(math.MaxUint64), nil},
		{"uint max", ^uint(0), nil},
		{"float32", float32(0.25), nil},
		{"float64", -2.5, nil},
		{"string", "s", nil},
		{"bytes", []byte{1, 2}, nil},
		{"nil bytes", []byte(nil), nil},
		{"named int", level(-3), nil},
		{"named string", userID("u1"), nil},
		{"named uint overflow", bigU(math.MaxUint64), nil},
		{"named float", ratio(0.5), nil},
		{"named bool", flag(true), nil},
		{"named bytes", blob{3}, nil},
		{"byte array", [3]byte{1, 2, 3}, nil},
		{"named byte array", [2]octet{4, 5}, nil},
		{"typed slice", []uint16{1, 2}, nil},
		{"typed slice overflow", []uint64{math.MaxUint64}, nil},
		{"nil typed slice", []string(nil), nil},
		{"list", []any{int64(1), "a", nil}, nil},
		{"list to normalise", []any{1, float32(2), level(3)}, nil},
		{"nested", []any{map[string]any{"l": []int{1}}, []any{[]byte{9}}}, nil},
		{"string map", map[string]any{"a": 1}, nil},
		{"typed map", map[level]userID{1: "x"}, nil},
		{"any map", map[any]any{"k": int32(1), 2.5: []any{int8(1)}}, nil},
		{"float key", map[float64]int{1.5: 1}, nil},
		{"duplicate keys", map[any]any{int8(1): "a", int64(1): "b"}, nil},
		{"bool key", map[bool]int{true: 1}, nil},
		{"nested overflow", []any{"ok", map[string]any{"x": uint64(math.MaxUint64)}}, nil},
		{"complex", complex(1, 2), nil},
		{"chan", make(chan int), nil},
		{"time", now, now.UnixNano()},
		{"struct", pointXY{1, 2}, map[any]any{"X": int64(1), "Y": int64(2)}},
		{"pointer", &n, int64(7)},
		{"structs in a list", []pointXY{{1, 2}}, []any{map[any]any{"X": int64(1), "Y": int64(2)}}},
	}
	for _, plan := range []*mapper.Plan{mustPlan[holder](t), mustPlan[holderAs](t)} {
		bin := plan.BinNames()[0]
		for _, tc := range values {
			want, werr := driver.Normalize(tc.v)
			// Encode.
			bins, err := plan.Encode(reflect.ValueOf(holder{V: tc.v}).Convert(plan.Type()))
			switch {
			case tc.owned != nil:
				if err != nil || !reflect.DeepEqual(bins[bin], tc.owned) {
					t.Errorf("%s: Encode = %#v, %v; want the mapper's own %#v", tc.name, bins[bin], err, tc.owned)
				}
			case (err == nil) != (werr == nil):
				t.Errorf("%s: Encode error %v, driver.Normalize error %v", tc.name, err, werr)
			case err == nil && !reflect.DeepEqual(bins[bin], want):
				t.Errorf("%s: Encode = %#v, driver.Normalize = %#v", tc.name, bins[bin], want)
			}
			// Decode.
			dst := reflect.New(plan.Type())
			err = plan.Decode(map[string]any{bin: tc.v}, dst)
			got := dst.Elem().Field(0).Interface()
			switch {
			case (err == nil) != (werr == nil):
				t.Errorf("%s: Decode error %v, driver.Normalize error %v", tc.name, err, werr)
			case err == nil && !reflect.DeepEqual(got, want):
				t.Errorf("%s: Decode = %#v, driver.Normalize = %#v", tc.name, got, want)
			}
		}
	}
}

func mustPlan[T any](t *testing.T) *mapper.Plan {
	t.Helper()
	p, err := mapper.PlanFor(reflect.TypeFor[T]())
	if err != nil {
		t.Fatal(err)
	}
	return p
}
