package wire

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/aerokit/aero/internal/msgpack"
)

// UDF_OP field values (client command.go setQuery: 1 when the statement
// returns data, an aggregation; 2 for a background UDF job).
const (
	UDFOpAggregate  = 1
	UDFOpBackground = 2
)

// MaxUDFContent is the largest module udf-put accepts, decoded (udf_cask.c
// MAX_UDF_CONTENT_LENGTH).
const MaxUDFContent = 1 << 20

// InfoParam returns the value of name in an info command's parameters
// "k1=v1;k2=v2", as the server's as_info_parameter_get finds it: the first
// parameter of that name; ok is false when there is none.
func InfoParam(params, name string) (string, bool) {
	for _, kv := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(kv, "=")
		if ok && k == name {
			return v, true
		}
	}
	return "", false
}

// UDFPut is a decoded udf-put command.
type UDFPut struct {
	Filename string
	Content  []byte
}

// ParseUDFPut reads "udf-put:filename=F;content-len=N;udf-type=LUA;
// content=B64" in the order of the server's checks (udf_cask.c
// udf_cask_info_put) and returns the module, or the server's error answer
// ("error=invalid_filename" ...) when the command is refused before the
// module is compiled.
func ParseUDFPut(params string) (UDFPut, string) {
	name, ok := InfoParam(params, "filename")
	if !ok || name == "" || len(name) >= 128 {
		return UDFPut{}, "error=invalid_filename"
	}
	if dot := strings.IndexByte(name, '.'); dot <= 0 || dot == len(name)-1 {
		return UDFPut{}, "error=invalid_filename"
	}
	clen, ok := InfoParam(params, "content-len")
	if !ok || len(clen) > 10 {
		return UDFPut{}, "error=invalid_content_len"
	}
	if t, ok := InfoParam(params, "udf-type"); ok && t != "LUA" {
		return UDFPut{}, "error=invalid_udf_type"
	}
	n, err := strconv.ParseUint(clen, 10, 32)
	if err != nil || n%4 != 0 {
		return UDFPut{}, "error=invalid_content_len"
	}
	content, ok := InfoParam(params, "content")
	if !ok || uint64(len(content)) != n {
		return UDFPut{}, "error=invalid_content"
	}
	if n/4*3 > MaxUDFContent {
		return UDFPut{}, "error=invalid_udf_content_len,>1M"
	}
	src, err := base64.StdEncoding.DecodeString(content)
	if err != nil || len(content) == 0 {
		return UDFPut{}, "error=invalid_base64_content"
	}
	return UDFPut{Filename: name, Content: src}, ""
}

// ParseUDFArgs decodes the UDF_ARGLIST field: a MessagePack list of the
// arguments. An empty field, or one that is not a list, is no argument, as
// the server reads it (udf_def_init_from_msg keeps no arglist); an
// unsigned integer above the int64 range reads as the int64 of its bits
// (as_unpack_val).
func ParseUDFArgs(b []byte) ([]any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	d := msgpack.NewDecoder(b)
	d.NonStorage = true // an infinity or wildcard argument reads as nil
	v, err := d.Value()
	if err != nil {
		return nil, valueErr("UDF arguments: %v", err)
	}
	l, ok := v.([]any)
	if !ok {
		if ol, ok := v.(msgpack.OrderedList); ok {
			l = []any(ol)
		} else {
			return nil, nil
		}
	}
	for i, a := range l {
		l[i] = signed(a)
	}
	return l, nil
}

// signed turns the uint64s of a decoded value into int64s.
func signed(v any) any {
	switch x := v.(type) {
	case uint64:
		return int64(x)
	case msgpack.Inf, msgpack.Wildcard:
		return nil // no Lua form: as_unpack_val's extension types
	case []any:
		for i, e := range x {
			x[i] = signed(e)
		}
	case map[any]any:
		for k, e := range x {
			x[k] = signed(e)
		}
	}
	return v
}
