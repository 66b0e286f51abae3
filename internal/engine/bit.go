package engine

import (
	"fmt"

	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/opspec"
)

// Bit operations on blob bins, after the server's as/src/base/particle_blob.c
// (the bits section): bits_parse_op and its bits_parse_* functions check the
// arguments, bits_modify and bits_read check the bin, bits_prepare_op and
// the bits_prepare_*_op functions lay out the new blob (head, expansion,
// the bytes the operation covers, tail), and the bits_modify_op_* and
// bits_read_op_* functions do the work (bit_exec.go). A blob is never
// changed in place: a modify builds a new one.

// protoSizeMax is the server's PROTO_SIZE_MAX (as/include/base/proto.h):
// the bound on offsets and sizes, and on the size of a blob a bit operation
// builds.
const protoSizeMax = 128 * 1024 * 1024

// Server write flags and subflags (proto.h AS_BITS_FLAG_*,
// AS_BITS_INT_SUBFLAG_*, AS_BITS_SUBFLAG_RESIZE_*).
const (
	bitsCreateOnly = uint64(bitop.WriteCreateOnly)
	bitsUpdateOnly = uint64(bitop.WriteUpdateOnly)
	bitsNoFail     = uint64(bitop.WriteNoFail)
	bitsPartial    = uint64(bitop.WritePartial)

	bitsSigned   = uint64(bitop.Signed)
	bitsSaturate = uint64(bitop.OverflowSaturate)
	bitsWrap     = uint64(bitop.OverflowWrap)

	bitsFromFront  = uint64(bitop.ResizeFromFront)
	bitsGrowOnly   = uint64(bitop.ResizeGrowOnly)
	bitsShrinkOnly = uint64(bitop.ResizeShrinkOnly)
)

// bitAction is particle_blob.c op_action.
type bitAction int

const (
	bitOverwrite bitAction = iota
	bitExpand
	bitRemove
)

// bitCall is one bit operation being applied: the server's bits_op (offset
// and size in bits, value, buffer, flags and subflags) and bits_state
// (the blob's layout).
type bitCall struct {
	key    *driver.Key
	op     bitop.Op
	spec   opspec.Bit
	modify bool

	offset   int64 // bits; after prepare, the bit offset within the first byte
	size     uint64
	value    uint64
	buf      []byte
	flags    uint64
	subflags uint64

	action                       bitAction
	head, expand, nOp, tail, old uint64
}

func (c *bitCall) fail(code driver.ResultCode, format string, args ...any) error {
	return driver.Errorf(code, "key %s: bin %q: %s: %s", c.key, c.op.Bin, c.op.Code, fmt.Sprintf(format, args...))
}

// newBitCall reads a bit operation as bits_state_init does (parseArgs as
// bits_parse_op):
// an unknown code, a read op sent as a modify (or the reverse), a wrong
// argument count or an argument the server's parse function refuses is
// PARAMETER_ERROR.
func newBitCall(key *driver.Key, dop *driver.Operation) (*bitCall, error) {
	var op bitop.Op
	switch v := dop.Value.(type) {
	case bitop.Op:
		op = v
	case *bitop.Op:
		if v == nil {
			return nil, driver.Errorf(driver.ParameterError, "key %s: bin %q: %s operation holds a nil *bitop.Op", key, dop.Bin, dop.Type)
		}
		op = *v
	default:
		return nil, driver.Errorf(driver.ParameterError, "key %s: bin %q: %s operation holds a %T, want a bitop.Op", key, dop.Bin, dop.Type, dop.Value)
	}
	c := &bitCall{key: key, op: op, modify: dop.Type == driver.OpBitModify}
	if op.Bin != dop.Bin {
		return nil, driver.Errorf(driver.ParameterError, "key %s: operation on bin %q sent for bin %q", key, op.Bin, dop.Bin)
	}
	spec, ok := opspec.BitOf(int(op.Code))
	if !ok || spec.Modify != c.modify {
		// bits_state_init: "expected read op" / "expected modify op".
		return nil, c.fail(driver.ParameterError, "operation code %d is not a bit %s operation", int(op.Code), map[bool]string{true: "modify", false: "read"}[c.modify])
	}
	c.spec = spec
	return c, nil
}

