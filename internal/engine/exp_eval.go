package engine

import (
	"bytes"
	"errors"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/exptree"
	"github.com/aerokit/aero/internal/msgpack"
)

// The evaluator follows as/src/base/exp.c rt_eval and the eval_* functions:
// a value is of the type the build checked, or unknown (a missing bin, a
// bin of another type, an integer division by zero...). Unknown propagates
// up through every operation except and/or, which can still decide; a
// filter whose value is unknown does not match (match_internal with a
// record: AS_EXP_UNK is AS_EXP_FALSE), and a read or write expression that
// evaluates to unknown fails (expop.c eval_op).

type kind uint8

const (
	kUnk kind = iota
	kNil
	kBool
	kInt
	kFloat
	kStr
	kBlob
	kList
	kMap
	kHLL   // driver.HLL in v
	kOther // Inf, Wildcard: comparable, no type of their own
	kGeo   // driver.GeoJSON in v; i 1 for a literal
)

type xval struct {
	k kind
	i int64 // kInt; kBool (0 or 1)
	f float64
	s string // kStr
	v any    // kBlob []byte, kList, kMap, kOther
}

var unknown = xval{}

func boolVal(b bool) xval {
	if b {
		return xval{k: kBool, i: 1}
	}
	return xval{k: kBool}
}

// evalRec is the record an expression reads: its bins (the working copy
// during an Operate) and metadata in the engine's units.
type evalRec struct {
	digest   driver.Digest
	set      string
	bins     driver.Bins
	voidTime int64 // Unix seconds, 0 = never
	lut      int64 // Unix milliseconds
	userKey  any
	nowSec   int64
	nowMS    int64
	// stored is the record as it is stored, which record_size measures
	// (as_record_stored_size: the rblocks of the stored copy, not yet
	// those of an Operate's working copy); nil for a record being
	// created.
	stored *record
}

type binding struct {
	name string
	v    xval
}

type evaluator struct {
	r *evalRec
}

// matches runs a filter program on a record: true only when it evaluates
// to true.
func (p program) matches(r *evalRec) bool {
	ev := evaluator{r: r}
	v := ev.eval(p.root, nil)
	return v.k == kBool && v.i == 1
}

// value runs a read or write expression; ok is false when it evaluates to
// unknown (exp.c as_exp_eval returns false).
func (p program) value(r *evalRec) (any, bool) {
	ev := evaluator{r: r}
	v := ev.eval(p.root, nil)
	switch v.k {
	case kUnk, kOther:
		return nil, false
	case kNil:
		return nil, true
	case kBool:
		return v.i == 1, true
	case kInt:
		return v.i, true
	case kFloat:
		return v.f, true
	case kList, kMap:
		return driver.Clone(v.v), true
	case kBlob:
		return append([]byte{}, v.v.([]byte)...), true
	case kHLL:
		return driver.Clone(v.v), true
	case kStr:
		return v.s, true
	case kGeo:
		// as_exp_eval (exp.c, RT_GEO_CONST): the value becomes a particle
		// (as_geojson_to_particle), which fails for a region it cannot
		// cover ("invalid geojson"), and the evaluation with it. The
		// value comes back with the failure: a write with EvalNoFail
		// stores it as it is (the particle as_geojson_to_particle left).
		if v.i == 1 && checkGeoValue(v.v.(driver.GeoJSON)) != nil {
			return v.v, false
		}
	}
	return v.v, true
}

func fromValue(v any) xval {
	switch x := v.(type) {
	case nil:
		return xval{k: kNil}
	case bool:
		return boolVal(x)
	case int64:
		return xval{k: kInt, i: x}
	case uint64:
		// A list or map element above math.MaxInt64, read as an integer:
		// the int64 of its bits (msgpack_get_int64), checked against
		// server 8.1.2 (drivertest Uint64InExpressions).
		return xval{k: kInt, i: int64(x)}
	case float64:
		return xval{k: kFloat, f: x}
	case string:
		return xval{k: kStr, s: x}
	case []byte:
		return xval{k: kBlob, v: x}
	case driver.HLL:
		return xval{k: kHLL, v: x}
	case driver.GeoJSON:
		return xval{k: kGeo, v: x}
	case []any, msgpack.OrderedList:
		return xval{k: kList, v: x}
	case map[any]any, msgpack.OrderedMap:
		return xval{k: kMap, v: x}
	}
	return xval{k: kOther, v: v}
}

