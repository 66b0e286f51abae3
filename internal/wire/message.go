package wire

import (
	"encoding/binary"
)

// Info bits of the message header (client command.go _INFO1_*, _INFO2_*,
// _INFO3_*).
const (
	Info1Read            = 1 << 0
	Info1GetAll          = 1 << 1
	Info1ShortQuery      = 1 << 2
	Info1Batch           = 1 << 3
	Info1NoBinData       = 1 << 5
	Info1ReadModeAPAll   = 1 << 6
	Info1CompressReply   = 1 << 7
	Info2Write           = 1 << 0
	Info2Delete          = 1 << 1
	Info2Generation      = 1 << 2
	Info2GenerationGT    = 1 << 3
	Info2DurableDelete   = 1 << 4
	Info2CreateOnly      = 1 << 5
	Info2RelaxAPLong     = 1 << 6
	Info2RespondAllOps   = 1 << 7
	Info3Last            = 1 << 0
	Info3CommitMaster    = 1 << 1
	Info3PartitionDone   = 1 << 2
	Info3UpdateOnly      = 1 << 3
	Info3CreateOrReplace = 1 << 4
	Info3ReplaceOnly     = 1 << 5
)

// Field types (client field_type.go).
const (
	FieldNamespace     = 0
	FieldSet           = 1
	FieldKey           = 2
	FieldRecordVersion = 3
	FieldDigest        = 4
	FieldMRTID         = 5
	FieldMRTDeadline   = 6
	FieldQueryID       = 7
	FieldSocketTimeout = 9
	FieldRecordsPerSec = 10
	FieldPIDArray      = 11
	FieldDigestArray   = 12
	FieldMaxRecords    = 13
	FieldBValArray     = 15
	FieldIndexName     = 21
	FieldIndexRange    = 22
	FieldIndexContext  = 23
	FieldIndexExpr     = 24
	FieldIndexType     = 26
	FieldUDFPackage    = 30
	FieldUDFFunction   = 31
	FieldUDFArgs       = 32
	FieldUDFOp         = 33
	FieldQueryBinList  = 40
	FieldBatchIndex    = 41
	FieldBatchIndexSet = 42
	FieldFilterExp     = 43
)

// Operation codes (client operation.go OperationType.op).
const (
	OpRead      = 1
	OpWrite     = 2
	OpCDTRead   = 3
	OpCDTModify = 4
	OpAdd       = 5
	OpExpRead   = 7
	OpExpModify = 8
	OpAppend    = 9
	OpPrepend   = 10
	OpTouch     = 11
	OpBitRead   = 12
	OpBitModify = 13
	OpDelete    = 14
	OpHLLRead   = 15
	OpHLLModify = 16
)

// Field is one field of a message: its type and its data.
type Field struct {
	Type uint8
	Data []byte
}

// Op is one operation of a message: op code, particle type, bin name and
// the particle's bytes.
type Op struct {
	Op           uint8
	ParticleType uint8
	Name         string
	Value        []byte
}

// Message is a type 3 message: the 22-byte header, then its fields and ops.
// In a batch reply the Timeout slot carries the batch index.
type Message struct {
	Info1, Info2, Info3, Info4 uint8
	ResultCode                 uint8
	Generation                 uint32
	Expiration                 uint32
	Timeout                    uint32
	Fields                     []Field
	Ops                        []Op
}

// Field returns the data of the first field of type t.
func (m *Message) Field(t uint8) ([]byte, bool) {
	for _, f := range m.Fields {
		if f.Type == t {
			return f.Data, true
		}
	}
	return nil, false
}

// ParseMessage decodes the body of a type 3 frame. Fields and ops keep
// references into b. Bytes after the last op are an error.
func ParseMessage(b []byte) (*Message, error) {
	m, n, err := parseMessage(b)
	if err != nil {
		return nil, err
	}
	if n != len(b) {
		return nil, frameErr("%d trailing bytes after the message", len(b)-n)
	}
	return m, nil
}

