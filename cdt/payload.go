package cdt

import (
	"errors"
	"fmt"

	"github.com/aerokit/aero/internal/msgpack"
)

// ctxEval is the operation code that wraps an operation with a context
// (server AS_CDT_OP_CONTEXT_EVAL; client cdt_list.go packCDTParamsAsArray).
const ctxEval = 0xff

// ErrPayload is wrapped by Decode's errors: a payload the server refuses
// with PARAMETER_ERROR.
var ErrPayload = errors.New("cdt: malformed operation payload")

// Payload returns the operation's wire form, as the client packs it:
// [code, args...], or [0xff, [ctx type, ctx value, ...], [code, args...]]
// with a context.
func (o Op) Payload() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	var b []byte
	var err error
	if len(o.Ctx) > 0 {
		b = msgpack.AppendArrayHeader(b, 3)
		b = msgpack.AppendInt(b, ctxEval)
		b = msgpack.AppendArrayHeader(b, 2*len(o.Ctx))
		for _, c := range o.Ctx {
			b = msgpack.AppendInt(b, int64(c.Type))
			if b, err = msgpack.Append(b, c.Value); err != nil {
				return nil, fmt.Errorf("cdt: %s: context %s: %w", o.Code, c, err)
			}
		}
	}
	b = msgpack.AppendArrayHeader(b, len(o.Args)+1)
	b = msgpack.AppendInt(b, int64(o.Code))
	for i, a := range o.Args {
		if b, err = msgpack.Append(b, a); err != nil {
			return nil, fmt.Errorf("cdt: %s: argument %d: %w", o.Code, i+1, err)
		}
	}
	return b, nil
}

// Decode reads an operation on bin from its wire form. It checks the form
// (cdt.c cdt_process_state_init_from_vec, cdt_context_dig's count check)
// but not the arguments against the op table: the engine does, as the
// server does when it runs the operation. Errors wrap ErrPayload.
func Decode(bin string, payload []byte) (Op, error) {
	d := msgpack.NewDecoder(payload)
	d.NonStorage = true
	op := Op{Bin: bin}
	n, err := d.ArrayHeader()
	if err != nil || n == 0 {
		return op, payloadErr("operation is not a non-empty array: %v", err)
	}
	code, err := d.Int()
	if err != nil {
		return op, payloadErr("operation code: %v", err)
	}
	if code == ctxEval {
		if n != 3 {
			return op, payloadErr("context operation has %d elements, want 3", n)
		}
		cn, err := d.ArrayHeader()
		if err != nil || cn == 0 || cn%2 == 1 {
			return op, payloadErr("bad context param count %d: %v", cn, err)
		}
		op.Ctx = make([]Context, 0, cn/2)
		for i := 0; i < cn; i += 2 {
			t, err := d.Int()
			if err != nil {
				return op, payloadErr("context %d type: %v", i/2, err)
			}
			v, err := d.Value()
			if err != nil {
				return op, payloadErr("context %d value: %v", i/2, err)
			}
			op.Ctx = append(op.Ctx, Context{Type: int(t), Value: v})
		}
		if n, err = d.ArrayHeader(); err != nil || n == 0 {
			return op, payloadErr("operation is not a non-empty array: %v", err)
		}
		if code, err = d.Int(); err != nil {
			return op, payloadErr("operation code: %v", err)
		}
	}
	if code < 0 || code > 0xffff {
		return op, payloadErr("operation code %d", code)
	}
	op.Code = OpCode(code)
	op.Args = make([]any, 0, n-1)
	for i := 1; i < n; i++ {
		v, err := d.Value()
		if err != nil {
			return op, payloadErr("argument %d: %v", i, err)
		}
		op.Args = append(op.Args, v)
	}
	if d.Len() != 0 {
		return op, payloadErr("%d trailing bytes", d.Len())
	}
	return op, nil
}

func payloadErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrPayload, fmt.Sprintf(format, args...))
}
