package aero

import (
	"context"
	"sync"
	"time"
)

// Command names a Session call as hooks (OpInfo.Name) and errors
// (Error.Op) report it. The names follow the OpenTelemetry database
// conventions: the command's name in upper case, and "BATCH " before the
// name of a batch. The Cmd* constants are every name a Session call
// reports (udf.go adds those of the UDF calls); an error from an argument
// check before any call may name its step instead ("REPO", "DECODE",
// "BIN", "CDT", "REGISTER").
type Command string

// The commands of the Session's record, batch, scan, query and index calls.
const (
	CmdGet         Command = "GET"
	CmdExists      Command = "EXISTS"
	CmdPut         Command = "PUT"
	CmdDelete      Command = "DELETE"
	CmdTouch       Command = "TOUCH"
	CmdOperate     Command = "OPERATE"
	CmdBatchGet    Command = "BATCH GET"
	CmdBatchExists Command = "BATCH EXISTS"
	CmdBatchPut    Command = "BATCH PUT"
	CmdBatchDelete Command = "BATCH DELETE"
	CmdBatch       Command = "BATCH OPERATE"
	CmdScan        Command = "SCAN"
	CmdQuery       Command = "QUERY"
	CmdCreateIndex Command = "CREATE INDEX"
	CmdDropIndex   Command = "DROP INDEX"
	CmdTruncate    Command = "TRUNCATE"
)

// OpInfo describes one Session call to the hooks.
type OpInfo struct {
	// Name is the command, one of the Cmd* constants.
	Name Command
	// Write is the kind of write of a PUT or BATCH PUT (WritePut,
	// WriteInsert, WriteModify...); empty for other calls.
	Write WriteKind
	// Namespace and Set the call runs in; Set is empty for namespace-wide
	// calls and for batches that span sets.
	Namespace, Set string
	// BatchSize is the number of records of a batch call; 0 otherwise.
	BatchSize int
	// ServerAddress and ServerPort name the seed host of the connection,
	// when the driver talks to a server; empty and 0 otherwise.
	ServerAddress string
	ServerPort    int
}

// Hook observes every Session call: single-record commands, batches, scans
// and queries (from the first record to the end of iteration), index
// commands and truncates. Modelled on pgx's tracers and go-redis's hooks,
// it is the seam for tracing, metrics and logging; the otelaero package
// implements it for OpenTelemetry.
//
// Before runs before the call and returns the context the call continues
// with (a tracing hook starts its span there). After runs once the call has
// finished, with the context Before returned, the call's error (nil on
// success; a record that is not found by Get is ErrNotFound; for a batch or
// a page, the failure of the call itself, the records' own failures being
// in its results) and its duration. Hooks must be safe for concurrent use and must not retain info
// after After returns.
type Hook interface {
	Before(ctx context.Context, info *OpInfo) context.Context
	After(ctx context.Context, info *OpInfo, err error, elapsed time.Duration)
}

// HookFuncs adapts a pair of functions to Hook; either may be nil.
type HookFuncs struct {
	BeforeFunc func(ctx context.Context, info *OpInfo) context.Context
	AfterFunc  func(ctx context.Context, info *OpInfo, err error, elapsed time.Duration)
}

// Before calls h.BeforeFunc, if set.
func (h HookFuncs) Before(ctx context.Context, info *OpInfo) context.Context {
	if h.BeforeFunc == nil {
		return ctx
	}
	return h.BeforeFunc(ctx, info)
}

// After calls h.AfterFunc, if set.
func (h HookFuncs) After(ctx context.Context, info *OpInfo, err error, elapsed time.Duration) {
	if h.AfterFunc != nil {
		h.AfterFunc(ctx, info, err, elapsed)
	}
}

// span is one hooked call in progress. Its zero value (no hooks) does
// nothing, so the no-hook path costs a length check and no allocation.
type span struct {
	st *spanState
}

// spanState is the state of a hooked call. It is pooled: hooks must not
// retain the *OpInfo after After returns (see Hook), so a call with hooks
// allocates nothing either once the pool is warm.
type spanState struct {
	info  OpInfo
	hooks []Hook
	ctxs  []context.Context
	buf   [4]context.Context
	start time.Duration // since monoEpoch
}

// monoEpoch is the origin of call start times: time.Since on it reads the
// monotonic clock only, cheaper than time.Now (wall and monotonic).
var monoEpoch = time.Now()

var spanPool = sync.Pool{New: func() any { return new(spanState) }}

// begin runs the Before hooks of a call and returns the context to use.
// With no hooks it returns ctx and a zero span, inlined into its caller:
// a call without hooks pays one test.
func (s *Session) begin(ctx context.Context, info *OpInfo) (context.Context, span) {
	if len(s.hooks) == 0 {
		return ctx, span{}
	}
	return s.beginHooks(ctx, info)
}

// beginHooks is begin with hooks: the info they see names the server.
func (s *Session) beginHooks(ctx context.Context, info *OpInfo) (context.Context, span) {
	st := spanPool.Get().(*spanState)
	st.info = *info
	st.info.ServerAddress, st.info.ServerPort = s.host, s.port
	st.hooks = s.hooks
	if len(s.hooks) <= len(st.buf) {
		st.ctxs = st.buf[:len(s.hooks)]
	} else {
		st.ctxs = make([]context.Context, len(s.hooks))
	}
	for i, h := range s.hooks {
		if next := h.Before(ctx, &st.info); next != nil {
			ctx = next // a hook that returns nil keeps the context it got
		}
		st.ctxs[i] = ctx
	}
	st.start = time.Since(monoEpoch)
	return ctx, span{st}
}

// end runs the After hooks, innermost first, and returns err unchanged. A
// second end of the same span does nothing. Without hooks it is one test,
// inlined into its caller.
func (sp *span) end(err error) error {
	if sp.st == nil {
		return err
	}
	return sp.endHooks(err)
}

// endHooks is end with hooks.
func (sp *span) endHooks(err error) error {
	st := sp.st
	sp.st = nil
	elapsed := time.Since(monoEpoch) - st.start
	for i := len(st.hooks) - 1; i >= 0; i-- {
		st.hooks[i].After(st.ctxs[i], &st.info, err, elapsed)
	}
	clear(st.ctxs)
	*st = spanState{}
	spanPool.Put(st)
	return err
}
