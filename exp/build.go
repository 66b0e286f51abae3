package exp

import (
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/exptree"
	"github.com/aerokit/aero/internal/msgpack"
	ivalue "github.com/aerokit/aero/internal/value"
)

// Builders, named as aerospike-client-go v8's without the Exp prefix. Each
// returns a new immutable node.

func node(op exptree.Op, args ...*Expr) *Expr {
	return &Expr{n: tree{Op: op, Args: args}}
}

func bin(name string, t Type) *Expr {
	return &Expr{n: tree{Op: exptree.OpBin, Type: t, Name: name}}
}

// IntBin reads an integer bin. A missing bin, or a bin of another type, is
// unknown: a filter on it does not match.
func IntBin(name string) *Expr { return bin(name, TypeInt) }

// FloatBin reads a float bin.
func FloatBin(name string) *Expr { return bin(name, TypeFloat) }

// StringBin reads a string bin.
func StringBin(name string) *Expr { return bin(name, TypeString) }

// BoolBin reads a boolean bin.
func BoolBin(name string) *Expr { return bin(name, TypeBool) }

// BlobBin reads a blob ([]byte) bin.
func BlobBin(name string) *Expr { return bin(name, TypeBlob) }

// ListBin reads a list bin.
func ListBin(name string) *Expr { return bin(name, TypeList) }

// MapBin reads a map bin.
func MapBin(name string) *Expr { return bin(name, TypeMap) }

// GeoBin reads a GeoJSON bin.
func GeoBin(name string) *Expr { return bin(name, TypeGeo) }

// HLLBin reads a HyperLogLog bin.
func HLLBin(name string) *Expr { return bin(name, TypeHLL) }

// BinType returns the particle type of a bin (0 when it does not exist), as
// the wire numbers particle types (1 integer, 2 float, 3 string, 4 blob, 17
// bool, 19 map, 20 list, 23 GeoJSON).
func BinType(name string) *Expr {
	return &Expr{n: tree{Op: exptree.OpBinType, Name: name}}
}

// BinExists is true when the bin exists: BinType(name) != 0, as the client
// builds it.
func BinExists(name string) *Expr { return NotEq(BinType(name), IntVal(0)) }

// Key reads the record's stored user key as type t (TypeInt, TypeString or
// TypeBlob); unknown when no key is stored or it has another type.
func Key(t Type) *Expr { return &Expr{n: tree{Op: exptree.OpKey, Type: t}} }

// KeyExists is true when the record stores its user key.
func KeyExists() *Expr { return node(exptree.OpKeyExists) }

// SetName returns the record's set name ("" for none).
func SetName() *Expr { return node(exptree.OpSetName) }

// DigestModulo returns the record digest's bytes 16..19, read as a
// little-endian uint32, modulo mod (exp.c eval_meta_digest_mod).
func DigestModulo(mod int64) *Expr {
	return &Expr{n: tree{Op: exptree.OpDigestModulo, Flags: mod}}
}

// TTL returns the record's remaining time to live in seconds, -1 when it
// never expires.
func TTL() *Expr { return node(exptree.OpTTL) }

// VoidTime returns the record's expiration time in nanoseconds since the
// Unix epoch, -1 when it never expires.
func VoidTime() *Expr { return node(exptree.OpVoidTime) }

// LastUpdate returns the record's last-update time in nanoseconds since the
// Unix epoch (millisecond precision).
func LastUpdate() *Expr { return node(exptree.OpLastUpdate) }

// SinceUpdate returns the milliseconds since the record's last update.
func SinceUpdate() *Expr { return node(exptree.OpSinceUpdate) }

// RecordSize returns the record's stored size in bytes.
func RecordSize() *Expr { return node(exptree.OpRecordSize) }

// DeviceSize returns the record's size on a storage device, 0 in a
// memory-only namespace. Deprecated by the server: use RecordSize.
func DeviceSize() *Expr { return node(exptree.OpDeviceSize) }

// MemorySize returns the record's size in memory, 0 in a namespace on a
// device. Deprecated by the server: use RecordSize.
func MemorySize() *Expr { return node(exptree.OpMemorySize) }

// IsTombstone is true for a tombstone (a durably deleted record).
func IsTombstone() *Expr { return node(exptree.OpIsTombstone) }

func value(v any) *Expr { return &Expr{n: tree{Op: exptree.OpValue, Value: v}} }

// IntVal is an integer value.
func IntVal(v int64) *Expr { return value(v) }

// FloatVal is a float value.
func FloatVal(v float64) *Expr { return value(v) }

// StringVal is a string value.
func StringVal(v string) *Expr { return value(v) }

// BoolVal is a boolean value.
func BoolVal(v bool) *Expr { return value(v) }

