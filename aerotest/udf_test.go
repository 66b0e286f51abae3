package aerotest

import (
	"encoding/base64"
	"strconv"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"
)

func udfPut(name, src string) string {
	c := base64.StdEncoding.EncodeToString([]byte(src))
	return "udf-put:filename=" + name + ";content=" + c + ";content-len=" + strconv.Itoa(len(c)) + ";udf-type=LUA;"
}

// TestUDFInfo checks the udf-* answers against server 8.1.2's (asked with
// asinfo; udf_cask.c).
func TestUDFInfo(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	node, err := c.Cluster().GetRandomNode()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ cmd, want string }{
		{udfPut("aero_hash.lua", "function f(rec) return 1 end\n"), "ok"},
		// The hash a real server lists for that content (SHA-1 of its
		// SMD value).
		{"udf-list", "filename=aero_hash.lua,hash=27c3cdad41721bb7035c1a7521a6b6e864d8bf28,type=LUA;"},
		{udfPut("badprobe.lua", "function f(rec)\n asdf\n returned ret\nend"),
			"error=compile_error;file=badprobe.lua;line=3;message=c3ludGF4IGVycm9yIG5lYXIgJ3JldHVybmVkJw=="},
		{"udf-get:filename=nosuch.lua", "error=not_found"},
		{"udf-get:filename=aero_hash.lua", "type=LUA;content=ZnVuY3Rpb24gZihyZWMpIHJldHVybiAxIGVuZAo=;"},
		{"udf-remove:filename=nosuch.lua", "ok"},
		{"udf-put:filename=x.lua;content=eA==;udf-type=LUA;", "error=invalid_content_len"},
		{"udf-put:filename=x;content=cmV0dXJuIDE=;udf-type=LUA;", "error=invalid_filename"},
		{"udf-remove", "error=invalid_filename"},
		{"query-show:id=12345", "ERROR:2:job not found"},
	}
	for _, tt := range tests {
		got, err := node.RequestInfo(as.NewInfoPolicy(), tt.cmd)
		if err != nil {
			t.Fatalf("%s: %v", tt.cmd, err)
		}
		if got[tt.cmd] != tt.want {
			t.Errorf("%s = %q, want %q", tt.cmd, got[tt.cmd], tt.want)
		}
	}
}

// TestUDFWire runs a record UDF, a batch UDF, a background job and an
// aggregation through the client.
func TestUDFWire(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	src := `function echo(rec, v) return v end
function fail(rec) error('nope') end
function bump(rec) rec['n'] = (rec['n'] or 0) + 1; aerospike:update(rec) end
function count(s) return s:map(function(r) return 1 end):reduce(function(a, b) return a + b end) end`
	task, err := c.RegisterUDF(nil, []byte(src), "w.lua", as.LUA)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-task.OnComplete(); err != nil {
		t.Fatal(err)
	}
	var keys []*as.Key
	for i := range 20 {
		k := mustKey(t, "test", "w", i)
		must(t, c.Put(nil, k, as.BinMap{"i": i}))
		keys = append(keys, k)
	}
	v, err := c.Execute(nil, keys[0], "w", "echo", as.NewValue([]any{1, "a"}))
	if err != nil || len(v.([]any)) != 2 {
		t.Errorf("Execute echo = %v, %v", v, err)
	}
	_, err = c.Execute(nil, keys[0], "w", "fail")
	wantCode(t, err, types.UDF_BAD_RESPONSE)
	brs, err := c.BatchExecute(nil, nil, keys[:3], "w", "echo", as.NewValue(7))
	if err != nil {
		t.Fatal(err)
	}
	for _, br := range brs {
		if br.ResultCode != types.OK || br.Record.Bins["SUCCESS"] != 7 {
			t.Errorf("BatchExecute: %v %v", br.ResultCode, br.Record)
		}
	}
	et, err := c.ExecuteUDF(nil, as.NewStatement("test", "w"), "w", "bump")
	if err != nil {
		t.Fatal(err)
	}
	if err := <-et.OnComplete(); err != nil {
		t.Fatal(err)
	}
	rec, err := c.Get(nil, keys[5])
	if err != nil || rec.Bins["n"] != 1 {
		t.Errorf("after ExecuteUDF: %v, %v", rec, err)
	}
}
