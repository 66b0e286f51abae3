package aerospike_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
	"github.com/aerokit/aero/driver/drivertest"
)

// testTarget returns the DSN to test against: AEROSPIKE_TEST_DSN when set
// (a real server), else an in-process aerotest server, whose FastForward
// drives record expiry.
func testTarget(t testing.TB) (dsn string, advance func(time.Duration), otherNS string) {
	t.Helper()
	if dsn := os.Getenv("AEROSPIKE_TEST_DSN"); dsn != "" {
		return dsn, nil, os.Getenv("AEROSPIKE_TEST_OTHER_NAMESPACE")
	}
	srv := aerotest.NewServer(t, aerotest.WithNamespaces("test", "other"))
	return srv.DSN(), srv.FastForward, "other"
}

func openDSN(t testing.TB, dsn string) driver.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := aerospike.Driver{}.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// TestConformance runs the driver conformance suite against this driver.
func TestConformance(t *testing.T) {
	dsn, advance, other := testTarget(t)
	drivertest.Run(t, drivertest.Harness{
		Open:           func(t *testing.T) driver.Conn { return openDSN(t, dsn) },
		Advance:        advance,
		OtherNamespace: other,
	})
}

// TestConformanceCluster runs the suite against a 2-node aerotest cluster
// with replication factor 2: the client discovers both nodes from one
// seed, routes each key to its partition's master, splits batches, scans
// and queries by node, and every rule holds as on one node.
func TestConformanceCluster(t *testing.T) {
	c := aerotest.NewCluster(t, 2, aerotest.WithNamespaces("test", "other"))
	dsn := "aerospike://" + c.Node(0).Addr() + "/test"
	drivertest.Run(t, drivertest.Harness{
		Open:           func(t *testing.T) driver.Conn { return openDSN(t, dsn) },
		Advance:        c.Node(0).FastForward,
		OtherNamespace: "other",
	})
	for i, n := range c.Nodes() {
		if n.Commands() == 0 {
			t.Errorf("node %d served no command", i)
		}
	}
}
