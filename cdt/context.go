package cdt

import "fmt"

// Context types (server proto.h AS_CDT_CTX_*; client cdt_context.go).
const (
	CtxTypeListIndex = 0x10
	CtxTypeListRank  = 0x11
	CtxTypeListValue = 0x13
	CtxTypeMapIndex  = 0x20
	CtxTypeMapRank   = 0x21
	CtxTypeMapKey    = 0x22
	CtxTypeMapValue  = 0x23

	// ctxCreateMask covers the create flags or-ed into a context type
	// (AS_CDT_CTX_CREATE_MASK).
	ctxCreateMask = 0x1c0
)

// Create flags of a context (AS_CDT_CTX_CREATE_*): the element the context
// designates is created when it is missing.
const (
	CtxCreateListUnordered        = 0x40
	CtxCreateListUnorderedUnbound = 0x80
	CtxCreateListOrdered          = 0xc0
	CtxCreateMapUnordered         = 0x40
	CtxCreateMapKeyOrdered        = 0x80
	CtxCreateMapKeyValueOrdered   = 0xc0
)

// Context is one step of the path to a nested list or map: an element of a
// list by index, rank or value, or of a map by index, rank, key or value.
type Context struct {
	// Type is the context type with its create flags.
	Type int
	// Value is the index, rank, key or value.
	Value any
}

// CtxListIndex designates the list element at index (negative from the end).
func CtxListIndex(index int) Context { return Context{CtxTypeListIndex, int64(index)} }

// CtxListIndexCreate designates the list element at index and, when the
// operation writes and it is missing, creates it as a list of order (pad
// lets an index past the end pad the list with nils).
func CtxListIndexCreate(index int, order ListOrder, pad bool) Context {
	return Context{CtxTypeListIndex | listCreateFlag(order, pad), int64(index)}
}

// CtxListRank designates the list element of rank (negative from the top).
func CtxListRank(rank int) Context { return Context{CtxTypeListRank, int64(rank)} }

// CtxListValue designates the first list element equal to value.
func CtxListValue(value any) Context { return Context{CtxTypeListValue, value} }

// CtxMapIndex designates the map entry at index in key order.
func CtxMapIndex(index int) Context { return Context{CtxTypeMapIndex, int64(index)} }

// CtxMapRank designates the map entry whose value has rank.
func CtxMapRank(rank int) Context { return Context{CtxTypeMapRank, int64(rank)} }

// CtxMapKey designates the value of key in a map.
func CtxMapKey(key any) Context { return Context{CtxTypeMapKey, key} }

// CtxMapKeyCreate designates the value of key and, when the operation
// writes and the key is missing, creates it as a map of order.
func CtxMapKeyCreate(key any, order MapOrder) Context {
	return Context{CtxTypeMapKey | mapCreateFlag(order), key}
}

// CtxMapValue designates the first map entry whose value equals value.
func CtxMapValue(value any) Context { return Context{CtxTypeMapValue, value} }

// listCreateFlag is the client's cdtListOrderFlag.
func listCreateFlag(order ListOrder, pad bool) int {
	switch {
	case order == ListOrdered:
		return CtxCreateListOrdered
	case pad:
		return CtxCreateListUnorderedUnbound
	}
	return CtxCreateListUnordered
}

// mapCreateFlag is the client's MapOrder flag.
func mapCreateFlag(order MapOrder) int {
	switch order {
	case MapKeyOrdered:
		return CtxCreateMapKeyOrdered
	case MapKeyValueOrdered:
		return CtxCreateMapKeyValueOrdered
	}
	return CtxCreateMapUnordered
}

// String formats the context step, e.g. map_key("a") or
// list_index(-1, create).
func (c Context) String() string {
	var name string
	switch c.Type &^ ctxCreateMask {
	case CtxTypeListIndex:
		name = "list_index"
	case CtxTypeListRank:
		name = "list_rank"
	case CtxTypeListValue:
		name = "list_value"
	case CtxTypeMapIndex:
		name = "map_index"
	case CtxTypeMapRank:
		name = "map_rank"
	case CtxTypeMapKey:
		name = "map_key"
	case CtxTypeMapValue:
		name = "map_value"
	default:
		name = fmt.Sprintf("ctx_0x%x", c.Type)
	}
	if c.Type&ctxCreateMask != 0 {
		return fmt.Sprintf("%s(%s, create 0x%x)", name, formatValue(c.Value), c.Type&ctxCreateMask)
	}
	return fmt.Sprintf("%s(%s)", name, formatValue(c.Value))
}
