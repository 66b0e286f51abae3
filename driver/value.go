package driver

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"

	"github.com/aerokit/aero/internal/value"

	//lint:ignore SA1019 Aerospike defines a record's digest as RIPEMD-160; no other hash will do.
	"golang.org/x/crypto/ripemd160"
)

// Limits the Aerospike server enforces on names.
const (
	// MaxBinNameLen is the longest bin name the server accepts, in bytes
	// (server: AS_BIN_NAME_MAX_SZ - 1 = 15).
	MaxBinNameLen = 15
	// MaxSetNameLen is the longest set name the server accepts, in bytes
	// (server: AS_SET_NAME_MAX_SIZE - 1 = 63).
	MaxSetNameLen = 63
	// MaxNamespaceLen is the longest namespace name, in bytes (31).
	MaxNamespaceLen = 31
	// MaxIndexNameLen is the longest secondary index name, in bytes
	// (server 8.1: INAME_MAX_SZ - 1 = 63, sindex/sindex_manager.h). A
	// longer name is ParameterError: the info parameter parser answers
	// "FAIL:4:'indexname' value too long" (base/thr_info.c
	// as_info_parameter_get, as_info_required_param_is_ok).
	MaxIndexNameLen = 63
	// Partitions is the number of partitions of every namespace.
	Partitions = 4096
)

// Expiration values with a special meaning on write, as the wire protocol
// defines them (the TTL field is a uint32; the server reads 0xFFFFFFFF as -1
// and 0xFFFFFFFE as -2).
const (
	// TTLDefault applies the namespace's default-ttl.
	TTLDefault uint32 = 0
	// TTLNever makes the record never expire. On read, a Record whose
	// Expiration is TTLNever never expires.
	TTLNever uint32 = math.MaxUint32
	// TTLKeep keeps the record's current expiration (server 3.10.1+); a
	// new record gets the namespace default.
	TTLKeep uint32 = math.MaxUint32 - 1
)

// Bins maps bin names to values. A value is one of: nil, bool, int64,
// float64, string, []byte, []any (an Aerospike list) or map[any]any (an
// Aerospike map) whose elements are values again and whose keys are int64,
// float64 or string. Backends accept any Go integer kind, float32 and
// map[string]any on input (see Normalize) and always return the canonical
// types above.
type Bins = map[string]any

// Digest is the 20-byte RIPEMD-160 digest that identifies a record within a
// namespace.
type Digest [20]byte

// String returns the digest in hex.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// Partition returns the partition (0..4095) that the digest falls in, as the
// client computes it (key.go PartitionId: the first four bytes, little
// endian, masked to 12 bits).
func (d Digest) Partition() int {
	return int(binary.LittleEndian.Uint32(d[:4]) & (Partitions - 1))
}

// Particle types of user keys, as the wire protocol numbers them; the type
// is hashed into the digest.
const (
	particleInteger = 1
	particleString  = 3
	particleBlob    = 4
)

// ComputeDigest returns the digest of a user key in a set, exactly as the
// Aerospike clients compute it (aerospike-client-go key.go computeDigest):
// RIPEMD-160 over the set name, one byte of the key's particle type, and the
// key's bytes (an integer as 8 bytes big endian).
func ComputeDigest(set string, userKey any) (Digest, error) {
	var d Digest
	h := ripemd160.New()
	h.Write([]byte(set))
	switch k := userKey.(type) {
	case string:
		h.Write([]byte{particleString})
		h.Write([]byte(k))
	case []byte:
		h.Write([]byte{particleBlob})
		h.Write(k)
	case int64:
		var b [9]byte
		b[0] = particleInteger
		binary.BigEndian.PutUint64(b[1:], uint64(k))
		h.Write(b[:])
	default:
		return d, NewError(ParameterError, fmt.Sprintf("user key of type %T is not supported (want string, integer or []byte)", userKey))
	}
	h.Sum(d[:0])
	return d, nil
}

