// Package sharedtest lets the tests that take AEROSPIKE_TEST_DSN share one
// long-lived Aerospike server, run after run and several runs at once,
// without making new set names every run.
//
// A server never deletes a set name (CE 8.1 allows 4095 per namespace,
// AS_SET_MAX_COUNT in as/include/base/datamodel.h), so a suite that puts a
// run id into its set names fills the namespace after a few hundred runs.
// Instead each test process leases one of a few slots on the server (a
// create-only record with a TTL, so that a crashed run frees its slot when
// the record expires) and names its sets from its package's tag, the slot
// and the test's name: the names a package can make are bounded by its tests
// times the slots, and two runs at once never share a set. A run that finds
// every slot taken waits for one. A leased slot starts clean: whatever an
// interrupted run of the same slot left (records, secondary indexes) is
// removed before the tests start.
//
// Test code only: nothing outside tests imports it.
package sharedtest

import (
	"context"
	"crypto/sha1"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
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

// OtherNamespace returns AEROSPIKE_TEST_OTHER_NAMESPACE: a second namespace
// of the shared server that tests may use, or "".
func OtherNamespace() string { return os.Getenv("AEROSPIKE_TEST_OTHER_NAMESPACE") }

var token atomic.Value // string: the package's tag and its slot, e.g. "r0"

// Token names this process's slot: the tag given to Main and the slot
// number ("r0"), or the tag and "0" without a shared server. Every set name
// of the slot holds it as one of its "_"-separated parts.
func Token() string {
	if s, ok := token.Load().(string); ok {
		return s
	}
	return "x0"
}

// SetName returns a bounded set name for a test: prefix, Token and a hash
// of the test's full name, so that distinct tests never share a set and the
// same test in the next run reuses it.
func SetName(prefix, testName string) string {
	return fmt.Sprintf("%s_%s_%x", prefix, Token(), sha1.Sum([]byte(testName)))[:len(prefix)+len(Token())+2+12]
}

// M is what TestMain holds: *testing.M.
type M interface{ Run() int }

// Main runs m's tests: os.Exit(sharedtest.Main(m, "r")). tag is short,
// lower-case and distinct for each package that uses a shared server.
func Main(m M, tag string) int { return Run(m, tag).Run() }

// Run wraps m so that its Run leases a slot around the tests, for runners
// such as goleak.VerifyTestMain that take an M: with a shared server it
// leases a slot under tag (so each package's first run takes slot 0),
// cleans it, renews the lease while the tests run and gives it back at the
// end.
func Run(m M, tag string) M { return leased{m, tag} }

type leased struct {
	m   M
	tag string
}

func (l leased) Run() int {
	token.Store(l.tag + "0")
	if DSN() == "" {
		return l.m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	var key *driver.Key
	err := withConn(ctx, func(conn driver.Conn) error {
		n, k, err := acquire(ctx, conn, l.tag)
		if err != nil {
			return err
		}
		key = k
		token.Store(fmt.Sprintf("%s%d", l.tag, n))
		return clean(ctx, conn, Token())
	})
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "sharedtest: %v\n", err)
		return 1
	}
	// Keep the lease while the tests run. No connection stays open between
	// renewals: a client's tend goroutine would allocate under the tests
	// that count allocations.
	stop := make(chan struct{})
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(leaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_ = withConn(ctx, func(conn driver.Conn) error {
					return conn.Put(ctx, leasePolicy(driver.UpdateOnly), key, leaseBins())
				})
				cancel()
			}
		}
	}()
	code := l.m.Run()
	close(stop)
	<-renewed
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := withConn(ctx, func(conn driver.Conn) error {
		_, err := conn.Delete(ctx, &driver.WritePolicy{}, key)
		return err
	}); err != nil {
		fmt.Fprintf(os.Stderr, "sharedtest: give back slot %s (it expires in %v): %v\n", Token(), leaseTTL, err)
	}
	return code
}

