package hll

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/aerokit/aero/internal/msgpack"
)

func TestMurmur3Vectors(t *testing.T) {
	t.Parallel()
	// Reference values: MurmurHash3_x64_128, seed 0 (smhasher's reference,
	// which aerospike-common's murmurHash3_x64_128 is).
	tests := []struct {
		in     string
		h1, h2 uint64
	}{
		{"", 0, 0},
		{"a", 0x85555565f6597889, 0xe6b53a48510e895a},
		{"hello", 0xcbd8a7b341bd9b02, 0x5b1e906a48ae1d19},
		{"0123456789abcdef", 0x4be06d94cf4ad1a7, 0x87c35b5c63a708da},
		{"0123456789abcdefXYZ123456789", 0x2fb7d7a456f9b105, 0xb90853b024684910},
		{"\xa2\x03a", 0x8d15ae180c40a275, 0x0e22c7dd0fe0da88},
	}
	for _, tt := range tests {
		h1, h2 := murmur3x64128([]byte(tt.in))
		if h1 != tt.h1 || h2 != tt.h2 {
			t.Errorf("murmur3(%q) = %#x, %#x, want %#x, %#x", tt.in, h1, h2, tt.h1, tt.h2)
		}
	}
}

func TestRegistersRoundTrip(t *testing.T) {
	t.Parallel()
	for _, bits := range [][2]int{{4, 0}, {4, 51}, {8, 4}, {12, 0}, {16, 48}, {16, 0}, {5, 7}} {
		h := sketch(New(bits[0], bits[1]))
		n := uint32(1) << bits[0]
		max := uint64(1)<<(6+bits[1]) - 1
		want := make([]uint64, n)
		for r := uint32(0); r < n; r++ {
			want[r] = (uint64(r)*0x9e3779b97f4a7c15 + 1) & max
			h.setRegister(r, want[r])
		}
		for r := uint32(0); r < n; r++ {
			if got := h.getRegister(r); got != want[r] {
				t.Fatalf("bits %v: register %d = %d, want %d", bits, r, got, want[r])
			}
		}
		if err := Validate(HLL(h)); err != nil {
			t.Fatalf("bits %v: %v", bits, err)
		}
		// The one-pass histogram reads the values getRegister reads.
		var hist, wantHist [hllMaxValue + 1]uint32
		h.hllHistogram(&hist)
		for r := uint32(0); r < n; r++ {
			wantHist[h.hllVal(h.getRegister(r))]++
		}
		if hist != wantHist {
			t.Fatalf("bits %v: histogram %v, want %v", bits, hist, wantHist)
		}
	}
}

