package aerospike

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

// Secrets and errors: no error this driver returns, at any depth reachable
// with errors.Unwrap or errors.As, holds the password in a form that a fmt
// verb prints (%v %+v %#v %s %q %x %X, fields included). The password is
// never stored in an error: scrub checks the client's error chain once, when
// the error is converted, and replaces a chain that would print it.

// scrubbedError stands in for a client error chain that would print the
// password: it holds the chain's text with the password masked, and a fresh
// *as.AerospikeError carrying only the result code and in-doubt flag, so that
// errors.As to *as.AerospikeError and errors.Is against the client's code
// errors keep working. The original chain (a network error, say) is dropped.
type scrubbedError struct {
	msg string
	ae  *as.AerospikeError
}

func (e *scrubbedError) Error() string { return e.msg }

func (e *scrubbedError) Unwrap() error { return e.ae }

// secretVerbs are the fmt verbs scrub renders every error of a chain with.
var secretVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X"}

// scrub returns err itself when no error of its chain prints secret (under
// any of secretVerbs, in clear, quoted or hex form), and a *scrubbedError
// otherwise. An empty secret returns err.
func scrub(err error, secret string) error {
	if err == nil || secret == "" || !printsSecret(err, secret) {
		return err
	}
	code, inDoubt := clientCode(err)
	return &scrubbedError{
		msg: maskSecret(err.Error(), secret),
		ae:  &as.AerospikeError{ResultCode: code, InDoubt: inDoubt},
	}
}

// printsSecret reports whether any error of err's chain (Unwrap() error and
// Unwrap() []error, depth-first) prints secret.
func printsSecret(err error, secret string) bool {
	forms := secretForms(secret)
	var walk func(e error, depth int) bool
	walk = func(e error, depth int) bool {
		if e == nil {
			return false
		}
		if depth > 64 {
			return true // a chain this deep is not checked: treat it as unsafe
		}
		for _, verb := range secretVerbs {
			out := fmt.Sprintf(verb, e)
			for _, f := range forms {
				if strings.Contains(out, f) {
					return true
				}
			}
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			return walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if walk(inner, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(err, 0)
}

// secretForms are the ways fmt can render secret: as is, escaped inside %q
// (Go and ASCII escaping) and in hex (%x, %X).
func secretForms(secret string) []string {
	q := strconv.Quote(secret)
	qa := strconv.QuoteToASCII(secret)
	h := hex.EncodeToString([]byte(secret))
	return []string{secret, q[1 : len(q)-1], qa[1 : len(qa)-1], h, strings.ToUpper(h)}
}

// maskSecret replaces every form of secret in s.
func maskSecret(s, secret string) string {
	for _, f := range secretForms(secret) {
		s = strings.ReplaceAll(s, f, redacted)
	}
	return s
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
// ("get test:set:1"). A chain that would print secret is scrubbed.
func toDriverError(err error, what, secret string) *driver.Error {
	code, inDoubt := clientCode(err)
	if code == types.MAX_RETRIES_EXCEEDED {
		if inner, innerDoubt, ok := retriedCode(err); ok {
			code = inner
			inDoubt = inDoubt || innerDoubt
		}
	}
	if inDoubt && sentNothing(err) {
		inDoubt = false
	}
	return &driver.Error{
		Code:    driver.ResultCode(code),
		InDoubt: inDoubt,
		Msg:     what,
		Err:     compact(scrub(err, secret)),
	}
}

// clientError is a client error printed without what the *driver.Error
// around it says already: the client's own rendering repeats the result
// code, the in-doubt flag and the code's message ("ResultCode:
// KEY_NOT_FOUND_ERROR, Iteration: 0, InDoubt: false, Node: A0
// 127.0.0.1:3000: Key not found"), and keeps only the node, the attempt
// after the first and a message of its own. Unwrap gives the client's error.
type clientError struct {
	text string
	err  error
}

func (e *clientError) Error() string { return e.text }

func (e *clientError) Unwrap() error { return e.err }

// compact wraps a client error whose text it can shorten in a *clientError;
// anything else (a scrubbed chain among them) is returned as it is.
func compact(err error) error {
	ae, ok := err.(*as.AerospikeError)
	if !ok {
		return err
	}
	full := ae.Error()
	header := fmt.Sprintf("ResultCode: %s, Iteration: %d, InDoubt: %t, Node: %s: ",
		ae.ResultCode.String(), ae.Iteration, ae.InDoubt, ae.Node)
	rest, ok := strings.CutPrefix(full, header)
	if !ok {
		return err
	}
	msg, wrapped, _ := strings.Cut(rest, "\n")
	var parts []string
	if ae.Node != nil {
		parts = append(parts, "node "+ae.Node.String())
	}
	if ae.Iteration > 0 {
		parts = append(parts, "attempt "+strconv.Itoa(ae.Iteration+1))
	}
	if msg = strings.TrimSpace(msg); msg != "" && !strings.EqualFold(msg, types.ResultCodeToString(ae.ResultCode)) {
		parts = append(parts, msg)
	}
	if wrapped = strings.TrimSpace(wrapped); wrapped != "" {
		parts = append(parts, wrapped)
	}
	return &clientError{text: strings.Join(parts, ": "), err: err}
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
