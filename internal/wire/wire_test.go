package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"reflect"
	"testing"
)

func sampleMessage() *Message {
	return &Message{
		Info1: Info1Read | Info1GetAll, Info2: Info2Write, Info3: Info3UpdateOnly,
		ResultCode: 2, Generation: 7, Expiration: 100, Timeout: 3,
		Fields: []Field{{Type: FieldNamespace, Data: []byte("test")}, {Type: FieldSet, Data: []byte("s")}, {Type: FieldDigest, Data: make([]byte, 20)}},
		Ops:    []Op{{Op: OpWrite, ParticleType: ParticleInteger, Name: "a", Value: binary.BigEndian.AppendUint64(nil, 5)}, {Op: OpRead, Name: "b"}},
	}
}

func TestMessageRoundTrip(t *testing.T) {
	t.Parallel()
	m := sampleMessage()
	f, err := ReadFrame(bytes.NewReader(MessageFrame(m)), DefaultMaxFrame)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseMessage(f.Body)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got.Ops {
		if len(got.Ops[i].Value) == 0 {
			got.Ops[i].Value = nil
		}
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("got %+v\nwant %+v", got, m)
	}
}

func TestReadFrameErrors(t *testing.T) {
	t.Parallel()
	hdr := func(v, typ uint8, size uint64) []byte {
		return binary.BigEndian.AppendUint64(nil, uint64(v)<<56|uint64(typ)<<48|size)
	}
	compressed := Compress(MessageFrame(sampleMessage()))
	badInner := Compress(InfoFrame([]byte("build\n")))
	tests := []struct {
		name    string
		in      []byte
		wantErr error // nil: success
	}{
		{"empty", nil, io.EOF},
		{"short header", []byte{2, 3}, ErrFrame},
		{"version", hdr(1, 3, 0), ErrFrame},
		{"type", hdr(2, 7, 0), ErrFrame},
		{"admin", append(hdr(2, 2, 16), make([]byte, 16)...), nil},
		{"too large", hdr(2, 3, 1<<30), ErrFrame},
		{"truncated body", append(hdr(2, 3, 100), 1, 2), ErrFrame},
		{"truncated large body", append(hdr(2, 3, 1<<20), 1, 2), ErrFrame},
		{"info", InfoFrame([]byte("build\n")), nil},
		{"compressed", compressed, nil},
		{"compressed info", badInner, ErrFrame},
		{"compressed garbage", append(hdr(2, 4, 10), 0, 0, 0, 0, 0, 0, 0, 30, 1, 2), ErrFrame},
		{"compressed bomb", append(hdr(2, 4, 8), 0xff, 0, 0, 0, 0, 0, 0, 0), ErrFrame},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFrame(bytes.NewReader(tt.in), 1<<24)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
	f, err := ReadFrame(bytes.NewReader(compressed), 1<<24)
	if err != nil || !f.Compressed || f.Type != TypeMessage {
		t.Fatalf("compressed: %+v %v", f, err)
	}
}

// TestBatchFieldOverrun covers the client's oversized batch field after a
// filter expression field.
func TestBatchFieldOverrun(t *testing.T) {
	t.Parallel()
	bf := batchField()
	m := &Message{Info1: Info1Batch, Fields: []Field{{Type: FieldFilterExp, Data: make([]byte, 8)}, {Type: FieldBatchIndex, Data: bf}}}
	b := AppendMessage(nil, m)
	// The batch field's size counts the filter field too (13 bytes).
	off := MsgHeaderSize + 13
	binary.BigEndian.PutUint32(b[off:], uint32(len(bf)+1+13))
	got, err := ParseMessage(b)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := got.Field(FieldBatchIndex); !ok || !bytes.Equal(d, bf) {
		t.Fatalf("batch field = %x", d)
	}
	// Another last field may not overrun.
	m.Fields[1].Type = FieldSet
	b = AppendMessage(nil, m)
	binary.BigEndian.PutUint32(b[off:], uint32(len(bf)+1+13))
	if _, err := ParseMessage(b); !errors.Is(err, ErrFrame) {
		t.Fatalf("overrun of a set field: err = %v", err)
	}
}

func TestParseMessageErrors(t *testing.T) {
	t.Parallel()
	good := AppendMessage(nil, sampleMessage())
	tests := []struct {
		name string
		b    []byte
	}{
		{"short", good[:10]},
		{"header size", append([]byte{21}, good[1:]...)},
		{"truncated op", good[:len(good)-3]},
		{"trailing", append(append([]byte{}, good...), 0)},
		{"counts lie", func() []byte { b := append([]byte{}, good...); binary.BigEndian.PutUint16(b[18:], 60000); return b }()},
		{"field size lie", func() []byte { b := append([]byte{}, good...); binary.BigEndian.PutUint32(b[22:], 1<<31); return b }()},
		{"zero field size", func() []byte { b := append([]byte{}, good...); binary.BigEndian.PutUint32(b[22:], 0); return b }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseMessage(tt.b); !errors.Is(err, ErrFrame) {
				t.Fatalf("err = %v, want ErrFrame", err)
			}
		})
	}
}

