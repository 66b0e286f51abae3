package cdt

// The map operations of client v8 (cdt_map.go), with the arguments the
// client packs. Indexes are in key order, ranks in value order.

// MapSetPolicy sets the order of the map in bin.
func MapSetPolicy(bin string, policy MapPolicy) Op {
	return newOp(bin, OpMapSetType, int64(policy.Order))
}

// MapCreate creates the map that ctx designates, with order, if it does not
// exist; without ctx it sets the bin's map order as MapSetPolicy does.
func MapCreate(bin string, order MapOrder, ctx ...Context) Op {
	if len(ctx) == 0 {
		return MapSetPolicy(bin, MapPolicy{Order: order})
	}
	op := newOp(bin, OpMapSetType, int64(order)).In(ctx...)
	op.Ctx[len(op.Ctx)-1].Type |= mapCreateFlag(order)
	return op
}

// MapPut puts key and value under policy (the order a created map gets,
// the write flags) and returns the map's size.
func MapPut(policy MapPolicy, bin string, key, value any) Op {
	if policy.Flags != 0 {
		return newOp(bin, OpMapPut, key, value, int64(policy.Order), int64(policy.Flags))
	}
	return newOp(bin, OpMapPut, key, value, int64(policy.Order))
}

// MapPutItems puts every entry of items under policy and returns the size.
func MapPutItems(policy MapPolicy, bin string, items map[any]any) Op {
	if policy.Flags != 0 {
		return newOp(bin, OpMapPutItems, items, int64(policy.Order), int64(policy.Flags))
	}
	return newOp(bin, OpMapPutItems, items, int64(policy.Order))
}

// MapIncrement adds incr (an integer or float) to the value of key, creating
// it at incr, and returns the new value.
func MapIncrement(policy MapPolicy, bin string, key, incr any) Op {
	return newOp(bin, OpMapIncrement, key, incr, int64(policy.Order))
}

// MapDecrement subtracts decr from the value of key.
func MapDecrement(policy MapPolicy, bin string, key, decr any) Op {
	return newOp(bin, OpMapDecrement, key, decr, int64(policy.Order))
}

// MapClear removes every entry.
func MapClear(bin string) Op { return newOp(bin, OpMapClear) }

// MapSize returns the number of entries.
func MapSize(bin string) Op { return newOp(bin, OpMapSize) }

// MapGetByKey selects the entry of key.
func MapGetByKey(bin string, key any, rt ReturnType) Op {
	return newOp(bin, OpMapGetByKey, int64(rt), key)
}

// MapGetByKeyList selects the entries of keys.
func MapGetByKeyList(bin string, keys []any, rt ReturnType) Op {
	return newOp(bin, OpMapGetByKeyList, int64(rt), keys)
}

// MapGetByKeyRange selects the entries with a key in [begin, end) (nil
// end: the top).
func MapGetByKeyRange(bin string, begin, end any, rt ReturnType) Op {
	if end == nil {
		return newOp(bin, OpMapGetByKeyInterval, int64(rt), begin)
	}
	return newOp(bin, OpMapGetByKeyInterval, int64(rt), begin, end)
}

// MapGetByKeyRelativeIndexRange selects the entries from the index of key
// (or where it would be) plus index, to the end.
func MapGetByKeyRelativeIndexRange(bin string, key any, index int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByKeyRelIndex, int64(rt), key, int64(index))
}

// MapGetByKeyRelativeIndexRangeCount selects count entries from the index
// of key plus index.
func MapGetByKeyRelativeIndexRangeCount(bin string, key any, index, count int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByKeyRelIndex, int64(rt), key, int64(index), int64(count))
}

// MapGetByValue selects the entries whose value equals value.
func MapGetByValue(bin string, value any, rt ReturnType) Op {
	return newOp(bin, OpMapGetByValue, int64(rt), value)
}

// MapGetByValueList selects the entries whose value is one of values.
func MapGetByValueList(bin string, values []any, rt ReturnType) Op {
	return newOp(bin, OpMapGetByValueList, int64(rt), values)
}

// MapGetByValueRange selects the entries with a value in [begin, end) (nil
// end: the top).
func MapGetByValueRange(bin string, begin, end any, rt ReturnType) Op {
	if end == nil {
		return newOp(bin, OpMapGetByValueInterval, int64(rt), begin)
	}
	return newOp(bin, OpMapGetByValueInterval, int64(rt), begin, end)
}

// MapGetByValueRelativeRankRange selects the entries from the rank of value
// plus rank, to the top.
func MapGetByValueRelativeRankRange(bin string, value any, rank int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByValueRelRank, int64(rt), value, int64(rank))
}

