package aero_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/exp"
)

type Person struct {
	ID     string    `aero:",key"`
	Age    int       `aero:"age"`
	City   string    `aero:"city"`
	Score  float64   `aero:"score"`
	Member bool      `aero:"member"`
	Seen   time.Time `aero:"seen"`
	Tags   []string  `aero:"tags"`
}

func age() aero.FieldRef[Person]  { return aero.Field[Person]("Age") }
func city() aero.FieldRef[Person] { return aero.Field[Person]("City") }

// TestWhereBuildErrors checks that a misspelt field, a value of another
// type, or a field that cannot be compared is an error when the query is
// built, naming the field.
func TestWhereBuildErrors(t *testing.T) {
	t.Parallel()
	repo, err := aero.NewRepo[Person, string](aerotest.NewSession(t), "people")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		c    aero.Cond[Person]
		want string
	}{
		{"a misspelt field", aero.Field[Person]("Agee").Ge(18), `Person.Agee: no such field`},
		{"an integer field compared with a string", age().Eq("18"), `field "Age" (int) compared with a value of type string`},
		{"a string field compared with an integer", city().Eq(1), `field "City" (str)`},
		{"a float field compared with an integer (no coercion)", aero.Field[Person]("Score").Gt(1), `field "Score"`},
		{"a list field compared as a whole", aero.Field[Person]("Tags").Eq("x"), `field "Tags" (list) is a collection: compare its elements with Contains`},
		{"Contains with a value of another type", aero.Field[Person]("Tags").Contains(1), `field "Tags" (str) compared with a value of type int`},
		{"Contains on a scalar field", city().Contains("x"), `field "City" (str): Contains applies to a list (slice or array) field`},
		{"ContainsKey on a list field", aero.Field[Person]("Tags").ContainsKey("x"), `field "Tags" (list): ContainsKey applies to a map field`},
		{"ContainsBetween on strings", aero.Field[Person]("Tags").ContainsBetween("a", "b"), `field "Tags": ContainsBetween takes integers or times, and the field's elements are strings`},
		{"nil", age().Eq(nil), `compared with nil`},
		{"an error inside And", aero.And(age().Ge(18), city().Eq(3)), `field "City"`},
		{"an error inside Not", aero.Not(aero.Field[Person]("Nope").Exists()), `Person.Nope: no such field`},
		{"the zero condition", aero.Cond[Person]{}, "empty condition"},
	}
	for _, c := range cases {
		_, err := repo.Where(c.c)
		if !errors.Is(err, aero.ErrInvalidArgument) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Where = %v, want ErrInvalidArgument containing %q", c.name, err, c.want)
		}
		if _, err := c.c.Exp(); err == nil {
			t.Errorf("%s: Exp() returned no error", c.name)
		}
	}
	if _, err := repo.Where(age().Ge(1), aero.WithIndex("Nope")); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("WithIndex on an unknown field: %v, want ErrInvalidArgument", err)
	}
}

