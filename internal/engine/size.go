package engine

import (
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// RecordSize is the size a record takes in the server's flat storage format
// with its end mark, as storage/drv_mem.c write_bins checks it against
// max-record-size (flat_sz + END_MARK_SZ, storage/flat.c
// as_flat_record_size):
//
//   - 35 bytes of as_flat_record header (magic, flags, digest, last-update
//     time, generation), 4 bytes of void time when the record expires;
//   - the set name: 1 length byte and the name, when there is a set;
//   - a stored key: its size as a uintvar, 1 type byte and its bytes (8 for
//     an integer);
//   - the bin count as a uintvar (when there are bins), then per bin 1
//     length byte, the name and the flat particle, type byte included: 2 +
//     1, 2, 4 or 8 bytes for an integer (by its unsigned magnitude,
//     particle_integer.c integer_flat_size), 9 for a float, 2 for a bool, 5
//   - the bytes for a string, blob, HLL, list or map (blob_flat_size; a
//     list or map by the MessagePack size, as the server packs it);
//   - 4 bytes of end mark (END_MARK_SZ).
//
// Compression (Enterprise only) does not apply.
func RecordSize(set string, userKey any, bins driver.Bins, expires bool) int {
	size := 35
	if expires {
		size += 4
	}
	if set != "" {
		size += 1 + len(set)
	}
	keySize := 0
	switch k := userKey.(type) {
	case int64:
		keySize = 1 + 8
	case string:
		keySize = 1 + len(k)
	case []byte:
		keySize = 1 + len(k)
	}
	if keySize != 0 {
		size += uintvarSize(keySize) + keySize
	}
	if len(bins) != 0 {
		size += uintvarSize(len(bins))
	}
	for name, v := range bins {
		size += 1 + len(name) + particleSize(v)
	}
	return size + 4
}

// StoredSize is what the record_size expression returns: the size with
// its end mark rounded up to 16-byte rblocks (base/record.c
// as_record_stored_size, N_RBLOCKS_TO_SIZE; drv_mem.c write_bins
// SIZE_UP_TO_RBLOCK_SIZE).
func StoredSize(set string, userKey any, bins driver.Bins, expires bool) int {
	return (RecordSize(set, userKey, bins, expires) + 15) &^ 15
}

// uintvarSize is the size of n as a 7-bits-a-byte varint (uintvar_size).
func uintvarSize(n int) int {
	size := 1
	for n >= 0x80 {
		n >>= 7
		size++
	}
	return size
}

func particleSize(v any) int {
	switch x := v.(type) {
	case int64:
		switch u := uint64(x); {
		case u&^0xFFFFFFFF != 0:
			return 2 + 8
		case u&^0xFFFF != 0:
			return 2 + 4
		case u&^0xFF != 0:
			return 2 + 2
		}
		return 2 + 1
	case float64:
		return 9
	case bool:
		return 2
	case string:
		return 5 + len(x)
	case []byte:
		return 5 + len(x)
	case driver.HLL:
		return 5 + len(x)
	case []any, map[any]any, msgpack.OrderedList, msgpack.OrderedMap:
		return 5 + msgpack.Size(v)
	}
	return 0
}
