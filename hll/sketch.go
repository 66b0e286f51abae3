package hll

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/bits"
)

// The HyperMinHash sketch, after the server's as/src/base/particle_hll.c
// ("hmh lib"): every function below cites the server function it follows,
// and computes what it computes in the same order of floating-point
// operations, so that a sketch and its estimates are the server's, bit for
// bit. Explicit float64 conversions keep the compiler from fusing a
// multiply and an add, as gcc does not on x86-64.

const (
	hllBits      = 6 // HLL_BITS
	hllMaxValue  = 1 << hllBits
	headerSize   = 11 // hll_t: flags, n_index_bits, n_minhash_bits, cache
	cacheOffset  = 3
	regsOffset   = headerSize
	maxCombined  = 64 // MAX_INDEX_AND_MINHASH_BITS
	unsetBits    = 0xff
	minhashLimit = 64 - hllBits - 7 // MAX_MINHASH_BITS
)

func (h sketch) indexBits() uint   { return uint(h[1]) }
func (h sketch) minhashBits() uint { return uint(h[2]) }
func (h sketch) cache() uint64     { return binary.LittleEndian.Uint64(h[cacheOffset:]) }
func (h sketch) setCache(c uint64) { binary.LittleEndian.PutUint64(h[cacheOffset:], c) }
func (h sketch) regs() []byte      { return h[regsOffset:] }

// registersSize is registers_sz: (6 + minhash bits) bits per register.
func registersSize(indexBits, minhashBits uint) int {
	return int(((hllBits+minhashBits)*(1<<indexBits) + 7) / 8)
}

// Size is the length of the particle of an HLL with these bits
// (hmh_required_sz).
func Size(indexBits, minhashBits int) int {
	return headerSize + registersSize(uint(indexBits), uint(minhashBits))
}

// hmhInit follows hmh_init: it makes dst (of the required size) an empty
// sketch.
func hmhInit(dst sketch, indexBits, minhashBits uint) {
	dst[0] = 0
	dst[1] = byte(indexBits)
	dst[2] = byte(minhashBits)
	dst.setCache(0)
	clear(dst.regs())
}

// New returns an empty HLL (hmh_init). The bits must be valid
// (ValidBits).
func New(indexBits, minhashBits int) HLL {
	h := make(HLL, Size(indexBits, minhashBits))
	hmhInit(sketch(h), uint(indexBits), uint(minhashBits))
	return h
}

// registerGeom is the common part of get_register and set_register: the
// 8-byte big-endian window that holds register r, moved back from the end
// of the registers so that it never reads past them.
func (h sketch) registerGeom(r uint32) (nBits, byteOff, shift uint32) {
	nBits = hllBits + uint32(h.minhashBits())
	bitOff := nBits * r
	byteOff = bitOff / 8
	nRegs := uint32(1) << h.indexBits()
	byteEnd := (nBits*nRegs + 7) / 8
	maxOff := byteEnd - 8
	shift = bitOff % 8
	if byteOff > maxOff {
		shift += (byteOff - maxOff) * 8
		byteOff = maxOff
	}
	return
}

// getRegister follows get_register.
func (h sketch) getRegister(r uint32) uint64 {
	nBits, off, lbit := h.registerGeom(r)
	v := binary.BigEndian.Uint64(h.regs()[off:])
	return (v >> (64 - (lbit + nBits))) & (uint64(1)<<nBits - 1)
}

// setRegister follows set_register.
func (h sketch) setRegister(r uint32, value uint64) {
	nBits, off, shift := h.registerGeom(r)
	mask := (uint64(1)<<nBits - 1) << (64 - nBits)
	mask >>= shift
	value <<= 64 - nBits
	value >>= shift
	w := h.regs()[off:]
	d := binary.BigEndian.Uint64(w)
	binary.BigEndian.PutUint64(w, (d&^mask)|value)
}

// hash follows hmh_hash: MurmurHash3 x64 128 of the element's compact
// MessagePack form; the low index bits of the first word pick the
// register, the next minhash bits are the minhash value, and one plus the
// trailing zeros of the second word (cf_lsb64, 64 for zero) is the HLL
// value.
func (h sketch) hash(element []byte) (ix uint32, value uint64) {
	h1, h2 := murmur3x64128(element)
	ib, mb := h.indexBits(), h.minhashBits()
	ix = uint32(uint16(h1) & uint16(1<<ib-1))
	minhash := (h1 >> ib) & (uint64(1)<<mb - 1)
	hllVal := uint64(uint8(bits.TrailingZeros64(h2) + 1))
	return ix, hllVal<<mb | minhash
}

// add follows hmh_add; it reports whether a register changed.
func (h sketch) add(element []byte) bool {
	ix, v := h.hash(element)
	if h.getRegister(ix) < v {
		h.setRegister(ix, v)
		h.setCache(0)
		return true
	}
	return false
}

