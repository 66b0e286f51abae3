package hll

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// OpCode is an HLL operation code (server as_hll_op_type, client
// hll_operation.go).
type OpCode int

// Operation codes. Codes below 50 modify the bin, codes from 50 read it.
const (
	OpInit              OpCode = 0
	OpAdd               OpCode = 1
	OpSetUnion          OpCode = 2
	OpRefreshCount      OpCode = 3
	OpFold              OpCode = 4
	OpGetCount          OpCode = 50
	OpGetUnion          OpCode = 51
	OpGetUnionCount     OpCode = 52
	OpGetIntersectCount OpCode = 53
	OpGetSimilarity     OpCode = 54
	OpDescribe          OpCode = 55
	// OpMayContain is the server's hll_may_contain (expressions only in
	// client v8): 1 when every element may be in the set, else 0.
	OpMayContain OpCode = 56
)

var opNames = map[OpCode]string{
	OpInit: "hll_init", OpAdd: "hll_add", OpSetUnion: "hll_set_union",
	OpRefreshCount: "hll_refresh_count", OpFold: "hll_fold",
	OpGetCount: "hll_get_count", OpGetUnion: "hll_get_union",
	OpGetUnionCount: "hll_get_union_count", OpGetIntersectCount: "hll_get_intersect_count",
	OpGetSimilarity: "hll_get_similarity", OpDescribe: "hll_describe", OpMayContain: "hll_may_contain",
}

// String returns the server's name of the operation (particle_hll.c op
// tables).
func (c OpCode) String() string {
	if n, ok := opNames[c]; ok {
		return n
	}
	return fmt.Sprintf("hll_op(%d)", int(c))
}

// IsModify reports whether the code is a modify operation (server
// AS_HLL_MODIFY_OP_START..END); others are reads.
func (c OpCode) IsModify() bool { return c >= 0 && c < 50 }

// WriteFlags change how HLL writes behave (client HLLWriteFlags, server
// AS_HLL_FLAG_*).
type WriteFlags int

// Write flags.
const (
	WriteDefault WriteFlags = 0
	// CreateOnly fails (BIN_EXISTS_ERROR) when the bin exists.
	CreateOnly WriteFlags = 1
	// UpdateOnly fails (BIN_NOT_FOUND) when the bin does not exist.
	UpdateOnly WriteFlags = 2
	// NoFail turns a CreateOnly or UpdateOnly failure into a no-op.
	NoFail WriteFlags = 4
	// AllowFold lets a set-union reduce the bin's bits to the smallest
	// of the HLLs'.
	AllowFold WriteFlags = 8
)

// DefaultBits is passed for index or minhash bits to mean "the bin's, or
// the server's default when creating" (client: -1).
const DefaultBits = -1

// ErrPayload is wrapped by Decode's errors: a payload the server refuses
// with PARAMETER_ERROR.
var ErrPayload = errors.New("hll: malformed operation payload")

// Op is one HLL operation on a bin: its code and its arguments in the
// order the client packs them (int64 for bits and flags, []any of values
// for elements, []any of HLL for sketches).
type Op struct {
	Bin  string
	Code OpCode
	Args []any

	err error
}

func newOp(bin string, code OpCode, args ...any) Op { return Op{Bin: bin, Code: code, Args: args} }

func hllList(hlls []HLL) []any {
	l := make([]any, len(hlls))
	for i, h := range hlls {
		l[i] = driver.Clone(h)
	}
	return l
}

// Init creates or resets the bin to an empty HLL with these bits
// (client HLLInitOp); DefaultBits keeps the bin's.
func Init(bin string, indexBits, minhashBits int, flags WriteFlags) Op {
	return newOp(bin, OpInit, int64(indexBits), int64(minhashBits), int64(flags))
}

// Add adds values to the bin's set, creating it with these bits when
// absent (client HLLAddOp); it returns how many values changed a register.
// A value must be a scalar (not a list or map).
func Add(bin string, values []any, indexBits, minhashBits int, flags WriteFlags) Op {
	op := newOp(bin, OpAdd, nil, int64(indexBits), int64(minhashBits), int64(flags))
	l := make([]any, len(values))
	for i, v := range values {
		n, err := driver.Normalize(v)
		if err != nil && op.err == nil {
			op.err = fmt.Errorf("hll: %s on bin %q: value %d: %w", OpAdd, bin, i, err)
		}
		l[i] = n
	}
	op.Args[0] = l
	return op
}

