package otelaero_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/otelaero"
)

// TestStatsUnregisteredOnClose: WithTelemetry's statistics stop with the
// Session, so that a closed Session is neither kept alive nor reported
// (zeros under the same attributes would clobber a reopened Session's).
func TestStatsUnregisteredOnClose(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	conn := newEndpointConn(t, "db9", 3000)
	conn.stats = driver.Stats{Nodes: 2, OpenConnections: 3, IdleConnections: 1}
	s := aero.NewSession(conn, otelaero.WithTelemetry(tel.opts()...))
	if got := collectStats(t, tel, "db9:3000/test"); len(got) == 0 {
		t.Fatal("no statistics while the Session is open")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := collectStats(t, tel, "db9:3000/test"); len(got) != 0 {
		t.Errorf("after Close: %v, want nothing", got)
	}
}

// TestScopeVersion: the tracer's and meter's instrumentation scope carry
// the module's version.
func TestScopeVersion(t *testing.T) {
	t.Parallel()
	if otelaero.Version() == "" {
		t.Fatal("Version is empty")
	}
	tel := newTelemetry(t)
	m, err := otelaero.NewMetricsHook(tel.opts()...)
	if err != nil {
		t.Fatal(err)
	}
	s := aero.NewSession(newEndpointConn(t, "db1", 3000), aero.WithHooks(otelaero.NewTracingHook(tel.opts()...), m))
	t.Cleanup(func() { _ = s.Close() })
	_ = s.Put(context.Background(), aero.Key{Set: "s", Value: 1}, aero.Bins{"a": 1})
	spans := tel.spans.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	if sc := spans[0].InstrumentationScope(); sc.Name != otelaero.ScopeName || sc.Version != otelaero.Version() {
		t.Errorf("span scope = %+v, want %s %s", sc, otelaero.ScopeName, otelaero.Version())
	}
	var rm metricdata.ResourceMetrics
	if err := tel.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	if len(rm.ScopeMetrics) == 0 {
		t.Fatal("no metrics")
	}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != otelaero.ScopeName || sm.Scope.Version != otelaero.Version() {
			t.Errorf("metric scope = %+v, want %s %s", sm.Scope, otelaero.ScopeName, otelaero.Version())
		}
	}
}
