package aero

import (
	"slices"
	"testing"

	"github.com/aerokit/aero/driver"
)

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	parts := driver.AllPartitions()
	parts[0].Done = true
	parts[7].HasDigest, parts[7].Digest, parts[7].BVal = true, driver.Digest{7, 0, 0, 1}, -42
	parts[4095].HasDigest, parts[4095].BVal = true, 1<<40
	c := encodeCursor(parts)
	got, err := decodeCursor(c)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(slices.Clone(parts), func(p driver.PartitionStatus) bool { return p.Done })
	if !slices.Equal(got, want) {
		t.Errorf("round trip lost partitions: got %d, want %d", len(got), len(want))
	}
	for i := range parts {
		parts[i].Done = true
	}
	if c := encodeCursor(parts); c != "" {
		t.Errorf("cursor of a finished scan = %q, want empty", c)
	}
}

// FuzzCursor feeds arbitrary strings to the cursor decoder: it must return
// partitions in range or an error, never panic, and what it accepts must
// encode back to an equivalent cursor.
func FuzzCursor(f *testing.F) {
	parts := driver.AllPartitions()[:3]
	parts[1].HasDigest, parts[1].BVal = true, 9
	f.Add(string(encodeCursor(parts)))
	f.Add("")
	f.Add("AQ")
	f.Add("AQAB")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := decodeCursor(Cursor(s))
		if err != nil {
			return
		}
		for _, p := range got {
			if p.ID < 0 || p.ID >= driver.Partitions || p.Done {
				t.Fatalf("decoded partition %+v out of range", p)
			}
		}
		if s == "" {
			return
		}
		again, err := decodeCursor(encodeCursor(got))
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("re-encoding %q changed it: %v %v", s, again, err)
		}
	})
}
