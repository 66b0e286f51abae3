package mapper

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// foreign is a value in a backend's own shape, which only convert knows.
type foreign struct{ v any }

var errForeign = errors.New("no canonical form")

type withForeign struct {
	ID    string           `aero:"id,key"`
	N     int64            `aero:"n"`
	Name  string           `aero:"name"`
	List  []int64          `aero:"list"`
	Tags  map[string]int64 `aero:"tags,alias=labels"`
	Other string           `aero:"other"`
}

// TestDecodeWith: DecodeWith converts exactly the values the fields read
// (from a bin or an alias) that are not plain scalars, never a bin no field
// maps; an error of convert names the field and bin and keeps its cause;
// a plain int that does not decode is reported as the int64 it converts
// to; with a nil convert it is Decode.
func TestDecodeWith(t *testing.T) {
	t.Parallel()
	p := planOf[withForeign](t)
	var converted []any
	convert := func(x any) (any, error) {
		converted = append(converted, x)
		f, ok := x.(foreign)
		if !ok {
			return nil, errors.New("convert called on a plain value")
		}
		if f.v == nil {
			return nil, errForeign
		}
		return f.v, nil
	}
	bins := map[string]any{
		"n": 5, "name": "x", "list": foreign{[]any{int64(1), int64(2)}},
		"labels":   foreign{map[any]any{"a": int64(1)}},
		"unmapped": foreign{nil},
	}
	var got withForeign
	if err := p.DecodeWith(bins, reflect.ValueOf(&got), convert); err != nil {
		t.Fatal(err)
	}
	want := withForeign{N: 5, Name: "x", List: []int64{1, 2}, Tags: map[string]int64{"a": 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DecodeWith = %+v, want %+v", got, want)
	}
	if len(converted) != 2 {
		t.Errorf("convert called on %v, want the list and the alias's map only", converted)
	}

	t.Run("convert error", func(t *testing.T) {
		var v withForeign
		err := p.DecodeWith(map[string]any{"tags": foreign{nil}}, reflect.ValueOf(&v), convert)
		var me *Error
		if !errors.As(err, &me) || me.Bin != "tags" || me.Path != "withForeign.Tags" || !errors.Is(err, errForeign) {
			t.Fatalf("DecodeWith = %v, want an *Error for bin tags, field withForeign.Tags, wrapping the convert error", err)
		}
	})
	t.Run("int names int64", func(t *testing.T) {
		var v withForeign
		err := p.DecodeWith(map[string]any{"other": 7}, reflect.ValueOf(&v), convert)
		if err == nil || !strings.Contains(err.Error(), "cannot decode int64 into string") {
			t.Fatalf("DecodeWith of an int into a string = %v, want it to name int64", err)
		}
	})
	t.Run("nil convert is Decode", func(t *testing.T) {
		canonical := map[string]any{"n": int64(5), "name": "x", "list": []any{int64(1), int64(2)}, "labels": map[any]any{"a": int64(1)}}
		var a, b withForeign
		if err := p.DecodeWith(canonical, reflect.ValueOf(&a), nil); err != nil {
			t.Fatal(err)
		}
		if err := p.Decode(canonical, reflect.ValueOf(&b)); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(a, want) {
			t.Errorf("DecodeWith(nil) = %+v, Decode = %+v, want %+v", a, b, want)
		}
	})
}

// TestSetKeyFastPath: SetKey through a *T stores a key as the general path
// does, and reports the same errors, for each kind of key field.
func TestSetKeyFastPath(t *testing.T) {
	t.Parallel()
	type i8Key struct {
		K int8 `aero:"k,key"`
	}
	type strKey struct {
		K string `aero:"k,key,bin"`
	}
	type u32Key struct {
		K uint32 `aero:"k,key"`
	}
	type bytesKey struct {
		K []byte `aero:"k,key"`
	}
	for _, tc := range []struct {
		name string
		v    any // a pointer to a zero struct
		key  any
		want any // the key field after SetKey; nil: an error
	}{
		{"int8", new(i8Key), int64(-7), int8(-7)},
		{"int8 overflow", new(i8Key), int64(300), nil},
		{"string", new(strKey), "k1", "k1"},
		{"string from int", new(strKey), int64(1), nil},
		{"uint32", new(u32Key), int64(1<<32 - 1), uint32(1<<32 - 1)},
		{"uint32 negative", new(u32Key), int64(-1), nil},
		{"bytes from string", new(bytesKey), "k1", nil},
		{"bytes from int", new(bytesKey), int64(1), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := PlanFor(reflect.TypeOf(tc.v).Elem())
			if err != nil {
				t.Fatal(err)
			}
			fast := reflect.ValueOf(tc.v)
			slow := reflect.New(p.Type()).Elem() // addressable, not a pointer: the general path
			errFast, errSlow := p.SetKey(fast, tc.key), p.SetKey(slow, tc.key)
			if (errFast == nil) != (errSlow == nil) || (errFast != nil && errFast.Error() != errSlow.Error()) {
				t.Fatalf("SetKey through a pointer = %v, through a value = %v", errFast, errSlow)
			}
			if tc.want == nil {
				if errFast == nil {
					t.Fatalf("SetKey(%v) = nil, want an error", tc.key)
				}
				return
			}
			if errFast != nil {
				t.Fatal(errFast)
			}
			if got := fast.Elem().Field(0).Interface(); got != tc.want {
				t.Errorf("key field = %#v, want %#v", got, tc.want)
			}
			if got := slow.Field(0).Interface(); got != tc.want {
				t.Errorf("key field (general path) = %#v, want %#v", got, tc.want)
			}
		})
	}
}
