package value

import "reflect"

// A blob map key is a byte array ([N]byte), the form in which
// aerospike-client-go packs a blob map key and returns one (unpacker.go
// unpackBlob: a []byte cannot be a Go map key). The server takes integer,
// string and blob map keys (particle_map.c map_is_key).

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

// canonicalBlobKey returns k as an unnamed [N]byte when it is a byte
// array of another type ([16]MyByte, type ID [16]byte).
func canonicalBlobKey(k any) (any, bool) {
	b, ok := BlobKey(k)
	if !ok {
		return nil, false
	}
	if reflect.TypeOf(k) == reflect.ArrayOf(len(b), byteType) {
		return k, true
	}
	return NewBlobKey(b), true
}
