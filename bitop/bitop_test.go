package bitop

import (
	"errors"
	"reflect"
	"testing"
)

// Every builder's payload decodes back to the same operation: the wire
// form the client sends (cdt_bitwise.go) is the one Decode reads.
func TestPayloadRoundTrip(t *testing.T) {
	t.Parallel()
	ops := []Op{
		Resize(WriteCreateOnly, "b", 4, ResizeFromFront|ResizeGrowOnly),
		Insert(WriteDefault, "b", 1, []byte{0x0A}),
		Remove(WriteUpdateOnly|WritePartial, "b", 1, 2),
		Set(WriteDefault, "b", 3, 5, []byte{0xF8}),
		Or(WriteNoFail, "b", 0, 8, []byte{0x01}),
		Xor(WriteDefault, "b", 0, 8, []byte{0x01}),
		And(WriteDefault, "b", 0, 8, []byte{0x01}),
		Not(WriteDefault, "b", -8, 8),
		LShift(WriteDefault, "b", 0, 16, 3),
		RShift(WriteDefault, "b", 0, 16, 3),
		Add(WriteDefault, "b", 0, 64, -5, true, OverflowSaturate),
		Subtract(WriteDefault, "b", 0, 8, 1, false, OverflowWrap),
		SetInt(WriteDefault, "b", 0, 8, 0x7F),
		Get("b", 1, 9),
		Count("b", 0, 16),
		LScan("b", 0, 16, true),
		RScan("b", 0, 16, false),
		GetInt("b", 0, 8, true),
		GetInt("b", 0, 8, false),
	}
	for _, op := range ops {
		p, err := op.Payload()
		if err != nil {
			t.Fatalf("%s: Payload: %v", op, err)
		}
		got, err := Decode("b", p)
		if err != nil {
			t.Fatalf("%s: Decode: %v", op, err)
		}
		if !reflect.DeepEqual(got, op) {
			t.Errorf("round trip of %s gives %s", op, got)
		}
		if op.IsWrite() != (op.Code < OpGet) {
			t.Errorf("%s: IsWrite %v", op, op.IsWrite())
		}
	}
}

// The client packs an Insert of 0x0A at byte 1 with default flags as
// [1, 1, <blob 0x0A>, 0] (cdt_bitwise.go BitInsertOp, packer.go: a []byte
// is a str whose first byte is the blob particle type, 4).
func TestPayloadBytes(t *testing.T) {
	t.Parallel()
	p, err := Insert(WriteDefault, "b", 1, []byte{0x0A}).Payload()
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0x94, 0x01, 0x01, 0xa2, 0x04, 0x0A, 0x00}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("payload % x, want % x", p, want)
	}
	if s := Insert(WriteDefault, "b", 1, []byte{0x0A}).String(); s != `bit_insert(bin "b", 1, 0x0a, 0)` {
		t.Errorf("String() = %s", s)
	}
}

// Payloads the server refuses in bits_state_init or when it reads the
// buffer (bits_parse_buf) do not decode.
func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		payload []byte
	}{
		{"empty", nil},
		{"not an array", []byte{0x01}},
		{"empty array", []byte{0x90}},
		{"unknown code", []byte{0x91, 0x20}},
		{"context wrapper", []byte{0x93, 0xcc, 0xff, 0x92, 0x10, 0x00, 0x91, 0x00}},
		{"truncated argument", []byte{0x92, 0x33, 0xcd}},
		{"buffer that is an integer", []byte{0x93, 0x01, 0x00, 0x05}},
		{"buffer without its type byte", []byte{0x93, 0x01, 0x00, 0xa0}},
	} {
		if _, err := Decode("b", tc.payload); !errors.Is(err, ErrPayload) {
			t.Errorf("%s: Decode error %v, want ErrPayload", tc.name, err)
		}
	}
	// A buffer of its type byte only decodes to an empty buffer: the
	// server refuses it when the op runs, after the record checks.
	if op, err := Decode("b", []byte{0x93, 0x01, 0x00, 0xa1, 0x04}); err != nil || len(op.Args) != 2 || len(op.Args[1].([]byte)) != 0 {
		t.Errorf("buffer with only its type byte: Decode = %v, %v; want an empty buffer", op, err)
	}
	if _, err := (Op{Bin: "b", Code: OpGet, Args: []any{1.5}}).Payload(); !errors.Is(err, ErrPayload) {
		t.Errorf("Payload of a float argument: %v", err)
	}
}

// FuzzDecode: any payload decodes or fails with ErrPayload, never panics;
// what decodes packs again to a payload that decodes to the same op.
func FuzzDecode(f *testing.F) {
	for _, op := range []Op{Set(WriteDefault, "b", 3, 5, []byte{0xF8}), Add(WriteDefault, "b", 0, 64, -5, true, OverflowSaturate), LScan("b", 0, 16, true), Resize(0, "b", 2, 0)} {
		p, _ := op.Payload()
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		op, err := Decode("b", payload)
		if err != nil {
			if !errors.Is(err, ErrPayload) {
				t.Fatalf("error %v does not wrap ErrPayload", err)
			}
			return
		}
		p, err := op.Payload()
		if err != nil {
			return // an argument of a type the builders never produce
		}
		again, err := Decode("b", p)
		if err != nil || !reflect.DeepEqual(again, op) {
			t.Fatalf("re-decoding %s: %v, %v", op, again, err)
		}
	})
}
