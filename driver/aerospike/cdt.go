package aerospike

import (
	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
	"github.com/aerokit/aero/internal/opspec"
)

// cdtArgs reads a cdt.Op's arguments for the translation, recording the
// first argument of the wrong kind.
type cdtArgs struct {
	op  cdt.Op
	err error
}

func (a *cdtArgs) n() int { return len(a.op.Args) }

func (a *cdtArgs) bad(i int, want string) {
	if a.err == nil {
		a.err = driver.Errorf(driver.ParameterError, "bin %q: %s: argument %d is a %T, want %s", a.op.Bin, a.op.Code, i+1, a.op.Args[i], want)
	}
}

func (a *cdtArgs) int(i int) int {
	if i >= len(a.op.Args) {
		return 0
	}
	v, ok := a.op.Args[i].(int64)
	if !ok {
		a.bad(i, "an integer")
	}
	return int(v)
}

func (a *cdtArgs) val(i int) any {
	if i >= len(a.op.Args) {
		return nil
	}
	return clientArg(a.op.Args[i])
}

func (a *cdtArgs) list(i int) []any {
	l, ok := a.op.Args[i].([]any)
	if !ok {
		a.bad(i, "a list")
		return nil
	}
	out := make([]any, len(l))
	for j, e := range l {
		out[j] = clientArg(e)
	}
	return out
}

func (a *cdtArgs) amap(i int) map[any]any {
	m, ok := a.op.Args[i].(map[any]any)
	if !ok {
		a.bad(i, "a map")
		return nil
	}
	out := make(map[any]any, len(m))
	for k, e := range m {
		out[k] = clientArg(e)
	}
	return out
}

func (a *cdtArgs) lrt(i int) as.ListReturnType { return as.ListReturnType(a.int(i)) }
func (a *cdtArgs) mrt(i int) as.MapReturnTypes { return as.MapReturnTypes(a.int(i)) }

// clientArg converts a canonical value to what the client packs the same
// way: infinity and wildcard to the client's InfinityValue and
// WildCardValue (packer.go packInfinity, packWildCard).
func clientArg(v any) any {
	switch x := v.(type) {
	case msgpack.Inf:
		return as.NewInfinityValue()
	case msgpack.Wildcard:
		return as.NewWildCardValue()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clientArg(e)
		}
		return out
	case map[any]any:
		// Packed in key order (keyOrderedMap), by msgpack.Pack, which
		// packs infinity and wildcard as the client does.
		return keyOrderedMap(x)
	}
	return v
}

func mapOrder(attr int) (as.MapOrderTypes, bool) {
	switch attr &^ 0x10 {
	case int(cdt.MapUnordered):
		return as.MapOrder.UNORDERED, true
	case int(cdt.MapKeyOrdered):
		return as.MapOrder.KEY_ORDERED, true
	case int(cdt.MapKeyValueOrdered):
		return as.MapOrder.KEY_VALUE_ORDERED, true
	}
	return as.MapOrder.UNORDERED, false
}

