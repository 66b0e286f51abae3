package aerotest

import (
	"bufio"
	"errors"
	"fmt"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/wire"
)

// citrusleafEpoch is the epoch of void times on the wire: 2010-01-01 UTC
// (client types/epoc.go CITRUSLEAF_EPOCH).
const citrusleafEpoch = 1262304000

// cmdError is a failure to report to the client with a result code.
type cmdError struct {
	code driver.ResultCode
	msg  string
}

func (e *cmdError) Error() string { return fmt.Sprintf("%s: %s", e.code, e.msg) }

func fail(code driver.ResultCode, format string, args ...any) error {
	return &cmdError{code: code, msg: fmt.Sprintf(format, args...)}
}

// codeOf maps an error of the store or of decoding to the result code sent
// on the wire.
func codeOf(err error) uint8 {
	var ce *cmdError
	if errors.As(err, &ce) {
		return wireCode(ce.code)
	}
	if errors.Is(err, wire.ErrUnsupported) {
		return uint8(driver.UnsupportedFeature)
	}
	if errors.Is(err, wire.ErrValue) || errors.Is(err, wire.ErrFrame) {
		return uint8(driver.ParameterError)
	}
	if c, ok := driver.CodeOf(err); ok {
		return wireCode(c)
	}
	return uint8(driver.ServerError)
}

// wireCode keeps server codes (0..255); client-side (negative) codes and
// larger ones become SERVER_ERROR.
func wireCode(c driver.ResultCode) uint8 {
	if c < 0 || c > 255 {
		return uint8(driver.ServerError)
	}
	return uint8(c)
}

// voidTime converts a record's remaining TTL into the void time the client
// expects: seconds since 2010-01-01 on the real wall clock (the client
// converts it with time.Now, types/epoc.go TTL), 0 for never.
func voidTime(ttl uint32) uint32 {
	if ttl == driver.TTLNever || ttl == 0 {
		return 0
	}
	return uint32(time.Now().Unix()-citrusleafEpoch) + ttl
}

// handleMessage answers one type 3 request. It returns an error only when
// the connection must be closed.
func (s *Server) handleMessage(w *bufio.Writer, m *wire.Message) error {
	if m.Info1&wire.Info1Batch != 0 {
		if f, ok := m.Field(wire.FieldBatchIndexSet); ok {
			return s.handleBatch(w, m, f)
		}
		if f, ok := m.Field(wire.FieldBatchIndex); ok {
			return s.handleBatch(w, m, f)
		}
		return s.replyCode(w, fail(driver.ParameterError, "batch request without a batch-index field"))
	}
	if err := unsupportedFields(m.Fields); err != nil {
		return s.replyCode(w, err)
	}
	if handled, err := s.handleUDF(w, m); handled {
		return err
	}
	if _, ok := m.Field(wire.FieldDigest); !ok {
		if _, ok := m.Field(wire.FieldNamespace); ok {
			return s.handleScanQuery(w, m)
		}
		return s.replyCode(w, fail(driver.ParameterError, "request has neither a digest nor a namespace"))
	}
	reply, err := s.single(m)
	if err != nil {
		return s.replyCode(w, err)
	}
	_, err = w.Write(wire.MessageFrame(reply))
	return err
}

// replyCode writes a reply carrying only a result code (with the LAST flag,
// so that multi-record readers stop on it too).
func (s *Server) replyCode(w *bufio.Writer, err error) error {
	_, werr := w.Write(wire.MessageFrame(&wire.Message{Info3: wire.Info3Last, ResultCode: codeOf(err)}))
	return werr
}

// unsupportedFields rejects the fields of features this server does not
// implement: transactions (an index expression and an index context are
// read by scanRequest, the UDF fields by handleUDF).
func unsupportedFields(fields []wire.Field) error {
	for _, f := range fields {
		switch f.Type {
		case wire.FieldMRTID, wire.FieldMRTDeadline, wire.FieldRecordVersion:
			return fail(driver.UnsupportedFeature, "transactions are not supported by aerotest")
		}
	}
	return nil
}

// request is a single-record command in the terms of the driver.
type request struct {
	key       *driver.Key
	info1     uint8
	info2     uint8
	info3     uint8
	gen       uint32
	ttl       uint32
	ops       []wire.Op
	sendKey   bool
	respondOp bool
	filter    driver.Expression // the FILTER_EXP field, nil when none
}

