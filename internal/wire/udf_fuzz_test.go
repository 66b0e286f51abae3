package wire

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
)

func TestParseUDFPut(t *testing.T) {
	t.Parallel()
	b64 := base64.StdEncoding.EncodeToString([]byte("return 1"))
	ok := "filename=m.lua;content=" + b64 + ";content-len=" + strconv.Itoa(len(b64)) + ";udf-type=LUA;"
	// The answers of server 8.1.2 (udf_cask.c udf_cask_info_put, in the
	// order of its checks; most asked with asinfo).
	tests := []struct{ params, want string }{
		{ok, ""},
		{"content=" + b64 + ";udf-type=LUA;", "error=invalid_filename"},
		{"filename=x;content=cmV0dXJuIDE=;udf-type=LUA;", "error=invalid_filename"},
		{"filename=x.lua;content=eA==;udf-type=LUA;", "error=invalid_content_len"},
		{"filename=x.py;content=eA==;content-len=4;udf-type=PY;", "error=invalid_udf_type"},
		{"filename=x.lua;content=eA==;content-len=5;", "error=invalid_content_len"},
		{"filename=x.lua;content=eA==;content-len=8;", "error=invalid_content"},
		{"filename=x.lua;content=!!!!;content-len=4;", "error=invalid_base64_content"},
		{"filename=x.lua;content=;content-len=0;", "error=invalid_base64_content"},
	}
	for _, tt := range tests {
		put, got := ParseUDFPut(tt.params)
		if got != tt.want {
			t.Errorf("ParseUDFPut(%q) = %q, want %q", tt.params, got, tt.want)
		}
		if got == "" && (put.Filename != "m.lua" || string(put.Content) != "return 1") {
			t.Errorf("ParseUDFPut(%q) = %+v", tt.params, put)
		}
	}
}

// FuzzParseUDFPut: any udf-put parameters parse to a module with a valid
// file name and decoded content, or to one of the server's error answers;
// never a panic.
func FuzzParseUDFPut(f *testing.F) {
	b64 := base64.StdEncoding.EncodeToString([]byte("function f(r) return 1 end"))
	f.Add("filename=m.lua;content=" + b64 + ";content-len=" + strconv.Itoa(len(b64)) + ";udf-type=LUA;")
	f.Add("filename=.lua;content-len=4;content=====")
	f.Add("filename=a.b;content-len=99999999999;content=x")
	f.Fuzz(func(t *testing.T, params string) {
		put, errAns := ParseUDFPut(params)
		if errAns != "" {
			if !strings.HasPrefix(errAns, "error=") {
				t.Fatalf("answer %q", errAns)
			}
			return
		}
		if dot := strings.IndexByte(put.Filename, '.'); dot <= 0 || dot == len(put.Filename)-1 {
			t.Fatalf("accepted file name %q", put.Filename)
		}
		if len(put.Content) == 0 || len(put.Content) > MaxUDFContent {
			t.Fatalf("accepted %d bytes", len(put.Content))
		}
	})
}

// FuzzParseUDFArgs: any UDF_ARGLIST field decodes to a list of values or
// fails with an error; never a panic.
func FuzzParseUDFArgs(f *testing.F) {
	f.Add([]byte{0x93, 0x01, 0xa2, 0x03, 'x', 0xc0})                          // [1, "x", nil]
	f.Add([]byte{0x91, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) // [MaxUint64]
	f.Add([]byte{0x91, 0xd4, 0xff, 0x01})                                     // [infinity]
	f.Add([]byte{0x81, 0x01, 0x02})                                           // a map: no argument
	f.Fuzz(func(t *testing.T, b []byte) {
		args, err := ParseUDFArgs(b)
		if err != nil && args != nil {
			t.Fatalf("args %v with error %v", args, err)
		}
		for _, a := range args {
			if _, isU := a.(uint64); isU {
				t.Fatalf("a uint64 argument %v", a)
			}
		}
	})
}
