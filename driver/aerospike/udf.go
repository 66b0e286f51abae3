package aerospike

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
)

// Lua UDFs on the server, through the client's RegisterUDF, RemoveUDF,
// ListUDF, Execute, ExecuteUDF, QueryExecute and QueryAggregate.

var (
	_ driver.UDFer            = (*Conn)(nil)
	_ driver.BackgroundRunner = (*Conn)(nil)
	_ driver.Aggregator       = (*Conn)(nil)
)

// compileErrRE reads the client's registration error (client.go
// RegisterUDF: "Registration failed: compile_error\nFile: F\nLine: L\n
// Message: M").
var compileErrRE = regexp.MustCompile(`Registration failed: [^\n]*?(\w+)\nFile: ([^\n]*)\nLine: ([^\n]*)\nMessage: (.*)`)

// RegisterUDF registers code under name and waits until every node lists
// it. A compile error answers UDFBadResponse with the server's file, line
// and message ("compile_error: f.lua:3: syntax error near 'x'").
func (c *Conn) RegisterUDF(ctx context.Context, name string, code []byte) error {
	wp, err := c.udfAdminPolicy(ctx, name)
	if err != nil {
		return err
	}
	task, aerr := c.client.RegisterUDF(wp, code, name, as.LUA)
	if aerr != nil {
		if m := compileErrRE.FindStringSubmatch(aerr.Error()); m != nil {
			return &driver.Error{Code: driver.UDFBadResponse, Msg: m[1] + ": " + m[2] + ":" + m[3] + ": " + m[4]}
		}
		return c.wrap(ctx, aerr, "register UDF "+name)
	}
	return c.waitTask(ctx, "register UDF "+name, task.IsDone)
}

// udfAdminPolicy checks a module's file name and gives the policy its
// registration or removal runs with: the info policy's timeout.
func (c *Conn) udfAdminPolicy(ctx context.Context, name string) (*as.WritePolicy, error) {
	if err := checkUDFFileName(name); err != nil {
		return nil, err
	}
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return nil, err
	}
	wp := c.writePolicy
	wp.TotalTimeout = ip.Timeout
	return &wp, nil
}

func checkUDFFileName(name string) error {
	dot := strings.IndexByte(name, '.')
	if name == "" || len(name) > 127 || dot <= 0 || dot == len(name)-1 || strings.ContainsAny(name, ";:=\t\n") {
		return driver.Errorf(driver.ParameterError, "invalid UDF file name %q: want name.lua", name)
	}
	return nil
}

// RemoveUDF removes the module and waits until no node lists it.
func (c *Conn) RemoveUDF(ctx context.Context, name string) error {
	wp, err := c.udfAdminPolicy(ctx, name)
	if err != nil {
		return err
	}
	task, aerr := c.client.RemoveUDF(wp, name)
	if aerr != nil {
		return c.wrap(ctx, aerr, "remove UDF "+name)
	}
	return c.waitTask(ctx, "remove UDF "+name, task.IsDone)
}

// waitTask polls a client task until it is done or ctx is.
func (c *Conn) waitTask(ctx context.Context, what string, isDone func() (bool, as.Error)) error {
	return c.wait(ctx, what, func(*as.InfoPolicy, int) (bool, error) {
		done, aerr := isDone()
		if aerr != nil {
			return false, aerr
		}
		return done, nil
	})
}

// ListUDFs lists the modules a node knows.
func (c *Conn) ListUDFs(ctx context.Context) ([]driver.UDFModule, error) {
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return nil, err
	}
	bp := as.NewPolicy()
	bp.TotalTimeout = ip.Timeout
	list, aerr := c.client.ListUDF(bp)
	if aerr != nil {
		return nil, c.wrap(ctx, aerr, "list UDFs")
	}
	out := make([]driver.UDFModule, len(list))
	for i, u := range list {
		out[i] = driver.UDFModule{Name: u.Filename, Hash: u.Hash, Language: string(u.Language)}
	}
	return out, nil
}

// udfArgs converts a call's arguments to client values.
func udfArgs(call *driver.UDFCall) ([]as.Value, error) {
	out := make([]as.Value, len(call.Args))
	for i, a := range call.Args {
		v, err := toClientValue("argument", a)
		if err != nil {
			return nil, err
		}
		out[i] = as.NewValue(v)
	}
	return out, nil
}

// luaPathRE matches the directory the server prefixes to a Lua error's
// position ("/opt/aerospike/usr/udf/lua/mod.lua:12: msg", mod-lua runs the
// module from its file).
var luaPathRE = regexp.MustCompile(`^[^\s:]*/([^/\s:]+\.lua:\d+: )`)

