// Package wire is the codec of the Aerospike wire protocol as the server
// side sees it: proto frames (info, message, compressed message), the 22-byte
// message header with its fields and operations, the particle encoding of bin
// values (including the MessagePack of lists and maps), batch-index requests
// and info requests.
//
// Everything here is taken from aerospike-client-go v8.5.0, the reference
// for what the server must accept and answer: command.go (writeHeader*,
// writeKey, writeOperation*, setBatch*, setScan, setQuery, compress,
// validateHeader), record_parser.go and multi_command.go (reply parsing),
// info.go (info frames), packer.go / unpacker.go (MessagePack) and value.go
// (bytesToParticle).
//
// Parsers never trust a length they read: every length is checked against
// the bytes actually present, and a frame's declared size never causes an
// allocation before the bytes have arrived.
package wire

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Proto header constants (client command.go: _CL_MSG_VERSION, _AS_MSG_TYPE,
// _AS_MSG_TYPE_COMPRESSED; types/message.go: MSG_INFO).
const (
	ProtoVersion      = 2
	TypeInfo          = 1
	TypeAdmin         = 2
	TypeMessage       = 3
	TypeCompressed    = 4
	ProtoHeaderSize   = 8
	MsgHeaderSize     = 22
	DefaultMaxFrame   = 128 << 20 // the client's MaxBufferSize is 120 MiB
	readChunk         = 64 << 10
	compressedSizeLen = 8
)

// ErrFrame is wrapped by every error about a malformed frame or message.
var ErrFrame = errors.New("wire: malformed frame")

func frameErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFrame, fmt.Sprintf(format, args...))
}

// Frame is one proto frame: its type and its body (the bytes after the
// 8-byte proto header). A compressed frame (type 4) is returned inflated, as
// the type 3 frame it carries.
type Frame struct {
	Type       uint8
	Body       []byte
	Compressed bool
}

// ParseProtoHeader decodes an 8-byte proto header: version (1 byte), type
// (1 byte), size (6 bytes big endian).
func ParseProtoHeader(h []byte) (version, typ uint8, size uint64) {
	v := binary.BigEndian.Uint64(h)
	return uint8(v >> 56), uint8(v >> 48), v & 0xFFFFFFFFFFFF
}

// AppendProtoHeader appends a proto header for a body of size bytes.
func AppendProtoHeader(b []byte, typ uint8, size int) []byte {
	v := uint64(ProtoVersion)<<56 | uint64(typ)<<48 | uint64(size)&0xFFFFFFFFFFFF
	return binary.BigEndian.AppendUint64(b, v)
}

// ReadFrame reads one frame from r. max bounds the declared size of the frame
// (and the inflated size of a compressed one). The body is read in chunks as
// the bytes arrive, so a header that declares far more than is sent costs no
// more memory than what was sent. io.EOF is returned, unwrapped, when r ends
// cleanly before a header.
func ReadFrame(r io.Reader, max int) (Frame, error) {
	var h [ProtoHeaderSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		if err == io.ErrUnexpectedEOF {
			return Frame{}, frameErr("truncated proto header")
		}
		return Frame{}, err
	}
	version, typ, size := ParseProtoHeader(h[:])
	if version != ProtoVersion {
		return Frame{}, frameErr("proto version %d, want %d", version, ProtoVersion)
	}
	if typ != TypeInfo && typ != TypeAdmin && typ != TypeMessage && typ != TypeCompressed {
		return Frame{}, frameErr("proto type %d, want 1, 2, 3 or 4", typ)
	}
	if size > uint64(max) {
		return Frame{}, frameErr("declared size %d exceeds the limit %d", size, max)
	}
	body, err := readN(r, int(size))
	if err != nil {
		return Frame{}, err
	}
	if typ != TypeCompressed {
		return Frame{Type: typ, Body: body}, nil
	}
	inner, err := Inflate(body, max)
	if err != nil {
		return Frame{}, err
	}
	f, err := ParseFrame(inner, max)
	if err != nil {
		return Frame{}, err
	}
	if f.Type != TypeMessage {
		return Frame{}, frameErr("compressed frame carries proto type %d, want 3", f.Type)
	}
	f.Compressed = true
	return f, nil
}

