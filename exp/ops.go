package exp

import "github.com/aerokit/aero/driver"

// Flags of a write expression operation (client ExpWriteFlags, server
// AS_EXP_FLAG_*).
const (
	// WriteDefault creates or updates the bin.
	WriteDefault = driver.ExpWriteDefault
	// WriteCreateOnly fails with BIN_EXISTS_ERROR when the bin exists.
	WriteCreateOnly = driver.ExpWriteCreateOnly
	// WriteUpdateOnly fails with BIN_NOT_FOUND when the bin does not exist.
	WriteUpdateOnly = driver.ExpWriteUpdateOnly
	// WriteAllowDelete lets a nil result delete the bin.
	WriteAllowDelete = driver.ExpWriteAllowDelete
	// WritePolicyNoFail makes the create-only, update-only and delete
	// refusals no-ops instead of errors.
	WritePolicyNoFail = driver.ExpWritePolicyNoFail
	// WriteEvalNoFail makes an evaluation failure a no-op instead of
	// OP_NOT_APPLICABLE.
	WriteEvalNoFail = driver.ExpWriteEvalNoFail
)

// Flags of a read expression operation (client ExpReadFlags).
const (
	// ReadDefault fails the command with OP_NOT_APPLICABLE when the
	// expression cannot be evaluated.
	ReadDefault = driver.ExpReadDefault
	// ReadEvalNoFail returns no value instead.
	ReadEvalNoFail = driver.ExpReadEvalNoFail
)

// ReadOp is an Operate operation that evaluates e on the record and returns
// its value under the name name (client ExpReadOp).
func ReadOp(name string, e *Expr, flags driver.ExpFlags) driver.Operation {
	return driver.Operation{Type: driver.OpExpRead, Bin: name, Value: e, ExpFlags: flags}
}

// WriteOp is an Operate operation that evaluates e on the record and writes
// its value to the bin name (client ExpWriteOp).
func WriteOp(name string, e *Expr, flags driver.ExpFlags) driver.Operation {
	return driver.Operation{Type: driver.OpExpWrite, Bin: name, Value: e, ExpFlags: flags}
}
