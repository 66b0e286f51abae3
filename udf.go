package aero

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/mapper"
)

// Lua user-defined functions (UDFs)
//
// A Lua module is registered once (RegisterUDF, as "name.lua") and its
// functions are then called by module name ("name") and function name:
//
//   - Apply runs a record UDF on one record: the function gets the record
//     and the arguments, may read and write its bins, and returns a value.
//   - Background runs a record UDF, or write operations, on every record a
//     scan or query selects, on the server, as a job to wait on.
//   - Aggregate runs a stream UDF (map, filter, aggregate, reduce,
//     groupby) over a scan or query and yields its values.
//
// A failure of the function is ErrUDF, carrying the server's message
// ("mymod.lua:12: message", "function not found", ...). Every backend that
// implements the driver's UDF interfaces runs them: the Aerospike driver on
// the server, the memory driver on the engine's Lua runtime (the package
// doc's Lua UDFs section says what differs from the server's Lua 5.4).

// The commands of the UDF calls, as hooks and errors name them.
const (
	CmdRegisterUDF Command = "REGISTER UDF"
	CmdRemoveUDF   Command = "REMOVE UDF"
	CmdListUDFs    Command = "LIST UDFS"
	CmdApply       Command = "APPLY"
	CmdBackground  Command = "BACKGROUND"
	CmdAggregate   Command = "AGGREGATE"
)

// UDFModule describes a registered Lua module.
type UDFModule = driver.UDFModule

// UDF names a function of a registered module: UDF{"mymod", "myfn"}.
type UDF struct {
	Module   string
	Function string
}

func (u UDF) call(args []any) *driver.UDFCall {
	return &driver.UDFCall{Module: u.Module, Function: u.Function, Args: args}
}

// errNoUDF is the cause of ErrServer for a backend that runs no UDFs.
func errNoUDF(conn driver.Conn) error {
	return driver.Errorf(driver.UnsupportedFeature, "the %T backend does not run UDFs", conn)
}

// RegisterUDF registers the Lua module code as name ("mymod.lua") and
// returns once it is usable. Code that does not compile, or fails when it
// loads, is ErrUDF with the server's compile error (file, line, message).
func (s *Session) RegisterUDF(ctx context.Context, name string, code []byte) error {
	return s.admin(ctx, CmdRegisterUDF, "", "", func(ctx context.Context) error {
		u, ok := s.conn.(driver.UDFer)
		if !ok {
			return errNoUDF(s.conn)
		}
		return u.RegisterUDF(ctx, name, code)
	})
}

// RemoveUDF removes the module name ("mymod.lua"); a module that is not
// registered is no error, as on the server.
func (s *Session) RemoveUDF(ctx context.Context, name string) error {
	return s.admin(ctx, CmdRemoveUDF, "", "", func(ctx context.Context) error {
		u, ok := s.conn.(driver.UDFer)
		if !ok {
			return errNoUDF(s.conn)
		}
		return u.RemoveUDF(ctx, name)
	})
}

// ListUDFs lists the registered modules.
func (s *Session) ListUDFs(ctx context.Context) ([]UDFModule, error) {
	c := cmd{s: s, info: s.opInfo(CmdListUDFs, "", "", "", 0)}
	return exec(ctx, s, &c, func(ctx context.Context, c cmd) ([]UDFModule, error) {
		u, ok := c.s.conn.(driver.UDFer)
		if !ok {
			return nil, errNoUDF(c.s.conn)
		}
		return u.ListUDFs(ctx)
	})
}

// Result is a value a UDF returned (Apply's, or one value of an
// Aggregate): nil, bool, int64, float64, string, []byte, []any or
// map[any]any.
type Result struct {
	Value any
}

// Decode stores the value into the variable out points to, as the mapper
// decodes a field of that type (a map into a struct, a list into a slice).
// A nil value leaves out as it is.
func (r Result) Decode(out any) error {
	if r.Value == nil {
		return nil
	}
	if err := mapper.DecodeValue(r.Value, out); err != nil {
		return decodeError(CmdApply, "", "", nil, err)
	}
	return nil
}

// Apply runs the record UDF fn on the record at key with args and returns
// the function's value. The record is written only when the function
// succeeds. WithTTL and WithSendKey apply to the write; a generation check
// is refused by the server (ErrInvalidArgument).
func (s *Session) Apply(ctx context.Context, key Key, fn UDF, args []any, opts ...WriteOption) (Result, error) {
	c, err := s.cmd(CmdApply, "", key)
	if err != nil {
		return Result{}, err
	}
	return s.apply(ctx, &c, fn, args, opts)
}

// apply runs a record UDF through the call skeleton.
func (s *Session) apply(ctx context.Context, c *cmd, fn UDF, args []any, opts []WriteOption) (Result, error) {
	if err := c.withPolicy(driver.Update, opts, 0, 0); err != nil {
		return Result{}, err
	}
	call := fn.call(args)
	if err := call.Check(); err != nil {
		return Result{}, c.invalid(err)
	}
	return exec(ctx, s, c, func(ctx context.Context, c cmd) (Result, error) {
		u, ok := c.s.conn.(driver.UDFer)
		if !ok {
			return Result{}, errNoUDF(c.s.conn)
		}
		v, err := u.ApplyUDF(ctx, c.policy, c.key, call)
		return Result{Value: v}, err
	})
}

// ApplyAs runs a record UDF as Session.Apply does and decodes its value
// into a T.
func ApplyAs[T any](ctx context.Context, s *Session, key Key, fn UDF, args []any, opts ...WriteOption) (T, error) {
	var out T
	r, err := s.Apply(ctx, key, fn, args, opts...)
	if err != nil {
		return out, err
	}
	err = r.Decode(&out)
	return out, err
}

