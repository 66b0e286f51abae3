package aerotest

import (
	"context"
	"sync"
	"time"

	"github.com/aerokit/aero/driver"
)

// faults holds the injected failures. Commands are the type 3 (message)
// requests; info requests are never failed, so that the client's cluster
// tending keeps working while commands fail.
type faults struct {
	mu        sync.Mutex
	failN     int
	failCode  uint8
	delay     time.Duration
	delayInfo bool
	dropN     int
	ctx       context.Context
}

// FailNext makes the next n commands fail with code, whatever they are
// (reads, writes, batches, scans, queries): each gets a reply carrying the
// code and nothing else. Codes outside 0..255 cannot travel on the wire and
// are reported as SERVER_ERROR.
func (s *Server) FailNext(n int, code driver.ResultCode) {
	c := uint8(driver.ServerError)
	if code >= 0 && code <= 255 {
		c = uint8(code)
	}
	s.faults.mu.Lock()
	s.faults.failN, s.faults.failCode = n, c
	s.faults.mu.Unlock()
}

// SetDelay delays every reply to a command by d (info replies too when
// includeInfo is set); zero removes the delay. A delay longer than the
// client's socket timeout makes the client time out. The delay ends early
// when the server closes.
func (s *Server) SetDelay(d time.Duration, includeInfo bool) {
	s.faults.mu.Lock()
	s.faults.delay, s.faults.delayInfo = d, includeInfo
	s.faults.ctx = s.ctx
	s.faults.mu.Unlock()
}

// DropNext makes the server close the connection of each of the next n
// commands instead of answering them: the client sees a network error (and
// a write is in doubt, since the server does not apply it).
func (s *Server) DropNext(n int) {
	s.faults.mu.Lock()
	s.faults.dropN = n
	s.faults.mu.Unlock()
}

// beforeReply applies the delay and the drop faults to a request; it
// reports false when the connection must be closed.
func (f *faults) beforeReply(command bool) bool {
	f.mu.Lock()
	d, ctx := f.delay, f.ctx
	if !command && !f.delayInfo {
		d = 0
	}
	drop := false
	if command && f.dropN > 0 {
		f.dropN--
		drop = true
	}
	f.mu.Unlock()
	if drop {
		return false
	}
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// failNext consumes one injected failure, if any.
func (f *faults) failNext() (uint8, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failN <= 0 {
		return 0, false
	}
	f.failN--
	return f.failCode, true
}
