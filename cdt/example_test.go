package cdt_test

import (
	"context"
	"fmt"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/memory"
)

// Lists and maps change in place, atomically, in one Operate: append to a
// list of events, count in a map, read the top scores by rank.
func Example() {
	ctx := context.Background()
	conn, err := memory.Driver{}.Open(ctx, "memory://test")
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	key, _ := driver.NewKey("test", "users", "ada")

	ops := []driver.Operation{
		cdt.ListAppend("events", "login").Operation(),
		cdt.MapIncrement(cdt.MapPolicy{}, "counts", "login", 1).Operation(),
		cdt.MapPutItems(cdt.MapPolicy{Order: cdt.MapKeyOrdered}, "scores", map[any]any{"math": 91, "art": 78, "music": 85}).Operation(),
		cdt.MapGetByRankRange("scores", -2, cdt.ReturnKey).Operation(),
	}
	rec, err := conn.Operate(ctx, &driver.WritePolicy{}, key, ops)
	if err != nil {
		panic(err)
	}
	fmt.Println("events size:", rec.Bins["events"])
	fmt.Println("logins:", rec.Bins["counts"])
	fmt.Println("results on scores (size, top two):", rec.Bins["scores"])

	// A nested map, reached through a context.
	_, err = conn.Operate(ctx, &driver.WritePolicy{}, key, []driver.Operation{
		cdt.MapPut(cdt.MapPolicy{}, "prefs", "theme", "dark").In(cdt.CtxMapKeyCreate("ui", cdt.MapUnordered)).Operation(),
	})
	if err != nil {
		panic(err)
	}
	got, _ := conn.Get(ctx, nil, key, []string{"prefs"})
	fmt.Println("prefs:", got.Bins["prefs"])
	// Output:
	// events size: 1
	// logins: 1
	// results on scores (size, top two): [3 [music math]]
	// prefs: map[ui:map[theme:dark]]
}
