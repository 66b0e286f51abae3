package cdt

import "strconv"

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

// Param kinds of the server's op table (cdt.c cdt_op_table,
// AS_CDT_PARAM_*): what each argument of an operation must be.
const (
	ParamStorage = iota + 1 // a value that may be stored (no infinity, no wildcard)
	ParamPayload            // a value, infinity and wildcard allowed
	ParamFlags              // a non-negative integer
	ParamCount              // a non-negative integer
	ParamIndex              // a signed integer
)

// Spec is an operation's entry in the server's op table (cdt.c
// cdt_op_table): its name, whether it modifies, its params and how many of
// the trailing ones are optional.
type Spec struct {
	Name     string
	Modify   bool
	Params   []int
	Optional int
}

var (
	pS, pP, pF, pC, pI = ParamStorage, ParamPayload, ParamFlags, ParamCount, ParamIndex
)

// specs is cdt.c cdt_op_table.
var specs = map[OpCode]Spec{
	OpListSetType:               {"list_set_type", true, []int{pF}, 0},
	OpListAppend:                {"list_append", true, []int{pS, pF, pF}, 2},
	OpListAppendItems:           {"list_append_items", true, []int{pS, pF, pF}, 2},
	OpListInsert:                {"list_insert", true, []int{pI, pS, pF}, 1},
	OpListInsertItems:           {"list_insert_items", true, []int{pI, pS, pF}, 1},
	OpListPop:                   {"list_pop", true, []int{pI}, 0},
	OpListPopRange:              {"list_pop_range", true, []int{pI, pC}, 1},
	OpListRemove:                {"list_remove", true, []int{pI}, 0},
	OpListRemoveRange:           {"list_remove_range", true, []int{pI, pC}, 1},
	OpListSet:                   {"list_set", true, []int{pI, pS, pF}, 1},
	OpListTrim:                  {"list_trim", true, []int{pI, pC}, 0},
	OpListClear:                 {"list_clear", true, nil, 0},
	OpListIncrement:             {"list_increment", true, []int{pI, pP, pF, pF}, 3},
	OpListSort:                  {"list_sort", true, []int{pF}, 1},
	OpListSize:                  {"list_size", false, nil, 0},
	OpListGet:                   {"list_get", false, []int{pI}, 0},
	OpListGetRange:              {"list_get_range", false, []int{pI, pC}, 1},
	OpListGetByIndex:            {"list_get_by_index", false, []int{pF, pI}, 0},
	OpListGetByRank:             {"list_get_by_rank", false, []int{pF, pI}, 0},
	OpListGetByValue:            {"list_get_all_by_value", false, []int{pF, pP}, 0},
	OpListGetByValueList:        {"list_get_all_by_value_list", false, []int{pF, pP}, 0},
	OpListGetByIndexRange:       {"list_get_by_index_range", false, []int{pF, pI, pC}, 1},
	OpListGetByValueInterval:    {"list_get_by_value_interval", false, []int{pF, pP, pP}, 1},
	OpListGetByRankRange:        {"list_get_by_rank_range", false, []int{pF, pI, pC}, 1},
	OpListGetByValueRelRank:     {"list_get_by_value_rel_rank_range", false, []int{pF, pP, pI, pC}, 1},
	OpListRemoveByIndex:         {"list_remove_by_index", true, []int{pF, pI}, 0},
	OpListRemoveByRank:          {"list_remove_by_rank", true, []int{pF, pI}, 0},
	OpListRemoveByValue:         {"list_remove_all_by_value", true, []int{pF, pP}, 0},
	OpListRemoveByValueList:     {"list_remove_all_by_value_list", true, []int{pF, pP}, 0},
	OpListRemoveByIndexRange:    {"list_remove_by_index_range", true, []int{pF, pI, pC}, 1},
	OpListRemoveByValueInterval: {"list_remove_by_value_interval", true, []int{pF, pP, pP}, 1},
	OpListRemoveByRankRange:     {"list_remove_by_rank_range", true, []int{pF, pI, pC}, 1},
	OpListRemoveByValueRelRank:  {"list_remove_by_value_rel_rank_range", true, []int{pF, pP, pI, pC}, 1},

	OpMapSetType:               {"map_set_type", true, []int{pF}, 0},
	OpMapAdd:                   {"map_add", true, []int{pS, pS, pF}, 1},
	OpMapAddItems:              {"map_add_items", true, []int{pS, pF}, 1},
	OpMapPut:                   {"map_put", true, []int{pS, pS, pF, pF}, 2},
	OpMapPutItems:              {"map_put_items", true, []int{pS, pF, pF}, 2},
	OpMapReplace:               {"map_replace", true, []int{pS, pS}, 0},
	OpMapReplaceItems:          {"map_replace_items", true, []int{pS}, 0},
	OpMapIncrement:             {"map_increment", true, []int{pP, pP, pF}, 2},
	OpMapDecrement:             {"map_decrement", true, []int{pP, pP, pF}, 2},
	OpMapClear:                 {"map_clear", true, nil, 0},
	OpMapRemoveByKey:           {"map_remove_by_key", true, []int{pI, pP}, 0},
	OpMapRemoveByValue:         {"map_remove_all_by_value", true, []int{pI, pP}, 0},
	OpMapRemoveByIndex:         {"map_remove_by_index", true, []int{pI, pI}, 0},
	OpMapRemoveByRank:          {"map_remove_by_rank", true, []int{pI, pI}, 0},
	OpMapRemoveByKeyList:       {"map_remove_by_key_list", true, []int{pI, pP}, 0},
	OpMapRemoveByValueList:     {"map_remove_by_value_list", true, []int{pI, pP}, 0},
	OpMapRemoveByKeyInterval:   {"map_remove_by_key_interval", true, []int{pI, pP, pP}, 1},
	OpMapRemoveByIndexRange:    {"map_remove_by_index_range", true, []int{pI, pI, pC}, 1},
	OpMapRemoveByValueInterval: {"map_remove_by_value_interval", true, []int{pI, pP, pP}, 1},
	OpMapRemoveByRankRange:     {"map_remove_by_rank_range", true, []int{pI, pI, pC}, 1},
	OpMapRemoveByKeyRelIndex:   {"map_remove_by_key_rel_index_range", true, []int{pI, pP, pI, pC}, 1},
	OpMapRemoveByValueRelRank:  {"map_remove_by_value_rel_rank_range", true, []int{pI, pP, pI, pC}, 1},
	OpMapSize:                  {"map_size", false, nil, 0},
	OpMapGetByKey:              {"map_get_by_key", false, []int{pI, pP}, 0},
	OpMapGetByIndex:            {"map_get_by_index", false, []int{pI, pI}, 0},
	OpMapGetByValue:            {"map_get_all_by_value", false, []int{pI, pP}, 0},
	OpMapGetByRank:             {"map_get_by_rank", false, []int{pI, pI}, 0},
	OpMapGetByKeyInterval:      {"map_get_by_key_interval", false, []int{pI, pP, pP}, 1},
	OpMapGetByIndexRange:       {"map_get_by_index_range", false, []int{pI, pI, pC}, 1},
	OpMapGetByValueInterval:    {"map_get_by_value_interval", false, []int{pI, pP, pP}, 1},
	OpMapGetByRankRange:        {"map_get_by_rank_range", false, []int{pI, pI, pC}, 1},
	OpMapGetByKeyList:          {"map_get_by_key_list", false, []int{pI, pP}, 0},
	OpMapGetByValueList:        {"map_get_by_value_list", false, []int{pI, pP}, 0},
	OpMapGetByKeyRelIndex:      {"map_get_by_key_rel_index_range", false, []int{pI, pP, pI, pC}, 1},
	OpMapGetByValueRelRank:     {"map_get_by_value_rel_rank_range", false, []int{pI, pP, pI, pC}, 1},
}

// SpecOf returns the op table entry of code.
func SpecOf(code OpCode) (Spec, bool) {
	s, ok := specs[code]
	return s, ok
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