// keyOf builds the key of a command from its fields.
func keyOf(fields []wire.Field, digest []byte) (*driver.Key, bool, error) {
	k := &driver.Key{}
	sendKey := false
	var haveNS bool
	for _, f := range fields {
		switch f.Type {
		case wire.FieldNamespace:
			k.Namespace, haveNS = string(f.Data), true
		case wire.FieldSet:
			k.Set = string(f.Data)
		case wire.FieldDigest:
			if len(f.Data) != len(k.Digest) {
				return nil, false, fail(driver.ParameterError, "digest field of %d bytes, want 20", len(f.Data))
			}
			digest = f.Data
		case wire.FieldKey:
			uk, err := wire.ParseKeyField(f.Data)
			if err != nil {
				return nil, false, err
			}
			k.UserKey, sendKey = uk, true
		}
	}
	if !haveNS {
		return nil, false, fail(driver.ParameterError, "request has no namespace field")
	}
	if len(digest) != len(k.Digest) {
		return nil, false, fail(driver.ParameterError, "request has no digest")
	}
	copy(k.Digest[:], digest)
	return k, sendKey, nil
}

// single runs a single-record command and builds its reply.
func (s *Server) single(m *wire.Message) (*wire.Message, error) {
	key, sendKey, err := keyOf(m.Fields, nil)
	if err != nil {
		return nil, err
	}
	if m.Info4 != 0 {
		return nil, fail(driver.UnsupportedFeature, "transactions are not supported by aerotest")
	}
	r := &request{
		key: key, info1: m.Info1, info2: m.Info2, info3: m.Info3,
		gen: m.Generation, ttl: m.Expiration, ops: m.Ops, sendKey: sendKey,
		respondOp: m.Info2&wire.Info2RespondAllOps != 0,
		filter:    filterOf(m.Fields),
	}
	return s.run(r)
}

// writePolicy reads the write policy of a request from its header bits
// (client command.go writeHeaderWrite).
func (r *request) writePolicy() *driver.WritePolicy {
	p := &driver.WritePolicy{Expiration: r.ttl, SendKey: r.sendKey}
	switch {
	case r.info2&wire.Info2CreateOnly != 0:
		p.RecordExists = driver.CreateOnly
	case r.info3&wire.Info3UpdateOnly != 0:
		p.RecordExists = driver.UpdateOnly
	case r.info3&wire.Info3CreateOrReplace != 0:
		p.RecordExists = driver.Replace
	case r.info3&wire.Info3ReplaceOnly != 0:
		p.RecordExists = driver.ReplaceOnly
	}
	switch {
	case r.info2&wire.Info2Generation != 0:
		p.GenerationPolicy, p.Generation = driver.GenEqual, r.gen
	case r.info2&wire.Info2GenerationGT != 0:
		p.GenerationPolicy, p.Generation = driver.GenGreater, r.gen
	}
	p.DurableDelete = r.info2&wire.Info2DurableDelete != 0
	p.FilterExp = r.filter
	return p
}

// run executes a single-record request (alone or in a batch).
func (s *Server) run(r *request) (*wire.Message, error) {
	ctx := s.ctx
	if err := s.route(r.key, r.info2&wire.Info2Write != 0); err != nil {
		return nil, err
	}
	if r.info2&wire.Info2Write == 0 {
		return s.read(r)
	}
	policy := r.writePolicy()
	if r.info2&wire.Info2Delete != 0 {
		if len(r.ops) != 0 {
			return nil, fail(driver.ParameterError, "delete with %d operations", len(r.ops))
		}
		existed, err := s.store.Delete(ctx, policy, r.key)
		if err != nil {
			return nil, err
		}
		if !existed {
			// The server answers a delete of a missing record with
			// KEY_NOT_FOUND_ERROR; the client folds it into existed=false.
			return nil, fail(driver.KeyNotFoundError, "record not found")
		}
		return &wire.Message{}, nil
	}
	if len(r.ops) == 0 {
		return nil, fail(driver.ParameterError, "write with no operation")
	}
	ops, err := toOps(r)
	if err != nil {
		return nil, err
	}
	if r.respondOp {
		// A read-all op with respond-all-ops (every batch write) is
		// PARAMETER_ERROR (write.c write_master_policies).
		if err := engine.CheckRespondAllOps(r.key, ops); err != nil {
			return nil, err
		}
	}
	// Every write goes through Operate, so that the reply carries the
	// record's generation and void time as the server's does (write.c
	// send_write_response: as_msg_send_reply(..., tr->generation,
	// tr->void_time, ...)), for plain puts and touches too.
	readAny := false
	for _, op := range ops {
		if !op.Type.IsWrite() {
			readAny = true
		}
	}
	if hasCDTOp(ops) || hasExpRead(ops) || r.respondOp || driver.SharesResultBin(ops) {
		// Per-op replies: an expression read without a value
		// (ExpReadEvalNoFail) still takes its place among the reads of
		// its name (read.c, write.c: one response bin per op). With
		// respond-all-ops every op but a touch answers in its place, a
		// read of a missing bin too (write.c write_master_bin_ops_loop);
		// without it a read of a missing bin answers nothing, also among
		// other reads of its bin (rw_utils.c process_bin_read_op).
		return s.operateCDT(r, ops)
	}
	rec, err := s.store.Operate(ctx, policy, r.key, ops)
	if err != nil {
		return nil, err
	}
	reply := &wire.Message{Generation: rec.Generation, Expiration: voidTime(rec.Expiration)}
	if readAny || r.respondOp {
		reply.Ops, err = operateResults(ops, rec, r.respondOp)
		if err != nil {
			return nil, err
		}
	}
	return reply, nil
}

