package driver

import "context"

// Optional interfaces a Conn may implement. The Session and the
// observability packages discover them with a type assertion, as
// database/sql does with its driver's optional interfaces.

// Endpointer is implemented by a Conn that talks to a server: it reports the
// address and port of the seed host the DSN named first, for telemetry
// (server.address, server.port). A password is never part of it.
type Endpointer interface {
	Endpoint() (host string, port int)
}

// Stats is a snapshot of a connection's pool and cluster statistics.
type Stats struct {
	// Nodes is the number of cluster nodes the client knows.
	Nodes int
	// OpenConnections is the number of open connections to all nodes.
	OpenConnections int
	// IdleConnections is the number of idle pooled connections, or -1
	// when the backend cannot tell.
	IdleConnections int
	// ConnectionsAttempted and ConnectionsFailed count connection attempts
	// since the Conn was opened.
	ConnectionsAttempted int64
	ConnectionsFailed    int64
	// Errors counts commands that failed since the Conn was opened.
	Errors int64
	// Timeouts counts commands that timed out since the Conn was opened.
	Timeouts int64
}

// StatsReporter is implemented by a Conn that can report Stats.
type StatsReporter interface {
	Stats() Stats
}

// DecodeGetter is implemented by a Conn whose Get converts a record's bins
// from its client's shapes to the canonical driver values, and which can
// leave that conversion to a caller that reads only some bins, each once:
// a decoder into a struct (package aero's Repo). A record's bins come back
// from a real client in a fresh map in the client's own shapes (Go int for
// an integer, the client's GeoJSON and HLL types, ...); converting them in
// place walks the whole map, which costs a measurable share of a read.
//
// GetForDecode is Get, except that the values of the returned record's
// Bins may be in the client's shapes: convert turns one of them into its
// canonical value (what Get would have returned for that bin), and the
// caller applies it to every value it reads before using it. A value that
// has no canonical form is an error naming its type (ParseError); Get would
// have reported it whichever bin held it, GetForDecode only when it is
// converted. The record's Key, Generation and Expiration are Get's.
type DecodeGetter interface {
	GetForDecode(ctx context.Context, policy *ReadPolicy, key *Key, bins []string) (rec *Record, convert func(any) (any, error), err error)
}
