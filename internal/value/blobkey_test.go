package value

import (
	"reflect"
	"testing"
)

type id [3]byte

// A byte array is a blob map key: kept as an unnamed [N]byte; a []byte is
// not a key (it cannot be a Go map key).
func TestBlobKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		k    any
		want any
		ok   bool
	}{
		{"byte array", [2]byte{1, 2}, [2]byte{1, 2}, true},
		{"empty byte array", [0]byte{}, [0]byte{}, true},
		{"named byte array", id{7, 8, 9}, [3]byte{7, 8, 9}, true},
		{"int array", [2]int{1, 2}, nil, false},
		{"byte slice", []byte{1}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeKey(tt.k)
			if (err == nil) != tt.ok {
				t.Fatalf("NormalizeKey(%#v) = %#v, %v", tt.k, got, err)
			}
			if tt.ok && !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("NormalizeKey(%#v) = %#v, want %#v", tt.k, got, tt.want)
			}
			if tt.ok && !IsKey(got) {
				t.Fatalf("IsKey(%#v) = false", got)
			}
		})
	}
	m, err := Normalize(map[id]string{{1, 2, 3}: "a"})
	if err != nil || !reflect.DeepEqual(m, map[any]any{[3]byte{1, 2, 3}: "a"}) {
		t.Fatalf("Normalize of a map with byte-array keys = %#v, %v", m, err)
	}
}
