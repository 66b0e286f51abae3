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
	res, err := s.Operate(ctx, key, []aero.Op{
		hll.Add("visitors", visitors, 12, 0, hll.WriteDefault).Operation(),
		hll.GetCount("visitors").Operation(),
		hll.Describe("visitors").Operation(),
	})
	if err != nil {
		log.Fatal(err)
	}
	count, err := res.Int(1)
	if err != nil {
		log.Fatal(err)
	}
	bits, err := res.List(2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("about 700:", count > 650 && count < 750)
	fmt.Println("bits:", bits)
	// Output:
	// about 700: true
	// bits: [12 0]
}
