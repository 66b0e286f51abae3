package aerospike

import (
	"errors"
	"fmt"
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
		{"timeout", ae(types.TIMEOUT), false},
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
