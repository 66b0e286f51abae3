package aero

import (
	"reflect"

	"github.com/aerokit/aero/mapper"
)

// The struct tag grammar
//
// A field of a struct mapped by a Repo is stored in one bin. Its tag is
//
//	aero:"name,option,option..."
//
// where name is the bin name (at most 15 bytes; empty keeps the default
// name) and the options are:
//
//   - omitempty: an empty value (false, 0, "", nil, empty slice or map) is
//     not written; omitzero: a zero value (or IsZero() true) is not written.
//     Put then leaves the stored bin as it was; Replace drops it.
//   - key: the field is the record's user key (string, any integer kind or
//     []byte). It is not a bin: Repo.Put takes the key from it and reads
//     fill it in (the Session stores the key with the record by default).
//     key,bin also writes it to a bin of that name.
//   - gen: the field (an integer kind) receives the record's generation on
//     read and makes writes check-and-set; it is not a bin.
//   - ttl: the field (time.Duration) receives the remaining TTL on read
//     (NeverExpire for a record that does not expire) and sets the TTL on
//     write (DefaultTTL, NeverExpire, KeepTTL or a duration); not a bin.
//
// aero:"-" skips a field; an untagged exported field is the bin of its Go
// name. Fields without an aero tag but with aerospike-client-go's tags
// (as:"bin", asm:"gen", asm:"ttl", as:",key") are mapped as the client maps
// them, so records written by the client's PutObject read back through aero
// and the reverse. Nil pointers, slices, maps and interfaces are absent
// bins. The full grammar, the value representations (time.Time as Unix
// nanoseconds, as the client stores it) and the decoding rules are
// documented in package mapper.

// Marshaler is implemented by types that store themselves as one Aerospike
// value; see mapper.Marshaler.
type Marshaler = mapper.Marshaler

// Unmarshaler is implemented by types that read themselves back from the
// value their Marshaler stored; see mapper.Unmarshaler.
type Unmarshaler = mapper.Unmarshaler

// Register builds and caches the mapping plan of the struct type of v (a
// struct value or a pointer to one), so that a type that cannot be mapped
// (an unsupported field type, a bin name over 15 bytes, two fields on one
// bin) is reported at start-up, naming the field path, rather than at the
// first call.
func Register(v any) error {
	if _, err := mapper.PlanFor(reflect.TypeOf(v)); err != nil {
		return invalidArgument("REGISTER", "", "", err)
	}
	return nil
}