// failureText is the server's message of a UDF failure: the text after
// the client's "ResultCode: ..., Node: NODE: " prefix (error.go Error),
// without the server's UDF directory before the module's name, so that it
// reads "mod.lua:12: message" on every backend.
func failureText(err error) string {
	return luaPathRE.ReplaceAllString(clientMessage(err), "$1")
}

// clientMessage is the message of a client error without its prefix.
func clientMessage(err error) string {
	var ae *as.AerospikeError
	if !errors.As(err, &ae) {
		return err.Error()
	}
	s := ae.Error()
	if i := strings.Index(s, ", Node: "); i >= 0 {
		s = s[i+len(", Node: "):]
		if j := strings.Index(s, ": "); j >= 0 {
			s = s[j+2:]
		}
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// ApplyUDF runs a record UDF with the client's Execute.
func (c *Conn) ApplyUDF(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, call *driver.UDFCall) (any, error) {
	if err := call.Check(); err != nil {
		return nil, err
	}
	p, err := c.writePol(ctx, policy)
	if err != nil {
		return nil, err
	}
	k, err := toClientKey(key)
	if err != nil {
		return nil, err
	}
	args, err := udfArgs(call)
	if err != nil {
		return nil, err
	}
	v, aerr := c.client.Execute(p, k, call.Module, call.Function, args...)
	if aerr != nil {
		werr := c.wrap(ctx, aerr, "apply "+call.Module+"."+call.Function+" "+key.String())
		var de *driver.Error
		if errors.As(werr, &de) && de.Code == driver.UDFBadResponse {
			de.Msg = failureText(aerr)
		}
		return nil, werr
	}
	out, err := fromClient(v)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RunBackground starts a background job with ExecuteUDF or QueryExecute.
func (c *Conn) RunBackground(ctx context.Context, policy *driver.WritePolicy, req *driver.QueryRequest, task *driver.BackgroundTask) (driver.Job, error) {
	if err := driver.CheckBackgroundTask(task); err != nil {
		return nil, err
	}
	qp, stmt, err := c.statement(ctx, req)
	if err != nil {
		return nil, err
	}
	what := "background job " + req.Namespace + "." + req.Set
	var et *as.ExecuteTask
	var aerr as.Error
	if task.UDF != nil {
		args, err := udfArgs(task.UDF)
		if err != nil {
			return nil, err
		}
		et, aerr = c.client.ExecuteUDF(qp, stmt, task.UDF.Module, task.UDF.Function, args...)
	} else {
		wp, err := c.writePol(ctx, policy)
		if err != nil {
			return nil, err
		}
		ops, _, err := opsToClient(task.Ops)
		if err != nil {
			return nil, driver.Errorf(driver.ParameterError, "%s: %s", what, msgOf(err))
		}
		et, aerr = c.client.QueryExecute(qp, wp, stmt, ops...)
	}
	if aerr != nil {
		return nil, c.wrap(ctx, aerr, what)
	}
	return &clientJob{c: c, t: et, what: what}, nil
}

// statement builds the query policy and statement of a request.
func (c *Conn) statement(ctx context.Context, req *driver.QueryRequest) (*as.QueryPolicy, *as.Statement, error) {
	if req.Namespace == "" {
		return nil, nil, driver.NewError(driver.ParameterError, "request has no namespace")
	}
	p := c.queryPolicy
	if err := withDeadline(ctx, &p.BasePolicy); err != nil {
		return nil, nil, err
	}
	fe, err := clientExp(req.FilterExp)
	if err != nil {
		return nil, nil, err
	}
	p.FilterExpression = fe
	stmt := as.NewStatement(req.Namespace, req.Set, req.Bins...)
	if req.Filter != nil {
		if aerr := stmt.SetFilter(clientFilter(req.Filter)); aerr != nil {
			return nil, nil, c.wrap(ctx, aerr, "statement")
		}
	}
	return &p, stmt, nil
}

type clientJob struct {
	c    *Conn
	t    *as.ExecuteTask
	what string
}

func (j *clientJob) ID() uint64 { return j.t.TaskId() }

func (j *clientJob) Status(ctx context.Context) (driver.JobStatus, error) {
	if err := ctx.Err(); err != nil {
		return driver.JobStatus{}, err
	}
	done, aerr := j.t.IsDone()
	if aerr != nil {
		return driver.JobStatus{}, j.c.wrap(ctx, aerr, j.what)
	}
	st := driver.JobStatus{ID: j.t.TaskId(), Done: done, Status: "active", RecordsProcessed: -1}
	if done {
		st.Status = "done(ok)"
	}
	return st, nil
}

func (j *clientJob) Wait(ctx context.Context) error {
	return j.c.waitTask(ctx, j.what, j.t.IsDone)
}

// The client runs an aggregation's final phase with its own Lua, loading
// the module from its Lua path (client.go QueryAggregate: DoFile(path +
// package + ".lua")): the driver keeps the modules it aggregates with,
// fetched from the server (udf-get), in a directory of its own, and points
// the client's (process-wide) Lua path at it. The directory lives while a
// Conn that staged a module in it is open: the last one's Close removes it.
var luaDir struct {
	mu    sync.Mutex
	dir   string
	users map[*Conn]struct{}
}

// releaseLua forgets c as a user of the staged modules and removes their
// directory when c was the last.
func (c *Conn) releaseLua() {
	luaDir.mu.Lock()
	defer luaDir.mu.Unlock()
	if _, ok := luaDir.users[c]; !ok {
		return
	}
	delete(luaDir.users, c)
	if len(luaDir.users) == 0 && luaDir.dir != "" {
		_ = os.RemoveAll(luaDir.dir)
		luaDir.dir = ""
	}
}

func (c *Conn) stageModule(ctx context.Context, module string) error {
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return err
	}
	node, aerr := c.client.Cluster().GetRandomNode()
	if aerr != nil {
		return c.wrap(ctx, aerr, "aggregate")
	}
	cmd := "udf-get:filename=" + module + ".lua"
	resp, aerr := node.RequestInfo(ip, cmd)
	if aerr != nil {
		return c.wrap(ctx, aerr, "aggregate")
	}
	ans := resp[cmd]
	i := strings.Index(ans, "content=")
	if i < 0 {
		return driver.Errorf(driver.UDFBadResponse, "aggregate: module %s.lua not registered (%s)", module, ans)
	}
	b64 := strings.TrimSuffix(ans[i+len("content="):], ";")
	if j := strings.IndexByte(b64, ';'); j >= 0 {
		b64 = b64[:j]
	}
	src, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return driver.Errorf(driver.ParseError, "aggregate: udf-get %s.lua: %v", module, err)
	}
	luaDir.mu.Lock()
	defer luaDir.mu.Unlock()
	if luaDir.dir == "" {
		d, err := os.MkdirTemp("", "aero-lua-")
		if err != nil {
			return driver.Errorf(driver.CommonError, "aggregate: %v", err)
		}
		luaDir.dir = d
		as.SetLuaPath(d + string(filepath.Separator))
	}
	if luaDir.users == nil {
		luaDir.users = map[*Conn]struct{}{}
	}
	luaDir.users[c] = struct{}{}
	path := filepath.Join(luaDir.dir, module+".lua")
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, src) {
		return nil
	}
	if err := os.WriteFile(path, src, 0o600); err != nil {
		return driver.Errorf(driver.CommonError, "aggregate: %v", err)
	}
	return nil
}