// BlobVal is a blob value. The bytes are copied.
func BlobVal(v []byte) *Expr { return value(append([]byte{}, v...)) }

// GeoVal is a GeoJSON value.
func GeoVal(v string) *Expr { return value(GeoJSON(v)) }

// NilValue is the nil value.
func NilValue() *Expr { return value(nil) }

// InfinityValue is the value greater than every other (a range end).
func InfinityValue() *Expr { return value(msgpack.Inf{}) }

// WildCardValue is the value equal to every other.
func WildCardValue() *Expr { return value(msgpack.Wildcard{}) }

// ListVal is a list value, quoted so that the server does not read it as an
// operation. Values are normalized as bins are (driver.Normalize); one that
// cannot be is reported by Validate and by the backend.
func ListVal(values ...any) *Expr {
	l := make([]any, len(values))
	for i, v := range values {
		l[i] = normalized(v)
	}
	return &Expr{n: tree{Op: exptree.OpQuote, Value: l}}
}

// MapVal is a map value. Keys are normalized as map keys are (a byte
// array is a blob key); a key that cannot be, or two keys that normalize to
// one (int8(1) and int64(1)), make an expression that Validate reports.
func MapVal(m map[any]any) *Expr {
	out := make(map[any]any, len(m))
	for k, v := range m {
		nk, err := ivalue.NormalizeKey(k)
		if err != nil {
			return &Expr{n: tree{Op: exptree.OpValue}, err: fmt.Errorf("exp: MapVal: key %v: %w", k, err)}
		}
		if _, dup := out[nk]; dup {
			return &Expr{n: tree{Op: exptree.OpValue}, err: fmt.Errorf("exp: MapVal: two keys are both %v once normalized", nk)}
		}
		out[nk] = normalized(v)
	}
	return value(out)
}

// normalized returns v in canonical form, or v itself when it has none (the
// packer then reports it).
func normalized(v any) any {
	if h, ok := v.(driver.HLL); ok {
		// An HLL in a list or map is a blob: the client packs HLLValue
		// as one (value.go), and the server stores what it is sent.
		return []byte(h)
	}
	if nv, err := driver.Normalize(v); err == nil {
		return nv
	}
	return v
}

// Unknown is the unknown value: a Cond branch that makes the whole
// expression fail (a read or write expression then fails unless
// EvalNoFail).
func Unknown() *Expr { return node(exptree.OpUnknown) }

// Eq is left == right.
func Eq(left, right *Expr) *Expr { return node(exptree.OpEq, left, right) }

// NotEq is left != right.
func NotEq(left, right *Expr) *Expr { return node(exptree.OpNe, left, right) }

// Greater is left > right.
func Greater(left, right *Expr) *Expr { return node(exptree.OpGt, left, right) }

// GreaterEq is left >= right.
func GreaterEq(left, right *Expr) *Expr { return node(exptree.OpGe, left, right) }

// Less is left < right.
func Less(left, right *Expr) *Expr { return node(exptree.OpLt, left, right) }

// LessEq is left <= right.
func LessEq(left, right *Expr) *Expr { return node(exptree.OpLe, left, right) }

// Regex flags, with the values and names of the client's ExpRegexFlags.
// The server hands them to glibc's regcomp unchanged (as/src/base/exp.c
// build_cmp_regex), where bit 4 is REG_NEWLINE and bit 8 REG_NOSUB: so
// RegexNoSub makes '^' and '$' match at line ends and keeps '.' and
// non-matching lists off newlines, and RegexNewline changes nothing about
// a match. Without RegexExtended the pattern is a POSIX basic expression
// ('+', '?', '|', '(', '{' are literals; \+ \? \| \( \{ are operators).
const (
	RegexNone     int64 = 0
	RegexExtended int64 = 1 << 0 // REG_EXTENDED
	RegexICase    int64 = 1 << 1 // REG_ICASE
	RegexNoSub    int64 = 1 << 2 // REG_NEWLINE in glibc, whatever the client calls it
	RegexNewline  int64 = 1 << 3 // REG_NOSUB in glibc: no effect on a match
)

// RegexCompare is true when the string s matches the POSIX regular
// expression regex under flags.
func RegexCompare(regex string, flags int64, s *Expr) *Expr {
	return &Expr{n: tree{Op: exptree.OpRegex, Name: regex, Flags: flags, Args: []*Expr{s}}}
}

// GeoCompare is true when the GeoJSON left is within (or contains) right.
func GeoCompare(left, right *Expr) *Expr { return node(exptree.OpGeo, left, right) }

// And is true when every argument is.
func And(exps ...*Expr) *Expr { return node(exptree.OpAnd, exps...) }

// Or is true when one argument is.
func Or(exps ...*Expr) *Expr { return node(exptree.OpOr, exps...) }

// Not negates its argument.
func Not(e *Expr) *Expr { return node(exptree.OpNot, e) }

