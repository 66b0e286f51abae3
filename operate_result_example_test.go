package aero_test

import (
	"context"
	"fmt"
	"log"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/cdt"
)

// Each op's result comes back at its index: a list op returning indexes and
// a get by index on the same bin are results 0 and 1, not a []any to
// unpick.
func ExampleOperateResult() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	key := aero.Key{Set: "stats", Value: "page:/home"}
	if err := s.Put(ctx, key, aero.Bins{"counts": []any{5, 6, 7}}); err != nil {
		log.Fatal(err)
	}
	res, err := s.Operate(ctx, key, []aero.Op{
		cdt.ListGetByValue("counts", 6, cdt.ReturnIndex).Operation(), // 0: where the 6s are
		cdt.ListAppend("counts", 8).Operation(),                      // 1: the new size
		aero.PutOp("seen", true),                                     // 2: a write, no result
		cdt.ListGetByIndex("counts", 2, cdt.ReturnValue).Operation(), // 3: the third count
	})
	if err != nil {
		log.Fatal(err)
	}
	where, err := res.List(0)
	if err != nil {
		log.Fatal(err)
	}
	size, err := res.Int(1)
	if err != nil {
		log.Fatal(err)
	}
	third, err := res.Int(3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(where, size, third, res.Generation)

	_, err = res.Value(2)
	fmt.Println(err)
	// Output:
	// [1] 4 7 2
	// aero: OPERATE test.stats key="page:/home": invalid argument: op 2 (WRITE on bin "seen"): has no result (only reads and list, map, bit and HLL ops do)
}

// Repo.BatchOperate applies the same ops to many records in one call, each
// atomically, and reports each key's results and error.
func ExampleRepo_BatchOperate() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	type Post struct {
		ID    string   `aero:"id,key"`
		Tags  []string `aero:"tags"`
		Views int64    `aero:"views"`
	}
	posts, err := aero.NewRepo[Post, string](s, "posts")
	if err != nil {
		log.Fatal(err)
	}
	_ = posts.Put(ctx, &Post{ID: "p1", Tags: []string{"go"}})
	_ = posts.Put(ctx, &Post{ID: "p2", Tags: []string{"db"}, Views: 41})
	tag, err := posts.FieldOp(cdt.ListAppend("Tags", "featured"))
	if err != nil {
		log.Fatal(err)
	}
	tags, err := posts.FieldOp(cdt.ListGetRangeFrom("Tags", 0))
	if err != nil {
		log.Fatal(err)
	}
	views, err := aero.BinName[Post]("Views")
	if err != nil {
		log.Fatal(err)
	}
	out, err := posts.BatchOperate(ctx, []string{"p1", "p2"}, []aero.Op{tag, tags, aero.AddOp(views, 1), aero.GetOp(views)})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range out {
		if r.Err != nil {
			fmt.Println(r.Key.Value, r.Err)
			continue
		}
		var t []string
		if err := r.Result.Decode(1, &t); err != nil {
			log.Fatal(err)
		}
		n, err := r.Result.Int(3)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Key.Value, t, n)
	}
	// Output:
	// p1 [go featured] 1
	// p2 [db featured] 42
}
