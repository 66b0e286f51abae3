package aerotest

import (
	"encoding/base64"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/aerokit/aero/driver"
)

// topology is the cluster state the nodes of a Server or a Cluster share:
// which nodes are members, and for every partition its replicas (master
// first), as the server's partition balance computes them
// (fabric/partition_balance.c): a succession list per partition, ordered by
// a hash of the partition id and the node id, of which the first
// replication-factor members hold the partition. Every namespace has the
// same table.
type topology struct {
	mu      sync.RWMutex
	nodes   []*Server
	member  []bool // in the cluster, by node index
	rf      int    // configured replication factor
	salt    uint32 // changes the succession lists (Rebalance)
	table   [driver.Partitions][]int
	inFlux  map[int]bool // partitions without an owner during a rebalance
	partGen int          // partition-generation
	peerGen int          // peers-generation
	key     uint64       // cluster key: changes with every re-formation
}

func newTopology(rf int) *topology {
	return &topology{rf: rf} // the first balance makes the generations 1
}

// add appends a node, a member of the cluster; call balance afterwards.
func (t *topology) add(s *Server) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.nodes = append(t.nodes, s)
	t.member = append(t.member, true)
	return len(t.nodes) - 1
}

// balance recomputes the replicas of every partition from the members and
// bumps the generations; the caller holds t.mu.
func (t *topology) balanceLocked() {
	var members []int
	for i, m := range t.member {
		if m {
			members = append(members, i)
		}
	}
	rf := t.effectiveRFLocked()
	for pid := range t.table {
		if t.inFlux[pid] {
			t.table[pid] = nil
			continue
		}
		t.table[pid] = t.succession(pid, members)[:rf]
	}
	t.partGen++
	t.peerGen++
	t.key = t.key*6364136223846793005 + 1442695040888963407
}

// succession orders nodes for a partition by a hash of (salt, partition,
// node name): the same members give the same order, and a node leaving
// moves only the partitions it held (the replica next in line becomes
// master, as in the server's partition_balance.c).
func (t *topology) succession(pid int, nodes []int) []int {
	out := append([]int(nil), nodes...)
	h := func(n int) uint64 {
		f := fnv.New64a()
		f.Write([]byte(t.nodes[n].nodeName))
		return mix(f.Sum64() ^ uint64(pid)<<32 ^ uint64(t.salt)*0x9e3779b97f4a7c15)
	}
	sort.Slice(out, func(i, j int) bool { return h(out[i]) < h(out[j]) })
	return out
}

// mix is splitmix64's finalizer: every input bit moves every output bit.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// effectiveRFLocked is the replication factor bounded by the cluster size,
// as the server reports it (namespace replication-factor).
func (t *topology) effectiveRFLocked() int {
	n := 0
	for _, m := range t.member {
		if m {
			n++
		}
	}
	if t.rf < n {
		return t.rf
	}
	return n
}

func (t *topology) setMember(i int, on bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.member[i] == on {
		return
	}
	t.member[i] = on
	t.balanceLocked()
}

// node returns node i.
func (t *topology) node(i int) *Server {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.nodes[i]
}

// owner reports who serves partition pid for node self: ok is false when
// the partition has no owner; local is true when self is its master (or,
// for a read, one of its replicas: the server reads from a prole that
// holds everything, partition.c find_best_node); otherwise master is the
// node the request is proxied to.
func (t *topology) owner(pid, self int, write bool) (master int, local, ok bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	reps := t.table[pid]
	if len(reps) == 0 {
		return -1, false, false
	}
	if reps[0] == self {
		return self, true, true
	}
	if !write {
		for _, r := range reps[1:] {
			if r == self {
				return self, true, true
			}
		}
	}
	return reps[0], false, true
}

// holds reports whether node self holds a full copy of pid (master or
// replica), which a scan or query needs (partition.c
// as_partition_reserve_query).
func (t *topology) holds(pid, self int) bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, r := range t.table[pid] {
		if r == self {
			return true
		}
	}
	return false
}