// parseArgs reads the arguments as bits_parse_op does. A read parses them
// only when the bin exists (process_bin_read_op skips bits_read for a
// missing bin), a modify always, before the bin checks (bits_modify).
func (c *bitCall) parseArgs() error {
	op, spec := c.op, c.spec
	if len(op.Args) < spec.Min || len(op.Args) > len(spec.Params) {
		return c.fail(driver.ParameterError, "%d arguments, want %d to %d", len(op.Args), spec.Min, len(spec.Params))
	}
	for i, a := range op.Args {
		if err := c.parse(spec.Params[i], a); err != nil {
			return c.fail(driver.ParameterError, "argument %d: %v", i+1, err)
		}
	}
	return nil
}

// parse reads one argument as the server's bits_parse_* function of its
// kind does.
func (c *bitCall) parse(p opspec.BitParam, a any) error {
	switch p {
	case opspec.BitBool:
		b, ok := a.(bool)
		if !ok {
			return fmt.Errorf("a %T, want a boolean", a)
		}
		c.value = 0
		if b {
			c.value = 1
		}
		return nil
	case opspec.BitBuf:
		b, ok := a.([]byte)
		if !ok || len(b) == 0 {
			return fmt.Errorf("a %T of %d bytes, want a non-empty []byte", a, lenOf(a))
		}
		c.buf = b
		bits := uint64(len(b)) * 8
		if c.size != 0 {
			if bits < c.size {
				return fmt.Errorf("buffer of %d bits is shorter than the size %d", bits, c.size)
			}
		} else {
			c.size = bits
		}
		return nil
	}
	i, ok := a.(int64)
	if !ok {
		return fmt.Errorf("a %T, want an integer", a)
	}
	u := uint64(i) // msgpack_get_uint64 takes a negative integer as its bits
	switch p {
	case opspec.BitByteOffset:
		if i > protoSizeMax || i < -protoSizeMax {
			return fmt.Errorf("byte offset %d is larger than max %d", i, protoSizeMax)
		}
		c.offset = i * 8
	case opspec.BitOffset:
		if i > protoSizeMax*8 || i < -protoSizeMax*8 {
			return fmt.Errorf("offset %d is larger than max %d", i, protoSizeMax*8)
		}
		c.offset = i
	case opspec.BitIntegerSize:
		if u == 0 || u > 64 {
			return fmt.Errorf("integer size %d is not 1 to 64", i)
		}
		c.size = u
	case opspec.BitByteSize, opspec.BitByteSizeAllowZero:
		if u == 0 && p == opspec.BitByteSize {
			return fmt.Errorf("size may not be 0")
		}
		if u > protoSizeMax {
			return fmt.Errorf("byte size %d is larger than max %d", i, protoSizeMax)
		}
		c.size = u * 8
	case opspec.BitSize:
		if u == 0 {
			return fmt.Errorf("size may not be 0")
		}
		if u > protoSizeMax*8 {
			return fmt.Errorf("size %d is larger than max %d", i, protoSizeMax*8)
		}
		c.size = u
	case opspec.BitNBits:
		if u > protoSizeMax*8 {
			return fmt.Errorf("shift %d is larger than max %d", i, protoSizeMax*8)
		}
		c.value = u
	case opspec.BitInteger:
		c.value = u
	case opspec.BitFlags:
		if u&^uint64(c.spec.Flags) != 0 {
			return fmt.Errorf("invalid flags 0x%x", u)
		}
		if u&bitsCreateOnly != 0 && u&bitsUpdateOnly != 0 {
			return fmt.Errorf("invalid flags combination 0x%x", u)
		}
		c.flags = u
	case opspec.BitResizeSubflags:
		if u&^(bitsFromFront|bitsGrowOnly|bitsShrinkOnly) != 0 || (u&bitsGrowOnly != 0 && u&bitsShrinkOnly != 0) {
			return fmt.Errorf("invalid resize flags 0x%x", u)
		}
		c.subflags = u
	case opspec.BitArithSubflags:
		if u&^(bitsSigned|bitsSaturate|bitsWrap) != 0 || (u&bitsSaturate != 0 && u&bitsWrap != 0) {
			return fmt.Errorf("invalid overflow flags 0x%x", u)
		}
		c.subflags = u
	case opspec.BitGetIntSubflags:
		if u&^bitsSigned != 0 {
			return fmt.Errorf("invalid integer flags 0x%x", u)
		}
		c.subflags = u
	default:
		return fmt.Errorf("unknown parameter kind %d", p)
	}
	return nil
}

func lenOf(a any) int {
	if b, ok := a.([]byte); ok {
		return len(b)
	}
	return 0
}

