package aero_test

import (
	"context"
	"os"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
	"github.com/aerokit/aero/internal/sharedtest"
)

// TestMain holds a slot on the shared server of AEROSPIKE_TEST_DSN, when
// set, for the whole run: uniqueSet names sets from it.
func TestMain(m *testing.M) {
	os.Exit(sharedtest.Main(m, "github.com/aerokit/aero", func(ctx context.Context, dsn string) (driver.Conn, error) {
		return aerospike.Driver{}.Open(ctx, dsn)
	}))
}
