package cdt

// The list operations of client v8 (cdt_list.go), with the arguments the
// client packs. Indexes and ranks may be negative (from the end, from the
// top); a range without a count runs to the end.

// ListSetOrder sets the order of the list in bin, sorting it when ordered.
func ListSetOrder(bin string, order ListOrder) Op {
	return newOp(bin, OpListSetType, int64(order))
}

// ListCreate creates the list that ctx designates, with order, if it does
// not exist (pad: an index past the end pads with nils); without ctx it
// sets the bin's list order as ListSetOrder does.
func ListCreate(bin string, order ListOrder, pad bool, ctx ...Context) Op {
	if len(ctx) == 0 {
		return ListSetOrder(bin, order)
	}
	op := newOp(bin, OpListSetType, int64(order)).In(ctx...)
	op.Ctx[len(op.Ctx)-1].Type |= listCreateFlag(order, pad)
	return op
}

// ListAppend appends values to the list in bin and returns its new size.
func ListAppend(bin string, values ...any) Op {
	if len(values) == 1 {
		return newOp(bin, OpListAppend, values[0])
	}
	return newOp(bin, OpListAppendItems, values)
}

// ListAppendWithPolicy appends values under policy: the order a created
// list gets and the write flags.
func ListAppendWithPolicy(policy ListPolicy, bin string, values ...any) Op {
	if len(values) == 1 {
		return newOp(bin, OpListAppend, values[0], int64(policy.Order), int64(policy.Flags))
	}
	return newOp(bin, OpListAppendItems, values, int64(policy.Order), int64(policy.Flags))
}

// ListInsert inserts values at index and returns the list's new size.
func ListInsert(bin string, index int, values ...any) Op {
	if len(values) == 1 {
		return newOp(bin, OpListInsert, int64(index), values[0])
	}
	return newOp(bin, OpListInsertItems, int64(index), values)
}

// ListInsertWithPolicy inserts values at index under policy's write flags.
func ListInsertWithPolicy(policy ListPolicy, bin string, index int, values ...any) Op {
	if len(values) == 1 {
		return newOp(bin, OpListInsert, int64(index), values[0], int64(policy.Flags))
	}
	return newOp(bin, OpListInsertItems, int64(index), values, int64(policy.Flags))
}

// ListPop removes and returns the element at index.
func ListPop(bin string, index int) Op { return newOp(bin, OpListPop, int64(index)) }

// ListPopRange removes and returns count elements from index.
func ListPopRange(bin string, index, count int) Op {
	return newOp(bin, OpListPopRange, int64(index), int64(count))
}

// ListPopRangeFrom removes and returns the elements from index to the end.
func ListPopRangeFrom(bin string, index int) Op {
	return newOp(bin, OpListPopRange, int64(index))
}

// ListRemove removes the element at index and returns the count removed.
func ListRemove(bin string, index int) Op { return newOp(bin, OpListRemove, int64(index)) }

// ListRemoveRange removes count elements from index and returns the count.
func ListRemoveRange(bin string, index, count int) Op {
	return newOp(bin, OpListRemoveRange, int64(index), int64(count))
}

// ListRemoveRangeFrom removes the elements from index to the end.
func ListRemoveRangeFrom(bin string, index int) Op {
	return newOp(bin, OpListRemoveRange, int64(index))
}

// ListSet sets the element at index (an index past the end pads with nils).
func ListSet(bin string, index int, value any) Op {
	return newOp(bin, OpListSet, int64(index), value)
}

// ListSetWithPolicy sets the element at index under policy's write flags.
func ListSetWithPolicy(policy ListPolicy, bin string, index int, value any) Op {
	return newOp(bin, OpListSet, int64(index), value, int64(policy.Flags))
}

// ListTrim keeps count elements from index, removes the others and returns
// the count removed.
func ListTrim(bin string, index, count int) Op {
	return newOp(bin, OpListTrim, int64(index), int64(count))
}

// ListClear removes every element.
func ListClear(bin string) Op { return newOp(bin, OpListClear) }

// ListIncrement adds value (an integer or float) to the element at index
// and returns the new element.
func ListIncrement(bin string, index int, value any) Op {
	return newOp(bin, OpListIncrement, int64(index), value)
}

// ListIncrementWithPolicy increments under policy: the order a created list
// gets and the write flags.
func ListIncrementWithPolicy(policy ListPolicy, bin string, index int, value any) Op {
	return newOp(bin, OpListIncrement, int64(index), value, int64(policy.Order), int64(policy.Flags))
}

// ListSort sorts the list.
func ListSort(bin string, flags ListSortFlags) Op { return newOp(bin, OpListSort, int64(flags)) }

// ListSize returns the number of elements.
func ListSize(bin string) Op { return newOp(bin, OpListSize) }

// ListGet returns the element at index.
func ListGet(bin string, index int) Op { return newOp(bin, OpListGet, int64(index)) }

// ListGetRange returns count elements from index.
func ListGetRange(bin string, index, count int) Op {
	return newOp(bin, OpListGetRange, int64(index), int64(count))
}

