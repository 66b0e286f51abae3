package msgpack

import "reflect"

// A blob map key is a byte array ([N]byte): the form in which
// aerospike-client-go packs a blob map key and returns one (unpacker.go
// unpackBlob), since a []byte cannot be a Go map key. The server takes
// integer, string and blob map keys (particle_map.c map_is_key). Package
// value normalizes user keys to the same form (value.NormalizeKey).

var byteType = reflect.TypeOf(byte(0))

// BlobKey reports whether k is a byte array, a blob map key, and returns
// a copy of its bytes.
func BlobKey(k any) ([]byte, bool) {
	if k == nil {
		return nil, false
	}
	rv := reflect.ValueOf(k)
	if rv.Kind() != reflect.Array || rv.Type().Elem().Kind() != reflect.Uint8 {
		return nil, false
	}
	b := make([]byte, rv.Len())
	for i := range b {
		b[i] = byte(rv.Index(i).Uint())
	}
	return b, true
}

// NewBlobKey returns b as a blob map key: a [len(b)]byte array.
func NewBlobKey(b []byte) any {
	a := reflect.New(reflect.ArrayOf(len(b), byteType)).Elem()
	reflect.Copy(a, reflect.ValueOf(b))
	return a.Interface()
}
