package aerotest

import (
	"reflect"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/wire"
)

// A bit payload the server cannot parse is PARAMETER_ERROR (particle_blob.c
// as_bin_bits_modify_tr, as_bin_bits_read_tr: bits_state_init or
// bits_parse_op fails), a payload of another particle type is
// INCOMPATIBLE_TYPE, and the record is left as it was.
func TestBitMalformedPayload(t *testing.T) {
	t.Parallel()
	s := NewServer(t)
	seed := driver.Bins{"l": []byte{1, 2}}
	if err := s.Put("test", "badbits", "k", seed); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		op      uint8
		ptype   uint8
		payload []byte
		want    driver.ResultCode
	}{
		{"empty", wire.OpBitModify, wire.ParticleBlob, nil, driver.ParameterError},
		{"not an array", wire.OpBitModify, wire.ParticleBlob, []byte{0x05}, driver.ParameterError},
		{"unknown op code", wire.OpBitModify, wire.ParticleBlob, []byte{0x91, 0x20}, driver.ParameterError},
		{"read op sent as modify", wire.OpBitModify, wire.ParticleBlob, []byte{0x93, 0x33, 0x00, 0x08}, driver.ParameterError},
		{"modify op sent as read", wire.OpBitRead, wire.ParticleBlob, []byte{0x93, 0x07, 0x00, 0x08}, driver.ParameterError},
		{"too few arguments", wire.OpBitModify, wire.ParticleBlob, []byte{0x92, 0x07, 0x00}, driver.ParameterError},
		{"truncated", wire.OpBitModify, wire.ParticleBlob, []byte{0x93, 0x07, 0x00}, driver.ParameterError},
		{"buffer of its type byte only", wire.OpBitModify, wire.ParticleBlob, []byte{0x94, 0x03, 0x00, 0x08, 0xa1, 0x04}, driver.ParameterError},
		{"context", wire.OpBitModify, wire.ParticleBlob, []byte{0x93, 0xcc, 0xff, 0x92, 0x10, 0x00, 0x93, 0x07, 0x00, 0x08}, driver.ParameterError},
		{"size zero", wire.OpBitModify, wire.ParticleBlob, []byte{0x93, 0x07, 0x00, 0x00}, driver.ParameterError},
		{"particle type not blob", wire.OpBitModify, wire.ParticleString, []byte{0x93, 0x07, 0x00, 0x08}, driver.BinTypeError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := cdtRequest(t, "badbits", "k", tt.op, tt.payload)
			req.Ops[0].ParticleType = tt.ptype
			_, err := s.single(req)
			if got := codeOf(err); got != uint8(tt.want) {
				t.Fatalf("result code %d (%v), want %d", got, err, tt.want)
			}
			rec, err := s.Get("test", "badbits", "k")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rec.Bins, seed) || rec.Generation != 1 {
				t.Fatalf("record changed: %v gen %d", rec.Bins, rec.Generation)
			}
		})
	}
}
