package otelaero

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
)

// ErrNoStats is returned by RegisterStats for a Session whose driver does
// not report statistics (driver.StatsReporter), such as the memory driver.
var ErrNoStats = errors.New("otelaero: the session's driver does not report statistics")

// Names of the statistics instruments. db.client.connection.count is the
// conventions' (database-metrics.md, Connection pools); the others have no
// convention and are named under the system, as the conventions allow.
const (
	MetricConnectionCount    = "db.client.connection.count"
	MetricConnectionOpen     = "aerospike.client.connection.open"
	MetricNodeCount          = "aerospike.client.node.count"
	MetricConnectionAttempts = "aerospike.client.connection.attempts"
	MetricConnectionFailures = "aerospike.client.connection.failures"
	MetricErrors             = "aerospike.client.errors"
	MetricTimeouts           = "aerospike.client.timeouts"
)

// PoolName returns the db.client.connection.pool.name of a Session: the
// conventions' "server.address:server.port/db.namespace" when the driver
// reports a server (driver.Endpointer), the namespace alone otherwise.
func PoolName(s *aero.Session) string {
	if ep, ok := s.Conn().(driver.Endpointer); ok {
		if host, port := ep.Endpoint(); host != "" {
			return hostPort(host, port) + "/" + s.Namespace()
		}
	}
	return s.Namespace()
}

// RegisterStats registers observable instruments that report the pool and
// cluster statistics of s's driver at each collection (see the package doc
// for the names). Unregister the returned registration when the Session is
// closed. A driver that does not report statistics gives ErrNoStats.
func RegisterStats(s *aero.Session, opts ...Option) (metric.Registration, error) {
	sr, ok := s.Conn().(driver.StatsReporter)
	if !ok {
		return nil, ErrNoStats
	}
	c := newConfig(opts)
	meter := c.mp.Meter(ScopeName, metric.WithSchemaURL(semconv.SchemaURL), metric.WithInstrumentationVersion(Version()))

	conns, err := meter.Int64ObservableUpDownCounter(MetricConnectionCount,
		metric.WithUnit("{connection}"),
		metric.WithDescription("The number of connections that are currently in state described by the state attribute."))
	if err != nil {
		return nil, fmt.Errorf("otelaero: %s: %w", MetricConnectionCount, err)
	}
	open, err := meter.Int64ObservableUpDownCounter(MetricConnectionOpen,
		metric.WithUnit("{connection}"),
		metric.WithDescription("The number of open connections to all nodes."))
	if err != nil {
		return nil, fmt.Errorf("otelaero: %s: %w", MetricConnectionOpen, err)
	}
	nodes, err := meter.Int64ObservableGauge(MetricNodeCount,
		metric.WithUnit("{node}"),
		metric.WithDescription("The number of cluster nodes the client knows."))
	if err != nil {
		return nil, fmt.Errorf("otelaero: %s: %w", MetricNodeCount, err)
	}
	attempts, err := meter.Int64ObservableCounter(MetricConnectionAttempts,
		metric.WithUnit("{connection}"),
		metric.WithDescription("Connection attempts since the session was opened."))
	if err != nil {
		return nil, fmt.Errorf("otelaero: %s: %w", MetricConnectionAttempts, err)
	}
	failures, err := meter.Int64ObservableCounter(MetricConnectionFailures,
		metric.WithUnit("{connection}"),
		metric.WithDescription("Failed connection attempts since the session was opened."))
	if err != nil {
		return nil, fmt.Errorf("otelaero: %s: %w", MetricConnectionFailures, err)
	}
	errs, err := meter.Int64ObservableCounter(MetricErrors,
		metric.WithUnit("{error}"),
		metric.WithDescription("Commands that failed since the session was opened."))
	if err != nil {
		return nil, fmt.Errorf("otelaero: %s: %w", MetricErrors, err)
	}
	timeouts, err := meter.Int64ObservableCounter(MetricTimeouts,
		metric.WithUnit("{timeout}"),
		metric.WithDescription("Commands that timed out since the session was opened."))
	if err != nil {
		return nil, fmt.Errorf("otelaero: %s: %w", MetricTimeouts, err)
	}

	pool := semconv.DBClientConnectionPoolName(PoolName(s))
	system := semconv.DBSystemNameKey.String(SystemName)
	base := metric.WithAttributeSet(attribute.NewSet(system, pool))
	idle := metric.WithAttributeSet(attribute.NewSet(system, pool, semconv.DBClientConnectionStateIdle))
	used := metric.WithAttributeSet(attribute.NewSet(system, pool, semconv.DBClientConnectionStateUsed))

	reg, err := meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		st := sr.Stats()
		o.ObserveInt64(open, int64(st.OpenConnections), base)
		// A negative idle count means the driver cannot tell idle from
		// used connections: db.client.connection.count, whose state is
		// required, is then not reported.
		if st.IdleConnections >= 0 {
			inUse := max(st.OpenConnections-st.IdleConnections, 0)
			o.ObserveInt64(conns, int64(st.IdleConnections), idle)
			o.ObserveInt64(conns, int64(inUse), used)
		}
		o.ObserveInt64(nodes, int64(st.Nodes), base)
		o.ObserveInt64(attempts, st.ConnectionsAttempted, base)
		o.ObserveInt64(failures, st.ConnectionsFailed, base)
		o.ObserveInt64(errs, st.Errors, base)
		o.ObserveInt64(timeouts, st.Timeouts, base)
		return nil
	}, conns, open, nodes, attempts, failures, errs, timeouts)
	if err != nil {
		return nil, fmt.Errorf("otelaero: registering the statistics callback: %w", err)
	}
	return reg, nil
}
