package memory

import (
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/drivertest"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/memconn"
)

// TestConformance runs the driver conformance suite against a memory Conn on
// an engine with a manual clock, which the suite advances to check expiry.
// It runs once per edition the engine imitates.
func TestConformance(t *testing.T) {
	for _, ed := range []engine.Edition{engine.Community, engine.Enterprise} {
		t.Run(ed.String(), func(t *testing.T) { conformance(t, ed) })
	}
}

func conformance(t *testing.T, ed engine.Edition) {
	clk := engine.NewManualClock(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	e, err := engine.New(engine.Config{
		Clock:   clk,
		Edition: ed,
		Namespaces: []engine.NamespaceConfig{
			{Name: "test"},
			{Name: "other"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.Run(t, drivertest.Harness{
		Open:           func(*testing.T) driver.Conn { return memconn.Open(e, "test", nil) },
		OtherNamespace: "other",
		Advance:        func(d time.Duration) { clk.Advance(d) },
		Enterprise:     ed == engine.Enterprise,
	})
}
