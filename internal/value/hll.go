package value

// HLL is a HyperLogLog bin's value: the server's HLL particle bytes
// (particle type 18, as/src/base/particle_hll.c hll_t). It is a type of its
// own, not a []byte, because the server keeps the two apart: a blob bin is
// not an HLL bin, and HLL operations on a blob are BIN_TYPE_ERROR. Package
// driver exports it as driver.HLL (and package hll as hll.HLL); it lives
// here so that package mapper, which imports the standard library and this
// package only, can store a struct field of this type as an HLL bin rather
// than as a blob.
type HLL []byte