// Exclusive is true when exactly one argument is.
func Exclusive(exps ...*Expr) *Expr { return node(exptree.OpExclusive, exps...) }

// NumAdd sums its arguments (all integers or all floats).
func NumAdd(exps ...*Expr) *Expr { return node(exptree.OpAdd, exps...) }

// NumSub subtracts the other arguments from the first (negates one).
func NumSub(exps ...*Expr) *Expr { return node(exptree.OpSub, exps...) }

// NumMul multiplies its arguments.
func NumMul(exps ...*Expr) *Expr { return node(exptree.OpMul, exps...) }

// NumDiv divides the first argument by the others (inverts one). The
// smallest integer divided by -1, both literal values, is invalid: it
// crashes a real server (hazard.go).
func NumDiv(exps ...*Expr) *Expr { return guardDivOverflow(node(exptree.OpDiv, exps...)) }

// NumPow raises the float base to the float exponent.
func NumPow(base, exponent *Expr) *Expr { return node(exptree.OpPow, base, exponent) }

// NumLog is the logarithm of the float num in the float base.
func NumLog(num, base *Expr) *Expr { return node(exptree.OpLog, num, base) }

// NumMod is the integer remainder of numerator / denominator. The
// remainder of the smallest integer by -1, both literal values, is
// invalid: it crashes a real server (hazard.go).
func NumMod(numerator, denominator *Expr) *Expr {
	return guardDivOverflow(node(exptree.OpMod, numerator, denominator))
}

// NumAbs is the absolute value of a number.
func NumAbs(e *Expr) *Expr { return node(exptree.OpAbs, e) }

// NumFloor rounds a float down.
func NumFloor(e *Expr) *Expr { return node(exptree.OpFloor, e) }

// NumCeil rounds a float up.
func NumCeil(e *Expr) *Expr { return node(exptree.OpCeil, e) }

// ToInt converts a float to an integer, truncating.
func ToInt(e *Expr) *Expr { return node(exptree.OpToInt, e) }

// ToFloat converts an integer to a float.
func ToFloat(e *Expr) *Expr { return node(exptree.OpToFloat, e) }

// IntAnd is the bitwise and of integers.
func IntAnd(exps ...*Expr) *Expr { return node(exptree.OpIntAnd, exps...) }

// IntOr is the bitwise or of integers.
func IntOr(exps ...*Expr) *Expr { return node(exptree.OpIntOr, exps...) }

// IntXor is the bitwise exclusive or of integers.
func IntXor(exps ...*Expr) *Expr { return node(exptree.OpIntXor, exps...) }

// IntNot is the bitwise complement of an integer.
func IntNot(e *Expr) *Expr { return node(exptree.OpIntNot, e) }

// IntLShift shifts an integer left.
func IntLShift(v, shift *Expr) *Expr { return node(exptree.OpIntLShift, v, shift) }

// IntRShift shifts an integer right, logically.
func IntRShift(v, shift *Expr) *Expr { return node(exptree.OpIntRShift, v, shift) }

// IntARShift shifts an integer right, arithmetically.
func IntARShift(v, shift *Expr) *Expr { return node(exptree.OpIntARShift, v, shift) }

// IntCount counts the bits set in an integer.
func IntCount(e *Expr) *Expr { return node(exptree.OpIntCount, e) }

// IntLScan returns the position (0 = most significant) of the first bit
// equal to search scanning from the left, -1 when none.
func IntLScan(v, search *Expr) *Expr { return node(exptree.OpIntLScan, v, search) }

// IntRScan returns the position of the first bit equal to search scanning
// from the right, -1 when none.
func IntRScan(v, search *Expr) *Expr { return node(exptree.OpIntRScan, v, search) }

// Min is the smallest of its arguments (all integers or all floats).
func Min(exps ...*Expr) *Expr { return node(exptree.OpMin, exps...) }

// Max is the largest of its arguments.
func Max(exps ...*Expr) *Expr { return node(exptree.OpMax, exps...) }

// Cond takes pairs of (condition, value) and a default value: the value of
// the first true condition, else the default.
func Cond(exps ...*Expr) *Expr { return node(exptree.OpCond, exps...) }

// Let takes Def bindings followed by a scope expression, and returns the
// scope's value; each variable is visible to the later bindings and to the
// scope.
func Let(exps ...*Expr) *Expr { return node(exptree.OpLet, exps...) }

// Def binds a variable of Let to the value of an expression.
func Def(name string, value *Expr) *Expr {
	return &Expr{n: tree{Op: exptree.OpDef, Name: name, Args: []*Expr{value}}}
}

// Var reads a variable bound by an enclosing Let.
func Var(name string) *Expr {
	return &Expr{n: tree{Op: exptree.OpVar, Name: name}}
}
