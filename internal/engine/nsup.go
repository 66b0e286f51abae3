package engine

import (
	"time"
)

// DefaultNsupPeriod is the period of the engine's namespace supervisor when
// Config.NsupPeriod is 0: 120 seconds, the nsup-period the test server
// reports.
const DefaultNsupPeriod = 120 * time.Second

// The namespace supervisor (nsup) removes expired records, as the server's
// does (as/src/base/nsup.c): until it runs, an expired record is invisible to
// reads, scans and queries (the read paths test as_record_is_doomed), to
// writes that must not create (write.c write_master answers NOT_FOUND) and is
// replaced by writes that may create (write_master "rescues" it as a fresh
// record), but a delete still finds it and removes it: delete_ce.c
// delete_master looks the record up with no expiry check, so the delete
// answers OK (existed) and its generation check applies.
//
// The engine's nsup runs on the engine's clock, at every multiple of the
// period after the engine was made. It needs no goroutine: the first command
// that reads the clock after a cycle fell due runs it first, so a test that
// moves the clock past a cycle (FastForward, ManualClock.Advance) sees it
// done by its next command, deterministically.

// nsupDue runs the nsup cycle due at t, if any.
func (e *Engine) nsupDue(t time.Time) {
	if e.nsupPeriod <= 0 {
		return
	}
	now := t.UnixNano()
	if now < e.nsupNext.Load() {
		return
	}
	if !e.nsupMu.TryLock() {
		return // another command is running the cycle
	}
	defer e.nsupMu.Unlock()
	next := e.nsupNext.Load()
	if now < next {
		return
	}
	e.reap(t.Unix())
	period := int64(e.nsupPeriod)
	e.nsupNext.Store(next + ((now-next)/period+1)*period)
}

// Reap runs one nsup cycle now: it removes every expired record of every
// namespace and returns how many it removed. The engine runs cycles on its
// own schedule (see DefaultNsupPeriod); Reap is for tests that want one at
// a precise point.
func (e *Engine) Reap() int {
	return e.reap(e.clock.Now().Unix())
}

func (e *Engine) reap(nowSec int64) int {
	removed := 0
	for _, name := range e.order {
		n := e.ns[name]
		for i := range n.parts {
			p := &n.parts[i]
			p.mu.Lock()
			for d, r := range p.recs {
				if r.expired(nowSec) {
					delete(p.recs, d)
					removed++
				}
			}
			p.mu.Unlock()
		}
	}
	return removed
}
