package exp_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/memory"
	"github.com/aerokit/aero/exp"
)

// A conditional write: debit an account only when its balance covers the
// amount, atomically on the server. A record the filter does not match is
// FILTERED_OUT and stays as it was.
func Example_conditionalWrite() {
	ctx := context.Background()
	conn, err := memory.Driver{}.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	k, _ := driver.NewKey("test", "accounts", "ann")
	_ = conn.Put(ctx, &driver.WritePolicy{}, k, driver.Bins{"balance": 100})

	debit := func(amount int64) error {
		covers := exp.GreaterEq(exp.IntBin("balance"), exp.IntVal(amount))
		_, err := conn.Operate(ctx, &driver.WritePolicy{FilterExp: covers}, k,
			[]driver.Operation{{Type: driver.OpAdd, Bin: "balance", Value: -amount}})
		return err
	}
	fmt.Println("debit 30:", debit(30))
	var de *driver.Error
	if err := debit(500); errors.As(err, &de) {
		fmt.Println("debit 500:", de.Code)
	}
	rec, _ := conn.Get(ctx, nil, k, nil)
	fmt.Println("balance:", rec.Bins["balance"])
	// Output:
	// debit 30: <nil>
	// debit 500: FILTERED_OUT
	// balance: 70
}

// A filtered batch: the batch's filter applies to every entry without one
// of its own, and each entry gets its own outcome.
func Example_filteredBatch() {
	ctx := context.Background()
	conn, err := memory.Driver{}.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	var recs []*driver.BatchRecord
	for i, name := range []string{"ann", "bob", "cid"} {
		k, _ := driver.NewKey("test", "users", name)
		_ = conn.Put(ctx, &driver.WritePolicy{}, k, driver.Bins{"age": 15 + 10*i})
		recs = append(recs, &driver.BatchRecord{Type: driver.BatchRead, Key: k})
	}
	adult := exp.GreaterEq(exp.IntBin("age"), exp.IntVal(18))
	if err := conn.Batch(ctx, &driver.BatchPolicy{FilterExp: adult}, recs); err != nil {
		panic(err)
	}
	for _, r := range recs {
		if r.Err != nil {
			code, _ := driver.CodeOf(r.Err)
			fmt.Println(r.Key.UserKey, code)
			continue
		}
		fmt.Println(r.Key.UserKey, r.Record.Bins["age"])
	}
	// Output:
	// ann FILTERED_OUT
	// bob 25
	// cid 35
}

// Read and write expressions compute on the server inside an Operate.
func ExampleWriteOp() {
	ctx := context.Background()
	conn, err := memory.Driver{}.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	k, _ := driver.NewKey("test", "carts", 1)
	_ = conn.Put(ctx, &driver.WritePolicy{}, k, driver.Bins{"price": 2.5, "qty": 4})

	total := exp.NumMul(exp.FloatBin("price"), exp.ToFloat(exp.IntBin("qty")))
	rec, err := conn.Operate(ctx, &driver.WritePolicy{}, k, []driver.Operation{
		exp.WriteOp("total", total, exp.WriteDefault),
		exp.ReadOp("expensive", exp.Greater(exp.FloatBin("total"), exp.FloatVal(5)), exp.ReadDefault),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(total)
	fmt.Println("expensive:", rec.Bins["expensive"])
	// Output:
	// mul(bin_float("price"), to_float(bin_int("qty")))
	// expensive: true
}
