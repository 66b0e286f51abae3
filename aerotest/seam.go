package aerotest

import (
	"testing"

	"github.com/aerokit/aero/internal/aerotestseam"
)

func init() {
	aerotestseam.NewServer = func(t testing.TB, st aerotestseam.Store, namespaces ...string) aerotestseam.Server {
		t.Helper()
		s, err := runWith(Options{Namespaces: namespaces, Logf: t.Logf}, st)
		if err != nil {
			t.Fatalf("aerotest: %v", err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
}