func parseMessage(b []byte) (*Message, int, error) {
	if len(b) < MsgHeaderSize {
		return nil, 0, frameErr("message of %d bytes is shorter than its 22-byte header", len(b))
	}
	if b[0] != MsgHeaderSize {
		return nil, 0, frameErr("message header size %d, want 22", b[0])
	}
	m := &Message{
		Info1: b[1], Info2: b[2], Info3: b[3], Info4: b[4],
		ResultCode: b[5],
		Generation: binary.BigEndian.Uint32(b[6:]),
		Expiration: binary.BigEndian.Uint32(b[10:]),
		Timeout:    binary.BigEndian.Uint32(b[14:]),
	}
	nFields := int(binary.BigEndian.Uint16(b[18:]))
	nOps := int(binary.BigEndian.Uint16(b[20:]))
	off := MsgHeaderSize
	var err error
	// Each field takes at least 5 bytes and each op 8: bound the slices by
	// what is present, never by what the header claims.
	if rest := len(b) - off; nFields*5+nOps*8 > rest {
		return nil, 0, frameErr("header claims %d fields and %d ops, only %d bytes follow", nFields, nOps, rest)
	}
	if nFields > 0 {
		m.Fields = make([]Field, nFields)
	}
	for i := range m.Fields {
		start := off
		m.Fields[i], off, err = parseField(b, start)
		if err != nil && i == nFields-1 && nOps == 0 {
			// aerospike-client-go v8.5.0 sizes the batch-index field from
			// the end of the header, so when a filter expression field
			// precedes it the declared size exceeds the field by that
			// field's size (command.go setBatchOperateIfcOffsets:
			// WriteUint32At(dataOffset-_MSG_TOTAL_HEADER_SIZE-4, ...)).
			// Accept that overrun for a last batch field: its entries are
			// parsed from the bytes present.
			m.Fields[i], off, err = parseBatchFieldOverrun(b, start, err)
		}
		if err != nil {
			return nil, 0, err
		}
	}
	if nOps > 0 {
		m.Ops = make([]Op, nOps)
	}
	for i := range m.Ops {
		m.Ops[i], off, err = parseOp(b, off)
		if err != nil {
			return nil, 0, err
		}
	}
	return m, off, nil
}

func parseField(b []byte, off int) (Field, int, error) {
	if len(b)-off < 5 {
		return Field{}, 0, frameErr("truncated field header at offset %d", off)
	}
	size := binary.BigEndian.Uint32(b[off:])
	if size < 1 || uint64(size) > uint64(len(b)-off-4) {
		return Field{}, 0, frameErr("field at offset %d declares %d bytes, %d present", off, size, len(b)-off-4)
	}
	f := Field{Type: b[off+4], Data: b[off+5 : off+4+int(size)]}
	return f, off + 4 + int(size), nil
}

func parseBatchFieldOverrun(b []byte, off int, err error) (Field, int, error) {
	if len(b)-off < 5 {
		return Field{}, 0, err
	}
	if t := b[off+4]; t != FieldBatchIndex && t != FieldBatchIndexSet {
		return Field{}, 0, err
	}
	return Field{Type: b[off+4], Data: b[off+5:]}, len(b), nil
}

func parseOp(b []byte, off int) (Op, int, error) {
	if len(b)-off < 8 {
		return Op{}, 0, frameErr("truncated op header at offset %d", off)
	}
	size := binary.BigEndian.Uint32(b[off:])
	if size < 4 || uint64(size) > uint64(len(b)-off-4) {
		return Op{}, 0, frameErr("op at offset %d declares %d bytes, %d present", off, size, len(b)-off-4)
	}
	nameLen := int(b[off+7])
	if 4+nameLen > int(size) {
		return Op{}, 0, frameErr("op at offset %d: name of %d bytes exceeds the op size %d", off, nameLen, size)
	}
	op := Op{
		Op:           b[off+4],
		ParticleType: b[off+5],
		Name:         string(b[off+8 : off+8+nameLen]),
		Value:        b[off+8+nameLen : off+4+int(size)],
	}
	return op, off + 4 + int(size), nil
}

// AppendMessage appends the encoding of m (without proto header).
func AppendMessage(b []byte, m *Message) []byte {
	b = append(b, MsgHeaderSize, m.Info1, m.Info2, m.Info3, m.Info4, m.ResultCode)
	b = binary.BigEndian.AppendUint32(b, m.Generation)
	b = binary.BigEndian.AppendUint32(b, m.Expiration)
	b = binary.BigEndian.AppendUint32(b, m.Timeout)
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Fields)))
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Ops)))
	for _, f := range m.Fields {
		b = AppendField(b, f.Type, f.Data)
	}
	for _, op := range m.Ops {
		b = AppendOp(b, op)
	}
	return b
}

// AppendField appends one field.
func AppendField(b []byte, t uint8, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)+1))
	b = append(b, t)
	return append(b, data...)
}

// AppendOp appends one op.
func AppendOp(b []byte, op Op) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(4+len(op.Name)+len(op.Value)))
	b = append(b, op.Op, op.ParticleType, 0, byte(len(op.Name)))
	b = append(b, op.Name...)
	return append(b, op.Value...)
}

// MessageFrame returns a whole type 3 frame holding m.
func MessageFrame(m *Message) []byte {
	b := make([]byte, ProtoHeaderSize, ProtoHeaderSize+MsgHeaderSize+64)
	b = AppendMessage(b, m)
	binary.BigEndian.PutUint64(b, uint64(ProtoVersion)<<56|uint64(TypeMessage)<<48|uint64(len(b)-ProtoHeaderSize))
	return b
}
