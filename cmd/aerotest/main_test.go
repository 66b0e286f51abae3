package main

import (
	"bytes"
	"context"
	"log"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServesUntilCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuf
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-namespaces", "test, bar", "-edition", "enterprise"}, log.New(&logs, "", 0), ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	}
	host, port, _ := strings.Cut(addr, ":")
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	cp := as.NewClientPolicy()
	cp.Timeout = 5 * time.Second
	c, err := as.NewClientWithPolicy(cp, host, p)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := as.NewKey("bar", "s", 1)
	if err := c.Put(nil, k, as.BinMap{"a": 1}); err != nil {
		t.Fatal(err)
	}
	// -edition enterprise: a durable delete is accepted.
	wp := as.NewWritePolicy(0, 0)
	wp.DurableDelete = true
	if _, err := c.Delete(wp, k); err != nil {
		t.Fatalf("durable delete with -edition enterprise: %v", err)
	}
	c.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "serving namespaces test,bar on "+addr) || !strings.Contains(logs.String(), "imitating enterprise edition") {
		t.Errorf("log = %q", logs.String())
	}
}

func TestRunBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-namespaces", ","}, {"extra"}, {"-nope"}, {"-addr", "256.0.0.1:1"}, {"-edition", "gold"},
		{"-nodes", "0"}, {"-nodes", "2", "-replication-factor", "3"}} {
		if err := run(context.Background(), args, log.New(&bytes.Buffer{}, "", 0), nil); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

func TestRunCluster(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuf
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-nodes", "3"}, log.New(&logs, "", 0), ready)
	}()
	var hosts string
	select {
	case hosts = <-ready:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	}
	addrs := strings.Split(hosts, ",")
	if len(addrs) != 3 {
		t.Fatalf("hosts %q, want 3", hosts)
	}
	host, port, _ := strings.Cut(addrs[0], ":")
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	cp := as.NewClientPolicy()
	cp.Timeout = 5 * time.Second
	c, err := as.NewClientWithPolicy(cp, host, p)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	deadline := time.Now().Add(5 * time.Second)
	for len(c.GetNodes()) != 3 {
		if time.Now().After(deadline) {
			t.Fatalf("client seeded with one node sees %d nodes, want 3", len(c.GetNodes()))
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "3 node(s)") {
		t.Errorf("log = %q", logs.String())
	}
}
