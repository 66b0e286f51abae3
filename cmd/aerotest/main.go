// Command aerotest runs the in-memory Aerospike wire-protocol server of
// package aerotest, for local development and for services written in other
// languages:
//
//	go run ./cmd/aerotest -addr 127.0.0.1:3000 -namespaces test,bar
//	go run ./cmd/aerotest -edition enterprise
//
// The server imitates Aerospike Community Edition unless -edition says
// enterprise (see aerotest.Edition for what differs).
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
	build := fs.String("build", "", "server version to report (default 7.2.0.0)")
	edition := fs.String("edition", "community", "server edition to imitate: community or enterprise")
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
	s, err := aerotest.Run(aerotest.Options{Addr: *addr, Namespaces: names, Build: *build, Edition: ed, Logf: logger.Printf})
	if err != nil {
		return err
	}
	logger.Printf("aerotest: serving namespaces %s on %s (DSN %s), imitating %s edition", strings.Join(names, ","), s.Addr(), s.DSN(), ed)
	if ready != nil {
		ready <- s.Addr()
	}
	<-ctx.Done()
	logger.Printf("aerotest: shutting down")
	return s.Close()
}