// route decides whether this node runs a command on key: a partition
// without replicas answers PARTITION_UNAVAILABLE (thr_tsvc.c: reservation
// -2 from partition.c as_partition_reserve_write/_read_tr); the master (or,
// for a read, a replica) runs it; any other node proxies it to the master
// (thr_tsvc.c as_proxy_divert), which here runs it on the shared store,
// unless the master is down without the cluster knowing yet, when the
// proxy times out (TIMEOUT).
func (s *Server) route(key *driver.Key, write bool) error {
	pid := key.Digest.Partition()
	master, local, ok := s.topo.owner(pid, s.idx, write)
	if !ok {
		return fail(driver.PartitionUnavailable, "partition %d has no replica (the cluster is re-balancing)", pid)
	}
	if local {
		s.commands.Add(1)
		return nil
	}
	if m := s.topo.node(master); !m.serving() {
		return fail(driver.Timeout, "proxy of partition %d to node %s timed out", pid, m.nodeName)
	}
	s.proxied.Add(1)
	return nil
}

// toOps translates the wire ops of a write into driver operations. Ops this
// server does not implement are UNSUPPORTED_FEATURE.
func toOps(r *request) ([]driver.Operation, error) {
	ops := make([]driver.Operation, 0, len(r.ops))
	for _, o := range r.ops {
		var t driver.OpType
		switch o.Op {
		case wire.OpRead:
			t = driver.OpRead
			if o.Name == "" && r.info1&wire.Info1GetAll == 0 {
				t = driver.OpReadHeader
			}
		case wire.OpWrite:
			t = driver.OpWrite
		case wire.OpAdd:
			t = driver.OpAdd
		case wire.OpAppend:
			t = driver.OpAppend
		case wire.OpPrepend:
			t = driver.OpPrepend
		case wire.OpTouch:
			t = driver.OpTouch
		case wire.OpDelete:
			t = driver.OpDelete
		case wire.OpCDTRead, wire.OpCDTModify:
			op, err := cdtOperation(o)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
			continue
		case wire.OpBitRead, wire.OpBitModify:
			op, err := bitOperation(o)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
			continue
		case wire.OpHLLRead, wire.OpHLLModify:
			op, err := hllOperation(o)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
			continue
		case wire.OpExpRead, wire.OpExpModify:
			x, flags := expOp(o)
			t = driver.OpExpRead
			if o.Op == wire.OpExpModify {
				t = driver.OpExpWrite
			}
			ops = append(ops, driver.Operation{Type: t, Bin: o.Name, Value: x, ExpFlags: flags})
			continue
		default:
			return nil, fail(driver.UnsupportedFeature, "operation %d (%s) is not supported by aerotest", o.Op, opName(o.Op))
		}
		op := driver.Operation{Type: t, Bin: o.Name}
		if t == driver.OpWrite || t == driver.OpAdd || t == driver.OpAppend || t == driver.OpPrepend {
			v, err := wire.DecodeParticle(o.ParticleType, o.Value)
			if err != nil {
				return nil, fmt.Errorf("bin %q: %w", o.Name, err)
			}
			op.Value = v
		}
		ops = append(ops, op)
	}
	return ops, nil
}

func opName(op uint8) string {
	switch op {
	case wire.OpCDTRead:
		return "CDT read"
	case wire.OpCDTModify:
		return "CDT modify"
	case wire.OpExpRead:
		return "expression read"
	case wire.OpExpModify:
		return "expression modify"
	case wire.OpBitRead:
		return "bit read"
	case wire.OpBitModify:
		return "bit modify"
	case wire.OpHLLRead:
		return "HLL read"
	case wire.OpHLLModify:
		return "HLL modify"
	}
	return "unknown"
}

