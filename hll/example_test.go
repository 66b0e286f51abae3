package hll_test

import (
	"fmt"

	"github.com/aerokit/aero/hll"
)

// A sketch built locally is the one a server builds from the same
// elements: it can be sent as an argument (SetUnion, GetSimilarity...) or
// compared with a bin read back.
func ExampleInsert() {
	h := hll.New(8, 0)
	for _, v := range []any{"alice", "bob", "carol", int64(42), "alice"} {
		e, err := hll.Element(v)
		if err != nil {
			panic(err)
		}
		hll.Insert(h, e)
	}
	fmt.Println(hll.Estimate(h), len(h))
	// Output: 4 203
}
