package engine

import (
	"sync"
	"time"
)

// Clock tells the engine the time. Expiration, last-update times and
// truncation are all computed from it, so tests can move time by hand.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// SystemClock returns the clock of the machine (time.Now).
func SystemClock() Clock { return systemClock{} }

// ManualClock is a Clock that moves only when told to. It is safe for
// concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock that reads start until moved.
func NewManualClock(start time.Time) *ManualClock {
	return &ManualClock{now: start}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (backwards too).
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d and returns the new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// OffsetClock is the wall clock moved forward by the sum of the Advance
// calls: time keeps flowing (records expire in real time), and tests jump
// ahead. It is the clock of the memory driver and of the test server. It is
// safe for concurrent use.
type OffsetClock struct {
	mu  sync.Mutex
	off time.Duration
}

// Now returns the wall clock plus the offset.
func (c *OffsetClock) Now() time.Time { return time.Now().Add(c.Offset()) }

// Offset returns how far the clock has been moved ahead of the wall clock.
func (c *OffsetClock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.off
}

// Advance moves the clock forward by d; a d that is not positive does
// nothing.
func (c *OffsetClock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}
