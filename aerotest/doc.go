// Package aerotest provides test helpers for code that uses aero or
// Aerospike directly: NewSession, a Session on the in-memory backend, and
// Server, an in-process server that speaks the Aerospike wire protocol, in
// the spirit of net/http/httptest and miniredis.
//
// # Server
//
// One call starts a server on 127.0.0.1 with a free port; it closes when the
// test ends:
//
//	s := aerotest.NewServer(t)                                // namespace "test"
//	s := aerotest.NewServer(t, aerotest.WithNamespaces("test", "bar"))
//	sess, err := aero.Open(ctx, s.DSN())                      // aerospike://127.0.0.1:PORT/test
//	client, err := as.NewClient(s.Host(), s.Port())           // the raw client works too
//
// Outside tests, Run(Options) starts one and Close stops it; the command
// cmd/aerotest serves one from the command line for local development and
// for services written in other languages.
//
// The server decodes the protocol into calls on the same in-memory engine
// (internal/engine) that the memory driver uses, so Aerospike's semantics
// (generation, TTL, record-exists actions, limits, result codes, index
// rules) are defined once. Behaviour follows a single-node Aerospike 7.x
// Community server as aerospike-client-go v8.5.0 sees it.
//
// # Supported subset
//
// Cluster:
//   - info: build (7.2.0.0), node, edition, version, cluster-name,
//     partition-generation, peers-generation, peers-clear-std and the other
//     peers-* commands (a single node, no peer), service-*, replicas,
//     replicas-all, replicas-master (every partition on this node, one
//     replica), rack-ids, namespaces, namespace/NS, statistics, features,
//     status. An unknown command answers "ERROR::unrecognized command".
//   - compressed requests (proto type 4) are inflated; replies are never
//     compressed, even when the client asks for it.
//
// Single-record commands:
//   - read: all bins, selected bins, header only; exists.
//   - write: the record-exists actions (update, update-only, replace,
//     replace-only, create-only), generation equal and greater, TTL
//     (seconds, -1 never, -2 keep, 0 namespace default: never), send-key,
//     bin deletion with a nil value.
//   - delete (KEY_NOT_FOUND_ERROR for a missing record, as the server) and
//     touch.
//   - operate with read (one bin, all bins, header), write, add (integer or
//     float), append, prepend, touch and delete ops, with read-after-write
//     results and respond-all-ops.
//   - list and map (CDT) operations, every one of client v8, with contexts
//     (create flags included), return types and write flags, run on the
//     engine with the server's semantics; ordered lists and key-ordered
//     maps keep their flags and are sent back with their order header (the
//     client reads a key-ordered map as []MapPair). A payload that does not
//     decode is PARAMETER_ERROR.
//   - values: nil, integer, float, string, bytes, bool, and lists and maps
//     of these (MessagePack, as the client packs them).
//
// Multi-record commands:
//   - batch index: reads (all bins, bins, header, exists), writes (operate
//     ops with their own policies), deletes, each key with its own result
//     code.
//   - partition scans and secondary-index queries (integer equality and
//     range, string equality) with bin selection, max-records paging and
//     resumption from the client's partition cursor (digests).
//   - secondary indexes: sindex-create (NUMERIC, STRING) and sindex-delete,
//     sindex-exists, sindex/NS/NAME and sindex-stat (load_pct=100 at once),
//     sindex-list. A query on a missing index answers INDEX_NOTFOUND (201),
//     which the client retries then reports wrapped in max-retries-exceeded.
//   - truncate and truncate-namespace, with or without lut.
//
// Not implemented, answered at once with UNSUPPORTED_FEATURE (16) and the
// connection kept: UDFs (single, batch, background), transactions (MRT
// fields, info4 bits), filter expressions and expression ops, bit ops,
// HLL ops, GeoJSON values and geo queries, collection and
// context indexes, background scans and queries. Info commands it does not
// know (security, UDF registration, XDR, configuration) answer
// "ERROR::unrecognized command". There is no security: every admin command
// (proto type 2: login, users, roles) answers SECURITY_NOT_ENABLED (52), as
// a Community server does, which lets a client configured with a user and
// password connect. There is no TLS, a single node with no replication, and
// no strong-consistency mode.
//
// # Test controls
//
//   - Put, Get, Len and Flush reach the stored records directly; Engine
//     returns the engine for everything else (SetRecord seeds a record with
//     a chosen generation and expiration).
//   - FastForward moves the server's clock: records whose TTL runs out
//     expire. The TTL the client reads stays correct against its real
//     clock (the void time sent is real now plus the remaining TTL).
//   - FailNext(n, code) fails the next n commands with a result code;
//     SetDelay delays replies; DropNext(n) closes the connection of the
//     next n commands instead of answering; DropConnections closes every
//     connection; Stop and Start (or Restart) take the server down and up on
//     the same port, keeping the data.
//
// # Robustness
//
// A malformed, truncated, oversized (declared size above
// Options.MaxFrameSize) or garbage frame gets its connection closed and a
// log line; the server never panics on input and never allocates what a
// header merely claims: bodies are read as the bytes arrive. The parsers
// live in internal/wire and are fuzzed there.
package aerotest
