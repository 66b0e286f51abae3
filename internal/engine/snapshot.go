package engine

import (
	"bytes"
	"slices"

	"github.com/aerokit/aero/driver"
)

// The order of records within a partition is the server's:
//
//   - a scan walks the partition's primary index, a tree ordered by digest
//     (base/index.c, cf_digest_compare), so records come in ascending
//     digest order and a scan resumes after a digest;
//   - a secondary-index query walks the partition's index tree, whose keys
//     are (value, digest) (sindex/sindex_tree.c key_cmp: bval_cmp, then
//     get_keyd_stub and cf_digest_compare, which within one partition order
//     as the digest's bytes do), so an integer-index query returns records
//     by index value, then digest, and resumes after the pair (value,
//     digest) the client sends back (as_sindex_tree_query resume_bval,
//     keyd). A string index keys by a hash of the string; an equality query
//     meets a single value, so its records come in digest order.

//
// A collection index (list elements, map keys, map values) holds one key
// per distinct value of a record (sindex.c sbin_from_cdt_bin feeds every
// element; sindex_tree.c si_btree_put keeps a (value, record) key once), so
// a range query meets a record once per distinct element value in range,
// in value order. The server drops the repeats only within one burst of
// MAX_QUERY_BURST (100) index keys (sindex_tree.c query_collect_cb: de_dup
// and find_r_h), set for a range on a collection index (query.c: de_dup =
// isrange && itype != DEFAULT); a repeat in a later burst is returned
// again, with its other value as BVal. Bursts start where the partition's
// walk starts (the range's start or the resume point). An equality query
// meets one key per record.

// maxQueryBurst is the server's MAX_QUERY_BURST (sindex_tree.c): the index
// keys a query collects, and de-duplicates, at a time.
const maxQueryBurst = 100

// snapOpts selects the records of one partition snapshot.
type snapOpts struct {
	// match keeps a record (set, filter expression); with index it is
	// asked of the records the index yields.
	match func(driver.Digest, *record) bool
	// filter, for a query, finds the records of the index (see indexed),
	// of indexSet only when that is not empty (an index on a set holds
	// only that set's records); nil for a scan.
	filter   *driver.Filter
	indexSet string
	// key is what the index holds of a record: its bin's value, or its
	// expression's (set with filter).
	key func(driver.Digest, *record) any
	// ordered orders by index value, then digest, and reports the values
	// (an integer index); otherwise records come by digest.
	ordered bool
	// dedup drops a record already met within the current burst of
	// maxQueryBurst index keys (a range on a collection index).
	dedup bool
	// after resumes after this digest (and, when ordered, after the pair
	// (afterVal, *after)); nil starts at the beginning.
	after    *driver.Digest
	afterVal int64
	bins     []string // nil: all
	noBins   bool
	max      int // 0: all
}

type snap struct {
	recs []*driver.Record
	vals []int64 // index values of recs, when ordered
	last driver.Digest
	done bool
}

type snapEntry struct {
	d   driver.Digest
	val int64
	r   *record
}

// snapshot copies, under the partition's read lock, the live records of
// partition pid that o selects, in the server's order (see above), at most
// o.max of them. done reports that no selected record follows the last one
// returned.
func (n *namespace) snapshot(ns string, pid int, nowSec int64, o *snapOpts) snap {
	p := &n.parts[pid]
	p.mu.RLock()
	defer p.mu.RUnlock()
	list := make([]snapEntry, 0, len(p.recs))
	var scratch [8]int64
	buf := scratch[:0]
	// Without de-duplication, which counts every index key of a burst, a
	// record is kept or not before sorting.
	early := !o.dedup
	keep := func(en snapEntry) bool { return early || o.match(en.d, en.r) }
	for d, r := range p.recs {
		if r.expired(nowSec) || early && !o.match(d, r) {
			continue
		}
		if o.filter == nil {
			list = append(list, snapEntry{d: d, r: r})
			continue
		}
		if o.indexSet != "" && r.set != o.indexSet {
			continue
		}
		vals, ok := indexed(o.filter, o.key(d, r), buf)
		if !ok {
			continue
		}
		buf = vals
		if !o.ordered {
			vals = vals[:1]
		}
		for _, v := range vals {
			list = append(list, snapEntry{d: d, val: v, r: r})
		}
	}
	cmp := func(a, b snapEntry) int {
		if o.ordered && a.val != b.val {
			if a.val < b.val {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.d[:], b.d[:])
	}
	slices.SortFunc(list, cmp)
	if o.after != nil {
		resume := snapEntry{d: *o.after, val: o.afterVal}
		i, found := slices.BinarySearchFunc(list, resume, cmp)
		if found {
			i++
		}
		list = list[i:]
	}
	out := snap{done: true}
	size := len(list)
	if o.max > 0 && o.max < size {
		size = o.max
	}
	out.recs = make([]*driver.Record, 0, size)
	if o.ordered {
		out.vals = make([]int64, 0, size)
	}
	var burst map[*record]bool
	for i, en := range list {
		if o.max > 0 && len(out.recs) == o.max {
			// Stopped by the cap: the partition is done unless a record
			// follows (a later page restarts the bursts, so a repeat
			// counts).
			out.done = !slices.ContainsFunc(list[i:], keep)
			break
		}
		if o.dedup {
			if i%maxQueryBurst == 0 {
				burst = make(map[*record]bool)
			}
			if burst[en.r] {
				continue
			}
			burst[en.r] = true
		}
		if !keep(en) {
			continue
		}
		if !o.noBins && len(o.bins) > 0 && !hasAnyBin(en.r.bins, o.bins) {
			// A scan or query selecting bins skips a record that has none
			// of them: "Don't return an empty record" (base/proto.c
			// as_msg_make_response_bufbuilder).
			out.last = en.d
			continue
		}
		rec := &driver.Record{
			Key:        storedKey(ns, en.d, en.r),
			Generation: uint32(en.r.gen),
			Expiration: en.r.ttl(nowSec),
		}
		if !o.noBins {
			rec.Bins = selectBins(en.r.bins, o.bins)
		}
		out.recs = append(out.recs, rec)
		if o.ordered {
			out.vals = append(out.vals, en.val)
		}
		out.last = en.d
	}
	return out
}

// hasAnyBin reports whether bins holds any of names.
func hasAnyBin(bins driver.Bins, names []string) bool {
	for _, n := range names {
		if _, ok := bins[n]; ok {
			return true
		}
	}
	return false
}
