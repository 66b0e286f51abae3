package cdt

import (
	"strings"
	"testing"
)

func TestHazard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		ctx    []Context
		hazard bool
	}{
		{"no context", nil, false},
		{"list index below -1, no create", []Context{CtxListIndex(-5)}, false},
		{"create at -1", []Context{CtxListIndexCreate(-1, ListUnordered, true)}, false},
		{"create at 0 and past the end", []Context{CtxListIndexCreate(0, ListOrdered, false), CtxListIndexCreate(1<<20, ListUnordered, true)}, false},
		{"pad below -1", []Context{CtxListIndexCreate(-2, ListUnordered, true)}, true},
		{"ordered below -1", []Context{CtxListIndexCreate(-5, ListOrdered, false)}, true},
		{"unordered below -1, deeper", []Context{CtxMapKey("a"), {Type: CtxTypeListIndex | CtxCreateListUnordered, Value: int64(-3)}}, true},
		{"persist index alone creates nothing", []Context{{Type: CtxTypeListIndex | 0x100, Value: int64(-3)}}, false},
		{"pad past 2^31-1", []Context{CtxListIndexCreate(1<<31, ListUnordered, true)}, true},
		{"no pad past 2^31-1", []Context{CtxListIndexCreate(1<<31, ListUnordered, false)}, false},
		{"map key create", []Context{CtxMapKeyCreate(int64(-5), MapKeyOrdered)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := ListAppend("l", int64(1)).In(tt.ctx...).Hazard()
			if (err != nil) != tt.hazard {
				t.Fatalf("Hazard() = %v, want hazard %v", err, tt.hazard)
			}
			if err != nil && !strings.Contains(err.Error(), "list_index(") {
				t.Errorf("Hazard() = %q does not name the context", err)
			}
		})
	}
}

func TestHazardEmptyInvertedMapList(t *testing.T) {
	t.Parallel()
	inv := ReturnInverted
	tests := []struct {
		name   string
		op     Op
		hazard bool
	}{
		{"get by empty key list, VALUE|INVERTED", MapGetByKeyList("m", []any{}, ReturnValue|inv), true},
		{"get by empty key list, KEY|INVERTED", MapGetByKeyList("m", nil, ReturnKey|inv), true},
		{"remove by empty key list, KEY_VALUE|INVERTED", MapRemoveByKeyList("m", []any{}, ReturnKeyValue|inv), true},
		{"get by empty value list, ORDERED_MAP|INVERTED", MapGetByValueList("m", []any{}, ReturnOrderedMap|inv), true},
		{"remove by empty value list, UNORDERED_MAP|INVERTED", MapRemoveByValueList("m", []any{}, ReturnUnorderedMap|inv), true},
		{"get by empty key list, range type 9", MapGetByKeyList("m", []any{}, ReturnType(9)|inv), true},
		{"get by empty key list, COUNT|INVERTED", MapGetByKeyList("m", []any{}, ReturnCount|inv), false},
		{"get by empty key list, INDEX|INVERTED", MapGetByKeyList("m", []any{}, ReturnIndex|inv), false},
		{"get by empty key list, NONE|INVERTED", MapGetByKeyList("m", []any{}, ReturnNone|inv), false},
		{"get by empty key list, VALUE", MapGetByKeyList("m", []any{}, ReturnValue), false},
		{"get by a key list, VALUE|INVERTED", MapGetByKeyList("m", []any{"a"}, ReturnValue|inv), false},
		{"list by empty value list, VALUE|INVERTED", ListGetByValueList("l", []any{}, ReturnValue|inv), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.op.Hazard()
			if (err != nil) != tt.hazard {
				t.Fatalf("Hazard() = %v, want hazard %v", err, tt.hazard)
			}
			if err != nil && !strings.Contains(err.Error(), "INVERTED") {
				t.Errorf("Hazard() = %q does not name the return type", err)
			}
		})
	}
}
