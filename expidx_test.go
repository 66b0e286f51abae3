package aero_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/exp"
)

// TestExpressionIndexQuery creates an expression index (Index.Exp) and
// queries it by expression and by name, on every backend.
func TestExpressionIndexQuery(t *testing.T) {
	t.Parallel()
	type Item struct {
		ID    string `aero:",key"`
		Price int64  `aero:"price"`
		Tax   int64  `aero:"tax"`
	}
	total := exp.NumAdd(exp.IntBin("price"), exp.IntBin("tax"))
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "expidx")
		r, err := aero.NewRepo[Item, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		idx := aero.Index{Set: set, Name: set + "_total", Exp: total, Type: aero.NumericIndex}
		if err := s.CreateIndex(ctx, idx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = s.DropIndex(context.Background(), idx)
			_ = s.Truncate(context.Background(), set)
		})
		for _, it := range []*Item{{ID: "a", Price: 10, Tax: 2}, {ID: "b", Price: 20, Tax: 4}, {ID: "c", Price: 5, Tax: 0}} {
			if err := r.Put(ctx, it); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name string
			f    aero.Filter
			want []string
		}{
			{"by expression", aero.Range("", 10, 30).OnExpression(exp.NumAdd(exp.IntBin("price"), exp.IntBin("tax"))), []string{"a", "b"}},
			{"by name", aero.Equal("", int64(5)).OnIndex(set + "_total"), []string{"c"}},
		} {
			// An expression index is queried with the Session's Query
			// (its filter is on an expression, not a field), and the
			// records decoded into T.
			var ids []string
			for rec, err := range s.Query(ctx, set, tc.f) {
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				it, err := aero.Decode[Item](rec)
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, it.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tc.want) {
				t.Errorf("%s (%s): %v, want %v", tc.name, tc.f, ids, tc.want)
			}
		}
		for _, f := range []aero.Filter{aero.Range("", 0, 1).OnExpression(exp.IntBin("price")), aero.Range("", 0, 1).OnIndex(set + "_nosuch")} {
			for _, err := range s.Query(ctx, set, f) {
				if !errors.Is(err, aero.ErrIndexNotFound) {
					t.Errorf("Query %s: %v, want ErrIndexNotFound", f, err)
				}
				break
			}
		}
	})
}

func TestFilterOnIndexErrors(t *testing.T) {
	t.Parallel()
	s, err := aero.Open(context.Background(), "memory://test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	for _, f := range []aero.Filter{aero.Range("", 0, 1).OnIndex(""), aero.Range("", 0, 1).OnExpression(nil), aero.Range("", 0, 1)} {
		for _, err := range s.Query(context.Background(), "x", f) {
			if !errors.Is(err, aero.ErrInvalidArgument) {
				t.Errorf("Query %s: %v, want ErrInvalidArgument", f, err)
			}
			break
		}
	}
}
