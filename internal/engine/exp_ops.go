package engine

import (
	"encoding/binary"
	"math"
	"math/bits"

	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/exptree"
)

// The operations of the expression language off the hot path of filters
// (exp.c eval_*): regex, exclusive, arithmetic, integer bit operations,
// metadata, keys, bin types, calls, cond, let and var.

// evalMore evaluates the operations off the hot path of filters (kept out
// of eval so that its stack frame stays small).
func (ev *evaluator) evalMore(e *exp.Expr, binds []binding) xval {
	nd := nodeOf(e)
	args := nd.Args
	switch nd.Op {
	case exptree.OpRegex:
		s := ev.eval(args[0], binds)
		if s.k != kStr {
			return unknown
		}
		re, err := compileRegex(nd.Name, nd.Flags)
		if err != nil {
			return unknown // checked at build: cannot happen
		}
		return boolVal(re.MatchString(regexSubject(s.s)))
	case exptree.OpExclusive:
		// eval_exclusive: exactly one true; an unknown argument makes it
		// unknown.
		seen := false
		for _, a := range args {
			v := ev.eval(a, binds)
			if v.k == kUnk {
				return unknown
			}
			if v.i == 1 {
				if seen {
					return boolVal(false)
				}
				seen = true
			}
		}
		return boolVal(seen)
	case exptree.OpAdd, exptree.OpSub, exptree.OpMul, exptree.OpDiv, exptree.OpMin, exptree.OpMax:
		return ev.math(nd.Op, args, binds)
	case exptree.OpPow, exptree.OpLog:
		a := ev.eval(args[0], binds)
		if a.k == kUnk {
			return unknown
		}
		b := ev.eval(args[1], binds)
		if b.k == kUnk {
			return unknown
		}
		if nd.Op == exptree.OpPow {
			return xval{k: kFloat, f: math.Pow(a.f, b.f)}
		}
		return xval{k: kFloat, f: math.Log(a.f) / math.Log(b.f)}
	case exptree.OpMod:
		a := ev.eval(args[0], binds)
		if a.k == kUnk {
			return unknown
		}
		b := ev.eval(args[1], binds)
		if b.k == kUnk || b.i == 0 {
			return unknown // eval_mod: a zero denominator is unknown
		}
		return xval{k: kInt, i: a.i % b.i}
	case exptree.OpAbs:
		v := ev.eval(args[0], binds)
		switch v.k {
		case kFloat:
			v.f = math.Abs(v.f)
		case kInt:
			if v.i < 0 {
				v.i = -v.i // labs: MinInt64 stays as it is
			}
		}
		return v
	case exptree.OpFloor, exptree.OpCeil:
		v := ev.eval(args[0], binds)
		if v.k != kFloat {
			return v
		}
		if nd.Op == exptree.OpFloor {
			v.f = math.Floor(v.f)
		} else {
			v.f = math.Ceil(v.f)
		}
		return v
	case exptree.OpToInt:
		v := ev.eval(args[0], binds)
		if v.k != kFloat {
			return v
		}
		return xval{k: kInt, i: floatToInt(v.f)}
	case exptree.OpToFloat:
		v := ev.eval(args[0], binds)
		if v.k != kInt {
			return v
		}
		return xval{k: kFloat, f: float64(v.i)}
	case exptree.OpIntAnd, exptree.OpIntOr, exptree.OpIntXor:
		acc := ev.eval(args[0], binds)
		if acc.k == kUnk {
			return unknown
		}
		for _, a := range args[1:] {
			v := ev.eval(a, binds)
			if v.k == kUnk {
				return unknown
			}
			switch nd.Op {
			case exptree.OpIntAnd:
				acc.i &= v.i
			case exptree.OpIntOr:
				acc.i |= v.i
			default:
				acc.i ^= v.i
			}
		}
		return acc
	case exptree.OpIntNot:
		v := ev.eval(args[0], binds)
		if v.k == kInt {
			v.i = ^v.i
		}
		return v
	case exptree.OpIntCount:
		v := ev.eval(args[0], binds)
		if v.k == kInt {
			v.i = int64(bits.OnesCount64(uint64(v.i)))
		}
		return v
	case exptree.OpIntLShift, exptree.OpIntRShift, exptree.OpIntARShift:
		v := ev.eval(args[0], binds)
		if v.k == kUnk {
			return unknown
		}
		s := ev.eval(args[1], binds)
		if s.k == kUnk {
			return unknown
		}
		// The server shifts with C's operators, whose count the x86-64
		// hardware takes modulo 64; Go's would be 0 (or panic when
		// negative), so the count is masked the same way.
		n := uint(s.i) & 63
		switch nd.Op {
		case exptree.OpIntLShift:
			v.i <<= n
		case exptree.OpIntRShift:
			v.i = int64(uint64(v.i) >> n)
		default:
			v.i >>= n
		}
		return v
	case exptree.OpIntLScan, exptree.OpIntRScan:
		v := ev.eval(args[0], binds)
		if v.k == kUnk {
			return unknown
		}
		set := ev.eval(args[1], binds)
		if set.k == kUnk {
			return unknown
		}
		x := uint64(v.i)
		if set.i == 0 {
			x = ^x
		}
		if nd.Op == exptree.OpIntLScan {
			// eval_int_lscan: leading zeros, -1 when no bit matches.
			n := int64(bits.LeadingZeros64(x))
			if n == 64 {
				n = -1
			}
			return xval{k: kInt, i: n}
		}
		// eval_int_rscan: 63 - trailing zeros (64 for 0: -1).
		return xval{k: kInt, i: 63 - int64(bits.TrailingZeros64(x))}
	case exptree.OpDigestModulo:
		// eval_meta_digest_mod: digest bytes 16..19 as a little-endian
		// uint32, modulo the int32 modulus.
		d := binary.LittleEndian.Uint32(ev.r.digest[16:20])
		return xval{k: kInt, i: int64(d) % int64(int32(nd.Flags))}
	case exptree.OpLastUpdate:
		// cf_utc_ns_from_clepoch_ms: nanoseconds since the Unix epoch.
		return xval{k: kInt, i: ev.r.lut * 1e6}
	case exptree.OpSinceUpdate:
		// Milliseconds since the last update, 0 if the clock is behind it.
		d := ev.r.nowMS - ev.r.lut
		if d < 0 {
			d = 0
		}
		return xval{k: kInt, i: d}
	case exptree.OpVoidTime:
		// -1 for a record that never expires, else nanoseconds since the
		// Unix epoch (cf_utc_ns_from_clepoch_sec).
		if ev.r.voidTime == 0 {
			return xval{k: kInt, i: -1}
		}
		return xval{k: kInt, i: ev.r.voidTime * 1e9}
	case exptree.OpTTL:
		// (int32)cf_server_void_time_to_ttl: -1 for never, at least 1.
		return xval{k: kInt, i: int64(int32(ttlOf(ev.r.voidTime, ev.r.nowSec)))}
	case exptree.OpSetName:
		return xval{k: kStr, s: ev.r.set}
	case exptree.OpKeyExists:
		return boolVal(ev.r.userKey != nil)
	case exptree.OpIsTombstone:
		return boolVal(false) // the engine keeps no tombstones
	case exptree.OpRecordSize, exptree.OpMemorySize:
		// The engine is a memory-only namespace: the stored size is the
		// memory size (eval_meta_memory_size) and the device size is 0.
		if st := ev.r.stored; st != nil {
			return xval{k: kInt, i: int64(StoredSize(st.set, st.userKey, st.bins, st.voidTime != 0))}
		}
		// A record being created has n_rblocks 0, which is 16 bytes
		// (storage/flat.h N_RBLOCKS_TO_SIZE: (n_rblocks + 1) << 4).
		return xval{k: kInt, i: 16}
	case exptree.OpDeviceSize:
		return xval{k: kInt}
	case exptree.OpKey:
		// eval_rec_key: unknown without a stored key or of another type.
		if ev.r.userKey == nil || binType(ev.r.userKey) != nd.Type {
			return unknown
		}
		return fromValue(ev.r.userKey)
	case exptree.OpBinType:
		return xval{k: kInt, i: particleType(ev.r.bins[nd.Name])}
	case exptree.OpCall:
		return ev.evalCall(e, binds)
	case exptree.OpCond:
		// eval_cond: the value of the first true condition, else the
		// default; an unknown condition makes the whole unknown.
		for i := 0; i+1 < len(args); i += 2 {
			c := ev.eval(args[i], binds)
			if c.k == kUnk {
				return unknown
			}
			if c.i == 1 {
				return ev.eval(args[i+1], binds)
			}
		}
		return ev.eval(args[len(args)-1], binds)
	case exptree.OpLet:
		inner := append(make([]binding, 0, len(binds)+len(args)-1), binds...)
		for _, d := range args[:len(args)-1] {
			inner = append(inner, binding{name: nodeOf(d).Name, v: ev.eval(nodeOf(d).Args[0], inner)})
		}
		return ev.eval(args[len(args)-1], inner)
	case exptree.OpVar:
		for i := len(binds) - 1; i >= 0; i-- {
			if binds[i].name == nd.Name {
				return binds[i].v
			}
		}
	}
	return unknown
}

