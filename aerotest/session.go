package aerotest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
	_ "github.com/aerokit/aero/driver/memory" // the memory:// scheme of NewSession
	"github.com/aerokit/aero/internal/memconn"
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

// FastForward moves the clock behind s forward by d: records whose TTL
// runs out within d expire, with no sleep. It is the one clock control for
// a Session, whichever way the test opened it: on the in-memory backend
// (NewSession, or aero.Open of a memory:// DSN), or on a Server or Cluster
// of this package (aero.Open of its DSN), found by the address the
// Session's connection reports (driver.Endpointer), whose every node
// shares one clock. For a Session on anything else (a real server) it
// fails. Code that holds a Server and no Session (a raw client's test)
// calls Server.FastForward, which moves the same clock.
func FastForward(s *aero.Session, d time.Duration) error {
	if s == nil {
		return errors.New("aerotest: FastForward: nil Session")
	}
	conn := s.Conn()
	if memconn.Engine(conn) != nil {
		if err := memconn.Advance(conn, d); err != nil {
			return fmt.Errorf("aerotest: FastForward: %w", err)
		}
		return nil
	}
	if ep, ok := conn.(driver.Endpointer); ok {
		host, port := ep.Endpoint()
		if srv := serverAt(host, port); srv != nil {
			srv.FastForward(d)
			return nil
		}
		return fmt.Errorf("aerotest: FastForward: %s is not a running aerotest Server", net.JoinHostPort(host, strconv.Itoa(port)))
	}
	return fmt.Errorf("aerotest: FastForward: a %T is neither the in-memory backend nor on an aerotest Server", conn)
}

// running holds the Servers that are open, by the address they listen on
// (host:port), so that FastForward finds the Server behind a Session.
var running sync.Map // string -> *Server

// serverAt returns the open Server listening on host:port, nil if none. A
// loopback name (localhost, ::1) finds a Server on 127.0.0.1 of that port.
func serverAt(host string, port int) *Server {
	if srv, ok := running.Load(net.JoinHostPort(host, strconv.Itoa(port))); ok {
		return srv.(*Server)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil
	}
	if srv, ok := running.Load(net.JoinHostPort("127.0.0.1", strconv.Itoa(port))); ok {
		return srv.(*Server)
	}
	return nil
}
