// Command quickstart stores a few users with aero, reads them back, updates
// one atomically and queries them by a secondary index.
//
// It runs on the embedded in-memory backend unless AEROSPIKE_DSN names a
// server (for example aerospike://127.0.0.1:3000/test):
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/aerokit/aero"
	// The Aerospike driver, for an aerospike:// DSN (the memory backend
	// needs no import).
	_ "github.com/aerokit/aero/driver/aerospike"
)

// User is stored in the set "users": one bin per field, the ID as the key.
type User struct {
	ID     string        `aero:"id,key"`
	Name   string        `aero:"name"`
	Email  string        `aero:"email,omitempty"`
	Age    int           `aero:"age"`
	Tags   []string      `aero:"tags"`
	Visits int64         `aero:"visits"`
	Gen    uint32        `aero:",gen"`
	TTL    time.Duration `aero:",ttl"`
}

func main() {
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	dsn := os.Getenv("AEROSPIKE_DSN")
	if dsn == "" {
		dsn = "memory://test"
	}
	s, err := aero.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Printf("opened a %s session (namespace %q)\n", strings.SplitN(dsn, ":", 2)[0], s.Namespace())

	users, err := aero.NewRepo[User, string](s, "users")
	if err != nil {
		return err
	}
	for _, u := range []User{
		{ID: "ada", Name: "Ada Lovelace", Email: "ada@example.com", Age: 36, Tags: []string{"math"}},
		{ID: "alan", Name: "Alan Turing", Age: 41, Tags: []string{"math", "cs"}, TTL: time.Hour},
		{ID: "grace", Name: "Grace Hopper", Age: 85, Tags: []string{"cs", "navy"}},
	} {
		if err := users.Put(ctx, &u); err != nil {
			return err
		}
		fmt.Printf("stored  %-6s generation=%d ttl=%s\n", u.ID, u.Gen, ttl(u.TTL))
	}

	u, err := users.Get(ctx, "ada")
	if err != nil {
		return err
	}
	fmt.Printf("read    %s: %s, %d, tags %v, generation %d, ttl %s\n", u.ID, u.Name, u.Age, u.Tags, u.Gen, ttl(u.TTL))

	// Atomic increment and read-back in one round trip, naming the Go field.
	visits, err := users.Add(ctx, "ada", "Visits", 1)
	if err != nil {
		return err
	}
	fmt.Printf("visits  ada=%d\n", visits)

	// A batch: the error is the call's; each record has its own outcome.
	items, err := users.BatchGet(ctx, []string{"ada", "grace", "nobody"})
	if err != nil {
		return err
	}
	for i, it := range items {
		switch {
		case it.Err != nil:
			fmt.Printf("batch   %d failed: %v\n", i, it.Err)
		case it.Found:
			fmt.Printf("batch   %d: %s\n", i, it.Value.Name)
		default:
			fmt.Printf("batch   %d: not found\n", i)
		}
	}

	// Optimistic concurrency: a stale generation is refused.
	stale := *u
	if _, err := users.Modify(ctx, "ada", func(u *User) error { u.Age++; return nil },
		aero.WithConflictRetries(5)); err != nil {
		return err
	}
	if err := users.Put(ctx, &stale); errors.Is(err, aero.ErrGeneration) {
		fmt.Println("stale   write refused:", err)
	} else if err != nil {
		return err
	}

	// A secondary index and a range query.
	if err := s.CreateIndex(ctx, aero.Index{Set: "users", Name: "users_age", Bin: "age", Type: aero.NumericIndex}); err != nil && !errors.Is(err, aero.ErrIndexExists) {
		return err
	}
	byAge, err := users.Where(aero.Field[User]("Age").Between(30, 50), aero.WithIndex("Age"))
	if err != nil {
		return err
	}
	for u, err := range byAge.All(ctx) {
		if err != nil {
			return err
		}
		fmt.Printf("age 30-50: %s (%d)\n", u.Name, u.Age)
	}

	if _, err := users.Get(ctx, "nobody"); errors.Is(err, aero.ErrNotFound) {
		fmt.Println("missing nobody:", err)
	}
	return nil
}

// ttl formats a record's remaining time to live.
func ttl(d time.Duration) string {
	if d == aero.NeverExpire {
		return "never expires"
	}
	return d.String()
}
