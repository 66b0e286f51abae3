package aerospike

import (
	"errors"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"
)

// sentNothing reports whether a client error shows only failures that
// happen before a command is written to a connection, so that the command
// is not in doubt and may be sent again whatever it does. The client
// chains the error of each attempt (command.go executeAt); the attempts it
// makes without sending are those where it found no node for the partition
// (INVALID_NODE_ERROR), the node inactive (SERVER_NOT_AVAILABLE), the
// node's circuit breaker open (MAX_ERROR_RATE, validateErrorCount) or the
// connection pool empty or exhausted (NO_AVAILABLE_CONNECTIONS_TO_NODE:
// the client then opens a connection in the background and counts no
// attempt, node.go getConnectionWithHint). MAX_RETRIES_EXCEEDED only says
// that it gave up. The client itself marks every error of a write with a
// code <= 0 in doubt (error.go setInDoubt), these included, although
// nothing was sent. Any other code, or an error that is not the client's
// (a network error), may follow a send: not provably unsent.
func sentNothing(err error) bool {
	var ae *as.AerospikeError
	if !errors.As(err, &ae) {
		return false
	}
	unsent := false
	for e := error(ae); e != nil; e = errors.Unwrap(e) {
		a, ok := e.(*as.AerospikeError)
		if !ok {
			return false
		}
		switch a.ResultCode {
		case types.NO_AVAILABLE_CONNECTIONS_TO_NODE, types.SERVER_NOT_AVAILABLE, types.INVALID_NODE_ERROR, types.MAX_ERROR_RATE:
			unsent = true
		case types.MAX_RETRIES_EXCEEDED:
		default:
			return false
		}
	}
	return unsent
}