// SetUnion sets the bin to the union of hlls and its HLL (client
// HLLSetUnionOp).
func SetUnion(bin string, hlls []HLL, flags WriteFlags) Op {
	return newOp(bin, OpSetUnion, hllList(hlls), int64(flags))
}

// RefreshCount updates the bin's cached count and returns it (client
// HLLRefreshCountOp).
func RefreshCount(bin string) Op { return newOp(bin, OpRefreshCount) }

// Fold reduces the bin's index bits (client HLLFoldOp); the bin must have
// no minhash bits.
func Fold(bin string, indexBits int) Op { return newOp(bin, OpFold, int64(indexBits)) }

// GetCount returns the estimated count of the bin's set (client
// HLLGetCountOp).
func GetCount(bin string) Op { return newOp(bin, OpGetCount) }

// GetUnion returns the union of hlls and the bin's HLL, an HLL (client
// HLLGetUnionOp).
func GetUnion(bin string, hlls []HLL) Op { return newOp(bin, OpGetUnion, hllList(hlls)) }

// GetUnionCount returns the estimated count of that union (client
// HLLGetUnionCountOp).
func GetUnionCount(bin string, hlls []HLL) Op {
	return newOp(bin, OpGetUnionCount, hllList(hlls))
}

// GetIntersectCount returns the estimated count of the intersection of
// hlls and the bin's HLL (client HLLGetIntersectCountOp).
func GetIntersectCount(bin string, hlls []HLL) Op {
	return newOp(bin, OpGetIntersectCount, hllList(hlls))
}

// GetSimilarity returns the estimated Jaccard similarity of hlls and the
// bin's HLL, a float64 (client HLLGetSimilarityOp).
func GetSimilarity(bin string, hlls []HLL) Op {
	return newOp(bin, OpGetSimilarity, hllList(hlls))
}

// Describe returns the bin's [index bits, minhash bits] (client
// HLLDescribeOp).
func Describe(bin string) Op { return newOp(bin, OpDescribe) }

// MayContain returns 1 when every value may be in the bin's set, else 0
// (server hll_may_contain).
func MayContain(bin string, values []any) Op {
	op := Add(bin, values, 0, 0, 0)
	op.Code = OpMayContain
	op.Args = op.Args[:1]
	return op
}

// Err reports a value with no Aerospike form, found when the op was
// built.
func (o Op) Err() error { return o.err }

// IsWrite reports whether the operation modifies its bin.
func (o Op) IsWrite() bool { return o.Code.IsModify() }

// Operation returns the op as one step of a driver Operate.
func (o Op) Operation() driver.Operation {
	t := driver.OpHLLRead
	if o.IsWrite() {
		t = driver.OpHLLModify
	}
	return driver.Operation{Type: t, Bin: o.Bin, Value: o}
}

// String formats the operation for errors and logs, e.g.
// hll_add(bin "visitors", [a b], 12, -1, 0).
func (o Op) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s(bin %q", o.Code, o.Bin)
	for _, a := range o.Args {
		fmt.Fprintf(&b, ", %v", a)
	}
	b.WriteByte(')')
	return b.String()
}

// particleBlob is the particle type byte the client packs an HLL argument
// with (value.go HLLValue.pack: packBytes, a BLOB); the server skips that
// byte whatever it is (particle_hll.c hll_parse_hlls).
const particleBlob = 4

// AppendHLL appends h as the client packs an HLL value: a MessagePack str
// holding a particle type byte (BLOB) then the particle.
func AppendHLL(b []byte, h HLL) []byte {
	return msgpack.AppendRawStr(b, "\x04"+string(h))
}

// takesHLLs reports whether the op's first argument is a list of HLLs (or
// one HLL): hll_parse_hlls.
func takesHLLs(c OpCode) bool {
	switch c {
	case OpSetUnion, OpGetUnion, OpGetUnionCount, OpGetIntersectCount, OpGetSimilarity:
		return true
	}
	return false
}