// readN reads exactly n bytes, growing the buffer only as data arrives.
func readN(r io.Reader, n int) ([]byte, error) {
	if n <= readChunk {
		b := make([]byte, n)
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, truncated(err, n)
		}
		return b, nil
	}
	var buf bytes.Buffer
	buf.Grow(readChunk)
	got, err := io.CopyN(&buf, r, int64(n))
	if err != nil {
		return nil, truncated(err, n-int(got))
	}
	return buf.Bytes(), nil
}

func truncated(err error, missing int) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return frameErr("truncated body: %d bytes missing", missing)
	}
	return err
}

// ParseFrame decodes a whole frame held in b (header and body, nothing
// after). It is what ReadFrame does on a byte slice, used for the frame
// inside a compressed one.
func ParseFrame(b []byte, max int) (Frame, error) {
	if len(b) < ProtoHeaderSize {
		return Frame{}, frameErr("truncated proto header")
	}
	version, typ, size := ParseProtoHeader(b)
	if version != ProtoVersion {
		return Frame{}, frameErr("proto version %d, want %d", version, ProtoVersion)
	}
	if typ != TypeInfo && typ != TypeMessage {
		return Frame{}, frameErr("proto type %d, want 1 or 3", typ)
	}
	if size > uint64(max) || size != uint64(len(b)-ProtoHeaderSize) {
		return Frame{}, frameErr("declared size %d, %d bytes present", size, len(b)-ProtoHeaderSize)
	}
	return Frame{Type: typ, Body: b[ProtoHeaderSize:]}, nil
}

// AdminHeaderSize is the size of the header of an admin (security) message
// after the proto header (client admin_command.go writeHeader).
const AdminHeaderSize = 16

// AdminReplyFrame returns an admin reply carrying only a result code, at
// byte 1 of the admin header (client login_command.go reads it at offset 9
// of the frame).
func AdminReplyFrame(code uint8) []byte {
	b := AppendProtoHeader(make([]byte, 0, ProtoHeaderSize+AdminHeaderSize), TypeAdmin, AdminHeaderSize)
	var h [AdminHeaderSize]byte
	h[1] = code
	return append(b, h[:]...)
}

// Inflate decodes the body of a compressed frame: the uncompressed size (8
// bytes big endian) then a zlib stream holding a whole proto frame (client
// command.go compress). The declared size must not exceed max and must match
// the inflated length.
func Inflate(body []byte, max int) ([]byte, error) {
	if len(body) < compressedSizeLen {
		return nil, frameErr("compressed frame shorter than its size prefix")
	}
	want := binary.BigEndian.Uint64(body)
	if want > uint64(max) || want < ProtoHeaderSize {
		return nil, frameErr("compressed frame declares %d inflated bytes (limit %d)", want, max)
	}
	zr, err := zlib.NewReader(bytes.NewReader(body[compressedSizeLen:]))
	if err != nil {
		return nil, frameErr("compressed frame: %v", err)
	}
	defer zr.Close()
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(zr, int64(want)+1))
	if err != nil {
		return nil, frameErr("compressed frame: %v", err)
	}
	if uint64(n) != want {
		return nil, frameErr("compressed frame inflates to %d bytes, declared %d", n, want)
	}
	return out.Bytes(), nil
}

// Compress builds a type 4 frame around a whole frame (header included), as
// the client does; used by tests.
func Compress(frame []byte) []byte {
	var zb bytes.Buffer
	zw := zlib.NewWriter(&zb)
	_, _ = zw.Write(frame)
	_ = zw.Close()
	out := AppendProtoHeader(nil, TypeCompressed, compressedSizeLen+zb.Len())
	out = binary.BigEndian.AppendUint64(out, uint64(len(frame)))
	return append(out, zb.Bytes()...)
}
