package aerotest

import (
	"reflect"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
	"github.com/aerokit/aero/internal/wire"
)

// hllRequest is a write (or read) request with one HLL op on bin "l" whose
// payload is given as is.
func hllRequest(t testing.TB, set string, opType uint8, payload []byte) *wire.Message {
	t.Helper()
	m := cdtRequest(t, set, "k", opType, payload)
	if opType == wire.OpHLLRead {
		m.Info2 = 0
		m.Info1 = wire.Info1Read
	}
	return m
}

// A payload the server cannot parse is PARAMETER_ERROR (particle_hll.c
// hll_state_init, hll_parse_op and the hll_parse_* functions), a malformed
// HLL bin value is PARAMETER_ERROR too (hll_from_wire), and the record is
// left as it was.
func TestHLLMalformedPayload(t *testing.T) {
	t.Parallel()
	s := NewServer(t)
	seed := driver.Bins{"l": hll.New(4, 0)}
	if err := s.Put("test", "badhll", "k", seed); err != nil {
		t.Fatal(err)
	}
	short := []byte{0x92, 0x33, 0xa4, 0x04, 0, 4, 0} // get_union of a 3-byte HLL
	tests := []struct {
		name    string
		op      uint8
		payload []byte
		want    driver.ResultCode
	}{
		{"empty", wire.OpHLLModify, nil, driver.ParameterError},
		{"empty array", wire.OpHLLModify, []byte{0x90}, driver.ParameterError},
		{"not an array", wire.OpHLLModify, []byte{0x05}, driver.ParameterError},
		{"truncated", wire.OpHLLModify, []byte{0x93, 0x00}, driver.ParameterError},
		{"unknown modify code", wire.OpHLLModify, []byte{0x91, 0x09}, driver.ParameterError},
		{"read code sent as modify", wire.OpHLLModify, []byte{0x91, 0x32}, driver.ParameterError},
		{"modify code sent as read", wire.OpHLLRead, []byte{0x91, 0x03}, driver.ParameterError},
		{"too many arguments", wire.OpHLLModify, []byte{0x95, 0x00, 0x08, 0x00, 0x00, 0x00}, driver.ParameterError},
		{"index bits 17", wire.OpHLLModify, []byte{0x94, 0x00, 0x11, 0x00, 0x00}, driver.ParameterError},
		{"index bits a string", wire.OpHLLModify, []byte{0x94, 0x00, 0xa2, 0x03, 0x61, 0x00, 0x00}, driver.ParameterError},
		{"negative flags", wire.OpHLLModify, []byte{0x94, 0x00, 0x08, 0x00, 0xff}, driver.ParameterError},
		{"add of no elements", wire.OpHLLModify, []byte{0x95, 0x01, 0x90, 0x08, 0x00, 0x00}, driver.ParameterError},
		{"add of a map element", wire.OpHLLModify, []byte{0x95, 0x01, 0x91, 0x80, 0x08, 0x00, 0x00}, driver.ParameterError},
		{"truncated HLL argument", wire.OpHLLRead, short, driver.ParameterError},
		{"union of an integer", wire.OpHLLRead, []byte{0x92, 0x33, 0x91, 0x01}, driver.ParameterError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.single(hllRequest(t, "badhll", tt.op, tt.payload))
			if got := codeOf(err); got != uint8(tt.want) {
				t.Fatalf("result code %d (%v), want %d", got, err, tt.want)
			}
			rec, err := s.Get("test", "badhll", "k")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rec.Bins, seed) || rec.Generation != 1 {
				t.Fatalf("record changed: %v gen %d", rec.Bins, rec.Generation)
			}
		})
	}
	// A malformed HLL value (hll_from_wire).
	bad := hll.New(4, 0)
	bad[0] = 1
	m := cdtRequest(t, "badhll", "k", wire.OpWrite, bad)
	m.Ops[0].ParticleType = wire.ParticleHLL
	if _, err := s.single(m); codeOf(err) != uint8(driver.ParameterError) {
		t.Fatalf("write of an HLL with flags: %v, want PARAMETER_ERROR", err)
	}
}

func FuzzHLLRequest(f *testing.F) {
	s := NewServer(f)
	h := hll.New(4, 4)
	for _, op := range []hll.Op{hll.Init("l", 8, 0, 0), hll.Add("l", []any{"a", 1}, 6, 4, 0), hll.SetUnion("l", []hll.HLL{h}, hll.AllowFold),
		hll.Fold("l", 4), hll.RefreshCount("l"), hll.GetSimilarity("l", []hll.HLL{h, h}), hll.Describe("l")} {
		b, err := op.Payload()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, op.IsWrite())
	}
	seed := driver.Bins{"l": hll.New(6, 4)}
	f.Fuzz(func(t *testing.T, payload []byte, modify bool) {
		if err := s.Put("test", "fzhll", "k", seed); err != nil {
			t.Fatal(err)
		}
		before, err := s.Get("test", "fzhll", "k")
		if err != nil {
			t.Fatal(err)
		}
		typ := uint8(wire.OpHLLRead)
		if modify {
			typ = wire.OpHLLModify
		}
		if _, err := s.single(hllRequest(t, "fzhll", typ, payload)); err != nil {
			after, gerr := s.Get("test", "fzhll", "k")
			if gerr != nil {
				t.Fatal(gerr)
			}
			if !reflect.DeepEqual(after.Bins, before.Bins) || after.Generation != before.Generation {
				t.Fatalf("failed op (%v) changed the record: %v -> %v", err, before.Bins, after.Bins)
			}
		}
	})
}