// cdtToClient translates a list or map operation to the client's operation
// that packs the same request (client cdt_list.go, cdt_map.go; an argument
// the server defaults is sent explicitly with its default where the client
// has no form without it).
func cdtToClient(dop driver.Operation) (*as.Operation, error) {
	var op cdt.Op
	switch v := dop.Value.(type) {
	case cdt.Op:
		op = v
	case *cdt.Op:
		if v == nil {
			return nil, driver.Errorf(driver.ParameterError, "bin %q: nil list or map operation", dop.Bin)
		}
		op = *v
	default:
		return nil, driver.Errorf(driver.ParameterError, "bin %q: %s operation holds a %T, want a cdt.Op", dop.Bin, dop.Type, dop.Value)
	}
	if err := op.Err(); err != nil {
		return nil, driver.Errorf(driver.ParameterError, "%v", err)
	}
	if err := op.Hazard(); err != nil {
		// An input that crashes a real server is never sent (cdt package
		// doc, "Inputs that crash a server").
		return nil, driver.Errorf(driver.ParameterError, "%v", err)
	}
	if op.Bin != dop.Bin {
		return nil, driver.Errorf(driver.ParameterError, "operation on bin %q sent for bin %q", op.Bin, dop.Bin)
	}
	spec, ok := opspec.CDTOf(int(op.Code))
	if !ok {
		return nil, driver.Errorf(driver.ParameterError, "bin %q: unknown list or map operation code %d", op.Bin, int(op.Code))
	}
	if spec.Modify != (dop.Type == driver.OpCDTModify) {
		return nil, driver.Errorf(driver.ParameterError, "bin %q: %s sent as %s", op.Bin, op.Code, dop.Type)
	}
	if n, req := len(op.Args), len(spec.Params)-spec.Optional; n < req || n > len(spec.Params) {
		return nil, driver.Errorf(driver.ParameterError, "bin %q: %s with %d arguments, want %d to %d", op.Bin, op.Code, n, req, len(spec.Params))
	}
	ctx := make([]*as.CDTContext, len(op.Ctx))
	for i, c := range op.Ctx {
		ctx[i] = &as.CDTContext{Id: c.Type, Value: as.NewValue(clientArg(c.Value))}
	}
	switch op.Code {
	case cdt.OpListIncrement, cdt.OpMapIncrement, cdt.OpMapDecrement:
		// The client panics on another delta; the server answers
		// PARAMETER_ERROR (cdt.c cdt_calc_delta_init).
		if len(op.Args) > 1 {
			switch op.Args[1].(type) {
			case int64, float64:
			default:
				return nil, driver.Errorf(driver.ParameterError, "bin %q: %s by a %T, want an integer or float", op.Bin, op.Code, op.Args[1])
			}
		}
	}
	a := &cdtArgs{op: op}
	o, err := cdtClientOp(op, a, ctx)
	if err != nil {
		return nil, err
	}
	if a.err != nil {
		return nil, a.err
	}
	return o, nil
}

