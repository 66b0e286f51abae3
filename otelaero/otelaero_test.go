package otelaero_test

import (
	"context"
	"errors"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/otelaero"
)

// telemetry is an in-memory tracer and meter for one test.
type telemetry struct {
	spans  *tracetest.SpanRecorder
	tp     *sdktrace.TracerProvider
	reader *sdkmetric.ManualReader
	mp     *sdkmetric.MeterProvider
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	// Delta temporality: each collection returns what was recorded since
	// the previous one.
	delta := func(sdkmetric.InstrumentKind) metricdata.Temporality { return metricdata.DeltaTemporality }
	tel := &telemetry{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader(sdkmetric.WithTemporalitySelector(delta))}
	tel.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tel.spans))
	tel.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(tel.reader))
	t.Cleanup(func() {
		_ = tel.tp.Shutdown(context.Background())
		_ = tel.mp.Shutdown(context.Background())
	})
	return tel
}

func (tel *telemetry) opts(extra ...otelaero.Option) []otelaero.Option {
	return append([]otelaero.Option{otelaero.WithTracerProvider(tel.tp), otelaero.WithMeterProvider(tel.mp)}, extra...)
}

// session returns a memory Session with both hooks installed.
func (tel *telemetry) session(t *testing.T, extra ...otelaero.Option) (*aero.Session, *otelaero.MetricsHook) {
	t.Helper()
	m, err := otelaero.NewMetricsHook(tel.opts(extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	return aerotest.NewSession(t, aero.WithHooks(otelaero.NewTracingHook(tel.opts(extra...)...), m)), m
}

// ended returns the spans ended so far, minus the test's own parent span.
func (tel *telemetry) ended(parent trace.SpanContext) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range tel.spans.Ended() {
		if s.SpanContext().SpanID() != parent.SpanID() {
			out = append(out, s)
		}
	}
	return out
}

func (tel *telemetry) histogram(t *testing.T) []metricdata.HistogramDataPoint[float64] {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := tel.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != otelaero.MetricOperationDuration {
				continue
			}
			if m.Unit != "s" {
				t.Errorf("unit = %q, want s", m.Unit)
			}
			h, ok := m.Data.(metricdata.Histogram[float64])
			if !ok {
				t.Fatalf("%s is a %T, want a float64 histogram", m.Name, m.Data)
			}
			return h.DataPoints
		}
	}
	return nil
}

func attrMap(kvs []attribute.KeyValue) map[string]any {
	out := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		out[string(kv.Key)] = kv.Value.AsInterface()
	}
	return out
}

func equalAttrs(t *testing.T, what string, got []attribute.KeyValue, want map[string]any) {
	t.Helper()
	g := attrMap(got)
	for k, v := range want {
		if g[k] != v {
			t.Errorf("%s: attribute %s = %v (%T), want %v (%T)", what, k, g[k], g[k], v, v)
		}
	}
	for k, v := range g {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected attribute %s = %v", what, k, v)
		}
	}
}

