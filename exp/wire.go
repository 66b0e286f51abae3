package exp

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/aerokit/aero/internal/exptree"
	"github.com/aerokit/aero/internal/msgpack"
)

// MaxDepth bounds the nesting of an expression (operations within
// operations, and values within values), so that a hostile payload cannot
// exhaust the stack of the decoder or the evaluator. The server has no
// explicit bound but a 1 MiB expression size limit (exp.c EXP_MAX_SIZE);
// expressions built by applications nest a few levels.
const MaxDepth = 128

// MaxSize is the largest packed expression the server builds (exp.c
// EXP_MAX_SIZE, 1 MiB).
const MaxSize = 1 << 20

// ErrUnsupported is wrapped by Decode's error for an expression this
// package does not model: HLL value literals.
var ErrUnsupported = errors.New("unsupported expression")

// Particle type bytes that lead a packed str (client particle_type).
const (
	bytesString = 3
	bytesBlob   = 4
	bytesHLL    = 18
	bytesGeo    = 23
)

// append packs e as the client does (expression.go pack): an operation is
// an array [op, args...]; a literal is the value itself.
func (e *Expr) append(b []byte, depth int) ([]byte, error) {
	if e == nil {
		return nil, errorf("nil sub-expression")
	}
	if depth > MaxDepth {
		return nil, errorf("nested deeper than %d", MaxDepth)
	}
	if e.err != nil {
		return nil, e.err
	}
	var err error
	switch e.n.Op {
	case exptree.OpCall:
		return e.appendCall(b, depth)
	case exptree.OpValue:
		return appendValue(b, e.n.Value)
	case exptree.OpQuote:
		b = append(b, 0x92)
		b = appendInt(b, int64(exptree.OpQuote))
		return appendValue(b, e.n.Value)
	case exptree.OpBin:
		b = append(b, 0x93)
		b = appendInt(b, int64(exptree.OpBin))
		b = appendInt(b, int64(e.n.Type))
		return msgpack.AppendRawStr(b, e.n.Name), nil
	case exptree.OpBinType, exptree.OpVar:
		b = append(b, 0x92)
		b = appendInt(b, int64(e.n.Op))
		return msgpack.AppendRawStr(b, e.n.Name), nil
	case exptree.OpKey:
		b = append(b, 0x92)
		b = appendInt(b, int64(exptree.OpKey))
		return appendInt(b, int64(e.n.Type)), nil
	case exptree.OpDigestModulo:
		b = append(b, 0x92)
		b = appendInt(b, int64(exptree.OpDigestModulo))
		return appendInt(b, e.n.Flags), nil
	case exptree.OpRegex:
		if len(e.n.Args) != 1 {
			return nil, errorf("cmp_regex takes 1 argument, has %d", len(e.n.Args))
		}
		b = append(b, 0x94)
		b = appendInt(b, int64(exptree.OpRegex))
		b = appendInt(b, e.n.Flags)
		b = msgpack.AppendRawStr(b, e.n.Name)
		return e.n.Args[0].append(b, depth+1)
	case exptree.OpDef:
		return nil, errorf("def(%q) outside let", e.n.Name)
	case exptree.OpLet:
		// LET <name1>, <exp1>, ..., <scope> (client expression.go
		// packExpression).
		if len(e.n.Args) == 0 {
			return nil, errorf("let without a scope")
		}
		b = msgpack.AppendArrayHeader(b, 2*(len(e.n.Args)-1)+2)
		b = appendInt(b, int64(exptree.OpLet))
		for _, d := range e.n.Args[:len(e.n.Args)-1] {
			if d == nil || d.n.Op != exptree.OpDef || len(d.n.Args) != 1 {
				return nil, errorf("let: every argument but the last must be a def")
			}
			b = msgpack.AppendRawStr(b, d.n.Name)
			if b, err = d.n.Args[0].append(b, depth+1); err != nil {
				return nil, err
			}
		}
		return e.n.Args[len(e.n.Args)-1].append(b, depth+1)
	}
	if !e.n.Op.Known() {
		return nil, errorf("unknown operation %d", e.n.Op)
	}
	b = msgpack.AppendArrayHeader(b, len(e.n.Args)+1)
	b = appendInt(b, int64(e.n.Op))
	for _, a := range e.n.Args {
		if b, err = a.append(b, depth+1); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// appendInt packs an integer as the client does (packer.go packAInt64):
// the smallest form, but int64 (0xd3) above math.MaxUint32.
func appendInt(b []byte, v int64) []byte {
	if v > math.MaxUint32 {
		return binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(v))
	}
	return msgpack.AppendInt(b, v)
}

func appendValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case int64:
		return appendInt(b, x), nil
	case GeoJSON:
		// packer.go packGeoJson: a str with the GeoJSON particle type.
		b = msgpack.AppendRawStr(b, "\x17"+string(x))
		return b, nil
	}
	out, err := msgpack.Append(b, v)
	if err != nil {
		return nil, errorf("value %v: %v", v, err)
	}
	return out, nil
}

