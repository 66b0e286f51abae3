package aerospike

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"
)

func TestSentNothing(t *testing.T) {
	t.Parallel()
	ae := func(c types.ResultCode) error { return &as.AerospikeError{ResultCode: c, InDoubt: true} }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"empty pool", ae(types.NO_AVAILABLE_CONNECTIONS_TO_NODE), true},
		{"inactive node", ae(types.SERVER_NOT_AVAILABLE), true},
		{"no node for the partition", ae(types.INVALID_NODE_ERROR), true},
		{"circuit breaker", ae(types.MAX_ERROR_RATE), true},
		{"empty pool, wrapped", fmt.Errorf("batch: %w", ae(types.NO_AVAILABLE_CONNECTIONS_TO_NODE)), true},
		{"gave up with no cause", ae(types.MAX_RETRIES_EXCEEDED), false},
		{"server or socket timeout", ae(types.TIMEOUT), false},
		{"the client's total timeout alone", as.ErrTimeout, false},
		{"network error", ae(types.NETWORK_ERROR), false},
		{"server code", ae(types.KEY_EXISTS_ERROR), false},
		{"not the client's", errors.New("boom"), false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		if got := sentNothing(tt.err); got != tt.want {
			t.Errorf("%s: sentNothing = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestClientTimeoutMessage pins the text clientGaveUp recognises to the
// client's own ErrTimeout (TestUnsentIsNotInDoubt sees it recognised in a
// real chain).
func TestClientTimeoutMessage(t *testing.T) {
	t.Parallel()
	if !strings.HasSuffix(as.ErrTimeout.Error(), ": "+clientTimeoutMsg) {
		t.Fatalf("the client's ErrTimeout reads %q, not ...%q", as.ErrTimeout.Error(), clientTimeoutMsg)
	}
	if clientGaveUp(&as.AerospikeError{ResultCode: types.TIMEOUT}) {
		t.Fatal("a TIMEOUT with another message is taken for the client giving up")
	}
}
