package aerotest

import (
	"bufio"
	"encoding/binary"
	"sort"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/wire"
)

// maxReplyFrame is the size at which a multi-record reply (batch, scan,
// query) is cut into another frame.
const maxReplyFrame = 256 << 10

// replyStream writes the messages of a multi-record reply in frames of at
// most about maxReplyFrame bytes (client multi_command.go parseResult reads
// frames until a message carries INFO3_LAST).
type replyStream struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func newReplyStream(w *bufio.Writer) *replyStream {
	return &replyStream{w: w, buf: make([]byte, wire.ProtoHeaderSize, 4096)}
}

func (rs *replyStream) add(m *wire.Message) {
	rs.buf = wire.AppendMessage(rs.buf, m)
	if len(rs.buf) >= maxReplyFrame {
		rs.flush()
	}
}

// addRaw appends an already encoded message.
func (rs *replyStream) addRaw(b []byte) {
	rs.buf = append(rs.buf, b...)
	if len(rs.buf) >= maxReplyFrame {
		rs.flush()
	}
}

func (rs *replyStream) flush() {
	if len(rs.buf) == wire.ProtoHeaderSize || rs.err != nil {
		return
	}
	binary.BigEndian.PutUint64(rs.buf, uint64(wire.ProtoVersion)<<56|uint64(wire.TypeMessage)<<48|uint64(len(rs.buf)-wire.ProtoHeaderSize))
	if _, err := rs.w.Write(rs.buf); err != nil {
		rs.err = err
	}
	rs.buf = rs.buf[:wire.ProtoHeaderSize]
}

// end appends the closing message (INFO3_LAST with code) and writes out.
func (rs *replyStream) end(code uint8) error {
	rs.add(&wire.Message{Info3: wire.Info3Last, ResultCode: code})
	rs.flush()
	return rs.err
}

// handleBatch answers a batch-index request: one message per key carrying
// the key's result code and its index in the Timeout slot, no field (the
// client's batch parsers read the header, then the ops), then a LAST
// message (client batch_command_operate.go parseRecordResults).
func (s *Server) handleBatch(w *bufio.Writer, m *wire.Message, field []byte) error {
	if err := unsupportedFields(m.Fields); err != nil {
		return s.replyCode(w, err)
	}
	b, err := wire.ParseBatch(field)
	if err != nil {
		// A batch field that does not parse is a malformed request: the
		// server answers PARAMETER_ERROR for the whole batch.
		s.logf("aerotest: bad batch request: %v", err)
		return s.replyCode(w, fail(driver.ParameterError, "%v", err))
	}
	filter := filterOf(m.Fields) // the batch's, for entries without their own
	if err := engine.CheckBatchFilter(filter); err != nil {
		// The batch's filter is built before any entry runs: one that
		// does not build fails the whole batch (base/batch.c
		// as_batch_queue_task).
		return s.replyCode(w, err)
	}
	rs := newReplyStream(w)
	for i := range b.Entries {
		e := &b.Entries[i]
		reply, err := s.batchEntry(e, filter)
		if err != nil {
			reply = &wire.Message{ResultCode: codeOf(err)}
		}
		reply.Timeout = e.Index
		reply.Fields = nil
		rs.add(reply)
	}
	return rs.end(0)
}

func (s *Server) batchEntry(e *wire.BatchEntry, filter driver.Expression) (*wire.Message, error) {
	if err := unsupportedFields(e.Fields); err != nil {
		return nil, err
	}
	if e.TxnAttr != 0 {
		return nil, fail(driver.UnsupportedFeature, "transactions are not supported by aerotest")
	}
	key, sendKey, err := keyOf(e.Fields, e.Digest[:])
	if err != nil {
		return nil, err
	}
	r := &request{
		key: key, info1: e.ReadAttr, info2: e.WriteAttr, info3: e.InfoAttr,
		gen: e.Generation, ttl: e.Expiration, ops: e.Ops, sendKey: sendKey,
		respondOp: e.WriteAttr&wire.Info2RespondAllOps != 0,
		filter:    filter,
	}
	if f := filterOf(e.Fields); f != nil {
		r.filter = f
	}
	if reply, isUDF, err := s.batchUDF(e, r); isUDF {
		return reply, err
	}
	return s.run(r)
}

func sortedBins(bins driver.Bins) []string {
	names := make([]string, 0, len(bins))
	for n := range bins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
