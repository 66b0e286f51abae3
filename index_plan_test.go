package aero_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
)

// Resident declares four indexes in its tags.
type Resident struct {
	ID     string `aero:",key"`
	Age    int    `aero:"age,index"`
	City   string `aero:"city,index"`
	Email  string `aero:"email,index"`
	Status string `aero:"status,index"`
}

// residents returns a Repo of Residents in the test's own set, with 30
// residents (ages 0..29, 10 per city, one email each, 15 per status),
// written before the indexes are built when countFirst is set (the server
// then counts their values when it builds them), else after.
func residents(t *testing.T, s *aero.Session, countFirst bool) *aero.Repo[Resident, string] {
	t.Helper()
	ctx := context.Background()
	r, err := aero.NewRepo[Resident, string](s, uniqueSet(t, s, "res"))
	if err != nil {
		t.Fatal(err)
	}
	drop := func() {
		for _, idx := range r.Indexes() {
			_ = s.DropIndex(context.Background(), idx)
		}
	}
	drop() // an index an interrupted run left was built on other data
	t.Cleanup(drop)
	write := func() {
		cities, statuses := []string{"Paris", "Lyon", "Nice"}, []string{"active", "idle"}
		for i := range 30 {
			p := &Resident{ID: fmt.Sprint("r", i), Age: i, City: cities[i%3], Email: fmt.Sprintf("e%d@x", i), Status: statuses[i%2]}
			if err := r.Put(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	if countFirst {
		write()
	}
	if err := r.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if countFirst {
		waitCounted(t, s, r)
	} else {
		write()
	}
	return r
}

// waitCounted waits until the backend has counted the values of r's
// indexes (sindex-stat entries_per_bval). A server counts them right after
// it builds an index, a moment after the index is ready for queries
// (server 8.1 sindex/populate.c run_add_sindex: populate, then
// sindex_tree.c as_sindex_tree_collect_cardinality, which sleeps 100 µs
// per partition with entries): a planner asking at once may find them not
// yet counted. The stats are polled, as nothing signals the count.
func waitCounted(t *testing.T, s *aero.Session, r *aero.Repo[Resident, string]) {
	t.Helper()
	st, ok := s.Conn().(driver.IndexStatser)
	if !ok {
		return
	}
	idx := r.Indexes()
	filters := make([]*driver.Filter, len(idx))
	for i, x := range idx {
		filters[i] = &driver.Filter{IndexName: x.Name}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		stats, err := st.IndexStats(ctx, idx[0].Namespace, idx[0].Set, filters)
		if err != nil {
			t.Fatal(err)
		}
		counted := true
		for _, x := range stats {
			counted = counted && x.EntriesPerValue > 0
		}
		if counted {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the values of %s's indexes are not counted after 10s: %+v", idx[0].Set, stats)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func res(name string) aero.FieldRef[Resident] { return aero.Field[Resident](name) }

// TestWherePlanIgnoresOrder checks that the index a query uses does not
// follow the order of its predicates: with the indexes built on an empty
// set and the records written after (the server counts the values of an
// index when it builds it, then once an hour), an equality goes before a
// range, whichever comes first.
func TestWherePlanIgnoresOrder(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		r := residents(t, s, false)
		set := r.Indexes()[0].Set
		cases := []struct {
			name string
			a, b aero.Cond[Resident]
			want string
		}{
			{"an equality before an open range", res("Age").Ge(18), res("City").Eq("Paris"),
				`index "` + set + `_city_str" on "city" (field City): city == Paris (an equality, before an open range on "age"; the server has not counted each index's values yet)`},
			// Ranges are reckoned from the entries, current at every write.
			{"a bounded range before an open one", res("Age").Between(20, 30), res("Age").Le(25), `on "age" (field Age): 20 <= age <= 30 (fewest records by the index statistics: "age" about`},
			{"two equalities: by bin name", res("Status").Eq("idle"), res("Email").Eq("e1@x"), `on "email" (field Email): email == e1@x (an equality as on "status", first by bin name`},
		}
		for _, c := range cases {
			var explains []string
			for _, cond := range []aero.Cond[Resident]{aero.And(c.a, c.b), aero.And(c.b, c.a)} {
				q, err := r.Where(cond)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				explains = append(explains, q.Explain())
				if !strings.Contains(q.Explain(), c.want) {
					t.Errorf("%s: %s: Explain = %s, want it to contain %s", c.name, cond, q.Explain(), c.want)
				}
			}
			if before, _, _ := strings.Cut(explains[0], ", then"); !strings.HasPrefix(explains[1], before) {
				t.Errorf("%s: the plan follows the order of the predicates:\n%s\n%s", c.name, explains[0], explains[1])
			}
		}
	})
}

// TestWherePlanByStats checks that with indexes built on data, the planner
// ranks them by what the backend knows of them (sindex-stat): the fewest
// records an index yields, against the kind of the predicate; and that the
// query gives the same records as a scan.
func TestWherePlanByStats(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r := residents(t, s, true)
		cases := []struct {
			name string
			a, b aero.Cond[Resident]
			bin  string
			ids  string
		}{
			// By rule, city (before email by name); by the statistics one
			// record per email against ten per city.
			{"a unique value before a common one", res("City").Eq("Lyon"), res("Email").Eq("e7@x"), "email", "r7"},
			// By rule, the equality; fifteen records per status against
			// a ninth of the ages.
			{"a narrow range before a common value", res("Status").Eq("active"), res("Age").Between(10, 12), "age", "r10 r12"},
			{"a third of the ages against ten per city: equality first", res("Age").Ge(20), res("City").Eq("Paris"), "city", "r21 r24 r27"},
		}
		for _, c := range cases {
			for _, cond := range []aero.Cond[Resident]{aero.And(c.a, c.b), aero.And(c.b, c.a)} {
				q, err := r.Where(cond)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				if f, ok := q.Index(); !ok || !strings.Contains(q.Explain(), `on "`+c.bin+`"`) || !strings.Contains(q.Explain(), "index statistics") {
					t.Errorf("%s: %s: Explain = %s (index %v), want the index on %q chosen by the statistics", c.name, cond, q.Explain(), f, c.bin)
				}
				var ids []string
				for p, err := range q.All(ctx) {
					if err != nil {
						t.Fatalf("%s: %v", c.name, err)
					}
					ids = append(ids, p.ID)
				}
				slices.Sort(ids)
				if got := strings.Join(ids, " "); got != c.ids {
					t.Errorf("%s: %s: got %q, want %q", c.name, q.Explain(), got, c.ids)
				}
			}
		}
	})
}
