package driver

import "fmt"

// OpType is the kind of one Operation.
type OpType uint8

const (
	// OpRead reads Bin, or every bin when Bin is empty.
	OpRead OpType = iota + 1
	// OpReadHeader reads nothing but the generation and expiration.
	OpReadHeader
	// OpWrite sets Bin to Value (nil deletes the bin).
	OpWrite
	// OpAdd adds the integer or float Value to Bin, creating it at Value if
	// absent. A bin of another type is BinTypeError.
	OpAdd
	// OpAppend appends the string or []byte Value to Bin. A bin of another
	// type is BinTypeError.
	OpAppend
	// OpPrepend prepends the string or []byte Value to Bin.
	OpPrepend
	// OpTouch rewrites the record's expiration from the policy.
	OpTouch
	// OpDelete deletes the whole record: later reads in the same call see
	// no record, later writes start a new one.
	OpDelete
	// OpCDTRead reads Bin with the list or map operation in Value (a
	// cdt.Op; see package cdt): its result is the op's result.
	OpCDTRead
	// OpCDTModify changes Bin with the list or map operation in Value (a
	// cdt.Op); its result, when the operation has one, is returned as a
	// read's is.
	OpCDTModify
	// OpExpRead evaluates the Expression in Value on the record and returns
	// its value under the name Bin. ExpFlags may hold ExpReadEvalNoFail.
	OpExpRead
	// OpExpWrite evaluates the Expression in Value on the record and writes
	// its value to Bin, under ExpFlags.
	OpExpWrite
	// OpBitRead reads the blob Bin with the bit operation in Value (a
	// bitop.Op; see package bitop): its result is the op's result.
	OpBitRead
	// OpBitModify changes the blob Bin with the bit operation in Value (a
	// bitop.Op); it has no result.
	OpBitModify
	// OpHLLRead reads Bin with the HyperLogLog operation in Value (an
	// hll.Op; see package hll): its result is the op's result.
	OpHLLRead
	// OpHLLModify changes Bin with the HyperLogLog operation in Value (an
	// hll.Op); its result, when the operation has one, is returned as a
	// read's is.
	OpHLLModify
)

// String returns the operation's name.
func (t OpType) String() string {
	switch t {
	case OpRead:
		return "READ"
	case OpReadHeader:
		return "READ_HEADER"
	case OpWrite:
		return "WRITE"
	case OpAdd:
		return "ADD"
	case OpAppend:
		return "APPEND"
	case OpPrepend:
		return "PREPEND"
	case OpTouch:
		return "TOUCH"
	case OpDelete:
		return "DELETE"
	case OpCDTRead:
		return "CDT_READ"
	case OpCDTModify:
		return "CDT_MODIFY"
	case OpExpRead:
		return "EXP_READ"
	case OpExpWrite:
		return "EXP_MODIFY"
	case OpBitRead:
		return "BIT_READ"
	case OpBitModify:
		return "BIT_MODIFY"
	case OpHLLRead:
		return "HLL_READ"
	case OpHLLModify:
		return "HLL_MODIFY"
	}
	return fmt.Sprintf("OpType(%d)", uint8(t))
}

// IsWrite reports whether the operation changes the record.
func (t OpType) IsWrite() bool {
	switch t {
	case OpWrite, OpAdd, OpAppend, OpPrepend, OpTouch, OpDelete, OpCDTModify, OpExpWrite, OpBitModify, OpHLLModify:
		return true
	}
	return false
}

// Operation is one step of Conn.Operate.
//
// Results follow the server: each read op returns its bin's value at that
// point of the sequence (so a read after an add sees the sum). When one bin
// is read more than once, its value in the result is a []any of the reads in
// order, as the client's OpResults are. Write ops return nothing.
//
// Precisely: the ops whose Answers method reports true (a read of a named
// bin, list/map, bit and HLL ops but a bit modify, expression reads) each
// put one result in their bin; the others (writes, add, append, prepend,
// touch, delete, a header read, expression writes, bit modifies) put none.
// A bin that one answering op targets holds its result; an empty result (a
// missing bin, a list op without a result) is nil or no entry. A bin
// that two or more answering ops target holds a []any with exactly one entry
// per answering op, in op order, nil for an empty result: the drivers ask
// the server for an answer per op then (SharesResultBin), since without it
// the server leaves empty results out (write.c write_master_bin_ops_loop,
// read.c read_local: "respond_all_ops || result_bin != NULL") and a bin's
// list could not be matched to its ops. A read of every bin (Bin empty)
// answers every bin instead, and is not matched to ops.
//
// The server's rules on mixing apply (write.c write_master_policies): in an
// Operate that writes, a read of every bin cannot be mixed with reads of
// named bins (a read-only Operate returns every bin once), and a Replace
// policy cannot be combined with a nil write, add, append, prepend, touch or
// delete op (ParameterError for both). Drivers reject an ADD of anything but
// an integer or float, an APPEND or PREPEND of anything but a string or
// []byte, and a write op with no bin name (CheckOps); a server would create
// a bin of the value's type.
type Operation struct {
	Type  OpType
	Bin   string
	Value any
	// ExpFlags are the flags of OpExpRead and OpExpWrite.
	ExpFlags ExpFlags
}

// Answers reports whether op puts one result in its bin's results (see
// Operation): a read of a named bin, a list or map op, a bit or HLL read, an
// HLL modify and an expression read do; writes, add, append, prepend, touch,
// delete, a header read, a read of every bin, an expression write and a bit
// modify do not (the Aerospike driver drops the nil answers the server gives
// them with respond-all-ops).
func (op Operation) Answers() bool {
	switch op.Type {
	case OpRead:
		return op.Bin != ""
	case OpCDTRead, OpCDTModify, OpExpRead, OpBitRead, OpHLLRead, OpHLLModify:
		return true
	}
	return false
}

// SharesResultBin reports whether two or more answering ops (Answers)
// target one bin and no op reads every bin. Drivers then ask for an answer
// per op (the server's INFO2_RESPOND_ALL_OPS; the client's
// WritePolicy.RespondPerEachOp), so that the bin's []any holds one entry
// per answering op, an empty result included: without it the server leaves
// out a read of a missing bin and a list op without a result (write.c
// write_master_bin_ops_loop, rw_utils.c process_bin_read_op), and the
// entries could not be matched to their ops. A read of every bin turns the
// flag off (the client's operate_args.go; write.c write_master_policies
// refuses the two together).
func SharesResultBin(ops []Operation) bool {
	shared := false
	for i, op := range ops {
		if op.Type == OpRead && op.Bin == "" {
			return false
		}
		if shared || !op.Answers() {
			continue
		}
		for _, prev := range ops[:i] {
			if prev.Bin == op.Bin && prev.Answers() {
				shared = true
				break
			}
		}
	}
	return shared
}

// Operation returns o itself, so that an Operation goes where the op
// builders' types (cdt.Op, bitop.Op, hll.Op) go: aero's Repo.FieldOp takes
// any of them.
func (o Operation) Operation() Operation { return o }
