package exp

import "testing"

// FuzzDecode feeds arbitrary bytes to Decode: it must never panic, and an
// expression it accepts must render, re-pack from its tree, and decode
// again to the same rendering.
func FuzzDecode(f *testing.F) {
	for _, e := range samples() {
		f.Add(e.Bytes())
	}
	f.Add([]byte("\x90"))
	f.Add([]byte("\xdd\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Decode(b)
		if err != nil {
			return
		}
		s := e.String()
		re, err := e.append(nil, 0)
		if err != nil {
			t.Fatalf("Decode(%x) accepted %s but its tree does not pack: %v", b, s, err)
		}
		d, err := Decode(re)
		if err != nil {
			t.Fatalf("re-packed %x (from %x) does not decode: %v", re, b, err)
		}
		if d.String() != s {
			t.Fatalf("round trip changed %s into %s", s, d)
		}
	})
}
