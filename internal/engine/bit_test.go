package engine

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
)

func bitOps(ops ...bitop.Op) []driver.Operation {
	out := make([]driver.Operation, len(ops))
	for i, op := range ops {
		out[i] = op.Operation()
	}
	return out
}

// Server quirks kept (particle_blob.c): an RScan whose range holds no bit
// of the value returns the position, from the offset, of the nearest such
// bit before the offset in the range's first byte (bits_read_op_rscan
// masks only the last byte); a signed add whose sum wraps to exactly zero
// is no overflow (handle_signed_overflow).
func TestBitServerQuirks(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "bits", "quirks")
	if err := e.Put(nil, k, driver.Bins{"b": []byte{0x80, 0x00}, "c": []byte{0x80}}); err != nil {
		t.Fatal(err)
	}
	rec, err := e.Operate(nil, k, bitOps(
		bitop.RScan("b", 4, 8, true),
		bitop.Add(bitop.WriteDefault, "c", 0, 8, 0x80, true, bitop.OverflowFail),
		bitop.Get("c", 0, 8),
	))
	wantCode(t, err, driver.OK)
	want := driver.Bins{"b": int64(-4), "c": []byte{0x00}}
	if !reflect.DeepEqual(rec.Bins, want) {
		t.Fatalf("bins %#v, want %#v", rec.Bins, want)
	}
}

// A bit operation is checked as the server's parse functions check it,
// whichever door it comes through: the wrong kind of argument, a read op
// sent as a modify and a nil op are PARAMETER_ERROR, and the record is
// unchanged.
func TestBitMalformedOps(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "bits", "malformed")
	seed := driver.Bins{"b": []byte{1, 2}}
	if err := e.Put(nil, k, seed); err != nil {
		t.Fatal(err)
	}
	for _, op := range []driver.Operation{
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Op{Bin: "b", Code: bitop.OpSet, Args: []any{int64(0), int64(8), "x"}}},
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Count("b", 0, 8)},
		{Type: driver.OpBitRead, Bin: "b", Value: bitop.Not(0, "b", 0, 8)},
		{Type: driver.OpBitModify, Bin: "b", Value: (*bitop.Op)(nil)},
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Not(0, "other", 0, 8)},
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Op{Bin: "b", Code: bitop.OpNot, Args: []any{int64(0)}}},
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Insert(0, "b", 0, nil)},
	} {
		_, err := e.Operate(nil, k, []driver.Operation{op})
		wantCode(t, err, driver.ParameterError)
	}
	if got := mustGet(t, e, k).Bins; !reflect.DeepEqual(got, seed) {
		t.Fatalf("record after refused ops: %#v", got)
	}
}

// FuzzBitOps decodes arbitrary bytes as a bit operation and applies it, as
// a read and as a modify, to blobs of several sizes: an operation the
// server refuses must be an error that leaves the record as it was, never
// a panic.
func FuzzBitOps(f *testing.F) {
	for _, op := range []bitop.Op{
		bitop.Set(bitop.WritePartial, "b", 12, 8, []byte{0xFF}),
		bitop.Or(bitop.WritePartial, "b", 7, 30, []byte{1, 2, 3, 4}),
		bitop.LShift(bitop.WritePartial, "b", -9, 9, 3),
		bitop.Add(0, "b", 3, 64, -1, true, bitop.OverflowSaturate),
		bitop.Remove(bitop.WritePartial, "b", -1, 3),
		bitop.Insert(0, "b", 5, []byte{1}),
		bitop.Resize(0, "b", 3, bitop.ResizeFromFront),
		bitop.RScan("b", 3, 10, true),
		bitop.GetInt("b", 1, 64, true),
	} {
		p, _ := op.Payload()
		f.Add(p, uint8(3))
	}
	e, _ := New(Config{Namespaces: []NamespaceConfig{{Name: "test"}}})
	key, _ := driver.NewKey("test", "s", "k")
	f.Fuzz(func(t *testing.T, payload []byte, size uint8) {
		op, err := bitop.Decode("b", payload)
		if err != nil {
			return
		}
		seed := make([]byte, int(size%24))
		for i := range seed {
			seed[i] = byte(i*37 + 11)
		}
		if err := e.Put(nil, key, driver.Bins{"b": seed}); err != nil {
			t.Fatal(err)
		}
		for _, typ := range []driver.OpType{driver.OpBitRead, driver.OpBitModify} {
			_, err := e.Operate(nil, key, []driver.Operation{{Type: typ, Bin: "b", Value: op}})
			got, gerr := e.Get(key, nil, false)
			if gerr != nil {
				t.Fatal(gerr)
			}
			b, _ := got.Bins["b"].([]byte)
			if err != nil && !bytes.Equal(b, seed) {
				t.Fatalf("%s failed (%v) and changed the blob % x to % x", op, err, seed, b)
			}
		}
	})
}

// BenchmarkBitOps compares bit operations on a 1 KiB blob with a Put of
// the same blob, in one run: a Set of 13 unaligned bits, an Add to a
// 32-bit counter, and a Count of all 8192 bits.
func BenchmarkBitOps(b *testing.B) {
	e, _ := newEngine(b)
	k := mkKey(b, "test", "bits", "bench")
	blob := make([]byte, 1024)
	if err := e.Put(nil, k, driver.Bins{"b": blob}); err != nil {
		b.Fatal(err)
	}
	run := func(name string, ops []driver.Operation) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Operate(nil, k, ops); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("Put", []driver.Operation{{Type: driver.OpWrite, Bin: "b", Value: blob}})
	run("Set13", bitOps(bitop.Set(0, "b", 100, 13, []byte{0xFF, 0xF8})))
	run("Add32", bitOps(bitop.Add(0, "b", 64, 32, 1, false, bitop.OverflowWrap)))
	run("Count8192", bitOps(bitop.Count("b", 0, 8192)))
}