// Decode reads a packed expression (the filter field of a command, or the
// expression of an expression operation). It checks the wire shape as the
// server's exp.c build_count_sz and build_next do (known operation codes,
// names where names go, the argument counts of fixed forms, every byte
// used) and bounds the nesting at MaxDepth; the type rules are the
// evaluator's. A malformed payload is an *Error; an HLL value literal
// wraps ErrUnsupported.
func Decode(b []byte) (*Expr, error) {
	e, n, err := DecodePrefix(b)
	if err != nil {
		return nil, err
	}
	if n != len(b) {
		return nil, errorf("%d bytes after the expression", len(b)-n)
	}
	return e, nil
}

// DecodePrefix decodes the expression at the start of b, as Decode does,
// and reports the bytes it used: for an expression followed by other
// values (the [expression, flags] of an expression operation).
func DecodePrefix(b []byte) (*Expr, int, error) {
	if len(b) == 0 {
		return nil, 0, errorf("empty expression")
	}
	d := msgpack.NewDecoder(b)
	d.NonStorage = true
	e, err := decode(d, 0)
	if err != nil {
		return nil, 0, err
	}
	n := d.Offset()
	if n >= MaxSize {
		return nil, 0, errorf("expression of %d bytes exceeds the limit of %d", n, MaxSize)
	}
	// Keep a copy of the bytes: the caller's buffer may be reused.
	packed := append([]byte(nil), b[:n]...)
	e.once.Do(func() { e.packed = packed })
	return e, n, nil
}

