package aerospike

import (
	"fmt"
	"reflect"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// fromClient converts a value the client decoded (value.go bytesToParticle,
// unpacker.go) into the canonical driver value: Go int -> int64, float32 ->
// float64, []any and map[any]any recursively (int keys become int64), the
// client's OpResults -> []any, a key-ordered map ([]as.MapPair) ->
// map[any]any, GeoJSON -> driver.GeoJSON, HLL -> driver.HLL. Lists are
// converted in place (the client hands over fresh containers).
func fromClient(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, []byte:
		return v, nil
	case int:
		return int64(x), nil
	case float32:
		return float64(x), nil
	case []any:
		for i, e := range x {
			n, err := fromClient(e)
			if err != nil {
				return nil, err
			}
			x[i] = n
		}
		return x, nil
	case as.OpResults:
		return fromClient([]any(x))
	case map[any]any:
		return mapFromClient(x)
	case []as.MapPair:
		out := make(map[any]any, len(x))
		for _, p := range x {
			k, err := mapKeyFromClient(p.Key)
			if err != nil {
				return nil, err
			}
			e, err := fromClient(p.Value)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	case as.GeoJSONValue:
		return driver.GeoJSON(x), nil
	case as.HLLValue:
		return driver.HLL(x), nil
	}
	// Other integer and float kinds: the driver's own normalization.
	n, err := driver.Normalize(v)
	if err != nil {
		return nil, driver.Errorf(driver.ParseError, "the client returned a value of type %T, which has no driver equivalent", v)
	}
	return n, nil
}

func mapFromClient(m map[any]any) (map[any]any, error) {
	out := make(map[any]any, len(m))
	for k, e := range m {
		nk, err := mapKeyFromClient(k)
		if err != nil {
			return nil, err
		}
		ne, err := fromClient(e)
		if err != nil {
			return nil, err
		}
		out[nk] = ne
	}
	return out, nil
}

func mapKeyFromClient(k any) (any, error) {
	switch x := k.(type) {
	case int64, float64, string:
		return k, nil
	case int:
		return int64(x), nil
	case float32:
		return float64(x), nil
	}
	// The unpacker returns blob map keys as [N]byte arrays (unpacker.go
	// unpackBlob), which are the driver's blob keys too (msgpack.BlobKey).
	if _, ok := msgpack.BlobKey(k); ok {
		return k, nil
	}
	return nil, driver.Errorf(driver.ParseError, "map key of type %T is not supported by the driver (want integer, float, string or byte array keys)", k)
}

// binsFromClient converts a record's bins in place.
func binsFromClient(bins as.BinMap) (driver.Bins, error) {
	for name, v := range bins {
		switch x := v.(type) {
		case nil, bool, int64, float64, string, []byte:
			continue // canonical already: no map write
		case int:
			bins[name] = int64(x)
			continue
		}
		n, err := fromClient(v)
		if err != nil {
			return nil, fmt.Errorf("bin %q: %w", name, err)
		}
		bins[name] = n
	}
	return driver.Bins(bins), nil
}

// toClientValue normalizes a value for the client, naming the bin on error.
func toClientValue(bin string, v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, []byte:
		return v, nil
	case driver.HLL:
		return as.HLLValue(x), nil
	case driver.GeoJSON:
		return as.GeoJSONValue(x), nil
	}
	n, err := driver.Normalize(v)
	if err != nil {
		if de, ok := err.(*driver.Error); ok {
			return nil, driver.Errorf(de.Code, "bin %q: %s", bin, de.Msg)
		}
		return nil, driver.Errorf(driver.ParameterError, "bin %q: %v", bin, err)
	}
	return keyOrdered(n), nil
}

// binsToClient returns bins as a BinMap, normalized. The caller's map is
// reused when every value is already canonical.
func binsToClient(bins driver.Bins) (as.BinMap, error) {
	var out as.BinMap
	for name, v := range bins {
		n, err := toClientValue(name, v)
		if err != nil {
			return nil, err
		}
		if out == nil && !sameValue(v, n) {
			out = make(as.BinMap, len(bins))
			for k, e := range bins {
				out[k] = e
			}
		}
		if out != nil {
			out[name] = n
		}
	}
	if out == nil {
		return as.BinMap(bins), nil
	}
	return out, nil
}

