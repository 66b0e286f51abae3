package engine

import (
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
)

// HyperLogLog operations, after the server's as/src/base/particle_hll.c:
// hll_modify and hll_read (bin check, then argument parse, then the write
// flags, then the op's prepare and execute), the op tables (argument
// counts and allowed flags) and the hll_parse_* functions. The sketch
// itself is package hll's.

// unset is the server's 0xff for bits an op leaves to the bin (a -1
// argument, or no argument).
const hllUnset = -1

// hllHeader is the size of the server's hll_t header.
const hllHeader = 11

// hllArgs is a parsed operation (hll_op).
type hllArgs struct {
	elements  [][]byte
	hlls      []hll.HLL
	indexBits int
	minhash   int
	flags     int64
}

type hllArgKind int

const (
	argIndexBits hllArgKind = iota
	argMinhashBits
	argFlags
	argElements
	argHLLs
)

// hllDef is an op table entry (HLL_MODIFY_OP_ENTRY, HLL_READ_OP_ENTRY).
type hllDef struct {
	allowed  hll.WriteFlags
	min, max int
	args     []hllArgKind
}

var hllDefs = map[hll.OpCode]hllDef{
	hll.OpInit:              {hll.CreateOnly | hll.UpdateOnly | hll.NoFail, 0, 3, []hllArgKind{argIndexBits, argMinhashBits, argFlags}},
	hll.OpAdd:               {hll.CreateOnly | hll.NoFail, 1, 4, []hllArgKind{argElements, argIndexBits, argMinhashBits, argFlags}},
	hll.OpSetUnion:          {hll.CreateOnly | hll.UpdateOnly | hll.AllowFold | hll.NoFail, 1, 2, []hllArgKind{argHLLs, argFlags}},
	hll.OpRefreshCount:      {0, 0, 0, nil},
	hll.OpFold:              {0, 1, 1, []hllArgKind{argIndexBits}},
	hll.OpGetCount:          {0, 0, 0, nil},
	hll.OpGetUnion:          {0, 1, 1, []hllArgKind{argHLLs}},
	hll.OpGetUnionCount:     {0, 1, 1, []hllArgKind{argHLLs}},
	hll.OpGetIntersectCount: {0, 1, 1, []hllArgKind{argHLLs}},
	hll.OpGetSimilarity:     {0, 1, 1, []hllArgKind{argHLLs}},
	hll.OpDescribe:          {0, 0, 0, nil},
	hll.OpMayContain:        {0, 1, 1, []hllArgKind{argElements}},
}

type hllCall struct {
	key *driver.Key
	op  hll.Op
}

func (c *hllCall) fail(code driver.ResultCode, format string, args ...any) error {
	return driver.Errorf(code, "key %s: bin %q: %s: %s", c.key, c.op.Bin, c.op.Code, fmt.Sprintf(format, args...))
}

// hllOp extracts the hll.Op of a driver operation.
func hllOp(key *driver.Key, dop *driver.Operation) (hll.Op, error) {
	switch v := dop.Value.(type) {
	case hll.Op:
		return v, nil
	case *hll.Op:
		if v != nil {
			return *v, nil
		}
	}
	return hll.Op{}, driver.Errorf(driver.ParameterError, "key %s: bin %q: %s operation holds a %T, want an hll.Op", key, dop.Bin, dop.Type, dop.Value)
}

// applyHLL applies one HLL operation to bins.
func applyHLL(key *driver.Key, bins driver.Bins, dop *driver.Operation, res *results) error {
	op, err := hllOp(key, dop)
	if err != nil {
		return err
	}
	c := &hllCall{key: key, op: op}
	if op.Err() != nil {
		return driver.Errorf(driver.ParameterError, "key %s: %v", key, op.Err())
	}
	if op.Bin != dop.Bin {
		return driver.Errorf(driver.ParameterError, "key %s: operation on bin %q sent for bin %q", key, op.Bin, dop.Bin)
	}
	modify := dop.Type == driver.OpHLLModify
	// hll_state_init: a read op sent as a modify (or the reverse) is
	// PARAMETER_ERROR.
	def, ok := hllDefs[op.Code]
	if !ok || op.Code.IsModify() != modify {
		return c.fail(driver.ParameterError, "operation code %d is not an HLL %s operation", int(op.Code), map[bool]string{true: "modify", false: "read"}[modify])
	}
	cur, exists := bins[op.Bin]
	var old hll.HLL
	if exists {
		// hll_verify_bin: a bin of another type.
		h, isHLL := cur.(hll.HLL)
		if !isHLL {
			return c.fail(driver.BinTypeError, "bin holds a %T, not an HLL", cur)
		}
		if err := hll.Validate(h); err != nil {
			return c.fail(driver.ServerError, "%v", err)
		}
		old = h
	} else if !modify {
		return nil // a read of a missing bin returns nothing
	}
	a, err := c.parse(def)
	if err != nil {
		return err
	}
	if !modify {
		v, err := c.read(a, old)
		if err != nil {
			return err
		}
		res.add(op.Bin, v)
		return nil
	}
	flags := hll.WriteFlags(a.flags)
	if exists && flags&hll.CreateOnly != 0 {
		if flags&hll.NoFail != 0 {
			return nil
		}
		return c.fail(driver.BinExistsError, "create-only and the bin exists")
	}
	if !exists && flags&hll.UpdateOnly != 0 {
		if flags&hll.NoFail != 0 {
			return nil
		}
		return c.fail(driver.BinNotFound, "update-only and the bin does not exist")
	}
	nv, out, err := c.modify(a, old)
	if err != nil {
		return err
	}
	bins[op.Bin] = nv
	if out != nil {
		res.add(op.Bin, out)
	}
	return nil
}

