package driver

// RecordExistsAction says how a write treats an existing record, as
// aerospike-client-go's RecordExistsAction does (same names, same wire
// flags).
type RecordExistsAction uint8

const (
	// Update creates the record or merges the written bins into it
	// (Aerospike's default upsert).
	Update RecordExistsAction = iota
	// UpdateOnly merges into an existing record; a missing one is
	// KeyNotFoundError.
	UpdateOnly
	// Replace creates the record or replaces all its bins.
	Replace
	// ReplaceOnly replaces all bins of an existing record; a missing one is
	// KeyNotFoundError.
	ReplaceOnly
	// CreateOnly creates the record; an existing one is KeyExistsError.
	CreateOnly
)

// String returns the action's name as the client spells it.
func (a RecordExistsAction) String() string {
	switch a {
	case Update:
		return "UPDATE"
	case UpdateOnly:
		return "UPDATE_ONLY"
	case Replace:
		return "REPLACE"
	case ReplaceOnly:
		return "REPLACE_ONLY"
	case CreateOnly:
		return "CREATE_ONLY"
	}
	return "RecordExistsAction(?)"
}

// GenerationPolicy says how a write checks the record's generation.
type GenerationPolicy uint8

const (
	// GenNone writes whatever the generation.
	GenNone GenerationPolicy = iota
	// GenEqual writes only if the record's generation equals
	// WritePolicy.Generation; otherwise GenerationError. A missing record
	// has generation 0 for this check (server write.c: write_master checks
	// the generation of the record it is about to create).
	GenEqual
	// GenGreater writes only if WritePolicy.Generation is greater than the
	// record's generation (used for replication-style writes).
	GenGreater
)

// ReadPolicy carries the options of a read.
type ReadPolicy struct {
	// HeaderOnly reads the generation and expiration but no bin.
	HeaderOnly bool
	// FilterExp makes the read conditional: a record it does not match is
	// FilteredOut. Nil reads unconditionally.
	FilterExp Expression
	// Routing chooses the node a read goes to and how it treats the
	// record's copies; the zero value keeps the connection's defaults.
	Routing ReadRouting
}

// ReadRouting says which copy of a record a read consults: the replica
// the client sends it to, and the read modes of AP and SC namespaces
// (aerospike-client-go's BasePolicy ReplicaPolicy, ReadModeAP and
// ReadModeSC). Backends with one copy of each record (the memory driver)
// ignore it. The zero value keeps the connection's defaults.
type ReadRouting struct {
	Replica    Replica
	ReadModeAP ReadModeAP
	ReadModeSC ReadModeSC
}

// Replica selects the node a read goes to (the client's ReplicaPolicy).
type Replica uint8

// Replica policies; ReplicaDefault keeps the connection's.
const (
	ReplicaDefault Replica = iota
	// ReplicaMaster reads from the partition's master.
	ReplicaMaster
	// ReplicaMasterProles distributes reads over the master and proles,
	// round robin.
	ReplicaMasterProles
	// ReplicaSequence tries the master first, then the proles in turn on
	// retries.
	ReplicaSequence
	// ReplicaPreferRack reads from a node on the client's rack, if any.
	ReplicaPreferRack
	// ReplicaRandom reads from any node of the cluster (single-record
	// reads only).
	ReplicaRandom
)

// ReadModeAP is how a read in an AP namespace treats duplicate copies
// during migrations (the client's ReadModeAP).
type ReadModeAP uint8

// AP read modes; ReadModeAPDefault keeps the connection's (one).
const (
	ReadModeAPDefault ReadModeAP = iota
	// ReadModeAPOne reads one copy.
	ReadModeAPOne
	// ReadModeAPAll resolves every duplicate copy.
	ReadModeAPAll
)

// ReadModeSC is the consistency of a read in a strong-consistency
// namespace (the client's ReadModeSC).
type ReadModeSC uint8

// SC read modes; ReadModeSCDefault keeps the connection's (session).
const (
	ReadModeSCDefault ReadModeSC = iota
	// ReadModeSCSession sees an increasing sequence of versions for this
	// client.
	ReadModeSCSession
	// ReadModeSCLinearize sees an increasing sequence of versions for
	// every client.
	ReadModeSCLinearize
	// ReadModeSCAllowReplica may read from a full replica.
	ReadModeSCAllowReplica
	// ReadModeSCAllowUnavailable may read from an unavailable partition.
	ReadModeSCAllowUnavailable
)

// WritePolicy carries the options of a write. The zero value is an upsert
// with the namespace's default TTL, no generation check and no stored key.
type WritePolicy struct {
	RecordExists     RecordExistsAction
	GenerationPolicy GenerationPolicy
	Generation       uint32
	// Expiration is the TTL in seconds, or TTLDefault, TTLNever, TTLKeep.
	Expiration uint32
	// SendKey stores the user key with the record, so that scans and
	// queries return it.
	SendKey bool
	// DurableDelete leaves a tombstone on delete (Enterprise servers).
	DurableDelete bool
	// FilterExp makes the write conditional on the existing record: one it
	// does not match is FilteredOut. A write that creates the record does
	// not evaluate it (server write.c write_master: the filter applies to
	// an existing record only).
	FilterExp Expression
}

// BatchPolicy carries the options of a batch request.
type BatchPolicy struct {
	// AllowInline lets the server run the batch in its service thread.
	// Backends that have no such notion ignore it.
	AllowInline bool
	// FilterExp filters every entry of the batch that has no FilterExp of
	// its own: an entry whose record it does not match gets FilteredOut.
	FilterExp Expression
	// Routing chooses the nodes and read modes of the batch's reads (see
	// ReadPolicy.Routing).
	Routing ReadRouting
}
