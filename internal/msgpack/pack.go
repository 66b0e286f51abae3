package msgpack

import (
	"encoding/binary"
	"math"
	"sort"

	"github.com/aerokit/aero/internal/value"
)

// Pack encodes a canonical value as MessagePack.
func Pack(v any) ([]byte, error) { return Append(nil, v) }

// Append appends the MessagePack form of v to b. Integers are packed in
// their smallest form, non-negative ones unsigned (as the server's
// as_pack_int64 does); the entries of a map[any]any are packed in key order
// (Compare), so that the form is deterministic.
func Append(b []byte, v any) ([]byte, error) { return appendValue(b, v, 0) }

func appendValue(b []byte, v any, depth int) ([]byte, error) {
	if depth > MaxDepth {
		return nil, valueErr("value nested deeper than %d", MaxDepth)
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
		return AppendInt(b, int64(x)), nil
	case int64:
		return AppendInt(b, x), nil
	case uint64:
		// A list or map element above math.MaxInt64 (the value model's
		// only uint64s): as the client packs it (packer.go packUInt64).
		if x <= math.MaxInt64 {
			return AppendInt(b, int64(x)), nil
		}
		return binary.BigEndian.AppendUint64(append(b, 0xcf), x), nil
	case float64:
		b = append(b, 0xcb)
		return binary.BigEndian.AppendUint64(b, math.Float64bits(x)), nil
	case string:
		b = appendStrHeader(b, len(x)+1)
		b = append(b, typeString)
		return append(b, x...), nil
	case []byte:
		b = appendStrHeader(b, len(x)+1)
		b = append(b, typeBlob)
		return append(b, x...), nil
	case value.GeoJSON:
		// packer.go packGeoJson: a str led by the GeoJSON particle type.
		b = appendStrHeader(b, len(x)+1)
		b = append(b, typeGeoJSON)
		return append(b, x...), nil
	case Inf:
		return append(b, 0xd4, extType, extInf), nil
	case Wildcard:
		return append(b, 0xd4, extType, extWildcard), nil
	case []any:
		return appendItems(AppendArrayHeader(b, len(x)), x, depth)
	case OrderedList:
		b = AppendArrayHeader(b, len(x)+1)
		b = AppendExtHeader(b, ListOrdered)
		return appendItems(b, x, depth)
	case map[any]any:
		b = AppendMapHeader(b, len(x))
		keys := make([]any, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return Compare(keys[i], keys[j]) < 0 })
		var err error
		for _, k := range keys {
			if b, err = appendValue(b, k, depth+1); err != nil {
				return nil, err
			}
			if b, err = appendValue(b, x[k], depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	case OrderedMap:
		if x.Flags == 0 {
			b = AppendMapHeader(b, len(x.Pairs))
		} else {
			b = AppendMapHeader(b, len(x.Pairs)+1)
			b = AppendExtHeader(b, x.Flags)
			b = append(b, 0xc0)
		}
		var err error
		for _, p := range x.Pairs {
			if b, err = appendValue(b, p.Key, depth+1); err != nil {
				return nil, err
			}
			if b, err = appendValue(b, p.Value, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	if bk, ok := BlobKey(v); ok {
		return appendValue(b, bk, depth) // a blob map key (BlobKey)
	}
	return nil, valueErr("cannot pack a %T", v)
}

func appendItems(b []byte, items []any, depth int) ([]byte, error) {
	var err error
	for _, e := range items {
		if b, err = appendValue(b, e, depth+1); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// AppendExtHeader appends the empty extension that opens an ordered list or
// map: ext 8 of size 0 whose type byte is the order flags (server
// as_pack_ext_header as particle_list.c and particle_map.c call it).
func AppendExtHeader(b []byte, flags uint8) []byte { return append(b, 0xc7, 0, flags) }

// AppendArrayHeader appends the header of an array of n elements.
func AppendArrayHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xdc), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdd), uint32(n))
}

// AppendMapHeader appends the header of a map of n entries.
func AppendMapHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x80|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xde), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdf), uint32(n))
}

func appendStrHeader(b []byte, n int) []byte {
	switch {
	case n < 32:
		return append(b, 0xa0|byte(n))
	case n < 256:
		return append(b, 0xd9, byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xda), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdb), uint32(n))
}

// AppendInt appends v in its smallest MessagePack form, non-negative values
// unsigned (server as_pack_int64 / as_pack_uint64).
func AppendInt(b []byte, v int64) []byte {
	if v >= 0 {
		switch {
		case v < 128:
			return append(b, byte(v))
		case v <= math.MaxUint8:
			return append(b, 0xcc, byte(v))
		case v <= math.MaxUint16:
			return binary.BigEndian.AppendUint16(append(b, 0xcd), uint16(v))
		case v <= math.MaxUint32:
			return binary.BigEndian.AppendUint32(append(b, 0xce), uint32(v))
		}
		return binary.BigEndian.AppendUint64(append(b, 0xcf), uint64(v))
	}
	switch {
	case v >= -32:
		return append(b, byte(v))
	case v >= math.MinInt8:
		return append(b, 0xd0, byte(v))
	case v >= math.MinInt16:
		return binary.BigEndian.AppendUint16(append(b, 0xd1), uint16(v))
	case v >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(b, 0xd2), uint32(v))
	}
	return binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(v))
}

// Size is the length of v's MessagePack form, without packing it.
func Size(v any) int {
	switch x := v.(type) {
	case nil, bool:
		return 1
	case int:
		return intSize(int64(x))
	case int64:
		return intSize(x)
	case uint64:
		if x <= math.MaxInt64 {
			return intSize(int64(x))
		}
		return 9
	case float64:
		return 9
	case string:
		return strHeaderSize(len(x)+1) + len(x) + 1
	case []byte:
		return strHeaderSize(len(x)+1) + len(x) + 1
	case value.GeoJSON:
		return strHeaderSize(len(x)+1) + len(x) + 1
	case Inf, Wildcard:
		return 3
	case []any:
		n := collHeaderSize(len(x))
		for _, e := range x {
			n += Size(e)
		}
		return n
	case OrderedList:
		n := collHeaderSize(len(x)+1) + 3
		for _, e := range x {
			n += Size(e)
		}
		return n
	case map[any]any:
		n := collHeaderSize(len(x))
		for k, e := range x {
			n += Size(k) + Size(e)
		}
		return n
	case OrderedMap:
		n := collHeaderSize(len(x.Pairs)+1) + 4
		if x.Flags == 0 {
			n = collHeaderSize(len(x.Pairs))
		}
		for _, p := range x.Pairs {
			n += Size(p.Key) + Size(p.Value)
		}
		return n
	}
	if bk, ok := BlobKey(v); ok {
		return Size(bk)
	}
	return 0
}

func intSize(x int64) int {
	switch {
	case x >= -32 && x < 128:
		return 1
	case x >= math.MinInt8 && x <= math.MaxUint8:
		return 2
	case x >= math.MinInt16 && x <= math.MaxUint16:
		return 3
	case x >= math.MinInt32 && x <= math.MaxUint32:
		return 5
	}
	return 9
}

func strHeaderSize(n int) int {
	switch {
	case n < 32:
		return 1
	case n < 1<<8:
		return 2
	case n < 1<<16:
		return 3
	}
	return 5
}

func collHeaderSize(n int) int {
	switch {
	case n < 16:
		return 1
	case n < 1<<16:
		return 3
	}
	return 5
}