func decode(d *msgpack.Decoder, depth int) (*Expr, error) {
	if depth > MaxDepth {
		return nil, errorf("nested deeper than %d", MaxDepth)
	}
	t, ok := d.Peek()
	if !ok {
		return nil, errorf("truncated expression at offset %d", d.Offset())
	}
	if t&0xf0 != 0x90 && t != 0xdc && t != 0xdd {
		return decodeValue(d, t)
	}
	at := d.Offset()
	n, err := d.ArrayHeader()
	if err != nil {
		return nil, wrap(err)
	}
	if n == 0 {
		return nil, errorf("empty instruction at offset %d", at)
	}
	code, err := d.Int()
	if err != nil {
		return nil, wrap(err)
	}
	if code == int64(exptree.OpCall) {
		return decodeCall(d, n-1, at, depth)
	}
	op := exptree.Op(code)
	if !op.Known() || code < 0 || code > 127 || op == exptree.OpDef || op == exptree.OpValue {
		return nil, errorf("invalid operation code %d at offset %d", code, at)
	}
	args := n - 1
	fixed := func(want int) error {
		if args != want {
			return errorf("%s takes %d parameters, has %d (offset %d)", op, want, args, at)
		}
		return nil
	}
	e := &Expr{n: tree{Op: op}}
	switch op {
	case exptree.OpBin:
		if err := fixed(2); err != nil {
			return nil, err
		}
		t, err := d.Int()
		if err != nil {
			return nil, wrap(err)
		}
		if t < 0 || t > int64(TypeHLL) {
			return nil, errorf("bin of invalid type %d", t)
		}
		e.n.Type = Type(t)
		if e.n.Name, err = rawStr(d); err != nil {
			return nil, err
		}
		return e, nil
	case exptree.OpBinType, exptree.OpVar:
		if err := fixed(1); err != nil {
			return nil, err
		}
		if e.n.Name, err = rawStr(d); err != nil {
			return nil, err
		}
		return e, nil
	case exptree.OpKey:
		if err := fixed(1); err != nil {
			return nil, err
		}
		t, err := d.Int()
		if err != nil {
			return nil, wrap(err)
		}
		if t < 0 || t > int64(TypeHLL) {
			return nil, errorf("key of invalid type %d", t)
		}
		e.n.Type = Type(t)
		return e, nil
	case exptree.OpDigestModulo:
		if err := fixed(1); err != nil {
			return nil, err
		}
		if e.n.Flags, err = d.Int(); err != nil {
			return nil, wrap(err)
		}
		return e, nil
	case exptree.OpRegex:
		if err := fixed(3); err != nil {
			return nil, err
		}
		if e.n.Flags, err = d.Int(); err != nil {
			return nil, wrap(err)
		}
		if e.n.Name, err = rawStr(d); err != nil {
			return nil, err
		}
		a, err := decode(d, depth+1)
		if err != nil {
			return nil, err
		}
		e.n.Args = []*Expr{a}
		return e, nil
	case exptree.OpQuote:
		if err := fixed(1); err != nil {
			return nil, err
		}
		if t, _ := d.Peek(); t&0xf0 != 0x90 && t != 0xdc && t != 0xdd {
			return nil, errorf("quote of a non-list at offset %d", d.Offset())
		}
		v, err := d.Value()
		if err != nil {
			return nil, wrap(err)
		}
		if ol, ok := v.(msgpack.OrderedList); ok {
			v = []any(ol)
		}
		e.n.Value = v
		return e, nil
	case exptree.OpLet:
		// exp.c build_let: at least one variable and a scope, names
		// inline.
		if args < 3 || args%2 == 0 {
			return nil, errorf("let has %d parameters, want an odd number of at least 3", args)
		}
		for i := 0; i < args/2; i++ {
			name, err := rawStr(d)
			if err != nil {
				return nil, err
			}
			v, err := decode(d, depth+1)
			if err != nil {
				return nil, err
			}
			e.n.Args = append(e.n.Args, &Expr{n: tree{Op: exptree.OpDef, Name: name, Args: []*Expr{v}}})
		}
		scope, err := decode(d, depth+1)
		if err != nil {
			return nil, err
		}
		e.n.Args = append(e.n.Args, scope)
		return e, nil
	}
	if args > d.Len() {
		return nil, errorf("%s with %d arguments exceeds the payload", op, args)
	}
	e.n.Args = make([]*Expr, args)
	for i := range e.n.Args {
		if e.n.Args[i], err = decode(d, depth+1); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// decodeValue reads a literal: a string, blob or GeoJSON (a str with its
// particle type byte), or any other MessagePack value.
func decodeValue(d *msgpack.Decoder, t byte) (*Expr, error) {
	if t&0xe0 == 0xa0 || t == 0xd9 || t == 0xda || t == 0xdb || t == 0xc4 || t == 0xc5 || t == 0xc6 {
		at := d.Offset()
		p, err := d.Str()
		if err != nil {
			return nil, wrap(err)
		}
		if len(p) == 0 {
			return nil, errorf("string without a particle type at offset %d", at)
		}
		switch p[0] {
		case bytesString:
			return value(string(p[1:])), nil
		case bytesBlob:
			return value(append([]byte{}, p[1:]...)), nil
		case bytesGeo:
			return value(GeoJSON(p[1:])), nil
		case bytesHLL:
			return nil, errorf("%w: HLL value at offset %d", ErrUnsupported, at)
		}
		return nil, errorf("string of particle type %d at offset %d", p[0], at)
	}
	v, err := d.Value()
	if err != nil {
		return nil, wrap(err)
	}
	return value(v), nil
}

func rawStr(d *msgpack.Decoder) (string, error) {
	at := d.Offset()
	p, err := d.Str()
	if err != nil {
		return "", errorf("want a name at offset %d: %v", at, err)
	}
	return string(p), nil
}

func wrap(err error) error {
	if errors.Is(err, msgpack.ErrUnsupported) {
		return errorf("%w: %v", ErrUnsupported, err)
	}
	return errorf("%v", err)
}