// binKind is the expression type of a stored bin value.
func binType(v any) exp.Type {
	switch v.(type) {
	case int64, uint64: // uint64: a list or map element above MaxInt64
		return exp.TypeInt
	case float64:
		return exp.TypeFloat
	case string:
		return exp.TypeString
	case []byte:
		return exp.TypeBlob
	case driver.HLL:
		return exp.TypeHLL
	case driver.GeoJSON:
		return exp.TypeGeo
	case bool:
		return exp.TypeBool
	case []any, msgpack.OrderedList:
		return exp.TypeList
	case map[any]any, msgpack.OrderedMap:
		return exp.TypeMap
	}
	return exp.TypeNil
}

// particleType is the wire particle type of a bin value, as bin_type
// returns it (0 for a missing bin).
func particleType(v any) int64 {
	switch v.(type) {
	case int64:
		return 1
	case float64:
		return 2
	case string:
		return 3
	case []byte:
		return 4
	case bool:
		return 17
	case driver.HLL:
		return 18
	case driver.GeoJSON:
		return 23
	case map[any]any, msgpack.OrderedMap:
		return 19
	case []any, msgpack.OrderedList:
		return 20
	}
	return 0
}

func isMap(v any) bool {
	_, ok := v.(msgpack.OrderedMap)
	return ok
}

func isUnsupported(err error) bool { return errors.Is(err, exp.ErrUnsupported) }

// eval evaluates e with the variables binds (innermost last).
func (ev *evaluator) eval(e *exp.Expr, binds []binding) xval {
	n := nodeOf(e)
	args := n.Args
	switch n.Op {
	case exptree.OpValue, exptree.OpQuote:
		v := fromValue(n.Value)
		if v.k == kGeo {
			v.i = 1 // a literal (RT_GEO_CONST), not a bin's particle
		}
		return v
	case exptree.OpUnknown:
		return unknown
	case exptree.OpEq, exptree.OpNe, exptree.OpGt, exptree.OpGe, exptree.OpLt, exptree.OpLe:
		if b, ok := ev.cmpBinValue(n.Op, args[0], args[1]); ok {
			return b
		}
		l := ev.eval(args[0], binds)
		if l.k == kUnk {
			return unknown
		}
		r := ev.eval(args[1], binds)
		if r.k == kUnk {
			return unknown
		}
		c, ok := compareVals(l, r)
		if !ok {
			return unknown
		}
		return boolVal(cmpResult(n.Op, c))
	case exptree.OpAnd:
		// eval_and: false wins; otherwise unknown if any was unknown.
		res := boolVal(true)
		for _, a := range args {
			v := ev.eval(a, binds)
			if v.k == kUnk {
				res = unknown
				continue
			}
			if v.i == 0 {
				return boolVal(false)
			}
		}
		return res
	case exptree.OpOr:
		res := boolVal(false)
		for _, a := range args {
			v := ev.eval(a, binds)
			if v.k == kUnk {
				res = unknown
				continue
			}
			if v.i == 1 {
				return boolVal(true)
			}
		}
		return res
	case exptree.OpNot:
		v := ev.eval(args[0], binds)
		if v.k == kUnk {
			return unknown
		}
		return boolVal(v.i == 0)
	case exptree.OpGeo:
		return ev.evalGeo(args, binds)
	case exptree.OpBin:
		// eval_bin: a missing bin, or one of another type, is unknown.
		bv, ok := ev.r.bins[n.Name]
		if !ok || binType(bv) != n.Type {
			return unknown
		}
		return fromValue(bv)
	}
	return ev.evalMore(e, binds)
}

// compareVals orders two values of one checked type: integers and floats
// numerically, strings and blobs bytewise (exp.c cmp_bytes), lists and maps
// in the server's value order (cmp_msgpack), which cannot order a structure
// whose unordered map the comparison reaches (unknown; see cmpReached).
func compareVals(l, r xval) (int, bool) {
	if l.k != r.k && l.k != kOther && r.k != kOther {
		return 0, false
	}
	switch l.k {
	case kNil:
		return 0, true
	case kBool, kInt:
		switch {
		case l.i < r.i:
			return -1, true
		case l.i > r.i:
			return 1, true
		}
		return 0, true
	case kFloat:
		switch {
		case l.f < r.f:
			return -1, true
		case l.f > r.f:
			return 1, true
		case l.f == r.f:
			return 0, true
		}
		return 2, true // NaN: only NE holds
	case kStr:
		return stringsCompare(l.s, r.s), true
	case kBlob:
		return bytes.Compare(l.v.([]byte), r.v.([]byte)), true
	}
	c, unordered := cmpReached(l.v, r.v)
	if unordered {
		return 0, false
	}
	return c, true
}

