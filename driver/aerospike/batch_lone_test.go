package aerospike

import (
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"
)

func TestLoneAnswered(t *testing.T) {
	t.Parallel()
	ae := func(c types.ResultCode) as.Error { return &as.AerospikeError{ResultCode: c} }
	tests := []struct {
		name string
		err  as.Error
		want bool
	}{
		{"no error", nil, false},
		{"key exists (the server's answer)", ae(types.KEY_EXISTS_ERROR), true},
		{"parameter error (the server's answer)", ae(types.PARAMETER_ERROR), true},
		{"generation error (the server's answer)", ae(types.GENERATION_ERROR), true},
		{"timeout (outcome unknown)", ae(types.TIMEOUT), false},
		{"network error (client side)", ae(types.NETWORK_ERROR), false},
		{"no connection (client side)", ae(types.NO_AVAILABLE_CONNECTIONS_TO_NODE), false},
		{"retries exhausted (client side)", ae(types.MAX_RETRIES_EXCEEDED), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := loneAnswered(tt.err); got != tt.want {
				t.Errorf("loneAnswered(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
