package aero_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/aerokit/aero"
)

// Login records when a user was last seen, as the mapper stores a
// time.Time: Unix nanoseconds.
type Login struct {
	ID       string    `aero:",key"`
	User     string    `aero:"user"`
	LastSeen time.Time `aero:"seen"`
	Hits     int64     `aero:"hits"`
}

// One typed field is written alone: FieldOp takes the bin operations too,
// names the Go field and stores the value as the mapper stores that field.
func ExampleRepo_FieldOp_oneField() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	logins, err := aero.NewRepo[Login, string](s, "logins")
	if err != nil {
		log.Fatal(err)
	}
	if err := logins.Put(ctx, &Login{ID: "s1", User: "ada"}); err != nil {
		log.Fatal(err)
	}
	seen, err := logins.FieldOp(aero.PutOp("LastSeen", time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)))
	if err != nil {
		log.Fatal(err)
	}
	hit, err := logins.FieldOp(aero.AddOp("Hits", 1))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := logins.Operate(ctx, "s1", []aero.Op{seen, hit}); err != nil {
		log.Fatal(err)
	}
	got, err := logins.Get(ctx, "s1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.User, got.LastSeen.UTC().Format(time.RFC3339), got.Hits)

	// A value the field cannot hold is refused before anything is sent.
	_, err = logins.FieldOp(aero.PutOp("LastSeen", "yesterday"))
	fmt.Println(errors.Is(err, aero.ErrInvalidArgument))
	// Output:
	// ada 2026-12-07T20:00:00Z 1
	// true
}
