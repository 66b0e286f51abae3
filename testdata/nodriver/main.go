// Command nodriver opens a memory:// Session and an aerospike:// one with
// only the root package imported, as a program that forgot the Aerospike
// driver's import would: it prints the outcome of each (arch_test.go runs
// it).
package main

import (
	"context"
	"fmt"

	"github.com/aerokit/aero"
)

func main() {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err == nil {
		err = s.Put(ctx, aero.Key{Set: "s", Value: 1}, aero.Bins{"a": 1})
		_ = s.Close()
	}
	fmt.Printf("memory: %v\n", err)
	_, err = aero.Open(ctx, "aerospike://127.0.0.1:3000/test")
	fmt.Printf("aerospike: %v\n", err)
}