func TestParticles(t *testing.T) {
	t.Parallel()
	values := []any{
		nil, int64(0), int64(-1), int64(math.MaxInt64), int64(math.MinInt64), 1.5, "", "héllo", []byte{}, []byte{0, 1}, true, false,
		[]any{}, []any{int64(1), "a", []byte{2}, 2.5, nil, true, []any{int64(-300)}, map[any]any{"k": int64(70000)}},
		map[any]any{}, map[any]any{int64(1): "a", "b": []any{int64(1) << 40}, 2.5: map[any]any{}},
	}
	for _, v := range values {
		pt, data, err := EncodeParticle(v)
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		got, err := DecodeParticle(pt, data)
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		if !reflect.DeepEqual(got, v) {
			t.Fatalf("round trip of %#v gave %#v", v, got)
		}
	}
	bad := []struct {
		name string
		t    uint8
		data []byte
		want error
	}{
		{"short int", ParticleInteger, []byte{1}, ErrValue},
		{"short float", ParticleFloat, []byte{1, 2}, ErrValue},
		{"list holds int", ParticleList, []byte{0x01}, ErrValue},
		{"list trailing", ParticleList, []byte{0x90, 0x01}, ErrValue},
		{"list count lie", ParticleList, []byte{0xdd, 0xff, 0xff, 0xff, 0xff}, ErrValue},
		{"map bad key", ParticleMap, []byte{0x81, 0xc0, 0x01}, ErrValue},
		{"deep", ParticleList, bytes.Repeat([]byte{0x91}, 1000), ErrValue},
		{"unknown type", ParticleList, []byte{0x91, 0xc1}, ErrValue},
	}
	for _, tt := range bad {
		if _, err := DecodeParticle(tt.t, tt.data); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	// An ordered map's extension header and an ordered list's are skipped.
	v, err := DecodeParticle(ParticleMap, []byte{0x82, 0xc7, 0, 0, 0xc0, 0xa2, 3, 'a', 0x01})
	if err != nil || !reflect.DeepEqual(v, map[any]any{"a": int64(1)}) {
		t.Errorf("ordered map: %v %v", v, err)
	}
	v, err = DecodeParticle(ParticleList, []byte{0x92, 0xd4, 0, 1, 0x07})
	if err != nil || !reflect.DeepEqual(v, []any{int64(7)}) {
		t.Errorf("ordered list: %v %v", v, err)
	}
}

// batchField builds a batch-index field: an old-style read entry, a
// repeat, and a new-style write entry with generation and TTL.
func batchField() []byte {
	b := binary.BigEndian.AppendUint32(nil, 3)
	b = append(b, 1)
	entry := func(idx uint32, d byte) {
		b = binary.BigEndian.AppendUint32(b, idx)
		b = append(b, bytes.Repeat([]byte{d}, 20)...)
	}
	entry(0, 0xaa)
	b = append(b, BatchMsgRead, Info1Read|Info1GetAll)
	b = binary.BigEndian.AppendUint16(b, 2)
	b = binary.BigEndian.AppendUint16(b, 0)
	b = AppendField(b, FieldNamespace, []byte("test"))
	b = AppendField(b, FieldSet, []byte("s"))
	entry(1, 0xbb)
	b = append(b, BatchMsgRepeat)
	entry(2, 0xcc)
	b = append(b, BatchMsgInfo|BatchMsgGen|BatchMsgTTL, 0, Info2Write|Info2Generation, 0)
	b = binary.BigEndian.AppendUint16(b, 9)
	b = binary.BigEndian.AppendUint32(b, 60)
	b = binary.BigEndian.AppendUint16(b, 2)
	b = binary.BigEndian.AppendUint16(b, 1)
	b = AppendField(b, FieldNamespace, []byte("test"))
	b = AppendField(b, FieldSet, []byte("s"))
	b = AppendOp(b, Op{Op: OpWrite, ParticleType: ParticleString, Name: "x", Value: []byte("v")})
	return b
}

func TestParseBatch(t *testing.T) {
	t.Parallel()
	bt, err := ParseBatch(batchField())
	if err != nil {
		t.Fatal(err)
	}
	if len(bt.Entries) != 3 || bt.Flags != 1 {
		t.Fatalf("got %+v", bt)
	}
	e0, e1, e2 := bt.Entries[0], bt.Entries[1], bt.Entries[2]
	if e0.ReadAttr != Info1Read|Info1GetAll || len(e0.Fields) != 2 || e0.Digest[0] != 0xaa {
		t.Errorf("entry 0: %+v", e0)
	}
	if e1.Index != 1 || e1.Digest[0] != 0xbb || e1.ReadAttr != e0.ReadAttr || len(e1.Fields) != 2 {
		t.Errorf("entry 1 (repeat): %+v", e1)
	}
	if e2.Generation != 9 || e2.Expiration != 60 || e2.WriteAttr != Info2Write|Info2Generation || len(e2.Ops) != 1 || e2.Ops[0].Name != "x" {
		t.Errorf("entry 2: %+v", e2)
	}
	good := batchField()
	for _, b := range [][]byte{good[:4], good[:30], good[:len(good)-1], append(append([]byte{}, good...), 0),
		func() []byte { b := append([]byte{}, good...); binary.BigEndian.PutUint32(b, 1<<31); return b }()} {
		if _, err := ParseBatch(b); !errors.Is(err, ErrFrame) {
			t.Errorf("len %d: err = %v", len(b), err)
		}
	}
}

func TestInfoAndQueryFields(t *testing.T) {
	t.Parallel()
	if got := ParseInfoRequest([]byte("build\n\nnode\n")); !reflect.DeepEqual(got, []string{"build", "node"}) {
		t.Errorf("ParseInfoRequest = %q", got)
	}
	r := []byte{1, 1, 'n', ParticleInteger, 0, 0, 0, 8}
	r = binary.BigEndian.AppendUint64(r, 3)
	r = append(r, 0, 0, 0, 8)
	r = binary.BigEndian.AppendUint64(r, 9)
	fs, err := ParseIndexRange(r)
	if err != nil || len(fs) != 1 || fs[0].Bin != "n" || binary.BigEndian.Uint64(fs[0].End) != 9 {
		t.Errorf("ParseIndexRange = %+v, %v", fs, err)
	}
	if _, err := ParseIndexRange(r[:len(r)-1]); err == nil {
		t.Error("truncated index range accepted")
	}
	if p, err := ParsePIDArray([]byte{1, 0, 0xff, 0x0f}); err != nil || !reflect.DeepEqual(p, []uint16{1, 4095}) {
		t.Errorf("ParsePIDArray = %v %v", p, err)
	}
	if _, err := ParseDigestArray(make([]byte, 21)); err == nil {
		t.Error("digest array of 21 bytes accepted")
	}
	k, err := ParseKeyField(AppendKeyField(nil, "abc")[5:])
	if err != nil || k != "abc" {
		t.Errorf("key = %v %v", k, err)
	}
}
