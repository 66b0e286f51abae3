package aero

import (
	"reflect"

	"github.com/aerokit/aero/mapper"
)

// The struct tag grammar is in the package documentation (doc.go, # Struct
// tags) and, in full, in package mapper.

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
