package otelaero_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	_ "github.com/aerokit/aero/driver/aerospike" // the aerospike:// backend
	"github.com/aerokit/aero/otelaero"
)

// TestAerospikeDriver runs the hooks on the Aerospike driver against the
// aerotest wire-protocol server: server.address and server.port come from
// the DSN's seed (driver.Endpointer), and the statistics from the client.
func TestAerospikeDriver(t *testing.T) {
	t.Parallel()
	srv := aerotest.NewServer(t)
	host, portStr, err := net.SplitHostPort(srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portStr)
	tel := newTelemetry(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := aero.Open(ctx, srv.DSN(), otelaero.WithTelemetry(tel.opts()...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })

	k := aero.Key{Set: "users", Value: "u1"}
	if err := s.Put(ctx, k, aero.Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, k, aero.Bins{"a": 2}, aero.WithGeneration(9)); !errors.Is(err, aero.ErrGeneration) {
		t.Fatalf("Put with a stale generation: %v, want ErrGeneration", err)
	}
	spans := tel.spans.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	server := map[string]any{"db.collection.name": "users", "server.address": host, "server.port": int64(port)}
	equalAttrs(t, "put", spans[0].Attributes(), base("PUT", server))
	server["db.response.status_code"], server["error.type"] = "3", "3"
	equalAttrs(t, "stale put", spans[1].Attributes(), base("PUT", server))

	pool := net.JoinHostPort(host, portStr) + "/test"
	if got := otelaero.PoolName(s); got != pool {
		t.Errorf("PoolName = %q, want %q", got, pool)
	}
	var nodes int64 = -1
	for _, p := range collectStats(t, tel, pool) {
		if p.metric == otelaero.MetricNodeCount {
			nodes = p.value
		}
	}
	if nodes != 1 {
		t.Errorf("node count = %d, want 1", nodes)
	}
}
