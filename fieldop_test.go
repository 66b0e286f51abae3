package aero_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/cdt"
)

// Teammate is stored inside a list bin of Team, as a map of its bins.
type Teammate struct {
	Name  string   `aero:"name"`
	Roles []string `aero:"roles"`
}

// Team has collection fields of several element types.
type Team struct {
	ID      string              `aero:",key"`
	Groups  map[string][]string `aero:"groups"`
	Members []Teammate          `aero:"members"`
	Tags    []string            `aero:"tags"`
	Scores  map[string]int      `aero:"scores"`
	Any     []any               `aero:"any"`
	When    time.Time           `aero:"when"`
}

// TestFieldOpFollowsContext checks that FieldOp follows an op's context to
// the element it targets and checks the op and its values against that
// element's Go type: a list op inside a map of lists is accepted (it was
// refused as "not a list"), a list op on a struct element and values of
// another type are refused (they were accepted, and a ListAppend of 5 to a
// []string left a record every later Get failed to decode). The accepted
// ops run on every backend and the record still decodes.
func TestFieldOpFollowsContext(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		teams, err := aero.NewRepo[Team, string](s, uniqueSet(t, s, "team"))
		if err != nil {
			t.Fatal(err)
		}
		if err := teams.Put(ctx, &Team{ID: "t", Groups: map[string][]string{"admins": {"ann"}}, Members: []Teammate{{Name: "ann", Roles: []string{"dev"}}},
			Tags: []string{"a"}, Scores: map[string]int{"x": 1}, Any: []any{"z"}, When: time.Unix(1, 0)}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			op   cdt.Op
			ok   bool
		}{
			{"a list op on a list inside a map", cdt.ListAppend("Groups", "bob").In(cdt.CtxMapKey("admins")), true},
			{"an element of the list's type", cdt.ListAppend("Tags", "go"), true},
			{"a list op inside a struct element, by its field's bin", cdt.ListAppend("Members", "lead").In(cdt.CtxListIndex(0), cdt.CtxMapKey("roles")), true},
			{"a map op on a struct element", cdt.MapPut(cdt.MapPolicy{}, "Members", "name", "anne").In(cdt.CtxListIndex(0)), true},
			{"a map value of the map's type", cdt.MapPut(cdt.MapPolicy{}, "Scores", "y", 2), true},
			{"any element in a []any", cdt.ListAppend("Any", 5), true},
			{"a read needs no value check", cdt.ListGetByIndex("Groups", 0, cdt.ReturnValue).In(cdt.CtxMapKey("admins")), true},
			{"a list op on a struct element", cdt.ListAppend("Members", "x").In(cdt.CtxListIndex(0)), false},
			{"an integer appended to a []string", cdt.ListAppend("Tags", 5), false},
			{"items of two types appended to a []string", cdt.ListAppend("Tags", "a", 1), false},
			{"an integer inside the map's lists", cdt.ListAppend("Groups", 5).In(cdt.CtxMapKey("admins")), false},
			{"an integer into a struct element's []string", cdt.ListAppend("Members", 7).In(cdt.CtxListIndex(0), cdt.CtxMapKey("roles")), false},
			{"a string value into a map[string]int", cdt.MapPut(cdt.MapPolicy{}, "Scores", "y", "two"), false},
			{"an integer key into a map[string]int", cdt.MapPut(cdt.MapPolicy{}, "Scores", 1, 2), false},
			{"items with a wrong value", cdt.MapPutItems(cdt.MapPolicy{}, "Scores", map[any]any{"a": 1, "b": "x"}), false},
			{"a map step into a list", cdt.ListAppend("Tags", "x").In(cdt.CtxMapKey("k")), false},
			{"a map op on a time", cdt.MapSize("When"), false},
			{"a list op on a list inside a map of lists: the map itself", cdt.ListAppend("Groups", "x"), false},
		}
		for _, tt := range tests {
			op, err := teams.FieldOp(tt.op)
			if (err == nil) != tt.ok {
				t.Errorf("%s: FieldOp err = %v, want ok %v", tt.name, err, tt.ok)
				continue
			}
			if err != nil {
				if !errors.Is(err, aero.ErrInvalidArgument) {
					t.Errorf("%s: %v is not ErrInvalidArgument", tt.name, err)
				}
				continue
			}
			if _, err := teams.Operate(ctx, "t", []aero.Op{op}); err != nil {
				t.Errorf("%s: Operate: %v", tt.name, err)
			}
		}
		got, err := teams.Get(ctx, "t")
		if err != nil {
			t.Fatalf("Get after the accepted ops: %v", err)
		}
		if g := got.Groups["admins"]; len(g) != 2 || g[1] != "bob" || got.Members[0].Name != "anne" || len(got.Members[0].Roles) != 2 ||
			len(got.Tags) != 2 || got.Scores["y"] != 2 || len(got.Any) != 2 {
			t.Errorf("record after the accepted ops: %+v", got)
		}
	})
}
