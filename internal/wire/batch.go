package wire

import "encoding/binary"

// Batch entry flags (client command.go _BATCH_MSG_*).
const (
	BatchMsgRead   = 0x0
	BatchMsgRepeat = 0x1
	BatchMsgInfo   = 0x2
	BatchMsgGen    = 0x4
	BatchMsgTTL    = 0x8
	BatchMsgInfo4  = 0x10
)

// BatchEntry is one key of a batch-index request. A repeated entry (flag
// BatchMsgRepeat) carries a copy of the previous entry's attributes, fields
// and ops.
type BatchEntry struct {
	Index                                  uint32
	Digest                                 [20]byte
	ReadAttr, WriteAttr, InfoAttr, TxnAttr uint8
	Generation                             uint32
	Expiration                             uint32
	Fields                                 []Field
	Ops                                    []Op
}

// Field returns the data of the first field of type t.
func (e *BatchEntry) Field(t uint8) ([]byte, bool) {
	for _, f := range e.Fields {
		if f.Type == t {
			return f.Data, true
		}
	}
	return nil, false
}

// Batch is a decoded BATCH_INDEX or BATCH_INDEX_WITH_SET field.
type Batch struct {
	Flags   uint8 // 1 allow inline, 2 allow inline SSD, 4 respond all keys
	Entries []BatchEntry
}

// ParseBatch decodes the data of a batch-index field (client command.go
// setBatchOperateIfcOffsets, setBatchRead, setBatchIndexRead).
func ParseBatch(b []byte) (*Batch, error) {
	if len(b) < 5 {
		return nil, frameErr("batch field of %d bytes is shorter than its 5-byte header", len(b))
	}
	n := binary.BigEndian.Uint32(b)
	bt := &Batch{Flags: b[4]}
	off := 5
	// Each entry takes 25 bytes at least.
	if uint64(n)*25 > uint64(len(b)-off) {
		return nil, frameErr("batch declares %d keys, only %d bytes follow", n, len(b)-off)
	}
	bt.Entries = make([]BatchEntry, n)
	for i := range bt.Entries {
		if len(b)-off < 25 {
			return nil, frameErr("truncated batch entry %d", i)
		}
		e := &bt.Entries[i]
		e.Index = binary.BigEndian.Uint32(b[off:])
		copy(e.Digest[:], b[off+4:off+24])
		flag := b[off+24]
		off += 25
		if flag == BatchMsgRepeat {
			if i == 0 {
				return nil, frameErr("first batch entry repeats a previous one")
			}
			prev := bt.Entries[i-1]
			prev.Index, prev.Digest = e.Index, e.Digest
			*e = prev
			continue
		}
		var err error
		if flag == BatchMsgRead {
			if len(b)-off < 1 {
				return nil, frameErr("truncated batch entry %d", i)
			}
			e.ReadAttr = b[off]
			off++
		} else {
			if flag&BatchMsgInfo == 0 || flag&^(BatchMsgInfo|BatchMsgGen|BatchMsgTTL|BatchMsgInfo4) != 0 {
				return nil, frameErr("batch entry %d has flags 0x%02x", i, flag)
			}
			need := 3
			if flag&BatchMsgInfo4 != 0 {
				need++
			}
			if flag&BatchMsgGen != 0 {
				need += 2
			}
			if flag&BatchMsgTTL != 0 {
				need += 4
			}
			if len(b)-off < need {
				return nil, frameErr("truncated batch entry %d", i)
			}
			e.ReadAttr, e.WriteAttr, e.InfoAttr = b[off], b[off+1], b[off+2]
			off += 3
			if flag&BatchMsgInfo4 != 0 {
				e.TxnAttr = b[off]
				off++
			}
			if flag&BatchMsgGen != 0 {
				e.Generation = uint32(binary.BigEndian.Uint16(b[off:]))
				off += 2
			}
			if flag&BatchMsgTTL != 0 {
				e.Expiration = binary.BigEndian.Uint32(b[off:])
				off += 4
			}
		}
		if len(b)-off < 4 {
			return nil, frameErr("truncated batch entry %d", i)
		}
		nFields := int(binary.BigEndian.Uint16(b[off:]))
		nOps := int(binary.BigEndian.Uint16(b[off+2:]))
		off += 4
		if nFields*5+nOps*8 > len(b)-off {
			return nil, frameErr("batch entry %d claims %d fields and %d ops, only %d bytes follow", i, nFields, nOps, len(b)-off)
		}
		if nFields > 0 {
			e.Fields = make([]Field, nFields)
		}
		for j := range e.Fields {
			if e.Fields[j], off, err = parseField(b, off); err != nil {
				return nil, err
			}
		}
		if nOps > 0 {
			e.Ops = make([]Op, nOps)
		}
		for j := range e.Ops {
			if e.Ops[j], off, err = parseOp(b, off); err != nil {
				return nil, err
			}
		}
	}
	if off != len(b) {
		return nil, frameErr("%d trailing bytes after the batch entries", len(b)-off)
	}
	return bt, nil
}
