package aero_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/exp"
)

// TestUnsendableExpression checks that an expression holding a value the
// wire cannot carry is ErrInvalidArgument on every backend, as the
// Aerospike driver refuses it before sending: not a filter that does not
// match (the memory backend answered ErrFilteredOut), and an Operate that
// neither writes nor hands the raw value back (the memory backend returned
// the channel as a bin).
func TestUnsendableExpression(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		k := aero.Key{Set: uniqueSet(t, s, "unsend"), Value: "k"}
		if err := s.Put(ctx, k, aero.Bins{"l": []any{1}}); err != nil {
			t.Fatal(err)
		}
		bad := exp.ListVal(make(chan int))
		_, err := s.Get(ctx, k, aero.WithFilterExp(exp.Eq(bad, exp.ListBin("l"))))
		if !errors.Is(err, aero.ErrInvalidArgument) {
			t.Errorf("Get with a filter holding a channel: %v, want ErrInvalidArgument", err)
		}
		for _, op := range []aero.Op{aero.Op(exp.ReadOp("r", bad, exp.ReadDefault)), aero.Op(exp.WriteOp("w", bad, exp.WriteDefault))} {
			rec, err := s.Operate(ctx, k, []aero.Op{op})
			if !errors.Is(err, aero.ErrInvalidArgument) || rec != nil {
				t.Errorf("Operate %s of a channel: %v, %v; want ErrInvalidArgument and no record", op.Type, rec, err)
			}
		}
		rec, err := s.Get(ctx, k)
		if err != nil || rec.Generation != 1 || len(rec.Bins) != 1 {
			t.Errorf("the record after the refused calls: %v, %v; want it unchanged", rec, err)
		}
	})
}
