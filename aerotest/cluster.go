package aerotest

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aerokit/aero/driver"
)

// Cluster is a set of Servers that form one Aerospike cluster: each node
// has its own listener and node name, they share one partition table
// (masters and replicas per partition) and one store, and each answers the
// info commands of the client's cluster tending (node, peers-*,
// partition-generation, replicas, cluster-stable) so that a client seeded
// with any node discovers every node and routes each key to its master.
// See the package doc for what it models and what it does not.
type Cluster struct {
	mu     sync.Mutex // serialises faults and Close
	topo   *topology
	nodes  []*Server
	ns     []string
	closed bool
}

// NewCluster starts a cluster of n nodes for a test and closes it when the
// test ends; it fails the test if the cluster cannot start. The options
// are those of NewServer; Options.ReplicationFactor chooses 1 or 2 copies
// of each partition (default 2, or 1 for a single node).
func NewCluster(t testing.TB, n int, opts ...Option) *Cluster {
	t.Helper()
	var o Options
	o.Logf = t.Logf
	for _, f := range opts {
		f(&o)
	}
	c, err := RunCluster(n, o)
	if err != nil {
		t.Fatalf("aerotest: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// RunCluster starts a cluster of n nodes with opts; Close stops it. When
// opts.Addr names a port other than 0, node i listens on that port plus i;
// otherwise every node takes a free port of the address's host. In a
// cluster, node i is named Options.NodeName (default "BB9AE2000000000")
// followed by i+1 in hex.
func RunCluster(n int, opts Options) (*Cluster, error) {
	if n < 1 {
		return nil, fmt.Errorf("aerotest: a cluster needs at least 1 node, got %d", n)
	}
	rf := opts.ReplicationFactor
	switch {
	case rf == 0 && n == 1:
		rf = 1
	case rf == 0:
		rf = 2
	case rf < 1 || rf > 2:
		return nil, fmt.Errorf("aerotest: replication factor %d: aerotest models 1 or 2", rf)
	}
	host, port := "127.0.0.1", 0
	if opts.Addr != "" {
		h, p, err := net.SplitHostPort(opts.Addr)
		if err != nil {
			return nil, fmt.Errorf("aerotest: address %q: %w", opts.Addr, err)
		}
		if port, err = strconv.Atoi(p); err != nil || port < 0 || port+n-1 > 65535 {
			return nil, fmt.Errorf("aerotest: address %q: bad port for %d nodes", opts.Addr, n)
		}
		host = h
	}
	prefix := opts.NodeName
	if prefix == "" {
		prefix = "BB9AE2000000000"
	}
	st, err := newShared(opts, rf)
	if err != nil {
		return nil, err
	}
	c := &Cluster{topo: st.topo}
	for i := 0; i < n; i++ {
		o := opts
		o.NodeName = prefix + strings.ToUpper(strconv.FormatInt(int64(i+1), 16))
		p := 0
		if port != 0 {
			p = port + i
		}
		o.Addr = net.JoinHostPort(host, strconv.Itoa(p))
		s, err := st.run(o)
		if err != nil {
			_ = c.Close()
			return nil, err
		}
		c.nodes = append(c.nodes, s)
	}
	c.ns = c.nodes[0].Namespaces()
	c.topo.mu.Lock()
	c.topo.balanceLocked()
	c.topo.mu.Unlock()
	return c, nil
}

// Len returns the number of nodes, members of the cluster or not.
func (c *Cluster) Len() int { return len(c.nodes) }

// Node returns node i (from 0). Its Put, Get, Len, Flush and FastForward
// reach the store every node shares. Its Stop and Start take the node's
// listener down and up without the cluster noticing (a blip shorter than
// the heartbeat timeout: the partition table stays); Kill and Revive are
// the node leaving and joining the cluster.
func (c *Cluster) Node(i int) *Server { return c.nodes[i] }

// Nodes returns every node.
func (c *Cluster) Nodes() []*Server { return append([]*Server(nil), c.nodes...) }

// Hosts returns the nodes' addresses, comma-separated: host:port,host:port.
func (c *Cluster) Hosts() string {
	addrs := make([]string, len(c.nodes))
	for i, s := range c.nodes {
		addrs[i] = s.Addr()
	}
	return strings.Join(addrs, ",")
}

// DSN returns the DSN that opens aero on the cluster's first namespace,
// seeded with every node: aerospike://HOST:PORT,HOST:PORT/NAMESPACE.
func (c *Cluster) DSN() string { return "aerospike://" + c.Hosts() + "/" + c.ns[0] }

// Master returns the index of the node that masters the partition of key
// (namespace, set, user key), or -1 while the partition has no owner.
func (c *Cluster) Master(namespace, set string, userKey any) (int, error) {
	k, err := driver.NewKey(namespace, set, userKey)
	if err != nil {
		return -1, err
	}
	m, _, ok := c.topo.owner(k.Digest.Partition(), -1, true)
	if !ok {
		return -1, nil
	}
	return m, nil
}

// Members returns the indexes of the nodes in the cluster.
func (c *Cluster) Members() []int {
	c.topo.mu.RLock()
	defer c.topo.mu.RUnlock()
	var out []int
	for i, m := range c.topo.member {
		if m {
			out = append(out, i)
		}
	}
	return out
}

// PartitionGeneration returns the partition generation the nodes report;
// it grows with every change of the partition table.
func (c *Cluster) PartitionGeneration() int {
	g, _ := c.topo.generations()
	return g
}

func (c *Cluster) check(i int) error {
	if c.closed {
		return errors.New("aerotest: cluster is closed")
	}
	if i < 0 || i >= len(c.nodes) {
		return fmt.Errorf("aerotest: no node %d in a cluster of %d", i, len(c.nodes))
	}
	return nil
}

// Kill takes node i down as a crashed process: its listener closes (new
// connections are refused), its connections drop, and the cluster
// re-forms without it at once: each partition it mastered is mastered by
// its replica (replication factor 2) or by another node, the partition and
// peers generations grow. Nothing stored is lost (see the package doc).
func (c *Cluster) Kill(i int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.check(i); err != nil {
		return err
	}
	c.nodes[i].Stop()
	c.topo.setMember(i, false)
	return nil
}

// Isolate cuts node i off as a host that vanished from the network: it
// keeps accepting connections (as the kernel's backlog does) but answers
// nothing on any of them, so clients wait for their timeouts, and the
// cluster re-forms without it as Kill does.
func (c *Cluster) Isolate(i int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.check(i); err != nil {
		return err
	}
	c.nodes[i].isolate()
	c.topo.setMember(i, false)
	return nil
}

// Revive brings node i back after Kill, Isolate or Stop: it listens again
// on its port (an isolated node drops the connections it left hanging)
// and rejoins the cluster, which re-forms with it.
func (c *Cluster) Revive(i int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.check(i); err != nil {
		return err
	}
	s := c.nodes[i]
	s.Stop() // ends an isolation: its connections close
	if err := s.Start(); err != nil {
		return err
	}
	c.topo.setMember(i, true)
	return nil
}

// BeginRebalance starts a re-distribution of the partitions among the
// members (as after a node joins with new data): every partition whose
// replicas change has no owner until EndRebalance, and commands on it
// answer PARTITION_UNAVAILABLE (scans and queries report it unavailable,
// so the client retries it), as a server answers for a partition without
// replicas (thr_tsvc.c, partition.c as_partition_reserve_write returning
// -2). The partition generation grows. It returns the number of
// partitions without an owner.
func (c *Cluster) BeginRebalance() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.topo
	t.mu.Lock()
	defer t.mu.Unlock()
	old := t.table
	t.salt++
	t.inFlux = nil
	t.balanceLocked()
	flux := map[int]bool{}
	for pid := range t.table {
		if !sameInts(old[pid], t.table[pid]) {
			flux[pid] = true
			t.table[pid] = nil
		}
	}
	t.inFlux = flux
	return len(flux)
}

// EndRebalance gives the partitions left without an owner by
// BeginRebalance their new replicas; the partition generation grows.
func (c *Cluster) EndRebalance() {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.topo
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inFlux = nil
	t.balanceLocked()
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Close stops every node and waits for their goroutines. It is
// idempotent.
func (c *Cluster) Close() error {
	c.mu.Lock()
	c.closed = true
	nodes := c.nodes
	c.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range nodes {
		wg.Add(1)
		go func(s *Server) {
			defer wg.Done()
			_ = s.Close()
		}(s)
	}
	wg.Wait()
	return nil
}