func stringsCompare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpReached compares a and b as the server's msgpack_cmp does
// (cf/src/msgpack_in.c msgpack_cmp_internal): in lockstep, stopping at the
// first difference. A non-empty map without the key-ordered flag that the
// walk reaches makes the comparison unknown (cmp_parse_container sets
// has_unordered_map, which exp.c cmp_msgpack answers AS_EXP_UNK for); one
// behind the first difference is never parsed and does not: [-3, {"k": 1}]
// and [0, 1] are not equal.
func cmpReached(a, b any) (c int, unordered bool) {
	c, _ = cmpWalk(a, b, &unordered)
	return c, unordered
}

func cmpWalk(a, b any, unordered *bool) (c int, stop bool) {
	if unorderedMap(a) || unorderedMap(b) {
		*unordered = true
		return 0, true
	}
	_, wa := a.(msgpack.Wildcard)
	_, wb := b.(msgpack.Wildcard)
	if wa || wb {
		return 0, true // a wildcard ends the comparison: equal
	}
	la, aList := listOf(a)
	lb, bList := listOf(b)
	if aList && bList {
		for i := range min(len(la), len(lb)) {
			if c, stop := cmpWalk(la[i], lb[i], unordered); c != 0 || stop {
				return c, stop
			}
		}
		return msgpack.Compare(len(la), len(lb)), false
	}
	if anyMap(a) && anyMap(b) {
		pa, pb := msgpack.Pairs(a), msgpack.Pairs(b)
		if len(pa) != len(pb) {
			return msgpack.Compare(len(pa), len(pb)), false
		}
		for i := range pa {
			if c, stop := cmpWalk(pa[i].Key, pb[i].Key, unordered); c != 0 || stop {
				return c, stop
			}
			if c, stop := cmpWalk(pa[i].Value, pb[i].Value, unordered); c != 0 || stop {
				return c, stop
			}
		}
		return 0, false
	}
	return msgpack.Compare(a, b), false
}

func listOf(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case msgpack.OrderedList:
		return x, true
	}
	return nil, false
}

func anyMap(v any) bool {
	switch v.(type) {
	case map[any]any, msgpack.OrderedMap:
		return true
	}
	return false
}

// unorderedMap reports a non-empty map without the key-ordered flag (an
// empty one sets no flag: cmp_parse_container returns on len 0).
func unorderedMap(v any) bool {
	switch x := v.(type) {
	case map[any]any:
		return len(x) > 0
	case msgpack.OrderedMap:
		return x.Flags&msgpack.MapKeyOrdered == 0 && len(x.Pairs) > 0
	}
	return false
}

func cmpResult(op exptree.Op, c int) bool {
	if c == 2 { // unordered floats (NaN)
		return op == exptree.OpNe
	}
	switch op {
	case exptree.OpEq:
		return c == 0
	case exptree.OpNe:
		return c != 0
	case exptree.OpGt:
		return c > 0
	case exptree.OpGe:
		return c >= 0
	case exptree.OpLt:
		return c < 0
	}
	return c <= 0
}

// cmpBinValue is the fast path of the commonest filter, a bin compared
// with a literal of its type (the build checked both sides have one type):
// the same result as evaluating both sides and comparing, without building
// the intermediate values. ok is false for other shapes.
func (ev *evaluator) cmpBinValue(op exptree.Op, a, b *exp.Expr) (xval, bool) {
	if nodeOf(a).Op != exptree.OpBin || nodeOf(b).Op != exptree.OpValue {
		return xval{}, false
	}
	bv, present := ev.r.bins[nodeOf(a).Name]
	if !present {
		return unknown, true
	}
	var c int
	switch want := nodeOf(b).Value.(type) {
	case int64:
		x, isInt := bv.(int64)
		if !isInt {
			return unknown, true
		}
		c = cmpInt64(x, want)
	case string:
		x, isStr := bv.(string)
		if !isStr {
			return unknown, true
		}
		c = stringsCompare(x, want)
	case float64:
		x, isFloat := bv.(float64)
		if !isFloat {
			return unknown, true
		}
		switch {
		case x < want:
			c = -1
		case x > want:
			c = 1
		case x == want:
			c = 0
		default:
			c = 2 // NaN
		}
	case bool:
		x, isBool := bv.(bool)
		if !isBool {
			return unknown, true
		}
		c = cmpInt64(b2i(x), b2i(want))
	default:
		return xval{}, false
	}
	return boolVal(cmpResult(op, c)), true
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
