package drivertest

import (
	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// The bit operations section: every rule comes from the server's
// as/src/base/particle_blob.c (8.1), the bits section, as cited; the
// expected bytes of the operation rules are those of the client's own
// cdt_bitwise_test.go, which runs against real servers.

func init() {
	parallelChecks = append(parallelChecks,
		check{"BitModify", testBitModify},
		check{"BitArithmetic", testBitArithmetic},
		check{"BitRead", testBitRead},
		check{"BitResize", testBitResize},
		check{"BitErrors", testBitErrors},
		check{"BitExpressions", testBitExpressions},
	)
}

// bitCase is one Operate of bit ops on a record seeded with seed (none when
// nil): it must return want, or fail with code and leave the record as
// seeded; after, when set, is the record's bins afterwards.
type bitCase struct {
	rule  string
	seed  driver.Bins
	ops   []bitop.Op
	want  driver.Bins
	code  driver.ResultCode
	after driver.Bins
}

func (e *env) runBits(group string, cases []bitCase) {
	e.Helper()
	oc := make([]opCase, len(cases))
	for i, c := range cases {
		ops := make([]driver.Operation, len(c.ops))
		for j, op := range c.ops {
			ops[j] = op.Operation()
		}
		oc[i] = opCase{rule: c.rule, seed: c.seed, ops: ops, want: c.want, code: c.code, after: c.after}
	}
	e.runOps(group, oc)
}

func blob(b ...byte) []byte { return b }

// testBitModify checks the bit writes (bits_modify_op_set, _or, _xor,
// _and, _not, _lshift, _rshift, _insert, and bits_prepare_remove_op): each
// applies to its range only, and a modify op has no result.
func testBitModify(e *env) {
	def, upd, create := bitop.WriteDefault, bitop.WriteUpdateOnly, bitop.WriteCreateOnly
	bits1 := blob(0x11, 0x22, 0x33)
	e.runBits("bitmod", []bitCase{
		{rule: "BitSet sets bits at an offset; BitRemove removes bytes",
			seed:  driver.Bins{"b": blob(1, 2, 3, 4, 5, 6, 7, 8)},
			ops:   []bitop.Op{bitop.Set(def, "b", 1, 1, blob(0x80)), bitop.Set(upd, "b", 3, 1, blob(0x80)), bitop.Remove(upd, "b", 6, 2)},
			after: driver.Bins{"b": blob(0x51, 2, 3, 4, 5, 6)}},
		{rule: "BitInsert into a missing bin creates it, padded with zero bytes",
			ops:   []bitop.Op{bitop.Insert(create, "b", 1, blob(0x0A))},
			after: driver.Bins{"b": blob(0x00, 0x0A)}},
		{rule: "BitSet of ranges that straddle bytes",
			seed: driver.Bins{"b": blob(0x01, 0x12, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x41)},
			ops: []bitop.Op{bitop.Set(def, "b", 1, 1, blob(0x80)), bitop.Set(def, "b", 15, 1, blob(0x80)),
				bitop.Set(def, "b", 16, 24, bits1), bitop.Set(def, "b", 40, 22, bits1), bitop.Set(def, "b", 73, 21, bits1),
				bitop.Set(def, "b", 100, 20, bits1), bitop.Set(def, "b", 120, 17, bits1), bitop.Set(def, "b", 144, 1, blob(0x80))},

			after: driver.Bins{"b": blob(0x41, 0x13, 0x11, 0x22, 0x33, 0x11, 0x22, 0x33, 0x08, 0x08, 0x91, 0x1B, 0x01, 0x12, 0x23, 0x11, 0x22, 0x11, 0xc1)}},
		{rule: "BitLShift shifts within the range, zeros coming in",
			seed: driver.Bins{"b": blob(0x01, 0x01, 0x00, 0x80, 0xFF, 0x01, 0x01, 0x18, 0x01)},
			ops: []bitop.Op{bitop.LShift(def, "b", 0, 8, 1), bitop.LShift(def, "b", 9, 7, 6), bitop.LShift(def, "b", 23, 2, 1),
				bitop.LShift(def, "b", 37, 18, 3), bitop.LShift(def, "b", 58, 2, 1), bitop.LShift(def, "b", 64, 4, 7)},
			after: driver.Bins{"b": blob(0x02, 0x40, 0x01, 0x00, 0xF8, 0x08, 0x01, 0x28, 0x01)}},
		{rule: "BitRShift shifts within the range, zeros coming in",
			seed: driver.Bins{"b": blob(0x80, 0x40, 0x01, 0x00, 0xFF, 0x01, 0x01, 0x18, 0x80)},
			ops: []bitop.Op{bitop.RShift(def, "b", 0, 8, 1), bitop.RShift(def, "b", 9, 7, 6), bitop.RShift(def, "b", 23, 2, 1),
				bitop.RShift(def, "b", 37, 18, 3), bitop.RShift(def, "b", 60, 2, 1), bitop.RShift(def, "b", 68, 4, 7)},
			after: driver.Bins{"b": blob(0x40, 0x01, 0x00, 0x80, 0xF8, 0xE0, 0x21, 0x14, 0x80)}},
		{rule: "BitLShift by the range's size or more clears it",
			seed: driver.Bins{"b": blob(0xFF, 0xFF, 0xFF)}, ops: []bitop.Op{bitop.LShift(def, "b", 0, 20, 15)},
			after: driver.Bins{"b": blob(0xF8, 0x00, 0x0F)}},
		{rule: "BitOr, BitXor, BitAnd and BitNot combine the range with the buffer's first bits",
			seed: driver.Bins{"o": blob(0x80, 0x40, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03), "x": blob(0x80, 0x40, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03),
				"a": blob(0x80, 0x40, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03), "n": blob(0x80, 0x40, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03)},
			ops: []bitop.Op{
				bitop.Or(def, "o", 0, 5, bits1), bitop.Or(def, "o", 9, 7, bits1), bitop.Or(def, "o", 23, 6, bits1), bitop.Or(def, "o", 32, 8, bits1), bitop.Or(def, "o", 40, 24, bits1),
				bitop.Xor(def, "x", 0, 5, bits1), bitop.Xor(def, "x", 9, 7, bits1), bitop.Xor(def, "x", 23, 6, bits1), bitop.Xor(def, "x", 32, 8, bits1), bitop.Xor(def, "x", 40, 24, bits1),
				bitop.And(def, "a", 0, 5, bits1), bitop.And(def, "a", 9, 7, bits1), bitop.And(def, "a", 23, 6, bits1), bitop.And(def, "a", 32, 8, bits1), bitop.And(def, "a", 40, 24, bits1),
				bitop.Not(def, "n", 0, 5), bitop.Not(def, "n", 9, 7), bitop.Not(def, "n", 23, 6), bitop.Not(def, "n", 32, 8), bitop.Not(def, "n", 40, 24)},
			after: driver.Bins{"o": blob(0x90, 0x48, 0x01, 0x20, 0x11, 0x11, 0x22, 0x33), "x": blob(0x90, 0x48, 0x01, 0x20, 0x11, 0x10, 0x20, 0x30),
				"a": blob(0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03), "n": blob(0x78, 0x3F, 0x00, 0xF8, 0xFF, 0xFE, 0xFD, 0xFC)}},
		{rule: "a range past the end with PARTIAL applies to the part inside the blob (bits_prepare_modify_op)",
			seed:  driver.Bins{"b": blob(0x00, 0x00)},
			ops:   []bitop.Op{bitop.Set(bitop.WritePartial, "b", 12, 8, blob(0xFF)), bitop.Not(bitop.WritePartial, "b", 0, 64)},
			after: driver.Bins{"b": blob(0xFF, 0xF0)}},
		{rule: "a range past the end with NO_FAIL is a no-op",
			seed:  driver.Bins{"b": blob(0x00, 0x00)},
			ops:   []bitop.Op{bitop.Set(bitop.WriteNoFail, "b", 12, 8, blob(0xFF)), bitop.Set(def, "b", 0, 1, blob(0x80))},
			after: driver.Bins{"b": blob(0x80, 0x00)}},
		{rule: "BitRemove past the end with PARTIAL removes to the end (bits_prepare_remove_op)",
			seed: driver.Bins{"b": blob(1, 2, 3)}, ops: []bitop.Op{bitop.Remove(bitop.WritePartial, "b", 1, 5)},
			after: driver.Bins{"b": blob(1)}},
		{rule: "a negative offset counts back from the end (bits_normalize_offset)",
			seed: driver.Bins{"b": blob(0x00, 0x00)}, ops: []bitop.Op{bitop.Set(def, "b", -4, 4, blob(0xF0)), bitop.Insert(def, "b", -1, blob(0xAA))},
			after: driver.Bins{"b": blob(0x00, 0xAA, 0x0F)}},
	})
}

// testBitArithmetic checks BitAdd, BitSubtract and BitSetInt
// (bits_modify_op_add, _subtract, _set_int, handle_signed_overflow).
func testBitArithmetic(e *env) {
	def := bitop.WriteDefault
	fail, wrap, sat := bitop.OverflowFail, bitop.OverflowWrap, bitop.OverflowSaturate
	e.runBits("bitarith", []bitCase{
		{rule: "BitAdd adds to integers of any width at any offset",
			seed: driver.Bins{"b": blob(0x38, 0x1F, 0x00, 0xE8, 0x7F, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x02, 0x02, 0x02, 0x03, 0x03, 0x03)},
			ops: []bitop.Op{bitop.Add(def, "b", 0, 5, 1, false, fail), bitop.Add(def, "b", 9, 7, 1, false, fail), bitop.Add(def, "b", 23, 6, 0x21, false, fail),
				bitop.Add(def, "b", 32, 8, 1, false, fail), bitop.Add(def, "b", 40, 24, 0x7F7F7F, false, fail), bitop.Add(def, "b", 64, 20, 0x01010, false, fail),
				bitop.Add(def, "b", 92, 20, 0x10101, false, fail), bitop.Add(def, "b", 113, 22, 0x8082, false, fail), bitop.Add(def, "b", 136, 23, 0x20202, false, fail)},

			after: driver.Bins{"b": blob(0x40, 0x20, 0x01, 0xF0, 0x80, 0x7F, 0x7F, 0x7F, 0x02, 0x02, 0x01, 0x02, 0x02, 0x02, 0x03, 0x03, 0x06, 0x07, 0x07, 0x07)}},
		{rule: "BitAdd wraps or saturates, signed or not",
			seed: driver.Bins{"b": blob(0, 0, 0, 0, 0, 0)},
			ops: []bitop.Op{bitop.Add(def, "b", 0, 8, 0xFF, false, wrap), bitop.Add(def, "b", 0, 8, 0xFF, false, wrap),
				bitop.Add(def, "b", 8, 8, 0x7F, true, wrap), bitop.Add(def, "b", 8, 8, 0x7F, true, wrap),
				bitop.Add(def, "b", 16, 8, 0x80, true, wrap), bitop.Add(def, "b", 16, 8, 0xFF, true, wrap),
				bitop.Add(def, "b", 24, 8, 0x80, false, sat), bitop.Add(def, "b", 24, 8, 0x80, false, sat),
				bitop.Add(def, "b", 32, 8, 0x77, true, sat), bitop.Add(def, "b", 32, 8, 0x77, true, sat),
				bitop.Add(def, "b", 40, 8, 0x8F, true, sat), bitop.Add(def, "b", 40, 8, 0x8F, true, sat)},
			after: driver.Bins{"b": blob(0xFE, 0xFE, 0x7F, 0xFF, 0x7F, 0x80)}},
		{rule: "an unsigned BitAdd overflow with FAIL is OP_NOT_APPLICABLE",
			seed: driver.Bins{"b": blob(0, 0)},
			ops:  []bitop.Op{bitop.Add(def, "b", 0, 8, 0xFF, false, fail), bitop.Add(def, "b", 0, 8, 0xFF, false, fail)}, code: driver.OPNotApplicable},
		{rule: "a signed BitAdd overflow with FAIL is OP_NOT_APPLICABLE",
			seed: driver.Bins{"b": blob(0, 0)},
			ops:  []bitop.Op{bitop.Add(def, "b", 0, 8, 0x7F, true, fail), bitop.Add(def, "b", 0, 8, 0x02, true, fail)}, code: driver.OPNotApplicable},
		{rule: "an overflow with NO_FAIL is a no-op",
			seed:  driver.Bins{"b": blob(0xFF)},
			ops:   []bitop.Op{bitop.Add(bitop.WriteNoFail, "b", 0, 8, 1, false, fail)},
			after: driver.Bins{"b": blob(0xFF)}},
		{rule: "BitSubtract saturates at zero unsigned and at the minimum signed",
			seed: driver.Bins{"b": blob(0x01, 0x81, 0x05)},
			ops: []bitop.Op{bitop.Subtract(def, "b", 0, 8, 2, false, sat), bitop.Subtract(def, "b", 8, 8, 2, true, sat),
				bitop.Subtract(def, "b", 16, 8, 2, false, fail)},
			after: driver.Bins{"b": blob(0x00, 0x80, 0x03)}},
		{rule: "BitSetInt stores the value's low bits",
			seed:  driver.Bins{"b": blob(0x00, 0x00, 0x00)},
			ops:   []bitop.Op{bitop.SetInt(def, "b", 4, 8, 0x1AB), bitop.SetInt(def, "b", 16, 8, -1)},
			after: driver.Bins{"b": blob(0x0A, 0xB0, 0xFF)}},
	})
}

// testBitRead checks the bit reads (bits_read_op_get, _count, _lscan,
// _rscan, _get_integer); several reads of one bin return their results in
// order.
func testBitRead(e *env) {
	e.runBits("bitread", []bitCase{
		{rule: "BitGet returns the range left aligned, padded with zero bits",
			seed: driver.Bins{"b": blob(0xC1, 0xAA, 0xAA)},
			ops: []bitop.Op{bitop.Get("b", 0, 1), bitop.Get("b", 1, 1), bitop.Get("b", 7, 1), bitop.Get("b", 0, 8),
				bitop.Get("b", 8, 16), bitop.Get("b", 9, 15), bitop.Get("b", 9, 14)},
			want: driver.Bins{"b": l(blob(0x80), blob(0x80), blob(0x80), blob(0xC1), blob(0xAA, 0xAA), blob(0x55, 0x54), blob(0x55, 0x54))}},
		{rule: "BitCount counts the bits set in the range",
			seed: driver.Bins{"b": blob(0xC1, 0xAA, 0xAB)},
			ops: []bitop.Op{bitop.Count("b", 0, 1), bitop.Count("b", 1, 1), bitop.Count("b", 7, 1), bitop.Count("b", 0, 8),
				bitop.Count("b", 8, 16), bitop.Count("b", 9, 15), bitop.Count("b", 9, 14)},
			want: driver.Bins{"b": l(int64(1), int64(1), int64(1), int64(3), int64(9), int64(8), int64(7))}},
		{rule: "BitLScan finds the first bit of a value, -1 when there is none",
			seed: driver.Bins{"b": blob(0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x01)},
			ops: []bitop.Op{bitop.LScan("b", 0, 1, true), bitop.LScan("b", 0, 32, false), bitop.LScan("b", 32, 40, true),
				bitop.LScan("b", 33, 38, true), bitop.LScan("b", 0, 72, false), bitop.LScan("b", -1, 1, true)},
			want: driver.Bins{"b": l(int64(0), int64(-1), int64(39), int64(-1), int64(32), int64(0))}},
		{rule: "BitRScan finds the last bit of a value",
			seed: driver.Bins{"b": blob(0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x01)},
			ops: []bitop.Op{bitop.RScan("b", 0, 9, true), bitop.RScan("b", 0, 32, false), bitop.RScan("b", 32, 40, false),
				bitop.RScan("b", 0, 72, true), bitop.RScan("b", 0, 72, false), bitop.RScan("b", -1, 1, false)},
			want: driver.Bins{"b": l(int64(8), int64(-1), int64(38), int64(71), int64(70), int64(-1))}},
		{rule: "BitGetInt reads an integer, sign extended when signed",
			seed: driver.Bins{"b": blob(0x0F, 0x0F, 0x00)},
			ops: []bitop.Op{bitop.GetInt("b", 4, 4, false), bitop.GetInt("b", 4, 4, true), bitop.GetInt("b", 7, 4, true),
				bitop.GetInt("b", 5, 17, false), bitop.GetInt("b", 5, 17, true), bitop.GetInt("b", -12, 4, true)},
			want: driver.Bins{"b": l(int64(15), int64(-1), int64(-8), int64(115648), int64(-15424), int64(-1))}},
		{rule: "a read sees the writes before it in the same Operate",
			seed: driver.Bins{"b": blob(0x00)},
			ops:  []bitop.Op{bitop.Not(bitop.WriteDefault, "b", 0, 3), bitop.Count("b", 0, 8)},
			want: driver.Bins{"b": int64(3)}, after: driver.Bins{"b": blob(0xE0)}},
	})
}

// testBitResize checks BitResize (bits_prepare_resize_op).
func testBitResize(e *env) {
	def, noFail := bitop.WriteDefault, bitop.WriteNoFail
	e.runBits("bitresize", []bitCase{
		{rule: "BitResize of a missing bin creates a zeroed blob; grow-only and shrink-only refusals with NO_FAIL are no-ops",
			ops: []bitop.Op{bitop.Resize(def, "b", 20, bitop.ResizeDefault), bitop.Get("b", 19*8, 8),
				bitop.Resize(noFail, "b", 10, bitop.ResizeGrowOnly), bitop.Get("b", 19*8, 8),
				bitop.Resize(def, "b", 10, bitop.ResizeShrinkOnly), bitop.Get("b", 9*8, 8),
				bitop.Resize(noFail, "b", 30, bitop.ResizeShrinkOnly), bitop.Get("b", 9*8, 8),
				bitop.Resize(def, "b", 19, bitop.ResizeGrowOnly), bitop.Get("b", 18*8, 8)},
			want: driver.Bins{"b": l(blob(0), blob(0), blob(0), blob(0), blob(0))}, after: driver.Bins{"b": make([]byte, 19)}},
		{rule: "BitResize from the front adds and removes bytes at the start",
			seed:  driver.Bins{"b": blob(1, 2, 3)},
			ops:   []bitop.Op{bitop.Resize(def, "b", 5, bitop.ResizeFromFront), bitop.Resize(def, "b", 4, bitop.ResizeFromFront), bitop.Resize(def, "b", 3, bitop.ResizeDefault)},
			after: driver.Bins{"b": blob(0, 1, 2)}},
		{rule: "BitResize that would shrink with grow-only is PARAMETER_ERROR",
			seed: driver.Bins{"b": blob(1, 2, 3)}, ops: []bitop.Op{bitop.Resize(def, "b", 1, bitop.ResizeGrowOnly)}, code: driver.ParameterError},
		{rule: "BitResize to the blob's size is a no-op; to zero leaves an empty blob",
			seed:  driver.Bins{"b": blob(1, 2, 3), "c": blob(1)},
			ops:   []bitop.Op{bitop.Resize(def, "b", 3, bitop.ResizeDefault), bitop.Resize(def, "c", 0, bitop.ResizeDefault)},
			after: driver.Bins{"b": blob(1, 2, 3), "c": []byte{}}},
	})
}

// testBitErrors checks the refusals (bits_parse_*, bits_modify, bits_read,
// the bits_prepare_*_op functions); each leaves the record as it was.
func testBitErrors(e *env) {
	def := bitop.WriteDefault
	seed := driver.Bins{"b": blob(0x01, 0x02), "s": "str"}
	e.runBits("biterr", []bitCase{
		{rule: "a bit write on a missing bin other than insert and resize is BIN_NOT_FOUND",
			seed: seed, ops: []bitop.Op{bitop.Set(def, "x", 1, 1, blob(0x80))}, code: driver.BinNotFound},
		{rule: "a write flag the operation does not take is PARAMETER_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Set(bitop.WriteCreateOnly, "b", 1, 1, blob(0x80))}, code: driver.ParameterError},
		{rule: "CREATE_ONLY on an existing bin is BIN_EXISTS_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Insert(bitop.WriteCreateOnly, "b", 0, blob(0x80))}, code: driver.BinExistsError},
		{rule: "UPDATE_ONLY on a missing bin is BIN_NOT_FOUND",
			seed: seed, ops: []bitop.Op{bitop.Resize(bitop.WriteUpdateOnly, "x", 4, bitop.ResizeDefault)}, code: driver.BinNotFound},
		{rule: "a bit write on a bin of another type is BIN_TYPE_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Not(def, "s", 0, 1)}, code: driver.BinTypeError},
		{rule: "a bit read on a bin of another type is BIN_TYPE_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Count("s", 0, 1)}, code: driver.BinTypeError},
		{rule: "a write past the end of the blob is OP_NOT_APPLICABLE",
			seed: seed, ops: []bitop.Op{bitop.Set(def, "b", 12, 8, blob(0xFF))}, code: driver.OPNotApplicable},
		{rule: "a read past the end of the blob is OP_NOT_APPLICABLE",
			seed: seed, ops: []bitop.Op{bitop.GetInt("b", 16, 8, false)}, code: driver.OPNotApplicable},
		{rule: "a negative offset before the start is PARAMETER_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Count("b", -17, 1)}, code: driver.ParameterError},
		{rule: "a size of zero is PARAMETER_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Count("b", 0, 0)}, code: driver.ParameterError},
		{rule: "an integer size over 64 is PARAMETER_ERROR",
			seed: seed, ops: []bitop.Op{bitop.GetInt("b", 0, 65, false)}, code: driver.ParameterError},
		{rule: "a buffer shorter than the size is PARAMETER_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Set(def, "b", 0, 16, blob(0xFF))}, code: driver.ParameterError},
		{rule: "BitRemove past the end without PARTIAL is PARAMETER_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Remove(def, "b", 1, 2)}, code: driver.ParameterError},
		{rule: "saturate and wrap together are PARAMETER_ERROR",
			seed: seed, ops: []bitop.Op{bitop.Add(def, "b", 0, 8, 1, false, bitop.OverflowSaturate|bitop.OverflowWrap)}, code: driver.ParameterError},
		{rule: "a failing op after a successful one fails the whole Operate",
			seed: seed, ops: []bitop.Op{bitop.Not(def, "b", 0, 8), bitop.Set(def, "b", 12, 8, blob(0xFF))}, code: driver.OPNotApplicable},
	})
}

// testBitExpressions checks bit expressions (exp.c eval_call with
// CALL_BITS, particle_blob.c as_bin_bits_read_exp and
// as_bin_bits_modify_exp): a read returns the operation's result, a modify
// returns the changed copy and leaves the bin as it is, and they work in
// filters.
func testBitExpressions(e *env) {
	k := e.key("bitexp")
	seed := driver.Bins{"b": blob(0xC1, 0xAA, 0xAB)}
	e.put(k, seed)
	b, i := exp.BlobBin("b"), exp.IntVal
	rec, ok := e.operate("Operate with bit read and modify expressions", k,
		exp.ReadOp("count", exp.BitCount(i(8), i(16), b), exp.ReadDefault),
		exp.ReadOp("get", exp.BitGet(i(9), i(14), b), exp.ReadDefault),
		exp.ReadOp("int", exp.BitGetInt(i(4), i(4), true, b), exp.ReadDefault),
		exp.ReadOp("scan", exp.BitLScan(i(0), i(24), exp.BoolVal(false), b), exp.ReadDefault),
		exp.ReadOp("not", exp.BitNot(bitop.WriteDefault, i(0), i(8), b), exp.ReadDefault),
		exp.ReadOp("add", exp.BitGetInt(i(0), i(8), false, exp.BitAdd(bitop.WriteDefault, i(0), i(8), i(2), false, bitop.OverflowFail, b)), exp.ReadDefault),
		exp.WriteOp("c", exp.BitResize(bitop.WriteDefault, i(4), bitop.ResizeDefault, b), exp.WriteDefault))
	if ok {
		e.wantBins("bit expressions", rec.Bins, driver.Bins{"count": int64(9), "get": blob(0x55, 0x54), "int": int64(1),
			"scan": int64(2), "not": blob(0x3E, 0xAA, 0xAB), "add": int64(0xC3)})
		e.wantRecord("a bit modify expression changes a copy, not the bin", k, driver.Bins{"b": seed["b"], "c": blob(0xC1, 0xAA, 0xAB, 0x00)})
	}
	rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{
		exp.ReadOp("r", exp.BitGetInt(i(16), i(16), false, b), exp.ReadDefault)})
	e.wantCode("a bit read expression past the end of the blob fails the Operate (OP_NOT_APPLICABLE)", err, driver.OPNotApplicable)
	_ = rec
}
