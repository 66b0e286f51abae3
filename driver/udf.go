package driver

import (
	"context"
	"fmt"
	"strings"
)

// Lua user-defined functions: optional interfaces a Conn implements when
// its backend runs UDFs (the Aerospike driver and the memory driver both
// do). The Session discovers them with a type assertion, as for the other
// optional interfaces (optional.go).

// UDFModule describes a registered Lua module.
type UDFModule struct {
	// Name is the module's file name, e.g. "mymod.lua"; calls name the
	// module without the extension ("mymod").
	Name string
	// Hash is the server's hash of the module (udf-list).
	Hash string
	// Language is "LUA".
	Language string
}

// UDFCall names a function of a registered module and its arguments
// (values of the types Bins holds).
type UDFCall struct {
	Module   string
	Function string
	Args     []any
}

// Check validates the names of a call: both set, no info-protocol
// separator, the module without its ".lua" extension.
func (c *UDFCall) Check() error {
	switch {
	case c == nil:
		return NewError(ParameterError, "UDF call is nil")
	case c.Module == "" || c.Function == "":
		return NewError(ParameterError, "UDF call needs a module and a function")
	case strings.HasSuffix(c.Module, ".lua"):
		return Errorf(ParameterError, "UDF module %q: name the module without its .lua extension", c.Module)
	case len(c.Module) > 127 || len(c.Function) > 127:
		return NewError(ParameterError, "UDF module or function name longer than 127 bytes")
	}
	return nil
}

// UDFer is implemented by a Conn that runs record UDFs.
type UDFer interface {
	// RegisterUDF registers the Lua module code under file name (which has
	// an extension, "mymod.lua") on every node, replacing any module of
	// that name, and returns once the module is usable. Code that does not
	// compile, or raises an error when it is loaded, is UDFBadResponse
	// with the server's message (file, line, message).
	RegisterUDF(ctx context.Context, name string, code []byte) error
	// RemoveUDF removes the module file name; a missing module is no
	// error, as the server answers.
	RemoveUDF(ctx context.Context, name string) error
	// ListUDFs lists the registered modules.
	ListUDFs(ctx context.Context) ([]UDFModule, error)
	// ApplyUDF runs call on the record at key (a record UDF) and returns
	// the function's value. A failure of the function is UDFBadResponse
	// whose message is the server's ("mod.lua:LINE: message", "function
	// not found", ...). The policy's generation check and record-exists
	// action must be unset: the server refuses them (ParameterError).
	ApplyUDF(ctx context.Context, policy *WritePolicy, key *Key, call *UDFCall) (any, error)
}

// BackgroundTask is what a background job does to each record its scan or
// query selects: a record UDF, or write operations.
type BackgroundTask struct {
	UDF *UDFCall
	Ops []Operation
}

// JobStatus is the state of a background job.
type JobStatus struct {
	ID   uint64
	Done bool
	// Status is the server's word for it: "active" or "done(ok)" (and the
	// like), as query-show reports it.
	Status string
	// RecordsProcessed counts the records the job has applied its task to,
	// when the backend knows (-1 when it does not).
	RecordsProcessed int64
}

// Job is a running background job.
type Job interface {
	// ID is the job's (the task's) id.
	ID() uint64
	// Status reports where the job stands.
	Status(ctx context.Context) (JobStatus, error)
	// Wait returns once the job is done, or with ctx's error.
	Wait(ctx context.Context) error
}

// BackgroundRunner is implemented by a Conn that runs background jobs: a
// scan (req.Filter nil) or secondary-index query that applies a task to
// every record it selects, on the server, without returning records. Only
// write operations are allowed (a read is ParameterError, as the client
// refuses it); records the job does not find it skips, as internal UDFs
// never create records (transaction/udf.c udf_master_apply, FROM_IUDF).
type BackgroundRunner interface {
	RunBackground(ctx context.Context, policy *WritePolicy, req *QueryRequest, task *BackgroundTask) (Job, error)
}

// ValueRows streams the values of an aggregation. It is used by one
// goroutine.
type ValueRows interface {
	// Next returns the next value and true, or (nil, false, nil) after the
	// last one.
	Next(ctx context.Context) (any, bool, error)
	// Close stops the stream; safe to call more than once.
	Close() error
}

// Aggregator is implemented by a Conn that runs stream UDFs (aggregations)
// over a scan or query: the stream function's operations run on the
// records req selects, and the final reduce and what follows it on the
// client, as the Aerospike client does.
type Aggregator interface {
	Aggregate(ctx context.Context, req *QueryRequest, call *UDFCall) (ValueRows, error)
}

// CheckBackgroundTask validates a task: exactly one of a UDF or operations,
// and operations that only write.
func CheckBackgroundTask(t *BackgroundTask) error {
	if t == nil || (t.UDF == nil) == (len(t.Ops) == 0) {
		return NewError(ParameterError, "background job needs a UDF or write operations (exactly one)")
	}
	if t.UDF != nil {
		return t.UDF.Check()
	}
	for i := range t.Ops {
		if !t.Ops[i].Type.IsWrite() {
			return Errorf(ParameterError, "background job op %d (%s) reads: a background job only writes", i, fmt.Sprint(t.Ops[i].Type))
		}
	}
	return nil
}