// TestWherePlan checks the planner: one predicate of a top-level
// conjunction on an indexed field becomes the index filter, the rest the
// residual filter expression; otherwise a scan with the whole condition.
func TestWherePlan(t *testing.T) {
	t.Parallel()
	repo, err := aero.NewRepo[Person, string](aerotest.NewSession(t), "people")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		c       aero.Cond[Person]
		opts    []aero.QueryOption
		explain string
	}{
		{"an equality on an indexed string field", aero.And(age().Ge(18), city().Eq("Paris")), []aero.QueryOption{aero.WithIndex("City")},
			`index on "city" (field City): city == Paris (the only indexed predicate), then filter ge(bin_int("age"), 18)`},
		{"a range on an indexed integer field", aero.And(age().Gt(17), city().Eq("Paris")), []aero.QueryOption{aero.WithIndex("Age")},
			`index on "age" (field Age): 18 <= age <= 9223372036854775807 (the only indexed predicate), then filter eq(bin_str("city"), "Paris")`},
		{"between alone: no residual", age().Between(20, 30), []aero.QueryOption{aero.WithIndex("Age")},
			`index on "age" (field Age): 20 <= age <= 30 (the only indexed predicate)`},
		{"no index declared: a scan", aero.And(age().Ge(18), city().Eq("Paris")), nil,
			`scan of set "people" (no index serves the condition), then filter and(ge(bin_int("age"), 18), eq(bin_str("city"), "Paris"))`},
		{"a disjunction cannot use an index", aero.Or(age().Ge(18), city().Eq("Paris")), []aero.QueryOption{aero.WithIndex("Age", "City")},
			`scan of set "people" (no index serves the condition), then filter or(ge(bin_int("age"), 18), eq(bin_str("city"), "Paris"))`},
		{"a string range cannot use a string index", aero.And(city().Gt("M"), age().Lt(5)), []aero.QueryOption{aero.WithIndex("City", "Age")},
			`index on "age" (field Age): -9223372036854775808 <= age <= 4 (the only indexed predicate), then filter gt(bin_str("city"), "M")`},
	}
	for _, c := range cases {
		q, err := repo.Where(c.c, c.opts...)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := q.Explain(); got != c.explain {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.explain)
		}
	}
	_, err = repo.Where(aero.Or(age().Ge(18), city().Eq("Paris")), aero.WithIndex("Age"), aero.RequireIndex())
	if !errors.Is(err, aero.ErrIndexNotFound) {
		t.Errorf("RequireIndex with no usable index: %v, want ErrIndexNotFound", err)
	}
}

