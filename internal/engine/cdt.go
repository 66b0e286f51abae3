package engine

import (
	"fmt"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
	"github.com/aerokit/aero/internal/opspec"
)

// List and map (CDT) operations, after the server's as/src/base/cdt.c
// (op table, parameters, contexts, result types), particle_list.c and
// particle_map.c. Values are never changed in place: an operation builds
// new containers along the context path and the bin gets the new root.

// cdtCall is one list or map operation being applied.
type cdtCall struct {
	key    *driver.Key
	op     cdt.Op
	spec   opspec.CDT
	modify bool
	nargs  int // len(op.Args)
	// creating is set once a context step has created its element: the
	// server then creates every deeper step too, with or without its
	// create flag (cdt.c cdt_context_dig: create_triggered, and
	// cdt_context_count_create_sz for the remaining steps).
	creating bool
}

// Context create flags and masks (server proto.h AS_CDT_CTX_*).
const (
	ctxBaseMask    = 0x0f
	ctxList        = 0x10
	ctxMap         = 0x20
	ctxTypeMask    = 0x3f
	ctxCreateMask  = 0x1c0
	ctxPersistIdx  = 0x100
	ctxIndex       = 0
	ctxRank        = 1
	ctxKey         = 2
	ctxValue       = 3
	ctxCreateUnbnd = 0x80
	ctxCreateOrd   = 0xc0
)

func (c *cdtCall) fail(code driver.ResultCode, format string, args ...any) error {
	return driver.Errorf(code, "key %s: bin %q: %s: %s", c.key, c.op.Bin, c.op.Code, fmt.Sprintf(format, args...))
}

// cdtOp extracts the cdt.Op of a driver operation.
func cdtOp(key *driver.Key, dop *driver.Operation) (cdt.Op, error) {
	switch v := dop.Value.(type) {
	case cdt.Op:
		return v, nil
	case *cdt.Op:
		if v != nil {
			return *v, nil
		}
	}
	return cdt.Op{}, driver.Errorf(driver.ParameterError, "key %s: bin %q: %s operation holds a %T, want a cdt.Op", key, dop.Bin, dop.Type, dop.Value)
}

// newCDTCall checks an operation's header as the server does before it
// looks at the bin (cdt.c cdt_process_state_init_from_vec, the op table
// and cdt_context_dig): an unknown code, a modify code sent as a read (or
// the reverse) or a context value of the wrong kind is PARAMETER_ERROR.
// The arguments are checked later, by checkParams.
func newCDTCall(c *cdtCall, key *driver.Key, dop *driver.Operation) error {
	op, err := cdtOp(key, dop)
	if err != nil {
		return err
	}
	*c = cdtCall{key: key, op: op, modify: dop.Type == driver.OpCDTModify}
	if op.Err() != nil {
		return driver.Errorf(driver.ParameterError, "key %s: %v", key, op.Err())
	}
	if op.Bin != dop.Bin {
		return driver.Errorf(driver.ParameterError, "key %s: operation on bin %q sent for bin %q", key, op.Bin, dop.Bin)
	}
	spec, ok := opspec.CDTOf(int(op.Code))
	if !ok {
		return c.fail(driver.ParameterError, "unknown operation code %d", int(op.Code))
	}
	c.spec = spec
	if spec.Modify != c.modify {
		// particle_list.c cdt_process_state_packed_list_read_optype and
		// the modify dispatch: an op of the other kind is AS_ERR_PARAMETER.
		return c.fail(driver.ParameterError, "a %s operation sent as %s", map[bool]string{true: "modify", false: "read"}[spec.Modify], dop.Type)
	}
	for i, s := range op.Ctx {
		if _, ok := s.Value.(int64); !ok && s.Type&ctxBaseMask != ctxKey && s.Type&ctxBaseMask != ctxValue {
			return c.fail(driver.ParameterError, "context %d value is a %T, want an integer", i, s.Value)
		}
	}
	return nil
}