func base(op string, extra map[string]any) map[string]any {
	m := map[string]any{"db.system.name": "aerospike", "db.namespace": "test", "db.operation.name": op}
	for k, v := range extra {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return m
}

func key(set string, v any) aero.Key { return aero.Key{Set: set, Value: v} }

func TestSpans(t *testing.T) {
	t.Parallel()
	expired := func(ctx context.Context) (context.Context, context.CancelFunc) {
		return context.WithDeadline(ctx, time.Now().Add(-time.Second))
	}
	tests := []struct {
		name     string
		opts     []otelaero.Option
		setup    func(ctx context.Context, s *aero.Session) error
		call     func(ctx context.Context, s *aero.Session) error
		ctx      func(context.Context) (context.Context, context.CancelFunc)
		wantName string
		want     map[string]any
		wantErr  bool // the span status is Error
		wantDesc string
	}{
		{
			name: "put",
			call: func(ctx context.Context, s *aero.Session) error {
				return s.Put(ctx, key("users", "u1"), aero.Bins{"a": 1})
			},
			wantName: "PUT users",
			want:     base("PUT", map[string]any{"db.collection.name": "users"}),
		},
		{
			name: "get found",
			setup: func(ctx context.Context, s *aero.Session) error {
				return s.Put(ctx, key("users", "u1"), aero.Bins{"a": 1})
			},
			call:     func(ctx context.Context, s *aero.Session) error { _, err := s.Get(ctx, key("users", "u1")); return err },
			wantName: "GET users",
			want:     base("GET", map[string]any{"db.collection.name": "users"}),
		},
		{
			name: "get not found is not an error",
			call: func(ctx context.Context, s *aero.Session) error {
				_, err := s.Get(ctx, key("users", "nobody"))
				return err
			},
			wantName: "GET users",
			want:     base("GET", map[string]any{"db.collection.name": "users", "db.response.status_code": "2"}),
		},
		{
			name: "get not found as error",
			opts: []otelaero.Option{otelaero.WithNotFoundAsError(true)},
			call: func(ctx context.Context, s *aero.Session) error {
				_, err := s.Get(ctx, key("users", "nobody"))
				return err
			},
			wantName: "GET users",
			want:     base("GET", map[string]any{"db.collection.name": "users", "db.response.status_code": "2", "error.type": "2"}),
			wantErr:  true, wantDesc: "KEY_NOT_FOUND_ERROR",
		},
		{
			name: "generation conflict",
			setup: func(ctx context.Context, s *aero.Session) error {
				return s.Put(ctx, key("users", "u1"), aero.Bins{"a": 1})
			},
			call: func(ctx context.Context, s *aero.Session) error {
				return s.Put(ctx, key("users", "u1"), aero.Bins{"a": 2}, aero.WithGeneration(7))
			},
			wantName: "PUT users",
			want:     base("PUT", map[string]any{"db.collection.name": "users", "db.response.status_code": "3", "error.type": "3"}),
			wantErr:  true, wantDesc: "GENERATION_ERROR",
		},
		{
			name: "update of a missing record is an error",
			call: func(ctx context.Context, s *aero.Session) error {
				return s.Update(ctx, key("users", "nobody"), aero.Bins{"a": 1})
			},
			wantName: "PUT users",
			want:     base("PUT", map[string]any{"db.collection.name": "users", "db.response.status_code": "2", "error.type": "2"}),
			wantErr:  true, wantDesc: "KEY_NOT_FOUND_ERROR",
		},
		{
			name:     "timeout",
			ctx:      expired,
			call:     func(ctx context.Context, s *aero.Session) error { _, err := s.Get(ctx, key("users", "u1")); return err },
			wantName: "GET users",
			want:     base("GET", map[string]any{"db.collection.name": "users", "db.response.status_code": "9", "error.type": "9"}),
			wantErr:  true, wantDesc: "TIMEOUT",
		},
		{
			name: "exists",
			call: func(ctx context.Context, s *aero.Session) error {
				_, err := s.Exists(ctx, key("users", "u1"))
				return err
			},
			wantName: "EXISTS users",
			want:     base("EXISTS", map[string]any{"db.collection.name": "users"}),
		},
		{
			name: "delete",
			call: func(ctx context.Context, s *aero.Session) error {
				_, err := s.Delete(ctx, key("users", "u1"))
				return err
			},
			wantName: "DELETE users",
			want:     base("DELETE", map[string]any{"db.collection.name": "users"}),
		},
		{
			name: "operate",
			call: func(ctx context.Context, s *aero.Session) error {
				_, err := s.Add(ctx, key("counters", "c"), "n", 1)
				return err
			},
			wantName: "OPERATE counters",
			want:     base("OPERATE", map[string]any{"db.collection.name": "counters"}),
		},
		{
			name: "batch get",
			call: func(ctx context.Context, s *aero.Session) error {
				_, err := s.BatchGet(ctx, []aero.Key{key("users", 1), key("users", 2), key("users", 3)})
				return err
			},
			wantName: "BATCH GET users",
			want:     base("BATCH GET", map[string]any{"db.collection.name": "users", "db.operation.batch.size": int64(3)}),
		},
		{
			name: "batch of one has no batch size",
			call: func(ctx context.Context, s *aero.Session) error {
				_, err := s.BatchGet(ctx, []aero.Key{key("users", 1)})
				return err
			},
			wantName: "BATCH GET users",
			want:     base("BATCH GET", map[string]any{"db.collection.name": "users"}),
		},
		{
			name: "batch across sets targets the namespace",
			call: func(ctx context.Context, s *aero.Session) error {
				_, err := s.BatchPut(ctx, []aero.Key{key("a", 1), key("b", 2)}, []aero.Bins{{"x": 1}, {"x": 2}})
				return err
			},
			wantName: "BATCH PUT test",
			want:     base("BATCH PUT", map[string]any{"db.operation.batch.size": int64(2)}),
		},
		{
			name: "scan covers the iteration",
			setup: func(ctx context.Context, s *aero.Session) error {
				return s.Put(ctx, key("users", "u1"), aero.Bins{"a": 1})
			},
			call: func(ctx context.Context, s *aero.Session) error {
				for _, err := range s.Scan(ctx, "users") {
					if err != nil {
						return err
					}
				}
				return nil
			},
			wantName: "SCAN users",
			want:     base("SCAN", map[string]any{"db.collection.name": "users"}),
		},
		{
			name: "query without an index",
			call: func(ctx context.Context, s *aero.Session) error {
				for _, err := range s.Query(ctx, "users", aero.Equal("a", 1)) {
					if err != nil {
						return err
					}
				}
				return nil
			},
			wantName: "QUERY users",
			want:     base("QUERY", map[string]any{"db.collection.name": "users", "db.response.status_code": "201", "error.type": "201"}),
			wantErr:  true, wantDesc: "INDEX_NOTFOUND",
		},
		{
			name: "create index",
			call: func(ctx context.Context, s *aero.Session) error {
				return s.CreateIndex(ctx, aero.Index{Set: "users", Name: "by_a", Bin: "a", Type: aero.NumericIndex})
			},
			wantName: "CREATE INDEX users",
			want:     base("CREATE INDEX", map[string]any{"db.collection.name": "users"}),
		},
		{
			name:     "drop index targets the namespace",
			call:     func(ctx context.Context, s *aero.Session) error { return s.DropIndex(ctx, aero.Index{Name: "nope"}) },
			wantName: "DROP INDEX test",
			want:     base("DROP INDEX", map[string]any{"db.response.status_code": "201", "error.type": "201"}),
			wantErr:  true, wantDesc: "INDEX_NOTFOUND",
		},
		{
			name:     "truncate",
			call:     func(ctx context.Context, s *aero.Session) error { return s.Truncate(ctx, "users") },
			wantName: "TRUNCATE users",
			want:     base("TRUNCATE", map[string]any{"db.collection.name": "users"}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tel := newTelemetry(t)
			s, _ := tel.session(t, tt.opts...)
			ctx := context.Background()
			if tt.setup != nil {
				if err := tt.setup(ctx, s); err != nil {
					t.Fatalf("setup: %v", err)
				}
			}
			tel.histogram(t) // drain the setup's observations
			ctx, parent := tel.tp.Tracer("test").Start(ctx, "parent")
			before := len(tel.ended(parent.SpanContext()))
			callCtx := ctx
			if tt.ctx != nil {
				var cancel context.CancelFunc
				callCtx, cancel = tt.ctx(ctx)
				defer cancel()
			}
			err := tt.call(callCtx, s)
			parent.End()
			if tt.wantErr && err == nil {
				t.Fatalf("call succeeded, want an error")
			}

			spans := tel.ended(parent.SpanContext())[before:]
			if len(spans) != 1 {
				t.Fatalf("got %d spans, want 1", len(spans))
			}
			sp := spans[0]
			if sp.Name() != tt.wantName {
				t.Errorf("span name = %q, want %q", sp.Name(), tt.wantName)
			}
			if sp.SpanKind() != trace.SpanKindClient {
				t.Errorf("span kind = %v, want client", sp.SpanKind())
			}
			if sp.Parent().SpanID() != parent.SpanContext().SpanID() || sp.SpanContext().TraceID() != parent.SpanContext().TraceID() {
				t.Errorf("span parent = %v, want the test's span %v", sp.Parent().SpanID(), parent.SpanContext().SpanID())
			}
			equalAttrs(t, "span", sp.Attributes(), tt.want)
			if tt.wantErr {
				if sp.Status().Code != codes.Error || sp.Status().Description != tt.wantDesc {
					t.Errorf("status = %v %q, want Error %q", sp.Status().Code, sp.Status().Description, tt.wantDesc)
				}
			} else if sp.Status().Code != codes.Unset {
				t.Errorf("status = %v %q, want unset", sp.Status().Code, sp.Status().Description)
			}
			if len(sp.Events()) != 0 {
				t.Errorf("span has %d events, want none (errors are not recorded as events)", len(sp.Events()))
			}

			// The metric: one observation with the span's attributes but the
			// batch size, equal to the span's duration.
			pts := tel.histogram(t)
			if len(pts) != 1 {
				t.Fatalf("got %d histogram points, want 1: %+v", len(pts), pts)
			}
			dp := pts[0]
			wantM := map[string]any{}
			for k, v := range tt.want {
				if k != "db.operation.batch.size" {
					wantM[k] = v
				}
			}
			equalAttrs(t, "metric", dp.Attributes.ToSlice(), wantM)
			if dp.Count != 1 {
				t.Errorf("observations = %d, want 1", dp.Count)
			}
			if got, want := dp.Sum, sp.EndTime().Sub(sp.StartTime()).Seconds(); got != want {
				t.Errorf("observed %v s, span lasted %v s: want them equal", got, want)
			}
		})
	}
}

func TestHistogramBuckets(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	s, _ := tel.session(t)
	if err := s.Put(context.Background(), key("users", 1), aero.Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	pts := tel.histogram(t)
	if len(pts) != 1 {
		t.Fatalf("got %d points, want 1", len(pts))
	}
	want := []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}
	if got := pts[0].Bounds; !equalFloats(got, want) {
		t.Errorf("bounds = %v, want %v", got, want)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMetricsSwitch(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	s, m := tel.session(t)
	ctx := context.Background()
	count := func() uint64 {
		var n uint64
		for _, p := range tel.histogram(t) {
			n += p.Count
		}
		return n
	}
	steps := []struct {
		enabled bool
		want    uint64
	}{{true, 1}, {false, 0}, {false, 0}, {true, 1}}
	for i, st := range steps {
		m.SetEnabled(st.enabled)
		if m.Enabled() != st.enabled {
			t.Fatalf("step %d: Enabled() = %v", i, m.Enabled())
		}
		if err := s.Put(ctx, key("users", i), aero.Bins{"a": i}); err != nil {
			t.Fatal(err)
		}
		if got := count(); got != st.want {
			t.Errorf("step %d (enabled %v): %d observations, want %d", i, st.enabled, got, st.want)
		}
	}
	// Spans are not affected by the switch.
	if n := len(tel.spans.Ended()); n != len(steps) {
		t.Errorf("%d spans, want %d", n, len(steps))
	}
}

// endpointConn is a memory Conn that reports a server endpoint and
// statistics, as the Aerospike driver does, and records the span it sees.
type endpointConn struct {
	driver.Conn
	host  string
	port  int
	stats driver.Stats
	seen  atomic.Value // trace.SpanContext of the last Get
}

func (c *endpointConn) Endpoint() (string, int) { return c.host, c.port }
func (c *endpointConn) Stats() driver.Stats     { return c.stats }

func (c *endpointConn) Get(ctx context.Context, p *driver.ReadPolicy, k *driver.Key, bins []string) (*driver.Record, error) {
	c.seen.Store(trace.SpanContextFromContext(ctx))
	return c.Conn.Get(ctx, p, k, bins)
}

func newEndpointConn(t *testing.T, host string, port int) *endpointConn {
	t.Helper()
	drv, ok := driver.Lookup("memory")
	if !ok {
		t.Fatal("memory driver not registered")
	}
	mem, err := drv.Open(context.Background(), "memory://test")
	if err != nil {
		t.Fatal(err)
	}
	return &endpointConn{Conn: mem, host: host, port: port}
}

func TestServerEndpoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		host     string
		port     int
		set      string
		ns       string
		wantName string
		want     map[string]any
	}{
		{"set", "db1.example.com", 3000, "users", "", "GET users",
			base("GET", map[string]any{"db.collection.name": "users", "server.address": "db1.example.com", "server.port": int64(3000)})},
		{"other port", "10.0.0.7", 4333, "users", "", "GET users",
			base("GET", map[string]any{"db.collection.name": "users", "server.address": "10.0.0.7", "server.port": int64(4333)})},
		{"no set targets the namespace", "db1", 3000, "", "", "GET test",
			base("GET", map[string]any{"server.address": "db1", "server.port": int64(3000)})},
		{"ipv6", "::1", 3000, "", "", "GET test",
			base("GET", map[string]any{"server.address": "::1", "server.port": int64(3000)})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tel := newTelemetry(t)
			conn := newEndpointConn(t, tt.host, tt.port)
			s := aero.NewSession(conn, otelaero.WithTelemetry(tel.opts()...))
			t.Cleanup(func() { _ = s.Close() })
			_, err := s.Get(context.Background(), key(tt.set, "k"))
			if !errors.Is(err, aero.ErrNotFound) {
				t.Fatalf("Get: %v, want ErrNotFound", err)
			}
			spans := tel.spans.Ended()
			if len(spans) != 1 {
				t.Fatalf("%d spans, want 1", len(spans))
			}
			if spans[0].Name() != tt.wantName {
				t.Errorf("name = %q, want %q", spans[0].Name(), tt.wantName)
			}
			tt.want["db.response.status_code"] = "2"
			equalAttrs(t, "span", spans[0].Attributes(), tt.want)
			// The driver call ran in the span's context.
			if got, _ := conn.seen.Load().(trace.SpanContext); got.SpanID() != spans[0].SpanContext().SpanID() {
				t.Errorf("driver saw span %v, want %v", got.SpanID(), spans[0].SpanContext().SpanID())
			}
		})
	}
}

