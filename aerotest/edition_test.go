package aerotest

import (
	"errors"
	"strings"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"
)

// TestEditions checks every edition-dependent behaviour, on a raw client,
// for both editions: durable delete, compressed requests and the edition
// info commands. Not parallel: compressed requests race in the client (see
// TestCompressedRequests).
func TestEditions(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		// wantCode is the answer to a durable delete and to a compressed
		// request; OK for Enterprise.
		wantCode types.ResultCode
		edition  string
	}{
		{"default is community", nil, types.ENTERPRISE_ONLY, "Aerospike Community Edition"},
		{"community", []Option{WithEdition(Community)}, types.ENTERPRISE_ONLY, "Aerospike Community Edition"},
		{"enterprise", []Option{WithEdition(Enterprise)}, types.OK, "Aerospike Enterprise Edition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := newClient(t, tt.opts...)
			k := mustKey(t, "test", "ed", 1)
			must(t, c.Put(nil, k, as.BinMap{"a": 1}))
			wp := as.NewWritePolicy(0, 0)
			wp.DurableDelete = true
			_, err := c.Delete(wp, k)
			checkCode(t, "durable delete", err, tt.wantCode)
			_, err = c.Operate(wp, k, as.DeleteOp())
			if tt.wantCode == types.OK {
				checkCode(t, "durable Operate delete", err, types.KEY_NOT_FOUND_ERROR) // already deleted
			} else {
				checkCode(t, "durable Operate delete", err, tt.wantCode)
			}

			cp := as.NewWritePolicy(0, 0)
			cp.UseCompression = true
			err = c.Put(cp, mustKey(t, "test", "ed", 2), as.BinMap{"s": strings.Repeat("z", 500)})
			checkCode(t, "compressed Put", err, tt.wantCode)

			info, ierr := c.GetNodes()[0].RequestInfo(as.NewInfoPolicy(), "edition", "version")
			if ierr != nil {
				t.Fatal(ierr)
			}
			if info["edition"] != tt.edition || !strings.HasPrefix(info["version"], tt.edition+" build ") {
				t.Fatalf("edition info = %q, version %q; want %q", info["edition"], info["version"], tt.edition)
			}
		})
	}
	if _, err := ParseEdition("enterprise"); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseEdition("gold"); err == nil {
		t.Fatal("ParseEdition(gold): no error")
	}
	if _, err := Run(Options{Edition: 9}); err == nil {
		t.Fatal("Run with an unknown edition: no error")
	}
}

func checkCode(t *testing.T, what string, err error, want types.ResultCode) {
	t.Helper()
	if want == types.OK {
		if err != nil {
			t.Fatalf("%s: %v, want success", what, err)
		}
		return
	}
	var ae *as.AerospikeError
	if !errors.As(err, &ae) || ae.ResultCode != want {
		t.Fatalf("%s: %v, want %v", what, err, want)
	}
}