// checkParams checks the operation's arguments against the op table as
// the server reads them (cdt.c cdt_process_state_get_params): a wrong
// argument count or an argument of the wrong kind is PARAMETER_ERROR. The
// server reads them only once it knows the operation does something:
// particle_list.c and particle_map.c
// cdt_process_state_packed_*_modify_optype check the bin's type first and
// return a removal on a missing bin (or a just-created context element)
// as a no-op before CDT_OP_TABLE_GET_PARAMS, and rw_utils.c
// process_bin_read_op never parses a read of a missing bin; applyList and
// applyMap call it in that order.
func (c *cdtCall) checkParams() error {
	args := c.op.Args
	required := len(c.spec.Params) - c.spec.Optional
	if len(args) < required || len(args) > len(c.spec.Params) {
		return c.fail(driver.ParameterError, "%d arguments, want %d to %d", len(args), required, len(c.spec.Params))
	}
	c.nargs = len(args)
	for i, a := range args {
		switch c.spec.Params[i] {
		case opspec.CDTStorage:
			if hasNonStorage(a) {
				return c.fail(driver.ParameterError, "argument %d holds infinity or wildcard, which cannot be stored", i+1)
			}
		case opspec.CDTFlags, opspec.CDTCount, opspec.CDTIndex:
			if _, ok := a.(int64); !ok {
				return c.fail(driver.ParameterError, "argument %d is a %T, want an integer", i+1, a)
			}
		}
	}
	return nil
}

// persistIndex is AS_PACKED_PERSIST_INDEX, the flag asking the server to
// keep a list's or map's offset (and value order) index inside the stored
// top-level particle. It is a storage optimisation only: the server strips
// it, and the index, from every value it sends (cdt.c
// cdt_strip_indexes_from_particle), ignores it below the top level
// (cdt_context_use_static_*_if_notinuse, map_set_flags, list_set_flags)
// and answers the same with or without it, so the engine accepts it and
// keeps nothing for it.
const persistIndex = 0x10

// orderFlags reads set-type flags as the server does (cdt.c
// cdt_check_flags on the flags cast to a byte): only the type's order
// bits (valid) and persistIndex are allowed; ok is false otherwise. The
// flags returned are the order bits.
func orderFlags(f int64, valid uint8) (uint8, bool) {
	b := uint8(f)
	if b&^(valid|persistIndex) != 0 {
		return 0, false
	}
	return b & valid, true
}

// createFlags is the order a list or map created by a write gets from the
// op's flags (particle_list.c cdt_context_use_static_list_if_notinuse,
// particle_map.c cdt_context_use_static_map_if_notinuse): flags that
// cdt_check_flags refuses create an unordered one.
func createFlags(f int64, valid uint8) uint8 {
	flags, _ := orderFlags(f, valid)
	return flags
}

func hasNonStorage(v any) bool {
	switch x := v.(type) {
	case msgpack.Inf, msgpack.Wildcard:
		return true
	case []any:
		for _, e := range x {
			if hasNonStorage(e) {
				return true
			}
		}
	case map[any]any:
		for _, e := range x {
			if hasNonStorage(e) {
				return true
			}
		}
	}
	return false
}

// arg returns argument i, nil when it was not sent.
func (c *cdtCall) arg(i int) any {
	if i >= c.nargs {
		return nil
	}
	return c.op.Args[i]
}

// intArg returns integer argument i, or def when it was not sent.
func (c *cdtCall) intArg(i int, def int64) int64 {
	if i >= c.nargs {
		return def
	}
	return c.op.Args[i].(int64)
}

// countArg returns count argument i as the server reads it (an unsigned
// integer; absent: every element).
func (c *cdtCall) countArg(i int) uint64 {
	if i >= c.nargs {
		return uint64(1<<32 - 1) // UINT32_MAX, the server's default
	}
	return uint64(c.op.Args[i].(int64))
}

