package cdt

import (
	"strconv"

	"github.com/aerokit/aero/internal/opspec"
)

// OpCode is the server's code for a list or map operation (server
// as/include/base/proto.h as_cdt_optype; client cdt_list.go and cdt_map.go).
// Codes below 64 are list operations, from 64 map operations.
type OpCode int

// List operation codes.
const (
	OpListSetType               OpCode = 0
	OpListAppend                OpCode = 1
	OpListAppendItems           OpCode = 2
	OpListInsert                OpCode = 3
	OpListInsertItems           OpCode = 4
	OpListPop                   OpCode = 5
	OpListPopRange              OpCode = 6
	OpListRemove                OpCode = 7
	OpListRemoveRange           OpCode = 8
	OpListSet                   OpCode = 9
	OpListTrim                  OpCode = 10
	OpListClear                 OpCode = 11
	OpListIncrement             OpCode = 12
	OpListSort                  OpCode = 13
	OpListSize                  OpCode = 16
	OpListGet                   OpCode = 17
	OpListGetRange              OpCode = 18
	OpListGetByIndex            OpCode = 19
	OpListGetByRank             OpCode = 21
	OpListGetByValue            OpCode = 22 // AS_CDT_OP_LIST_GET_ALL_BY_VALUE
	OpListGetByValueList        OpCode = 23
	OpListGetByIndexRange       OpCode = 24
	OpListGetByValueInterval    OpCode = 25
	OpListGetByRankRange        OpCode = 26
	OpListGetByValueRelRank     OpCode = 27
	OpListRemoveByIndex         OpCode = 32
	OpListRemoveByRank          OpCode = 34
	OpListRemoveByValue         OpCode = 35 // AS_CDT_OP_LIST_REMOVE_ALL_BY_VALUE
	OpListRemoveByValueList     OpCode = 36
	OpListRemoveByIndexRange    OpCode = 37
	OpListRemoveByValueInterval OpCode = 38
	OpListRemoveByRankRange     OpCode = 39
	OpListRemoveByValueRelRank  OpCode = 40
)

// Map operation codes.
const (
	OpMapSetType               OpCode = 64
	OpMapAdd                   OpCode = 65
	OpMapAddItems              OpCode = 66
	OpMapPut                   OpCode = 67
	OpMapPutItems              OpCode = 68
	OpMapReplace               OpCode = 69
	OpMapReplaceItems          OpCode = 70
	OpMapIncrement             OpCode = 73
	OpMapDecrement             OpCode = 74
	OpMapClear                 OpCode = 75
	OpMapRemoveByKey           OpCode = 76
	OpMapRemoveByIndex         OpCode = 77
	OpMapRemoveByRank          OpCode = 79
	OpMapRemoveByKeyList       OpCode = 81
	OpMapRemoveByValue         OpCode = 82 // AS_CDT_OP_MAP_REMOVE_ALL_BY_VALUE
	OpMapRemoveByValueList     OpCode = 83
	OpMapRemoveByKeyInterval   OpCode = 84
	OpMapRemoveByIndexRange    OpCode = 85
	OpMapRemoveByValueInterval OpCode = 86
	OpMapRemoveByRankRange     OpCode = 87
	OpMapRemoveByKeyRelIndex   OpCode = 88
	OpMapRemoveByValueRelRank  OpCode = 89
	OpMapSize                  OpCode = 96
	OpMapGetByKey              OpCode = 97
	OpMapGetByIndex            OpCode = 98
	OpMapGetByRank             OpCode = 100
	OpMapGetByValue            OpCode = 102 // AS_CDT_OP_MAP_GET_ALL_BY_VALUE
	OpMapGetByKeyInterval      OpCode = 103
	OpMapGetByIndexRange       OpCode = 104
	OpMapGetByValueInterval    OpCode = 105
	OpMapGetByRankRange        OpCode = 106
	OpMapGetByKeyList          OpCode = 107
	OpMapGetByValueList        OpCode = 108
	OpMapGetByKeyRelIndex      OpCode = 109
	OpMapGetByValueRelRank     OpCode = 110
)

var (
	pS, pP, pF, pC, pI = opspec.CDTStorage, opspec.CDTPayload, opspec.CDTFlags, opspec.CDTCount, opspec.CDTIndex
)

