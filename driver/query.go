package driver

import (
	"context"
	"fmt"
)

// IndexType is the type of the values a secondary index holds.
type IndexType uint8

const (
	// IndexNumeric indexes integer bins.
	IndexNumeric IndexType = iota + 1
	// IndexString indexes string bins.
	IndexString
	// IndexBlob indexes blob (bytes) bins: equality filters (server 7.0
	// and later).
	IndexBlob
	// IndexGeo2DSphere indexes GeoJSON bins: geo filters (a Filter whose
	// Equal is a GeoJSON value).
	IndexGeo2DSphere
)

// String returns the type as the server's info protocol spells it.
func (t IndexType) String() string {
	switch t {
	case IndexNumeric:
		return "NUMERIC"
	case IndexString:
		return "STRING"
	case IndexBlob:
		return "BLOB"
	case IndexGeo2DSphere:
		return "GEO2DSPHERE"
	}
	return fmt.Sprintf("IndexType(%d)", uint8(t))
}

// IndexCollection says what of a bin a secondary index holds: the bin's
// value itself, or the elements of a list bin, the keys or the values of a
// map bin (the server's index types, sindex/sindex.c as_sindex_type_names).
type IndexCollection uint8

const (
	// IndexDefault indexes the bin's value (an integer or string bin).
	IndexDefault IndexCollection = iota
	// IndexList indexes the elements of a list bin.
	IndexList
	// IndexMapKeys indexes the keys of a map bin.
	IndexMapKeys
	// IndexMapValues indexes the values of a map bin.
	IndexMapValues
)

// String returns the collection type as the server's info protocol spells
// it (sindex-create indextype=, sindex-list).
func (c IndexCollection) String() string {
	switch c {
	case IndexDefault:
		return "DEFAULT"
	case IndexList:
		return "LIST"
	case IndexMapKeys:
		return "MAPKEYS"
	case IndexMapValues:
		return "MAPVALUES"
	}
	return fmt.Sprintf("IndexCollection(%d)", uint8(c))
}

// Valid reports whether c is one of the known collection types.
func (c IndexCollection) Valid() bool { return c <= IndexMapValues }

// Index describes a secondary index on one bin of a set, or on the value
// of an expression (server 8.1 and later).
type Index struct {
	Namespace string
	Set       string // empty: records of every set
	Name      string
	// Bin is the indexed bin; empty for an expression index.
	Bin string
	// Exp, when not nil, makes an expression index (Bin empty): it holds,
	// for each record, the value of Exp, which must return Type (a list or
	// a map for a Collection other than IndexDefault). A record for which
	// Exp fails or yields another type is not indexed (server
	// sindex/sindex.c as_sindex_put_rd).
	Exp  Expression
	Type IndexType
	// Collection is what of the bin the index holds: its value (the
	// default), or the elements of a list, the keys or the values of a
	// map, of Type (the element's type; elements of other types are not
	// indexed).
	Collection IndexCollection
	// Ctx, when not empty, makes a context index (server 8.1): it holds,
	// for each record whose Bin is a list or map, what Collection says of
	// the element Ctx designates in it (sindex/sindex.c sbin_from_bin,
	// base/cdt.c as_bin_cdt_get_by_context); a record without that
	// element is not indexed. Ctx and Exp are exclusive, and the steps are
	// read steps (no create flags). A query uses the index when its
	// filter has an equal Ctx.
	Ctx []CDTContext
}

// CDTContext is one step of the path from a bin's list or map to a nested
// element: Type is the context type (server proto.h AS_CDT_CTX_*: 0x10 list
// index, 0x11 list rank, 0x13 list value, 0x20 map index, 0x21 map rank,
// 0x22 map key, 0x23 map value) and Value the index or rank (int64), key
// or value. It has the fields of package cdt's Context, which converts to
// it (driver.CDTContext(c)).
type CDTContext struct {
	Type  int
	Value any
}

// String renders the step as the server's sindex-list does (base/cdt.c
// cdt_msgpack_ctx_to_dynbuf), e.g. list_rank(-1).
func (c CDTContext) String() string {
	kind := ""
	switch {
	case c.Type&0x10 != 0:
		kind = "list_"
	case c.Type&0x20 != 0:
		kind = "map_"
	}
	names := [...]string{"index", "rank", "key", "value"}
	name := fmt.Sprintf("ctx%#x", c.Type)
	if b := c.Type & 0x0f; b < len(names) {
		name = names[b]
	}
	return kind + name + "(" + ctxDisplay(c.Value) + ")"
}

