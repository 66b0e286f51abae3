package wire

import (
	"encoding/binary"
	"strings"
)

// ParseInfoRequest splits the body of an info frame into its commands: one
// per line, empty lines dropped (client info.go newInfo). An empty body asks
// for the server's default info, returned as no command.
func ParseInfoRequest(body []byte) []string {
	var cmds []string
	for _, line := range strings.Split(string(body), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			cmds = append(cmds, line)
		}
	}
	return cmds
}

// AppendInfoLine appends one line of an info reply: the command, a tab,
// the value and a newline (client info.go parseMultiResponse).
func AppendInfoLine(b []byte, cmd, value string) []byte {
	b = append(b, cmd...)
	b = append(b, '\t')
	b = append(b, value...)
	return append(b, '\n')
}

// InfoFrame returns a whole type 1 frame holding body.
func InfoFrame(body []byte) []byte {
	b := AppendProtoHeader(make([]byte, 0, ProtoHeaderSize+len(body)), TypeInfo, len(body))
	return append(b, body...)
}

// IndexFilter is one filter of an INDEX_RANGE field: a bin, the particle
// type of its bounds and the raw begin and end values (client filter.go
// Filter.write).
type IndexFilter struct {
	Bin          string
	ParticleType uint8
	Begin, End   []byte
}

// ParseIndexType decodes an INDEX_TYPE field, the collection type of a
// query's index (client filter.go IndexCollectionType: 0 default, 1 list,
// 2 map keys, 3 map values). The server reads its first byte and refuses an
// empty field (query.c get_index_type_field: "cannot parse itype"); a value
// it does not know finds no index.
func ParseIndexType(b []byte) (uint8, error) {
	if len(b) == 0 {
		return 0, frameErr("empty index type field")
	}
	return b[0], nil
}

// ParseIndexRange decodes an INDEX_RANGE field: a count byte, then per
// filter the bin name (length byte), the particle type, and the begin and
// end values each preceded by a 4-byte length.
func ParseIndexRange(b []byte) ([]IndexFilter, error) {
	if len(b) < 1 {
		return nil, frameErr("empty index range field")
	}
	n := int(b[0])
	off := 1
	out := make([]IndexFilter, 0, n)
	for i := 0; i < n; i++ {
		if len(b)-off < 1 {
			return nil, frameErr("truncated index filter %d", i)
		}
		nl := int(b[off])
		off++
		if len(b)-off < nl+1+4 {
			return nil, frameErr("truncated index filter %d", i)
		}
		f := IndexFilter{Bin: string(b[off : off+nl]), ParticleType: b[off+nl]}
		off += nl + 1
		var err error
		if f.Begin, off, err = lenPrefixed(b, off); err != nil {
			return nil, err
		}
		if f.End, off, err = lenPrefixed(b, off); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if off != len(b) {
		return nil, frameErr("%d trailing bytes after the index filters", len(b)-off)
	}
	return out, nil
}

func lenPrefixed(b []byte, off int) ([]byte, int, error) {
	if len(b)-off < 4 {
		return nil, 0, frameErr("truncated index filter value")
	}
	n := binary.BigEndian.Uint32(b[off:])
	off += 4
	if uint64(n) > uint64(len(b)-off) {
		return nil, 0, frameErr("index filter value of %d bytes, %d present", n, len(b)-off)
	}
	return b[off : off+int(n)], off + int(n), nil
}

// ParsePIDArray decodes a PID_ARRAY field: partition ids, 2 bytes little
// endian each.
func ParsePIDArray(b []byte) ([]uint16, error) {
	if len(b)%2 != 0 {
		return nil, frameErr("partition id array of %d bytes", len(b))
	}
	out := make([]uint16, len(b)/2)
	for i := range out {
		out[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return out, nil
}

// ParseDigestArray decodes a DIGEST_ARRAY field: 20-byte digests.
func ParseDigestArray(b []byte) ([][20]byte, error) {
	if len(b)%20 != 0 {
		return nil, frameErr("digest array of %d bytes", len(b))
	}
	out := make([][20]byte, len(b)/20)
	for i := range out {
		copy(out[i][:], b[20*i:])
	}
	return out, nil
}

// ParseBValArray decodes a BVAL_ARRAY field: int64 values, little endian.
func ParseBValArray(b []byte) ([]int64, error) {
	if len(b)%8 != 0 {
		return nil, frameErr("bval array of %d bytes", len(b))
	}
	out := make([]int64, len(b)/8)
	for i := range out {
		out[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out, nil
}

// ParseKeyField decodes a KEY field: a particle type byte then the value;
// only integer, string and blob keys exist.
func ParseKeyField(b []byte) (any, error) {
	if len(b) < 1 {
		return nil, valueErr("empty key field")
	}
	switch b[0] {
	case ParticleInteger, ParticleString, ParticleBlob:
		return DecodeParticle(b[0], b[1:])
	}
	return nil, valueErr("key of particle type %d (want integer, string or blob)", b[0])
}

// AppendKeyField appends a KEY field holding userKey (int64, string or
// []byte); other types append nothing.
func AppendKeyField(b []byte, userKey any) []byte {
	var t uint8
	var data []byte
	switch k := userKey.(type) {
	case int64:
		t, data = ParticleInteger, binary.BigEndian.AppendUint64(nil, uint64(k))
	case string:
		t, data = ParticleString, []byte(k)
	case []byte:
		t, data = ParticleBlob, k
	default:
		return b
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)+2))
	b = append(b, FieldKey, t)
	return append(b, data...)
}
