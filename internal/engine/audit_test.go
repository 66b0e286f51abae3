package engine

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
)

// Rules found by auditing the engine against the server source; each case
// names the server function it follows.

func TestGetBinNames(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "s", "k")
	mustPut(t, e, nil, k, driver.Bins{"a": 1, "": "empty"})
	tests := []struct {
		name       string
		bins       []string
		headerOnly bool
		code       driver.ResultCode
		want       driver.Bins
	}{
		// read.c read_local: as_bin_name_check on each named read.
		{"16-byte name", []string{"a", strings.Repeat("b", 16)}, false, driver.BinNameTooLong, nil},
		{"NUL in name", []string{"a\x00"}, false, driver.BinNameTooLong, nil},
		{"15-byte name", []string{"a", strings.Repeat("b", 15)}, false, driver.OK, driver.Bins{"a": int64(1)}},
		// An empty name is a valid bin name (write.c stores it).
		{"empty name", []string{""}, false, driver.OK, driver.Bins{"": "empty"}},
		// A header-only read sends no name (GET_NO_BINS).
		{"header only ignores names", []string{strings.Repeat("b", 16)}, true, driver.OK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec, err := e.Get(k, tt.bins, tt.headerOnly)
			wantCode(t, err, tt.code)
			if err == nil && !reflect.DeepEqual(rec.Bins, tt.want) {
				t.Fatalf("bins = %#v, want %#v", rec.Bins, tt.want)
			}
		})
	}
	// The name check comes first, as the client makes it before sending.
	_, err := e.Get(mkKey(t, "test", "s", "missing"), []string{strings.Repeat("b", 16)}, false)
	wantCode(t, err, driver.BinNameTooLong)
}

func TestEmptyBinName(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "", "k")
	// as_bin_name_check (datamodel.h) accepts a name of 0 bytes.
	mustPut(t, e, nil, k, driver.Bins{"": int64(1)})
	if r := mustGet(t, e, k); !reflect.DeepEqual(r.Bins, driver.Bins{"": int64(1)}) {
		t.Fatalf("bins = %#v", r.Bins)
	}
	wantCode(t, e.Put(nil, k, driver.Bins{"x\x00y": 1}), driver.BinNameTooLong)
	wantCode(t, e.SetRecord(k, Seed{Bins: driver.Bins{"a\x00": 1}}), driver.BinNameTooLong)
}

func TestTTLCheckedBeforeOps(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t, func(c *Config) {
		c.Namespaces = append(c.Namespaces, NamespaceConfig{Name: "nonsup", ForbidTTL: true})
	})
	k := mkKey(t, "nonsup", "", "k")
	// write_master_preprocessing (TTL) runs before write_master_policies
	// (ops): FORBIDDEN wins over "no bin" and over a bad bin name.
	wantCode(t, e.Put(&driver.WritePolicy{Expiration: 10}, k, driver.Bins{}), driver.FailForbidden)
	wantCode(t, e.Put(&driver.WritePolicy{Expiration: 10}, k, driver.Bins{strings.Repeat("b", 16): 1}), driver.FailForbidden)
	wantCode(t, e.Put(&driver.WritePolicy{Expiration: MaxTTL + 1}, k, driver.Bins{}), driver.ParameterError)
	// A read-only operate is a read: the TTL is not looked at.
	mustPut(t, e, nil, k, driver.Bins{"a": 1})
	if _, err := e.Operate(&driver.WritePolicy{Expiration: 10}, k, []driver.Operation{{Type: driver.OpRead, Bin: "a"}}); err != nil {
		t.Fatalf("read-only operate with a TTL in a TTL-less namespace: %v", err)
	}
}

func TestTruncateBounds(t *testing.T) {
	t.Parallel()
	e, clk := newEngine(t)
	k := mkKey(t, "test", "s", "k")
	mustPut(t, e, nil, k, driver.Bins{"a": 1})
	tests := []struct {
		name   string
		before time.Time
		code   driver.ResultCode
	}{
		// truncate.c as_truncate_cmd: "would-truncate-in-the-future".
		{"future", clk.Now().Add(time.Millisecond), driver.ParameterError},
		// cf_clepoch_ms_from_utc_ns gives 0: "would-truncate-to-0".
		{"before the 2010 epoch", time.Date(2009, 12, 31, 0, 0, 0, 0, time.UTC), driver.ParameterError},
		{"at the 2010 epoch", time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), driver.ParameterError},
		{"unknown set", clk.Now(), driver.OK},
	}
	for _, tt := range tests {
		set := "s"
		if tt.name == "unknown set" {
			set = "nosuchset"
		}
		err := e.Truncate("test", set, tt.before)
		if c, _ := driver.CodeOf(err); err != nil && c != tt.code || err == nil && tt.code != driver.OK {
			t.Errorf("%s: err %v, want %s", tt.name, err, tt.code)
		}
	}
	if ok, _ := e.Exists(k); !ok {
		t.Fatal("a refused truncate removed a record")
	}
	// Exactly now is allowed (lut > now is the refusal).
	clk.Advance(time.Millisecond)
	wantCode(t, e.Truncate("test", "s", clk.Now()), driver.OK)
	if ok, _ := e.Exists(k); ok {
		t.Fatal("truncate before now kept an older record")
	}
}