// mayContain follows hmh_may_contain.
func (h sketch) mayContain(element []byte) bool {
	ix, v := h.hash(element)
	return v <= h.getRegister(ix)
}

func (h sketch) hllVal(v uint64) uint8 { return uint8(v >> h.minhashBits()) }

// estimate follows hmh_estimate_cardinality (Ertl 2017, algorithm 6),
// returning the cached count when there is one.
func (h sketch) estimate() uint64 {
	if c := h.cache(); c != 0 {
		return c
	}
	nRegs := uint32(1) << h.indexBits()
	var c [hllMaxValue + 1]uint32
	h.hllHistogram(&c)
	n := float64(nRegs)
	z := float64(n * tau(float64(c[hllMaxValue])/n))
	for k := hllMaxValue; k > 0; k-- {
		z = float64(0.5 * float64(z+float64(c[k])))
	}
	z = z + float64(n*sigma(float64(c[0])/n))
	return uint64(int64(math.Round(float64(float64(h.alpha()*n)*n) / z)))
}

// hllHistogram counts the registers by HLL value (the loop of
// hmh_estimate_cardinality), reading the registers in one pass, as a big
// endian bit stream of (6 + minhash bits)-bit values, rather than through
// getRegister's 8-byte windows: the same values, faster.
func (h sketch) hllHistogram(c *[hllMaxValue + 1]uint32) {
	nBits := hllBits + h.minhashBits() // at most 57, so acc never drops unread bits
	mask := uint64(1)<<nBits - 1
	mb := h.minhashBits()
	regs := h.regs()
	var acc uint64
	var accBits uint
	pos := 0
	for r := 0; r < 1<<h.indexBits(); r++ {
		for accBits < nBits {
			acc = acc<<8 | uint64(regs[pos])
			pos++
			accBits += 8
		}
		accBits -= nBits
		c[uint8((acc>>accBits)&mask>>mb)]++
	}
}

// tau follows hmh_tau.
func tau(val float64) float64 {
	if val == 0 || val == 1 {
		return 0
	}
	y, z := 1.0, 1-val
	for {
		val = math.Sqrt(val)
		zPrime := z
		y *= 0.5
		t := 1 - val
		z -= float64(float64(t*t) * y)
		if zPrime == z {
			break
		}
	}
	return z / 3
}

// sigma follows hmh_sigma.
func sigma(val float64) float64 {
	if val == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, val
	for {
		val *= val
		zPrime := z
		z += float64(val * y)
		y += y
		if zPrime == z {
			break
		}
	}
	return z
}

// alpha follows hmh_alpha.
func (h sketch) alpha() float64 {
	switch h.indexBits() {
	case 4:
		return 0.673
	case 5:
		return 0.697
	case 6:
		return 0.709
	}
	return 0.7213 / (1.0 + 1.079/float64(int(1)<<h.indexBits()))
}

// template follows hmh_compatible_template: the fewest index bits, and the
// minhash bits when all agree (zero otherwise).
func template(hs []sketch) (indexBits, minhashBits uint) {
	indexBits, minhashBits = hs[0].indexBits(), hs[0].minhashBits()
	for _, h := range hs[1:] {
		if indexBits > h.indexBits() {
			indexBits = h.indexBits()
		}
		if minhashBits != 0 && minhashBits != h.minhashBits() {
			minhashBits = 0
		}
	}
	return
}

// union follows hmh_union (and hll_union without minhash bits): it folds
// src into dst, which has no more index bits than src.
func union(dst, src sketch) {
	nRegs := uint32(1) << dst.indexBits()
	maxRegs := uint32(1) << src.indexBits()
	mask := nRegs - 1
	if dst.minhashBits() == 0 {
		for r := uint32(0); r < maxRegs; r++ {
			ur := r & mask
			v0 := dst.hllVal(dst.getRegister(ur))
			v1 := src.hllVal(src.getRegister(r))
			if v0 < v1 {
				dst.setRegister(ur, uint64(v1))
			}
		}
		return
	}
	for r := uint32(0); r < maxRegs; r++ {
		ur := r & mask
		if v0, v1 := dst.getRegister(ur), src.getRegister(r); v0 < v1 {
			dst.setRegister(ur, v1)
		}
	}
	dst.setCache(0)
}

// unionOf returns the union of hs in a fresh sketch of their template.
func unionOf(hs []sketch) sketch {
	ib, mb := template(hs)
	u := sketch(New(int(ib), int(mb)))
	for _, h := range hs {
		union(u, h)
	}
	return u
}

// estimateUnion follows hmh_estimate_union_cardinality.
func estimateUnion(hs []sketch) uint64 { return unionOf(hs).estimate() }

// estimateIntersect follows hmh_estimate_intersect_cardinality.
func estimateIntersect(hs []sketch) uint64 {
	if _, mb := template(hs); mb == 0 {
		return hllEstimateIntersect(hs)
	}
	j := estimateSimilarity(hs)
	if math.IsNaN(j) {
		return 0
	}
	cu := estimateUnion(hs)
	return uint64(int64(math.Round(float64(cu) * j)))
}

