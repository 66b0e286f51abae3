package memconn

import (
	"context"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

// Lua UDFs on the engine: registration, record UDFs, background jobs and
// whole aggregations (the server's part and the client's, in one run).

var (
	_ driver.UDFer            = (*conn)(nil)
	_ driver.BackgroundRunner = (*conn)(nil)
	_ driver.Aggregator       = (*conn)(nil)
)

func (c *conn) RegisterUDF(ctx context.Context, name string, code []byte) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	return c.e.RegisterUDF(name, code)
}

func (c *conn) RemoveUDF(ctx context.Context, name string) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	if err := engine.CheckUDFName(name); err != nil {
		return err
	}
	return c.e.RemoveUDF(name)
}

func (c *conn) ListUDFs(ctx context.Context) ([]driver.UDFModule, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	return c.e.UDFs(), nil
}

// deadline is the time limit of a UDF run under ctx: its deadline, or the
// engine's default.
func deadline(ctx context.Context, def time.Duration) time.Time {
	if dl, ok := ctx.Deadline(); ok {
		return dl
	}
	return time.Now().Add(def)
}

func (c *conn) ApplyUDF(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, call *driver.UDFCall) (any, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if err := call.Check(); err != nil {
		return nil, err
	}
	v, err := c.e.ApplyUDF(policy, key, &engine.UDFCall{Module: call.Module, Function: call.Function,
		Args: call.Args, Deadline: deadline(ctx, engine.DefaultUDFTimeout), Done: ctx.Done()})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return v, nil
}

func (c *conn) RunBackground(ctx context.Context, policy *driver.WritePolicy, req *driver.QueryRequest, task *driver.BackgroundTask) (driver.Job, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	j, err := c.e.StartJob(0, policy, req, task)
	if err != nil {
		return nil, err
	}
	return memJob{j}, nil
}

type memJob struct{ j *engine.Job }

func (m memJob) ID() uint64 { return m.j.ID }

func (m memJob) Status(ctx context.Context) (driver.JobStatus, error) {
	if err := ctx.Err(); err != nil {
		return driver.JobStatus{}, err
	}
	st := driver.JobStatus{ID: m.j.ID, Status: "active", Done: m.j.Finished()}
	st.RecordsProcessed, _, _ = m.j.Counts()
	if st.Done {
		st.Status = "done(ok)"
		if m.j.Err() != nil {
			st.Status = "done(error)"
		}
	}
	return st, nil
}

func (m memJob) Wait(ctx context.Context) error { return m.j.Wait(ctx) }

func (c *conn) Aggregate(ctx context.Context, req *driver.QueryRequest, call *driver.UDFCall) (driver.ValueRows, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if err := call.Check(); err != nil {
		return nil, err
	}
	w, err := c.e.NewWalk(req)
	if err != nil {
		return nil, err
	}
	defer w.Stop()
	var out []any
	next := func() (*driver.Record, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return w.Next()
	}
	err = c.e.Aggregate(req.Namespace, &engine.UDFCall{Module: call.Module, Function: call.Function,
		Args: call.Args, Deadline: deadline(ctx, time.Minute), Done: ctx.Done()}, engine.AggregateAll, next, func(v any) error {
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &valueRows{vals: out}, nil
}

// valueRows streams values already computed.
type valueRows struct {
	vals   []any
	closed bool
}

func (r *valueRows) Next(ctx context.Context) (any, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	if r.closed || len(r.vals) == 0 {
		return nil, false, nil
	}
	v := r.vals[0]
	r.vals = r.vals[1:]
	return v, true, nil
}

func (r *valueRows) Close() error { r.closed = true; return nil }