// withConn runs f on a new connection to the shared server.
func withConn(ctx context.Context, f func(driver.Conn) error) error {
	conn, err := aerospike.Driver{}.Open(ctx, DSN())
	if err != nil {
		return fmt.Errorf("open the shared server: %w", err)
	}
	defer conn.Close()
	return f(conn)
}

// acquire takes the first free slot, waiting (until ctx ends) while every
// slot is held by another run, and returns it with its lease record's key.
func acquire(ctx context.Context, conn driver.Conn, tag string) (int, *driver.Key, error) {
	wait := 200 * time.Millisecond
	for {
		for n := 0; n < Slots; n++ {
			key, err := driver.NewKey(conn.Namespace(), LeaseSet, fmt.Sprintf("%s#%d", tag, n))
			if err != nil {
				return 0, nil, fmt.Errorf("lease key of slot %d of %q: %w", n, tag, err)
			}
			err = conn.Put(ctx, leasePolicy(driver.CreateOnly), key, leaseBins())
			if err == nil {
				return n, key, nil
			}
			if c, ok := driver.CodeOf(err); !ok || c != driver.KeyExistsError {
				return 0, nil, fmt.Errorf("lease slot %d of %q in set %s: %w", n, tag, LeaseSet, err)
			}
		}
		// Every slot is taken: poll the server (it has no way to signal a
		// freed record) until one is given back or expires.
		select {
		case <-ctx.Done():
			return 0, nil, fmt.Errorf("all %d slots of %q in set %s stayed taken: %w", Slots, tag, LeaseSet, ctx.Err())
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

// clean drops the secondary indexes of the slot's sets and truncates those
// that hold records, in the shared namespaces: what a run of this slot that
// was interrupted left behind. No other run holds the slot meanwhile.
func clean(ctx context.Context, conn driver.Conn, tok string) error {
	client, ok := aerospike.Client(conn)
	if !ok || len(client.GetNodes()) == 0 {
		return fmt.Errorf("clean slot %s: no client node", tok)
	}
	node := client.GetNodes()[0]
	ip := as.NewInfoPolicy()
	ip.Timeout = 10 * time.Second
	for _, ns := range []string{conn.Namespace(), OtherNamespace()} {
		if ns == "" {
			continue
		}
		for _, cmd := range []string{"sindex-list:ns=" + ns, "sets/" + ns} {
			info, err := node.RequestInfo(ip, cmd)
			if err != nil {
				return fmt.Errorf("clean slot %s: info %s: %w", tok, cmd, err)
			}
			for _, e := range infoEntries(info[cmd]) {
				if !ownedBy(e["set"], tok) {
					continue
				}
				if name := e["indexname"]; name != "" {
					if err := conn.DropIndex(ctx, ns, name); err != nil {
						if c, _ := driver.CodeOf(err); c != driver.IndexNotFound {
							return fmt.Errorf("clean slot %s: drop index %s.%s: %w", tok, ns, name, err)
						}
					}
				} else if e["objects"] != "0" {
					if err := conn.Truncate(ctx, ns, e["set"], time.Time{}); err != nil {
						return fmt.Errorf("clean slot %s: truncate %s.%s: %w", tok, ns, e["set"], err)
					}
				}
			}
		}
	}
	return nil
}

// ownedBy reports whether set is one of the slot tok's: tok is one of its
// "_"-separated parts.
func ownedBy(set, tok string) bool {
	for part := range strings.SplitSeq(set, "_") {
		if part == tok {
			return true
		}
	}
	return false
}

// infoEntries splits an info answer of ";"-separated entries of
// ":"-separated key=value fields (sets/, sindex-list).
func infoEntries(s string) []map[string]string {
	var out []map[string]string
	for entry := range strings.SplitSeq(s, ";") {
		if entry == "" {
			continue
		}
		m := map[string]string{}
		for f := range strings.SplitSeq(entry, ":") {
			if k, v, ok := strings.Cut(f, "="); ok {
				m[k] = v
			}
		}
		out = append(out, m)
	}
	return out
}