func TestSpanNameWithoutNamespace(t *testing.T) {
	t.Parallel()
	// A batch across namespaces has neither set nor namespace: the target
	// is server.address:server.port.
	tel := newTelemetry(t)
	h := otelaero.NewTracingHook(tel.opts()...)
	for _, tt := range []struct {
		info aero.OpInfo
		want string
	}{
		{aero.OpInfo{Name: aero.CmdBatchGet, ServerAddress: "db1", ServerPort: 3000, BatchSize: 2}, "BATCH GET db1:3000"},
		{aero.OpInfo{Name: aero.CmdBatchGet, ServerAddress: "::1", ServerPort: 3000, BatchSize: 2}, "BATCH GET [::1]:3000"},
		{aero.OpInfo{Name: aero.CmdBatchGet, BatchSize: 2}, "BATCH GET"},
	} {
		ctx := h.Before(context.Background(), &tt.info)
		h.After(ctx, &tt.info, nil, time.Millisecond)
		spans := tel.spans.Ended()
		if got := spans[len(spans)-1].Name(); got != tt.want {
			t.Errorf("%+v: name = %q, want %q", tt.info, got, tt.want)
		}
	}
}

func TestErrorWithoutCode(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	h := otelaero.NewTracingHook(tel.opts()...)
	m, err := otelaero.NewMetricsHook(tel.opts()...)
	if err != nil {
		t.Fatal(err)
	}
	info := &aero.OpInfo{Name: aero.CmdPut, Namespace: "test", Set: "s"}
	ctx := h.Before(context.Background(), info)
	h.After(ctx, info, errors.New("boom"), time.Millisecond)
	m.After(ctx, info, errors.New("boom"), time.Millisecond)
	sp := tel.spans.Ended()[0]
	equalAttrs(t, "span", sp.Attributes(), base("PUT", map[string]any{"db.collection.name": "s", "error.type": "_OTHER"}))
	if sp.Status().Code != codes.Error {
		t.Errorf("status = %v, want Error", sp.Status().Code)
	}
	if d := sp.EndTime().Sub(sp.StartTime()); d != time.Millisecond {
		t.Errorf("span lasted %v, want the elapsed 1ms", d)
	}
	pts := tel.histogram(t)
	if len(pts) != 1 || pts[0].Sum != 0.001 {
		t.Fatalf("points = %+v, want one of 0.001 s", pts)
	}
	equalAttrs(t, "metric", pts[0].Attributes.ToSlice(), base("PUT", map[string]any{"db.collection.name": "s", "error.type": "_OTHER"}))
}

