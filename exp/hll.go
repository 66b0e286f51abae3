package exp

import (
	"github.com/aerokit/aero/hll"
	"github.com/aerokit/aero/internal/exptree"
)

// HyperLogLog expressions are calls of system type CALL_HLL (exp.c
// build_call, eval_call; particle_hll.c as_bin_hll_read_exp and
// as_bin_hll_modify_exp): an HLL operation of package hll applied to the
// value of an HLL expression (usually HLLBin). A read returns the
// operation's result; a modify (HLLInit, HLLAdd) applies the operation to
// a copy of the HLL and returns the changed HLL, leaving the record as it
// is. The params are expressions, as the client's ExpHLLXxx take them.

func hllCall(t Type, code hll.OpCode, modify bool, h *Expr, params ...*Expr) *Expr {
	e := &Expr{n: tree{Op: exptree.OpCall, Type: t, Value: exptree.Call{IsHLL: true, HLLCode: code, Modify: modify}}}
	for _, p := range params {
		if p == nil {
			e.err = errorf("%s: nil parameter", code)
			return e
		}
	}
	e.n.Args = append(append(e.n.Args, params...), h)
	return e
}

// HLLInit returns h reset to an empty HLL of indexBits and minhashBits
// (client ExpHLLInitWithMinHash; IntVal(-1) keeps h's bits).
func HLLInit(flags hll.WriteFlags, indexBits, minhashBits, h *Expr) *Expr {
	return hllCall(TypeHLL, hll.OpInit, true, h, indexBits, minhashBits, IntVal(int64(flags)))
}

// HLLAdd returns h with the values of list added, created with indexBits
// and minhashBits when h is nil (client ExpHLLAddWithIndexAndMinHash;
// IntVal(-1) for the bits of an existing HLL).
func HLLAdd(flags hll.WriteFlags, list, indexBits, minhashBits, h *Expr) *Expr {
	return hllCall(TypeHLL, hll.OpAdd, true, h, list, indexBits, minhashBits, IntVal(int64(flags)))
}

// HLLGetCount is the estimated count of h (client ExpHLLGetCount).
func HLLGetCount(h *Expr) *Expr { return hllCall(TypeInt, hll.OpGetCount, false, h) }

// HLLGetUnion is the union of the HLLs of list and h, an HLL (client
// ExpHLLGetUnion).
func HLLGetUnion(list, h *Expr) *Expr { return hllCall(TypeHLL, hll.OpGetUnion, false, h, list) }

// HLLGetUnionCount is the estimated count of that union (client
// ExpHLLGetUnionCount).
func HLLGetUnionCount(list, h *Expr) *Expr {
	return hllCall(TypeInt, hll.OpGetUnionCount, false, h, list)
}

// HLLGetIntersectCount is the estimated count of the intersection of the
// HLLs of list and h (client ExpHLLGetIntersectCount).
func HLLGetIntersectCount(list, h *Expr) *Expr {
	return hllCall(TypeInt, hll.OpGetIntersectCount, false, h, list)
}

// HLLGetSimilarity is the estimated similarity of the HLLs of list and h,
// a float (client ExpHLLGetSimilarity).
func HLLGetSimilarity(list, h *Expr) *Expr {
	return hllCall(TypeFloat, hll.OpGetSimilarity, false, h, list)
}

// HLLDescribe is [index bits, minhash bits] of h (client ExpHLLDescribe).
func HLLDescribe(h *Expr) *Expr { return hllCall(TypeList, hll.OpDescribe, false, h) }

// HLLMayContain is 1 when every value of list may be in h, else 0 (client
// ExpHLLMayContain).
func HLLMayContain(list, h *Expr) *Expr {
	return hllCall(TypeInt, hll.OpMayContain, false, h, list)
}
