package engine

import (
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
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
	case driver.HLL:
		return 4 + len(x)
	case []any, map[any]any, msgpack.OrderedList, msgpack.OrderedMap:
		return 4 + msgpack.Size(v)
	}
	return 0
}
