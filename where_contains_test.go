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

// Article declares collection indexes in its tags: a LIST index on a slice,
// MAPKEYS and MAPVALUES indexes on maps.
type Article struct {
	ID     string           `aero:",key"`
	Tags   []string         `aero:"tags,index"`
	Scores []int            `aero:"scores,index"`
	Attrs  map[string]int   `aero:"attrs,index=keys"`
	Votes  map[string]int   `aero:"votes,index=values"`
	Plain  []string         `aero:"plain"`
	Extra  map[int64]string `aero:"extra"`
}

// TestContainsQueries checks Contains conditions end to end on every
// backend: Repo.Indexes derives collection indexes from the tags,
// EnsureIndexes creates them (twice: idempotent), the planner turns a
// Contains on an indexed bin into a contains index filter, and one on a bin
// without an index into a scan with the same condition as a filter
// expression; both give the same records.
func TestContainsQueries(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "art")
		r, err := aero.NewRepo[Article, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		ns := s.Namespace()
		want := []aero.Index{
			{Namespace: ns, Set: set, Name: set + "_tags_list_str", Bin: "tags", Type: aero.StringIndex, Collection: aero.OnListElements},
			{Namespace: ns, Set: set, Name: set + "_scores_list_num", Bin: "scores", Type: aero.NumericIndex, Collection: aero.OnListElements},
			{Namespace: ns, Set: set, Name: set + "_attrs_mapkeys_str", Bin: "attrs", Type: aero.StringIndex, Collection: aero.OnMapKeys},
			{Namespace: ns, Set: set, Name: set + "_votes_mapvalues_num", Bin: "votes", Type: aero.NumericIndex, Collection: aero.OnMapValues},
		}
		if got := r.Indexes(); !slices.Equal(got, want) {
			t.Fatalf("Indexes = %+v, want %+v", got, want)
		}
		t.Cleanup(func() {
			for _, i := range want {
				_ = s.DropIndex(context.Background(), i)
			}
			_ = s.Truncate(context.Background(), set)
		})
		for run := range 2 {
			if err := r.EnsureIndexes(ctx); err != nil {
				t.Fatalf("EnsureIndexes (run %d): %v", run+1, err)
			}
		}
		for _, a := range []*Article{
			{ID: "a", Tags: []string{"go", "db"}, Scores: []int{1, 5}, Attrs: map[string]int{"lang": 1}, Votes: map[string]int{"x": 3}, Plain: []string{"p"}, Extra: map[int64]string{1: "one"}},
			{ID: "b", Tags: []string{"rust"}, Scores: []int{7}, Attrs: map[string]int{"size": 2}, Votes: map[string]int{"y": 10, "z": 3}},
			{ID: "c", Tags: []string{"go"}, Scores: []int{50, 60}, Attrs: map[string]int{}, Votes: map[string]int{}},
		} {
			if err := r.Put(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		f := aero.Field[Article]
		cases := []struct {
			cond    aero.Cond[Article]
			explain string
			ids     string
		}{
			{f("Tags").Contains("go"), `on "tags" (field Tags): tags elements contain go`, "a c"},
			{f("Scores").ContainsBetween(4, 10), `on "scores" (field Scores): scores elements contain 4..10`, "a b"},
			{f("Scores").Contains(60), `scores elements contain 60`, "c"},
			{f("Attrs").ContainsKey("size"), `attrs keys contain size`, "b"},
			{f("Votes").ContainsValue(3), `votes values contain 3`, "a b"},
			{f("Votes").ContainsValueBetween(4, 100), `votes values contain 4..100`, "b"},
			{aero.And(f("Tags").Contains("go"), f("Scores").ContainsBetween(40, 70)), `then filter`, "c"},
			// No index: a scan with the condition as a filter expression.
			{f("Plain").Contains("p"), "scan of set", "a"},
			{f("Extra").ContainsKey(1), "scan of set", "a"},
			{f("Extra").ContainsValue("one"), "scan of set", "a"},
			{f("Attrs").ContainsValue(2), "scan of set", "b"},
			{f("Extra").ContainsKeyBetween(0, 9), "scan of set", "a"},
			{f("Extra").ContainsKeyBetween(2, 9), "scan of set", ""},
			{aero.Not(f("Tags").Contains("go")), "scan of set", "b"},
		}
		for _, c := range cases {
			q, err := r.Where(c.cond)
			if err != nil {
				t.Fatalf("%s: %v", c.cond, err)
			}
			if !strings.Contains(q.Explain(), c.explain) {
				t.Errorf("%s: Explain = %s, want it to contain %q", c.cond, q.Explain(), c.explain)
			}
			var ids []string
			for a, err := range q.All(ctx) {
				if err != nil {
					t.Fatalf("%s: %v", c.cond, err)
				}
				ids = append(ids, a.ID)
			}
			slices.Sort(ids)
			if strings.Join(ids, " ") != c.ids {
				t.Errorf("%s: got %v, want %q", c.cond, ids, c.ids)
			}
		}
		// WithCollectionIndex names an index the tags do not declare.
		q, err := r.Where(f("Extra").ContainsKey(1), aero.WithCollectionIndex("Extra", aero.OnMapKeys))
		if err != nil || !strings.Contains(q.Explain(), `on "extra"`) {
			t.Errorf("WithCollectionIndex: %v, %v", q, err)
		}
		if _, err := r.Where(f("Extra").ContainsKey(1), aero.WithCollectionIndex("Extra", aero.OnValue)); err == nil {
			t.Error("WithCollectionIndex with OnValue: no error")
		}
	})
}

