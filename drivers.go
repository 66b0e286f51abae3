package aero

// The embedded in-memory driver registers itself for "memory://", so that
// aero.Open works on it with no other import, in tests and examples. The
// Aerospike driver is not imported here: a program that talks to a cluster
// imports it, as database/sql programs import theirs,
//
//	import _ "github.com/aerokit/aero/driver/aerospike"
//
// and one that does not never links aerospike-client-go (arch_test.go checks
// `go list -deps`).
import (
	_ "github.com/aerokit/aero/driver/memory"
)