// Aggregate runs a stream UDF with QueryAggregate; the client runs the
// final phase.
func (c *Conn) Aggregate(ctx context.Context, req *driver.QueryRequest, call *driver.UDFCall) (driver.ValueRows, error) {
	if err := call.Check(); err != nil {
		return nil, err
	}
	if strings.ContainsAny(call.Module, "/\\") {
		return nil, driver.Errorf(driver.ParameterError, "aggregate: bad module name %q", call.Module)
	}
	if err := c.stageModule(ctx, call.Module); err != nil {
		return nil, err
	}
	qp, stmt, err := c.statement(ctx, req)
	if err != nil {
		return nil, err
	}
	args, err := udfArgs(call)
	if err != nil {
		return nil, err
	}
	rs, aerr := c.client.QueryAggregate(qp, stmt, call.Module, call.Function, args...)
	if aerr != nil {
		return nil, c.wrap(ctx, aerr, "aggregate")
	}
	return &aggRows{c: c, rs: rs}, nil
}

type aggRows struct {
	c      *Conn
	rs     *as.Recordset
	closed bool
}

func (r *aggRows) Next(ctx context.Context) (any, bool, error) {
	if r.closed {
		return nil, false, nil
	}
	select {
	case res, ok := <-r.rs.Results():
		if !ok {
			return nil, false, nil
		}
		if res.Err != nil {
			werr := r.c.wrap(ctx, res.Err, "aggregate")
			var de *driver.Error
			if errors.As(werr, &de) && de.Code == driver.UDFBadResponse {
				de.Msg = failureText(res.Err)
			}
			return nil, false, werr
		}
		v, err := fromClient(res.Record.Bins["SUCCESS"])
		return v, err == nil, err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

func (r *aggRows) Close() error {
	if !r.closed {
		r.closed = true
		_ = r.rs.Close()
	}
	return nil
}