// applyBit runs a bit operation on the record's working bins and adds its
// result to res (particle_blob.c bits_modify, bits_read; rw_utils.c
// process_bin_read_op: a read of a missing bin returns nothing). On error
// bins are unchanged.
func applyBit(key *driver.Key, bins driver.Bins, dop *driver.Operation, res *results) error {
	c, err := newBitCall(key, dop)
	if err != nil {
		return err
	}
	cur, exists := bins[c.op.Bin]
	if !c.modify {
		if !exists {
			return nil
		}
		if err := c.parseArgs(); err != nil {
			return err
		}
		blob, ok := cur.([]byte)
		if !ok {
			return c.fail(driver.BinTypeError, "bin holds a %T, want a blob", cur)
		}
		v, has, err := c.read(blob)
		if err != nil || !has {
			return err
		}
		res.add(c.op.Bin, v)
		return nil
	}
	if err := c.parseArgs(); err != nil {
		return err
	}
	var blob []byte
	if exists {
		if c.flags&bitsCreateOnly != 0 {
			if c.flags&bitsNoFail != 0 {
				return nil
			}
			return c.fail(driver.BinExistsError, "bin exists (create-only)")
		}
		var ok bool
		if blob, ok = cur.([]byte); !ok {
			return c.fail(driver.BinTypeError, "bin holds a %T, want a blob", cur)
		}
	} else if (c.op.Code != bitop.OpInsert && c.op.Code != bitop.OpResize) || c.flags&bitsUpdateOnly != 0 {
		if c.flags&bitsNoFail != 0 {
			return nil
		}
		return c.fail(driver.BinNotFound, "bin does not exist")
	}
	nv, changed, err := c.modifyBlob(blob, exists)
	if err != nil || !changed {
		return err
	}
	bins[c.op.Bin] = nv
	return nil
}

// prepare is bits_prepare_op: it normalizes a negative offset against the
// blob's size and lays out the operation with the op's prepare function.
// done is set when the operation is a no-op (the server's AS_OK).
func (c *bitCall) prepare(blob []byte, exists bool) (done bool, err error) {
	if exists {
		c.old = uint64(len(blob))
	} else if c.offset < 0 {
		return false, c.fail(driver.ParameterError, "a negative offset on a bin that does not exist")
	}
	// bits_normalize_offset.
	if c.offset < 0 {
		if uint64(-c.offset) > c.old*8 {
			return false, c.fail(driver.ParameterError, "offset %d is before the start of a %d-byte blob", c.offset, c.old)
		}
		c.offset += int64(c.old * 8)
	}
	byteOffset := uint64(c.offset) / 8
	c.offset %= 8
	opSize := (uint64(c.offset) + c.size + 7) / 8
	switch c.op.Code {
	case bitop.OpResize:
		return c.prepareResize(opSize)
	case bitop.OpInsert:
		c.action = bitExpand
		if byteOffset >= c.old {
			c.head, c.expand, c.nOp = c.old, byteOffset-c.old, opSize
		} else {
			c.head, c.nOp, c.tail = byteOffset, opSize, c.old-byteOffset
		}
		return false, nil
	case bitop.OpRemove:
		c.action = bitRemove
		return c.prepareRange(byteOffset, opSize, driver.ParameterError, true)
	case bitop.OpAdd, bitop.OpSubtract, bitop.OpSetInt:
		c.action = bitOverwrite
		return c.prepareRange(byteOffset, opSize, driver.OPNotApplicable, false)
	}
	if c.modify {
		c.action = bitOverwrite
		return c.prepareRange(byteOffset, opSize, driver.OPNotApplicable, true)
	}
	return c.prepareRange(byteOffset, opSize, driver.OPNotApplicable, false)
}

// prepareResize is bits_prepare_resize_op.
func (c *bitCall) prepareResize(opSize uint64) (bool, error) {
	fromFront := c.subflags&bitsFromFront != 0
	switch {
	case opSize < c.old:
		if c.subflags&bitsGrowOnly != 0 {
			return c.noFail(driver.ParameterError, "cannot shrink with grow-only set")
		}
		c.action = bitRemove
		n := c.old - opSize
		if fromFront {
			c.nOp, c.tail = n, c.old-n
		} else {
			c.head, c.nOp = c.old-n, n
		}
	case opSize > c.old:
		if c.subflags&bitsShrinkOnly != 0 {
			return c.noFail(driver.ParameterError, "cannot grow with shrink-only set")
		}
		c.action = bitExpand
		n := opSize - c.old
		if fromFront {
			c.nOp, c.tail = n, c.old
		} else {
			c.head, c.nOp = c.old, n
		}
	default:
		return true, nil // already the specified size
	}
	return false, nil
}

