package mapper

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// TestFieldHotMembersShareALine: what a nested struct's decode reads of a
// field (key, aliasKeys, off, inline, decp: container.go) lies in the
// first 64 bytes of a field, and fields are allocated on 64-byte
// boundaries (their size class is a multiple of 64), so that decoding a
// nested struct costs one cache line per field.
func TestFieldHotMembersShareALine(t *testing.T) {
	t.Parallel()
	var f field
	for _, m := range []struct {
		name      string
		off, size uintptr
	}{
		{"key", unsafe.Offsetof(f.key), unsafe.Sizeof(f.key)},
		{"aliasKeys", unsafe.Offsetof(f.aliasKeys), unsafe.Sizeof(f.aliasKeys)},
		{"off", unsafe.Offsetof(f.off), unsafe.Sizeof(f.off)},
		{"inline", unsafe.Offsetof(f.inline), unsafe.Sizeof(f.inline)},
		{"decp", unsafe.Offsetof(f.decp), unsafe.Sizeof(f.decp)},
	} {
		if m.off+m.size > 64 {
			t.Errorf("field.%s ends at byte %d, past the first cache line", m.name, m.off+m.size)
		}
	}
	// Go's size classes of multiples of 64 bytes (64, 128, 192, 256, ...)
	// put each object of a span on a line boundary; another size would
	// straddle lines.
	if size := unsafe.Sizeof(f); size%64 != 0 {
		t.Errorf("field is %d bytes, not a multiple of 64: fields no longer start on a cache line (pad it)", size)
	}
}

// TestHotFieldsPackThePlansFields: a plan's packed fields (what decodeAt
// reads) are 32 bytes each, two to a cache line, and say what the fields
// say, in order: name, offset, inline store, decoder and whether it has
// aliases; the names lie end to end in one string.
func TestHotFieldsPackThePlansFields(t *testing.T) {
	t.Parallel()
	if size := unsafe.Sizeof(hotField{}); size != 32 {
		t.Errorf("hotField is %d bytes, want 32 (two to a cache line)", size)
	}
	p, err := PlanFor(reflect.TypeFor[renamed]())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.hot) != len(p.fields) {
		t.Fatalf("%d packed fields for %d fields", len(p.hot), len(p.fields))
	}
	for i, h := range p.hot {
		f := p.fields[i]
		if h.name != f.name || uintptr(h.off) != f.off || h.inline != f.inline || h.aliased != (len(f.aliases) > 0) ||
			reflect.ValueOf(h.decp).Pointer() != reflect.ValueOf(f.decp).Pointer() {
			t.Errorf("packed field %d is %+v; its field: name %q, off %d, inline %d, %d aliases, decoder %v",
				i, h, f.name, f.off, f.inline, len(f.aliases), f.decp != nil)
		}
		if i > 0 {
			prev := p.hot[i-1].name
			if unsafe.StringData(h.name) != (*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(prev)), len(prev))) {
				t.Errorf("name %q does not follow %q in one string", h.name, prev)
			}
		}
	}
}

// TestHotFieldsRefuseAHugeOffset: a field 4 GiB or more into its struct
// (behind a huge array, which reflect can describe without allocating it)
// does not fit a packed field's offset: PlanFor refuses the type, naming
// the field, rather than decode into the wrong place.
func TestHotFieldsRefuseAHugeOffset(t *testing.T) {
	t.Parallel()
	typ := reflect.StructOf([]reflect.StructField{
		{Name: "Pad", Type: reflect.ArrayOf(1<<32, reflect.TypeFor[byte]()), Tag: `aero:"-"`},
		{Name: "N", Type: reflect.TypeFor[int64](), Tag: `aero:"n"`},
	})
	_, err := PlanFor(typ)
	if err == nil || !strings.Contains(err.Error(), "N") || !strings.Contains(err.Error(), "4 GiB") {
		t.Fatalf("PlanFor(struct with N at offset 1<<32) = %v; want an error naming field N and the 4 GiB limit", err)
	}
}
