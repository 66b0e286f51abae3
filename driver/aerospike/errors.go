package aerospike

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

// redactedError keeps the client's error reachable (errors.As to
// *as.AerospikeError works through Unwrap) while its text never shows the
// password, should the client or the network stack ever echo it.
type redactedError struct {
	err    error
	secret string
}

func (e *redactedError) Error() string {
	return strings.ReplaceAll(e.err.Error(), e.secret, redacted)
}

func (e *redactedError) Unwrap() error { return e.err }

// redact wraps err so that secret never appears in its text.
func redact(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	return &redactedError{err: err, secret: secret}
}

// clientCode returns the result code and in-doubt flag of a client error.
// Errors that are not the client's (they all are, in practice) are
// COMMON_ERROR, as the client classifies stdlib errors (error.go).
func clientCode(err error) (types.ResultCode, bool) {
	var ae *as.AerospikeError
	if errors.As(err, &ae) {
		return ae.ResultCode, ae.InDoubt
	}
	var ie as.Error
	if errors.As(err, &ie) {
		return types.COMMON_ERROR, ie.IsInDoubt()
	}
	return types.COMMON_ERROR, false
}

// toDriverError turns a client error into a *driver.Error with the same
// result code (driver.ResultCode values are the client's types.ResultCode
// values), keeping the client's error in Err. what describes the call
// ("get test:set:1"). secret is masked from every text.
func toDriverError(err error, what, secret string) *driver.Error {
	code, inDoubt := clientCode(err)
	if code == types.MAX_RETRIES_EXCEEDED {
		if inner, innerDoubt, ok := retriedCode(err); ok {
			code = inner
			inDoubt = inDoubt || innerDoubt
		}
	}
	return &driver.Error{
		Code:    driver.ResultCode(code),
		InDoubt: inDoubt,
		Msg:     what,
		Err:     redact(err, secret),
	}
}

// retriedCode returns the code of the failure that made the client give up
// when err is its MAX_RETRIES_EXCEEDED. The client chains the error of each
// attempt under that code (command.go executeAt: chainErrors(
// ErrMaxRetriesExceeded, errChain), the latest attempt first), so that a
// write with MaxRetries 0 whose only attempt timed out ends as
// MAX_RETRIES_EXCEEDED wrapping TIMEOUT or NETWORK_ERROR; scans and queries
// retry INDEX_NOTFOUND and INDEX_NOTREADABLE (partition_tracker.go
// shouldRetry: the index may not be readable on every node yet) and end the
// same way, and a query on a bin with no index must be INDEX_NOTFOUND. The
// underlying code is the one the caller can act on, so it wins; INDEX_NOTFOUND
// anywhere in the chain wins over the rest.
func retriedCode(err error) (types.ResultCode, bool, bool) {
	var outer *as.AerospikeError
	if !errors.As(err, &outer) || outer.ResultCode != types.MAX_RETRIES_EXCEEDED {
		return 0, false, false
	}
	if outer.Matches(types.INDEX_NOTFOUND) {
		return types.INDEX_NOTFOUND, false, true
	}
	// Walk down the chain to the first error that is not itself a
	// MAX_RETRIES_EXCEEDED (a batch retried in sub-commands nests them).
	var cur error = outer
	for depth := 0; depth < 64; depth++ {
		var ae *as.AerospikeError
		if !errors.As(cur, &ae) {
			return 0, false, false
		}
		if ae.ResultCode != types.MAX_RETRIES_EXCEEDED {
			return ae.ResultCode, ae.InDoubt, true
		}
		next := ae.Unwrap()
		if next == nil {
			return 0, false, false
		}
		cur = next
	}
	return 0, false, false
}

// contextError reports a failure caused by the context: its error chain holds
// the context's error first (errors.Is(err, context.DeadlineExceeded)) and
// the *driver.Error of the client's failure second, so that a write's
// InDoubt stays visible.
type contextError struct {
	ctxErr error
	derr   *driver.Error
}

func (e *contextError) Error() string {
	if e.derr == nil {
		return "aerospike: " + e.ctxErr.Error()
	}
	return fmt.Sprintf("aerospike: %v: %v", e.ctxErr, e.derr)
}

func (e *contextError) Unwrap() []error {
	if e.derr == nil {
		return []error{e.ctxErr}
	}
	return []error{e.ctxErr, e.derr}
}

// ctxCause returns the context's error when ctx is done, or
// context.DeadlineExceeded when its deadline has passed although its timer
// has not fired yet (the client's own timer, set from the same deadline, can
// fire first).
func ctxCause(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}

// wrap converts a client error of a call made under ctx.
func (c *Conn) wrap(ctx context.Context, err error, what string) error {
	if err == nil {
		return nil
	}
	derr := toDriverError(err, what, string(c.cfg.Password))
	if cerr := ctxCause(ctx); cerr != nil {
		switch derr.Code {
		case driver.Timeout, driver.NetworkError, driver.MaxRetriesExceeded, driver.NoResponse:
			return &contextError{ctxErr: cerr, derr: derr}
		}
	}
	return derr
}
