package aerotest

import (
	"bytes"
	"encoding/base64"
	"fmt"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/msgpack"
	"github.com/aerokit/aero/internal/wire"
)

// Expressions on the wire: the FILTER_EXP field of a command (or of a batch
// and each of its entries) and the EXP_READ / EXP_MODIFY operations. They
// are decoded into exp values and handed to the engine, which applies the
// server's rules.

// wireExp is a filter that does not decode. The server parses a command's
// filter only once it has found the record (transaction/rw_utils.c
// handle_meta_filter), so such a filter is PARAMETER_ERROR on an existing
// record and ignored otherwise: the engine decodes these bytes when it
// needs the filter, and fails then.
type wireExp []byte

func (w wireExp) AppendWire(b []byte) []byte { return append(b, w...) }
func (w wireExp) String() string             { return fmt.Sprintf("expression(0x%x)", []byte(w)) }

// filterOf returns the filter of a list of fields, nil when there is none.
func filterOf(fields []wire.Field) driver.Expression {
	for _, f := range fields {
		if f.Type == wire.FieldFilterExp {
			return decodeFilter(f.Data)
		}
	}
	return nil
}

func decodeFilter(b []byte) driver.Expression {
	e, err := exp.Decode(b)
	if err != nil {
		return wireExp(append([]byte(nil), b...))
	}
	return e
}

// expOp decodes the value of an expression operation: a blob holding the
// MessagePack array [expression, flags?] (client exp_operation.go
// encodeExpOperation). The server parses it only when it applies the op
// (expop.c as_exp_op_parse, from as_exp_read_tr once the record is found
// and passes the filter), so a malformed one is not refused here: it
// travels as a wireExp that the engine fails to build then
// (PARAMETER_ERROR, or UNSUPPORTED_FEATURE for a call aerotest does not
// know), and a read of a missing record is KEY_NOT_FOUND_ERROR whatever
// its expression. As as_exp_op_parse does, flags that are not an unsigned
// integer count as 0 and bytes after them are ignored.
func expOp(o wire.Op) (driver.Expression, driver.ExpFlags) {
	d := msgpack.NewDecoder(o.Value)
	n, err := d.ArrayHeader()
	if err != nil || n == 0 || n > 2 {
		return wireExp(nil), 0 // "invalid expression op ele_count"
	}
	start := d.Offset()
	e, used, err := exp.DecodePrefix(o.Value[start:])
	if err != nil {
		// Decoding these bytes again fails the same way, at the same place.
		return wireExp(append([]byte(nil), o.Value[start:]...)), 0
	}
	var flags driver.ExpFlags
	if n == 2 {
		rest := msgpack.NewDecoder(o.Value[start+used:])
		if f, err := rest.Int(); err == nil && f >= 0 {
			flags = driver.ExpFlags(f)
			if f > 0xffffffff {
				flags = 0xffffffff // bits no operation allows: PARAMETER_ERROR
			}
		}
	}
	return e, flags
}

// decodeIndexExp decodes sindex-create's exp=, the base64 of an
// expression's wire form; msg is the server's error text when it does not
// decode (sindex.c as_sindex_validate_exp: "bad 'exp'").
func decodeIndexExp(b64 string) (driver.Expression, string) {
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) == 0 {
		return nil, "bad 'exp'"
	}
	e, err := exp.Decode(b)
	if err != nil {
		return nil, fmt.Sprintf("bad 'exp': %v", err)
	}
	return e, ""
}

// sameIndexExp reports whether two index expressions have the same wire
// form, which identifies an expression index (sindex.c as_si_by_defn).
func sameIndexExp(a, b driver.Expression) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return bytes.Equal(a.AppendWire(nil), b.AppendWire(nil))
}
