package engine

import (
	"fmt"
	"strings"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/exptree"
)

// Expressions are checked before they run, as the server builds them
// (as/src/base/exp.c build_next and the build_* functions): every
// operation's arguments have the types it takes, without coercion, or the
// command fails with PARAMETER_ERROR. The result type of each node is what
// the evaluator relies on.

// rtype is a result type: exp.Type values, plus tAny for a value whose
// type the server leaves open (exp.c TYPE_END: Inf, Wildcard and other
// non-storage values).
type rtype uint8

const tAny rtype = 0xff

// program is a checked expression and its result type. Building one
// allocates nothing (a filtered read stays close to a plain one); compiled
// regular expressions live in a shared cache (regexCache).
type program struct {
	root *exp.Expr
	typ  rtype
}

// buildFilter checks a filter expression: it must return a boolean (exp.c
// check_filter_exp). A malformed or ill-typed one is ParameterError.
func buildFilter(x driver.Expression) (program, error) {
	p, err := buildProgram(x)
	if err != nil {
		return program{}, err
	}
	if p.typ != rtype(exp.TypeBool) {
		return program{}, driver.Errorf(driver.ParameterError, "filter expression %s returns %s, not a boolean", p.root, rtypeName(p.typ))
	}
	return p, nil
}

// buildProgram turns a driver.Expression into a checked program. An
// *exp.Expr is used as it is; any other implementation is decoded from its
// wire form.
func buildProgram(x driver.Expression) (program, error) {
	// An expression that cannot be packed is refused as the Aerospike
	// driver refuses it (driver.CheckExpression): no server could receive
	// it, so the engine does not evaluate it.
	if err := driver.CheckExpression(x); err != nil {
		return program{}, err
	}
	e, ok := x.(*exp.Expr)
	if !ok || e == nil {
		if x == nil {
			return program{}, driver.NewError(driver.ParameterError, "nil expression")
		}
		var err error
		if e, err = exp.Decode(x.AppendWire(nil)); err != nil {
			return program{}, expErr(err)
		}
	} else if err := e.Validate(); err != nil {
		// A tree that does not pack is one its builders refused (an
		// input that crashes a server: the cdt package doc), which the
		// Aerospike driver would not send either (a tree Decode made
		// always packs, so aerotest's answers do not change).
		return program{}, expErr(err)
	}
	var b builder
	t, err := b.check(e, 0)
	if err != nil {
		return program{}, err
	}
	if t == tAny {
		// build_set_expected_particle_type: an expression must have a
		// result type; a lone Inf or Wildcard has none (PARAMETER_ERROR,
		// also for a read or write expression).
		return program{}, paramErr(e, "expression has no result type")
	}
	return program{root: e, typ: t}, nil
}

// expErr maps an error of package exp to a driver error: unsupported
// forms are UnsupportedFeature, the rest ParameterError.
func expErr(err error) error {
	if isUnsupported(err) {
		return driver.Errorf(driver.UnsupportedFeature, "%v", err)
	}
	return driver.Errorf(driver.ParameterError, "%v", err)
}

type scope struct {
	parent *scope
	names  map[string]*exp.Expr // name -> its OpDef node
	typeOf map[*exp.Expr]rtype
}

type builder struct {
	scope *scope
}

func rtypeName(t rtype) string {
	if t == tAny {
		return "any"
	}
	return exp.Type(t).String()
}

func paramErr(e *exp.Expr, format string, args ...any) error {
	return driver.Errorf(driver.ParameterError, "expression %s: %s", e, fmt.Sprintf(format, args...))
}

