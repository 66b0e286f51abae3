package otelaero

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/internal/seam"
)

// ScopeName is the instrumentation scope of the tracer and meter.
const ScopeName = "github.com/aerokit/aero/otelaero"

// MetricOperationDuration is the name of the duration histogram.
const MetricOperationDuration = "db.client.operation.duration"

// durationBuckets are the explicit bucket boundaries the conventions give
// for db.client.operation.duration (database-metrics.md).
var durationBuckets = []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}

// Option configures the hooks and RegisterStats.
type Option func(*config)

type config struct {
	tp              trace.TracerProvider
	mp              metric.MeterProvider
	notFoundIsError bool
	stats           bool
}

func newConfig(opts []Option) config {
	c := config{stats: true}
	for _, o := range opts {
		o(&c)
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	return c
}

// WithTracerProvider sets the tracer provider (default: the global one).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider sets the meter provider (default: the global one).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// WithNotFoundAsError makes a GET of a missing record a failure: span status
// Error and error.type "2". By default it is not (see the package doc).
func WithNotFoundAsError(on bool) Option {
	return func(c *config) { c.notFoundIsError = on }
}

// WithoutStats keeps WithTelemetry from registering the pool and cluster
// gauges of the Session.
func WithoutStats() Option {
	return func(c *config) { c.stats = false }
}

// WithTelemetry returns the aero option that installs the tracing and
// metrics hooks and registers the Session's pool and cluster statistics
// (when its driver reports them) until the Session closes:
//
//	s, err := aero.Open(ctx, dsn, otelaero.WithTelemetry())
//
// Errors creating instruments go to otel.Handle, as OpenTelemetry's own
// instrumentations report them. Use NewTracingHook, NewMetricsHook and
// RegisterStats directly to keep the MetricsHook switch.
func WithTelemetry(opts ...Option) aero.Option {
	tr := NewTracingHook(opts...)
	m, err := NewMetricsHook(opts...)
	if err != nil {
		otel.Handle(err)
	}
	c := newConfig(opts)
	// A hook on an explicit no-op provider would record nothing: it is not
	// installed, so that a Session on no-op providers runs the no-hook path
	// (no clock reads, no pooled state). The global providers are always
	// hooked: the SDK may be set later.
	var hooks []aero.Hook
	if !tr.noop {
		hooks = append(hooks, tr)
	}
	if _, noop := c.mp.(metricnoop.MeterProvider); !noop {
		hooks = append(hooks, m)
	}
	if !c.stats {
		return aero.WithHooks(hooks...)
	}
	return aero.WithOptions(aero.WithHooks(hooks...), seam.AfterOpen[aero.Option](func(s *aero.Session) {
		reg, err := RegisterStats(s, opts...)
		switch {
		case err == nil:
			seam.OnClose(s, func() {
				if err := reg.Unregister(); err != nil {
					otel.Handle(err)
				}
			})
		case err != ErrNoStats:
			otel.Handle(err)
		}
	}))
}

// TracingHook is an aero.Hook that starts one CLIENT span per Session call.
type TracingHook struct {
	tracer trace.Tracer
	// noop is set for the no-op tracer provider: its spans record nothing
	// and carry the parent's span context, so skipping them changes
	// nothing but the cost.
	noop            bool
	notFoundIsError bool
	targets         targets
}

var _ aero.Hook = (*TracingHook)(nil)

// NewTracingHook returns a tracing hook on the tracer provider of the
// options (default: the global one).
func NewTracingHook(opts ...Option) *TracingHook {
	c := newConfig(opts)
	_, noop := c.tp.(tracenoop.TracerProvider)
	return &TracingHook{
		tracer:          c.tp.Tracer(ScopeName, trace.WithSchemaURL(semconv.SchemaURL), trace.WithInstrumentationVersion(Version())),
		noop:            noop,
		notFoundIsError: c.notFoundIsError,
	}
}

// Before starts the call's span, a child of the span in ctx, with the
// attributes the conventions want at creation (for samplers).
func (h *TracingHook) Before(ctx context.Context, info *aero.OpInfo) context.Context {
	if h.noop {
		return ctx
	}
	t := h.targets.get(info)
	opts := t.startOpts
	if info.BatchSize >= 2 {
		opts = append(opts[:len(opts):len(opts)], trace.WithAttributes(semconv.DBOperationBatchSize(info.BatchSize)))
	}
	ctx, _ = h.tracer.Start(ctx, t.spanName, opts...)
	return ctx
}

// startTimer is implemented by recording SDK spans (sdk/trace ReadOnlySpan).
type startTimer interface{ StartTime() time.Time }

// After records the outcome on the span and ends it so that its duration is
// elapsed, the duration the metrics hook observes.
func (h *TracingHook) After(ctx context.Context, info *aero.OpInfo, err error, elapsed time.Duration) {
	if h.noop {
		return // ctx holds the caller's span, not one of ours
	}
	span := trace.SpanFromContext(ctx)
	if !span.IsRecording() {
		span.End()
		return
	}
	o := classify(info, err, h.notFoundIsError)
	if attrs := o.attrs(); len(attrs) > 0 {
		span.SetAttributes(attrs...)
	}
	if o.failed {
		if o.inDoubt {
			span.SetAttributes(attrInDoubt.Bool(true))
		}
		span.SetStatus(codes.Error, o.description())
	}
	if st, ok := span.(startTimer); ok {
		span.End(trace.WithTimestamp(st.StartTime().Add(elapsed)))
		return
	}
	span.End()
}

// MetricsHook is an aero.Hook that records db.client.operation.duration.
// Recording can be switched off and on at run time with SetEnabled.
type MetricsHook struct {
	hist            metric.Float64Histogram
	notFoundIsError bool
	disabled        atomic.Bool
	targets         targets
}

var _ aero.Hook = (*MetricsHook)(nil)

// NewMetricsHook returns a metrics hook on the meter provider of the options
// (default: the global one), enabled. The error is that of creating the
// histogram; the hook is usable (and records nothing) even then.
func NewMetricsHook(opts ...Option) (*MetricsHook, error) {
	c := newConfig(opts)
	if _, noop := c.mp.(metricnoop.MeterProvider); noop {
		// Nothing to record: After returns after the switch's load.
		return &MetricsHook{notFoundIsError: c.notFoundIsError}, nil
	}
	meter := c.mp.Meter(ScopeName, metric.WithSchemaURL(semconv.SchemaURL), metric.WithInstrumentationVersion(Version()))
	hist, err := meter.Float64Histogram(MetricOperationDuration,
		metric.WithUnit("s"),
		metric.WithDescription("Duration of database client operations."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	return &MetricsHook{hist: hist, notFoundIsError: c.notFoundIsError}, err
}

// SetEnabled switches recording on or off; it is safe to call at any time
// from any goroutine.
func (h *MetricsHook) SetEnabled(on bool) { h.disabled.Store(!on) }

// Enabled reports whether the hook records.
func (h *MetricsHook) Enabled() bool { return !h.disabled.Load() }

// Before returns ctx: the duration comes from the Session.
func (h *MetricsHook) Before(ctx context.Context, _ *aero.OpInfo) context.Context { return ctx }

// After records one observation of elapsed, unless the hook is disabled.
func (h *MetricsHook) After(ctx context.Context, info *aero.OpInfo, err error, elapsed time.Duration) {
	if h.disabled.Load() || h.hist == nil {
		return
	}
	t := h.targets.get(info)
	h.hist.Record(ctx, elapsed.Seconds(), t.recordOpts(classify(info, err, h.notFoundIsError))...)
}
