// Package sharedtest lets the tests that take AEROSPIKE_TEST_DSN share one
// long-lived Aerospike server, run after run and several runs at once,
// without making new set names every run.
//
// A server never deletes a set name (CE 8.1 allows 4095 per namespace,
// AS_SET_MAX_COUNT in as/include/base/datamodel.h), so a suite that puts a
// run id into its set names fills the namespace after a few hundred runs.
// Instead each test process leases one of a few slots on the server (a
// create-only record with a TTL, so a crashed run frees its slot when the
// record expires) and names its sets from the slot and the test's name:
// the names a package can make are bounded by its tests times the slots,
// and two runs at once never share a set. A run that finds every slot
// taken waits for one.
//
// Test code only: nothing outside tests imports it.
package sharedtest

import (
	"context"
	"crypto/sha1"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/aerokit/aero/driver"
)

// Slots is how many runs of one package may share a server at once.
const Slots = 4

// LeaseSet is the one set that holds the lease records.
const LeaseSet = "aero_lease"

// leaseTTL bounds how long a crashed run keeps its slot; a run that takes
// longer renews its lease.
const leaseTTL = 15 * time.Minute

// DSN returns AEROSPIKE_TEST_DSN: the shared server, or "" for none.
func DSN() string { return os.Getenv("AEROSPIKE_TEST_DSN") }

var slot atomic.Int32

// Slot reports the slot this process holds (0 without a shared server).
func Slot() int { return int(slot.Load()) }

// SetName returns a bounded set name for a test: prefix, the slot and a
// hash of the test's full name, so that distinct tests never share a set
// and the same test in the next run reuses it. It fits any set-name limit
// (len(prefix)+16 bytes).
func SetName(prefix, testName string) string {
	return fmt.Sprintf("%s_%d_%x", prefix, Slot(), sha1.Sum([]byte(testName)))[:len(prefix)+3+12]
}

// M is what TestMain holds: *testing.M.
type M interface{ Run() int }

// Opener opens a driver connection for a DSN.
type Opener func(ctx context.Context, dsn string) (driver.Conn, error)

// Main runs m's tests. With a shared server it first leases a slot under
// scope (the package's import path, so each package's first run takes
// slot 0), renews the lease while the tests run and gives it back at the
// end. Use it from TestMain: os.Exit(sharedtest.Main(m, scope, open)).
func Main(m M, scope string, open Opener) int {
	return Run(m, scope, open).Run()
}

// Run wraps m so that its Run leases a slot around the tests: for
// runners such as goleak.VerifyTestMain that take an M.
func Run(m M, scope string, open Opener) M { return leased{m, scope, open} }

type leased struct {
	m     M
	scope string
	open  Opener
}

func (l leased) Run() int {
	dsn := DSN()
	if dsn == "" {
		return l.m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	conn, err := l.open(ctx, dsn)
	if err != nil {
		cancel()
		fmt.Fprintf(os.Stderr, "sharedtest: open the shared server: %v\n", err)
		return 1
	}
	n, key, err := acquire(ctx, conn, l.scope)
	cancel()
	if err != nil {
		_ = conn.Close()
		fmt.Fprintf(os.Stderr, "sharedtest: %v\n", err)
		return 1
	}
	slot.Store(int32(n))
	stop := make(chan struct{})
	renewed := make(chan struct{})
	go func() { // keep the lease while the tests run
		defer close(renewed)
		t := time.NewTicker(leaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_ = conn.Put(ctx, leasePolicy(driver.UpdateOnly), key, leaseBins())
				cancel()
			}
		}
	}()
	code := l.m.Run()
	close(stop)
	<-renewed
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	_, _ = conn.Delete(ctx, &driver.WritePolicy{}, key)
	cancel()
	_ = conn.Close()
	return code
}

// acquire takes the first free slot, waiting (until ctx ends) while every
// slot is held by another run, and returns it with its lease record's key.
func acquire(ctx context.Context, conn driver.Conn, scope string) (int, *driver.Key, error) {
	wait := 200 * time.Millisecond
	for {
		for n := 0; n < Slots; n++ {
			key, err := driver.NewKey(conn.Namespace(), LeaseSet, fmt.Sprintf("%s#%d", scope, n))
			if err != nil {
				return 0, nil, fmt.Errorf("lease key of slot %d of %q: %w", n, scope, err)
			}
			err = conn.Put(ctx, leasePolicy(driver.CreateOnly), key, leaseBins())
			if err == nil {
				return n, key, nil
			}
			if c, ok := driver.CodeOf(err); !ok || c != driver.KeyExistsError {
				return 0, nil, fmt.Errorf("lease slot %d of %q in set %s: %w", n, scope, LeaseSet, err)
			}
		}
		// Every slot is taken: poll the server (it has no way to signal a
		// freed record) until one is given back or expires.
		select {
		case <-ctx.Done():
			return 0, nil, fmt.Errorf("all %d slots of %q in set %s stayed taken: %w", Slots, scope, LeaseSet, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

func leasePolicy(a driver.RecordExistsAction) *driver.WritePolicy {
	return &driver.WritePolicy{RecordExists: a, Expiration: uint32(leaseTTL / time.Second), SendKey: true}
}

func leaseBins() driver.Bins {
	host, _ := os.Hostname()
	return driver.Bins{"pid": int64(os.Getpid()), "host": host, "at": time.Now().UTC().Format(time.RFC3339)}
}