// hllEstimateIntersect follows hll_estimate_intersect_cardinality
// (inclusion-exclusion over two or three sketches).
func hllEstimateIntersect(hs []sketch) uint64 {
	cu := estimateUnion(hs)
	var sum uint64
	for _, h := range hs {
		c := h.estimate()
		if sum+c < sum {
			sum = math.MaxUint64
			break
		}
		sum += c
	}
	if len(hs) == 2 {
		if sum > cu {
			return sum - cu
		}
		return 0
	}
	sumIntersect := estimateIntersect(hs[0:2]) + estimateIntersect(hs[1:3]) +
		estimateIntersect([]sketch{hs[0], hs[2]})
	result := int64(cu) - (int64(sum) - int64(sumIntersect))
	if result < 0 {
		return 0
	}
	return uint64(result)
}

// estimateSimilarity follows hmh_estimate_similarity (HyperMinHash, Yu and
// Weber 2017) and, without minhash bits, hll_estimate_similarity.
func estimateSimilarity(hs []sketch) float64 {
	ib, mb := template(hs)
	if mb == 0 {
		return float64(hllEstimateIntersect(hs)) / float64(estimateUnion(hs))
	}
	hasData, isEmpty := false, false
	for _, h := range hs {
		if h.hasData() {
			hasData = true
		} else {
			isEmpty = true
		}
	}
	if isEmpty {
		if hasData {
			return 0
		}
		return math.NaN()
	}
	agg := sketch(New(int(ib), int(mb)))
	for _, h := range hs {
		union(agg, h)
	}
	nUnion := agg.usedRegisters()
	hmhInit(agg, ib, mb)
	union(agg, hs[0])
	for _, h := range hs[1:] {
		intersectOne(agg, h)
	}
	nIntersect := agg.usedRegisters()
	ec := 0.0
	if len(hs) == 2 {
		ec = jaccardCollisions(ib, mb, hs[0].estimate(), hs[1].estimate())
	}
	result := (float64(nIntersect) - ec) / float64(nUnion)
	if result < 0 {
		result = 0
	}
	return result
}

// hasData follows hmh_has_data, which looks at the first 2^index_bits
// bytes of the registers (as many 8-byte words as registers / 8).
func (h sketch) hasData() bool {
	n := (1 << h.indexBits()) / 8 * 8
	for _, b := range h.regs()[:n] {
		if b != 0 {
			return true
		}
	}
	return false
}

// intersectOne follows hmh_intersect_one.
func intersectOne(dst, src sketch) {
	nRegs := uint32(1) << dst.indexBits()
	maxRegs := uint32(1) << src.indexBits()
	mask := nRegs - 1
	for r := uint32(0); r < maxRegs; r++ {
		sr := r & mask
		v0, v1 := dst.getRegister(sr), src.getRegister(r)
		if v0 != v1 {
			v0 = 0
		}
		dst.setRegister(sr, v0)
	}
}

// usedRegisters follows hmh_n_used_registers.
func (h sketch) usedRegisters() uint32 {
	n := uint32(1) << h.indexBits()
	var count uint32
	for r := uint32(0); r < n; r++ {
		if h.getRegister(r) != 0 {
			count++
		}
	}
	return count
}

// jaccardCollisions follows hmh_jaccard_estimate_collisions.
func jaccardCollisions(indexBits, minhashBits uint, card0, card1 uint64) float64 {
	cp := 0.0
	n := float64(uint32(1) << indexBits)
	for i := 1; i <= hllMaxValue; i++ {
		var b1, b2 float64
		if i != hllMaxValue {
			b1 = math.Ldexp(1, -i)
			b2 = math.Ldexp(1, -i+1)
		} else {
			b1 = 0
			b2 = math.Ldexp(1, -i+1)
		}
		b1 /= n
		b2 /= n
		c0, c1 := float64(card0), float64(card1)
		prX := pow(1-b1, c0) - pow(1-b2, c0)
		prY := pow(1-b1, c1) - pow(1-b2, c1)
		cp += float64(prX * prY)
	}
	return float64(cp*n) / math.Ldexp(1, int(minhashBits))
}

// pow returns x to the integer power y (a count, so a non-negative
// integer), correctly rounded as glibc's pow is (math.Pow's repeated
// squaring is not): the power is taken on 256-bit floats and rounded once.
func pow(x, y float64) float64 {
	if y == 0 || x == 1 {
		return 1
	}
	n := uint64(y)
	const prec = 256
	base := new(big.Float).SetPrec(prec).SetFloat64(x)
	acc := new(big.Float).SetPrec(prec).SetFloat64(1)
	for n > 0 {
		if n&1 == 1 {
			acc.Mul(acc, base)
		}
		n >>= 1
		if n > 0 {
			base.Mul(base, base)
		}
	}
	f, _ := acc.Float64()
	return f
}
