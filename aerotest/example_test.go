package aerotest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
)

// Run starts a server outside a test; in a test, NewServer(t) does the
// same and closes it on t.Cleanup.
func ExampleRun() {
	srv, err := aerotest.Run(aerotest.Options{Namespaces: []string{"test"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	// aero's Aerospike driver...
	ctx := context.Background()
	s, err := aero.Open(ctx, srv.DSN())
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if err := s.Put(ctx, aero.Key{Set: "demo", Value: "k"}, aero.Bins{"n": 1}); err != nil {
		log.Fatal(err)
	}

	// ...and the raw client see the same records.
	client, err := as.NewClient(srv.Host(), srv.Port())
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	key, _ := as.NewKey("test", "demo", "k")
	rec, err := client.Get(nil, key)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.Bins["n"], rec.Generation)
	// Output: 1 1
}

// RunCluster starts a 2-node cluster (replication factor 2); in a test,
// NewCluster(t, 2) does the same. A record written before a node crashes
// is read after it, from the surviving node.
func ExampleRunCluster() {
	c, err := aerotest.RunCluster(2, aerotest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	ctx := context.Background()
	s, err := aero.Open(ctx, c.DSN())
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	key := aero.Key{Set: "demo", Value: "k"}
	if err := s.Put(ctx, key, aero.Bins{"n": 1}); err != nil {
		log.Fatal(err)
	}
	owner, _ := c.Master("test", "demo", "k")
	if err := c.Kill(owner); err != nil {
		log.Fatal(err)
	}
	fmt.Println("members:", len(c.Members()))
	// A read tries the partition's replica after its master (replica
	// policy sequence), and the client's next tend (every second) moves
	// the partition to the surviving node, which has the record.
	var rec *aero.Record
	for deadline := time.Now().Add(5 * time.Second); ; {
		if rec, err = s.Get(ctx, key); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.Bins["n"])
	// Output:
	// members: 1
	// 1
}
