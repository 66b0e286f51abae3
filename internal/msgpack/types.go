// Package msgpack is the MessagePack codec the Aerospike server and clients
// use for list and map particles and for CDT and expression payloads, and
// the server's total order between such values (Compare).
//
// Values are the engine's canonical values: nil, bool, int64, float64,
// string, []byte, []any (an unordered list), map[any]any (an unordered map
// with int64, float64 or string keys), plus the types below for what plain
// Go values cannot say: OrderedList and OrderedMap (a list or map whose
// MessagePack form starts with the server's order extension header, as
// as/src/base/particle_list.c and particle_map.c write it), and Inf and
// Wildcard (the non-storage comparison values of cf/src/msgpack_in.c, which
// the client packs for InfinityValue and WildCardValue).
//
// Strings and blobs are packed as MessagePack str with a leading particle
// type byte (3 for a string, 4 for a blob), as the client's packer and the
// server's as_bytes do.
package msgpack

import (
	"errors"
	"fmt"
)

// Particle type bytes that lead a packed str (client types/particle_type,
// server AS_BYTES_*).
const (
	typeString  = 3
	typeBlob    = 4
	typeGeoJSON = 23
)

// Order flags of the extension header that opens a list or map (server
// as/include/base/cdt.h AS_PACKED_LIST_FLAG_*, AS_PACKED_MAP_FLAG_*).
const (
	// ListOrdered marks a list kept sorted (AS_PACKED_LIST_FLAG_ORDERED).
	ListOrdered = 0x01
	// MapKeyOrdered marks a map kept sorted by key
	// (AS_PACKED_MAP_FLAG_K_ORDERED).
	MapKeyOrdered = 0x01
	// MapKeyValueOrdered marks a map sorted by key that also keeps a value
	// index (AS_PACKED_MAP_FLAG_KV_ORDERED = K_ORDERED | V_ORDERED).
	MapKeyValueOrdered = 0x03
	// MapPreserveOrder marks a map result whose entries are in the order
	// the operation produced them (AS_PACKED_MAP_FLAG_PRESERVE_ORDER); the
	// client returns such a map as []MapPair.
	MapPreserveOrder = 0x08
)

// extType is the extension type the server reserves for non-storage
// comparison values (msgpack_in.c CMP_EXT_TYPE), with its two values.
const (
	extType     = 0xff
	extWildcard = 0x00
	extInf      = 0x01
)

// Inf is the value greater than every other value (msgpack_in.c
// MSGPACK_TYPE_CMP_INF), used as an open range end.
type Inf struct{}

// Wildcard compares equal to any value, and ends the comparison of the
// values that contain it there (msgpack_in.c MSGPACK_TYPE_CMP_WILDCARD).
type Wildcard struct{}

// OrderedList is a list whose MessagePack form carries the ORDERED flag; the
// engine keeps its items sorted by Compare.
type OrderedList []any

// Pair is one entry of an OrderedMap.
type Pair struct {
	Key   any
	Value any
}

// OrderedMap is a map whose MessagePack form starts with an order header
// carrying Flags (MapKeyOrdered, MapKeyValueOrdered or MapPreserveOrder);
// its entries are kept in Pairs in that order. With Flags 0 it is an
// unordered map kept in its stored order (packed with no header), which
// the server keeps as it was written (particle_map.c: an unordered map is
// a packed map in the order of its writes); a map[any]any is an unordered
// map stored in key order.
type OrderedMap struct {
	Flags uint8
	Pairs []Pair
}

// ErrValue is wrapped by errors about a malformed or unacceptable packed
// value (the server answers PARAMETER_ERROR); ErrUnsupported by values of a
// type the engine does not implement.
var (
	ErrValue       = errors.New("bad value")
	ErrUnsupported = errors.New("unsupported value type")
)

func valueErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrValue, fmt.Sprintf(format, args...))
}

// MaxDepth bounds the nesting of lists and maps, so that a hostile value
// cannot exhaust the stack.
const MaxDepth = 128
