package bitop_test

import (
	"context"
	"fmt"

	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/memory"
)

// A blob as a bitmap: set flags, count them, find the first one clear, and
// keep a 16-bit counter in it, in one atomic Operate.
func Example() {
	ctx := context.Background()
	conn, err := memory.Driver{}.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	key, _ := driver.NewKey("test", "features", "user-1")

	ops := []driver.Operation{
		bitop.Resize(bitop.WriteDefault, "bits", 4, bitop.ResizeDefault).Operation(),
		bitop.Set(bitop.WriteDefault, "bits", 0, 3, []byte{0xE0}).Operation(),
		bitop.Add(bitop.WriteDefault, "bits", 16, 16, 500, false, bitop.OverflowSaturate).Operation(),
		bitop.Count("bits", 0, 16).Operation(),
		bitop.LScan("bits", 0, 16, false).Operation(),
		bitop.GetInt("bits", 16, 16, false).Operation(),
		bitop.Get("bits", 0, 32).Operation(),
	}
	rec, err := conn.Operate(ctx, &driver.WritePolicy{}, key, ops)
	if err != nil {
		panic(err)
	}
	r := rec.Bins["bits"].([]any)
	fmt.Printf("set: %d, first clear: %d, counter: %d, blob: % x\n", r[0], r[1], r[2], r[3])
	// Output: set: 3, first clear: 3, counter: 500, blob: e0 00 01 f4
}