// prepareRange is bits_prepare_remove_op, bits_prepare_modify_op
// (partial set) and bits_prepare_read_op / bits_prepare_integer_op
// (partial unset): an operation on bytes that must lie in the blob, or,
// with PARTIAL, that may run past its end and then apply to the part
// inside it.
func (c *bitCall) prepareRange(byteOffset, opSize uint64, code driver.ResultCode, partial bool) (bool, error) {
	if byteOffset >= c.old {
		return c.noFail(code, "offset is past the end of a %d-byte blob", c.old)
	}
	if byteOffset+opSize > c.old {
		if !partial || c.flags&bitsPartial == 0 {
			return c.noFail(code, "operation runs past the end of a %d-byte blob", c.old)
		}
		// The range now ends with the blob. (The server sets the size
		// to old_size*8 minus the offset within the first byte, more
		// than the bytes left hold; its functions only use the size
		// modulo 8 and within those bytes, so the result is the same.)
		c.head, c.nOp = byteOffset, c.old-byteOffset
		c.size = c.nOp*8 - uint64(c.offset)
		return false, nil
	}
	c.head, c.nOp, c.tail = byteOffset, opSize, c.old-(byteOffset+opSize)
	return false, nil
}

// noFail answers a refused operation: a no-op with NO_FAIL, else code.
func (c *bitCall) noFail(code driver.ResultCode, format string, args ...any) (bool, error) {
	if c.flags&bitsNoFail != 0 {
		return true, nil
	}
	return false, c.fail(code, format, args...)
}

// modifyBlob is bits_prepare_modify and bits_execute_modify_op: it returns
// the new blob, or changed false for a no-op.
func (c *bitCall) modifyBlob(blob []byte, exists bool) ([]byte, bool, error) {
	done, err := c.prepare(blob, exists)
	if err != nil || done {
		return nil, false, err
	}
	newSize := c.head + c.expand + c.tail
	if c.action != bitRemove {
		newSize += c.nOp
	}
	if newSize >= protoSizeMax {
		return nil, false, c.fail(driver.ParameterError, "result blob size %d is larger than max %d", newSize, protoSizeMax)
	}
	to := make([]byte, 0, newSize)
	to = append(to, blob[:c.head]...)
	switch c.action {
	case bitOverwrite:
		window := append([]byte{}, blob[c.head:c.head+c.nOp]...)
		if !c.overwrite(window, blob[c.head:c.head+c.nOp]) {
			if c.flags&bitsNoFail != 0 {
				return nil, false, nil
			}
			return nil, false, c.fail(driver.OPNotApplicable, "integer overflow")
		}
		to = append(to, window...)
		to = append(to, blob[c.head+c.nOp:c.head+c.nOp+c.tail]...)
	case bitExpand:
		to = append(to, make([]byte, c.expand)...)
		if c.op.Code == bitop.OpInsert {
			to = append(to, c.buf[:c.nOp]...)
		} else {
			to = append(to, make([]byte, c.nOp)...) // bits_modify_op_resize
		}
		to = append(to, blob[c.head:c.head+c.tail]...)
	case bitRemove:
		to = append(to, blob[c.head+c.nOp:c.head+c.nOp+c.tail]...)
	}
	return to, true, nil
}

// read is bits_prepare_read and bits_execute_read_op.
func (c *bitCall) read(blob []byte) (any, bool, error) {
	if _, err := c.prepare(blob, true); err != nil {
		return nil, false, err
	}
	w := blob[c.head : c.head+c.nOp]
	switch c.op.Code {
	case bitop.OpGet:
		return c.get(w), true, nil
	case bitop.OpCount:
		return c.count(w), true, nil
	case bitop.OpLScan:
		return c.lscan(w), true, nil
	case bitop.OpRScan:
		return c.rscan(w), true, nil
	case bitop.OpGetInt:
		n := c.size
		v := int64(loadBits(w, uint64(c.offset), n))
		if c.subflags&bitsSigned != 0 {
			v = v << (64 - n) >> (64 - n) // sign extend
		}
		return v, true, nil
	}
	return nil, false, c.fail(driver.ParameterError, "not a read operation")
}
