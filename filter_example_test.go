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
func ExampleWithFilterExp() {
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
		_, err := s.Add(ctx, key, "balance", -amount, aero.WithFilterExp(covers))
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
	// index on "city" (field City): city == Paris (the only indexed predicate), then filter ge(bin_int("age"), 18)
	// ann 34
	// aero: QUERY test.users: invalid argument: mapper: User.Agee: no such field stored in a bin (want a Go field name, or a dotted path through embedded structs)
}

// Filtered reads: a Get of a record the filter does not match is
// ErrFilteredOut; a batch gives each record its own outcome.
func ExampleRepo_BatchGet_filtered() {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer s.Close()
	type Account struct {
		ID      string `aero:",key"`
		Owner   string `aero:"owner"`
		Balance int64  `aero:"balance"`
	}
	accounts, _ := aero.NewRepo[Account, string](s, "accounts")
	_ = accounts.Put(ctx, &Account{ID: "a1", Owner: "ann", Balance: 500})
	_ = accounts.Put(ctx, &Account{ID: "b1", Owner: "bob", Balance: 5})

	rich := aero.WithFilterExp(exp.GreaterEq(exp.IntBin("balance"), exp.IntVal(100)))
	_, err = accounts.Get(ctx, "b1", rich)
	fmt.Println(errors.Is(err, aero.ErrFilteredOut))
	a, _ := accounts.Get(ctx, "a1", rich, aero.WithBins("Balance")) // a Go field name
	fmt.Printf("%q %d\n", a.Owner, a.Balance)

	items, err := accounts.BatchGet(ctx, []string{"a1", "b1", "zz"}, rich)
	if err != nil {
		panic(err) // the call failed
	}
	for i, it := range items {
		fmt.Println(i, it.Found, errors.Is(it.Err, aero.ErrFilteredOut))
	}
	// Output:
	// true
	// "" 500
	// 0 true false
	// 1 false true
	// 2 false false
}

// Indexes declared in tags: EnsureIndexes creates them (and does nothing
// the second time), and the planner uses them without WithIndex.
func ExampleRepo_EnsureIndexes() {
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer s.Close()
	type User struct {
		ID   string `aero:",key"`
		Age  int    `aero:"age,index"`
		City string `aero:"city,index"`
	}
	users, _ := aero.NewRepo[User, string](s, "users")
	for _, idx := range users.Indexes() {
		fmt.Println(idx.Name, idx.Bin, idx.Type)
	}
	fmt.Println(users.EnsureIndexes(ctx), users.EnsureIndexes(ctx))
	_ = users.Put(ctx, &User{ID: "ann", Age: 34, City: "Paris"})

	// The indexes were built on an empty set: until the server counts
	// their values (within the hour), an equality goes before a range.
	q, _ := users.Where(aero.And(aero.Field[User]("Age").Ge(18), aero.Field[User]("City").Eq("Paris")))
	fmt.Println(q.Explain())
	// Output:
	// users_age_num age NUMERIC
	// users_city_str city STRING
	// <nil> <nil>
	// index "users_city_str" on "city" (field City): city == Paris (an equality, before an open range on "age"; the server has not counted each index's values yet), then filter ge(bin_int("age"), 18)
}
