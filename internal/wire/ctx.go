package wire

import (
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// ParseCDTContext decodes a packed CDT context, the bytes of a query's
// INDEX_CONTEXT field and of sindex-create's context= (base64 of them):
// a msgpack array [type, value, type, value, ...] (client cdt_context.go
// cdtContextList.packArray). It checks the form as the server does
// (base/cdt.c cdt_context_read_check_peek: a non-empty, even element
// count, integer types, well-formed values, nothing after the array); the
// context types themselves are checked by the engine. (The server only
// peeks at the context, so bytes after the array are accepted there and
// become part of the index's definition; aerotest refuses them.)
func ParseCDTContext(b []byte) ([]driver.CDTContext, error) {
	d := msgpack.NewDecoder(b)
	n, err := d.ArrayHeader()
	if err != nil {
		return nil, frameErr("cdt context is not an array: %v", err)
	}
	if n == 0 || n%2 != 0 {
		return nil, frameErr("cdt context of %d elements (want a non-zero even count)", n)
	}
	out := make([]driver.CDTContext, n/2)
	for i := range out {
		t, err := d.Int()
		if err != nil {
			return nil, frameErr("cdt context step %d type: %v", i, err)
		}
		if t < 0 || t > 0xffff {
			return nil, frameErr("cdt context step %d type %d out of range", i, t)
		}
		v, err := d.Value()
		if err != nil {
			return nil, frameErr("cdt context step %d value: %v", i, err)
		}
		out[i] = driver.CDTContext{Type: int(t), Value: v}
	}
	if d.Len() != 0 {
		return nil, frameErr("%d trailing bytes after the cdt context", d.Len())
	}
	return out, nil
}

// AppendCDTContext appends the packed form of a CDT context, as
// ParseCDTContext reads it.
func AppendCDTContext(b []byte, ctx []driver.CDTContext) ([]byte, error) {
	b = msgpack.AppendArrayHeader(b, 2*len(ctx))
	for _, c := range ctx {
		b = msgpack.AppendInt(b, int64(c.Type))
		var err error
		if b, err = msgpack.Append(b, c.Value); err != nil {
			return nil, err
		}
	}
	return b, nil
}
