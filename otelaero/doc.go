// Package otelaero instruments aero Sessions with OpenTelemetry: a tracing
// hook, a metrics hook and observable gauges for the driver's connection pool
// and cluster statistics. The root package aero does not import OpenTelemetry;
// everything plugs in through aero.Hook.
//
// One option turns it all on:
//
//	s, err := aero.Open(ctx, dsn, otelaero.WithTelemetry())
//
// The tracer and meter providers default to the global ones
// (otel.GetTracerProvider, otel.GetMeterProvider); WithTracerProvider and
// WithMeterProvider pass others. Given an explicit no-op provider
// (trace/noop, metric/noop), WithTelemetry installs no hook for it, so the
// Session keeps its no-hook path; hooks built with NewTracingHook and
// NewMetricsHook on no-op providers skip their own work but the Session
// still times each call for them.
//
// # Semantic conventions
//
// Spans and the duration histogram follow the stable OpenTelemetry database
// client conventions (semantic-conventions docs/db/database-spans.md and
// docs/db/database-metrics.md, schema 1.43.0):
//
//   - one span of kind CLIENT per Session call, child of the span in the
//     call's context, covering the whole call (the driver's retries, and for
//     scans and queries the iteration up to the last record);
//   - span name "{db.operation.name} {target}", the target being the set
//     (db.collection.name), or the namespace (db.namespace) for
//     namespace-wide calls and batches that span sets, or
//     "server.address:server.port" when neither applies; e.g. "GET users",
//     "BATCH GET users", "TRUNCATE test";
//   - db.system.name = "aerospike" (not in the conventions' list of well-known
//     values, so the lower-case product name, as they require);
//   - db.namespace is the Aerospike namespace (the conventions define it as
//     "the name of the database, fully qualified within the server address and
//     port", which is what an Aerospike namespace is); db.collection.name is
//     the set; both are omitted when empty;
//   - db.operation.name is the Session's operation name: GET, EXISTS, PUT,
//     DELETE, TOUCH, OPERATE, SCAN, QUERY, CREATE INDEX, DROP INDEX,
//     TRUNCATE, and "BATCH GET"-style names for batches;
//   - db.operation.batch.size for batches of two records or more (the
//     conventions say a batch of one is not a batch);
//   - server.address and server.port of the seed host, when the driver
//     reports them (driver.Endpointer); server.port is set whenever
//     server.address is, including on the default port 3000;
//   - on failure: db.response.status_code is the Aerospike result code as a
//     decimal string ("3" for GENERATION_ERROR; negative codes are the
//     client's, e.g. "-17" for a cancelled context), error.type is the same
//     string (the conventions say error.type SHOULD match
//     db.response.status_code), "_OTHER" for an error that carries no code,
//     and the span status is Error with the code's name as description
//     (e.g. "GENERATION_ERROR"). The status description never contains the
//     record's key. A write that may have been applied carries
//     aerospike.in_doubt = true.
//
// The Python client's instrumentation (aerospike-py) names spans "PUT ns.set"
// and puts the result code's name in the status code. otelaero follows the
// conventions instead: the target is the set alone, the namespace being
// db.namespace, and db.response.status_code is the numeric code.
//
// # Not found
//
// A GET (Session.Get, GetHeader, Repo.Get) of a record that does not exist is
// not a span error by default: the Recording Errors document says a status
// that means "absent" is an error only if the application expected the
// resource, which a key-value read cannot know (it is often an existence
// check or a cache miss), and the server itself counts it apart from errors
// (namespace statistics client_read_not_found vs client_read_error). Such a
// span keeps an unset status and no error.type, but carries
// db.response.status_code = "2" so that not-found reads can be counted. Pass
// WithNotFoundAsError(true) to make them errors. Not found on a write
// (Update, Touch...) is always an error: the write failed.
//
// # Metrics
//
// The histogram db.client.operation.duration (unit s, buckets 0.001, 0.005,
// 0.01, 0.05, 0.1, 0.5, 1, 5, 10) gets one observation per Session call,
// equal to the call's duration as the Session measures it (the tracing hook
// ends its span at the same duration), with the span's attributes except
// db.operation.batch.size and aerospike.in_doubt. MetricsHook.SetEnabled
// switches recording off and on at run time; off, a call costs one atomic
// load.
//
// RegisterStats exports the driver's pool and cluster statistics
// (driver.StatsReporter) as observable instruments: db.client.connection.count
// (states idle and used; not reported when the driver gives a negative idle
// count, meaning it cannot tell idle from used connections), and
// aerospike.client.connection.open, aerospike.client.node.count,
// aerospike.client.connection.attempts, aerospike.client.connection.failures,
// aerospike.client.errors and aerospike.client.timeouts. Their pool name
// (db.client.connection.pool.name) is "server.address:server.port/namespace",
// or the namespace alone for a driver with no server. WithTelemetry
// unregisters them when the Session closes, so that a
// closed Session is neither kept alive nor reported; a registration made
// with RegisterStats directly is the caller's to unregister.
//
// The tracer's and meter's instrumentation scope is ScopeName with the aero
// module's version (Version), as OpenTelemetry instrumentation libraries
// report theirs.
package otelaero
