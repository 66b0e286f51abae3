// Package seam is where aero's integration modules (otelaero, promaero,
// logbridge) reach into a Session's life: before the driver connects, once
// the Session is open, and when it closes. No application needs these, so
// they are not aero's public API; the integrations are modules of their
// own but share aero's import path prefix, so Go's internal rule (by import
// path) lets them import this package. An integration's version is tied to
// the aero version it requires, as for any internal package.
//
// This package cannot import aero (aero imports it), so package aero
// installs the implementations at init, and the functions here are generic
// in aero's types: O is aero.Option and S is *aero.Session.
//
//	aero.WithOptions(
//		seam.BeforeConnect[aero.Option](func() func() { return install(l) }),
//		seam.AfterOpen[aero.Option](func(s *aero.Session) {
//			seam.OnClose(s, func() { ... })
//		}),
//	)
package seam

// Impl is what package aero installs.
type Impl struct {
	// BeforeConnect returns an aero.Option that runs fn before Open
	// connects (for NewSession, whose connection is already open, at once),
	// and the undo function fn returns, if not nil, when the Session closes
	// or Open fails: the seam for process-wide settings that must be in
	// place while the driver connects, such as the client's logger.
	BeforeConnect func(fn func() (undo func())) any
	// AfterOpen returns an aero.Option that runs fn (a func(*aero.Session))
	// on the Session once it is open, before Open or NewSession returns
	// it: the seam for what needs the open Session, such as registering
	// its statistics with a metrics library.
	AfterOpen func(fn any) any
	// OnClose registers fn to run when the Session s (an *aero.Session)
	// closes, after its connection is closed, in the reverse order of
	// registration (at once if it is already closed).
	OnClose func(s any, fn func())
}

var impl Impl

// Install is called once, by package aero's init.
func Install(i Impl) { impl = i }

// BeforeConnect returns the Option (an aero.Option) of Impl.BeforeConnect.
func BeforeConnect[O any](fn func() (undo func())) O {
	return impl.BeforeConnect(fn).(O)
}

// AfterOpen returns the Option (an aero.Option) of Impl.AfterOpen; S is
// *aero.Session.
func AfterOpen[O, S any](fn func(S)) O {
	return impl.AfterOpen(fn).(O)
}

// OnClose registers fn to run when s (an *aero.Session) closes.
func OnClose[S any](s S, fn func()) { impl.OnClose(s, fn) }