// applyCDT runs a list or map operation on the record's working bins and
// adds its result to res (cdt.c as_bin_cdt_modify_tr, as_bin_cdt_read_tr).
// On error bins are unchanged.
func applyCDT(key *driver.Key, bins driver.Bins, dop *driver.Operation, res *results) error {
	cur, exists := bins[dop.Bin]
	if !exists && dop.Type == driver.OpCDTRead {
		// rw_utils.c process_bin_read_op: a read of a missing bin returns
		// nothing, and its operation is not even parsed.
		return nil
	}
	var c cdtCall
	if err := newCDTCall(&c, key, dop); err != nil {
		return err
	}
	nv, changed, out, err := c.descend(cur, exists, 0)
	if err != nil {
		return err
	}
	if changed {
		bins[c.op.Bin] = nv
	}
	switch {
	case out.has:
		res.add(c.op.Bin, driver.Clone(out.v))
	case res.writing && dop.Type == driver.OpCDTRead:
		// write.c write_master_bin_ops: in a write, a CDT read of a live
		// bin answers an empty result as a bin without a value.
		res.add(c.op.Bin, nil)
	}
	return nil
}

// result is an operation's result: has is false when the server sends no
// value for it.
type result struct {
	v   any
	has bool
}

// descend follows the context from level depth (cdt.c cdt_context_dig) and
// applies the operation at its end, rebuilding the containers on the way
// back when the operation changed something.
func (c *cdtCall) descend(v any, exists bool, depth int) (any, bool, result, error) {
	if depth == len(c.op.Ctx) {
		if c.op.Code.IsMap() {
			return c.applyMap(v, exists)
		}
		return c.applyList(v, exists)
	}
	step := c.op.Ctx[depth]
	base := step.Type & ctxBaseMask
	create := step.Type & ctxCreateMask &^ ctxPersistIdx
	if base > ctxValue || (step.Type&(ctxList|ctxMap) == 0 && step.Type&ctxCreateMask != 0) {
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "invalid context type 0x%x", step.Type)
	}
	if !exists {
		if !c.modify || (create == 0 && !c.creating) {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: no element and no create flag", step)
		}
		c.creating = true
		if depth > 0 && step.Type&ctxPersistIdx != 0 {
			// cdt.c cdt_context_count_create_sz: the steps created below
			// the first one are never top level.
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: persist index on a created sub-context", step)
		}
		var err error
		if v, err = c.createContainer(step); err != nil {
			return nil, false, result{}, err
		}
		if step.Type&ctxTypeMask == ctxList|ctxIndex && create != ctxCreateUnbnd && step.Type&ctxPersistIdx != 0 {
			// cdt_context_fill_create: a created list with a persisted
			// index holds the element at 0 whatever the index.
			step.Value = int64(0)
		}
	}
	switch x := v.(type) {
	case []any, msgpack.OrderedList:
		if step.Type&ctxMap != 0 {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s on a list", step)
		}
		return c.descendList(asList(x), step, depth)
	case map[any]any, msgpack.OrderedMap:
		if step.Type&ctxList != 0 {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s on a map", step)
		}
		return c.descendMap(asMap(x), step, depth)
	}
	if depth == 0 {
		// cdt_context_dig: a bin that is not a list or map.
		return nil, false, result{}, c.fail(driver.ParameterError, "context on a bin of type %s", typeName(v))
	}
	return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s on a %s", step, typeName(v))
}

// createContainer returns the empty container a context step indexes into
// when it must be created (cdt.c cdt_context_fill_create): a map for a map
// key step, a list for a list index step, with the step's create flags as
// its order; a list index past 0 pads with nils only when unbounded.
func (c *cdtCall) createContainer(step cdt.Context) (any, error) {
	create := step.Type & ctxCreateMask &^ ctxPersistIdx
	switch step.Type & ctxTypeMask {
	case ctxMap | ctxKey:
		switch create {
		case ctxCreateUnbnd:
			return msgpack.OrderedMap{Flags: msgpack.MapKeyOrdered, Pairs: []msgpack.Pair{}}, nil
		case ctxCreateOrd:
			return msgpack.OrderedMap{Flags: msgpack.MapKeyValueOrdered, Pairs: []msgpack.Pair{}}, nil
		}
		return map[any]any{}, nil
	case ctxList | ctxIndex:
		idx := step.Value.(int64)
		if create == ctxCreateUnbnd {
			if idx < -1 {
				return nil, c.fail(driver.OPNotApplicable, "context %s: cannot create at a negative index", step)
			}
			if idx > maxListLen {
				return nil, c.tooBig(idx)
			}
			return []any{}, nil
		}
		if idx < -1 {
			return nil, c.fail(driver.OPNotApplicable, "context %s: cannot create at a negative index", step)
		}
		// cdt_context_ctx_type_create_sz: an ordered list (or one with a
		// persisted index) takes any index and holds the element at 0; an
		// unordered bounded one only index 0 (or -1).
		if create == ctxCreateOrd {
			return msgpack.OrderedList{}, nil
		}
		if idx > 0 && step.Type&ctxPersistIdx == 0 {
			return nil, c.fail(driver.OPNotApplicable, "context %s: index out of bounds for a created list", step)
		}
		return []any{}, nil
	}
	return nil, c.fail(driver.OPNotApplicable, "context %s cannot create", step)
}

