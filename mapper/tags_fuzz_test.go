package mapper

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParseAeroTag feeds arbitrary aero tags to the tag grammar: it never
// panics, an accepted tag names a bin (or skips the field), and the index
// option is only ever accepted on a bin.
func FuzzParseAeroTag(f *testing.F) {
	for _, s := range []string{"", "-", "-,", "age,index", "id,key,bin,index", ",gen,index", "l,index=values",
		"n,omitempty,index,alias=old", "x,alias=", ",key", "a,key,gen", "a,bin", "a,,index"} {
		f.Add(s)
	}
	sf := reflect.StructField{Name: "F", Type: reflect.TypeFor[int]()}
	f.Fuzz(func(t *testing.T, tag string) {
		ti, err := parseAeroTag(sf, tag)
		if err != nil {
			if !strings.Contains(err.Error(), "tag") && !strings.Contains(err.Error(), "alias") && !strings.Contains(err.Error(), "option") {
				t.Errorf("tag %q: error %q does not say what was wrong", tag, err)
			}
			return
		}
		if ti.skip {
			return
		}
		if ti.name == "" {
			t.Errorf("tag %q accepted with no bin name", tag)
		}
		if ti.index && ti.meta != metaNone && !ti.keyBin {
			t.Errorf("tag %q: index accepted on a key, gen or ttl field that is not a bin", tag)
		}
	})
}
