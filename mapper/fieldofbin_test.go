package mapper

import (
	"reflect"
	"testing"
)

func TestFieldOfBin(t *testing.T) {
	t.Parallel()
	type inner struct {
		Name string `aero:"name,alias=n"`
	}
	type outer struct {
		ID string `aero:",key"`
		inner
		Tags []string `aero:"tags"`
	}
	p := planOf[outer](t)
	for _, c := range []struct {
		bin  string
		path string
		ok   bool
	}{
		{"tags", "Tags", true},
		{"name", "inner.Name", true},
		{"n", "", false}, // an alias is not the field's bin
		{"ID", "", false},
		{"nope", "", false},
	} {
		f, ok := p.FieldOfBin(c.bin)
		if ok != c.ok || (ok && f.Path != c.path) {
			t.Errorf("FieldOfBin(%q) = %+v, %v; want path %q, %v", c.bin, f, ok, c.path, c.ok)
		}
	}
	if f, _ := p.FieldOfBin("tags"); f.Type != reflect.TypeFor[[]string]() {
		t.Errorf("FieldOfBin(tags).Type = %v", f.Type)
	}
}
