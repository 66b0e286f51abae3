package aerotest

import (
	"bufio"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/wire"
)

// Lua UDFs on the wire, run by the engine's Lua runtime:
//   - the info commands udf-put, udf-get, udf-list and udf-remove, answered
//     as udf_cask.c answers them;
//   - a record UDF (UDF_PACKAGE_NAME, UDF_FUNCTION, UDF_ARGLIST on a
//     single-record write): the value in a bin SUCCESS, a failure of the
//     function as UDF_BAD_RESPONSE with its message in a bin FAILURE
//     (transaction/udf.c process_response), any other failure as its code;
//   - background jobs: a scan or query with UDF_OP 2 (a UDF) or with write
//     ops and the write bit (QueryExecute), started under the client's task
//     id on this node's partitions and reported by query-show:id=;
//   - aggregations (UDF_OP 1): the stream's server part over this node's
//     records, each value a message with one bin SUCCESS, then LAST.

// infoUDF answers the udf-* info commands.
func (s *Server) infoUDF(name, params string) string {
	if s.eng == nil {
		return infoErr(driver.UnsupportedFeature, "UDFs need the engine store")
	}
	e := s.eng.e
	switch name {
	case "udf-put":
		put, errAns := wire.ParseUDFPut(params)
		if errAns != "" {
			return errAns
		}
		err := e.RegisterUDF(put.Filename, put.Content)
		var ce *engine.CompileError
		switch {
		case errors.As(err, &ce):
			return "error=compile_error;file=" + ce.File + ";line=" + strconv.Itoa(ce.Line) +
				";message=" + base64.StdEncoding.EncodeToString([]byte(ce.Message))
		case err != nil:
			return "error=invalid_filename"
		}
		return "ok"
	case "udf-get":
		file, ok := wire.InfoParam(params, "filename")
		if !ok {
			return "error=invalid_filename"
		}
		src, ok := e.UDFSource(file)
		if !ok {
			return "error=not_found"
		}
		return "type=LUA;content=" + base64.StdEncoding.EncodeToString(src) + ";"
	case "udf-remove":
		file, ok := wire.InfoParam(params, "filename")
		if !ok {
			return "error=invalid_filename"
		}
		_ = e.RemoveUDF(file)
		return "ok"
	}
	var b strings.Builder
	for _, m := range e.UDFs() {
		fmt.Fprintf(&b, "filename=%s,hash=%s,type=%s;", m.Name, m.Hash, m.Language)
	}
	return b.String()
}

// udfFields reads the UDF fields of a message.
func udfFields(m *wire.Message) (call *engine.UDFCall, op uint8, err error) {
	pkg, hasPkg := m.Field(wire.FieldUDFPackage)
	if !hasPkg {
		return nil, 0, nil
	}
	fn, _ := m.Field(wire.FieldUDFFunction)
	argBytes, _ := m.Field(wire.FieldUDFArgs)
	if o, ok := m.Field(wire.FieldUDFOp); ok && len(o) == 1 {
		op = o[0]
	}
	if len(pkg) == 0 || len(pkg) >= 128 || len(fn) == 0 || len(fn) >= 128 {
		// udf_def_init_from_msg refuses it: the transaction is a bad
		// parameter.
		return nil, op, fail(driver.ParameterError, "bad UDF package or function name")
	}
	args, err := wire.ParseUDFArgs(argBytes)
	if err != nil {
		return nil, op, fail(driver.ParameterError, "%v", err)
	}
	call = &engine.UDFCall{Module: string(pkg), Function: string(fn), Args: args}
	if m.Timeout > 0 {
		call.Deadline = time.Now().Add(time.Duration(m.Timeout) * time.Millisecond)
	}
	return call, op, nil
}