// TestWhereRuns checks that an index query with a residual filter and a
// scan with the same condition return the same records, and that a
// condition is a filter for writes too.
func TestWhereRuns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	repo, err := aero.NewRepo[Person, string](s, "people")
	if err != nil {
		t.Fatal(err)
	}
	cities := []string{"Paris", "Lyon", "Nice"}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 30 {
		p := &Person{ID: "p" + string(rune('a'+i)), Age: i * 3, City: cities[i%3], Score: float64(i) / 2, Member: i%2 == 0, Seen: base.Add(time.Duration(i) * time.Hour)}
		if err := repo.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateIndex(ctx, aero.Index{Set: "people", Name: "people_city", Bin: "city", Type: aero.StringIndex}); err != nil {
		t.Fatal(err)
	}
	cond := aero.And(city().Eq("Paris"), age().Between(10, 60), aero.Field[Person]("Member").Eq(true),
		aero.Field[Person]("Seen").Lt(base.Add(20*time.Hour)), aero.Field[Person]("Score").Ge(1.0))
	ids := func(q *aero.Query[Person, string]) []string {
		var out []string
		for p, err := range q.All(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p.ID)
		}
		slices.Sort(out)
		return out
	}
	indexed, err := repo.Where(cond, aero.WithIndex("City"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := indexed.Index(); !ok {
		t.Fatalf("the query does not use the index: %s", indexed.Explain())
	}
	scan, err := repo.Where(cond)
	if err != nil {
		t.Fatal(err)
	}
	// i%3 == 0 (Paris), i even (member), 10 <= 3i <= 60, i < 20, i >= 2:
	// i = 6, 12, 18.
	want := []string{"pg", "pm", "ps"}
	if got := ids(indexed); !slices.Equal(got, want) {
		t.Errorf("index query %s: got %v, want %v", indexed.Explain(), got, want)
	}
	if got := ids(scan); !slices.Equal(got, want) {
		t.Errorf("scan %s: got %v, want %v", scan.Explain(), got, want)
	}
	page, err := indexed.Page(ctx, 10, "")
	if err != nil || len(page.Items) != len(want) {
		t.Errorf("Page: %v items, %v; want %d", len(page.Items), err, len(want))
	}

	// The same condition makes a conditional write.
	f, err := age().Ge(100).Exp()
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Put(ctx, &Person{ID: "pa", Age: 1}, aero.WithFilterExp(f)); !errors.Is(err, aero.ErrFilteredOut) {
		t.Errorf("Put with a condition the record does not meet: %v, want ErrFilteredOut", err)
	}
	if _, ok := any(f).(*exp.Expr); !ok {
		t.Errorf("Exp is not an *exp.Expr")
	}
}

// BenchmarkWhere measures building and compiling a typed query of three
// predicates (target < 2 µs).
func BenchmarkWhere(b *testing.B) {
	s := aerotest.NewSession(b)
	repo, err := aero.NewRepo[Person, string](s, "people")
	if err != nil {
		b.Fatal(err)
	}
	idx := aero.WithIndex("City")
	b.ReportAllocs()
	for b.Loop() {
		q, err := repo.Where(aero.And(age().Ge(18), city().Eq("Paris"), aero.Field[Person]("Member").Eq(true)), idx)
		if err != nil || q == nil {
			b.Fatal(err)
		}
	}
}

// reuseFixture is a Repo of people with an index on age, a compiled query
// of three predicates served by it, and the hand-written Session.Query of
// the same index filter and residual filter, decoded with Decode.
func reuseFixture(tb testing.TB) (q *aero.Query[Person, string], byHand func() error, compiled func() error) {
	s := aerotest.NewSession(tb)
	ctx := context.Background()
	repo, err := aero.NewRepo[Person, string](s, "reuse")
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.CreateIndex(ctx, aero.Index{Set: "reuse", Name: "reuse_age", Bin: "age", Type: aero.NumericIndex}); err != nil {
		tb.Fatal(err)
	}
	for i := range 4 {
		if err := repo.Put(ctx, &Person{ID: string(rune('a' + i)), Age: 20 + i, City: "Paris", Member: i%2 == 0}); err != nil {
			tb.Fatal(err)
		}
	}
	q, err = repo.Where(aero.And(age().Ge(18), city().Eq("Paris"), aero.Field[Person]("Member").Eq(true)), aero.WithIndex("Age"))
	if err != nil {
		tb.Fatal(err)
	}
	f, _ := q.Index()
	residual := aero.WithFilterExp(q.Residual())
	drain := func(seq func(func(*Person, error) bool)) error {
		n := 0
		for _, err := range seq {
			if err != nil {
				return err
			}
			n++
		}
		if n != 2 {
			return errors.New("wrong number of records")
		}
		return nil
	}
	byHand = func() error {
		return drain(func(yield func(*Person, error) bool) {
			for rec, err := range s.Query(ctx, "reuse", f, residual) {
				var p *Person
				if err == nil {
					p, err = aero.Decode[Person](rec)
				}
				if !yield(p, err) {
					return
				}
			}
		})
	}
	compiled = func() error { return drain(q.All(ctx)) }
	return q, byHand, compiled
}

// TestQueryReuseAllocs checks that running a compiled query costs no
// allocation beyond the hand-written Session.Query and Decode it stands
// for: the
// planning is done once, at Where.
func TestQueryReuseAllocs(t *testing.T) {
	_, byHand, compiled := reuseFixture(t)
	run := func(f func() error) float64 {
		return testing.AllocsPerRun(50, func() {
			if err := f(); err != nil {
				t.Fatal(err)
			}
		})
	}
	hand, comp := run(byHand), run(compiled)
	if comp > hand {
		t.Errorf("a compiled query's run allocates %v times, the hand-written query %v", comp, hand)
	}
}

// BenchmarkQueryReuse compares a run of a compiled typed query with the
// hand-written Session.Query and Decode of the same filters, side by side, on memory
// (4 records, 2 matching): the difference is the query layer's own cost.
func BenchmarkQueryReuse(b *testing.B) {
	_, byHand, compiled := reuseFixture(b)
	for _, c := range []struct {
		name string
		f    func() error
	}{{"hand-written", byHand}, {"compiled", compiled}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.f(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
