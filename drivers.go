package aero

// The built-in drivers register themselves for their DSN schemes, so that
// aero.Open works for "memory://" and "aerospike://" with no other import.
// These blank imports are the only link from this package to the backends:
// no code here refers to the Aerospike client (arch_test.go checks it).
import (
	_ "github.com/aerokit/aero/driver/aerospike"
	_ "github.com/aerokit/aero/driver/memory"
)
