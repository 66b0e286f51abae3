package engine

import (
	"bytes"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// Context indexes (server 8.1): an index whose definition has a CDT
// context holds, for each record whose bin is a list or map, what its
// collection type says of the element the context designates
// (sindex/sindex.c sbin_from_bin: as_bin_cdt_get_by_context, base/cdt.c
// bin_cdt_get_by_context_vec, which digs without creating anything; a
// record where the dig fails is not indexed).

// normalizeCtx checks a context path as sindex-create and a query's
// INDEX_CONTEXT field are checked (base/cdt.c cdt_context_read_check_peek:
// an even, non-zero number of elements, each type a read type, each value
// well-formed msgpack) and returns it with canonical values. An invalid
// one is ParameterError ("'context' invalid cdt context", as
// sindex_manager.c answers).
func normalizeCtx(ctx []driver.CDTContext) ([]driver.CDTContext, error) {
	if len(ctx) == 0 {
		return nil, nil
	}
	out := make([]driver.CDTContext, len(ctx))
	for i, c := range ctx {
		if !ctxTypeIsRead(c.Type) {
			return nil, driver.Errorf(driver.ParameterError, "'context' invalid cdt context: step %d type %#x is not a read context type", i, c.Type)
		}
		v, err := driver.Normalize(c.Value)
		if err != nil {
			return nil, driver.Errorf(driver.ParameterError, "'context' invalid cdt context: step %d: %v", i, err)
		}
		out[i] = driver.CDTContext{Type: c.Type, Value: v}
	}
	return out, nil
}

// ctxTypeIsRead is base/cdt.c cdt_context_type_is_read: no create flags,
// a base type of index, rank, key or value, and not a list key.
func ctxTypeIsRead(t int) bool {
	return t >= 0 && t <= 0x23 && t&0x0f <= 3 && t != 0x12
}

// packCtx is the context's wire form, the bytes the server compares to
// identify an index (sindex_manager.c as_si_by_defn: compare_buf on
// ctx_buf).
func packCtx(ctx []driver.CDTContext) []byte {
	if len(ctx) == 0 {
		return nil
	}
	b := msgpack.AppendArrayHeader(nil, 2*len(ctx))
	for _, c := range ctx {
		b = msgpack.AppendInt(b, int64(c.Type))
		var err error
		if b, err = msgpack.Append(b, c.Value); err != nil {
			// normalizeCtx admitted the value: it packs.
			return nil
		}
	}
	return b
}

// NormalizeIndexCtx checks and normalizes an index's or a filter's context
// as CreateIndex and a query do (a wire server checks sindex-create's
// context before it looks at the existing indexes, as sindex_manager.c
// does).
func NormalizeIndexCtx(ctx []driver.CDTContext) ([]driver.CDTContext, error) {
	return normalizeCtx(ctx)
}

// sameCtx reports whether two context paths have the same wire form.
func sameCtx(a, b []driver.CDTContext) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == 0 && len(b) == 0
	}
	return bytes.Equal(packCtx(a), packCtx(b))
}

// digContext returns the element of v the context designates, and whether
// there is one (base/cdt.c cdt_context_dig with no create: a step on the
// wrong container type, an index or rank out of range, a missing key or
// value, or a non-integer index or rank finds nothing).
func digContext(v any, ctx []driver.CDTContext) (any, bool) {
	for _, step := range ctx {
		pos := -1
		switch x := v.(type) {
		case []any, msgpack.OrderedList:
			if step.Type&ctxMap != 0 {
				return nil, false
			}
			l := asList(x)
			switch step.Type & ctxBaseMask {
			case ctxIndex, ctxRank:
				i, ok := step.Value.(int64)
				if !ok {
					return nil, false
				}
				at, _, ok := indexRange(i, 1, len(l.items), false)
				if !ok {
					return nil, false
				}
				pos = at
				if step.Type&ctxBaseMask == ctxRank {
					pos = rankOrder(l.items, l.ordered)[at]
				}
			case ctxValue:
				for i, e := range l.items {
					if msgpack.Compare(e, step.Value) == 0 {
						pos = i
						break
					}
				}
			}
			if pos < 0 {
				return nil, false
			}
			v = l.items[pos]
		case map[any]any, msgpack.OrderedMap:
			if step.Type&ctxList != 0 {
				return nil, false
			}
			m := asMap(x)
			switch step.Type & ctxBaseMask {
			case ctxIndex, ctxRank:
				i, ok := step.Value.(int64)
				if !ok {
					return nil, false
				}
				at, _, ok := indexRange(i, 1, len(m.pairs), false)
				if !ok {
					return nil, false
				}
				pos = at
				if step.Type&ctxBaseMask == ctxRank {
					pos = m.rankOrder()[at]
				}
			case ctxKey:
				at, found := m.find(step.Value)
				if !found {
					return nil, false
				}
				pos = at
			case ctxValue:
				// map_subcontext_by_value: the first match as stored.
				for _, i := range m.storedOrder() {
					if msgpack.Compare(m.pairs[i].Value, step.Value) == 0 {
						pos = i
						break
					}
				}
			}
			if pos < 0 {
				return nil, false
			}
			v = m.pairs[pos].Value
		default:
			return nil, false
		}
	}
	return v, true
}