// sameValue reports whether Normalize returned its argument unchanged.
func sameValue(a, b any) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	switch a.(type) {
	case []any, map[any]any:
		return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
	}
	return true
}

// toClientKey converts a driver key, reusing its digest (no rehash).
func toClientKey(k *driver.Key) (*as.Key, error) {
	if k == nil {
		return nil, driver.NewError(driver.ParameterError, "key is nil")
	}
	if k.Namespace == "" {
		return nil, driver.Errorf(driver.ParameterError, "key %s has no namespace", k)
	}
	key, err := as.NewKeyWithDigest(k.Namespace, k.Set, k.UserKey, k.Digest[:])
	if err != nil {
		return nil, toDriverError(err, "key "+k.String(), "")
	}
	return key, nil
}

// fromClientKey converts a key the client returned (scan, query); the user
// key is set only when the server stored it.
func fromClientKey(k *as.Key) *driver.Key {
	if k == nil {
		return nil
	}
	dk := &driver.Key{Namespace: k.Namespace(), Set: k.SetName()}
	copy(dk.Digest[:], k.Digest())
	if v := k.Value(); v != nil {
		switch uk := v.GetObject().(type) {
		case int:
			dk.UserKey = int64(uk)
		case int64:
			dk.UserKey = uk
		case string:
			dk.UserKey = uk
		case []byte:
			dk.UserKey = uk
		}
	}
	return dk
}

// recordFromClient converts a record; key is the driver key to attach (the
// caller's for single-record calls, nil to convert the client's).
func recordFromClient(r *as.Record, key *driver.Key, headerOnly bool) (*driver.Record, error) {
	if r == nil {
		return nil, nil
	}
	out := &driver.Record{Key: key, Generation: r.Generation, Expiration: r.Expiration}
	if key == nil {
		out.Key = fromClientKey(r.Key)
	}
	if !headerOnly && r.Bins != nil {
		bins, err := binsFromClient(r.Bins)
		if err != nil {
			return nil, err
		}
		out.Bins = bins
	}
	return out, nil
}

// opsToClient translates driver operations, after the checks every driver
// makes (driver.CheckOps).
func opsToClient(ops []driver.Operation) ([]*as.Operation, bool, error) {
	if err := driver.CheckOps(ops); err != nil {
		return nil, false, err
	}
	out := make([]*as.Operation, len(ops))
	hasWrite := false
	for i, op := range ops {
		var o *as.Operation
		switch op.Type {
		case driver.OpRead:
			if op.Bin == "" {
				o = as.GetOp()
			} else {
				o = as.GetBinOp(op.Bin)
			}
		case driver.OpReadHeader:
			o = as.GetHeaderOp()
		case driver.OpWrite, driver.OpAdd, driver.OpAppend, driver.OpPrepend:
			v, err := toClientValue(op.Bin, op.Value)
			if err != nil {
				return nil, false, err
			}
			bin := as.NewBin(op.Bin, v)
			switch op.Type {
			case driver.OpWrite:
				o = as.PutOp(bin)
			case driver.OpAdd:
				o = as.AddOp(bin)
			case driver.OpAppend:
				o = as.AppendOp(bin)
			default:
				o = as.PrependOp(bin)
			}
		case driver.OpTouch:
			o = as.TouchOp()
		case driver.OpDelete:
			o = as.DeleteOp()
		case driver.OpCDTRead, driver.OpCDTModify:
			var err error
			if o, err = cdtToClient(op); err != nil {
				return nil, false, err
			}
		case driver.OpHLLRead, driver.OpHLLModify:
			var err error
			if o, err = hllToClient(op); err != nil {
				return nil, false, err
			}
		case driver.OpExpRead, driver.OpExpWrite:
			var err error
			if o, err = expOpToClient(op); err != nil {
				return nil, false, err
			}
		case driver.OpBitRead, driver.OpBitModify:
			var err error
			if o, err = bitToClient(op); err != nil {
				return nil, false, err
			}
		default:
			return nil, false, driver.Errorf(driver.ParameterError, "operation %d has unknown type %s", i, op.Type)
		}
		if op.Type.IsWrite() {
			hasWrite = true
		}
		out[i] = o
	}
	return out, hasWrite, nil
}
