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
// cmd/aerotest serves one (or a cluster, -nodes N) from the command line for
// local development and for services written in other languages.
//
// # Cluster
//
// NewCluster(t, n) (RunCluster outside tests) starts n nodes, each with its
// own listener and node name, that form one cluster:
//
//	c := aerotest.NewCluster(t, 2)                 // replication factor 2
//	sess, err := aero.Open(ctx, c.DSN())           // seeded with every node
//	c.Kill(1)                                      // node 1 crashes
//
// Modelled, as aerospike-client-go's tend reads it (node_validator.go,
// peers_parser.go, partition_parser.go, cluster.go): node ids; peers-*
// (the other members, with their addresses), peers-generation, services;
// partition-generation and replicas/replicas-all/replicas-master, from one
// partition table the nodes share, in which each partition has a master
// and, with replication factor 2, a replica, chosen by a hash of the
// partition and node ids so that a node leaving moves only its partitions
// (its replica becomes master, as in partition_balance.c); cluster-stable
// (the cluster key, or CLUSTER_KEY_MISMATCH while partitions have no
// owner or the size differs); statistics cluster_size and the namespace's
// replication-factor. A client seeded with any node discovers every node
// and routes each key to its master. A node asked for a partition it does
// not hold proxies the command to the master (thr_tsvc.c as_proxy_divert;
// Server.Proxied counts them: a client that routes by partition causes
// none); a read may be served by a replica; a scan or query partition the
// node does not hold is reported done with PARTITION_UNAVAILABLE, which
// the client scans again after its next partition map refresh (query.c).
// A partition without replicas answers PARTITION_UNAVAILABLE (thr_tsvc.c,
// partition.c reserve returning -2).
//
// Faults: Kill (a crash: connections refused and dropped), Isolate (a host
// gone from the network: connections accepted, nothing answered, so
// clients wait for their timeouts), Revive (back on the same port), each
// re-forming the cluster at once (the generations grow); BeginRebalance
// and EndRebalance (partitions whose replicas change have no owner in
// between). A node's own Stop and Start take its listener down without the
// cluster noticing (a blip shorter than the heartbeat timeout: a proxy to
// it times out).
//
// Not modelled: the time a real cluster takes to notice a lost node (the
// heartbeat timeout; here the cluster re-forms the moment a fault is
// injected) and migrations' timing (the data lives in one store all nodes
// share, so nothing needs to move and a node loss loses nothing, even with
// replication factor 1, where a real cluster serves the lost node's
// partitions empty until it returns); replication factors above 2; rack
// awareness (rack-ids answers rack 0); strong consistency (regimes are 0,
// no roster); the succession order of the real server's hash.
//
// The server decodes the protocol into calls on the same in-memory engine
// (internal/engine) that the memory driver uses, so Aerospike's semantics
// (generation, TTL, record-exists actions, limits, result codes, index
// rules) are defined once. Behaviour follows an Aerospike server (the
// reference is Community Edition 8.1.2; see Editions; a cluster of nodes
// with NewCluster) as aerospike-client-go v8.5.0 sees it, and the build it
// reports is that server's, 8.1.2.0 (Options.Build may say otherwise), so
// the client takes its 8.1 paths (info namespace=, sindex-create bin= and
// type=, sindex-stat, query-show:id=, user-agent-set).
//
// # Supported subset
//
// Cluster:
//   - info: build (8.1.2.0), node, edition, version, cluster-name,
//     partition-generation, peers-generation, peers-clear-std and the other
//     peers-* commands, services, service-*, replicas, replicas-all,
//     replicas-master, cluster-stable (a lone server is a cluster of one
//     node that masters every partition; see Cluster), rack-ids,
//     namespaces, namespace/NS, statistics, features (server 8.1.2's
//     list), status, user-agent-set, query-show (background jobs; see UDFs),
//     udf-put, udf-get, udf-list, udf-remove. An unknown
//     command answers "ERROR:4:unrecognized command"; errors are
//     "ERROR:<code>:<message>" and successes "ok", as server 8.1 writes
//     them (thr_info.c).
//   - compressed requests (proto type 4): ENTERPRISE_ONLY (25) on Community
//     (see Editions); inflated on Enterprise, whose replies are never
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
//     range, string and blob equality; on collection indexes, the contains filters
//     of the query's INDEX_TYPE field, with the server's repeats of a
//     record across bursts of 100 index entries) with bin selection,
//     max-records paging and resumption from the client's partition cursor
//     (digests, index values).
//   - secondary indexes: sindex-create (NUMERIC, STRING, BLOB; indextype default,
//     list, mapkeys, mapvalues) and sindex-delete,
//     sindex-exists, sindex/NS/NAME and sindex-stat (load_pct=100 at once),
//     sindex-list, answered as server 8.1 does (sindex_manager.c): a create
//     of an existing name and definition answers ok, of an existing name
//     with another definition ERROR:200, of an existing definition under a
//     new name renames the index; a delete of a missing index answers ok. A query on a missing index answers INDEX_NOTFOUND (201),
//     which the client retries then reports wrapped in max-retries-exceeded.
//   - expression indexes (server 8.1): sindex-create exp=<base64> with
//     type= (and indextype=), the expression's type checked against the
//     index's; sindex-list lists bin=null and exp= (base64 with b64=true);
//     a query finds an index by its INDEX_NAME or INDEX_EXPRESSION field
//     (query.c find_sindex), and the index holds each record's value of
//     the expression (sindex.c as_sindex_put_rd).
//   - context indexes (server 8.1): sindex-create context=<base64> (the
//     client's CreateComplexIndex with a ctx; read steps only, else
//     "'context' invalid cdt context"); sindex-list lists context= as
//     the server renders it ([list_rank(-1)], base64 with b64=true); a
//     query finds the index by bin and its INDEX_CONTEXT field, and the
//     index holds what its collection type says of the element the
//     context designates in a list or map bin (sindex.c sbin_from_bin).
//   - truncate and truncate-namespace, with or without lut; an unknown
//     namespace answers OK, as the server (truncate.c) does.
//   - a batch write whose ops read all bins fails that record with
//     PARAMETER_ERROR (write.c write_master_policies: read-all with
//     respond-all-ops).
//   - filter expressions (FILTER_EXP on commands, batches, batch entries,
//     scans and queries) and expression operations (EXP_READ, EXP_MODIFY),
//     list and map expressions included, decoded into package exp values
//     and evaluated by the engine; a filter that does not decode is
//     PARAMETER_ERROR once the record is found, as on a server.
//   - bit operations on blobs (BIT_READ, BIT_MODIFY) and the bit calls of
//     expressions, decoded into package bitop values and applied by the
//     engine as particle_blob.c does; a payload that does not decode is
//     PARAMETER_ERROR.
//
// # UDFs
//
// Lua UDFs run on the engine's Lua runtime (gopher-lua) with the server's
// UDF environment (aerospike-mod-lua, as/src/base/udf_*.c):
//
//   - udf-put (base64 content, the server's checks and error answers in
//     udf_cask.c order; a module that does not compile or fails while it
//     loads answers error=compile_error;file=;line=;message=<base64>),
//     udf-get, udf-list (with the server's hash), udf-remove;
//   - record UDFs, alone and in batches: the value in a bin SUCCESS, a
//     failure as UDF_BAD_RESPONSE (100) with the message in a bin FAILURE;
//   - background jobs (ExecuteUDF, QueryExecute with write ops) on the
//     node's partitions under the client's task id, reported by
//     query-show:id= (status=done(ok), recs-succeeded, recs-failed);
//   - aggregations (QueryAggregate): the stream's server part run once per
//     partition with records (query.c aggr_query_job_slice), each value a
//     record with one bin SUCCESS; the client runs the final reduce.
//
// What of the UDF environment is covered:
//
//	| what                       | covered                                                                                   |
//	|----------------------------|-------------------------------------------------------------------------------------------|
//	| rec[bin], rec[bin] = v     | yes: reads, cached writes, nil deletes; a table or function value fails the call           |
//	| aerospike:create/update    | yes: 1 on an existing record / -2 on a missing one; written when the function returns      |
//	| aerospike:remove/exists    | yes                                                                                        |
//	| aerospike:log, trace/debug/info/warn | yes (discarded)                                                                  |
//	| record.ttl/gen/key/digest/setname/last_update_time/numbins/bin_names | yes                                              |
//	| record.set_ttl, drop_key   | yes                                                                                        |
//	| record.device_size/memory_size | approximations (0 / the record's size)                                                 |
//	| list: list{}, [i], size, append, prepend, insert, remove, take, drop, trim, concat, iterator, clone, merge | yes |
//	| map: map{}, [k], size, pairs, keys, values, remove, has_key, merge, diff, clone | yes                               |
//	| bytes: bytes(n), [i], size, get_string, set_string, append_string, append_bytes | yes; the typed get/set_int* no |
//	| geojson module             | no                                                                                         |
//	| stream: map, filter, aggregate, reduce, groupby | yes, as stream_ops.lua                                             |
//	| libraries                  | base, table, string, math (no io, os, require, debug)                                      |
//	| limits                     | the call's time (the request's timeout, 1 s default) and heap growth (256 MiB)             |
//	| numbers                    | Lua 5.1 float64 (the server: Lua 5.4 integers and floats); integral results are integers    |
//
// Not implemented, answered at once with UNSUPPORTED_FEATURE (16) and the
// connection kept: transactions (MRT fields, info4 bits). Info commands it
// does not know (security, XDR, configuration) answer
// "ERROR:4:unrecognized command". There is no security: every admin command
// (proto type 2: login, users, roles) answers SECURITY_NOT_ENABLED (52), as
// a Community server does, which lets a client configured with a user and
// password connect. There is no TLS and no strong-consistency mode.
//
// # Test controls
//
//   - Put, Get, Len and Flush reach the stored records directly.
//   - Commands, Proxied and OpenConnections count what a node served and
//     the client connections it holds.
//   - One clock for TTLs: FastForward(session, d) moves it for a Session
//     on the in-memory backend or on a Server or Cluster of this package
//     (found by the Session's address); Server.FastForward(d) moves the
//     same clock for code that holds a Server and no Session (a raw
//     client's test). Records whose TTL runs out expire. An expired record is invisible to reads and to writes that
//     must not create, but a delete finds it until the namespace supervisor
//     removes it, as on the server: the supervisor runs every 120 seconds
//     of the server's clock (the nsup-period the namespace info reports),
//     before the first command after its time. The TTL the client reads stays correct against its real
//     clock (the void time sent is real now plus the remaining TTL).
//   - FailNext(n, code) fails the next n commands with a result code;
//     SetDelay delays replies; DropNext(n) closes the connection of the
//     next n commands instead of answering; DropConnections closes every
//     connection; Stop and Start (or Restart) take the server down and up on
//     the same port, keeping the data.
//
// # Editions
//
// The server imitates Aerospike Community Edition unless WithEdition (or
// Options.Edition, or cmd/aerotest -edition) says Enterprise; see Edition
// for every behaviour that differs (durable delete, compressed requests,
// the edition info commands).
//
// # Robustness
//
// A malformed, truncated, oversized (declared size above
// Options.MaxFrameSize) or garbage frame gets its connection closed and a
// log line; the server never panics on input and never allocates what a
// header merely claims: bodies are read as the bytes arrive. The parsers
// live in internal/wire and are fuzzed there.
package aerotest
