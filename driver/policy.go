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
}

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
}
