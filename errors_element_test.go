package aero_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/cdt"
)

// TestElementSentinels: the element-level result codes of list, map and bit
// operations (FAIL_ELEMENT_NOT_FOUND 23, FAIL_ELEMENT_EXISTS 24,
// OP_NOT_APPLICABLE 26) have sentinels of their own in the record family,
// on every backend.
func TestElementSentinels(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "elem")
		key := aero.Key{Namespace: s.Namespace(), Set: set, Value: "k"}
		if err := s.Put(ctx, key, aero.Bins{"m": map[any]any{"a": int64(1)}, "b": []byte{0xFF, 0x00}}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			op   aero.Op
			want error
		}{
			{"create-only map put of a key present", cdt.MapPut(cdt.MapPolicy{Flags: cdt.MapCreateOnly}, "m", "a", 2).Operation(), aero.ErrElementExists},
			{"update-only map put of a key absent", cdt.MapPut(cdt.MapPolicy{Flags: cdt.MapUpdateOnly}, "m", "z", 2).Operation(), aero.ErrElementNotFound},
			{"bit read past the end of the blob", bitop.GetInt("b", 16, 8, false).Operation(), aero.ErrOpNotApplicable},
		}
		for _, tt := range tests {
			_, err := s.Operate(ctx, key, []aero.Op{tt.op})
			if !errors.Is(err, tt.want) || !errors.Is(err, aero.ErrRecord) {
				t.Errorf("%s: err = %v, want %v (in ErrRecord)", tt.name, err, tt.want)
			}
		}
	})
}
