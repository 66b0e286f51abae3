// Command aerotest runs the in-memory Aerospike wire-protocol server of
// package aerotest, for local development and for services written in other
// languages:
//
//	go run ./cmd/aerotest -addr 127.0.0.1:3000 -namespaces test,bar
//	go run ./cmd/aerotest -edition enterprise
//	go run ./cmd/aerotest -addr 127.0.0.1:3000 -nodes 3 -replication-factor 2
//
// The server imitates Aerospike Community Edition unless -edition says
// enterprise (see aerotest.Edition for what differs). With -nodes N it
// serves a cluster of N nodes on consecutive ports from -addr's (or on free
// ports when that port is 0); a client seeded with any node finds the
// others. Faults (node kills, rebalancing) are driven from Go tests through
// package aerotest's Cluster.
//
// It logs its address, serves until interrupted, and exits cleanly on
// SIGINT or SIGTERM. See package aerotest for the supported subset of the
// protocol.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/aerokit/aero/aerotest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], log.New(os.Stderr, "", log.LstdFlags), nil); err != nil {
		fmt.Fprintln(os.Stderr, "aerotest:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done. ready, when not nil, receives the server's
// address once it listens.
func run(ctx context.Context, args []string, logger *log.Logger, ready chan<- string) error {
	fs := flag.NewFlagSet("aerotest", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:3000", "address to listen on (host:port; port 0 picks a free one)")
	nss := fs.String("namespaces", "test", "comma-separated namespaces to serve")
	build := fs.String("build", "", "server version to report (default 8.1.2.0, the reference server)")
	edition := fs.String("edition", "community", "server edition to imitate: community or enterprise")
	nodes := fs.Int("nodes", 1, "number of cluster nodes (each on its own port)")
	rf := fs.Int("replication-factor", 0, "copies of each partition in a cluster: 1 or 2 (default 2, 1 for one node)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ed, err := aerotest.ParseEdition(*edition)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	var names []string
	for _, n := range strings.Split(*nss, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("-namespaces names no namespace")
	}
	if *nodes < 1 {
		return fmt.Errorf("-nodes %d: want at least 1", *nodes)
	}
	opts := aerotest.Options{Addr: *addr, Namespaces: names, Build: *build, Edition: ed, ReplicationFactor: *rf, Logf: logger.Printf}
	c, err := aerotest.RunCluster(*nodes, opts)
	if err != nil {
		return err
	}
	logger.Printf("aerotest: serving namespaces %s on %s (%d node(s), DSN %s), imitating %s edition", strings.Join(names, ","), c.Hosts(), *nodes, c.DSN(), ed)
	if ready != nil {
		ready <- c.Hosts()
	}
	<-ctx.Done()
	logger.Printf("aerotest: shutting down")
	return c.Close()
}
