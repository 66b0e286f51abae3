package aerotest

import (
	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/wire"
)

// bitOperation decodes a bit operation from its wire op (the client's
// msgpack payload, bitop.Decode). The server takes the payload only with
// the blob particle type (particle_blob.c as_bin_bits_modify_tr,
// as_bin_bits_read_tr: AS_ERR_INCOMPATIBLE_TYPE otherwise), and answers a
// payload that does not decode with PARAMETER_ERROR (bits_state_init).
// The particle type is checked before the bin, so that a read of a missing
// bin with another particle type is refused here where the server returns
// nothing; the client always sends the blob type.
func bitOperation(o wire.Op) (driver.Operation, error) {
	if o.ParticleType != wire.ParticleBlob {
		return driver.Operation{}, fail(driver.BinTypeError, "bin %q: bit operation payload of particle type %d, want a blob", o.Name, o.ParticleType)
	}
	op, err := bitop.Decode(o.Name, o.Value)
	if err != nil {
		return driver.Operation{}, fail(driver.ParameterError, "bin %q: %v", o.Name, err)
	}
	t := driver.OpBitRead
	if o.Op == wire.OpBitModify {
		t = driver.OpBitModify
	}
	return driver.Operation{Type: t, Bin: o.Name, Value: op}, nil
}
