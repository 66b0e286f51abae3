package aero_test

import (
	"os"
	"testing"

	"github.com/aerokit/aero/internal/sharedtest"
)

// TestMain holds a slot on the shared server of AEROSPIKE_TEST_DSN, when
// set, for the whole run: uniqueSet names sets from it.
func TestMain(m *testing.M) { os.Exit(sharedtest.Main(m, "r")) }
