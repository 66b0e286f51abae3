package aerospike

import (
	"errors"
	"strings"

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
// attempt, node.go getConnectionWithHint). MAX_RETRIES_EXCEEDED, and the
// TIMEOUT the client adds when its total timeout ends the attempts
// (command.go executeAt: chainErrors(ErrTimeout, errChain)), only say that
// it gave up; a socket timeout of a command that was sent is a TIMEOUT
// wrapping the network error, and a server's TIMEOUT reply has the
// server's message: neither is taken for giving up. The client itself marks every error of a write with a
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
		case types.TIMEOUT:
			if !clientGaveUp(a) {
				return false
			}
		default:
			return false
		}
	}
	return unsent
}

// clientTimeoutMsg is the message of the client's as.ErrTimeout (error.go),
// the error it chains when the total timeout ends its attempts.
const clientTimeoutMsg = "command execution timed out on client: See `Policy.Timeout`"

// clientGaveUp reports whether a (one link of a chain) is the client's
// total-timeout error: its own message, the first line of its text (the
// text of the links it wraps follows on the next lines), is
// clientTimeoutMsg.
func clientGaveUp(a *as.AerospikeError) bool {
	line, _, _ := strings.Cut(a.Error(), "\n")
	return strings.HasSuffix(line, ": "+clientTimeoutMsg)
}