func TestInDoubt(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	h := otelaero.NewTracingHook(tel.opts()...)
	info := &aero.OpInfo{Name: aero.CmdPut, Namespace: "test", Set: "s"}
	ctx := h.Before(context.Background(), info)
	h.After(ctx, info, &aero.Error{Code: driver.Timeout, Op: aero.CmdPut, InDoubt: true}, time.Millisecond)
	equalAttrs(t, "span", tel.spans.Ended()[0].Attributes(), base("PUT", map[string]any{
		"db.collection.name": "s", "db.response.status_code": "9", "error.type": "9", "aerospike.in_doubt": true}))
}

type statPoint struct {
	metric, state string
	value         int64
}

// collectStats returns the int64 points of the collection, sorted.
func collectStats(t *testing.T, tel *telemetry, pool string) []statPoint {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := tel.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var out []statPoint
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			var dps []metricdata.DataPoint[int64]
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				dps = d.DataPoints
			case metricdata.Gauge[int64]:
				dps = d.DataPoints
			default:
				continue
			}
			for _, dp := range dps {
				if v, _ := dp.Attributes.Value("db.client.connection.pool.name"); v.AsString() != pool {
					t.Errorf("%s: pool name %q, want %q", m.Name, v.AsString(), pool)
				}
				st, _ := dp.Attributes.Value("db.client.connection.state")
				out = append(out, statPoint{m.Name, st.AsString(), dp.Value})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].metric != out[j].metric {
			return out[i].metric < out[j].metric
		}
		return out[i].state < out[j].state
	})
	return out
}

