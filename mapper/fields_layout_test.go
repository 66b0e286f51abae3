package mapper

import (
	"testing"
	"unsafe"
)

// TestFieldHotMembersShareALine: what decodeAt reads of a top-level field
// (name, aliases, off, inline, decp) lies in the first 64 bytes of a field,
// and fields are allocated on 64-byte boundaries (their size class is a
// multiple of 64), so that decoding a record costs one cache line per
// field.
func TestFieldHotMembersShareALine(t *testing.T) {
	t.Parallel()
	var f field
	if end := unsafe.Offsetof(f.decp) + unsafe.Sizeof(f.decp); end > 64 {
		t.Errorf("decodeAt's members of field end at byte %d, past the first cache line", end)
	}
	for _, off := range []uintptr{unsafe.Offsetof(f.name), unsafe.Offsetof(f.aliases), unsafe.Offsetof(f.off), unsafe.Offsetof(f.inline)} {
		if off >= 64 {
			t.Errorf("a member decodeAt reads is at byte %d, past the first cache line", off)
		}
	}
	// Go's size classes of multiples of 64 bytes (64, 128, 192, 256, ...)
	// put each object of a span on a line boundary; another size would
	// straddle lines.
	if size := unsafe.Sizeof(f); size%64 != 0 {
		t.Errorf("field is %d bytes, not a multiple of 64: fields no longer start on a cache line (pad it)", size)
	}
}
