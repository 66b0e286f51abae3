package bitop

import (
	"errors"
	"fmt"

	"github.com/aerokit/aero/internal/msgpack"
	"github.com/aerokit/aero/internal/opspec"
)

// ErrPayload is wrapped by Decode's errors and Payload's: a payload the
// server refuses with PARAMETER_ERROR.
var ErrPayload = errors.New("bitop: malformed operation payload")

// Payload returns the operation's wire form, as the client packs it
// (cdt_bitwise.go packCDTBitIfcVarParamsAsArray): [code, args...], a
// buffer packed as a blob (a str whose first byte is the blob particle
// type).
func (o Op) Payload() ([]byte, error) {
	b := msgpack.AppendArrayHeader(nil, len(o.Args)+1)
	b = msgpack.AppendInt(b, int64(o.Code))
	for i, a := range o.Args {
		switch a.(type) {
		case int64, bool, []byte:
		default:
			return nil, fmt.Errorf("%w: %s on bin %q: argument %d is a %T, want an int64, bool or []byte", ErrPayload, o.Code, o.Bin, i+1, a)
		}
		var err error
		if b, err = msgpack.Append(b, a); err != nil {
			return nil, fmt.Errorf("%w: %s on bin %q: argument %d: %v", ErrPayload, o.Code, o.Bin, i+1, err)
		}
	}
	return b, nil
}

// Decode reads an operation on bin from its wire form as the server does
// (particle_blob.c bits_state_init, bits_parse_op): an array holding the
// operation code and its arguments, a buffer argument read as raw bytes
// whose first byte (the particle type) is dropped (bits_parse_buf). It
// checks the form, not the values: the engine does, as the server does
// when it parses the operation. Bytes after the array are ignored, as the
// server reads only the array's elements. Errors wrap ErrPayload.
func Decode(bin string, payload []byte) (Op, error) {
	d := msgpack.NewDecoder(payload)
	op := Op{Bin: bin}
	n, err := d.ArrayHeader()
	if err != nil || n == 0 {
		return op, payloadErr("operation is not a non-empty array (%v)", err)
	}
	code, err := d.Int()
	if err != nil {
		return op, payloadErr("operation code: %v", err)
	}
	spec, ok := specs[OpCode(code)]
	if !ok || code < 0 {
		return op, payloadErr("unknown operation code %d", code)
	}
	op.Code = OpCode(code)
	op.Args = make([]any, 0, n-1)
	for i := 1; i < n; i++ {
		if i-1 < len(spec.Params) && spec.Params[i-1] == opspec.BitBuf {
			raw, err := d.Str()
			if err != nil {
				return op, payloadErr("%s argument %d: %v", op.Code, i, err)
			}
			if len(raw) < 1 {
				return op, payloadErr("%s argument %d: buffer of 0 bytes, want a particle type", op.Code, i)
			}
			// A buffer of the type byte only (an empty []byte) decodes
			// to an empty buffer: the server refuses it when the op runs
			// (bits_parse_buf, "parsed invalid buffer", PARAMETER_ERROR),
			// after the record checks (a CREATE_ONLY write of an existing
			// record is KEY_EXISTS_ERROR first), and so does the engine.
			op.Args = append(op.Args, append([]byte{}, raw[1:]...))
			continue
		}
		v, err := d.Value()
		if err != nil {
			return op, payloadErr("%s argument %d: %v", op.Code, i, err)
		}
		op.Args = append(op.Args, v)
	}
	return op, nil
}

func payloadErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrPayload, fmt.Sprintf(format, args...))
}
