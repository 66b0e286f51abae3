package engine

import (
	"math/bits"

	"github.com/aerokit/aero/bitop"
)

// The work of the bit operations, on the bytes an operation covers (its
// window): bit 0 is the most significant bit of the window's first byte,
// and the operation's bits are [c.offset, c.offset+c.size). The server
// shifts whole bytes and then restores the bits outside the range
// (particle_blob.c restore_ends); here the bits outside the range are never
// touched, which is the same result.

func getBit(b []byte, i uint64) bool { return b[i/8]&(0x80>>(i%8)) != 0 }

func setBit(b []byte, i uint64, v bool) {
	if v {
		b[i/8] |= 0x80 >> (i % 8)
	} else {
		b[i/8] &^= 0x80 >> (i % 8)
	}
}

// loadBits reads n (1 to 64) bits at off as an unsigned integer
// (particle_blob.c load_int).
func loadBits(w []byte, off, n uint64) uint64 {
	var v uint64
	for i := uint64(0); i < n; i++ {
		v <<= 1
		if getBit(w, off+i) {
			v |= 1
		}
	}
	return v
}

// storeBits writes the low n bits of v at off (store_int).
func storeBits(w []byte, off, n, v uint64) {
	for i := uint64(0); i < n; i++ {
		setBit(w, off+i, v&(1<<(n-1-i)) != 0)
	}
}

// overwrite applies a modify operation to window (a copy of from); false
// is the server's failed execution (an integer overflow with the FAIL
// action).
func (c *bitCall) overwrite(w, from []byte) bool {
	off, n := uint64(c.offset), c.size
	switch c.op.Code {
	case bitop.OpSet, bitop.OpOr, bitop.OpXor, bitop.OpAnd:
		// bits_modify_op_set and RSHIFT_WITH_OP: the first n bits of the
		// buffer, shifted to the offset, combined with the blob's bits.
		for i := uint64(0); i < n; i++ {
			b, cur := getBit(c.buf, i), getBit(from, off+i)
			switch c.op.Code {
			case bitop.OpOr:
				b = b || cur
			case bitop.OpXor:
				b = b != cur
			case bitop.OpAnd:
				b = b && cur
			}
			setBit(w, off+i, b)
		}
	case bitop.OpNot:
		for i := uint64(0); i < n; i++ {
			setBit(w, off+i, !getBit(from, off+i))
		}
	case bitop.OpLShift:
		// lshift: the range moves left by value bits; zeros come in
		// from the right (and a shift of the whole range or more
		// clears it).
		for i := uint64(0); i < n; i++ {
			src := i + c.value
			setBit(w, off+i, src < n && getBit(from, off+src))
		}
	case bitop.OpRShift:
		for i := uint64(0); i < n; i++ {
			setBit(w, off+i, i >= c.value && getBit(from, off+i-c.value))
		}
	case bitop.OpAdd, bitop.OpSubtract:
		result, ok := c.arith(loadBits(from, off, n))
		if !ok {
			return false
		}
		storeBits(w, off, n, result)
	case bitop.OpSetInt:
		storeBits(w, off, n, c.value&(^uint64(0)>>(64-n)))
	}
	return true
}

// arith is bits_modify_op_add and bits_modify_op_subtract on the loaded
// n-bit integer: the result modulo 2^n, and what the overflow action makes
// of an overflow (ok false: fail).
func (c *bitCall) arith(load uint64) (uint64, bool) {
	n := c.size
	mask := ^uint64(0) >> (64 - n)
	value := c.value & mask
	add := c.op.Code == bitop.OpAdd
	var result uint64
	if add {
		result = (load + value) & mask
	} else {
		result = (load - value) & mask
	}
	signed := c.subflags&bitsSigned != 0
	saturate := c.subflags&bitsSaturate != 0
	if c.subflags&bitsWrap != 0 {
		return result, true
	}
	if signed {
		v := value
		if !add {
			v = uint64(-int64(value))
		}
		return signedOverflow(n, saturate, load, v, result)
	}
	switch {
	case add && result < load:
		if saturate {
			return mask, true
		}
		return 0, false
	case !add && result > load:
		if saturate {
			return 0, true
		}
		return 0, false
	}
	return result, true
}

// signedOverflow is particle_blob.c handle_signed_overflow, quirks kept: an
// overflow is two negatives giving a positive or two positives giving a
// negative (so a sum that wraps to exactly zero is not one).
func signedOverflow(n uint64, saturate bool, load, value, result uint64) (uint64, bool) {
	leading := 64 - n
	mask := ^uint64(0) >> leading
	sResult := int64(result<<leading) >> leading
	sLoad := int64(load<<leading) >> leading
	sValue := int64(value<<leading) >> leading
	switch {
	case sLoad < 0 && sValue < 0 && sResult > 0:
		if saturate {
			return (mask >> (n - 1)) << (n - 1), true // max negative
		}
		return 0, false
	case sLoad > 0 && sValue > 0 && sResult < 0:
		if saturate {
			return mask >> 1, true // max positive
		}
		return 0, false
	}
	return result, true
}

// get is bits_read_op_get: the range's bits, left aligned, in whole bytes
// whose bits past the range are zero.
func (c *bitCall) get(w []byte) []byte {
	off, n := uint64(c.offset), c.size
	out := make([]byte, (n+7)/8)
	if off == 0 {
		copy(out, w)
		if r := n % 8; r != 0 {
			out[len(out)-1] &= 0xff << (8 - r)
		}
		return out
	}
	for i := uint64(0); i < n; i++ {
		if getBit(w, off+i) {
			out[i/8] |= 0x80 >> (i % 8)
		}
	}
	return out
}

// count is bits_read_op_count: the number of bits set in the range.
func (c *bitCall) count(w []byte) int64 {
	off, n := uint64(c.offset), c.size
	var total int
	i := uint64(0)
	for ; i < n && (off+i)%8 != 0; i++ {
		if getBit(w, off+i) {
			total++
		}
	}
	for ; i+8 <= n; i += 8 {
		total += bits.OnesCount8(w[(off+i)/8])
	}
	for ; i < n; i++ {
		if getBit(w, off+i) {
			total++
		}
	}
	return int64(total)
}

// lscan is bits_read_op_lscan: the position, from the offset, of the first
// bit equal to the value in the range, or -1.
func (c *bitCall) lscan(w []byte) int64 {
	off, n, want := uint64(c.offset), c.size, c.value == 1
	for i := uint64(0); i < n; i++ {
		if getBit(w, off+i) == want {
			return int64(i)
		}
	}
	return -1
}

// rscan is bits_read_op_rscan: the position, from the offset, of the last
// bit equal to the value in the range, or -1. The server's scan runs on to
// the start of the first byte, before the offset (it masks the last byte's
// bits past the range, not the first byte's bits before it), so when the
// range holds no such bit but the first byte does before the offset, its
// answer is that bit's position minus the offset: a negative number other
// than -1. Kept.
func (c *bitCall) rscan(w []byte) int64 {
	off, n, want := int64(c.offset), int64(c.size), c.value == 1
	for p := off + n - 1; p >= 0; p-- {
		if getBit(w, uint64(p)) == want {
			return p - off
		}
	}
	return -1
}
