package mapper

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"testing"
)

// fuzzReader decodes a small self-describing encoding of bin values from
// fuzz bytes: one tag byte, then the value. Running out of input yields
// nil.
type fuzzReader struct {
	b     []byte
	names []string
}

func (r *fuzzReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *fuzzReader) uint64() uint64 {
	var buf [8]byte
	n := copy(buf[:], r.b)
	r.b = r.b[n:]
	return binary.LittleEndian.Uint64(buf[:])
}

func (r *fuzzReader) bytes() []byte {
	n := int(r.byte() % 16)
	n = min(n, len(r.b))
	out := append([]byte(nil), r.b[:n]...)
	r.b = r.b[n:]
	return out
}

func (r *fuzzReader) str() string {
	if c := r.byte(); c < 128 && len(r.names) > 0 {
		return r.names[int(c)%len(r.names)]
	}
	return string(r.bytes())
}

func (r *fuzzReader) value(depth int) any {
	tag := r.byte()
	if depth > 4 && tag >= 9 {
		tag %= 9
	}
	switch tag % 14 {
	case 0:
		return nil
	case 1:
		return r.byte()&1 == 1
	case 2:
		return int64(r.uint64())
	case 3:
		return int(int8(r.byte())) // what the client returns
	case 4:
		return math.Float64frombits(r.uint64())
	case 5:
		return float32(int8(r.byte())) / 4
	case 6:
		return r.str()
	case 7:
		return r.bytes()
	case 8:
		return r.uint64() // a type backends never return
	case 9:
		n := int(r.byte() % 5)
		l := make([]any, n)
		for i := range l {
			l[i] = r.value(depth + 1)
		}
		return l
	case 10:
		n := int(r.byte() % 5)
		m := make(map[any]any, n)
		for range n {
			k := r.value(depth + 1)
			if k == nil || !reflect.TypeOf(k).Comparable() {
				k = r.str()
			}
			m[k] = r.value(depth + 1)
		}
		return m
	case 11:
		n := int(r.byte() % 5)
		m := make(map[string]any, n)
		for range n {
			m[r.str()] = r.value(depth + 1)
		}
		return m
	case 12:
		return int64(int8(r.byte())) // small integers hit range checks
	default:
		return []any{int64(r.byte()), int64(r.byte())}
	}
}

func FuzzDecode(f *testing.F) {
	p, err := PlanFor(reflect.TypeFor[Rich]())
	if err != nil {
		f.Fatal(err)
	}
	names := append([]string{"zip", "city", "deep", "x"}, p.BinNames()...)
	f.Add([]byte{})
	f.Add([]byte{0, 2, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{5, 10, 3, 6, 0, 3, 200, 6, 1, 12, 5})
	f.Add([]byte{8, 9, 4, 2, 255, 255, 255, 255, 255, 255, 255, 127, 3, 7})
	f.Add([]byte{20, 13, 1, 2, 21, 7, 4, 1, 2, 3, 4, 22, 9, 3, 12, 1, 12, 2, 12, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data, names: names}
		bins := map[string]any{}
		for n := int(r.byte() % 16); n > 0; n-- {
			bins[r.str()] = r.value(0)
		}
		var v Rich
		err := p.Decode(bins, reflect.ValueOf(&v))
		// DecodeWith of the same bins with every value convert must see
		// wrapped (what is not a plain scalar) decodes as Decode does.
		wrapped := make(map[string]any, len(bins))
		for name, x := range bins {
			switch x.(type) {
			case nil, bool, int, int64, float64, string, []byte:
				wrapped[name] = x
			default:
				wrapped[name] = foreign{x}
			}
		}
		var vw Rich
		errWith := p.DecodeWith(wrapped, reflect.ValueOf(&vw), func(x any) (any, error) {
			f, ok := x.(foreign)
			if !ok {
				t.Fatalf("DecodeWith converted a plain %T", x)
			}
			return f.v, nil
		})
		if (err == nil) != (errWith == nil) || (err == nil && !sameDecoded(p, &v, &vw)) {
			t.Fatalf("Decode(%v) = %+v, %v; DecodeWith of it wrapped = %+v, %v", bins, v, err, vw, errWith)
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Decode error %T %v is not an *Error", err, err)
			}
			return
		}
		// Whatever decodes must encode again, and decode to the same.
		out, err := p.Encode(reflect.ValueOf(&v))
		if err != nil {
			t.Fatalf("Encode after Decode(%v): %v", bins, err)
		}
		var w Rich
		if err := p.Decode(out, reflect.ValueOf(&w)); err != nil {
			t.Fatalf("Decode(Encode(Decode(%v))) = %v", bins, err)
		}
	})
}

// sameDecoded reports whether two decoded values are equal, a NaN equal to
// a NaN: by reflect.DeepEqual, or else by the printed form of their bins
// (fmt prints NaN as NaN, and map entries in key order).
func sameDecoded(p *Plan, a, b *Rich) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	ea, errA := p.Encode(reflect.ValueOf(a))
	eb, errB := p.Encode(reflect.ValueOf(b))
	return errA == nil && errB == nil && fmt.Sprint(ea) == fmt.Sprint(eb)
}