func TestStats(t *testing.T) {
	t.Parallel()
	common := []statPoint{
		{"aerospike.client.connection.attempts", "", 12},
		{"aerospike.client.connection.failures", "", 2},
		{"aerospike.client.connection.open", "", 10},
		{"aerospike.client.errors", "", 5},
		{"aerospike.client.node.count", "", 3},
		{"aerospike.client.timeouts", "", 1},
	}
	tests := []struct {
		name string
		idle int
		want []statPoint
	}{
		{"idle known", 4, append(append([]statPoint{}, common...),
			statPoint{"db.client.connection.count", "idle", 4},
			statPoint{"db.client.connection.count", "used", 6})},
		{"idle unknown", -1, common},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tel := newTelemetry(t)
			conn := newEndpointConn(t, "db1", 3000)
			conn.stats = driver.Stats{Nodes: 3, OpenConnections: 10, IdleConnections: tt.idle,
				ConnectionsAttempted: 12, ConnectionsFailed: 2, Errors: 5, Timeouts: 1}
			s := aero.NewSession(conn)
			t.Cleanup(func() { _ = s.Close() })
			reg, err := otelaero.RegisterStats(s, tel.opts()...)
			if err != nil {
				t.Fatal(err)
			}
			got := collectStats(t, tel, "db1:3000/test")
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Errorf("point %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
			if err := reg.Unregister(); err != nil {
				t.Fatal(err)
			}
			if got := collectStats(t, tel, "db1:3000/test"); len(got) != 0 {
				t.Errorf("after Unregister: %v, want nothing", got)
			}
		})
	}
}

