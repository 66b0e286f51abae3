package aero_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/cdt"
)

// PostalAddress is stored inside a list bin of Customer.
type PostalAddress struct {
	City string `aero:"city"`
	Zip  string `aero:"zip"`
}

// Customer keeps a list of addresses and a map of counters.
type Customer struct {
	ID        string          `aero:"id,key"`
	Addresses []PostalAddress `aero:"addrs"`
	Visits    map[string]int  `aero:"visits"`
}

// List and map operations on a Repo name T's Go fields; values are stored
// as the mapper stores the field's elements, and results decode into Go
// types.
func ExampleRepo_FieldOp() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	customers, err := aero.NewRepo[Customer, string](s, "customers")
	if err != nil {
		log.Fatal(err)
	}
	if err := customers.Put(ctx, &Customer{ID: "ada", Addresses: []PostalAddress{{City: "London", Zip: "N1"}}}); err != nil {
		log.Fatal(err)
	}
	appendAddr, err := customers.FieldOp(cdt.ListAppend("Addresses", PostalAddress{City: "Paris", Zip: "75001"}))
	if err != nil {
		log.Fatal(err)
	}
	visit, err := customers.FieldOp(cdt.MapIncrement(cdt.MapPolicy{}, "Visits", "home", 1))
	if err != nil {
		log.Fatal(err)
	}
	last, err := customers.FieldOp(cdt.ListGetByIndex("Addresses", -1, cdt.ReturnValue))
	if err != nil {
		log.Fatal(err)
	}
	res, err := customers.Operate(ctx, "ada", []aero.Op{appendAddr, visit, last})
	if err != nil {
		log.Fatal(err)
	}
	size, err := res.Int(0) // the append's new size
	if err != nil {
		log.Fatal(err)
	}
	var a PostalAddress // the get, decoded as the field's element
	if err := res.Decode(2, &a); err != nil {
		log.Fatal(err)
	}
	visits, err := res.Int(1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("addresses:", size, "last:", a.City, a.Zip)
	fmt.Println("visits:", visits)

	// A list operation on the map field is refused before anything is sent.
	_, err = customers.FieldOp(cdt.ListAppend("Visits", 1))
	fmt.Println(errors.Is(err, aero.ErrInvalidArgument))
	// Output:
	// addresses: 2 last: Paris 75001
	// visits: 1
	// true
}

func TestFieldOp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMemory()
	t.Cleanup(func() { _ = s.Close() })
	customers, err := aero.NewRepo[Customer, string](s, "fieldop")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		op   cdt.Op
		ok   bool
	}{
		{"list op on a slice field", cdt.ListAppend("Addresses", PostalAddress{City: "x"}), true},
		{"map op on a map field", cdt.MapPut(cdt.MapPolicy{}, "Visits", "k", 1), true},
		{"map op on a slice field", cdt.MapSize("Addresses"), false},
		{"list op on a map field", cdt.ListSize("Visits"), false},
		{"unknown field", cdt.ListSize("Nope"), false},
		{"list op on a string field", cdt.ListSize("ID"), false},
		{"value the mapper cannot encode", cdt.ListAppend("Addresses", make(chan int)), false},
	}
	for _, tt := range tests {
		op, err := customers.FieldOp(tt.op)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
			continue
		}
		if err != nil {
			if !errors.Is(err, aero.ErrInvalidArgument) {
				t.Errorf("%s: %v is not ErrInvalidArgument", tt.name, err)
			}
			continue
		}
		if _, err := customers.Operate(ctx, "c1", []aero.Op{op}); err != nil {
			t.Errorf("%s: Operate: %v", tt.name, err)
		}
	}
	c, err := customers.Get(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Addresses) != 1 || c.Addresses[0].City != "x" || c.Visits["k"] != 1 {
		t.Fatalf("record %+v", c)
	}
	// Session.Operate takes the ops by bin name, and a server error keeps
	// its sentinel.
	_, err = s.Operate(ctx, customers.Key("c1"), []aero.Op{cdt.ListPop("addrs", 5).Operation()})
	var ae *aero.Error
	if !errors.As(err, &ae) || ae.Code != 26 {
		t.Fatalf("pop past the end: %v", err)
	}
}
