package aero_test

import (
	"context"
	"fmt"
	"log"

	"github.com/aerokit/aero"
)

// counter.lua keeps atomic multi-bin logic on the server: it reads two
// bins, writes one and returns a map.
const counterLua = `
function transfer(rec, amount)
  if rec['balance'] < amount then error('insufficient funds') end
  rec['balance'] = rec['balance'] - amount
  rec['spent'] = (rec['spent'] or 0) + amount
  aerospike:update(rec)
  return map{balance = rec['balance'], spent = rec['spent']}
end

function total(s, bin)
  return s:map(function(r) return r[bin] end):reduce(function(a, b) return a + b end)
end
`

func ExampleSession_Apply() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	if err := s.RegisterUDF(ctx, "counter.lua", []byte(counterLua)); err != nil {
		log.Fatal(err)
	}
	key := aero.Key{Set: "accounts", Value: "alice"}
	if err := s.Put(ctx, key, aero.Bins{"balance": 100}); err != nil {
		log.Fatal(err)
	}
	transfer := aero.UDF{Module: "counter", Function: "transfer"}

	type state struct {
		Balance int `aero:"balance"`
		Spent   int `aero:"spent"`
	}
	st, err := aero.ApplyAs[state](ctx, s, key, transfer, []any{30})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Balance, st.Spent)

	// A failure of the function is ErrUDF, with the server's message.
	_, err = s.Apply(ctx, key, transfer, []any{500})
	msg, _ := aero.UDFMessage(err)
	fmt.Println(msg)

	// An aggregation: the sum of a bin over a set.
	for v, err := range aero.AggregateAs[int](ctx, s, "accounts", nil, aero.UDF{Module: "counter", Function: "total"}, "balance") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("total", v)
	}
	// Output:
	// 70 30
	// counter.lua:3: insufficient funds
	// total 70
}