func (c *cdtCall) descendList(l list, step cdt.Context, depth int) (any, bool, result, error) {
	n := len(l.items)
	pos := -1
	switch step.Type & ctxBaseMask {
	case ctxIndex:
		idx := step.Value.(int64)
		if i, _, ok := indexRange(idx, 1, n, false); ok {
			pos = i
			break
		}
		create := step.Type & ctxCreateMask &^ ctxPersistIdx
		if !c.modify || (create == 0 && !c.creating) {
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: index out of bounds for %d elements", step, n)
		}
		c.creating = true
		// list_subcontext_by_index: create at the end, padding with nils
		// for an unbounded create.
		pad := 0
		switch {
		case idx < -1:
			// list_subcontext_by_index takes an index before the start
			// for one past the end: an unordered list refuses it unless
			// unbounded, which pads by the index as an unsigned count, and
			// an ordered list goes on to create, failing an assertion
			// (cdt.c cdt_context_fill_create): both crash a real server
			// (cdt package doc, "Inputs that crash a server"). Answered as
			// the server answers an unordered list without pad.
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: index out of bounds for %d elements", step, n)
		case n == 0 && idx == -1, idx == int64(n), l.ordered:
		case create == ctxCreateUnbnd && idx > int64(n):
			if idx > maxListLen {
				return nil, false, result{}, c.tooBig(idx)
			}
			pad = int(idx) - n
		default:
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: index out of bounds for %d elements", step, n)
		}
		child, changed, out, err := c.descend(nil, false, depth+1)
		if err != nil || !changed {
			return nil, false, out, err
		}
		items := make([]any, n, n+pad+1)
		copy(items, l.items)
		for i := 0; i < pad; i++ {
			items = append(items, nil)
		}
		nl := list{items: append(items, child), ordered: l.ordered}
		if nl.ordered {
			nl.sort()
		}
		return nl.value(), true, out, nil
	case ctxRank:
		// particle_list.c list_subcontext_by_rank: an ordered list by
		// index; an unordered one by the order heap, which among equal
		// elements takes the one a rank range would.
		if i, _, ok := indexRange(step.Value.(int64), 1, n, false); ok {
			pos = i
			if !l.ordered {
				heap, filled := c.newListSel(l, 0, false).rankHeap(i, 1)
				pos = heap[filled]
			}
		}
	case ctxValue:
		for i, e := range l.items {
			if msgpack.Compare(e, step.Value) == 0 {
				pos = i
				break
			}
		}
	default:
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "invalid context %s for a list", step)
	}
	if pos < 0 {
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: no such element", step)
	}
	child, changed, out, err := c.descend(l.items[pos], true, depth+1)
	if err != nil || !changed {
		return nil, false, out, err
	}
	items := append([]any(nil), l.items...)
	items[pos] = child
	nl := list{items: items, ordered: l.ordered}
	if nl.ordered {
		nl.sort()
	}
	return nl.value(), true, out, nil
}