// operateResults lays the results of an Operate out as the server does: one
// op per read, in request order (a bin read several times got its values
// as a []any, which is unfolded again), and with respond-all-ops one nil
// result per write op as well.
func operateResults(ops []driver.Operation, rec *driver.Record, respondAll bool) ([]wire.Op, error) {
	count := map[string]int{}
	for _, op := range ops {
		if (op.Type == driver.OpRead || op.Type == driver.OpExpRead) && op.Bin != "" {
			count[op.Bin]++
		}
	}
	seen := map[string]int{}
	var out []wire.Op
	for _, op := range ops {
		switch {
		case op.Type == driver.OpRead && op.Bin == "":
			for _, name := range sortedBins(rec.Bins) {
				o, err := binOp(name, rec.Bins[name])
				if err != nil {
					return nil, err
				}
				out = append(out, o)
			}
		case op.Type == driver.OpRead || op.Type == driver.OpExpRead:
			v, ok := rec.Bins[op.Bin]
			if !ok {
				if respondAll {
					out = append(out, wire.Op{Op: wire.OpRead, Name: op.Bin})
				}
				continue
			}
			if count[op.Bin] > 1 {
				if l, isList := v.([]any); isList && len(l) == count[op.Bin] {
					v = l[seen[op.Bin]]
				}
				seen[op.Bin]++
			}
			o, err := binOp(op.Bin, v)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
		case op.Type == driver.OpReadHeader, op.Type == driver.OpTouch:
			// write.c write_master_bin_ops_loop: a touch op adds no
			// result, even with respond-all-ops.
		default:
			if respondAll {
				out = append(out, wire.Op{Op: wire.OpRead, Name: op.Bin})
			}
		}
	}
	return out, nil
}

func binOp(name string, v any) (wire.Op, error) {
	t, data, err := wire.EncodeParticle(v)
	if err != nil {
		return wire.Op{}, fmt.Errorf("bin %q: %w", name, err)
	}
	return wire.Op{Op: wire.OpRead, ParticleType: t, Name: name, Value: data}, nil
}

// read runs a request without the write bit: a read of all bins, of the
// named bins, or of the header.
func (s *Server) read(r *request) (*wire.Message, error) {
	// With GET_ALL read_local answers every bin once and runs no op, a
	// header read or an expression that would fail among them (read.c
	// read_local: the op loop is the branch without GET_ALL).
	getAllOnly := r.info1&wire.Info1GetAll != 0 && r.info1&wire.Info1NoBinData == 0
	if hasCDTWireOp(r.ops) && !getAllOnly {
		ops, err := cdtReadOps(r)
		if err != nil {
			return nil, err
		}
		return s.operateCDT(r, ops)
	}
	var names []string
	getAll := r.info1&wire.Info1GetAll != 0
	for _, o := range r.ops {
		if getAllOnly {
			break
		}
		if o.Op == wire.OpExpRead {
			return s.readOps(r)
		}
		if o.Op != wire.OpRead {
			return nil, fail(driver.UnsupportedFeature, "operation %d (%s) is not supported by aerotest", o.Op, opName(o.Op))
		}
		if o.Name == "" {
			continue // read of all bins (with GET_ALL) or of the header
		}
		names = append(names, o.Name)
	}
	headerOnly := r.info1&wire.Info1NoBinData != 0 || (!getAll && len(names) == 0 && len(r.ops) > 0)
	if len(r.ops) == 0 && r.info1&wire.Info1NoBinData == 0 {
		getAll = true
	}
	policy := &driver.ReadPolicy{HeaderOnly: headerOnly && !getAll, FilterExp: r.filter}
	var bins []string
	if !getAll && !policy.HeaderOnly {
		bins = names
		if bins == nil {
			bins = []string{}
		}
	}
	rec, err := s.store.Get(s.ctx, policy, r.key, bins)
	if err != nil {
		return nil, err
	}
	reply := &wire.Message{Generation: rec.Generation, Expiration: voidTime(rec.Expiration)}
	if policy.HeaderOnly {
		return reply, nil
	}
	if getAll {
		for _, name := range sortedBins(rec.Bins) {
			o, err := binOp(name, rec.Bins[name])
			if err != nil {
				return nil, err
			}
			reply.Ops = append(reply.Ops, o)
		}
		return reply, nil
	}
	for _, name := range names {
		v, ok := rec.Bins[name]
		if !ok {
			if r.respondOp {
				reply.Ops = append(reply.Ops, wire.Op{Op: wire.OpRead, Name: name})
			}
			continue
		}
		o, err := binOp(name, v)
		if err != nil {
			return nil, err
		}
		reply.Ops = append(reply.Ops, o)
	}
	return reply, nil
}

// readOps runs a read command with expression reads as a read-only Operate
// (read.c read_local evaluates EXP_READ ops in order with the bin reads).
func (s *Server) readOps(r *request) (*wire.Message, error) {
	ops, err := toOps(r)
	if err != nil {
		return nil, err
	}
	// Laid out per op (operateCDT), so that an expression read without a
	// value keeps its place among the reads of its name.
	return s.operateCDT(r, ops)
}

// hasExpRead reports whether ops hold an expression read.
func hasExpRead(ops []driver.Operation) bool {
	for _, op := range ops {
		if op.Type == driver.OpExpRead {
			return true
		}
	}
	return false
}
