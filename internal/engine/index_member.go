package engine

import (
	"github.com/aerokit/aero/driver"
)

// inIndex reports whether the record r (at digest d, in namespace ns) is in
// a secondary index: whether an index on its set, or on no set, holds a
// key of it. This is the server's in_sindex bit of a record in a set with
// an index (transaction/rw_utils.c update_sindex sets it when a write
// leaves the record with an index entry, sindex/sindex.c when an index
// build adds one), which write_master_apply reads (transaction/write.c:
// si_needs_bins). The caller holds the record's partition lock.
func (e *Engine) inIndex(ns string, d driver.Digest, r *record, nowSec, nowMS int64) bool {
	e.imu.RLock()
	defer e.imu.RUnlock()
	for _, idx := range e.indexes[ns] {
		if idx.Set != "" && idx.Set != r.set {
			continue
		}
		key, err := indexKeyFunc(&idx, nowSec, nowMS)
		if err != nil {
			continue
		}
		if holdsIndexKey(&idx, key(d, r)) {
			return true
		}
	}
	return false
}

// holdsIndexKey reports whether v, what an index reads of a record (its
// bin, context or expression value), gives the index a key: a value of
// the index's key type, or for a collection index such an element, map
// key or map value (sindex.c sbin_from_simple_bin, sbin_from_cdt_bin).
func holdsIndexKey(idx *driver.Index, v any) bool {
	if v == nil {
		return false
	}
	is := func(x any) bool {
		switch x.(type) {
		case int64:
			return idx.Type == driver.IndexNumeric
		case string:
			return idx.Type == driver.IndexString
		case []byte:
			return idx.Type == driver.IndexBlob
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
