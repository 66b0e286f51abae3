package aerospike

import (
	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"

	"github.com/aerokit/aero/internal/msgpack"
)

// keyOrderedMap is a map the client packs in key order (the server's
// order, msgpack.Compare) instead of Go's random map iteration order.
//
// The server keeps an unordered map in the order it was packed, and
// returns the entries it selects by mask (by key range, value, value
// list, INVERTED) in that stored order (particle_map.c). Packing every Go
// map in key order makes those answers deterministic, and the same as the
// memory driver's, which stores a Go map in key order.
type keyOrderedMap map[any]any

// Len is the number of entries (as.MapIter).
func (m keyOrderedMap) Len() int { return len(m) }

// PackMap packs the entries in key order (as.MapIter); the client has
// written the map header.
func (m keyOrderedMap) PackMap(buf as.BufferEx) (int, error) {
	b, err := msgpack.Pack(map[any]any(m)) // entries in key order
	if err != nil {
		return 0, err
	}
	b = b[len(msgpack.AppendMapHeader(nil, len(m))):]
	if buf == nil {
		return len(b), nil // the client sizes its buffer with a nil one
	}
	n, werr := buf.Write(b)
	if werr != nil {
		return n, werr
	}
	return n, nil
}

// keyOrdered returns v with its maps, at any depth, as keyOrderedMap; v
// itself when it holds none.
func keyOrdered(v any) any {
	out, _ := keyOrderedChanged(v)
	return out
}

func keyOrderedChanged(v any) (any, bool) {
	switch x := v.(type) {
	case map[any]any:
		return keyOrderedMap(x), true
	case driver.GeoJSON:
		// A list element: the client packs its own type as GeoJSON.
		return as.GeoJSONValue(x), true
	case []any:
		var out []any
		for i, e := range x {
			k, changed := keyOrderedChanged(e)
			if !changed {
				continue
			}
			if out == nil {
				out = make([]any, len(x))
				copy(out, x)
			}
			out[i] = k
		}
		if out == nil {
			return x, false
		}
		return out, true
	}
	return v, false
}
