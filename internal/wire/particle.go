package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
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
var (
	ErrValue       = errors.New("wire: bad value")
	ErrUnsupported = errors.New("wire: unsupported value type")
)

func valueErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrValue, fmt.Sprintf(format, args...))
}

// maxDepth bounds the nesting of lists and maps, so that a hostile value
// cannot exhaust the stack.
const maxDepth = 128

// DecodeParticle decodes a bin value of particle type t into a canonical
// value: nil, bool, int64, float64, string, []byte, []any or map[any]any
// (client value.go bytesToParticle). The result never aliases data.
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
		d := decoder{b: data}
		v, err := d.value(0, false)
		if err != nil {
			return nil, err
		}
		if d.off != len(data) {
			return nil, valueErr("%d trailing bytes after a packed value", len(data)-d.off)
		}
		switch v.(type) {
		case []any:
			if t != ParticleList {
				return nil, valueErr("map particle holds a list")
			}
		case map[any]any:
			if t != ParticleMap {
				return nil, valueErr("list particle holds a map")
			}
		default:
			return nil, valueErr("list or map particle holds a %T", v)
		}
		return v, nil
	case ParticleGeoJSON:
		return nil, fmt.Errorf("%w: GeoJSON", ErrUnsupported)
	case ParticleHLL:
		return nil, fmt.Errorf("%w: HyperLogLog", ErrUnsupported)
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
	case float64:
		return ParticleFloat, binary.BigEndian.AppendUint64(nil, math.Float64bits(x)), nil
	case string:
		return ParticleString, []byte(x), nil
	case []byte:
		return ParticleBlob, x, nil
	case bool:
		if x {
			return ParticleBool, []byte{1}, nil
		}
		return ParticleBool, []byte{0}, nil
	case []any:
		b, err := appendPacked(nil, x, 0)
		return ParticleList, b, err
	case map[any]any:
		b, err := appendPacked(nil, x, 0)
		return ParticleMap, b, err
	}
	return 0, nil, valueErr("cannot encode a %T", v)
}

// Pack encodes a canonical value as MessagePack, as the client's packer
// does (strings and blobs as str with a leading particle type byte).
func Pack(v any) ([]byte, error) { return appendPacked(nil, v, 0) }