// masterOf lists the partitions node self masters.
func (t *topology) masterOf(self int) []driver.PartitionStatus {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var out []driver.PartitionStatus
	for pid, reps := range t.table {
		if len(reps) > 0 && reps[0] == self {
			out = append(out, driver.PartitionStatus{ID: pid})
		}
	}
	return out
}

// replicasAnswer is the value of "replicas" (format with the regime,
// client partition_parser.go parseReplicasAll; server partition.c
// as_partition_get_replicas_all_str): ns:regime,count,bitmap,...;...
// where bitmap i has the bits of the partitions self holds at position i.
// A node outside the cluster claims nothing.
func (t *topology) replicasAnswer(self int, namespaces []string, withRegime bool, onlyMaster bool) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	rf := t.effectiveRFLocked()
	if rf == 0 || !t.member[self] {
		rf = 1
	}
	if onlyMaster {
		rf = 1
	}
	maps := make([]string, rf)
	for i := range maps {
		b := make([]byte, driver.Partitions/8)
		if t.member[self] {
			for pid, reps := range t.table {
				if i < len(reps) && reps[i] == self {
					b[pid>>3] |= 0x80 >> uint(pid&7)
				}
			}
		}
		maps[i] = base64.StdEncoding.EncodeToString(b)
	}
	parts := make([]string, len(namespaces))
	for i, ns := range namespaces {
		switch {
		case onlyMaster:
			parts[i] = ns + ":" + maps[0]
		case withRegime:
			parts[i] = ns + ":0," + strconv.Itoa(rf) + "," + strings.Join(maps, ",")
		default:
			parts[i] = ns + ":" + strconv.Itoa(rf) + "," + strings.Join(maps, ",")
		}
	}
	return strings.Join(parts, ";")
}

// peersAnswer is the value of peers-clear-std and the other peers-*
// commands: gen,default-port,[[node-id,tls-name,[host:port]],...], the
// other members of the cluster (server: as_service_list / peers.c; client
// peers_parser.go).
func (t *topology) peersAnswer(self int, defaultPort string) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var peers []string
	if t.member[self] {
		for i, n := range t.nodes {
			if i == self || !t.member[i] {
				continue
			}
			peers = append(peers, "["+n.nodeName+",,["+n.Addr()+"]]")
		}
	}
	return strconv.Itoa(t.peerGen) + "," + defaultPort + ",[" + strings.Join(peers, ",") + "]"
}

// services is the value of "services": the other members' addresses,
// separated by semicolons (the pre-peers form).
func (t *topology) services(self int) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var out []string
	if t.member[self] {
		for i, n := range t.nodes {
			if i != self && t.member[i] {
				out = append(out, n.Addr())
			}
		}
	}
	return strings.Join(out, ";")
}

func (t *topology) generations() (part, peers int) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.partGen, t.peerGen
}

// size is the number of members.
func (t *topology) size() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	n := 0
	for _, m := range t.member {
		if m {
			n++
		}
	}
	return n
}

// stable answers cluster-stable (server thr_info.c cmd_cluster_stable):
// the cluster key in hex, or CLUSTER_KEY_MISMATCH while partitions are
// without an owner or the size is not the one asked for.
func (t *topology) stable(params string) string {
	p := parseParams(params)
	t.mu.RLock()
	defer t.mu.RUnlock()
	if len(t.inFlux) > 0 {
		return "ERROR:" + strconv.Itoa(int(driver.ClusterKeyMismatch)) + ":unstable cluster"
	}
	if s, ok := p["size"]; ok {
		n, err := strconv.Atoi(s)
		if err != nil {
			return "ERROR:" + strconv.Itoa(int(driver.ParameterError)) + ":bad size"
		}
		size := 0
		for _, m := range t.member {
			if m {
				size++
			}
		}
		if n != size {
			return "ERROR:" + strconv.Itoa(int(driver.ClusterKeyMismatch)) + ":cluster not specified size"
		}
	}
	return strings.ToUpper(strconv.FormatUint(t.key, 16))
}