// ctxDisplay renders a context value as the server's msgpack_display does
// (cf/src/msgpack_in.c): integers, booleans and nil as themselves, a
// string, list, map or blob by its size.
func ctxDisplay(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case bool, int, int8, int16, int32, int64, uint8, uint16, uint32, uint, uint64:
		return fmt.Sprint(x)
	case float32, float64:
		return fmt.Sprintf("%f", x)
	case string:
		return fmt.Sprintf("<string#%d>", len(x))
	case []byte:
		return fmt.Sprintf("<blob#%d>", len(x))
	case []any:
		return fmt.Sprintf("<list#%d>", len(x))
	case map[any]any:
		return fmt.Sprintf("<map#%d>", len(x))
	}
	return fmt.Sprintf("%v", v)
}

// CtxString renders a context path as the server's sindex-list does, e.g.
// [map_key(<string#1>), list_rank(-1)].
func CtxString(ctx []CDTContext) string {
	s := "["
	for i, c := range ctx {
		if i > 0 {
			s += ", "
		}
		s += c.String()
	}
	return s + "]"
}

// Filter selects records by one indexed bin: equality on a string, integer
// or blob bin, or an inclusive range on an integer bin. With a Collection other
// than IndexDefault it is a "contains" filter: it uses an index of that
// collection type and selects the records whose list element, map key or
// map value (any of them) satisfies it.
//
// A filter names its index by exactly one of Bin (with the filter's type
// and Collection), IndexName, or Exp (an expression index whose expression
// has the same wire form), as the server's query does (query/query.c
// find_sindex: by name, else as_sindex_lookup_by_defn).
type Filter struct {
	Bin string
	// IndexName names the index to use (any index, including an expression
	// index); its collection type is the index's.
	IndexName string
	// Exp addresses the expression index built on an equal expression.
	Exp Expression
	// Ctx addresses, with Bin, the context index built on an equal
	// context (query/query.c get_index_context_field: not with IndexName
	// or Exp).
	Ctx []CDTContext
	// Collection names the collection index the filter uses; IndexDefault
	// for a filter on the bin's value.
	Collection IndexCollection
	// Equal holds the value to match (int64, string or []byte) for an
	// equality filter, or the GeoJSON region or point of a geo filter; nil
	// for a range.
	Equal any
	// Begin and End bound a range filter, both inclusive.
	Begin, End int64
}

// IndexType returns the index type the filter needs.
func (f *Filter) IndexType() IndexType {
	switch f.Equal.(type) {
	case string:
		return IndexString
	case []byte:
		return IndexBlob
	case GeoJSON:
		return IndexGeo2DSphere
	}
	return IndexNumeric
}

// PartitionStatus is the progress of a scan or query through one partition.
type PartitionStatus struct {
	ID int
	// Done is set once every record of the partition has been returned.
	Done bool
	// Digest is the digest of the last record returned from the partition,
	// valid when HasDigest is set; a resumed scan or query starts after it.
	// Within a partition records come in ascending digest order; those of
	// an integer-index query by ascending index value, then digest (the
	// server's index order).
	Digest    Digest
	HasDigest bool
	// BVal is the indexed value of the last record a secondary-index query
	// returned from the partition: a server resumes a query after the pair
	// (BVal, Digest) (client partition_status.go). Scans leave it 0.
	BVal int64
}

// QueryRequest describes a scan (Filter nil) or a secondary-index query.
type QueryRequest struct {
	Namespace string
	Set       string
	// Bins names the bins to return; nil returns every bin.
	Bins []string
	// Filter is the index filter of a query; nil for a scan.
	Filter *Filter
	// Partitions is the state to start from: which partitions to cover and
	// where each stands. Nil covers all Partitions from the start.
	Partitions []PartitionStatus
	// MaxRecords caps the records returned (approximately, for a cluster:
	// the server divides it among nodes); 0 means no cap. Partitions not
	// finished when the cap is reached are reported not Done by
	// Rows.Partitions, with the digest of their last record.
	MaxRecords int64
	// FilterExp filters the records of the scan or query: records it does
	// not match are skipped (not reported).
	FilterExp Expression
}

// AllPartitions returns the starting state of a scan of every partition.
func AllPartitions() []PartitionStatus {
	ps := make([]PartitionStatus, Partitions)
	for i := range ps {
		ps[i].ID = i
	}
	return ps
}

// Rows streams the records of a scan or query. It is used by one goroutine.
type Rows interface {
	// Next returns the next record; (nil, nil) after the last one. It stops
	// with the context's error when ctx is done.
	Next(ctx context.Context) (*Record, error)
	// Partitions returns the state of every partition of the request after
	// the records returned so far: call it after Next has returned (nil,
	// nil) to get the cursor of the next page.
	Partitions() []PartitionStatus
	// Close stops the stream and releases its resources; it is safe to call
	// more than once and before the end.
	Close() error
}
