// Package aerospike is the driver.Driver for Aerospike servers, a thin
// translation of package driver onto aerospike-client-go v8. It registers
// itself for the DSN scheme "aerospike":
//
//	aerospike://[user[:password]@]host[:port][,host[:port]...]/namespace[?option=value&...]
//
// A host is a name, an IPv4 address or a bracketed IPv6 address, with an
// optional port (default 3000). With TLS a host may name the certificate it
// presents, the client's way: host:tlsname:port. User and password are
// percent-decoded; the user info ends at the last '@' of the DSN, so a
// password may hold '/', '?', ':' or '@' as they are, and an '@' in an
// option value must be written %40. The password never appears in an error, a log line, or
// the String or fmt rendering of a Config (it prints as "xxxxx"), and no
// error the driver returns holds it at any depth of its chain, under any
// fmt verb: a client error chain that would print it is replaced by its
// masked text over a bare *aerospike.AerospikeError with the same result
// code.
//
// The namespace follows the server's naming rules (driver.CheckNamespace:
// 1 to 31 bytes of printable ASCII without '#', ';', ':', '=' or '/'), and a
// host name is an IP address or ASCII letters, digits, '-', '.' and '_': a
// DSN that breaks either fails at once, not after the connect timeout.
//
// # Options
//
// Durations are Go durations ("1500ms", "2s"); booleans are true or false.
// An unknown, repeated or invalid option is a *driver.Error with
// ParameterError naming it.
//
//	option                     client setting                       default
//	connect-timeout            how long Open waits for the cluster  30s
//	                           (a sooner Open deadline wins)
//	tend-timeout               ClientPolicy.Timeout: each tend      1s
//	                           request and new connection
//	login-timeout              ClientPolicy.LoginTimeout            10s
//	idle-timeout               ClientPolicy.IdleTimeout (<= 24h)    0 (none)
//	tend-interval              ClientPolicy.TendInterval (>= 10ms)  1s
//	total-timeout              TotalTimeout of single-record and    1s
//	                           batch commands
//	socket-timeout             SocketTimeout of every command       30s
//	max-retries                MaxRetries of every command          2 reads, 0 writes
//	sleep-between-retries      SleepBetweenRetries                  1ms
//	connection-queue-size      ClientPolicy.ConnectionQueueSize     100 per node
//	min-connections-per-node   ClientPolicy.MinConnectionsPerNode   2 (the tend
//	                           connection counts: one for commands)
//	max-error-rate             ClientPolicy.MaxErrorRate            100
//	error-rate-window          ClientPolicy.ErrorRateWindow         1
//	cluster-name               ClientPolicy.ClusterName             none
//	application-id             ClientPolicy.ApplicationId           none
//	auth-mode                  internal | external | pki            internal
//	use-services-alternate     ClientPolicy.UseServicesAlternate    false
//	seed-only-cluster          ClientPolicy.SeedOnlyCluster         false
//	fail-if-not-connected      Open fails when no seed answers      true
//	rack-aware                 ClientPolicy.RackAware               false
//	rack-id                    ClientPolicy.RackIds (list: 1,2)     none; needs rack-aware
//	replica                    master | master-proles | sequence |  sequence, or prefer-rack
//	                           prefer-rack (ReplicaPolicy of reads) with rack-aware
//	send-key                   SendKey of every write               false
//	tls                        turn TLS on                          false
//	tls-ca-file                PEM CA bundle (RootCAs)              system roots
//	tls-cert-file, tls-key-file client certificate (both or none)   none
//	tls-name                   TLS name of hosts that name none     none
//
// connect-timeout and the Open context bound Open only. The client keeps
// ClientPolicy.Timeout for the life of the connection, as the timeout of
// every info request of its cluster tend (each tend-interval) and of every
// new connection, so it is tend-timeout, not the Open deadline: a tend
// round that waits on a node that stopped answering delays the partition
// map the surviving nodes publish, and with tend-interval 1s and
// tend-timeout 1s traffic leaves a lost node within about 2s (the client's
// own 30s default kept half of the keys on a dead node that long).
//
// external auth needs TLS (the client sends the password in clear); pki
// needs TLS, a client certificate and no password.
//
// # Context
//
// A context deadline becomes the command's TotalTimeout (when it comes
// before the configured one) and caps its SocketTimeout. Single-record and
// batch commands run in the caller's goroutine, so a cancellation without a
// deadline is noticed before the command starts and when it ends. A scan or
// query closes its Recordset when its context is done. A failure caused by
// the context is an error for which errors.Is(err, ctx.Err()) holds; its
// chain also holds the *driver.Error of the client's failure (TIMEOUT, with
// InDoubt for a write that may have been applied).
//
// # Errors
//
// Every client error becomes a *driver.Error with the same result code
// (driver.ResultCode and the client's types.ResultCode share their values);
// the client's error stays reachable through Err with errors.As, and InDoubt
// is the client's, except where the client's chain shows that nothing was
// sent (an empty connection pool, an inactive node, an open circuit
// breaker), which it marks in doubt although nothing can have been
// applied. Network errors and timeouts keep their codes
// (NETWORK_ERROR, TIMEOUT). When the client gives up after its retries it
// reports MAX_RETRIES_EXCEEDED wrapping the failure of the last attempt (a
// write, which is not retried by default, too): the driver reports that
// failure's code (TIMEOUT, NETWORK_ERROR, INDEX_NOTFOUND for a query on an
// unindexed bin), in doubt as the client says, and keeps the client's error
// in Err. Calls on a closed Conn are SERVER_NOT_AVAILABLE.
//
// # Batches on a cluster
//
// A batch with writes runs with MaxRetries 0 (unless max-retries is set),
// so that the client never re-sends a write that may have been applied.
// A node's part of a batch that the client gave up on before sending it
// (the usual case: the first batch of a fresh connection finds the pools
// of its nodes empty, and the client opens connections in the background)
// is sent again within the batch's total timeout, and what still fails
// unsent is not in doubt. min-connections-per-node (default 2: the tend
// connection and one for commands) fills each node's pool before Open
// returns and at each tend.
//
// # Server behaviours the driver corrects
//
// A 7.x or 8.x server answers sindex-create OK for an index that exists
// with the same definition, renames an index when its definition is
// created under a new name, and answers sindex-delete OK for an unknown
// name; CreateIndex and DropIndex check with sindex-list and sindex-exists
// first and report IndexFound and IndexNotFound as driver.Conn says.
// Truncate refuses a time in the future or before 2010 (the server's epoch)
// with ParameterError, as the server does. The server answers a truncate of
// a namespace it does not have with OK (truncate.c as_truncate_cmd stores it
// in SMD without looking the namespace up), and so does Truncate.
//
// # Values
//
// Values read are returned in the driver's canonical types: integers as
// int64, lists as []any, maps as map[any]any (key-ordered maps too) with
// int64, float64 or string keys, GeoJSON as driver.GeoJSON, HyperLogLog as
// driver.HLL (package hll). A map with blob keys cannot be represented and is ParseError.
//
// # Opening a Conn
//
// There are two ways, as database/sql has Open and OpenDB: aero.Open with
// an aerospike:// DSN (the registry calls Driver.Open, which parses the
// DSN with ParseDSN), or NewConn with a Config (from NewConfig, ParseDSN or
// a literal), handed to aero.NewSession.
//
// # Escape hatch
//
// Client(conn) returns the underlying *aerospike.Client and true when conn
// is this driver's (false on another backend), for what the driver does not
// cover (users and roles, info commands). List and map operations (package
// cdt) are translated to the client's operations.
package aerospike
