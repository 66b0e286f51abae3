package aerospike

import (
	"context"
	"reflect"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
)

// TestReadPolicyIsClientDefault: under a DSN that sets no policy option, a
// read goes out under exactly the raw client's default read policy
// (policy.go NewPolicy), so that a Get costs the client what its own
// Get(nil, key) costs, and a context without a deadline shares the
// configured policy instead of copying it per call.
func TestReadPolicyIsClientDefault(t *testing.T) {
	t.Parallel()
	cfg, err := ParseDSN("aerospike://h1/test")
	if err != nil {
		t.Fatal(err)
	}
	c := newConn(nil, cfg)
	if want := as.NewPolicy(); !reflect.DeepEqual(&c.readPolicy, want) {
		t.Errorf("read policy = %+v, want the client's default %+v", c.readPolicy, *want)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	far, cancelFar := context.WithTimeout(context.Background(), time.Hour)
	defer cancelFar()
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		shared bool
		err    error
	}{
		{"no deadline", context.Background(), true, nil},
		{"a deadline", far, false, nil},
		{"cancelled", cancelled, false, context.Canceled},
	} {
		p, err := c.readPol(tc.ctx)
		if err != tc.err {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
			continue
		}
		if err == nil && (p == &c.readPolicy) != tc.shared {
			t.Errorf("%s: shares the configured policy = %v, want %v", tc.name, p == &c.readPolicy, tc.shared)
		}
	}
}
