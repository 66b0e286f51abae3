package aero_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
)

// Member is a struct whose tags declare its indexes.
type Member struct {
	ID   string `aero:",key"`
	Age  int    `aero:"age,index"`
	City string `aero:"city,index"`
	Note string `aero:"note"`
}

// TestIndexesFromTags checks indexes declared in tags on every backend:
// Repo.Indexes derives them from the fields, EnsureIndexes creates them
// and is idempotent (run twice, and with an index already on the bin
// under another name), and the planner uses them without WithIndex.
func TestIndexesFromTags(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "mem")
		r, err := aero.NewRepo[Member, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		idx := r.Indexes()
		want := []aero.Index{
			{Namespace: s.Namespace(), Set: set, Name: set + "_age_num", Bin: "age", Type: aero.NumericIndex},
			{Namespace: s.Namespace(), Set: set, Name: set + "_city_str", Bin: "city", Type: aero.StringIndex},
		}
		if !slices.Equal(idx, want) {
			t.Fatalf("Indexes = %+v, want %+v", idx, want)
		}
		// An index on city under another name already exists: EnsureIndexes
		// takes it as there.
		other := aero.Index{Set: set, Name: set + "_c", Bin: "city", Type: aero.StringIndex}
		if err := s.CreateIndex(ctx, other); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			for _, i := range append(idx, other) {
				_ = s.DropIndex(context.Background(), i)
			}
			_ = s.Truncate(context.Background(), set)
		})
		for run := range 2 {
			if err := r.EnsureIndexes(ctx); err != nil {
				t.Fatalf("EnsureIndexes (run %d): %v", run+1, err)
			}
		}
		for _, m := range []*Member{{ID: "a", Age: 17, City: "Paris"}, {ID: "b", Age: 30, City: "Paris"}, {ID: "c", Age: 40, City: "Rome"}} {
			if err := r.Put(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			cond    aero.Cond[Member]
			explain string
			ids     string
		}{
			{aero.Field[Member]("Age").Ge(18), `on "age" (field Age): 18 <= age <=`, "b c"},
			{aero.And(aero.Field[Member]("City").Eq("Paris"), aero.Field[Member]("Note").Eq("")), `on "city" (field City): city == Paris (the only indexed predicate), then filter`, "a b"},
			{aero.Field[Member]("Note").Eq("x"), "scan of set", ""},
		}
		for _, c := range cases {
			q, err := r.Where(c.cond)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(q.Explain(), c.explain) {
				t.Errorf("%s: Explain = %s, want it to contain %q", c.cond, q.Explain(), c.explain)
			}
			var ids []string
			for m, err := range q.All(ctx) {
				if err != nil {
					t.Fatalf("%s: %v", c.cond, err)
				}
				ids = append(ids, m.ID)
			}
			slices.Sort(ids)
			if strings.Join(ids, " ") != c.ids {
				t.Errorf("%s: got %v, want %s", c.cond, ids, c.ids)
			}
		}
		if _, err := r.Where(aero.Field[Member]("Age").Lt(20), aero.RequireIndex()); err != nil {
			t.Errorf("RequireIndex with an index declared in tags: %v", err)
		}
		if _, err := r.Where(aero.Field[Member]("Note").Eq("x"), aero.RequireIndex()); !errors.Is(err, aero.ErrIndexNotFound) {
			t.Errorf("RequireIndex on an unindexed field: got %v, want ErrIndexNotFound", err)
		}
	})
}

// TestIndexNamesFitTheServer checks that the names of tag indexes stay
// within the server's 63 bytes and apart for long set names.
func TestIndexNamesFitTheServer(t *testing.T) {
	t.Parallel()
	s := aerotest.NewSession(t)
	long1, long2 := strings.Repeat("s", 62)+"1", strings.Repeat("s", 62)+"2"
	var names []string
	for _, set := range []string{long1, long2} {
		r, err := aero.NewRepo[Member, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range r.Indexes() {
			if len(i.Name) > 63 {
				t.Errorf("index name %q is %d bytes", i.Name, len(i.Name))
			}
			names = append(names, i.Name)
		}
	}
	if n := len(slices.Compact(slices.Sorted(slices.Values(names)))); n != 4 {
		t.Errorf("names %v: %d distinct, want 4", names, n)
	}
}
