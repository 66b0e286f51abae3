package driver

// BatchType is the kind of one BatchRecord.
type BatchType uint8

const (
	// BatchRead reads the record (all bins, the named Bins, or the header).
	BatchRead BatchType = iota + 1
	// BatchExists reads the header only and reports presence in Exists.
	BatchExists
	// BatchWrite applies Ops (as Conn.Operate does) under Policy.
	BatchWrite
	// BatchDelete deletes the record under Policy.
	BatchDelete
)

// String returns the batch type's name.
func (t BatchType) String() string {
	switch t {
	case BatchRead:
		return "READ"
	case BatchExists:
		return "EXISTS"
	case BatchWrite:
		return "WRITE"
	case BatchDelete:
		return "DELETE"
	}
	return "BatchType(?)"
}

// BatchRecord is one entry of Conn.Batch: a request in, an outcome out.
type BatchRecord struct {
	Type BatchType
	Key  *Key

	// Bins names the bins a BatchRead reads; nil reads every bin.
	Bins []string
	// HeaderOnly makes a BatchRead read the header only.
	HeaderOnly bool
	// Ops are the operations of a BatchWrite.
	Ops []Operation
	// Policy is the write policy of a BatchWrite or BatchDelete; nil is the
	// zero WritePolicy.
	Policy *WritePolicy
	// FilterExp filters this entry, in place of the batch policy's (the
	// client's BatchReadPolicy, BatchWritePolicy and BatchDeletePolicy
	// FilterExpression). For a BatchWrite or BatchDelete it takes
	// precedence over Policy.FilterExp.
	FilterExp Expression

	// Record is the outcome of a read or write that succeeded (for a write,
	// the results of its read ops and the header after it).
	Record *Record
	// Exists reports, for BatchExists and BatchDelete, whether the record
	// existed. A missing record is not an error for these two types: Exists
	// is false and Err nil (the Aerospike driver folds the server's
	// KEY_NOT_FOUND_ERROR into it).
	Exists bool
	// Err is this entry's own failure: a *Error such as KeyNotFoundError for a
	// BatchRead of a missing record, GenerationError for a write. Nil on
	// success.
	Err error
}
