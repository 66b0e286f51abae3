package aero

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/mapper"
)

// IndexType is the type of values a secondary index holds.
type IndexType = driver.IndexType

// Index types.
const (
	// NumericIndex indexes integer bins (Equal and Range filters).
	NumericIndex = driver.IndexNumeric
	// StringIndex indexes string bins (Equal filters).
	StringIndex = driver.IndexString
	// BlobIndex indexes blob bins (Equal filters with a []byte).
	BlobIndex = driver.IndexBlob
)

// IndexCollection is what of a bin an index holds: the bin's value, or
// the elements of a list, the keys or the values of a map (sindex-create's
// indextype).
type IndexCollection = driver.IndexCollection

// What an index holds.
const (
	// OnValue indexes the bin's value (the default).
	OnValue = driver.IndexDefault
	// OnListElements indexes the elements of a list bin.
	OnListElements = driver.IndexList
	// OnMapKeys indexes the keys of a map bin.
	OnMapKeys = driver.IndexMapKeys
	// OnMapValues indexes the values of a map bin.
	OnMapValues = driver.IndexMapValues
)

// Index describes a secondary index. Namespace empty means the Session's.
type Index struct {
	Namespace string
	Set       string
	Name      string
	// Bin is the indexed bin; empty for an expression index.
	Bin string
	// Exp, when set (Bin empty), makes an expression index (server 8.1):
	// it holds, per record, the value of Exp, which must return Type (a
	// list or a map for a collection index); a record for which Exp fails
	// or yields another type is not in the index. Query it with a Filter's
	// OnExpression or OnIndex.
	Exp *exp.Expr
	// Type is the type of the values indexed: the bin's, or its elements'
	// (keys', values') for a collection index.
	Type IndexType
	// Collection is what of the bin the index holds; OnValue (the zero
	// value) for the bin's value. Query a collection index with Contains or
	// ContainsRange.
	Collection IndexCollection
}

// CreateIndex creates a secondary index and returns once it is ready. An
// index with the same name, or on the same bin and type, is ErrIndexExists.
func (s *Session) CreateIndex(ctx context.Context, idx Index) error {
	if idx.Namespace == "" {
		idx.Namespace = s.ns
	}
	return s.admin(ctx, CmdCreateIndex, idx.Namespace, idx.Set, func(ctx context.Context) error {
		di := &driver.Index{Namespace: idx.Namespace, Set: idx.Set, Name: idx.Name, Bin: idx.Bin, Type: idx.Type, Collection: idx.Collection}
		if idx.Exp != nil {
			di.Exp = idx.Exp
		}
		return s.conn.CreateIndex(ctx, di)
	})
}

// DropIndex removes the index named idx.Name in idx.Namespace (empty: the
// Session's) and returns once it is gone; the other fields are not used. A
// missing index is ErrIndexNotFound.
func (s *Session) DropIndex(ctx context.Context, idx Index) error {
	if idx.Namespace == "" {
		idx.Namespace = s.ns
	}
	if idx.Name == "" {
		return invalidArgument(CmdDropIndex, idx.Namespace, idx.Set, errors.New("index name is empty"))
	}
	return s.admin(ctx, CmdDropIndex, idx.Namespace, "", func(ctx context.Context) error {
		return s.conn.DropIndex(ctx, idx.Namespace, idx.Name)
	})
}

// Truncate removes every record of set: those last updated before the call
// started, or before the time WithLastUpdateBefore gives. An empty set is
// ErrInvalidArgument: truncating a whole namespace is TruncateNamespace.
func (s *Session) Truncate(ctx context.Context, set string, opts ...TruncateOption) error {
	if set == "" {
		return invalidArgument(CmdTruncate, s.ns, set, errors.New("set name is empty (use TruncateNamespace to truncate a whole namespace)"))
	}
	return s.truncate(ctx, set, opts)
}

// TruncateNamespace removes every record of every set of the Session's
// namespace (or of the one WithNamespace gives), as Truncate does.
func (s *Session) TruncateNamespace(ctx context.Context, opts ...TruncateOption) error {
	return s.truncate(ctx, "", opts)
}