// ListGetRangeFrom returns the elements from index to the end.
func ListGetRangeFrom(bin string, index int) Op {
	return newOp(bin, OpListGetRange, int64(index))
}

// ListGetByIndex selects the element at index.
func ListGetByIndex(bin string, index int, rt ReturnType) Op {
	return newOp(bin, OpListGetByIndex, int64(rt), int64(index))
}

// ListGetByIndexRange selects the elements from index to the end.
func ListGetByIndexRange(bin string, index int, rt ReturnType) Op {
	return newOp(bin, OpListGetByIndexRange, int64(rt), int64(index))
}

// ListGetByIndexRangeCount selects count elements from index.
func ListGetByIndexRangeCount(bin string, index, count int, rt ReturnType) Op {
	return newOp(bin, OpListGetByIndexRange, int64(rt), int64(index), int64(count))
}

// ListGetByRank selects the element of rank.
func ListGetByRank(bin string, rank int, rt ReturnType) Op {
	return newOp(bin, OpListGetByRank, int64(rt), int64(rank))
}

// ListGetByRankRange selects the elements from rank to the top.
func ListGetByRankRange(bin string, rank int, rt ReturnType) Op {
	return newOp(bin, OpListGetByRankRange, int64(rt), int64(rank))
}

// ListGetByRankRangeCount selects count elements from rank.
func ListGetByRankRangeCount(bin string, rank, count int, rt ReturnType) Op {
	return newOp(bin, OpListGetByRankRange, int64(rt), int64(rank), int64(count))
}

// ListGetByValue selects the elements equal to value.
func ListGetByValue(bin string, value any, rt ReturnType) Op {
	return newOp(bin, OpListGetByValue, int64(rt), value)
}

// ListGetByValueList selects the elements equal to one of values.
func ListGetByValueList(bin string, values []any, rt ReturnType) Op {
	return newOp(bin, OpListGetByValueList, int64(rt), values)
}

// ListGetByValueRange selects the elements in [begin, end); a nil end is
// the top (as the client packs it: no end).
func ListGetByValueRange(bin string, begin, end any, rt ReturnType) Op {
	if end == nil {
		return newOp(bin, OpListGetByValueInterval, int64(rt), begin)
	}
	return newOp(bin, OpListGetByValueInterval, int64(rt), begin, end)
}

// ListGetByValueRelativeRankRange selects the elements from the rank of
// value (or where it would be) plus rank, to the top.
func ListGetByValueRelativeRankRange(bin string, value any, rank int, rt ReturnType) Op {
	return newOp(bin, OpListGetByValueRelRank, int64(rt), value, int64(rank))
}

// ListGetByValueRelativeRankRangeCount selects count elements from the rank
// of value plus rank.
func ListGetByValueRelativeRankRangeCount(bin string, value any, rank, count int, rt ReturnType) Op {
	return newOp(bin, OpListGetByValueRelRank, int64(rt), value, int64(rank), int64(count))
}

// ListRemoveByIndex removes the element at index.
func ListRemoveByIndex(bin string, index int, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByIndex, int64(rt), int64(index))
}

// ListRemoveByIndexRange removes the elements from index to the end.
func ListRemoveByIndexRange(bin string, index int, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByIndexRange, int64(rt), int64(index))
}

// ListRemoveByIndexRangeCount removes count elements from index.
func ListRemoveByIndexRangeCount(bin string, index, count int, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByIndexRange, int64(rt), int64(index), int64(count))
}

// ListRemoveByRank removes the element of rank.
func ListRemoveByRank(bin string, rank int, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByRank, int64(rt), int64(rank))
}

// ListRemoveByRankRange removes the elements from rank to the top.
func ListRemoveByRankRange(bin string, rank int, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByRankRange, int64(rt), int64(rank))
}

// ListRemoveByRankRangeCount removes count elements from rank.
func ListRemoveByRankRangeCount(bin string, rank, count int, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByRankRange, int64(rt), int64(rank), int64(count))
}

// ListRemoveByValue removes the elements equal to value.
func ListRemoveByValue(bin string, value any, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByValue, int64(rt), value)
}

// ListRemoveByValueList removes the elements equal to one of values.
func ListRemoveByValueList(bin string, values []any, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByValueList, int64(rt), values)
}

// ListRemoveByValueRange removes the elements in [begin, end) (nil end: the
// top).
func ListRemoveByValueRange(bin string, begin, end any, rt ReturnType) Op {
	if end == nil {
		return newOp(bin, OpListRemoveByValueInterval, int64(rt), begin)
	}
	return newOp(bin, OpListRemoveByValueInterval, int64(rt), begin, end)
}

// ListRemoveByValueRelativeRankRange removes the elements from the rank of
// value plus rank, to the top.
func ListRemoveByValueRelativeRankRange(bin string, value any, rank int, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByValueRelRank, int64(rt), value, int64(rank))
}

// ListRemoveByValueRelativeRankRangeCount removes count elements from the
// rank of value plus rank.
func ListRemoveByValueRelativeRankRangeCount(bin string, value any, rank, count int, rt ReturnType) Op {
	return newOp(bin, OpListRemoveByValueRelRank, int64(rt), value, int64(rank), int64(count))
}
