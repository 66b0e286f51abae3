package logbridge_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	aslog "github.com/aerospike/aerospike-client-go/v8/logger"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	_ "github.com/aerokit/aero/driver/aerospike" // the aerospike:// backend
	"github.com/aerokit/aero/logbridge"
)

// TestWithLoggerBeforeConnectAndRestoreOnClose: the client's logger is in
// place while the Session connects (the client logs "Seeding the cluster"
// then), and taken away when the Session closes.
func TestWithLoggerBeforeConnectAndRestoreOnClose(t *testing.T) {
	srv := aerotest.NewServer(t)
	h := &recorder{level: slog.LevelInfo}
	s, err := aero.Open(context.Background(), srv.DSN(), logbridge.WithLogger(slog.New(h)))
	if err != nil {
		t.Fatal(err)
	}
	seeded := false
	for _, r := range h.records() {
		seeded = seeded || strings.Contains(r.Message, "Seeding the cluster")
	}
	if !seeded {
		t.Errorf("the connect-time log did not reach the logger: %v", h.records())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	n := len(h.records())
	aslog.Logger.Error("after close")
	if got := len(h.records()); got != n {
		t.Errorf("the client still logs to the closed Session's logger")
	}
}

// TestInstallsNest: the client logs to the last logger installed that is
// not restored yet.
func TestInstallsNest(t *testing.T) {
	a, b := &recorder{level: slog.LevelInfo}, &recorder{level: slog.LevelInfo}
	restoreA := logbridge.Install(slog.New(a))
	restoreB := logbridge.Install(slog.New(b))
	aslog.Logger.Info("one")
	restoreB()
	aslog.Logger.Info("two")
	restoreB() // idempotent: A stays
	aslog.Logger.Info("three")
	restoreA()
	aslog.Logger.Error("four")
	msgs := func(h *recorder) (out []string) {
		for _, r := range h.records() {
			out = append(out, r.Message)
		}
		return out
	}
	if got := strings.Join(msgs(a), ","); got != "two,three" {
		t.Errorf("first logger got %q, want two,three", got)
	}
	if got := strings.Join(msgs(b), ","); got != "one" {
		t.Errorf("second logger got %q, want one", got)
	}
	// Out of order: restoring the first while the second is installed
	// keeps the second.
	restoreA = logbridge.Install(slog.New(a))
	restoreB = logbridge.Install(slog.New(b))
	restoreA()
	aslog.Logger.Info("five")
	restoreB()
	if got := msgs(b); got[len(got)-1] != "five" {
		t.Errorf("second logger got %q, want five last", got)
	}
}
