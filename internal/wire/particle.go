package wire

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// Particle types (client types/particle_type).
const (
	ParticleNull    = 0
	ParticleInteger = 1
	ParticleFloat   = 2
	ParticleString  = 3
	ParticleBlob    = 4
	ParticleDigest  = 6
	ParticleBool    = 17
	ParticleHLL     = 18
	ParticleMap     = 19
	ParticleList    = 20
	ParticleGeoJSON = 23
)

// ErrValue is wrapped by errors about a value the server would refuse with
// PARAMETER_ERROR; ErrUnsupported by values of a type this server does not
// implement (UNSUPPORTED_FEATURE).
// They are the msgpack package's errors, so that a packed value's fault is
// classified the same way wherever it is decoded.
var (
	ErrValue       = msgpack.ErrValue
	ErrUnsupported = msgpack.ErrUnsupported
)

func valueErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrValue, fmt.Sprintf(format, args...))
}

// DecodeParticle decodes a bin value of particle type t into a canonical
// value: nil, bool, int64, float64, string, []byte, []any or map[any]any,
// or a msgpack.OrderedList or msgpack.OrderedMap for a list or map stored
// with an order header (client value.go bytesToParticle) or for an
// unordered map packed out of key order (kept in its stored order). The result never
// aliases data.
func DecodeParticle(t uint8, data []byte) (any, error) {
	switch t {
	case ParticleNull:
		return nil, nil
	case ParticleInteger:
		if len(data) != 8 {
			return nil, valueErr("integer particle of %d bytes, want 8", len(data))
		}
		return int64(binary.BigEndian.Uint64(data)), nil
	case ParticleFloat:
		if len(data) != 8 {
			return nil, valueErr("float particle of %d bytes, want 8", len(data))
		}
		return math.Float64frombits(binary.BigEndian.Uint64(data)), nil
	case ParticleString:
		return string(data), nil
	case ParticleBlob:
		return append([]byte{}, data...), nil
	case ParticleBool:
		if len(data) != 1 {
			return nil, valueErr("bool particle of %d bytes, want 1", len(data))
		}
		return data[0] != 0, nil
	case ParticleList, ParticleMap:
		d := msgpack.NewDecoder(data)
		d.StoredOrder = true
		v, err := d.Value()
		if err != nil {
			return nil, err
		}
		if n := d.Offset(); n != len(data) {
			return nil, valueErr("%d trailing bytes after a packed value", len(data)-n)
		}
		switch v.(type) {
		case []any, msgpack.OrderedList:
			if t != ParticleList {
				return nil, valueErr("map particle holds a list")
			}
		case map[any]any, msgpack.OrderedMap:
			if t != ParticleMap {
				return nil, valueErr("list particle holds a map")
			}
		default:
			return nil, valueErr("list or map particle holds a %T", v)
		}
		return v, nil
	case ParticleGeoJSON:
		return decodeGeoJSON(data)
	case ParticleHLL:
		// The engine checks the particle as hll_from_wire does
		// (particle_hll.c) when it is written.
		return driver.HLL(append([]byte(nil), data...)), nil
	}
	return nil, fmt.Errorf("%w: particle type %d", ErrUnsupported, t)
}

// EncodeParticle encodes a canonical value as a particle.
func EncodeParticle(v any) (uint8, []byte, error) {
	switch x := v.(type) {
	case nil:
		return ParticleNull, nil, nil
	case int64:
		return ParticleInteger, binary.BigEndian.AppendUint64(nil, uint64(x)), nil
	case int:
		return ParticleInteger, binary.BigEndian.AppendUint64(nil, uint64(x)), nil
	case uint64:
		// A list or map element above math.MaxInt64 returned alone (a CDT
		// read's result): an integer particle of its bits, as the client
		// reads it anyway (unpacker.go 0xcf).
		return ParticleInteger, binary.BigEndian.AppendUint64(nil, x), nil
	case float64:
		return ParticleFloat, binary.BigEndian.AppendUint64(nil, math.Float64bits(x)), nil
	case string:
		return ParticleString, []byte(x), nil
	case []byte:
		return ParticleBlob, x, nil
	case driver.HLL:
		return ParticleHLL, x, nil
	case driver.GeoJSON:
		return ParticleGeoJSON, encodeGeoJSON(x), nil
	case bool:
		if x {
			return ParticleBool, []byte{1}, nil
		}
		return ParticleBool, []byte{0}, nil
	case []any, msgpack.OrderedList:
		b, err := msgpack.Pack(x)
		return ParticleList, b, err
	case map[any]any, msgpack.OrderedMap:
		b, err := msgpack.Pack(x)
		return ParticleMap, b, err
	}
	return 0, nil, valueErr("cannot encode a %T", v)
}