func (s *Session) truncate(ctx context.Context, set string, opts []TruncateOption) error {
	o := truncateOptions{ns: s.ns}
	for _, fn := range opts {
		if fn != nil {
			fn.applyTruncate(&o)
		}
	}
	return s.admin(ctx, CmdTruncate, o.ns, set, func(ctx context.Context) error {
		return s.conn.Truncate(ctx, o.ns, set, o.before)
	})
}

// admin runs one index or truncate command under the hooks.
func (s *Session) admin(ctx context.Context, op Command, ns, set string, do func(context.Context) error) error {
	c := cmd{s: s, info: s.opInfo(op, "", ns, set, 0)}
	_, err := exec(ctx, s, &c, func(ctx context.Context, _ cmd) (struct{}, error) { return struct{}{}, do(ctx) })
	return err
}

// Indexes returns the secondary indexes that T's tags declare (the index
// option, `aero:"age,index"`) on the repository's set, in field order:
// NUMERIC for integer and time fields, STRING for string fields; on a slice
// or array field a LIST index of its elements (`aero:"tags,index"`), on a
// map field a MAPKEYS or MAPVALUES index (`aero:"attrs,index=keys"`,
// `aero:"attrs,index=values"`), of the type of the elements, keys or
// values. Each is named after the set, the bin, the collection type and
// the type ("users_age_num", "users_tags_list_str"), so that a field whose
// type changes gets an index of its own.
func (r *Repo[T, K]) Indexes() []Index {
	fields := r.plan.Indexes()
	out := make([]Index, len(fields))
	for i, f := range fields {
		out[i] = Index{Namespace: r.ns, Set: r.set, Bin: f.Bin, Type: indexTypeOf(f.Index), Collection: collectionOf(f.IndexOn)}
		out[i].Name = indexName(r.set, f.Bin, out[i].Collection, out[i].Type)
	}
	return out
}

func collectionOf(on mapper.IndexOn) IndexCollection {
	switch on {
	case mapper.IndexListElems:
		return OnListElements
	case mapper.IndexMapKeys:
		return OnMapKeys
	case mapper.IndexMapValues:
		return OnMapValues
	}
	return OnValue
}

// EnsureIndexes creates the indexes of Indexes that do not exist yet, and
// returns once each is ready. It is idempotent on every backend and server
// version: an index that already exists, with this name or on the same bin
// and type, is not an error (servers before 8.1 answer a repeated create
// with FAIL:200, ErrIndexExists; 8.1 answers OK). The first other failure
// is returned, naming the index; the indexes before it are created.
func (r *Repo[T, K]) EnsureIndexes(ctx context.Context) error {
	for _, idx := range r.Indexes() {
		if err := r.s.CreateIndex(ctx, idx); err != nil && !errors.Is(err, ErrIndexExists) {
			var e *Error
			if errors.As(err, &e) {
				e.Err = fmt.Errorf("index %q on bin %q (%s %s): %w", idx.Name, idx.Bin, idx.Collection, idx.Type, e.Err)
			}
			return err
		}
	}
	return nil
}

func indexTypeOf(k mapper.IndexKind) IndexType {
	switch k {
	case mapper.StringIndex:
		return StringIndex
	case mapper.GeoIndex:
		return Geo2DSphereIndex
	}
	return NumericIndex
}

// indexName names the index of a tag: set_bin[_collection]_type, within
// the server's limit of 63 bytes (sindex_manager.h INAME_MAX_SZ 64 with its
// NUL); a longer set name is cut and a checksum of it keeps names apart.
func indexName(set, bin string, c IndexCollection, t IndexType) string {
	const maxIndexName = 63
	suffix := "_num"
	switch t {
	case StringIndex:
		suffix = "_str"
	case Geo2DSphereIndex:
		suffix = "_geo"
	}
	switch c {
	case OnListElements:
		suffix = "_list" + suffix
	case OnMapKeys:
		suffix = "_mapkeys" + suffix
	case OnMapValues:
		suffix = "_mapvalues" + suffix
	}
	name := set + "_" + bin + suffix
	if len(name) <= maxIndexName {
		return name
	}
	sum := fmt.Sprintf("_%08x", crc32.ChecksumIEEE([]byte(set)))
	keep := maxIndexName - len(sum) - 1 - len(bin) - len(suffix)
	return set[:keep] + sum + "_" + bin + suffix
}
