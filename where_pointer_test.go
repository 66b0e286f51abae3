package aero_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero"
)

// Optional has pointer fields: set or nil (no bin).
type Optional struct {
	ID    string     `aero:",key"`
	Score *int64     `aero:"score,index"`
	Name  *string    `aero:"name"`
	When  *time.Time `aero:"when"`
	Kind  string     `aero:"kind"`
}

// TestWherePointerFields checks that pointer fields (*int64, *string,
// *time.Time) are compared in the typed query language as the values they
// point to, with values or pointers, that a nil field matches no
// comparison, and that an index on a pointer field serves the query (they
// were refused: "cannot be compared in a query").
func TestWherePointerFields(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r, err := aero.NewRepo[Optional, string](s, uniqueSet(t, s, "opt"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			for _, idx := range r.Indexes() {
				_ = s.DropIndex(context.Background(), idx)
			}
		})
		if err := r.EnsureIndexes(ctx); err != nil {
			t.Fatal(err)
		}
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		i64 := func(n int64) *int64 { return &n }
		str := func(s string) *string { return &s }
		at := func(h int) *time.Time { x := base.Add(time.Duration(h) * time.Hour); return &x }
		for _, o := range []*Optional{
			{ID: "a", Score: i64(10), Name: str("ann"), When: at(1)},
			{ID: "b", Score: i64(20), Name: str("bob"), When: at(2)},
			{ID: "c", Score: i64(30)},
			{ID: "d", Kind: "empty"},
		} {
			if err := r.Put(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		f := aero.Field[Optional]
		cases := []struct {
			name  string
			c     aero.Cond[Optional]
			index bool
			ids   string
		}{
			{"*int64 >= a value", f("Score").Ge(20), true, "b c"},
			{"*int64 == a pointer", f("Score").Eq(i64(10)), true, "a"},
			{"*int64 between", f("Score").Between(15, 35), true, "b c"},
			{"*string == a value", f("Name").Eq("bob"), false, "b"},
			{"*string != a value: a nil field matches no comparison", f("Name").Ne("bob"), false, "a"},
			{"*time.Time after a time", f("When").Gt(base.Add(90 * time.Minute)), false, "b"},
			{"*time.Time == a pointer", f("When").Eq(at(1)), false, "a"},
			{"a nil field: not Exists", aero.Not(f("Name").Exists()), false, "c d"},
		}
		for _, c := range cases {
			q, err := r.Where(c.c)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if _, indexed := q.Index(); indexed != c.index {
				t.Errorf("%s: %s, want an index query %v", c.name, q.Explain(), c.index)
			}
			var ids []string
			for o, err := range q.All(ctx) {
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				ids = append(ids, o.ID)
			}
			slices.Sort(ids)
			if got := strings.Join(ids, " "); got != c.ids {
				t.Errorf("%s: %s: got %q, want %q", c.name, q.Explain(), got, c.ids)
			}
		}
		var nilp *int64
		if _, err := r.Where(f("Score").Eq(nilp)); !errors.Is(err, aero.ErrInvalidArgument) || !strings.Contains(err.Error(), "nil *int64") {
			t.Errorf("a comparison with a nil pointer: %v, want ErrInvalidArgument naming it", err)
		}
		if _, err := r.Where(f("Name").Eq(1)); !errors.Is(err, aero.ErrInvalidArgument) {
			t.Errorf("*string compared with an integer: %v, want ErrInvalidArgument", err)
		}
	})
}