// MapGetByValueRelativeRankRangeCount selects count entries from the rank
// of value plus rank.
func MapGetByValueRelativeRankRangeCount(bin string, value any, rank, count int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByValueRelRank, int64(rt), value, int64(rank), int64(count))
}

// MapGetByIndex selects the entry at index.
func MapGetByIndex(bin string, index int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByIndex, int64(rt), int64(index))
}

// MapGetByIndexRange selects the entries from index to the end.
func MapGetByIndexRange(bin string, index int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByIndexRange, int64(rt), int64(index))
}

// MapGetByIndexRangeCount selects count entries from index.
func MapGetByIndexRangeCount(bin string, index, count int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByIndexRange, int64(rt), int64(index), int64(count))
}

// MapGetByRank selects the entry of rank.
func MapGetByRank(bin string, rank int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByRank, int64(rt), int64(rank))
}

// MapGetByRankRange selects the entries from rank to the top.
func MapGetByRankRange(bin string, rank int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByRankRange, int64(rt), int64(rank))
}

// MapGetByRankRangeCount selects count entries from rank.
func MapGetByRankRangeCount(bin string, rank, count int, rt ReturnType) Op {
	return newOp(bin, OpMapGetByRankRange, int64(rt), int64(rank), int64(count))
}

// MapRemoveByKey removes the entry of key.
func MapRemoveByKey(bin string, key any, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByKey, int64(rt), key)
}

// MapRemoveByKeyList removes the entries of keys.
func MapRemoveByKeyList(bin string, keys []any, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByKeyList, int64(rt), keys)
}

// MapRemoveByKeyRange removes the entries with a key in [begin, end).
func MapRemoveByKeyRange(bin string, begin, end any, rt ReturnType) Op {
	if end == nil {
		return newOp(bin, OpMapRemoveByKeyInterval, int64(rt), begin)
	}
	return newOp(bin, OpMapRemoveByKeyInterval, int64(rt), begin, end)
}

// MapRemoveByKeyRelativeIndexRange removes the entries from the index of
// key plus index, to the end.
func MapRemoveByKeyRelativeIndexRange(bin string, key any, index int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByKeyRelIndex, int64(rt), key, int64(index))
}

// MapRemoveByKeyRelativeIndexRangeCount removes count entries from the
// index of key plus index.
func MapRemoveByKeyRelativeIndexRangeCount(bin string, key any, index, count int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByKeyRelIndex, int64(rt), key, int64(index), int64(count))
}

// MapRemoveByValue removes the entries whose value equals value.
func MapRemoveByValue(bin string, value any, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByValue, int64(rt), value)
}

// MapRemoveByValueList removes the entries whose value is one of values.
func MapRemoveByValueList(bin string, values []any, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByValueList, int64(rt), values)
}

// MapRemoveByValueRange removes the entries with a value in [begin, end).
func MapRemoveByValueRange(bin string, begin, end any, rt ReturnType) Op {
	if end == nil {
		return newOp(bin, OpMapRemoveByValueInterval, int64(rt), begin)
	}
	return newOp(bin, OpMapRemoveByValueInterval, int64(rt), begin, end)
}

// MapRemoveByValueRelativeRankRange removes the entries from the rank of
// value plus rank, to the top.
func MapRemoveByValueRelativeRankRange(bin string, value any, rank int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByValueRelRank, int64(rt), value, int64(rank))
}

// MapRemoveByValueRelativeRankRangeCount removes count entries from the
// rank of value plus rank.
func MapRemoveByValueRelativeRankRangeCount(bin string, value any, rank, count int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByValueRelRank, int64(rt), value, int64(rank), int64(count))
}

// MapRemoveByIndex removes the entry at index.
func MapRemoveByIndex(bin string, index int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByIndex, int64(rt), int64(index))
}

// MapRemoveByIndexRange removes the entries from index to the end.
func MapRemoveByIndexRange(bin string, index int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByIndexRange, int64(rt), int64(index))
}

// MapRemoveByIndexRangeCount removes count entries from index.
func MapRemoveByIndexRangeCount(bin string, index, count int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByIndexRange, int64(rt), int64(index), int64(count))
}

// MapRemoveByRank removes the entry of rank.
func MapRemoveByRank(bin string, rank int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByRank, int64(rt), int64(rank))
}

// MapRemoveByRankRange removes the entries from rank to the top.
func MapRemoveByRankRange(bin string, rank int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByRankRange, int64(rt), int64(rank))
}

// MapRemoveByRankRangeCount removes count entries from rank.
func MapRemoveByRankRangeCount(bin string, rank, count int, rt ReturnType) Op {
	return newOp(bin, OpMapRemoveByRankRange, int64(rt), int64(rank), int64(count))
}
