// Package hll holds Aerospike's HyperLogLog values and operations as plain
// values: the HLL particle (HLL), every HLL operation of
// aerospike-client-go v8 (init, add, set-union, refresh-count, fold,
// get-count, get-union, get-union-count, get-intersect-count,
// get-similarity, describe) with their write flags, and the server's
// HyperMinHash sketch (as/src/base/particle_hll.c) that the engine applies
// them with, so that a sketch built here is byte for byte the one a server
// holds and its estimates are the server's.
//
// An Op goes into an Operate as a driver.Operation (Op.Operation); the
// Aerospike driver hands it to the client, the memory driver and aerotest
// hand it to the engine.
package hll

import (
	"fmt"

	"github.com/aerokit/aero/driver"
)

// HLL is a HyperLogLog bin's value: the server's particle bytes (hll_t in
// particle_hll.c): one flags byte (zero), the index bits (4..16), the
// minhash bits (0 or 4..51), an 8-byte count cache in the server's (little
// endian) order, then 2^index_bits registers of 6 + minhash bits each,
// packed big endian.
//
// It is driver.HLL, the type bins hold.
type HLL = driver.HLL

// Bit limits (particle_hll.c MIN_INDEX_BITS, MAX_INDEX_BITS,
// MIN_MINHASH_BITS, MAX_MINHASH_BITS, MAX_INDEX_AND_MINHASH_BITS).
const (
	MinIndexBits   = 4
	MaxIndexBits   = 16
	MinMinhashBits = 4
	MaxMinhashBits = minhashLimit
	// MaxCombinedBits bounds index bits plus minhash bits.
	MaxCombinedBits = maxCombined
)

func validIndexBits(n int64) bool { return n >= MinIndexBits && n <= MaxIndexBits }

func validMinhashBits(n int64) bool {
	return n == 0 || (n >= MinMinhashBits && n <= MaxMinhashBits)
}

// ValidBits reports whether an HLL may have these bits
// (validate_n_combined_bits).
func ValidBits(indexBits, minhashBits int) bool {
	return validIndexBits(int64(indexBits)) && validMinhashBits(int64(minhashBits)) &&
		indexBits+minhashBits <= MaxCombinedBits
}

// Validate reports whether h is a well-formed particle as the server
// checks one it is sent (hll_from_wire, hll_verify_bin): flags zero, valid
// bits, and the size they require.
func Validate(h HLL) error {
	if len(h) < headerSize {
		return fmt.Errorf("hll: %d bytes, shorter than the %d-byte header", len(h), headerSize)
	}
	if h[0] != 0 {
		return fmt.Errorf("hll: unknown flags 0x%02x", h[0])
	}
	if !ValidBits(int(h[1]), int(h[2])) {
		return fmt.Errorf("hll: invalid bits (index %d, minhash %d)", h[1], h[2])
	}
	if want := Size(int(h[1]), int(h[2])); len(h) != want {
		return fmt.Errorf("hll: %d bytes, want %d for index bits %d and minhash bits %d", len(h), want, h[1], h[2])
	}
	return nil
}

// Bits returns a valid HLL's index bits and minhash bits.
func Bits(h HLL) (indexBits, minhashBits int) { return int(h[1]), int(h[2]) }

// sketch is an HLL's bytes with the server's sketch functions as methods
// (sketch.go).
type sketch []byte
