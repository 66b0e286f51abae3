package aero

import (
	"slices"
	"strings"
	"testing"

	"github.com/aerokit/aero/driver"
)

// digestIn returns a digest that falls in partition id.
func digestIn(id int, salt byte) driver.Digest {
	var d driver.Digest
	d[0], d[1], d[19] = byte(id), byte(id>>8)&0x0F, salt
	return d
}

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	parts := driver.AllPartitions()
	parts[0].Done = true
	parts[7].HasDigest, parts[7].Digest, parts[7].BVal = true, digestIn(7, 1), -42
	parts[4095].HasDigest, parts[4095].Digest, parts[4095].BVal = true, digestIn(4095, 2), 1<<40
	const fp = 12345
	c := encodeCursor(parts, fp)
	got, err := decodeCursor(c, fp)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(slices.Clone(parts), func(p driver.PartitionStatus) bool { return p.Done })
	if !slices.Equal(got, want) {
		t.Errorf("round trip changed the partitions: got %d, want %d", len(got), len(want))
	}
	if len(c) > 200 {
		t.Errorf("cursor of a scan with 2 resumed partitions is %d bytes", len(c))
	}
	if _, err := decodeCursor(c, fp+1); err == nil || !strings.Contains(err.Error(), "another scan") {
		t.Errorf("cursor accepted by another scan: %v", err)
	}
	for i := range parts {
		parts[i].Done = true
	}
	if c := encodeCursor(parts, fp); c != "" {
		t.Errorf("cursor of a finished scan = %q, want empty", c)
	}
}

func TestCursorSizeAfterManyResumedPartitions(t *testing.T) {
	t.Parallel()
	parts := driver.AllPartitions()
	for i := 0; i < len(parts); i += 4 { // a quarter done, a quarter resumed
		parts[i].Done = true
		parts[i+1].HasDigest, parts[i+1].Digest = true, digestIn(i+1, 9)
	}
	c := encodeCursor(parts, 1)
	got, err := decodeCursor(c, 1)
	if err != nil || len(got) != 3*len(parts)/4 {
		t.Fatalf("decode: %d partitions, %v", len(got), err)
	}
	// 1024 resume points of 30 bytes: the digests do not compress, the
	// bitmap and ids do.
	if len(c) > 45_000 {
		t.Errorf("cursor is %d bytes", len(c))
	}
}

// FuzzCursor feeds arbitrary strings to the cursor decoder: it must return
// partitions in range, ascending and unique, or an error, never panic; what
// it accepts must encode back to an equivalent cursor.
func FuzzCursor(f *testing.F) {
	parts := driver.AllPartitions()[:3]
	parts[1].HasDigest, parts[1].Digest, parts[1].BVal = true, digestIn(1, 3), 9
	f.Add(string(encodeCursor(parts, 7)))
	f.Add("")
	f.Add("Ag")
	f.Add("AgAAAAAAAAAH")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := decodeCursor(Cursor(s), 7)
		if err != nil {
			return
		}
		for i, p := range got {
			if p.ID < 0 || p.ID >= driver.Partitions || p.Done || (i > 0 && got[i-1].ID >= p.ID) {
				t.Fatalf("decoded partition %+v out of range or order", p)
			}
			if p.HasDigest && p.Digest.Partition() != p.ID {
				t.Fatalf("partition %d resumes at a digest of partition %d", p.ID, p.Digest.Partition())
			}
		}
		if s == "" {
			return
		}
		again, err := decodeCursor(encodeCursor(got, 7), 7)
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("re-encoding %q changed it: %v", s, err)
		}
	})
}