func TestStatsUnsupported(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	s := aerotest.NewSession(t)
	if _, err := otelaero.RegisterStats(s, tel.opts()...); !errors.Is(err, otelaero.ErrNoStats) {
		t.Fatalf("RegisterStats on memory: %v, want ErrNoStats", err)
	}
	if got := otelaero.PoolName(s); got != "test" {
		t.Errorf("PoolName = %q, want test", got)
	}
}

// TestComposes checks that hooks compose: a hook after the tracing hook sees
// the span in its context, and its After runs before the span ends.
func TestComposes(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	var sawSpan, sawRecording atomic.Bool
	inner := aero.HookFuncs{
		BeforeFunc: func(ctx context.Context, _ *aero.OpInfo) context.Context {
			sawSpan.Store(trace.SpanContextFromContext(ctx).IsValid())
			return ctx
		},
		AfterFunc: func(ctx context.Context, _ *aero.OpInfo, _ error, _ time.Duration) {
			sawRecording.Store(trace.SpanFromContext(ctx).IsRecording())
		},
	}
	s := aerotest.NewSession(t, aero.WithHooks(otelaero.NewTracingHook(tel.opts()...), inner))
	if err := s.Put(context.Background(), key("s", 1), aero.Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	if !sawSpan.Load() || !sawRecording.Load() {
		t.Errorf("inner hook saw span %v, recording at After %v; want both", sawSpan.Load(), sawRecording.Load())
	}
}