// Apply runs the record UDF fn on the record with key k, as Session.Apply.
func (r *Repo[T, K]) Apply(ctx context.Context, k K, fn UDF, args []any, opts ...WriteOption) (Result, error) {
	c, err := r.cmd(CmdApply, "", k)
	if err != nil {
		return Result{}, err
	}
	return r.s.apply(ctx, &c, fn, args, opts)
}

// Job is a background job: its work goes on on the server once
// Background returns.
type Job struct {
	s   *Session
	ns  string
	set string
	j   driver.Job
}

// JobStatus is the state of a background job.
type JobStatus = driver.JobStatus

// ID is the job's id (the server's task id).
func (j *Job) ID() uint64 { return j.j.ID() }

// Status reports where the job stands.
func (j *Job) Status(ctx context.Context) (JobStatus, error) {
	st, err := j.j.Status(ctx)
	if err != nil {
		return st, newError(CmdBackground, j.ns, j.set, nil, err)
	}
	return st, nil
}

// Wait returns once the job is done, or with ctx's error.
func (j *Job) Wait(ctx context.Context) error {
	if err := j.j.Wait(ctx); err != nil {
		return newError(CmdBackground, j.ns, j.set, nil, err)
	}
	return nil
}

// BackgroundTask is what a background job applies to each record: a UDF
// with its arguments, or write operations (exactly one of the two).
type BackgroundTask struct {
	UDF  UDF
	Args []any
	Ops  []Op
}

// Background starts a job that applies task to every record of set that f
// selects (every record when f is nil) and returns its handle. Records the
// job no longer finds are skipped: a job never creates records. WithTTL and
// WithSendKey apply to its writes.
func (s *Session) Background(ctx context.Context, set string, f *Filter, task BackgroundTask, opts ...WriteOption) (*Job, error) {
	req := s.scanRequest(set, f, nil)
	c := cmd{s: s, info: s.opInfo(CmdBackground, "", req.Namespace, set, 0)}
	if err := c.withPolicy(driver.Update, opts, 0, 0); err != nil {
		return nil, err
	}
	dt := &driver.BackgroundTask{Ops: task.Ops}
	if task.UDF != (UDF{}) {
		dt.UDF = task.UDF.call(task.Args)
	}
	if f != nil {
		if err := f.validate(); err != nil {
			return nil, c.invalid(err)
		}
	}
	if err := driver.CheckBackgroundTask(dt); err != nil {
		return nil, c.invalid(err)
	}
	return exec(ctx, s, &c, func(ctx context.Context, c cmd) (*Job, error) {
		b, ok := c.s.conn.(driver.BackgroundRunner)
		if !ok {
			return nil, errNoUDF(c.s.conn)
		}
		j, err := b.RunBackground(ctx, c.policy, req, dt)
		if err != nil {
			return nil, err
		}
		return &Job{s: c.s, ns: req.Namespace, set: set, j: j}, nil
	})
}

// Aggregate runs the stream UDF fn with args over the records of set that
// f selects (every record when f is nil) and yields the values the stream
// produces; the final reduce runs on the client, as the Aerospike client
// runs it. A failure is yielded last, with a zero Result.
func (s *Session) Aggregate(ctx context.Context, set string, f *Filter, fn UDF, args ...any) iter.Seq2[Result, error] {
	req := s.scanRequest(set, f, nil)
	return func(yield func(Result, error) bool) {
		info := s.opInfo(CmdAggregate, "", req.Namespace, set, 0)
		if f != nil {
			if err := f.validate(); err != nil {
				yield(Result{}, invalidArgument(CmdAggregate, req.Namespace, set, err))
				return
			}
		}
		call := fn.call(args)
		if err := call.Check(); err != nil {
			yield(Result{}, invalidArgument(CmdAggregate, req.Namespace, set, err))
			return
		}
		ctx, sp := s.begin(ctx, &info)
		defer sp.end(errAborted)
		a, ok := s.conn.(driver.Aggregator)
		if !ok {
			yield(Result{}, sp.end(newError(CmdAggregate, req.Namespace, set, nil, errNoUDF(s.conn))))
			return
		}
		rows, err := a.Aggregate(ctx, req, call)
		if err != nil {
			yield(Result{}, sp.end(newError(CmdAggregate, req.Namespace, set, nil, err)))
			return
		}
		defer rows.Close()
		for {
			v, more, err := rows.Next(ctx)
			if err != nil {
				yield(Result{}, sp.end(newError(CmdAggregate, req.Namespace, set, nil, err)))
				return
			}
			if !more {
				sp.end(nil)
				return
			}
			if !yield(Result{Value: v}, nil) {
				sp.end(nil)
				return
			}
		}
	}
}

// AggregateAs runs an aggregation as Session.Aggregate does and decodes
// each value into a T.
func AggregateAs[T any](ctx context.Context, s *Session, set string, f *Filter, fn UDF, args ...any) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for v, err := range s.Aggregate(ctx, set, f, fn, args...) {
			var out T
			if err == nil {
				err = v.Decode(&out)
			}
			if !yield(out, err) || err != nil {
				return
			}
		}
	}
}

// UDFMessage returns the server's message of a UDF failure (the FAILURE
// text, "mymod.lua:12: message") carried by err, and whether err is one.
func UDFMessage(err error) (string, bool) {
	if !errors.Is(err, ErrUDF) {
		return "", false
	}
	var de *driver.Error
	if errors.As(err, &de) {
		if de.Msg != "" {
			return de.Msg, true
		}
		if de.Err != nil {
			return de.Err.Error(), true
		}
	}
	return fmt.Sprint(err), true
}
