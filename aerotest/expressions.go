package aerotest

import (
	"bytes"
	"encoding/base64"
	"errors"
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
// encodeExpOperation; server expop.c as_exp_op_parse, which refuses any
// other shape with PARAMETER_ERROR, and CDT, bit and HLL calls are
// UNSUPPORTED_FEATURE here).
func expOp(o wire.Op) (driver.Expression, driver.ExpFlags, error) {
	d := msgpack.NewDecoder(o.Value)
	n, err := d.ArrayHeader()
	if err != nil || n == 0 || n > 2 {
		return nil, 0, fail(driver.ParameterError, "expression operation on bin %q: want [expression, flags], got %d elements (%v)", o.Name, n, err)
	}
	start := d.Offset()
	e, used, err := exp.DecodePrefix(o.Value[start:])
	if err != nil {
		if errors.Is(err, exp.ErrUnsupported) {
			return nil, 0, fail(driver.UnsupportedFeature, "bin %q: %v", o.Name, err)
		}
		return nil, 0, fail(driver.ParameterError, "bin %q: %v", o.Name, err)
	}
	rest := msgpack.NewDecoder(o.Value[start+used:])
	var flags int64
	if n == 2 {
		if flags, err = rest.Int(); err != nil || flags < 0 || flags > 0xffffffff {
			return nil, 0, fail(driver.ParameterError, "expression operation on bin %q: bad flags (%v)", o.Name, err)
		}
	}
	if rest.Len() != 0 {
		return nil, 0, fail(driver.ParameterError, "expression operation on bin %q: %d trailing bytes", o.Name, rest.Len())
	}
	return e, driver.ExpFlags(flags), nil
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