// math runs add, sub, mul, div, min and max over integers or floats (one
// type, checked at build). Integers wrap on overflow, as the server's C
// arithmetic does on its hardware; an integer division by zero is unknown
// (eval_div).
func (ev *evaluator) math(op exptree.Op, args []*exp.Expr, binds []binding) xval {
	acc := ev.eval(args[0], binds)
	if acc.k == kUnk {
		return unknown
	}
	isFloat := acc.k == kFloat
	if len(args) == 1 {
		switch op {
		case exptree.OpSub: // eval_sub: negation
			acc.i, acc.f = -acc.i, -acc.f
		case exptree.OpDiv: // eval_div: inverse
			if isFloat {
				acc.f = 1 / acc.f
				return acc
			}
			if acc.i == 0 {
				return unknown
			}
			acc.i = 1 / acc.i
		}
		return acc
	}
	var iprod int64 = 1
	fprod := 1.0
	for _, a := range args[1:] {
		v := ev.eval(a, binds)
		if v.k == kUnk {
			return unknown
		}
		switch op {
		case exptree.OpAdd:
			acc.i += v.i
			acc.f += v.f
		case exptree.OpSub:
			acc.i -= v.i
			acc.f -= v.f
		case exptree.OpMul:
			acc.i *= v.i
			acc.f *= v.f
		case exptree.OpDiv:
			iprod *= v.i
			fprod *= v.f
		case exptree.OpMin:
			if isFloat && v.f < acc.f || !isFloat && v.i < acc.i {
				acc = v
			}
		case exptree.OpMax:
			if isFloat && v.f > acc.f || !isFloat && v.i > acc.i {
				acc = v
			}
		}
	}
	if op == exptree.OpDiv {
		// eval_div divides once by the product of the divisors.
		if isFloat {
			acc.f /= fprod
			return acc
		}
		if iprod == 0 {
			return unknown
		}
		acc.i /= iprod // Go defines MinInt64 / -1 as MinInt64 (no trap)
	}
	return acc
}

// floatToInt converts as C's (int64_t) cast does on x86-64: out-of-range
// values and NaN become math.MinInt64.
func floatToInt(f float64) int64 {
	if math.IsNaN(f) || f >= math.MaxInt64 || f < math.MinInt64 {
		return math.MinInt64
	}
	return int64(f)
}
