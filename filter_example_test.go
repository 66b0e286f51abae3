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

// A typed query: conditions name the struct's Go fields, checked when the
// query is built; the planner uses one index and filters the rest on the
// server.
func ExampleRepo_Where() {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer s.Close()
	type User struct {
		ID   string `aero:",key"`
		Age  int    `aero:"age"`
		City string `aero:"city"`
	}
	users, _ := aero.NewRepo[User, string](s, "users")
	_ = users.Put(ctx, &User{ID: "ann", Age: 34, City: "Paris"})
	_ = users.Put(ctx, &User{ID: "bob", Age: 12, City: "Paris"})
	_ = users.Put(ctx, &User{ID: "cid", Age: 40, City: "Lyon"})
	_ = s.CreateIndex(ctx, aero.Index{Set: "users", Name: "users_city", Bin: "city", Type: aero.StringIndex})

	adultsInParis := aero.And(aero.Field[User]("Age").Ge(18), aero.Field[User]("City").Eq("Paris"))
	q, err := users.Where(adultsInParis, aero.WithIndex("City"))
	if err != nil {
		panic(err)
	}
	fmt.Println(q.Explain())
	for u, err := range q.All(ctx) {
		if err != nil {
			panic(err)
		}
		fmt.Println(u.ID, u.Age)
	}
	_, err = users.Where(aero.Field[User]("Agee").Ge(18))
	fmt.Println(err)
	// Output:
	// index on "city" (field City): city == Paris, then filter ge(bin_int("age"), 18)
	// ann 34
	// aero: QUERY test.users: invalid argument: field "Agee": aero_test.User has no field of that name mapped to a bin
}
