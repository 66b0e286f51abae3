package memory

import (
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/drivertest"
	"github.com/aerokit/aero/internal/engine"
)

// TestConformance runs the driver conformance suite against a memory Conn on
// an engine with a manual clock, which the suite advances to check expiry.
func TestConformance(t *testing.T) {
	clk := engine.NewManualClock(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	e, err := engine.New(engine.Config{
		Clock: clk,
		Namespaces: []engine.NamespaceConfig{
			{Name: "test"},
			{Name: "other"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.Run(t, drivertest.Harness{
		Open:           func(*testing.T) driver.Conn { return Open(e, "test") },
		OtherNamespace: "other",
		Advance:        func(d time.Duration) { clk.Advance(d) },
	})
}