// check returns the result type of e, or ParameterError.
func (b *builder) check(e *exp.Expr, depth int) (rtype, error) {
	if e == nil {
		return 0, driver.NewError(driver.ParameterError, "expression has a nil sub-expression")
	}
	nd := nodeOf(e)
	if depth > exp.MaxDepth {
		return 0, driver.Errorf(driver.ParameterError, "expression nested deeper than %d", exp.MaxDepth)
	}
	args := nd.Args
	argc := func(n int) error {
		if len(args) != n {
			return paramErr(e, "%s takes %d arguments, has %d", nd.Op, n, len(args))
		}
		return nil
	}
	// sub checks argument i and that it has one of the types want.
	sub := func(i int, want ...rtype) (rtype, error) {
		t, err := b.check(args[i], depth+1)
		if err != nil {
			return 0, err
		}
		if len(want) == 0 {
			return t, nil
		}
		for _, w := range want {
			if t == w {
				return t, nil
			}
		}
		names := make([]string, len(want))
		for j, w := range want {
			names[j] = rtypeName(w)
		}
		return 0, paramErr(e, "argument %d of %s is %s, want %s", i+1, nd.Op, rtypeName(t), strings.Join(names, " or "))
	}
	const (
		tBool  = rtype(exp.TypeBool)
		tInt   = rtype(exp.TypeInt)
		tStr   = rtype(exp.TypeString)
		tList  = rtype(exp.TypeList)
		tBlob  = rtype(exp.TypeBlob)
		tFloat = rtype(exp.TypeFloat)
		tGeo   = rtype(exp.TypeGeo)
		tHLL   = rtype(exp.TypeHLL)
	)
	switch nd.Op {
	case exptree.OpValue:
		if g, ok := nd.Value.(exp.GeoJSON); ok {
			return checkGeoVal(e, g)
		}
		return valueType(nd.Value)
	case exptree.OpQuote:
		if _, ok := nd.Value.([]any); !ok {
			return 0, paramErr(e, "quote of a %T, want a list", nd.Value)
		}
		return tList, nil
	case exptree.OpUnknown:
		return tBool, argc(0)
	case exptree.OpEq, exptree.OpNe, exptree.OpGt, exptree.OpGe, exptree.OpLt, exptree.OpLe:
		// build_compare: both sides of one type, not GeoJSON or HLL.
		if err := argc(2); err != nil {
			return 0, err
		}
		l, err := sub(0)
		if err != nil {
			return 0, err
		}
		r, err := sub(1)
		if err != nil {
			return 0, err
		}
		if l != r {
			return 0, paramErr(e, "%s compares %s with %s (no type coercion)", nd.Op, rtypeName(l), rtypeName(r))
		}
		if l == tGeo || l == tHLL {
			return 0, paramErr(e, "%s cannot compare %s values", nd.Op, rtypeName(l))
		}
		return tBool, nil
	case exptree.OpRegex:
		// build_cmp_regex: a string argument and a pattern that compiles.
		if err := argc(1); err != nil {
			return 0, err
		}
		if _, err := sub(0, tStr); err != nil {
			return 0, err
		}
		if _, err := compileRegex(nd.Name, nd.Flags); err != nil {
			return 0, paramErr(e, "regex %q: %v", nd.Name, err)
		}
		return tBool, nil
	case exptree.OpGeo:
		if err := argc(2); err != nil {
			return 0, err
		}
		if _, err := sub(0, tGeo); err != nil {
			return 0, err
		}
		if _, err := sub(1, tGeo); err != nil {
			return 0, err
		}
		return tBool, nil
	case exptree.OpAnd, exptree.OpOr, exptree.OpExclusive:
		// build_logical_vargs: at least two booleans.
		if len(args) < 2 {
			return 0, paramErr(e, "%s takes at least 2 arguments, has %d", nd.Op, len(args))
		}
		for i := range args {
			if _, err := sub(i, tBool); err != nil {
				return 0, err
			}
		}
		return tBool, nil
	case exptree.OpNot:
		if err := argc(1); err != nil {
			return 0, err
		}
		_, err := sub(0, tBool)
		return tBool, err
	case exptree.OpAdd, exptree.OpSub, exptree.OpMul, exptree.OpDiv, exptree.OpMin, exptree.OpMax:
		// build_math_vargs: one or more numbers, all integers or all
		// floats; the result has their type.
		if len(args) < 1 {
			return 0, paramErr(e, "%s takes at least 1 argument", nd.Op)
		}
		var t rtype
		for i := range args {
			ti, err := sub(i, tInt, tFloat)
			if err != nil {
				return 0, err
			}
			if i > 0 && ti != t {
				return 0, paramErr(e, "%s mixes %s and %s (no type coercion)", nd.Op, rtypeName(t), rtypeName(ti))
			}
			t = ti
		}
		return t, nil
	case exptree.OpPow, exptree.OpLog:
		if err := argc(2); err != nil {
			return 0, err
		}
		if _, err := sub(0, tFloat); err != nil {
			return 0, err
		}
		_, err := sub(1, tFloat)
		return tFloat, err
	case exptree.OpMod, exptree.OpIntLShift, exptree.OpIntRShift, exptree.OpIntARShift:
		if err := argc(2); err != nil {
			return 0, err
		}
		if _, err := sub(0, tInt); err != nil {
			return 0, err
		}
		_, err := sub(1, tInt)
		return tInt, err
	case exptree.OpAbs:
		if err := argc(1); err != nil {
			return 0, err
		}
		return sub(0, tInt, tFloat)
	case exptree.OpFloor, exptree.OpCeil:
		if err := argc(1); err != nil {
			return 0, err
		}
		return sub(0, tFloat)
	case exptree.OpToInt:
		if err := argc(1); err != nil {
			return 0, err
		}
		_, err := sub(0, tFloat)
		return tInt, err
	case exptree.OpToFloat:
		if err := argc(1); err != nil {
			return 0, err
		}
		_, err := sub(0, tInt)
		return tFloat, err
	case exptree.OpIntAnd, exptree.OpIntOr, exptree.OpIntXor:
		if len(args) < 1 {
			return 0, paramErr(e, "%s takes at least 1 argument", nd.Op)
		}
		for i := range args {
			if _, err := sub(i, tInt); err != nil {
				return 0, err
			}
		}
		return tInt, nil
	case exptree.OpIntNot, exptree.OpIntCount:
		if err := argc(1); err != nil {
			return 0, err
		}
		return sub(0, tInt)
	case exptree.OpIntLScan, exptree.OpIntRScan:
		if err := argc(2); err != nil {
			return 0, err
		}
		if _, err := sub(0, tInt); err != nil {
			return 0, err
		}
		_, err := sub(1, tBool)
		return tInt, err
	case exptree.OpDigestModulo:
		if nd.Flags == 0 || int64(int32(nd.Flags)) == 0 {
			// build_meta_digest_mod: "cannot modulo by zero" (the modulus
			// is kept as an int32).
			return 0, paramErr(e, "digest modulo by zero")
		}
		return tInt, nil
	case exptree.OpDeviceSize, exptree.OpLastUpdate, exptree.OpSinceUpdate, exptree.OpVoidTime, exptree.OpTTL, exptree.OpMemorySize, exptree.OpRecordSize:
		return tInt, argc(0)
	case exptree.OpSetName:
		return tStr, argc(0)
	case exptree.OpKeyExists, exptree.OpIsTombstone:
		return tBool, argc(0)
	case exptree.OpKey:
		switch t := rtype(nd.Type); t {
		case tInt, tStr, tBlob:
			return t, nil
		}
		return 0, paramErr(e, "key of type %s (want int, str or blob)", nd.Type)
	case exptree.OpBin:
		if err := checkExpBinName(e); err != nil {
			return 0, err
		}
		if nd.Type > exp.TypeHLL {
			return 0, paramErr(e, "bin of invalid type %d", nd.Type)
		}
		return rtype(nd.Type), nil
	case exptree.OpBinType:
		return tInt, checkExpBinName(e)
	case exptree.OpCall:
		return b.checkCall(e, depth)
	case exptree.OpCond:
		return b.checkCond(e, depth)
	case exptree.OpLet:
		return b.checkLet(e, depth)
	case exptree.OpVar:
		for s := b.scope; s != nil; s = s.parent {
			if d, ok := s.names[nd.Name]; ok {
				t, defined := s.typeOf[d]
				if !defined {
					return 0, paramErr(e, "variable %q used while it is defined", nd.Name)
				}
				return t, nil
			}
		}
		return 0, paramErr(e, "undefined variable %q", nd.Name)
	case exptree.OpDef:
		return 0, paramErr(e, "def outside let")
	}
	return 0, paramErr(e, "unsupported operation %s", nd.Op)
}

