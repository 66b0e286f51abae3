package driver

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