func appendPacked(b []byte, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, valueErr("value nested deeper than %d", maxDepth)
	}
	switch x := v.(type) {
	case nil:
		return append(b, 0xc0), nil
	case bool:
		if x {
			return append(b, 0xc3), nil
		}
		return append(b, 0xc2), nil
	case int:
		return appendInt(b, int64(x)), nil
	case int64:
		return appendInt(b, x), nil
	case float64:
		b = append(b, 0xcb)
		return binary.BigEndian.AppendUint64(b, math.Float64bits(x)), nil
	case string:
		b = appendStrHeader(b, len(x)+1)
		b = append(b, ParticleString)
		return append(b, x...), nil
	case []byte:
		b = appendStrHeader(b, len(x)+1)
		b = append(b, ParticleBlob)
		return append(b, x...), nil
	case []any:
		n := len(x)
		switch {
		case n < 16:
			b = append(b, 0x90|byte(n))
		case n <= math.MaxUint16:
			b = append(b, 0xdc)
			b = binary.BigEndian.AppendUint16(b, uint16(n))
		default:
			b = append(b, 0xdd)
			b = binary.BigEndian.AppendUint32(b, uint32(n))
		}
		var err error
		for _, e := range x {
			if b, err = appendPacked(b, e, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	case map[any]any:
		n := len(x)
		switch {
		case n < 16:
			b = append(b, 0x80|byte(n))
		case n <= math.MaxUint16:
			b = append(b, 0xde)
			b = binary.BigEndian.AppendUint16(b, uint16(n))
		default:
			b = append(b, 0xdf)
			b = binary.BigEndian.AppendUint32(b, uint32(n))
		}
		// Keys in a stable order, so that replies are deterministic.
		keys := make([]any, 0, n)
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return lessKey(keys[i], keys[j]) })
		var err error
		for _, k := range keys {
			if b, err = appendPacked(b, k, depth+1); err != nil {
				return nil, err
			}
			if b, err = appendPacked(b, x[k], depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, valueErr("cannot pack a %T", v)
}

// lessKey orders map keys as the server orders them: integers, then floats,
// then strings.
func lessKey(a, b any) bool {
	ra, rb := keyRank(a), keyRank(b)
	if ra != rb {
		return ra < rb
	}
	switch x := a.(type) {
	case int64:
		return x < b.(int64)
	case float64:
		return x < b.(float64)
	case string:
		return x < b.(string)
	}
	return false
}

func keyRank(k any) int {
	switch k.(type) {
	case int64:
		return 0
	case float64:
		return 1
	case string:
		return 2
	}
	return 3
}

func appendStrHeader(b []byte, n int) []byte {
	switch {
	case n < 32:
		return append(b, 0xa0|byte(n))
	case n < 256:
		return append(b, 0xd9, byte(n))
	case n <= math.MaxUint16:
		b = append(b, 0xda)
		return binary.BigEndian.AppendUint16(b, uint16(n))
	}
	b = append(b, 0xdb)
	return binary.BigEndian.AppendUint32(b, uint32(n))
}

func appendInt(b []byte, v int64) []byte {
	switch {
	case v >= 0 && v < 128:
		return append(b, byte(v))
	case v < 0 && v >= -32:
		return append(b, byte(v))
	case v >= math.MinInt8 && v <= math.MaxInt8:
		return append(b, 0xd0, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		b = append(b, 0xd1)
		return binary.BigEndian.AppendUint16(b, uint16(v))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		b = append(b, 0xd2)
		return binary.BigEndian.AppendUint32(b, uint32(v))
	}
	b = append(b, 0xd3)
	return binary.BigEndian.AppendUint64(b, uint64(v))
}

// Unpack decodes one MessagePack value (as DecodeParticle does for a list
// or map particle) and reports the bytes it used.
func Unpack(b []byte) (any, int, error) {
	d := decoder{b: b}
	v, err := d.value(0, false)
	return v, d.off, err
}

type decoder struct {
	b   []byte
	off int
}

// errExt marks an extension value: the header of an ordered list or map,
// which the client's unpacker skips (unpacker.go errSkipHeader).
var errExt = errors.New("ext")

func (d *decoder) need(n int) error {
	if n < 0 || len(d.b)-d.off < n {
		return valueErr("truncated packed value at offset %d (need %d bytes, %d left)", d.off, n, len(d.b)-d.off)
	}
	return nil
}

func (d *decoder) u8() (uint8, error) {
	if err := d.need(1); err != nil {
		return 0, err
	}
	d.off++
	return d.b[d.off-1], nil
}

func (d *decoder) uN(n int) (uint64, error) {
	if err := d.need(n); err != nil {
		return 0, err
	}
	var v uint64
	for _, c := range d.b[d.off : d.off+n] {
		v = v<<8 | uint64(c)
	}
	d.off += n
	return v, nil
}

func (d *decoder) value(depth int, mapKey bool) (any, error) {
	if depth > maxDepth {
		return nil, valueErr("packed value nested deeper than %d", maxDepth)
	}
	t, err := d.u8()
	if err != nil {
		return nil, err
	}
	switch {
	case t <= 0x7f:
		return int64(t), nil
	case t >= 0xe0:
		return int64(int8(t)), nil
	case t&0xf0 == 0x80:
		return d.mapOf(int(t&0x0f), depth)
	case t&0xf0 == 0x90:
		return d.listOf(int(t&0x0f), depth)
	case t&0xe0 == 0xa0:
		return d.raw(int(t & 0x1f))
	}
	switch t {
	case 0xc0:
		return nil, nil
	case 0xc2:
		return false, nil
	case 0xc3:
		return true, nil
	case 0xca:
		v, err := d.uN(4)
		return float64(math.Float32frombits(uint32(v))), err
	case 0xcb:
		v, err := d.uN(8)
		return math.Float64frombits(v), err
	case 0xcc, 0xcd, 0xce:
		v, err := d.uN(1 << (t - 0xcc))
		return int64(v), err
	case 0xcf:
		v, err := d.uN(8)
		if err != nil {
			return nil, err
		}
		if v > math.MaxInt64 {
			return nil, valueErr("unsigned integer %d overflows int64", v)
		}
		return int64(v), nil
	case 0xd0:
		v, err := d.uN(1)
		return int64(int8(v)), err
	case 0xd1:
		v, err := d.uN(2)
		return int64(int16(v)), err
	case 0xd2:
		v, err := d.uN(4)
		return int64(int32(v)), err
	case 0xd3:
		v, err := d.uN(8)
		return int64(v), err
	case 0xc4, 0xd9, 0xc5, 0xda, 0xc6, 0xdb:
		var w int
		switch t {
		case 0xc4, 0xd9:
			w = 1
		case 0xc5, 0xda:
			w = 2
		default:
			w = 4
		}
		n, err := d.uN(w)
		if err != nil {
			return nil, err
		}
		if n > uint64(len(d.b)) {
			return nil, valueErr("packed string of %d bytes exceeds the value", n)
		}
		return d.raw(int(n))
	case 0xdc, 0xdd:
		n, err := d.uN(2 << (t - 0xdc))
		if err != nil {
			return nil, err
		}
		if n > uint64(len(d.b)) {
			return nil, valueErr("packed list of %d elements exceeds the value", n)
		}
		return d.listOf(int(n), depth)
	case 0xde, 0xdf:
		n, err := d.uN(2 << (t - 0xde))
		if err != nil {
			return nil, err
		}
		if n > uint64(len(d.b)) {
			return nil, valueErr("packed map of %d entries exceeds the value", n)
		}
		return d.mapOf(int(n), depth)
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		return nil, d.skipExt(1 + 1<<(t-0xd4))
	case 0xc7, 0xc8, 0xc9:
		n, err := d.uN(1 << (t - 0xc7))
		if err != nil {
			return nil, err
		}
		if n > uint64(len(d.b)) {
			return nil, valueErr("packed extension of %d bytes exceeds the value", n)
		}
		return nil, d.skipExt(1 + int(n))
	}
	return nil, valueErr("unknown MessagePack type 0x%02x at offset %d", t, d.off-1)
}

func (d *decoder) skipExt(n int) error {
	if err := d.need(n); err != nil {
		return err
	}
	d.off += n
	return errExt
}

func (d *decoder) raw(n int) (any, error) {
	if err := d.need(n); err != nil {
		return nil, err
	}
	if n == 0 {
		return "", nil
	}
	p := d.b[d.off : d.off+n]
	d.off += n
	switch p[0] {
	case ParticleString:
		return string(p[1:]), nil
	case ParticleBlob:
		return append([]byte{}, p[1:]...), nil
	case ParticleGeoJSON:
		return nil, fmt.Errorf("%w: GeoJSON in a list or map", ErrUnsupported)
	}
	return nil, valueErr("packed string with particle type %d", p[0])
}

func (d *decoder) listOf(n int, depth int) (any, error) {
	if err := d.need(n); err != nil { // every element takes a byte at least
		return nil, err
	}
	out := make([]any, 0, n)
	for i := 0; i < n; i++ {
		v, err := d.value(depth+1, false)
		if err == errExt {
			if i == 0 {
				continue // list order header (client unpacker.go unpackList)
			}
			return nil, valueErr("extension value inside a list")
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (d *decoder) mapOf(n int, depth int) (any, error) {
	if err := d.need(2 * n); err != nil { // every entry takes two bytes at least
		return nil, err
	}
	out := make(map[any]any, min(n, 1024))
	for i := 0; i < n; i++ {
		k, err := d.value(depth+1, true)
		if err == errExt && i == 0 {
			// map order header (client unpacker.go unpackMap): skip its value.
			if _, err := d.value(depth+1, false); err != nil && err != errExt {
				return nil, err
			}
			continue
		}
		if err == errExt {
			return nil, valueErr("extension value as a map key")
		}
		if err != nil {
			return nil, err
		}
		switch k.(type) {
		case int64, float64, string:
		default:
			return nil, valueErr("map key of type %T (want integer, float or string)", k)
		}
		v, err := d.value(depth+1, false)
		if err == errExt {
			return nil, valueErr("extension value as a map value")
		}
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}
