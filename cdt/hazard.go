package cdt

import "fmt"

// Hazard reports an input known to crash a real Aerospike server (see
// "Inputs that crash a server" in the package doc): an error naming the
// first such context step, or nil. The Aerospike driver refuses an Op
// with a hazard before sending it.
func (o Op) Hazard() error {
	for i, c := range o.Ctx {
		if err := c.Hazard(); err != nil {
			return fmt.Errorf("cdt: %s on bin %q: context step %d: %w", o.Code, o.Bin, i+1, err)
		}
	}
	if emptyInvertedMapList(o) {
		return fmt.Errorf("cdt: %s on bin %q: an empty list with INVERTED and return type %d: "+
			"Aerospike server 8.1.2 crashes instead of answering (select every entry with an index range instead)", o.Code, o.Bin, o.Args[0].(int64)&^int64(ReturnInverted))
	}
	return nil
}

// emptyInvertedMapList reports a map selection by a key or value list that
// is empty, INVERTED (so: every entry), with a return type that answers
// entries (KEY, VALUE, KEY_VALUE, ORDERED_MAP, UNORDERED_MAP, or the range
// types 9-12 only the server's own expressions use). A real 8.1.2 server
// dies of it with a segmentation fault, get and remove alike
// (particle_map.c map_get_remove_all_by_key_list / _by_value_list build
// the inverted result from an empty selection). INDEX, RANK, COUNT, EXISTS
// and NONE answer, and so does every list selection by an empty value list.
func emptyInvertedMapList(o Op) bool {
	switch o.Code {
	case OpMapGetByKeyList, OpMapRemoveByKeyList, OpMapGetByValueList, OpMapRemoveByValueList:
	default:
		return false
	}
	if len(o.Args) < 2 {
		return false
	}
	rt, ok := o.Args[0].(int64)
	if !ok || ReturnType(rt)&ReturnInverted == 0 {
		return false
	}
	if l, ok := o.Args[1].([]any); !ok || len(l) != 0 {
		return false
	}
	switch ReturnType(rt) &^ ReturnInverted {
	case ReturnKey, ReturnValue, ReturnKeyValue, ReturnUnorderedMap, ReturnOrderedMap, 9, 10, 11, 12:
		return true
	}
	return false
}

// maxPadIndex is the largest index a padding list index context may
// take: the server counts the padding in 32 bits.
const maxPadIndex = 1<<31 - 1

// Hazard reports whether the context step is an input known to crash a
// real Aerospike server: a list index step that creates with an index
// below -1, or that pads with an index past 2^31-1 (cdt.c
// cdt_context_ctx_type_create_sz and cdt_context_fill_create,
// particle_list.c list_subcontext_by_index).
func (c Context) Hazard() error {
	// A persisted index alone (0x100) creates nothing.
	if c.Type&^ctxCreateMask != CtxTypeListIndex || c.Type&CtxCreateListOrdered == 0 {
		return nil
	}
	idx, ok := c.Value.(int64)
	if !ok {
		return nil
	}
	if idx < -1 {
		return fmt.Errorf("%s: a list index context that creates cannot take an index below -1: "+
			"where the list is shorter, Aerospike server 8.1.2 crashes instead of answering", c)
	}
	if idx > maxPadIndex && c.Type&CtxCreateListOrdered == CtxCreateListUnorderedUnbound {
		return fmt.Errorf("%s: a list index context that pads cannot take an index past %d: "+
			"Aerospike server 8.1.2 counts the padding in 32 bits", c, maxPadIndex)
	}
	return nil
}
