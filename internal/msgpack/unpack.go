package msgpack

import (
	"fmt"
	"math"

	"github.com/aerokit/aero/internal/value"
)

// Unpack decodes one storage value from b and reports the bytes it used.
// Inf and Wildcard are refused, as the server refuses non-storage values in
// a bin (msgpack_in.c has_nonstorage).
func Unpack(b []byte) (any, int, error) {
	d := NewDecoder(b)
	v, err := d.Value()
	return v, d.off, err
}

// Decoder reads MessagePack values one by one from a buffer, as the server
// reads a CDT or expression payload. It never reads past the buffer and
// never allocates more than the buffer could hold.
type Decoder struct {
	b   []byte
	off int
	// NonStorage admits Inf and Wildcard, which only operation parameters
	// may hold.
	NonStorage bool
	// StoredOrder keeps a top-level unordered map whose keys do not come
	// in key order as an OrderedMap with Flags 0, in the order it was
	// packed (a stored value: the server keeps an unordered map as it was
	// written). Otherwise, for a map already in key order and for maps
	// nested in a list or map, it is a map[any]any (key order).
	StoredOrder bool
}

// NewDecoder returns a Decoder reading b from its start.
func NewDecoder(b []byte) *Decoder { return &Decoder{b: b} }

// Offset is the number of bytes consumed so far.
func (d *Decoder) Offset() int { return d.off }

// Len is the number of bytes left.
func (d *Decoder) Len() int { return len(d.b) - d.off }

// Value decodes the next value.
func (d *Decoder) Value() (any, error) { return d.value(0) }

// ArrayHeader reads the header of an array and returns its element count.
func (d *Decoder) ArrayHeader() (int, error) {
	t, err := d.u8()
	if err != nil {
		return 0, err
	}
	var n uint64
	switch {
	case t&0xf0 == 0x90:
		n = uint64(t & 0x0f)
	case t == 0xdc:
		n, err = d.uN(2)
	case t == 0xdd:
		n, err = d.uN(4)
	default:
		return 0, valueErr("want an array at offset %d, found type 0x%02x", d.off-1, t)
	}
	if err != nil {
		return 0, err
	}
	if n > uint64(d.Len()) {
		return 0, valueErr("array of %d elements exceeds the value", n)
	}
	return int(n), nil
}

// Int reads an integer.
func (d *Decoder) Int() (int64, error) {
	at := d.off
	v, err := d.Value()
	if err != nil {
		return 0, err
	}
	i, ok := v.(int64)
	if !ok {
		return 0, valueErr("want an integer at offset %d, found %T", at, v)
	}
	return i, nil
}

// PeekNil reports whether the next value is nil, without consuming it.
func (d *Decoder) PeekNil() bool { return d.off < len(d.b) && d.b[d.off] == 0xc0 }

// PeekExt reports whether the next value is an extension header (an order
// header or an Inf or Wildcard), without consuming it.
func (d *Decoder) PeekExt() bool {
	if d.off >= len(d.b) {
		return false
	}
	t := d.b[d.off]
	return t == 0xc7 || t == 0xc8 || t == 0xc9 || (t >= 0xd4 && t <= 0xd8)
}

// Skip consumes the next value whatever it is, extensions included, and
// returns its bytes.
func (d *Decoder) Skip() ([]byte, error) {
	at := d.off
	if err := d.skip(0); err != nil {
		return nil, err
	}
	return d.b[at:d.off], nil
}

func (d *Decoder) need(n int) error {
	if n < 0 || len(d.b)-d.off < n {
		return valueErr("truncated packed value at offset %d (need %d bytes, %d left)", d.off, n, len(d.b)-d.off)
	}
	return nil
}

func (d *Decoder) u8() (uint8, error) {
	if err := d.need(1); err != nil {
		return 0, err
	}
	d.off++
	return d.b[d.off-1], nil
}

