package engine

import (
	"github.com/aerokit/aero/driver"
)

// The server keeps one bit per record, in_sindex, that says the record may
// hold secondary-index entries, and reads it in place of looking at the
// indexes. The bit is sticky: an index drop leaves it set (the server
// clears it at the record's next write, "Sindex drop will leave in_sindex
// bit"), so a record once in a dropped index still counts as indexed while
// another index covers its set. The engine keeps the same bit
// (record.inSindex) with the same life:
//   - a write (or a UDF's write) sets it to whether the record it leaves
//     has an entry in an index of its set or of no set, and clears it when
//     no index covers the set (transaction/write.c write_master_apply,
//     transaction/rw_utils.c update_sindex);
//   - an index build sets it on every record the index holds
//     (sindex/sindex.c: as_index_set_in_sindex in the populate);
//   - an index drop leaves it.

// store puts r at digest d in partition p (of namespace ns) with its
// in_sindex bit as the write that made it leaves it. The caller holds p's
// lock.
func (e *Engine) store(p *partition, ns string, d driver.Digest, r *record, nowSec, nowMS int64) {
	r.inSindex = e.inIndex(ns, d, r, nowSec, nowMS)
	p.put(d, r)
}

// needsOldBins reports whether a write of the stored record r loads its
// old bins for the indexes' sake even when it replaces them: an index
// covers r's set and r's in_sindex bit is set (transaction/write.c
// write_master_apply: si_needs_bins = set_has_si && r->in_sindex). The
// caller holds the record's partition lock.
func (e *Engine) needsOldBins(ns string, r *record) bool {
	return r.inSindex && e.setHasIndex(ns, r.set)
}

// setHasIndex reports whether an index of namespace ns covers set: an
// index on the set or on no set (rw_utils.h set_has_sindex).
func (e *Engine) setHasIndex(ns, set string) bool {
	e.imu.RLock()
	defer e.imu.RUnlock()
	for _, idx := range e.indexes[ns] {
		if idx.Set == "" || idx.Set == set {
			return true
		}
	}
	return false
}

// inIndex reports whether the record r (at digest d, in namespace ns) has
// an entry in a secondary index: whether an index on its set, or on no
// set, holds a key of it. The caller holds the record's partition lock.
func (e *Engine) inIndex(ns string, d driver.Digest, r *record, nowSec, nowMS int64) bool {
	e.imu.RLock()
	defer e.imu.RUnlock()
	for _, idx := range e.indexes[ns] {
		if idx.Set != "" && idx.Set != r.set {
			continue
		}
		if holdsIndexKey(&idx.Index, idx.read.key(d, r, nowSec, nowMS)) {
			return true
		}
	}
	return false
}

// markIndexed sets the in_sindex bit of every live record index idx holds,
// as the server's index build does (sindex/sindex.c). It takes each
// partition's lock, so the caller must not hold the index lock.
func (e *Engine) markIndexed(idx *driver.Index) {
	n, ok := e.ns[idx.Namespace]
	if !ok {
		return
	}
	nowSec, nowMS := e.now()
	read, err := newIndexReader(idx)
	if err != nil {
		return
	}
	for pid := range n.parts {
		p := &n.parts[pid]
		p.mu.Lock()
		for d, r := range p.recs {
			if r.inSindex || r.expired(nowSec) || (idx.Set != "" && r.set != idx.Set) {
				continue
			}
			if holdsIndexKey(idx, read.key(d, r, nowSec, nowMS)) {
				r.inSindex = true
			}
		}
		p.mu.Unlock()
	}
}

// holdsIndexKey reports whether v, what an index reads of a record (its
// bin, context or expression value), gives the index a key: a value of
// the index's key type, or for a collection index such an element, map
// key or map value (sindex.c sbin_from_simple_bin, sbin_from_cdt_bin); for
// a geo2dsphere index, a GeoJSON value it has cells of (geoCells).
func holdsIndexKey(idx *driver.Index, v any) bool {
	if v == nil {
		return false
	}
	is := func(x any) bool {
		switch x := x.(type) {
		case int64:
			return idx.Type == driver.IndexNumeric
		case string:
			return idx.Type == driver.IndexString
		case []byte:
			return idx.Type == driver.IndexBlob
		case driver.GeoJSON:
			return idx.Type == driver.IndexGeo2DSphere && checkGeoValue(x) == nil
		}
		return false
	}
	for x := range indexedElements(idx.Collection, v) {
		if is(x) {
			return true
		}
	}
	return false
}
