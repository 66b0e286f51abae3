package aerotest

// The tests open aero Sessions on the server's aerospike:// DSN: the
// Aerospike driver registers that scheme, as in any program that talks to
// a server.
import _ "github.com/aerokit/aero/driver/aerospike"