func (d *Decoder) uN(n int) (uint64, error) {
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

// ext is an extension value as read: its type byte and contents.
type ext struct {
	typ  uint8
	data []byte
}

func (d *Decoder) value(depth int) (any, error) {
	v, err := d.any(depth)
	if err != nil {
		return nil, err
	}
	if e, ok := v.(ext); ok {
		return nil, valueErr("extension value of type %d where a value belongs", e.typ)
	}
	return v, nil
}

// any decodes the next value; an extension other than Inf and Wildcard is
// returned as an ext for the container decoders to interpret.
func (d *Decoder) any(depth int) (any, error) {
	if depth > MaxDepth {
		return nil, valueErr("packed value nested deeper than %d", MaxDepth)
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
			// The server keeps a uint64 above math.MaxInt64 as it is in a
			// list or map (msgpack_in.c: MSGPACK_TYPE_INT covers 0xcf):
			// it orders as a non-negative integer above every int64.
			return v, nil
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
		w := 4
		switch t {
		case 0xc4, 0xd9:
			w = 1
		case 0xc5, 0xda:
			w = 2
		}
		n, err := d.uN(w)
		if err != nil {
			return nil, err
		}
		if n > uint64(d.Len()) {
			return nil, valueErr("packed string of %d bytes exceeds the value", n)
		}
		return d.raw(int(n))
	case 0xdc, 0xdd:
		n, err := d.uN(2 << (t - 0xdc))
		if err != nil {
			return nil, err
		}
		if n > uint64(d.Len()) {
			return nil, valueErr("packed list of %d elements exceeds the value", n)
		}
		return d.listOf(int(n), depth)
	case 0xde, 0xdf:
		n, err := d.uN(2 << (t - 0xde))
		if err != nil {
			return nil, err
		}
		if n > uint64(d.Len()) {
			return nil, valueErr("packed map of %d entries exceeds the value", n)
		}
		return d.mapOf(int(n), depth)
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		return d.ext(1 << (t - 0xd4))
	case 0xc7, 0xc8, 0xc9:
		n, err := d.uN(1 << (t - 0xc7))
		if err != nil {
			return nil, err
		}
		if n > uint64(d.Len()) {
			return nil, valueErr("packed extension of %d bytes exceeds the value", n)
		}
		return d.ext(int(n))
	}
	return nil, valueErr("unknown MessagePack type 0x%02x at offset %d", t, d.off-1)
}

// ext reads an extension's type byte and n bytes of contents. The server's
// comparison values are an extension of type 0xff holding one byte
// (msgpack_in.c msgpack_cmp_parse: CMP_EXT_TYPE, CMP_WILDCARD, CMP_INF).
func (d *Decoder) ext(n int) (any, error) {
	if err := d.need(1 + n); err != nil {
		return nil, err
	}
	e := ext{typ: d.b[d.off], data: d.b[d.off+1 : d.off+1+n]}
	d.off += 1 + n
	if e.typ == extType && n == 1 && (e.data[0] == extInf || e.data[0] == extWildcard) {
		if !d.NonStorage {
			return nil, valueErr("infinity or wildcard in a stored value")
		}
		if e.data[0] == extInf {
			return Inf{}, nil
		}
		return Wildcard{}, nil
	}
	return e, nil
}

func (d *Decoder) raw(n int) (any, error) {
	if err := d.need(n); err != nil {
		return nil, err
	}
	if n == 0 {
		// A str without a particle type byte is BYTES to the server
		// (msgpack_in.c bytes_internal_to_type).
		return []byte{}, nil
	}
	p := d.b[d.off : d.off+n]
	d.off += n
	switch p[0] {
	case typeString:
		return string(p[1:]), nil
	case typeBlob:
		return append([]byte{}, p[1:]...), nil
	case typeGeoJSON:
		// particle_geojson.c geojson_from_msgpack: the JSON text, not
		// parsed until a geo index or expression reads it.
		return value.GeoJSON(p[1:]), nil
	}
	return nil, valueErr("packed string with particle type %d", p[0])
}

func (d *Decoder) listOf(n int, depth int) (any, error) {
	if err := d.need(n); err != nil { // every element takes a byte at least
		return nil, err
	}
	out := make([]any, 0, n)
	ordered := false
	for i := 0; i < n; i++ {
		v, err := d.any(depth + 1)
		if err != nil {
			return nil, err
		}
		if e, ok := v.(ext); ok {
			if i != 0 {
				return nil, valueErr("extension value inside a list")
			}
			// The order header (particle_list.c list_pack_header; the
			// client's unpacker.go unpackList skips it).
			ordered = e.typ&ListOrdered != 0
			continue
		}
		out = append(out, v)
	}
	if ordered {
		return OrderedList(out), nil
	}
	return out, nil
}

func (d *Decoder) mapOf(n int, depth int) (any, error) {
	if err := d.need(2 * n); err != nil { // every entry takes two bytes at least
		return nil, err
	}
	var flags uint8
	var pairs, stored []Pair
	var out map[any]any
	unsorted := false
	for i := 0; i < n; i++ {
		k, err := d.any(depth + 1)
		if err != nil {
			return nil, err
		}
		if e, ok := k.(ext); ok {
			if i != 0 {
				return nil, valueErr("extension value as a map key")
			}
			// The order header and its nil value (particle_map.c
			// map_pack_header; client unpacker.go isMapCDT).
			if _, err := d.any(depth + 1); err != nil {
				return nil, err
			}
			flags = e.typ
			if flags != 0 {
				pairs = make([]Pair, 0, n-1)
			}
			continue
		}
		switch x := k.(type) {
		case int64, string, uint64: // a uint64 only above math.MaxInt64
		case float64:
			if x != x {
				// A NaN key is never equal to itself, so a Go map could
				// neither find it again nor see a second one as a
				// duplicate: refused rather than silently mangled.
				return nil, valueErr("map key NaN (a NaN key cannot be looked up)")
			}
		case []byte:
			k = NewBlobKey(x) // a blob key (particle_map.c map_is_key)
		default:
			return nil, valueErr("map key of type %s (want integer, float, string or blob)", typeName(k))
		}
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if pairs != nil {
			pairs = append(pairs, Pair{Key: k, Value: v})
			continue
		}
		if out == nil {
			out = make(map[any]any, min(n, 1024))
		}
		if d.StoredOrder && depth == 0 {
			if len(stored) > 0 && Compare(stored[len(stored)-1].Key, k) >= 0 {
				unsorted = true
			}
			stored = append(stored, Pair{Key: k, Value: v})
		}
		out[k] = v
	}
	if pairs != nil {
		return OrderedMap{Flags: flags, Pairs: pairs}, nil
	}
	if unsorted {
		return OrderedMap{Pairs: stored}, nil
	}
	if out == nil {
		out = map[any]any{}
	}
	return out, nil
}

// skip consumes one value without keeping it.
func (d *Decoder) skip(depth int) error {
	_, err := d.any(depth)
	return err
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case Inf:
		return "infinity"
	case Wildcard:
		return "wildcard"
	case []byte:
		return "blob"
	case []any, OrderedList:
		return "list"
	case map[any]any, OrderedMap:
		return "map"
	case bool:
		return "bool"
	}
	return fmt.Sprintf("%T", v)
}
