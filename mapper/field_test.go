package mapper

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestField(t *testing.T) {
	t.Parallel()
	type Deep struct {
		X int `aero:"dx,alias=x0"`
	}
	type Mid struct {
		Deep
		Y int `aero:"my"`
	}
	type Top struct {
		Mid
		ID   string        `aero:"id,key"`
		Gen  uint32        `aero:",gen"`
		TTL  time.Duration `aero:",ttl"`
		Name string        `aero:"name,alias=nm"`
		In   Inner         `aero:"in"`
		Skip int           `aero:"-"`
		priv int           //lint:ignore U1000 present to show unexported fields are not bins
	}
	p := planOf[Top](t)
	ok := []struct {
		path string
		want FieldInfo
	}{
		{"Name", FieldInfo{Path: "Name", Bin: "name", Aliases: []string{"nm"}, Type: reflect.TypeFor[string](), TypeInfo: TypeInfo{Kind: KindString, Base: reflect.TypeFor[string]()}}},
		{"Y", FieldInfo{Path: "Mid.Y", Bin: "my", Type: reflect.TypeFor[int](), TypeInfo: TypeInfo{Kind: KindInt, Base: reflect.TypeFor[int]()}}},
		{"Mid.Y", FieldInfo{Path: "Mid.Y", Bin: "my", Type: reflect.TypeFor[int](), TypeInfo: TypeInfo{Kind: KindInt, Base: reflect.TypeFor[int]()}}},
		{"X", FieldInfo{Path: "Mid.Deep.X", Bin: "dx", Aliases: []string{"x0"}, Type: reflect.TypeFor[int](), TypeInfo: TypeInfo{Kind: KindInt, Base: reflect.TypeFor[int]()}}},
		{"Mid.Deep.X", FieldInfo{Path: "Mid.Deep.X", Bin: "dx", Aliases: []string{"x0"}, Type: reflect.TypeFor[int](), TypeInfo: TypeInfo{Kind: KindInt, Base: reflect.TypeFor[int]()}}},
		{"In", FieldInfo{Path: "In", Bin: "in", Type: reflect.TypeFor[Inner](), TypeInfo: TypeInfo{Kind: KindStruct, Base: reflect.TypeFor[Inner]()}}},
	}
	for _, tc := range ok {
		got, err := p.Field(tc.path)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Field(%q) = %+v, %v; want %+v", tc.path, got, err, tc.want)
		}
		if bin, found := p.Bin(tc.path); !found || bin != tc.want.Bin {
			t.Errorf("Bin(%q) = %q, %v; want %q", tc.path, bin, found, tc.want.Bin)
		}
	}
	bad := []struct{ path, want string }{
		{"name", `mapper: Top.name: no such field: "name" is a bin of field Name (name the Go field)`},
		{"nm", `mapper: Top.nm: no such field: "nm" is a bin of field Name`},
		{"Nmae", `mapper: Top.Nmae: no such field stored in a bin`},
		{"ID", `mapper: Top.ID: the key field is not stored in a bin`},
		{"Gen", `mapper: Top.Gen: the generation field is not stored in a bin`},
		{"TTL", `mapper: Top.TTL: the TTL field is not stored in a bin`},
		{"In.Zip", `mapper: Top.In.Zip: a field of a nested value is not a bin (it is inside bin "in")`},
		{"Skip", `no such field stored in a bin`},
		{"priv", `no such field stored in a bin`},
		{"", `no such field stored in a bin`},
	}
	for _, tc := range bad {
		_, err := p.Field(tc.path)
		if _, isErr := err.(*Error); !isErr || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Field(%q) error = %v, want an *Error containing %q", tc.path, err, tc.want)
		}
		if bin, found := p.Bin(tc.path); found {
			t.Errorf("Bin(%q) = %q, true", tc.path, bin)
		}
	}
}

func TestDecodeInto(t *testing.T) {
	t.Parallel()
	type U struct {
		ID   string `aero:"id,key"`
		Name string `aero:"name"`
		Age  int8   `aero:"age"`
	}
	u := U{ID: "keep", Name: "stale", Age: 9}
	if err := DecodeInto(map[string]any{"name": "Ada", "age": 36}, &u); err != nil {
		t.Fatal(err)
	}
	if u != (U{ID: "keep", Name: "Ada", Age: 36}) {
		t.Errorf("DecodeInto = %+v, want the bins decoded and the key field kept", u)
	}
	if err := DecodeInto(map[string]any{"age": int64(300)}, &u); err == nil || err.Error() != `mapper: U.Age (bin "age"): value 300 overflows int8` {
		t.Errorf("DecodeInto overflow = %v", err)
	}
	if err := DecodeInto[U](nil, nil); err == nil || !strings.Contains(err.Error(), "nil destination") {
		t.Errorf("DecodeInto(nil) = %v", err)
	}
	n := 1
	if err := DecodeInto(map[string]any{}, &n); err == nil || !strings.Contains(err.Error(), "not a struct") {
		t.Errorf("DecodeInto(*int) = %v", err)
	}
}
