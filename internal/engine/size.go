package engine

import (
	"math"

	"github.com/aerokit/aero/driver"
)

// RecordSize estimates the stored size of a record in bytes, after the
// server's flat storage format (as/include/storage/flat.h and the particle
// flat functions):
//
//   - 35 bytes of as_flat_record header (magic, flags, digest, last-update
//     time, generation), 4 bytes of void time, 4 bytes of end mark;
//   - the set name: 1 length byte and the name, when there is a set;
//   - a stored key: 1 length byte, 1 type byte and its bytes (8 for an
//     integer);
//   - 2 bytes of bin count, then per bin 1 length byte, the name, 1 particle
//     type byte and the particle: 8 bytes for an integer or float, 1 for a
//     bool, 4 length bytes and the bytes for a string or blob, 4 length bytes
//     and the MessagePack size (estimated as the server packs it) for a
//     list or map.
//
// It is an estimate: the server also rounds to 16-byte rblocks and may
// compress; the limit it enforces is max-record-size on this flat size.
func RecordSize(set string, userKey any, bins driver.Bins) int {
	size := 35 + 4 + 4 + 2
	if set != "" {
		size += 1 + len(set)
	}
	switch k := userKey.(type) {
	case int64:
		size += 2 + 8
	case string:
		size += 2 + len(k)
	case []byte:
		size += 2 + len(k)
	}
	for name, v := range bins {
		size += 1 + len(name) + 1 + particleSize(v)
	}
	return size
}

func particleSize(v any) int {
	switch x := v.(type) {
	case int64, float64:
		return 8
	case bool:
		return 1
	case string:
		return 4 + len(x)
	case []byte:
		return 4 + len(x)
	case []any, map[any]any:
		return 4 + msgpackSize(v)
	}
	return 0
}

// msgpackSize is the MessagePack size of a value as the server packs lists
// and maps (strings and blobs carry one particle-type byte).
func msgpackSize(v any) int {
	switch x := v.(type) {
	case nil, bool:
		return 1
	case int64:
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
	case float64:
		return 9
	case string:
		return strHeader(len(x)+1) + len(x) + 1
	case []byte:
		return strHeader(len(x)+1) + len(x) + 1
	case []any:
		n := collHeader(len(x))
		for _, e := range x {
			n += msgpackSize(e)
		}
		return n
	case map[any]any:
		n := collHeader(len(x))
		for k, e := range x {
			n += msgpackSize(k) + msgpackSize(e)
		}
		return n
	}
	return 0
}

func strHeader(n int) int {
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

func collHeader(n int) int {
	switch {
	case n < 16:
		return 1
	case n < 1<<16:
		return 3
	}
	return 5
}
