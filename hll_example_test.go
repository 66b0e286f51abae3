package aero_test

import (
	"context"
	"fmt"
	"log"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/hll"
)

// HyperLogLog bins count distinct values in a few kilobytes: hll.Add
// creates the bin (here with 12 index bits) and returns how many values
// changed it; hll.GetCount estimates the number of distinct values.
func ExampleSession_Operate_hyperLogLog() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	key := aero.Key{Set: "pages", Value: "home"}
	visitors := make([]any, 0, 1000)
	for i := range 1000 {
		visitors = append(visitors, fmt.Sprintf("user-%d", i%700)) // 700 distinct
	}
	rec, err := s.Operate(ctx, key, []aero.Op{
		hll.Add("visitors", visitors, 12, 0, hll.WriteDefault).Operation(),
		hll.GetCount("visitors").Operation(),
		hll.Describe("visitors").Operation(),
	})
	if err != nil {
		log.Fatal(err)
	}
	res := rec.Bins["visitors"].([]any)
	count := res[1].(int64)
	fmt.Println("about 700:", count > 650 && count < 750)
	fmt.Println("bits:", res[2])
	// Output:
	// about 700: true
	// bits: [12 0]
}