func cdtClientOp(op cdt.Op, a *cdtArgs, ctx []*as.CDTContext) (*as.Operation, error) {
	bin := op.Bin
	switch op.Code {
	case cdt.OpListSetType:
		return as.ListSetOrderOp(bin, as.ListOrderType(a.int(0)), ctx...), nil
	case cdt.OpListAppend:
		return as.ListAppendWithPolicyContextOp(as.NewListPolicy(as.ListOrderType(a.int(1)), a.int(2)), bin, ctx, a.val(0)), nil
	case cdt.OpListAppendItems:
		return as.ListAppendWithPolicyContextOp(as.NewListPolicy(as.ListOrderType(a.int(1)), a.int(2)), bin, ctx, a.list(0)...), nil
	case cdt.OpListInsert:
		return as.ListInsertWithPolicyContextOp(as.NewListPolicy(as.ListOrderType(0), a.int(2)), bin, a.int(0), ctx, a.val(1)), nil
	case cdt.OpListInsertItems:
		return as.ListInsertWithPolicyContextOp(as.NewListPolicy(as.ListOrderType(0), a.int(2)), bin, a.int(0), ctx, a.list(1)...), nil
	case cdt.OpListPop:
		return as.ListPopOp(bin, a.int(0), ctx...), nil
	case cdt.OpListPopRange:
		if a.n() == 1 {
			return as.ListPopRangeFromOp(bin, a.int(0), ctx...), nil
		}
		if a.int(1) == 1 {
			// ListPopRangeOp sends a count of 1 as a single pop (and
			// drops the context); remove-by-index-range returning values
			// is the same range operation (particle_list.c).
			return as.ListRemoveByIndexRangeCountOp(bin, a.int(0), 1, as.ListReturnTypeValue, ctx...), nil
		}
		return as.ListPopRangeOp(bin, a.int(0), a.int(1), ctx...), nil
	case cdt.OpListRemove:
		return as.ListRemoveOp(bin, a.int(0), ctx...), nil
	case cdt.OpListRemoveRange:
		if a.n() == 1 {
			return as.ListRemoveRangeFromOp(bin, a.int(0), ctx...), nil
		}
		if a.int(1) == 1 {
			// As for pop: ListRemoveRangeOp turns a count of 1 into a
			// single remove.
			return as.ListRemoveByIndexRangeCountOp(bin, a.int(0), 1, as.ListReturnTypeCount, ctx...), nil
		}
		return as.ListRemoveRangeOp(bin, a.int(0), a.int(1), ctx...), nil
	case cdt.OpListSet:
		return as.ListSetWithPolicyOp(as.NewListPolicy(as.ListOrderType(0), a.int(2)), bin, a.int(0), a.val(1), ctx...), nil
	case cdt.OpListTrim:
		return as.ListTrimOp(bin, a.int(0), a.int(1), ctx...), nil
	case cdt.OpListClear:
		return as.ListClearOp(bin, ctx...), nil
	case cdt.OpListIncrement:
		switch a.n() {
		case 1:
			return as.ListIncrementByOneOp(bin, a.int(0), ctx...), nil
		case 2:
			return as.ListIncrementOp(bin, a.int(0), a.val(1), ctx...), nil
		case 3:
			// ListIncrementWithPolicyOp packs [index, value, policy flags]
			// into the slot the server reads as the create order.
			return as.ListIncrementWithPolicyOp(as.NewListPolicy(as.ListOrderType(0), a.int(2)), bin, a.int(0), a.val(1), ctx...), nil
		}
		if v, ok := op.Args[1].(int64); ok && v == 1 {
			return as.ListIncrementByOneWithPolicyOp(as.NewListPolicy(as.ListOrderType(a.int(2)), a.int(3)), bin, a.int(0), ctx...), nil
		}
		return nil, driver.Errorf(driver.ParameterError, "bin %q: list increment by %v with both a create order and write flags cannot be expressed with client v8", bin, op.Args[1])
	case cdt.OpListSort:
		return as.ListSortOp(bin, as.ListSortFlags(a.int(0)), ctx...), nil
	case cdt.OpListSize:
		return as.ListSizeOp(bin, ctx...), nil
	case cdt.OpListGet:
		return as.ListGetOp(bin, a.int(0), ctx...), nil
	case cdt.OpListGetRange:
		if a.n() == 1 {
			return as.ListGetRangeFromOp(bin, a.int(0), ctx...), nil
		}
		return as.ListGetRangeOp(bin, a.int(0), a.int(1), ctx...), nil
	case cdt.OpListGetByIndex:
		return as.ListGetByIndexOp(bin, a.int(1), a.lrt(0), ctx...), nil
	case cdt.OpListGetByIndexRange:
		if a.n() == 2 {
			return as.ListGetByIndexRangeOp(bin, a.int(1), a.lrt(0), ctx...), nil
		}
		return as.ListGetByIndexRangeCountOp(bin, a.int(1), a.int(2), a.lrt(0), ctx...), nil
	case cdt.OpListGetByRank:
		return as.ListGetByRankOp(bin, a.int(1), a.lrt(0), ctx...), nil
	case cdt.OpListGetByRankRange:
		if a.n() == 2 {
			return as.ListGetByRankRangeOp(bin, a.int(1), a.lrt(0), ctx...), nil
		}
		return as.ListGetByRankRangeCountOp(bin, a.int(1), a.int(2), a.lrt(0), ctx...), nil
	case cdt.OpListGetByValue:
		return as.ListGetByValueOp(bin, a.val(1), a.lrt(0), ctx...), nil
	case cdt.OpListGetByValueList:
		return as.ListGetByValueListOp(bin, a.list(1), a.lrt(0), ctx...), nil
	case cdt.OpListGetByValueInterval:
		return as.ListGetByValueRangeOp(bin, a.val(1), a.val(2), a.lrt(0), ctx...), nil
	case cdt.OpListGetByValueRelRank:
		if a.n() == 3 {
			return as.ListGetByValueRelativeRankRangeOp(bin, a.val(1), a.int(2), a.lrt(0), ctx...), nil
		}
		return as.ListGetByValueRelativeRankRangeCountOp(bin, a.val(1), a.int(2), a.int(3), a.lrt(0), ctx...), nil
	case cdt.OpListRemoveByIndex:
		return as.ListRemoveByIndexOp(bin, a.int(1), a.lrt(0), ctx...), nil
	case cdt.OpListRemoveByIndexRange:
		if a.n() == 2 {
			return as.ListRemoveByIndexRangeOp(bin, a.int(1), a.lrt(0), ctx...), nil
		}
		return as.ListRemoveByIndexRangeCountOp(bin, a.int(1), a.int(2), a.lrt(0), ctx...), nil
	case cdt.OpListRemoveByRank:
		return as.ListRemoveByRankOp(bin, a.int(1), a.lrt(0), ctx...), nil
	case cdt.OpListRemoveByRankRange:
		if a.n() == 2 {
			return as.ListRemoveByRankRangeOp(bin, a.int(1), a.lrt(0), ctx...), nil
		}
		return as.ListRemoveByRankRangeCountOp(bin, a.int(1), a.int(2), a.lrt(0), ctx...), nil
	case cdt.OpListRemoveByValue:
		return as.ListRemoveByValueOp(bin, a.val(1), a.lrt(0), ctx...), nil
	case cdt.OpListRemoveByValueList:
		return as.ListRemoveByValueListOp(bin, a.list(1), a.lrt(0), ctx...), nil
	case cdt.OpListRemoveByValueInterval:
		return as.ListRemoveByValueRangeOp(bin, a.lrt(0), a.val(1), a.val(2), ctx...), nil
	case cdt.OpListRemoveByValueRelRank:
		if a.n() == 3 {
			return as.ListRemoveByValueRelativeRankRangeOp(bin, a.lrt(0), a.val(1), a.int(2), ctx...), nil
		}
		return as.ListRemoveByValueRelativeRankRangeCountOp(bin, a.lrt(0), a.val(1), a.int(2), a.int(3), ctx...), nil
	}
	return cdtMapClientOp(op, a, ctx)
}