// specs is cdt.c cdt_op_table, of the shape internal/opspec gives the
// engine.
var specs = map[OpCode]opspec.CDT{
	OpListSetType:               cs("list_set_type", true, []opspec.CDTParam{pF}, 0),
	OpListAppend:                cs("list_append", true, []opspec.CDTParam{pS, pF, pF}, 2),
	OpListAppendItems:           cs("list_append_items", true, []opspec.CDTParam{pS, pF, pF}, 2),
	OpListInsert:                cs("list_insert", true, []opspec.CDTParam{pI, pS, pF}, 1),
	OpListInsertItems:           cs("list_insert_items", true, []opspec.CDTParam{pI, pS, pF}, 1),
	OpListPop:                   cs("list_pop", true, []opspec.CDTParam{pI}, 0),
	OpListPopRange:              cs("list_pop_range", true, []opspec.CDTParam{pI, pC}, 1),
	OpListRemove:                cs("list_remove", true, []opspec.CDTParam{pI}, 0),
	OpListRemoveRange:           cs("list_remove_range", true, []opspec.CDTParam{pI, pC}, 1),
	OpListSet:                   cs("list_set", true, []opspec.CDTParam{pI, pS, pF}, 1),
	OpListTrim:                  cs("list_trim", true, []opspec.CDTParam{pI, pC}, 0),
	OpListClear:                 cs("list_clear", true, nil, 0),
	OpListIncrement:             cs("list_increment", true, []opspec.CDTParam{pI, pP, pF, pF}, 3),
	OpListSort:                  cs("list_sort", true, []opspec.CDTParam{pF}, 1),
	OpListSize:                  cs("list_size", false, nil, 0),
	OpListGet:                   cs("list_get", false, []opspec.CDTParam{pI}, 0),
	OpListGetRange:              cs("list_get_range", false, []opspec.CDTParam{pI, pC}, 1),
	OpListGetByIndex:            cs("list_get_by_index", false, []opspec.CDTParam{pF, pI}, 0),
	OpListGetByRank:             cs("list_get_by_rank", false, []opspec.CDTParam{pF, pI}, 0),
	OpListGetByValue:            cs("list_get_all_by_value", false, []opspec.CDTParam{pF, pP}, 0),
	OpListGetByValueList:        cs("list_get_all_by_value_list", false, []opspec.CDTParam{pF, pP}, 0),
	OpListGetByIndexRange:       cs("list_get_by_index_range", false, []opspec.CDTParam{pF, pI, pC}, 1),
	OpListGetByValueInterval:    cs("list_get_by_value_interval", false, []opspec.CDTParam{pF, pP, pP}, 1),
	OpListGetByRankRange:        cs("list_get_by_rank_range", false, []opspec.CDTParam{pF, pI, pC}, 1),
	OpListGetByValueRelRank:     cs("list_get_by_value_rel_rank_range", false, []opspec.CDTParam{pF, pP, pI, pC}, 1),
	OpListRemoveByIndex:         cs("list_remove_by_index", true, []opspec.CDTParam{pF, pI}, 0),
	OpListRemoveByRank:          cs("list_remove_by_rank", true, []opspec.CDTParam{pF, pI}, 0),
	OpListRemoveByValue:         cs("list_remove_all_by_value", true, []opspec.CDTParam{pF, pP}, 0),
	OpListRemoveByValueList:     cs("list_remove_all_by_value_list", true, []opspec.CDTParam{pF, pP}, 0),
	OpListRemoveByIndexRange:    cs("list_remove_by_index_range", true, []opspec.CDTParam{pF, pI, pC}, 1),
	OpListRemoveByValueInterval: cs("list_remove_by_value_interval", true, []opspec.CDTParam{pF, pP, pP}, 1),
	OpListRemoveByRankRange:     cs("list_remove_by_rank_range", true, []opspec.CDTParam{pF, pI, pC}, 1),
	OpListRemoveByValueRelRank:  cs("list_remove_by_value_rel_rank_range", true, []opspec.CDTParam{pF, pP, pI, pC}, 1),

	OpMapSetType:               cs("map_set_type", true, []opspec.CDTParam{pF}, 0),
	OpMapAdd:                   cs("map_add", true, []opspec.CDTParam{pS, pS, pF}, 1),
	OpMapAddItems:              cs("map_add_items", true, []opspec.CDTParam{pS, pF}, 1),
	OpMapPut:                   cs("map_put", true, []opspec.CDTParam{pS, pS, pF, pF}, 2),
	OpMapPutItems:              cs("map_put_items", true, []opspec.CDTParam{pS, pF, pF}, 2),
	OpMapReplace:               cs("map_replace", true, []opspec.CDTParam{pS, pS}, 0),
	OpMapReplaceItems:          cs("map_replace_items", true, []opspec.CDTParam{pS}, 0),
	OpMapIncrement:             cs("map_increment", true, []opspec.CDTParam{pP, pP, pF}, 2),
	OpMapDecrement:             cs("map_decrement", true, []opspec.CDTParam{pP, pP, pF}, 2),
	OpMapClear:                 cs("map_clear", true, nil, 0),
	OpMapRemoveByKey:           cs("map_remove_by_key", true, []opspec.CDTParam{pI, pP}, 0),
	OpMapRemoveByValue:         cs("map_remove_all_by_value", true, []opspec.CDTParam{pI, pP}, 0),
	OpMapRemoveByIndex:         cs("map_remove_by_index", true, []opspec.CDTParam{pI, pI}, 0),
	OpMapRemoveByRank:          cs("map_remove_by_rank", true, []opspec.CDTParam{pI, pI}, 0),
	OpMapRemoveByKeyList:       cs("map_remove_by_key_list", true, []opspec.CDTParam{pI, pP}, 0),
	OpMapRemoveByValueList:     cs("map_remove_by_value_list", true, []opspec.CDTParam{pI, pP}, 0),
	OpMapRemoveByKeyInterval:   cs("map_remove_by_key_interval", true, []opspec.CDTParam{pI, pP, pP}, 1),
	OpMapRemoveByIndexRange:    cs("map_remove_by_index_range", true, []opspec.CDTParam{pI, pI, pC}, 1),
	OpMapRemoveByValueInterval: cs("map_remove_by_value_interval", true, []opspec.CDTParam{pI, pP, pP}, 1),
	OpMapRemoveByRankRange:     cs("map_remove_by_rank_range", true, []opspec.CDTParam{pI, pI, pC}, 1),
	OpMapRemoveByKeyRelIndex:   cs("map_remove_by_key_rel_index_range", true, []opspec.CDTParam{pI, pP, pI, pC}, 1),
	OpMapRemoveByValueRelRank:  cs("map_remove_by_value_rel_rank_range", true, []opspec.CDTParam{pI, pP, pI, pC}, 1),
	OpMapSize:                  cs("map_size", false, nil, 0),
	OpMapGetByKey:              cs("map_get_by_key", false, []opspec.CDTParam{pI, pP}, 0),
	OpMapGetByIndex:            cs("map_get_by_index", false, []opspec.CDTParam{pI, pI}, 0),
	OpMapGetByValue:            cs("map_get_all_by_value", false, []opspec.CDTParam{pI, pP}, 0),
	OpMapGetByRank:             cs("map_get_by_rank", false, []opspec.CDTParam{pI, pI}, 0),
	OpMapGetByKeyInterval:      cs("map_get_by_key_interval", false, []opspec.CDTParam{pI, pP, pP}, 1),
	OpMapGetByIndexRange:       cs("map_get_by_index_range", false, []opspec.CDTParam{pI, pI, pC}, 1),
	OpMapGetByValueInterval:    cs("map_get_by_value_interval", false, []opspec.CDTParam{pI, pP, pP}, 1),
	OpMapGetByRankRange:        cs("map_get_by_rank_range", false, []opspec.CDTParam{pI, pI, pC}, 1),
	OpMapGetByKeyList:          cs("map_get_by_key_list", false, []opspec.CDTParam{pI, pP}, 0),
	OpMapGetByValueList:        cs("map_get_by_value_list", false, []opspec.CDTParam{pI, pP}, 0),
	OpMapGetByKeyRelIndex:      cs("map_get_by_key_rel_index_range", false, []opspec.CDTParam{pI, pP, pI, pC}, 1),
	OpMapGetByValueRelRank:     cs("map_get_by_value_rel_rank_range", false, []opspec.CDTParam{pI, pP, pI, pC}, 1),
}

// specOf returns the op table entry of code.
func specOf(code OpCode) (opspec.CDT, bool) {
	s, ok := specs[code]
	return s, ok
}

func init() {
	opspec.CDTOf = func(code int) (opspec.CDT, bool) { return specOf(OpCode(code)) }
}

// IsMap reports whether code is a map operation.
func (c OpCode) IsMap() bool { return c >= 64 }

// String returns the server's name of the operation.
func (c OpCode) String() string {
	if s, ok := specs[c]; ok {
		return s.Name
	}
	return "cdt_op_" + strconv.Itoa(int(c))
}

func cs(name string, modify bool, params []opspec.CDTParam, optional int) opspec.CDT {
	return opspec.CDT{Name: name, Modify: modify, Params: params, Optional: optional}
}
