package engine

import (
	"bytes"
	"fmt"
	"iter"
	"slices"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// ScanRequest asks for the records of one partition, for a scan (Filter nil)
// or a secondary-index query.
type ScanRequest struct {
	Namespace string
	// Set restricts the records to one set; empty means every set of the
	// namespace, as a server scan without a set.
	Set string
	// Bins names the bins to return; nil returns every bin.
	Bins []string
	// NoBins returns headers only.
	NoBins bool
	// Filter is the query's index filter; nil for a scan.
	Filter *driver.Filter
	// Partition is the partition's ID, 0 to driver.Partitions-1.
	Partition int
	// After resumes the partition after this digest; nil starts at the
	// beginning. An integer-index query resumes after the pair (AfterBVal,
	// *After), the index value and digest of the last record returned.
	After     *driver.Digest
	AfterBVal int64
	// Max caps the records returned; 0 means no cap.
	Max int
	// FilterExp skips the records it does not match (nil: none skipped).
	FilterExp driver.Expression
}

// ScanResult is one partition's answer.
type ScanResult struct {
	// Records are deep copies, in the server's order (ascending digest;
	// for an integer-index query ascending index value, then digest). A
	// record's key carries its set, digest and, only when it was stored,
	// its user key.
	Records []*driver.Record
	// BVals are the index values of Records, for an integer-index query.
	BVals []int64
	// Status is the partition's state after these records: Done when no
	// record follows; Digest (and BVal, for an integer-index query) the
	// last record returned, or the request's resume point when none was.
	Status driver.PartitionStatus
}

// ValidateQuery checks what a scan or query needs before it starts: a known
// namespace, a valid set name, a well-formed filter and, for a query, an
// index of the filter's type on the bin (IndexNotFound otherwise, as the
// server answers). It returns the filter normalized (Equal as int64 or
// string).
func (e *Engine) ValidateQuery(ns, set string, f *driver.Filter) (*driver.Filter, error) {
	nf, _, err := e.validateQuery(ns, set, f)
	return nf, err
}

// validateQuery is ValidateQuery, also returning the index the query uses.
func (e *Engine) validateQuery(ns, set string, f *driver.Filter) (*driver.Filter, driver.Index, error) {
	if _, err := e.namespace(ns); err != nil {
		return nil, driver.Index{}, err
	}
	if err := checkSetName(set); err != nil {
		return nil, driver.Index{}, err
	}
	if f == nil {
		return nil, driver.Index{}, nil
	}
	nf, err := normalizeFilter(f)
	if err != nil {
		return nil, driver.Index{}, err
	}
	idx, ok := e.findIndex(ns, set, nf)
	if !ok {
		// query.c find_sindex: AS_ERR_SINDEX_NOT_FOUND.
		if nf.IndexName != "" {
			return nil, driver.Index{}, driver.Errorf(driver.IndexNotFound, "no index named %q in namespace %q", nf.IndexName, ns)
		}
		what := nf.IndexType().String()
		if nf.Collection != driver.IndexDefault {
			what = nf.Collection.String() + " " + what
		}
		on := fmt.Sprintf("bin %q", nf.Bin)
		if nf.Exp != nil {
			on = "expression " + nf.Exp.String()
		}
		return nil, driver.Index{}, driver.Errorf(driver.IndexNotFound, "no %s index on %s of %s.%s", what, on, ns, set)
	}
	if nf.IndexName != "" {
		// The index named is used as it is: its collection type, not the
		// query's INDEX_TYPE field (which only as_sindex_lookup_by_defn
		// reads). A filter of another key type meets none of its keys
		// (query.c record_matches_query: type != si->ktype).
		nf.Collection = idx.Collection
	}
	return nf, idx, nil
}

// normalizeFilter checks a filter's bin, collection type and bounds, and
// returns it with Equal as int64 or string.
func normalizeFilter(f *driver.Filter) (*driver.Filter, error) {
	nf := *f
	switch n := b2i(nf.Bin != "") + b2i(nf.IndexName != "") + b2i(nf.Exp != nil); {
	case n > 1:
		// query.c get_query_si_name, get_index_expression_field: "specified
		// both expression and index name".
		return nil, driver.Errorf(driver.ParameterError, "filter names its index by more than one of bin %q, index name %q and an expression", nf.Bin, nf.IndexName)
	case nf.IndexName != "":
		if len(nf.IndexName) > driver.MaxIndexNameLen {
			// query.c get_query_si_name: "bad index name size".
			return nil, driver.Errorf(driver.ParameterError, "filter index name %q is %d bytes, longer than %d", nf.IndexName, len(nf.IndexName), driver.MaxIndexNameLen)
		}
	case nf.Exp != nil:
		if len(nf.Exp.AppendWire(nil)) == 0 {
			// query.c get_index_expression_field: "invalid index expression".
			return nil, driver.NewError(driver.ParameterError, "filter index expression is empty")
		}
	case nf.Bin == "" || len(nf.Bin) > driver.MaxBinNameLen:
		return nil, driver.Errorf(driver.ParameterError, "filter bin name %q must be 1 to %d bytes", nf.Bin, driver.MaxBinNameLen)
	}
	if !nf.Collection.Valid() {
		return nil, driver.Errorf(driver.ParameterError, "filter on bin %q: unknown collection type %s", nf.Bin, nf.Collection)
	}
	if len(nf.Ctx) > 0 {
		// query.c get_index_context_field: a context goes with a bin, not
		// with an index name or an expression, and is a read context.
		if nf.IndexName != "" || nf.Exp != nil {
			return nil, driver.NewError(driver.ParameterError, "filter names both a cdt context and an index name or expression")
		}
		ctx, err := normalizeCtx(nf.Ctx)
		if err != nil {
			return nil, err
		}
		nf.Ctx = ctx
	}
	if nf.Equal != nil {
		v, err := driver.Normalize(nf.Equal)
		if err != nil {
			return nil, driver.Errorf(driver.ParameterError, "filter on bin %q: %v", nf.Bin, err)
		}
		switch g := v.(type) {
		case int64, string, []byte:
		case driver.GeoJSON:
			if err := checkGeoQuery(g); err != nil {
				return nil, driver.Errorf(driver.ParameterError, "filter on bin %q: %v", nf.Bin, err)
			}
		default:
			return nil, driver.Errorf(driver.ParameterError, "filter on bin %q: equality value of type %T is not supported (want integer, string or blob)", nf.Bin, nf.Equal)
		}
		nf.Equal = v
	} else if nf.Begin > nf.End {
		return nil, driver.Errorf(driver.ParameterError, "filter on bin %q: range begin %d is after end %d", nf.Bin, nf.Begin, nf.End)
	}
	return &nf, nil
}

// ScanPartition returns the matching records of one partition, from a
// snapshot taken under the partition's read lock.
func (e *Engine) ScanPartition(req *ScanRequest) (*ScanResult, error) {
	if req == nil {
		return nil, driver.NewError(driver.ParameterError, "scan request is nil")
	}
	f, idx, err := e.validateQuery(req.Namespace, req.Set, req.Filter)
	if err != nil {
		return nil, err
	}
	if req.Partition < 0 || req.Partition >= driver.Partitions {
		return nil, driver.Errorf(driver.ParameterError, "partition %d out of range 0..%d", req.Partition, driver.Partitions-1)
	}
	if req.Max < 0 {
		return nil, driver.Errorf(driver.ParameterError, "max records %d is negative", req.Max)
	}
	var prog program
	if req.FilterExp != nil {
		if prog, err = buildFilter(req.FilterExp); err != nil {
			return nil, err
		}
	}
	n := e.ns[req.Namespace]
	nowSec, nowMS := e.now()
	match := func(d driver.Digest, r *record) bool {
		if req.Set != "" && r.set != req.Set {
			return false
		}
		if prog.root == nil {
			return true
		}
		er := evalRecOf(d, r, r.bins, nowSec, nowMS)
		return prog.matches(&er)
	}
	o := &snapOpts{match: match, after: req.After, afterVal: req.AfterBVal, bins: req.Bins, noBins: req.NoBins, max: req.Max}
	if f != nil {
		read, err := newIndexReader(&idx)
		if err != nil {
			return nil, err
		}
		o.key = func(d driver.Digest, r *record) any { return read.key(d, r, nowSec, nowMS) }
		o.filter, o.indexSet = f, idx.Set
		o.ordered = f.IndexType() == driver.IndexNumeric
		// query.c: de_dup = isrange && itype != AS_SINDEX_ITYPE_DEFAULT
		// (range_from_msg_integer: isrange = start != end).
		o.dedup = f.Collection != driver.IndexDefault && (f.Equal == nil && f.Begin != f.End || f.IndexType() == driver.IndexGeo2DSphere)
	}
	s := n.snapshot(req.Namespace, req.Partition, nowSec, o)
	res := &ScanResult{Records: s.recs, BVals: s.vals, Status: driver.PartitionStatus{ID: req.Partition, Done: s.done}}
	switch {
	case len(s.recs) > 0:
		res.Status.Digest, res.Status.HasDigest = s.last, true
		if s.vals != nil {
			res.Status.BVal = s.vals[len(s.vals)-1]
		}
	case req.After != nil:
		res.Status.Digest, res.Status.HasDigest = *req.After, true
		if o.ordered {
			res.Status.BVal = req.AfterBVal
		}
	}
	return res, nil
}

// indexed appends to vals[:0] the values under which a bin value is found by a
// normalized filter, distinct and ascending, and whether there is any. A
// value of another type is not indexed, nor matched: the server indexes a
// bin of the index's key type (sindex.c sbin_from_simple_bin), or the
// elements, map keys or map values of that type of a list or map bin
// (sbin_from_cdt_bin; add_long_from_msgpack and add_string_from_msgpack
// skip the others; nested lists and maps are elements, never descended
// into), and a query meets those in range. A string or blob filter is an
// equality: its value is reported as 0 (such an index orders by a hash of
// the value, and an equality meets one value).
func indexed(f *driver.Filter, v any, vals []int64) ([]int64, bool) {
	vals = vals[:0]
	found := false
	add := func(x any) {
		switch want := f.Equal.(type) {
		case string:
			if s, ok := x.(string); ok && s == want {
				found = true
			}
		case []byte:
			// A blob index keys by a hash of the bytes, as a string index
			// (sindex.c as_sindex_blob_to_bval); an equality meets one.
			if b, ok := x.([]byte); ok && bytes.Equal(b, want) {
				found = true
			}
		case int64:
			if i, ok := x.(int64); ok && i == want {
				found, vals = true, append(vals, i)
			}
		case driver.GeoJSON:
			if g, ok := x.(driver.GeoJSON); ok && geoFilterMatches(want, g) {
				found = true
			}
		case nil:
			if i, ok := x.(int64); ok && i >= f.Begin && i <= f.End {
				found, vals = true, append(vals, i)
			}
		}
	}
	for x := range indexedElements(f.Collection, v) {
		add(x)
	}
	if !found {
		return vals, false
	}
	if len(vals) == 0 {
		return append(vals, 0), true
	}
	slices.Sort(vals)
	return slices.Compact(vals), true
}

// indexedElements yields what an index of collection type coll reads of a
// value: the value itself (IndexDefault), a list's elements, a map's keys
// or values; nested lists and maps are elements, never descended into
// (sindex.c sbin_from_cdt_bin). It is the one walk of index, query and
// statistics code over a bin's indexed values.
func indexedElements(coll driver.IndexCollection, v any) iter.Seq[any] {
	return func(yield func(any) bool) {
		switch coll {
		case driver.IndexDefault:
			yield(v)
		case driver.IndexList:
			switch l := v.(type) {
			case []any:
				for _, x := range l {
					if !yield(x) {
						return
					}
				}
			case msgpack.OrderedList:
				for _, x := range l {
					if !yield(x) {
						return
					}
				}
			}
		case driver.IndexMapKeys, driver.IndexMapValues:
			keys := coll == driver.IndexMapKeys
			switch m := v.(type) {
			case map[any]any:
				for k, x := range m {
					if !keys {
						k = x
					}
					if !yield(k) {
						return
					}
				}
			case msgpack.OrderedMap:
				for _, p := range m.Pairs {
					e := p.Value
					if keys {
						e = p.Key
					}
					if !yield(e) {
						return
					}
				}
			}
		}
	}
}