// handleUDF answers the UDF commands and the background ops jobs; it
// reports false for any other command.
func (s *Server) handleUDF(w *bufio.Writer, m *wire.Message) (bool, error) {
	call, op, err := udfFields(m)
	_, hasDigest := m.Field(wire.FieldDigest)
	bgOps := call == nil && err == nil && !hasDigest && m.Info2&wire.Info2Write != 0
	if call == nil && err == nil && !bgOps {
		return false, nil
	}
	if err != nil {
		return true, s.replyCode(w, err)
	}
	if s.eng == nil {
		return true, s.replyCode(w, fail(driver.UnsupportedFeature, "UDFs need the engine store"))
	}
	switch {
	case hasDigest:
		return true, s.applyUDF(w, m, call)
	case bgOps || op == wire.UDFOpBackground:
		return true, s.startJob(w, m, call)
	case op == wire.UDFOpAggregate:
		return true, s.aggregate(w, m, call)
	}
	return true, s.replyCode(w, fail(driver.ParameterError, "UDF op %d", op))
}

// applyUDF runs a record UDF.
func (s *Server) applyUDF(w *bufio.Writer, m *wire.Message, call *engine.UDFCall) error {
	key, sendKey, err := keyOf(m.Fields, nil)
	if err == nil {
		err = s.route(key, true)
	}
	if err != nil {
		return s.replyCode(w, err)
	}
	r := &request{key: key, info1: m.Info1, info2: m.Info2, info3: m.Info3, gen: m.Generation, ttl: m.Expiration, sendKey: sendKey, filter: filterOf(m.Fields)}
	reply, err := s.runUDF(r, call)
	if err != nil {
		return s.replyCode(w, err)
	}
	_, err = w.Write(wire.MessageFrame(reply))
	return err
}

// runUDF runs a record UDF (alone or in a batch) and builds its reply: the
// value in a bin SUCCESS, or UDF_BAD_RESPONSE and the message in a bin
// FAILURE (udf.c process_response); other failures are errors.
func (s *Server) runUDF(r *request, call *engine.UDFCall) (*wire.Message, error) {
	v, err := s.eng.e.ApplyUDF(r.writePolicy(), r.key, call)
	reply := &wire.Message{}
	bin := "SUCCESS"
	if err != nil {
		var de *driver.Error
		if !errors.As(err, &de) || de.Code != driver.UDFBadResponse || de.Msg == "" {
			return nil, err
		}
		reply.ResultCode, bin, v = uint8(driver.UDFBadResponse), "FAILURE", de.Msg
	}
	o, err := binOp(bin, v)
	if err != nil {
		return nil, err
	}
	reply.Ops = []wire.Op{o}
	return reply, nil
}

// batchUDF runs the record UDF of a batch entry, if it has one.
func (s *Server) batchUDF(e *wire.BatchEntry, r *request) (*wire.Message, bool, error) {
	call, _, err := udfFields(&wire.Message{Fields: e.Fields})
	if call == nil && err == nil {
		return nil, false, nil
	}
	if err == nil && s.eng == nil {
		err = fail(driver.UnsupportedFeature, "UDFs need the engine store")
	}
	if err == nil {
		err = s.route(r.key, true)
	}
	if err != nil {
		return nil, true, err
	}
	reply, err := s.runUDF(r, call)
	return reply, true, err
}

// jobs are the background jobs each node started, by task id.
var jobs struct {
	mu sync.Mutex
	m  map[*Server]map[uint64]*nodeJob
}

type nodeJob struct {
	j    *engine.Job
	set  string
	ns   string
	kind string
	udf  *engine.UDFCall
}