// parse follows hll_parse_op and the hll_parse_* functions: every failure
// is PARAMETER_ERROR.
func (c *hllCall) parse(def hllDef) (*hllArgs, error) {
	a := &hllArgs{indexBits: hllUnset, minhash: hllUnset}
	args := c.op.Args
	if len(args) < def.min || len(args) > def.max {
		return nil, c.fail(driver.ParameterError, "%d arguments, want %d to %d", len(args), def.min, def.max)
	}
	for i, arg := range args {
		if err := c.parseArg(a, def, def.args[i], arg); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (c *hllCall) parseArg(a *hllArgs, def hllDef, kind hllArgKind, arg any) error {
	switch kind {
	case argIndexBits:
		n, ok := arg.(int64)
		if !ok || (n != hllUnset && (n < hll.MinIndexBits || n > hll.MaxIndexBits)) {
			return c.fail(driver.ParameterError, "index bits %v out of range [%d, %d]", arg, hll.MinIndexBits, hll.MaxIndexBits)
		}
		a.indexBits = int(n)
	case argMinhashBits:
		n, ok := arg.(int64)
		if !ok {
			return c.fail(driver.ParameterError, "minhash bits %v is not an integer", arg)
		}
		if n == hllUnset {
			a.minhash = hllUnset
			return nil
		}
		if n != 0 && (n < hll.MinMinhashBits || n > hll.MaxMinhashBits) {
			return c.fail(driver.ParameterError, "minhash bits %d out of range", n)
		}
		if a.indexBits != hllUnset && !hll.ValidBits(a.indexBits, int(n)) {
			return c.fail(driver.ParameterError, "index bits %d and minhash bits %d add up to more than %d", a.indexBits, n, hll.MaxCombinedBits)
		}
		a.minhash = int(n)
	case argFlags:
		n, ok := arg.(int64)
		if !ok || n < 0 {
			return c.fail(driver.ParameterError, "flags %v are not an unsigned integer", arg)
		}
		if n&^int64(def.allowed) != 0 {
			return c.fail(driver.ParameterError, "invalid flags 0x%x", n)
		}
		if hll.WriteFlags(n)&hll.CreateOnly != 0 && hll.WriteFlags(n)&hll.UpdateOnly != 0 {
			return c.fail(driver.ParameterError, "invalid flags combination 0x%x", n)
		}
		a.flags = n
	case argElements:
		l, ok := arg.([]any)
		if !ok || len(l) == 0 {
			return c.fail(driver.ParameterError, "elements are not a non-empty list")
		}
		a.elements = make([][]byte, len(l))
		for i, e := range l {
			b, err := hll.Element(e)
			if err != nil {
				return c.fail(driver.ParameterError, "element %d: %v", i, err)
			}
			a.elements[i] = b
		}
	case argHLLs:
		return c.parseHLLs(a, arg)
	}
	return nil
}

// parseHLLs follows hll_parse_hlls (a list of HLLs, or one) and, for
// intersect and similarity, hll_parse_hlls_intersect.
func (c *hllCall) parseHLLs(a *hllArgs, arg any) error {
	l, isList := arg.([]any)
	if !isList {
		l = []any{arg}
	}
	if len(l) == 0 {
		return c.fail(driver.ParameterError, "no HLLs")
	}
	a.hlls = make([]hll.HLL, len(l))
	for i, e := range l {
		var h hll.HLL
		switch x := e.(type) {
		case hll.HLL:
			h = x
		case []byte:
			// A str of another particle type: the server takes the bytes
			// after the type byte whatever it is (an expression's list
			// holds the client's HLLValues as blobs).
			h = hll.HLL(x)
		default:
			return c.fail(driver.ParameterError, "HLL %d is a %T", i, e)
		}
		if len(h) < hllHeader { // sizeof(hll_t) after the type byte

			return c.fail(driver.ParameterError, "HLL %d has %d bytes", i, len(h))
		}
		ib, mb := int64(h[1]), int64(h[2])
		switch {
		case h[0] != 0:
			return c.fail(driver.ParameterError, "HLL %d has unknown flags 0x%x", i, h[0])
		case ib < hll.MinIndexBits || ib > hll.MaxIndexBits:
			return c.fail(driver.ParameterError, "HLL %d: index bits %d out of range", i, ib)
		case mb != 0 && (mb < hll.MinMinhashBits || mb > hll.MaxMinhashBits):
			return c.fail(driver.ParameterError, "HLL %d: minhash bits %d out of range", i, mb)
		case len(h) != hll.Size(int(ib), int(mb)):
			return c.fail(driver.ParameterError, "HLL %d has %d bytes, want %d", i, len(h), hll.Size(int(ib), int(mb)))
		}
		a.hlls[i] = h
	}
	if (c.op.Code == hll.OpGetIntersectCount || c.op.Code == hll.OpGetSimilarity) && len(a.hlls) > 2 {
		mb := a.hlls[0][2]
		for _, h := range a.hlls[1:] {
			if h[2] != mb {
				return c.fail(driver.ParameterError, "more than 2 HLLs with different minhash bits")
			}
		}
		if mb == 0 {
			return c.fail(driver.ParameterError, "more than 2 HLLs without minhash bits")
		}
	}
	return nil
}
