package value

import "reflect"

// A blob map key is a byte array ([N]byte), the form in which
// aerospike-client-go packs a blob map key and returns one (unpacker.go
// unpackBlob: a []byte cannot be a Go map key). The server takes integer,
// string and blob map keys (particle_map.c map_is_key). The msgpack codec
// packs and unpacks the same form (msgpack.BlobKey); this package imports
// the standard library only.

var byteType = reflect.TypeOf(byte(0))

// isByteArray reports whether k is a byte array of any type.
func isByteArray(k any) bool {
	if k == nil {
		return false
	}
	t := reflect.TypeOf(k)
	return t.Kind() == reflect.Array && t.Elem().Kind() == reflect.Uint8
}

// isCanonicalBlobKey reports whether k is an unnamed [N]byte, the canonical
// form of a blob key.
func isCanonicalBlobKey(k any) bool {
	if !isByteArray(k) {
		return false
	}
	t := reflect.TypeOf(k)
	return t == reflect.ArrayOf(t.Len(), byteType)
}

// canonicalBlobKey returns a byte array as an unnamed [N]byte, the
// canonical blob key ([16]MyByte and type ID [16]byte are converted).
func canonicalBlobKey(k any) (any, bool) {
	if !isByteArray(k) {
		return nil, false
	}
	rv := reflect.ValueOf(k)
	t := reflect.ArrayOf(rv.Len(), byteType)
	if rv.Type() == t {
		return k, true
	}
	a := reflect.New(t).Elem()
	for i := 0; i < rv.Len(); i++ {
		a.Index(i).SetUint(rv.Index(i).Uint())
	}
	return a.Interface(), true
}
