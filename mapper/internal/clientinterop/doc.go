// Package clientinterop holds the interoperability tests between package
// mapper and aerospike-client-go's reflection-based PutObject/GetObject.
//
// The client's marshalling functions are unexported, so the tests reach
// them with //go:linkname (which needs the empty assembly file in this
// package to allow body-less declarations). This package has no API; it
// exists only for its tests.
package clientinterop