// TestContainsFilters checks the contains index filters: their String,
// and that one without a collection, or with a value of another type, is
// ErrInvalidArgument naming the bin before anything is sent.
func TestContainsFilters(t *testing.T) {
	t.Parallel()
	s := aerotest.NewSession(t)
	r, err := aero.NewRepo[Article, string](s, uniqueSet(t, s, "cf"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		f       aero.Filter
		str     string
		errPart string
	}{
		{aero.Contains("tags", aero.OnListElements, "go"), "tags elements contain go", ""},
		{aero.ContainsRange("votes", aero.OnMapValues, 1, 5), "votes values contain 1..5", ""},
		{aero.Contains("attrs", aero.OnMapKeys, int32(7)), "attrs keys contain 7", ""},
		{aero.Contains("tags", aero.OnValue, "go"), "", `filter on bin "tags": Contains needs a collection`},
		{aero.ContainsRange("tags", aero.IndexCollection(9), 1, 2), "", `filter on bin "tags": ContainsRange needs a collection`},
		{aero.Contains("tags", aero.OnListElements, 1.5), "", `filter on bin "tags": value of type float64 is not supported`},
	}
	for _, tt := range tests {
		if tt.errPart == "" {
			if got := tt.f.String(); got != tt.str {
				t.Errorf("String = %q, want %q", got, tt.str)
			}
			continue
		}
		var got error
		for _, err := range s.Query(context.Background(), r.Set(), tt.f) {
			got = err
			break
		}
		if !errors.Is(got, aero.ErrInvalidArgument) || !strings.Contains(got.Error(), tt.errPart) {
			t.Errorf("Query(%v): %v, want ErrInvalidArgument containing %q", tt.f, got, tt.errPart)
		}
	}
}

// TestBlobIndexQuery checks a BLOB index from the Session and an Equal
// filter with a []byte on every backend.
func TestBlobIndexQuery(t *testing.T) {
	t.Parallel()
	type Doc struct {
		ID   string `aero:",key"`
		Hash []byte `aero:"hash"`
	}
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "blob")
		r, err := aero.NewRepo[Doc, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		idx := aero.Index{Set: set, Name: set + "_hash", Bin: "hash", Type: aero.BlobIndex}
		if err := s.CreateIndex(ctx, idx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = s.DropIndex(context.Background(), idx)
			_ = s.Truncate(context.Background(), set)
		})
		for _, d := range []*Doc{{ID: "a", Hash: []byte{1, 2}}, {ID: "b", Hash: []byte{3}}} {
			if err := r.Put(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		// A blob equality is an index filter of the Session's (Where
		// serves integers and strings from an index).
		var ids []string
		for rec, err := range s.Query(ctx, set, aero.Equal("hash", []byte{1, 2})) {
			if err != nil {
				t.Fatal(err)
			}
			d, err := aero.Decode[Doc](rec)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		if !slices.Equal(ids, []string{"a"}) {
			t.Errorf("Query hash == 0102: %v, want [a]", ids)
		}
	})
}