// element returns the bytes the server hashes for v: its compact
// MessagePack form, as the client packs it.
func element(t testing.TB, v any) []byte {
	b, err := msgpack.Append(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEstimatesWithinServerBounds(t *testing.T) {
	t.Parallel()
	for _, bits := range [][2]int{{8, 0}, {10, 20}, {14, 0}, {16, 8}} {
		for _, n := range []int{0, 1, 10, 1000, 50000} {
			h := sketch(New(bits[0], bits[1]))
			for i := 0; i < n; i++ {
				h.add(element(t, fmt.Sprintf("v%d", i)))
			}
			got := float64(h.estimate())
			// HLL's standard error is 1.04/sqrt(2^index bits); allow 4 of it.
			bound := 4 * 1.04 / math.Sqrt(float64(uint(1)<<bits[0]))
			if math.Abs(got-float64(n)) > bound*float64(n)+1 {
				t.Errorf("bits %v: %d values estimated %v", bits, n, got)
			}
		}
	}
}

func TestIntersectAndSimilarity(t *testing.T) {
	t.Parallel()
	for _, mb := range []int{0, 16} {
		a, b := sketch(New(12, mb)), sketch(New(12, mb))
		for i := 0; i < 2000; i++ {
			a.add(element(t, int64(i)))
		}
		for i := 1000; i < 3000; i++ {
			b.add(element(t, int64(i)))
		}
		inter := float64(estimateIntersect([]sketch{a, b}))
		sim := estimateSimilarity([]sketch{a, b})
		if math.Abs(inter-1000) > 250 {
			t.Errorf("minhash %d: intersect %v, want about 1000", mb, inter)
		}
		if math.Abs(sim-1.0/3) > 0.1 {
			t.Errorf("minhash %d: similarity %v, want about 0.33", mb, sim)
		}
		if u := float64(estimateUnion([]sketch{a, b})); math.Abs(u-3000) > 200 {
			t.Errorf("minhash %d: union %v, want about 3000", mb, u)
		}
	}
	// hmh_estimate_similarity: an empty sketch beside a full one is 0, two
	// empty ones NaN.
	e1, e2, full := sketch(New(8, 8)), sketch(New(8, 8)), sketch(New(8, 8))
	full.add(element(t, "x"))
	if s := estimateSimilarity([]sketch{e1, full}); s != 0 {
		t.Errorf("similarity with an empty sketch = %v, want 0", s)
	}
	if s := estimateSimilarity([]sketch{e1, e2}); !math.IsNaN(s) {
		t.Errorf("similarity of two empty sketches = %v, want NaN", s)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	good := New(4, 0)
	tests := []struct {
		name string
		h    HLL
		ok   bool
	}{
		{"empty", HLL{}, false},
		{"good", good, true},
		{"flags", append(HLL{1}, good[1:]...), false},
		{"index bits 3", append(HLL{0, 3}, good[2:]...), false},
		{"minhash bits 2", append(HLL{0, 4, 2}, good[3:]...), false},
		{"short", good[:len(good)-1], false},
		{"long", append(append(HLL(nil), good...), 0), false},
		{"combined over 64", New(16, 48)[:0], false},
	}
	for _, tt := range tests {
		if err := Validate(tt.h); (err == nil) != tt.ok {
			t.Errorf("%s: Validate = %v", tt.name, err)
		}
	}
	if ValidBits(16, 49) || !ValidBits(13, 51) || ValidBits(4, 52) {
		t.Error("ValidBits does not follow validate_n_combined_bits")
	}
}

func TestPayloadRoundTrip(t *testing.T) {
	t.Parallel()
	h := New(4, 4)
	ops := []Op{
		Init("b", 10, DefaultBits, CreateOnly|NoFail),
		Add("b", []any{"a", 1, []byte{1, 2}, 2.5, true, nil}, 8, 0, WriteDefault),
		SetUnion("b", []HLL{h, New(5, 0)}, AllowFold),
		RefreshCount("b"), Fold("b", 6), GetCount("b"),
		GetUnion("b", []HLL{h}), GetUnionCount("b", []HLL{h}),
		GetIntersectCount("b", []HLL{h}), GetSimilarity("b", []HLL{h}),
		Describe("b"), MayContain("b", []any{"x"}),
	}
	for _, op := range ops {
		p, err := op.Payload()
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		back, err := Decode("b", p)
		if err != nil {
			t.Fatalf("%s: decode: %v", op, err)
		}
		if !reflect.DeepEqual(back.Args, op.Args) && !(len(op.Args) == 0 && len(back.Args) == 0) {
			t.Errorf("%s: args came back as %v", op, back.Args)
		}
		if back.Code != op.Code {
			t.Errorf("%s: code came back as %s", op, back.Code)
		}
		p2, _ := back.Payload()
		if !bytes.Equal(p, p2) {
			t.Errorf("%s: payload not stable", op)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	for _, p := range [][]byte{nil, {0x90}, {0x91, 0xc0}, {0x92, 0x01}, {0x92, 0x01, 0x91, 0xd9, 0x05}, {0x91, 0x01, 0x00}} {
		if _, err := Decode("b", p); !errors.Is(err, ErrPayload) {
			t.Errorf("Decode(% x) = %v, want ErrPayload", p, err)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	t.Parallel()
	op := Add("b", []any{struct{}{}}, 8, 0, 0)
	if op.Err() == nil {
		t.Fatal("Add of a struct has no error")
	}
	if _, err := op.Payload(); err == nil {
		t.Fatal("Payload of a bad op has no error")
	}
}

func FuzzDecode(f *testing.F) {
	for _, op := range []Op{Init("b", 8, 0, 0), Add("b", []any{"a", int64(1)}, 8, 4, 0), SetUnion("b", []HLL{New(4, 0)}, 0), GetSimilarity("b", []HLL{New(4, 4)})} {
		p, _ := op.Payload()
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		op, err := Decode("b", p)
		if err != nil {
			if !errors.Is(err, ErrPayload) {
				t.Fatalf("error %v does not wrap ErrPayload", err)
			}
			return
		}
		if _, err := op.Payload(); err != nil {
			t.Fatalf("decoded op %s does not re-encode: %v", op, err)
		}
	})
}
