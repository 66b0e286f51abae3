package value

import (
	"encoding/binary"
	"math"
	"reflect"
	"testing"
)

// fuzzValue builds a Go value, canonical or not, from fuzz bytes: one tag
// byte, then the value.
func fuzzValue(b *[]byte, depth int) any {
	next := func() byte {
		if len(*b) == 0 {
			return 0
		}
		c := (*b)[0]
		*b = (*b)[1:]
		return c
	}
	u64 := func() uint64 {
		var buf [8]byte
		n := copy(buf[:], *b)
		*b = (*b)[n:]
		return binary.LittleEndian.Uint64(buf[:])
	}
	tag := next()
	if depth > 6 {
		tag %= 12
	}
	switch tag % 20 {
	case 0:
		return nil
	case 1:
		return next()&1 == 1
	case 2:
		return int64(u64())
	case 3:
		return int(int8(next()))
	case 4:
		return u64()
	case 5:
		return uint32(next())
	case 6:
		return math.Float64frombits(u64())
	case 7:
		return float32(int8(next())) / 3
	case 8:
		return string([]byte{next(), next()})
	case 9:
		return []byte{next()}
	case 10:
		return namedInt8(next())
	case 11:
		return namedUint(u64())
	case 12:
		l := make([]any, next()%4)
		for i := range l {
			l[i] = fuzzValue(b, depth+1)
		}
		return l
	case 13:
		m := map[any]any{}
		for range next() % 4 {
			k := fuzzValue(b, depth+1)
			if k == nil || !reflect.TypeOf(k).Comparable() {
				continue
			}
			m[k] = fuzzValue(b, depth+1)
		}
		return m
	case 14:
		m := map[string]any{}
		for range next() % 4 {
			m[string([]byte{next()})] = fuzzValue(b, depth+1)
		}
		return m
	case 15:
		return []int16{int16(next()), -1}
	case 16:
		return map[namedStr]uint64{"a": u64()}
	case 17:
		return [2]namedByte{namedByte(next()), 1}
	case 18:
		return struct{}{}
	default:
		return map[float32]int{float32(next()): 1}
	}
}

// FuzzNormalize checks that Normalize never panics, and that what it
// returns is canonical and normalises to itself.
func FuzzNormalize(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{12, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 3, 200, 4, 255, 255, 255, 255, 255, 255, 255, 255})
	f.Add([]byte{13, 3, 3, 1, 2, 1, 3, 1, 8, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		v := fuzzValue(&data, 0)
		n, err := Normalize(v)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not a *Error", err)
			}
			return
		}
		if !IsCanonical(n) {
			t.Fatalf("Normalize(%#v) = %#v is not canonical", v, n)
		}
		again, err := Normalize(n)
		if err != nil || !reflect.DeepEqual(again, n) && !hasNaN(n) {
			t.Fatalf("Normalize(Normalize(%#v)) = %#v, %v; want %#v", v, again, err, n)
		}
		if c := Clone(n); !reflect.DeepEqual(c, n) && !hasNaN(n) {
			t.Fatalf("Clone(%#v) = %#v", n, c)
		}
	})
}

func hasNaN(v any) bool {
	switch x := v.(type) {
	case float64:
		return math.IsNaN(x)
	case []any:
		for _, e := range x {
			if hasNaN(e) {
				return true
			}
		}
	case map[any]any:
		for k, e := range x {
			if hasNaN(k) || hasNaN(e) {
				return true
			}
		}
	}
	return false
}
