package mapper

import (
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/aerokit/aero/geo"
	"github.com/aerokit/aero/internal/value"
)

// TestTypeInfoOf checks the one description of a stored type against the
// codec the mapper builds for it: what TypeInfoOf says a type is, its
// encoded value is.
func TestTypeInfoOf(t *testing.T) {
	t.Parallel()
	n := int64(5)
	tests := []struct {
		v    any
		want TypeInfo
		enc  any // a value of the encoded type, nil to skip
	}{
		{int64(1), TypeInfo{Kind: KindInt}, int64(0)},
		{uint8(1), TypeInfo{Kind: KindInt}, int64(0)},
		{time.Second, TypeInfo{Kind: KindInt}, int64(0)},
		{&n, TypeInfo{Kind: KindInt, Pointer: true}, int64(0)},
		{1.5, TypeInfo{Kind: KindFloat}, float64(0)},
		{"s", TypeInfo{Kind: KindString}, ""},
		{true, TypeInfo{Kind: KindBool}, false},
		{[]byte{1}, TypeInfo{Kind: KindBlob}, []byte{}},
		{[2]byte{1}, TypeInfo{Kind: KindBlob}, []byte{}},
		{time.Unix(1, 0), TypeInfo{Kind: KindTime}, int64(0)},
		{[]string{"a"}, TypeInfo{Kind: KindList, Elem: reflect.TypeFor[string]()}, []any{}},
		{map[string]int{"a": 1}, TypeInfo{Kind: KindMap, Key: reflect.TypeFor[string](), Elem: reflect.TypeFor[int]()}, map[any]any{}},
		{Inner{}, TypeInfo{Kind: KindStruct}, map[any]any{}},
		{value.GeoJSON(`{"type":"Point","coordinates":[1,2]}`), TypeInfo{Kind: KindGeo}, value.GeoJSON("")},
		{value.HLL{1}, TypeInfo{Kind: KindHLL}, value.HLL{}},
		{Upper("a"), TypeInfo{Kind: KindCustom}, nil},
		{netip.MustParseAddr("1.2.3.4"), TypeInfo{Kind: KindCustom}, ""},
	}
	for _, tc := range tests {
		got := TypeInfoOf(reflect.TypeOf(tc.v))
		tc.want.Base = reflect.TypeOf(tc.v)
		if tc.want.Pointer {
			tc.want.Base = tc.want.Base.Elem()
		}
		if got != tc.want {
			t.Errorf("TypeInfoOf(%T) = %+v, want %+v", tc.v, got, tc.want)
		}
		if tc.enc == nil {
			continue
		}
		e, err := EncodeValue(tc.v)
		if err != nil || reflect.TypeOf(e) != reflect.TypeOf(tc.enc) {
			t.Errorf("EncodeValue(%T) = %T, %v; the kind %s says %T", tc.v, e, err, got.Kind, tc.enc)
		}
	}
	if got := TypeInfoOf(reflect.TypeFor[any]()); got.Kind != KindAny {
		t.Errorf("TypeInfoOf(any) = %+v", got)
	}
	if got := TypeInfoOf(reflect.TypeFor[geo.Point]()); got.Kind != KindGeo {
		t.Errorf("TypeInfoOf(geo.Point) = %+v, want a geo kind", got)
	}
	if got := TypeInfoOf(reflect.TypeFor[chan int]()); got.Kind != KindUnsupported {
		t.Errorf("TypeInfoOf(chan int) = %+v, want unsupported", got)
	}
	// A recursive type: the pointer's kind is the struct's, known before
	// the struct's fields are built.
	type node struct {
		Next *node `aero:"next"`
	}
	p, err := PlanFor(reflect.TypeFor[node]())
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := p.Field("Next"); err != nil || fi.Kind != KindStruct || !fi.Pointer {
		t.Errorf("Field(Next) of a recursive type = %+v, %v", fi, err)
	}
}