// startJob starts a background job on this node's partitions under the
// client's task id and answers at once, as the server does.
func (s *Server) startJob(w *bufio.Writer, m *wire.Message, call *engine.UDFCall) error {
	scan := *m
	scan.Info2 &^= wire.Info2Write
	scan.Ops = nil
	req, _, err := scanRequest(&scan)
	if err != nil {
		return s.replyCode(w, err)
	}
	s.ownPartitions(req)
	task := &driver.BackgroundTask{}
	kind := "background-ops"
	if call != nil {
		kind = "background-udf"
		task.UDF = &driver.UDFCall{Module: call.Module, Function: call.Function, Args: call.Args}
	} else {
		r := &request{info1: m.Info1, info2: m.Info2, ops: m.Ops}
		if task.Ops, err = toOps(r); err != nil {
			return s.replyCode(w, err)
		}
	}
	var id uint64
	if f, ok := m.Field(wire.FieldQueryID); ok && len(f) == 8 {
		id = binary.BigEndian.Uint64(f)
	}
	r := &request{info2: m.Info2, info3: m.Info3, ttl: m.Expiration}
	j, err := s.eng.e.StartJob(0, r.writePolicy(), req, task)
	if err != nil {
		return s.replyCode(w, err)
	}
	jobs.mu.Lock()
	if jobs.m == nil {
		jobs.m = map[*Server]map[uint64]*nodeJob{}
	}
	if jobs.m[s] == nil {
		jobs.m[s] = map[uint64]*nodeJob{}
	}
	if len(jobs.m[s]) > 100 {
		for k, nj := range jobs.m[s] {
			if nj.j.Finished() {
				delete(jobs.m[s], k)
			}
		}
	}
	jobs.m[s][id] = &nodeJob{j: j, set: req.Set, ns: req.Namespace, kind: kind, udf: call}
	jobs.mu.Unlock()
	_, err = w.Write(wire.MessageFrame(&wire.Message{Info3: wire.Info3Last}))
	return err
}

// infoJob answers query-show:id=ID (and trid=) as query_manager.c does: the
// job's fields, or ERROR:2:job not found; without an id, every job.
func (s *Server) infoJob(params string) string {
	p := parseParams(params)
	idText := p["id"]
	if idText == "" {
		idText = p["trid"]
	}
	jobs.mu.Lock()
	defer jobs.mu.Unlock()
	if idText == "" {
		var out []string
		for id, nj := range jobs.m[s] {
			out = append(out, nj.show(id))
		}
		return strings.Join(out, ";")
	}
	id, err := strconv.ParseUint(idText, 10, 64)
	nj, ok := jobs.m[s][id]
	if err != nil || !ok {
		return infoErr(driver.KeyNotFoundError, "job not found")
	}
	return nj.show(id)
}

func (nj *nodeJob) show(id uint64) string {
	status, progress := "active(ok)", "0.00"
	if nj.j.Finished() {
		status, progress = "done(ok)", "100.00"
		if nj.j.Err() != nil {
			status = "done(error)"
		}
	}
	_, ok, failed := nj.j.Counts()
	s := fmt.Sprintf("trid=%d:ns=%s:set=%s:status=%s:job-progress=%s:recs-succeeded=%d:recs-failed=%d:job-type=%s",
		id, nj.ns, nj.set, status, progress, ok, failed, nj.kind)
	if nj.udf != nil {
		s += ":udf-filename=" + nj.udf.Module + ":udf-function=" + nj.udf.Function
	}
	return s
}

// aggregate runs the server part of a stream UDF over this node's records.
func (s *Server) aggregate(w *bufio.Writer, m *wire.Message, call *engine.UDFCall) error {
	req, _, err := scanRequest(m)
	if err != nil {
		return s.replyCode(w, err)
	}
	s.ownPartitions(req)
	rows, err := s.eng.query(req)
	if err != nil {
		return s.replyCode(w, err)
	}
	defer rows.Close()
	if m.Timeout == 0 {
		call.Deadline = time.Now().Add(time.Minute)
	}
	rs := newReplyStream(w)
	err = s.eng.e.Aggregate(req.Namespace, call, engine.AggregateServer,
		func() (*driver.Record, error) { return rows.Next(s.ctx) },
		func(v any) error {
			o, err := binOp("SUCCESS", v)
			if err != nil {
				return err
			}
			rs.add(&wire.Message{Ops: []wire.Op{o}})
			return rs.err
		})
	if err != nil {
		var de *driver.Error
		if errors.As(err, &de) && de.Code == driver.UDFBadResponse {
			// aggr_query_job_slice: as_module_err_string(rc) and the
			// Lua error.
			if o, oerr := binOp("FAILURE", "UDF: Execution Error 2 : "+de.Msg); oerr == nil {
				rs.add(&wire.Message{Ops: []wire.Op{o}})
				return rs.end(0)
			}
		}
		return rs.end(codeOf(err))
	}
	return rs.end(0)
}