func cdtMapClientOp(op cdt.Op, a *cdtArgs, ctx []*as.CDTContext) (*as.Operation, error) {
	bin := op.Bin
	order := func(i int) (as.MapOrderTypes, error) {
		o, ok := mapOrder(a.int(i))
		if !ok {
			return o, driver.Errorf(driver.ParameterError, "bin %q: %s: map order %d", bin, op.Code, a.int(i))
		}
		return o, nil
	}
	switch op.Code {
	case cdt.OpMapSetType:
		o, err := order(0)
		if err != nil {
			return nil, err
		}
		if a.int(0)&0x10 != 0 {
			return as.MapSetPolicyOp(as.NewMapPolicyWithFlagsAndPersistedIndex(o, 0), bin, ctx...), nil
		}
		return as.MapSetPolicyOp(as.NewMapPolicyWithFlags(o, 0), bin, ctx...), nil
	case cdt.OpMapPut, cdt.OpMapAdd, cdt.OpMapReplace, cdt.OpMapPutItems, cdt.OpMapAddItems, cdt.OpMapReplaceItems:
		items := op.Code == cdt.OpMapPutItems || op.Code == cdt.OpMapAddItems || op.Code == cdt.OpMapReplaceItems
		attrAt := 2
		if items {
			attrAt = 1
		}
		o, err := order(attrAt)
		if err != nil {
			return nil, err
		}
		var p *as.MapPolicy
		switch op.Code {
		case cdt.OpMapAdd, cdt.OpMapAddItems:
			p = as.NewMapPolicy(o, as.MapWriteMode.CREATE_ONLY)
		case cdt.OpMapReplace, cdt.OpMapReplaceItems:
			p = as.NewMapPolicy(o, as.MapWriteMode.UPDATE_ONLY)
		default:
			p = as.NewMapPolicyWithFlags(o, a.int(attrAt+1))
		}
		if items {
			return as.MapPutItemsOp(p, bin, a.amap(0), ctx...), nil
		}
		return as.MapPutOp(p, bin, a.val(0), a.val(1), ctx...), nil
	case cdt.OpMapIncrement, cdt.OpMapDecrement:
		o, err := order(2)
		if err != nil {
			return nil, err
		}
		var delta any = int64(1)
		if a.n() > 1 {
			delta = a.val(1)
		}
		if op.Code == cdt.OpMapDecrement {
			return as.MapDecrementOp(as.NewMapPolicyWithFlags(o, 0), bin, a.val(0), delta, ctx...), nil
		}
		return as.MapIncrementOp(as.NewMapPolicyWithFlags(o, 0), bin, a.val(0), delta, ctx...), nil
	case cdt.OpMapClear:
		return as.MapClearOp(bin, ctx...), nil
	case cdt.OpMapSize:
		return as.MapSizeOp(bin, ctx...), nil
	case cdt.OpMapGetByKey:
		return as.MapGetByKeyOp(bin, a.val(1), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByKey:
		return as.MapRemoveByKeyOp(bin, a.val(1), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByKeyList:
		return as.MapGetByKeyListOp(bin, a.list(1), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByKeyList:
		return as.MapRemoveByKeyListOp(bin, a.list(1), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByKeyInterval:
		return as.MapGetByKeyRangeOp(bin, a.val(1), a.val(2), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByKeyInterval:
		return as.MapRemoveByKeyRangeOp(bin, a.val(1), a.val(2), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByKeyRelIndex:
		if a.n() == 3 {
			return as.MapGetByKeyRelativeIndexRangeOp(bin, a.val(1), a.int(2), a.mrt(0), ctx...), nil
		}
		return as.MapGetByKeyRelativeIndexRangeCountOp(bin, a.val(1), a.int(2), a.int(3), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByKeyRelIndex:
		if a.n() == 3 {
			return as.MapRemoveByKeyRelativeIndexRangeOp(bin, a.val(1), a.int(2), a.mrt(0), ctx...), nil
		}
		return as.MapRemoveByKeyRelativeIndexRangeCountOp(bin, a.val(1), a.int(2), a.int(3), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByValue:
		return as.MapGetByValueOp(bin, a.val(1), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByValue:
		return as.MapRemoveByValueOp(bin, a.val(1), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByValueList:
		return as.MapGetByValueListOp(bin, a.list(1), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByValueList:
		return as.MapRemoveByValueListOp(bin, a.list(1), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByValueInterval:
		return as.MapGetByValueRangeOp(bin, a.val(1), a.val(2), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByValueInterval:
		return as.MapRemoveByValueRangeOp(bin, a.val(1), a.val(2), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByValueRelRank:
		if a.n() == 3 {
			return as.MapGetByValueRelativeRankRangeOp(bin, a.val(1), a.int(2), a.mrt(0), ctx...), nil
		}
		return as.MapGetByValueRelativeRankRangeCountOp(bin, a.val(1), a.int(2), a.int(3), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByValueRelRank:
		if a.n() == 3 {
			return as.MapRemoveByValueRelativeRankRangeOp(bin, a.val(1), a.int(2), a.mrt(0), ctx...), nil
		}
		return as.MapRemoveByValueRelativeRankRangeCountOp(bin, a.val(1), a.int(2), a.int(3), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByIndex:
		return as.MapGetByIndexOp(bin, a.int(1), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByIndex:
		return as.MapRemoveByIndexOp(bin, a.int(1), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByIndexRange:
		if a.n() == 2 {
			return as.MapGetByIndexRangeOp(bin, a.int(1), a.mrt(0), ctx...), nil
		}
		return as.MapGetByIndexRangeCountOp(bin, a.int(1), a.int(2), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByIndexRange:
		if a.n() == 2 {
			return as.MapRemoveByIndexRangeOp(bin, a.int(1), a.mrt(0), ctx...), nil
		}
		return as.MapRemoveByIndexRangeCountOp(bin, a.int(1), a.int(2), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByRank:
		return as.MapGetByRankOp(bin, a.int(1), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByRank:
		return as.MapRemoveByRankOp(bin, a.int(1), a.mrt(0), ctx...), nil
	case cdt.OpMapGetByRankRange:
		if a.n() == 2 {
			return as.MapGetByRankRangeOp(bin, a.int(1), a.mrt(0), ctx...), nil
		}
		return as.MapGetByRankRangeCountOp(bin, a.int(1), a.int(2), a.mrt(0), ctx...), nil
	case cdt.OpMapRemoveByRankRange:
		if a.n() == 2 {
			return as.MapRemoveByRankRangeOp(bin, a.int(1), a.mrt(0), ctx...), nil
		}
		return as.MapRemoveByRankRangeCountOp(bin, a.int(1), a.int(2), a.mrt(0), ctx...), nil
	}
	return nil, driver.Errorf(driver.ParameterError, "bin %q: operation %s has no client v8 form", bin, op.Code)
}

// respondsAll reports whether the client sends ops with respond-all-ops:
// when one of them is a map, bit or HLL operation (operate_args.go).
func respondsAll(ops []driver.Operation) bool {
	for _, op := range ops {
		if op.Type == driver.OpBitRead || op.Type == driver.OpBitModify || op.Type == driver.OpHLLRead || op.Type == driver.OpHLLModify {
			return true
		}
		if op.Type != driver.OpCDTRead && op.Type != driver.OpCDTModify {
			continue
		}
		switch v := op.Value.(type) {
		case cdt.Op:
			if v.Code.IsMap() {
				return true
			}
		case *cdt.Op:
			if v != nil && v.Code.IsMap() {
				return true
			}
		}
	}
	return false
}
