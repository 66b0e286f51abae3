package engine

import (
	"encoding/binary"
	"math"
	"math/bits"

	"github.com/aerokit/aero/exp"
)

// The operations of the expression language off the hot path of filters
// (exp.c eval_*): regex, exclusive, arithmetic, integer bit operations,
// metadata, keys, bin types, calls, cond, let and var.

// evalMore evaluates the operations off the hot path of filters (kept out
// of eval so that its stack frame stays small).
func (ev *evaluator) evalMore(e *exp.Expr, binds []binding) xval {
	args := e.Args()
	switch e.Op() {
	case exp.OpRegex:
		s := ev.eval(args[0], binds)
		if s.k != kStr {
			return unknown
		}
		re, err := compileRegex(e.Name(), e.Flags())
		if err != nil {
			return unknown // checked at build: cannot happen
		}
		return boolVal(re.MatchString(regexSubject(s.s)))
	case exp.OpExclusive:
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
	case exp.OpAdd, exp.OpSub, exp.OpMul, exp.OpDiv, exp.OpMin, exp.OpMax:
		return ev.math(e.Op(), args, binds)
	case exp.OpPow, exp.OpLog:
		a := ev.eval(args[0], binds)
		if a.k == kUnk {
			return unknown
		}
		b := ev.eval(args[1], binds)
		if b.k == kUnk {
			return unknown
		}
		if e.Op() == exp.OpPow {
			return xval{k: kFloat, f: math.Pow(a.f, b.f)}
		}
		return xval{k: kFloat, f: math.Log(a.f) / math.Log(b.f)}
	case exp.OpMod:
		a := ev.eval(args[0], binds)
		if a.k == kUnk {
			return unknown
		}
		b := ev.eval(args[1], binds)
		if b.k == kUnk || b.i == 0 {
			return unknown // eval_mod: a zero denominator is unknown
		}
		return xval{k: kInt, i: a.i % b.i}
	case exp.OpAbs:
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
	case exp.OpFloor, exp.OpCeil:
		v := ev.eval(args[0], binds)
		if v.k != kFloat {
			return v
		}
		if e.Op() == exp.OpFloor {
			v.f = math.Floor(v.f)
		} else {
			v.f = math.Ceil(v.f)
		}
		return v
	case exp.OpToInt:
		v := ev.eval(args[0], binds)
		if v.k != kFloat {
			return v
		}
		return xval{k: kInt, i: floatToInt(v.f)}
	case exp.OpToFloat:
		v := ev.eval(args[0], binds)
		if v.k != kInt {
			return v
		}
		return xval{k: kFloat, f: float64(v.i)}
	case exp.OpIntAnd, exp.OpIntOr, exp.OpIntXor:
		acc := ev.eval(args[0], binds)
		if acc.k == kUnk {
			return unknown
		}
		for _, a := range args[1:] {
			v := ev.eval(a, binds)
			if v.k == kUnk {
				return unknown
			}
			switch e.Op() {
			case exp.OpIntAnd:
				acc.i &= v.i
			case exp.OpIntOr:
				acc.i |= v.i
			default:
				acc.i ^= v.i
			}
		}
		return acc
	case exp.OpIntNot:
		v := ev.eval(args[0], binds)
		if v.k == kInt {
			v.i = ^v.i
		}
		return v
	case exp.OpIntCount:
		v := ev.eval(args[0], binds)
		if v.k == kInt {
			v.i = int64(bits.OnesCount64(uint64(v.i)))
		}
		return v
	case exp.OpIntLShift, exp.OpIntRShift, exp.OpIntARShift:
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
		switch e.Op() {
		case exp.OpIntLShift:
			v.i <<= n
		case exp.OpIntRShift:
			v.i = int64(uint64(v.i) >> n)
		default:
			v.i >>= n
		}
		return v
	case exp.OpIntLScan, exp.OpIntRScan:
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
		if e.Op() == exp.OpIntLScan {
			// eval_int_lscan: leading zeros, -1 when no bit matches.
			n := int64(bits.LeadingZeros64(x))
			if n == 64 {
				n = -1
			}
			return xval{k: kInt, i: n}
		}
		// eval_int_rscan: 63 - trailing zeros (64 for 0: -1).
		return xval{k: kInt, i: 63 - int64(bits.TrailingZeros64(x))}
	case exp.OpDigestModulo:
		// eval_meta_digest_mod: digest bytes 16..19 as a little-endian
		// uint32, modulo the int32 modulus.
		d := binary.LittleEndian.Uint32(ev.r.digest[16:20])
		return xval{k: kInt, i: int64(d) % int64(int32(e.Flags()))}
	case exp.OpLastUpdate:
		// cf_utc_ns_from_clepoch_ms: nanoseconds since the Unix epoch.
		return xval{k: kInt, i: ev.r.lut * 1e6}
	case exp.OpSinceUpdate:
		// Milliseconds since the last update, 0 if the clock is behind it.
		d := ev.r.nowMS - ev.r.lut
		if d < 0 {
			d = 0
		}
		return xval{k: kInt, i: d}
	case exp.OpVoidTime:
		// -1 for a record that never expires, else nanoseconds since the
		// Unix epoch (cf_utc_ns_from_clepoch_sec).
		if ev.r.voidTime == 0 {
			return xval{k: kInt, i: -1}
		}
		return xval{k: kInt, i: ev.r.voidTime * 1e9}
	case exp.OpTTL:
		// (int32)cf_server_void_time_to_ttl: -1 for never, at least 1.
		return xval{k: kInt, i: int64(int32(ttlOf(ev.r.voidTime, ev.r.nowSec)))}
	case exp.OpSetName:
		return xval{k: kStr, s: ev.r.set}
	case exp.OpKeyExists:
		return boolVal(ev.r.userKey != nil)
	case exp.OpIsTombstone:
		return boolVal(false) // the engine keeps no tombstones
	case exp.OpRecordSize, exp.OpMemorySize:
		// The engine is a memory-only namespace: the stored size is the
		// memory size (eval_meta_memory_size) and the device size is 0.
		if st := ev.r.stored; st != nil {
			return xval{k: kInt, i: int64(StoredSize(st.set, st.userKey, st.bins, st.voidTime != 0))}
		}
		// A record being created has n_rblocks 0, which is 16 bytes
		// (storage/flat.h N_RBLOCKS_TO_SIZE: (n_rblocks + 1) << 4).
		return xval{k: kInt, i: 16}
	case exp.OpDeviceSize:
		return xval{k: kInt}
	case exp.OpKey:
		// eval_rec_key: unknown without a stored key or of another type.
		if ev.r.userKey == nil || binType(ev.r.userKey) != e.Type() {
			return unknown
		}
		return fromValue(ev.r.userKey)
	case exp.OpBinType:
		return xval{k: kInt, i: particleType(ev.r.bins[e.Name()])}
	case exp.OpCall:
		return ev.evalCall(e, binds)
	case exp.OpCond:
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
	case exp.OpLet:
		inner := append(make([]binding, 0, len(binds)+len(args)-1), binds...)
		for _, d := range args[:len(args)-1] {
			inner = append(inner, binding{name: d.Name(), v: ev.eval(d.Args()[0], inner)})
		}
		return ev.eval(args[len(args)-1], inner)
	case exp.OpVar:
		for i := len(binds) - 1; i >= 0; i-- {
			if binds[i].name == e.Name() {
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
func (ev *evaluator) math(op exp.Op, args []*exp.Expr, binds []binding) xval {
	acc := ev.eval(args[0], binds)
	if acc.k == kUnk {
		return unknown
	}
	isFloat := acc.k == kFloat
	if len(args) == 1 {
		switch op {
		case exp.OpSub: // eval_sub: negation
			acc.i, acc.f = -acc.i, -acc.f
		case exp.OpDiv: // eval_div: inverse
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
		case exp.OpAdd:
			acc.i += v.i
			acc.f += v.f
		case exp.OpSub:
			acc.i -= v.i
			acc.f -= v.f
		case exp.OpMul:
			acc.i *= v.i
			acc.f *= v.f
		case exp.OpDiv:
			iprod *= v.i
			fprod *= v.f
		case exp.OpMin:
			if isFloat && v.f < acc.f || !isFloat && v.i < acc.i {
				acc = v
			}
		case exp.OpMax:
			if isFloat && v.f > acc.f || !isFloat && v.i > acc.i {
				acc = v
			}
		}
	}
	if op == exp.OpDiv {
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
