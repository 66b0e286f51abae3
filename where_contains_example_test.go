package aero_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/aerokit/aero"
)

// Collection indexes declared in tags, and Contains conditions the planner
// runs on them: a LIST index on a slice field, a MAPVALUES index on a map
// field.
func ExampleFieldRef_Contains() {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer s.Close()
	type Post struct {
		ID    string         `aero:",key"`
		Tags  []string       `aero:"tags,index"`
		Votes map[string]int `aero:"votes,index=values"`
	}
	posts, _ := aero.NewRepo[Post, string](s, "posts")
	for _, i := range posts.Indexes() {
		fmt.Println(i.Name, i.Collection, i.Type)
	}
	if err := posts.EnsureIndexes(ctx); err != nil {
		panic(err)
	}
	_ = posts.Put(ctx, &Post{ID: "p1", Tags: []string{"go", "db"}, Votes: map[string]int{"ann": 5}})
	_ = posts.Put(ctx, &Post{ID: "p2", Tags: []string{"rust"}, Votes: map[string]int{"bob": 1}})
	_ = posts.Put(ctx, &Post{ID: "p3", Tags: []string{"go"}, Votes: map[string]int{"cid": 3}})

	for _, c := range []aero.Cond[Post]{
		aero.Field[Post]("Tags").Contains("go"),
		aero.Field[Post]("Votes").ContainsValueBetween(2, 10),
	} {
		q, err := posts.Where(c)
		if err != nil {
			panic(err)
		}
		var ids []string
		for p, err := range q.All(ctx) {
			if err != nil {
				panic(err)
			}
			ids = append(ids, p.ID)
		}
		slices.Sort(ids)
		fmt.Println(q.Explain(), ids)
	}
	// Output:
	// posts_tags_list_str LIST STRING
	// posts_votes_mapvalues_num MAPVALUES NUMERIC
	// index "posts_tags_list_str" on "tags" (field Tags): tags elements contain go (the only indexed predicate) [p1 p3]
	// index "posts_votes_mapvalues_num" on "votes" (field Votes): votes values contain 2..10 (the only indexed predicate) [p1 p3]
}
