package aerospike_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
	"github.com/aerokit/aero/driver/drivertest"
	"github.com/aerokit/aero/internal/sharedtest"
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

// uniqueSet returns the test's own set name (base, the slot's token and a
// hash of the test's name; see sharedtest), truncated when the test ends:
// on a long-lived shared server (AEROSPIKE_TEST_DSN) runs in a row reuse the
// same names, a slot starts clean, and runs at once hold different slots,
// so they never meet each other's records.
func uniqueSet(t testing.TB, conn driver.Conn, base string) string {
	t.Helper()
	set := sharedtest.SetName(base, t.Name())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = conn.Truncate(ctx, conn.Namespace(), set, time.Time{})
	})
	return set
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

// TestConformance runs the driver conformance suite against this driver: on
// the server of AEROSPIKE_TEST_DSN when set (AEROSPIKE_TEST_EDITION=enterprise
// for an Enterprise server), else on aerotest imitating each edition.
func TestConformance(t *testing.T) {
	if dsn := os.Getenv("AEROSPIKE_TEST_DSN"); dsn != "" {
		drivertest.Run(t, drivertest.Harness{
			Open:           func(t *testing.T) driver.Conn { return openDSN(t, dsn) },
			OtherNamespace: os.Getenv("AEROSPIKE_TEST_OTHER_NAMESPACE"),
			SetPrefix:      sharedtest.Token(),
			Enterprise:     strings.EqualFold(os.Getenv("AEROSPIKE_TEST_EDITION"), "enterprise"),
		})
		return
	}
	for _, ed := range []aerotest.Edition{aerotest.Community, aerotest.Enterprise} {
		t.Run(ed.String(), func(t *testing.T) {
			srv := aerotest.NewServer(t, aerotest.WithNamespaces("test", "other"), aerotest.WithEdition(ed))
			drivertest.Run(t, drivertest.Harness{
				Open:           func(t *testing.T) driver.Conn { return openDSN(t, srv.DSN()) },
				Advance:        srv.FastForward,
				OtherNamespace: "other",
				Enterprise:     ed == aerotest.Enterprise,
			})
		})
	}
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