// checkExpBinName applies as_bin_name_check to the bin name of a bin or
// bin_type node (build_bin, build_bin_type: PARAMETER_ERROR).
func checkExpBinName(e *exp.Expr) error {
	if n := nodeOf(e).Name; len(n) > driver.MaxBinNameLen || strings.IndexByte(n, 0) >= 0 {
		return paramErr(e, "invalid bin name %q", n)
	}
	return nil
}

func valueType(v any) (rtype, error) {
	switch v.(type) {
	case nil:
		return rtype(exp.TypeNil), nil
	case bool:
		return rtype(exp.TypeBool), nil
	case int64:
		return rtype(exp.TypeInt), nil
	case float64:
		return rtype(exp.TypeFloat), nil
	case string:
		return rtype(exp.TypeString), nil
	case []byte:
		return rtype(exp.TypeBlob), nil
	case exp.GeoJSON:
		return rtype(exp.TypeGeo), nil
	case map[any]any:
		return rtype(exp.TypeMap), nil
	}
	if isMap(v) {
		return rtype(exp.TypeMap), nil
	}
	// build_value_msgpack: other MessagePack values (Inf, Wildcard) have
	// no type of their own.
	return tAny, nil
}

// checkCond is build_cond: pairs of (boolean condition, value) and a
// default; every value has one type, except Unknown, allowed anywhere.
func (b *builder) checkCond(e *exp.Expr, depth int) (rtype, error) {
	args := nodeOf(e).Args
	if len(args) < 3 {
		return 0, paramErr(e, "cond takes at least 3 arguments, has %d", len(args))
	}
	if len(args)%2 == 0 {
		return 0, paramErr(e, "cond requires a default value")
	}
	t, have := rtype(0), false
	for i, a := range args {
		at, err := b.check(a, depth+1)
		if err != nil {
			return 0, err
		}
		if i%2 == 0 && i != len(args)-1 {
			if at != rtype(exp.TypeBool) {
				return 0, paramErr(e, "condition %d is %s, not a boolean", i/2+1, rtypeName(at))
			}
			continue
		}
		if nodeOf(a).Op == exptree.OpUnknown {
			continue
		}
		if have && at != t {
			return 0, paramErr(e, "cond values of types %s and %s", rtypeName(t), rtypeName(at))
		}
		t, have = at, true
	}
	if !have {
		t = rtype(exp.TypeBool)
	}
	return t, nil
}

