package aero_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/exp"
)

// A conditional write: debit an account only when its balance covers the
// amount, checked by the server in the same atomic write.
func ExampleWithFilter() {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer s.Close()
	key := aero.Key{Set: "accounts", Value: "ann"}
	_ = s.Put(ctx, key, aero.Bins{"balance": 100})

	debit := func(amount int64) error {
		covers := exp.GreaterEq(exp.IntBin("balance"), exp.IntVal(amount))
		_, err := s.Add(ctx, key, "balance", -amount, aero.WithFilter(covers))
		return err
	}
	fmt.Println(debit(30))
	fmt.Println(errors.Is(debit(500), aero.ErrFilteredOut))
	rec, _ := s.Get(ctx, key)
	fmt.Println(rec.Bins["balance"])
	// Output:
	// <nil>
	// true
	// 70
}
