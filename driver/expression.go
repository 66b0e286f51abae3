package driver

// Expression is a server-side expression (Aerospike's filter and operation
// expressions), as the leaf package exp builds them. The driver interface
// carries it unchanged: the Aerospike driver hands its packed form to the
// client, the memory driver hands the value to the engine, and a
// wire-protocol server decodes the client's bytes back into the same value.
//
// A filter expression makes a command conditional: a record it does not
// match is FilteredOut (a read of a missing record is still
// KeyNotFoundError, and a write that creates a record does not evaluate
// it, as the server does). A malformed expression is ParameterError.
type Expression interface {
	// AppendWire appends the expression's packed wire form (the bytes of
	// the FILTER_EXP field, as as/src/base/exp.c parses them).
	AppendWire(b []byte) []byte
	// String renders the expression for errors and logs.
	String() string
}

// ExpFlags are the flags of an expression operation (OpExpRead,
// OpExpWrite), as the wire numbers them (server AS_EXP_FLAG_*, client
// ExpWriteFlags and ExpReadFlags).
type ExpFlags uint32

// Flags of expression operations.
const (
	ExpWriteDefault      ExpFlags = 0
	ExpWriteCreateOnly   ExpFlags = 1 << 0
	ExpWriteUpdateOnly   ExpFlags = 1 << 1
	ExpWriteAllowDelete  ExpFlags = 1 << 2
	ExpWritePolicyNoFail ExpFlags = 1 << 3
	ExpWriteEvalNoFail   ExpFlags = 1 << 4
	ExpReadDefault       ExpFlags = 0
	ExpReadEvalNoFail    ExpFlags = 1 << 4
)