// checkLet is build_let: variables named [A-Za-z_][A-Za-z0-9_]*, not
// shadowing one in scope, each visible to the later ones and to the scope.
func (b *builder) checkLet(e *exp.Expr, depth int) (rtype, error) {
	args := nodeOf(e).Args
	if len(args) < 2 {
		return 0, paramErr(e, "let takes at least one def and a scope")
	}
	s := &scope{parent: b.scope, names: map[string]*exp.Expr{}, typeOf: map[*exp.Expr]rtype{}}
	b.scope = s
	defer func() { b.scope = s.parent }()
	for _, d := range args[:len(args)-1] {
		if d == nil || nodeOf(d).Op != exptree.OpDef || len(nodeOf(d).Args) != 1 {
			return 0, paramErr(e, "every argument of let but the last must be a def")
		}
		name := nodeOf(d).Name
		if !validVarName(name) {
			return 0, paramErr(e, "illegal variable name %q", name)
		}
		for p := s; p != nil; p = p.parent {
			if _, dup := p.names[name]; dup {
				return 0, paramErr(e, "duplicate variable name %q", name)
			}
		}
		s.names[name] = d
		t, err := b.check(nodeOf(d).Args[0], depth+1)
		if err != nil {
			return 0, err
		}
		s.typeOf[d] = t
	}
	return b.check(args[len(args)-1], depth+1)
}

func validVarName(n string) bool {
	if n == "" {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		alpha := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !alpha && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// node is the tree of an expression node (internal/exptree), as the engine
// reads it.
type node = exptree.Node[*exp.Expr, exp.Type]

// nodeOf returns the node of e (not nil).
func nodeOf(e *exp.Expr) *node { return exptree.Of[*exp.Expr, exp.Type](e) }
