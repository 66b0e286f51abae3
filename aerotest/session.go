package aerotest

import (
	"context"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver/memory"
)

// NewSession returns a Session on a fresh in-memory backend with one
// namespace, "test", closed when the test ends. Options are passed to
// aero.Open. For several namespaces open "memory:///?namespaces=test,bar"
// with aero.Open directly. FastForward moves its clock for TTL tests.
//
//	func TestUsers(t *testing.T) {
//		s := aerotest.NewSession(t)
//		users, err := aero.NewRepo[User, string](s, "users")
//		...
//	}
func NewSession(t testing.TB, opts ...aero.Option) *aero.Session {
	t.Helper()
	const dsn = "memory://test"
	s, err := aero.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatalf("aerotest: open %s: %v", dsn, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("aerotest: close session: %v", err)
		}
	})
	return s
}

// FastForward moves the clock of the in-memory backend behind s forward by
// d: records whose TTL runs out within d expire, with no sleep. It fails for
// a Session on another driver (for a Server, use Server.FastForward).
func FastForward(s *aero.Session, d time.Duration) error {
	return memory.FastForward(s.Conn(), d)
}