// Key identifies a record: its namespace, set and digest, and the user key
// the digest was computed from when it is known.
type Key struct {
	Namespace string
	Set       string
	// UserKey is the key the application chose: int64, string or []byte.
	// It is nil when only the digest is known (a record read by scan whose
	// key was not stored).
	UserKey any
	Digest  Digest
}

// NewKey returns the key of userKey in namespace and set, with its digest.
// userKey may be a string, []byte or any Go integer kind (stored as int64; a
// uint64 above math.MaxInt64 is ParameterError).
func NewKey(namespace, set string, userKey any) (*Key, error) {
	uk, err := normalizeUserKey(userKey)
	if err != nil {
		return nil, err
	}
	d, err := ComputeDigest(set, uk)
	if err != nil {
		return nil, err
	}
	return &Key{Namespace: namespace, Set: set, UserKey: uk, Digest: d}, nil
}

// String formats the key for errors and logs: namespace:set:userkey (or the
// digest when the user key is unknown).
func (k *Key) String() string {
	if k == nil {
		return "<nil key>"
	}
	if k.UserKey == nil {
		return fmt.Sprintf("%s:%s:%s", k.Namespace, k.Set, k.Digest)
	}
	switch uk := k.UserKey.(type) {
	case []byte:
		return fmt.Sprintf("%s:%s:0x%x", k.Namespace, k.Set, uk)
	default:
		return fmt.Sprintf("%s:%s:%v", k.Namespace, k.Set, uk)
	}
}

func normalizeUserKey(v any) (any, error) {
	switch k := v.(type) {
	case string, []byte, int64:
		return k, nil
	case nil:
		return nil, NewError(ParameterError, "user key is nil")
	}
	n, err := Normalize(v)
	if err != nil {
		return nil, err
	}
	switch n.(type) {
	case int64, string, []byte:
		return n, nil
	}
	return nil, NewError(ParameterError, fmt.Sprintf("user key of type %T is not supported (want string, integer or []byte)", v))
}

// Record is a record read from a backend.
type Record struct {
	Key *Key
	// Bins holds the bins read; nil for a header-only read.
	Bins Bins
	// Generation counts the writes to the record: 1 after the first.
	Generation uint32
	// Expiration is the remaining time to live in seconds, or TTLNever.
	Expiration uint32
}

// Normalize returns v in the canonical value types of Bins: any integer kind
// becomes int64 (a uint or uint64 above math.MaxInt64 is ParameterError,
// never a silent wrap), float32 becomes float64, named types of the basic
// kinds become their kind's value, map[string]any and other maps become
// map[any]any, and lists and maps are normalized element by element into
// fresh containers (two map keys that normalize to one key are
// ParameterError, not a lost entry). Values of other types are
// ParameterError, whose message names the type and where in v it was.
// Canonical values are returned as they are, without copying.
//
// It is the project's one normalizer (internal/value), which package
// mapper uses too.
func Normalize(v any) (any, error) {
	n, err := value.Normalize(v)
	if err != nil {
		return nil, &Error{Code: ParameterError, Msg: err.Error()}
	}
	return n, nil
}

// Clone returns a deep copy of a canonical value: lists, maps and byte
// slices (HLL too) are copied so that neither side can change the other's.
func Clone(v any) any {
	return value.Clone(v)
}

// HLL is a HyperLogLog bin's value: the server's HLL particle bytes
// (particle type 18, as/src/base/particle_hll.c hll_t), which package hll
// builds, reads and operates on. Normalize keeps it as it is (a []byte
// would be a blob bin) and Clone copies it. A struct field of this type is
// stored by package mapper as an HLL bin.
type HLL = value.HLL

// CloneBins returns a deep copy of bins.
func CloneBins(bins Bins) Bins {
	if bins == nil {
		return nil
	}
	out := make(Bins, len(bins))
	for k, v := range bins {
		out[k] = Clone(v)
	}
	return out
}