func (c *cdtCall) descendMap(m kmap, step cdt.Context, depth int) (any, bool, result, error) {
	n := len(m.pairs)
	pos := -1
	switch step.Type & ctxBaseMask {
	case ctxIndex:
		if i, _, ok := indexRange(step.Value.(int64), 1, n, false); ok {
			pos = i
		}
	case ctxRank:
		if i, _, ok := indexRange(step.Value.(int64), 1, n, false); ok {
			pos = m.rankOrder()[i]
		}
	case ctxKey:
		if hasNonStorage(step.Value) {
			// particle_map.c map_subcontext_by_key: cdt_untrusted_rewrite
			// refuses a key holding infinity or a wildcard.
			return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: key cannot be stored", step)
		}
		var found bool
		pos, found = m.find(step.Value)
		if !found {
			create := step.Type & ctxCreateMask &^ ctxPersistIdx
			if !c.modify || (create == 0 && !c.creating) {
				return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: no such key", step)
			}
			c.creating = true
			key, ok := ctxMapKey(step.Value)
			if !ok {
				return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: invalid map key", step)
			}
			child, changed, out, err := c.descend(nil, false, depth+1)
			if err != nil || !changed {
				return nil, false, out, err
			}
			return m.insertAt(pos, key, child).value(), true, out, nil
		}
	case ctxValue:
		// map_subcontext_by_value: the first match as stored.
		for _, i := range m.storedOrder() {
			if msgpack.Compare(m.pairs[i].Value, step.Value) == 0 {
				pos = i
				break
			}
		}
	default:
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "invalid context %s for a map", step)
	}
	if pos < 0 {
		return nil, false, result{}, c.fail(driver.OPNotApplicable, "context %s: no such element", step)
	}
	child, changed, out, err := c.descend(m.pairs[pos].Value, true, depth+1)
	if err != nil || !changed {
		return nil, false, out, err
	}
	return m.setAt(pos, child).value(), true, out, nil
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case bool:
		return "bool"
	case int64:
		return "integer"
	case float64:
		return "float"
	case string:
		return "string"
	case []byte:
		return "blob"
	case []any, msgpack.OrderedList:
		return "list"
	case map[any]any, msgpack.OrderedMap:
		return "map"
	}
	if _, ok := msgpack.BlobKey(v); ok {
		return "blob"
	}
	return fmt.Sprintf("%T", v)
}

// indexRange is cdt.c calc_index_count: index (negative from the end) and
// count as an absolute start and count within n elements. A single-element
// lookup out of bounds is not ok; a multi-element range is clamped.
func indexRange(index int64, count uint64, n int, multi bool) (int, int, bool) {
	if !multi {
		if index >= int64(n) {
			return 0, 0, false
		}
		if index < 0 {
			index += int64(n)
		}
		if index < 0 {
			return 0, 0, false
		}
		return int(index), int(min(count, uint64(n)-uint64(index))), true
	}
	// calc_index_count_multi
	if index >= int64(n) {
		return n, 0, true
	}
	if index < 0 {
		index += int64(n)
	}
	if index < 0 {
		if uint64(-index) < count {
			return 0, int(min(count-uint64(-index), uint64(n))), true
		}
		return 0, 0, true
	}
	return int(index), int(min(count, uint64(n)-uint64(index))), true
}

// relRange is cdt.c calc_rel_index_count: a range relative to position
// rel (the rank or index a value or key has, or would have).
func relRange(index int64, count uint64, rel int) (int64, uint64) {
	index += int64(rel)
	if index < 0 {
		if count > uint64(-index) {
			count -= uint64(-index)
		} else {
			count = 0
		}
		index = 0
	}
	return index, count
}

// OpResult is one result of an Operate: the index of the op that produced
// it, its bin and its value.
type OpResult struct {
	Op    int
	Bin   string
	Value any
}

// OperateEach is Operate that returns every result in request order with
// the op that produced it, instead of the record's result bins, which a
// wire server needs to lay out its reply as the server does (one op per
// result).
func (e *Engine) OperateEach(policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, []OpResult, error) {
	res := &results{each: true}
	rec, err := e.operate(policy, key, ops, res)
	if err != nil {
		return nil, nil, err
	}
	return rec, res.seq, nil
}