// asHLL returns a str argument read where an HLL goes as an HLL: the
// server takes the bytes after the type byte, whatever the type byte was.
func asHLL(v any) any {
	switch x := v.(type) {
	case []byte:
		return HLL(x)
	case string:
		return HLL(x)
	case []any:
		for i, e := range x {
			switch e.(type) {
			case []byte, string:
				x[i] = asHLL(e)
			}
		}
	}
	return v
}

func appendArg(b []byte, a any) ([]byte, error) {
	switch x := a.(type) {
	case HLL:
		return AppendHLL(b, x), nil
	case []any:
		b = msgpack.AppendArrayHeader(b, len(x))
		for _, e := range x {
			var err error
			if b, err = appendArg(b, e); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return msgpack.Append(b, a)
}

// Payload returns the operation's wire form, as the client packs it
// (hll_operation.go packHLLIfcParamsAsArray): [code, args...].
func (o Op) Payload() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	b := msgpack.AppendArrayHeader(nil, len(o.Args)+1)
	b = msgpack.AppendInt(b, int64(o.Code))
	for i, a := range o.Args {
		var err error
		if b, err = appendArg(b, a); err != nil {
			return nil, fmt.Errorf("hll: %s on bin %q: argument %d: %w", o.Code, o.Bin, i+1, err)
		}
	}
	return b, nil
}

// Decode reads an operation payload back into an Op: the array, the code
// (as hll_state_init does) and the arguments as values, HLLs where the op
// takes them. It does not check the arguments
// against the op table: the engine does, as the server does when it runs
// the operation. Errors wrap ErrPayload.
func Decode(bin string, payload []byte) (Op, error) {
	d := msgpack.NewDecoder(payload)
	op := Op{Bin: bin}
	n, err := d.ArrayHeader()
	if err != nil || n == 0 {
		return op, payloadErr("operation is not a non-empty array: %v", err)
	}
	code, err := d.Int()
	if err != nil || code < 0 || code > 0xff {
		return op, payloadErr("operation code %d: %v", code, err)
	}
	op.Code = OpCode(code)
	op.Args = make([]any, 0, n-1)
	for i := 1; i < n; i++ {
		v, err := decodeArg(d, payload, 0)
		if err != nil {
			return op, payloadErr("argument %d: %v", i, err)
		}
		op.Args = append(op.Args, v)
	}
	if d.Len() != 0 {
		return op, payloadErr("%d trailing bytes", d.Len())
	}
	if takesHLLs(op.Code) && len(op.Args) > 0 {
		op.Args[0] = asHLL(op.Args[0])
	}
	return op, nil
}

func decodeArg(d *msgpack.Decoder, payload []byte, depth int) (any, error) {
	t, ok := d.Peek()
	if !ok {
		return nil, errors.New("truncated")
	}
	switch {
	case depth == 0 && (t&0xf0 == 0x90 || t == 0xdc || t == 0xdd):
		n, err := d.ArrayHeader()
		if err != nil {
			return nil, err
		}
		if n > d.Len() {
			return nil, fmt.Errorf("list of %d elements in %d bytes", n, d.Len())
		}
		l := make([]any, 0, n)
		for i := 0; i < n; i++ {
			v, err := decodeArg(d, payload, depth+1)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			l = append(l, v)
		}
		return l, nil
	case t&0xe0 == 0xa0 || t == 0xd9 || t == 0xda || t == 0xdb || t == 0xc4 || t == 0xc5 || t == 0xc6:
		at := d.Offset()
		s, err := d.Str()
		if err != nil {
			return nil, err
		}
		if len(s) > 0 && s[0] != 3 && s[0] != particleBlob {
			// Another particle type (an HLL's 18, say): its bytes, which
			// only an HLL argument takes.
			return append([]byte(nil), s[1:]...), nil
		}
		v, _, err := msgpack.Unpack(payload[at:d.Offset()])
		return v, err
	}
	return d.Value()
}

func payloadErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrPayload, fmt.Sprintf(format, args...))
}
