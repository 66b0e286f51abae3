package engine

import (
	"slices"
	"strings"

	"github.com/aerokit/aero/driver"
)

// Secondary indexes are definitions only: a query filters the records of
// each partition it visits against the index's bin (O(records of the
// partition) per partition, O(records of the namespace) for a whole query),
// rather than keeping value -> digest maps up to date on every write. The
// results are those an index would give, since a record whose bin has
// another type is neither indexed nor matched.

// CreateIndex defines a secondary index. The server answers INDEX_FOUND for
// an index of the same name, or on the same namespace, set, bin and type
// (sindex create in sindex/secondary_index.c); a name longer than
// driver.MaxIndexNameLen is ParameterError.
func (e *Engine) CreateIndex(idx *driver.Index) error {
	if idx == nil {
		return driver.NewError(driver.ParameterError, "index is nil")
	}
	if _, err := e.namespace(idx.Namespace); err != nil {
		return err
	}
	switch {
	case idx.Name == "":
		return driver.NewError(driver.ParameterError, "index name is empty")
	case len(idx.Name) > driver.MaxIndexNameLen:
		// thr_info.c as_info_required_param_is_ok: "'indexname' value too long".
		return driver.Errorf(driver.ParameterError, "index name %q is %d bytes, longer than %d", idx.Name, len(idx.Name), driver.MaxIndexNameLen)
	case strings.ContainsAny(idx.Name, ":;"):
		// The info protocol that carries index commands uses these as
		// separators.
		return driver.Errorf(driver.ParameterError, "index name %q contains ':' or ';'", idx.Name)
	case idx.Exp == nil && (idx.Bin == "" || len(idx.Bin) > driver.MaxBinNameLen):
		return driver.Errorf(driver.ParameterError, "index %q: bin name %q must be 1 to %d bytes", idx.Name, idx.Bin, driver.MaxBinNameLen)
	case idx.Type != driver.IndexNumeric && idx.Type != driver.IndexString && idx.Type != driver.IndexBlob && idx.Type != driver.IndexGeo2DSphere:
		return driver.Errorf(driver.ParameterError, "index %q: unsupported index type %s", idx.Name, idx.Type)
	case !idx.Collection.Valid():
		// sindex_manager.c as_sindex_manager_sindex_create: "bad
		// 'indextype'" (as_sindex_itype_from_string answers
		// AS_SINDEX_N_ITYPES).
		return driver.Errorf(driver.ParameterError, "index %q: unsupported collection type %s", idx.Name, idx.Collection)
	}
	if idx.Exp != nil {
		if len(idx.Ctx) > 0 {
			// sindex_manager.c as_sindex_manager_sindex_create.
			return driver.Errorf(driver.ParameterError, "index %q: both 'context' and 'exp' are specified", idx.Name)
		}
		if _, err := checkIndexExp(idx); err != nil {
			return err
		}
	}
	ctx, err := normalizeCtx(idx.Ctx)
	if err != nil {
		return err
	}
	if err := checkSetName(idx.Set); err != nil {
		return err
	}
	def := *idx
	def.Ctx = ctx
	if err := e.defineIndex(&def); err != nil {
		return err
	}
	// The build runs with the index defined and the index lock released:
	// a write takes its partition's lock and then the index lock, so the
	// build must not hold the index lock while it takes partition locks.
	e.markIndexed(&def)
	e.card.built(e, &def)
	return nil
}

// defineIndex adds def to its namespace's index definitions, or answers
// INDEX_FOUND when its name or its definition is taken.
func (e *Engine) defineIndex(def *driver.Index) error {
	e.imu.Lock()
	defer e.imu.Unlock()
	m := e.indexes[def.Namespace]
	if _, dup := m[def.Name]; dup {
		return driver.Errorf(driver.IndexFound, "index %q already exists in namespace %q", def.Name, def.Namespace)
	}
	for _, o := range m {
		// The definition (the SMD key of sindex_manager.c smd_key_from:
		// set, bin or expression, context, index type and key type)
		// identifies an index.
		if SameIndexDefinition(&o.Index, def) {
			return driver.Errorf(driver.IndexFound, "index %q already covers %s.%s bin %q (%s %s)", o.Name, def.Namespace, def.Set, def.Bin, def.Collection, def.Type)
		}
	}
	read, err := newIndexReader(def)
	if err != nil {
		return err
	}
	m[def.Name] = indexEntry{Index: *def, read: read}
	return nil
}

// indexEntry is a defined index and its reader.
type indexEntry struct {
	driver.Index
	read indexReader
}

// DropIndex removes the named index of namespace ns. A missing index is
// IndexNotFound.
func (e *Engine) DropIndex(ns, name string) error {
	if _, err := e.namespace(ns); err != nil {
		return err
	}
	e.imu.Lock()
	defer e.imu.Unlock()
	m := e.indexes[ns]
	if _, ok := m[name]; !ok {
		return driver.Errorf(driver.IndexNotFound, "index %q not found in namespace %q", name, ns)
	}
	delete(m, name)
	return nil
}

// Indexes returns the index definitions of namespace ns, sorted by name.
func (e *Engine) Indexes(ns string) []driver.Index {
	e.imu.RLock()
	defer e.imu.RUnlock()
	out := make([]driver.Index, 0, len(e.indexes[ns]))
	for _, idx := range e.indexes[ns] {
		out = append(out, idx.Index)
	}
	slices.SortFunc(out, func(a, b driver.Index) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// findIndex returns the index a query uses. A filter naming an index gets
// that index, whatever its set (query.c find_sindex:
// as_sindex_lookup_by_iname). Otherwise it is the index on the filter's
// bin or expression (compared by wire form), key type and collection type
// (the query's INDEX_TYPE field, query.c get_index_type_field), as the server's
// as_sindex_lookup_by_defn (sindex/sindex.c) chooses it: an index on that
// very set, else, for a query that names a set, an index without a set
// (which covers the records of every set). A query without a set uses only
// an index without a set. The context is part of the definition: a filter
// finds a context index only with an equal context (as_si_by_defn
// compares ctx_buf).
func (e *Engine) findIndex(ns, set string, f *driver.Filter) (driver.Index, bool) {
	e.imu.RLock()
	defer e.imu.RUnlock()
	if f.IndexName != "" {
		idx, ok := e.indexes[ns][f.IndexName]
		return idx.Index, ok
	}
	t := f.IndexType()
	var setless *driver.Index
	for _, idx := range e.indexes[ns] {
		if idx.Bin != f.Bin || !sameExp(idx.Exp, f.Exp) || !sameCtx(idx.Ctx, f.Ctx) || idx.Type != t || idx.Collection != f.Collection {
			continue
		}
		if idx.Set == set {
			return idx.Index, true
		}
		if idx.Set == "" {
			c := idx.Index
			setless = &c
		}
	}
	if setless != nil {
		return *setless, true
	}
	return driver.Index{}, false
}

// sameDefinition reports whether two indexes have the same definition
// (sindex_manager.c smd_key_from and as_si_by_defn): set, bin or
// expression, context, key type and collection type.
func SameIndexDefinition(a, b *driver.Index) bool {
	return a.Set == b.Set && a.Bin == b.Bin && sameExp(a.Exp, b.Exp) && sameCtx(a.Ctx, b.Ctx) &&
		a.Type == b.Type && a.Collection == b.Collection
}
