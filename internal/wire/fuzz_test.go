package wire

import (
	"bytes"
	"reflect"
	"testing"
)

// The fuzz targets check that no input panics the parsers or makes them
// allocate beyond the input's size; their seed corpus is in testdata/fuzz.
//
//	go test -fuzz=FuzzReadFrame -fuzztime=30s ./internal/wire

func FuzzReadFrame(f *testing.F) {
	f.Add(MessageFrame(sampleMessage()))
	f.Add(Compress(MessageFrame(sampleMessage())))
	f.Add(InfoFrame([]byte("build\nnode\n")))
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := ReadFrame(bytes.NewReader(b), 1<<20)
		if err != nil {
			return
		}
		if fr.Type == TypeMessage {
			_, _ = ParseMessage(fr.Body)
		}
	})
}

func FuzzParseMessage(f *testing.F) {
	f.Add(AppendMessage(nil, sampleMessage()))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMessage(b)
		if err != nil {
			return
		}
		// What parses re-encodes to a message that parses the same (the
		// op version byte, ignored by the server, is written as 0).
		out := AppendMessage(nil, m)
		if len(out) != len(b) {
			t.Fatalf("re-encoding has %d bytes, input %d", len(out), len(b))
		}
		m2, err := ParseMessage(out)
		if err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("re-encoding parses differently: %v\n%+v\n%+v", err, m, m2)
		}
		for _, op := range m.Ops {
			_, _ = DecodeParticle(op.ParticleType, op.Value)
		}
	})
}

func FuzzParseBatch(f *testing.F) {
	f.Add(batchField())
	f.Fuzz(func(t *testing.T, b []byte) {
		bt, err := ParseBatch(b)
		if err != nil {
			return
		}
		if len(bt.Entries)*25 > len(b) {
			t.Fatalf("%d entries from %d bytes", len(bt.Entries), len(b))
		}
	})
}

func FuzzDecodeParticle(f *testing.F) {
	for _, v := range []any{[]any{int64(1), "a", map[any]any{"k": 1.5}}, map[any]any{int64(1): []byte{1}}} {
		pt, data, _ := EncodeParticle(v)
		f.Add(pt, data)
	}
	// An unordered map packed out of key order ("c" before "a"), which
	// decodes in its stored order.
	f.Add(uint8(ParticleMap), []byte{0x82, 0xa2, 0x03, 0x63, 0x01, 0xa2, 0x03, 0x61, 0x03})
	f.Fuzz(func(t *testing.T, pt uint8, b []byte) {
		v, err := DecodeParticle(pt, b)
		if err != nil {
			return
		}
		// What decodes encodes again, and decodes to the same value.
		pt2, data, err := EncodeParticle(v)
		if err != nil {
			t.Fatalf("decoded %#v does not encode: %v", v, err)
		}
		if _, err := DecodeParticle(pt2, data); err != nil {
			t.Fatalf("re-decoding %#v: %v", v, err)
		}
	})
}

// FuzzParseQueryIndex decodes a query's index fields: INDEX_RANGE and the
// INDEX_TYPE that names the collection type.
func FuzzParseQueryIndex(f *testing.F) {
	rng := []byte{1, 1, 'l', ParticleInteger, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 9}
	f.Add(rng, []byte{1})
	f.Add(rng[:12], []byte{})
	f.Add([]byte{1, 1, 's', ParticleString, 0, 0, 0, 1, 'x', 0, 0, 0, 1, 'x'}, []byte{3, 9})
	f.Fuzz(func(t *testing.T, rb, tb []byte) {
		it, err := ParseIndexType(tb)
		if (err != nil) != (len(tb) == 0) || (err == nil && it != tb[0]) {
			t.Fatalf("ParseIndexType(%x) = %d, %v", tb, it, err)
		}
		fs, err := ParseIndexRange(rb)
		if err != nil {
			return
		}
		for _, fl := range fs {
			if len(fl.Bin)+len(fl.Begin)+len(fl.End) > len(rb) {
				t.Fatalf("filter %+v larger than its input of %d bytes", fl, len(rb))
			}
		}
	})
}
