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

// snapOpts selects the records of one partition snapshot.
type snapOpts struct {
	match func(driver.Digest, *record) bool
	// valBin, when set, orders by the integer value of that bin, then
	// digest (an integer-index query); otherwise by digest.
	valBin string
	// after resumes after this digest (and, with valBin, after the pair
	// (afterVal, *after)); nil starts at the beginning.
	after    *driver.Digest
	afterVal int64
	bins     []string // nil: all
	noBins   bool
	max      int // 0: all
}

type snap struct {
	recs []*driver.Record
	vals []int64 // index values of recs, with valBin
	last driver.Digest
	done bool
}

// snapshot copies, under the partition's read lock, the live records of
// partition pid that o selects, in the server's order (see above), at most
// o.max of them. done reports that no selected record follows the last one
// returned.
func (n *namespace) snapshot(ns string, pid int, nowSec int64, o *snapOpts) snap {
	p := &n.parts[pid]
	p.mu.RLock()
	defer p.mu.RUnlock()
	type entry struct {
		d   driver.Digest
		val int64
		r   *record
	}
	list := make([]entry, 0, len(p.recs))
	for d, r := range p.recs {
		if r.expired(nowSec) || !o.match(d, r) {
			continue
		}
		en := entry{d: d, r: r}
		if o.valBin != "" {
			en.val, _ = r.bins[o.valBin].(int64)
		}
		list = append(list, en)
	}
	cmp := func(a, b entry) int {
		if o.valBin != "" && a.val != b.val {
			if a.val < b.val {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.d[:], b.d[:])
	}
	slices.SortFunc(list, cmp)
	if o.after != nil {
		resume := entry{d: *o.after, val: o.afterVal}
		i, found := slices.BinarySearchFunc(list, resume, cmp)
		if found {
			i++
		}
		list = list[i:]
	}
	out := snap{done: true}
	if o.max > 0 && len(list) > o.max {
		list = list[:o.max]
		out.done = false
	}
	out.recs = make([]*driver.Record, len(list))
	if o.valBin != "" {
		out.vals = make([]int64, len(list))
	}
	for i, en := range list {
		rec := &driver.Record{
			Key:        storedKey(ns, en.d, en.r),
			Generation: uint32(en.r.gen),
			Expiration: en.r.ttl(nowSec),
		}
		if !o.noBins {
			rec.Bins = selectBins(en.r.bins, o.bins)
		}
		out.recs[i] = rec
		if o.valBin != "" {
			out.vals[i] = en.val
		}
		out.last = en.d
	}
	return out
}
