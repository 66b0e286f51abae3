// Package promaero exposes aero's metrics to Prometheus without assembling
// the OpenTelemetry SDK by hand: the otelaero metrics hook and statistics
// gauges, read by the OpenTelemetry Prometheus exporter, on a Prometheus
// registry of their own. The duration histogram appears as
// db_client_operation_duration_seconds.
//
//	exp, err := promaero.New()
//	s, err := aero.Open(ctx, dsn, exp.Option())
//	srv, err := exp.Start(":9464") // serves /metrics
//	defer srv.Stop(ctx)
//
// It uses the OpenTelemetry exporter rather than client_golang collectors
// so that there is one instrumentation, otelaero's: Prometheus users get
// the same instrument, buckets and attributes as OTLP users, with names
// translated by the exporter's standard rules (dots to underscores, unit
// suffix). client_golang provides the registry and the HTTP handler.
package promaero

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/otlptranslator"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/internal/seam"
	"github.com/aerokit/aero/otelaero"
)

// Path is where Start serves the metrics.
const Path = "/metrics"

// Exporter holds a meter provider whose metrics a Prometheus registry
// exposes, and the otelaero metrics hook that records on it.
type Exporter struct {
	reg  *prometheus.Registry
	mp   *sdkmetric.MeterProvider
	hook *otelaero.MetricsHook
	opts []otelaero.Option
}

// Option configures New.
type Option func(*config)

type config struct {
	reg     *prometheus.Registry
	otelOps []otelaero.Option
}

// WithRegistry exposes the metrics on reg instead of a new registry (for
// example to serve them with the application's own metrics).
func WithRegistry(reg *prometheus.Registry) Option {
	return func(c *config) { c.reg = reg }
}

// WithOtelaeroOptions passes options to the otelaero hook and statistics
// (such as otelaero.WithNotFoundAsError); a meter provider among them is
// ignored.
func WithOtelaeroOptions(opts ...otelaero.Option) Option {
	return func(c *config) { c.otelOps = append(c.otelOps, opts...) }
}

// New returns an Exporter with a meter provider read by the OpenTelemetry
// Prometheus exporter.
func New(opts ...Option) (*Exporter, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.reg == nil {
		c.reg = prometheus.NewRegistry()
	}
	exp, err := otelprom.New(
		otelprom.WithRegisterer(c.reg),
		// Explicit, so that names do not depend on the process-wide
		// validation scheme of prometheus/common/model.
		otelprom.WithTranslationStrategy(otlptranslator.UnderscoreEscapingWithSuffixes),
	)
	if err != nil {
		return nil, fmt.Errorf("promaero: creating the OpenTelemetry Prometheus exporter: %w", err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp))
	e := &Exporter{reg: c.reg, mp: mp}
	e.opts = append(append([]otelaero.Option{}, c.otelOps...), otelaero.WithMeterProvider(mp))
	e.hook, err = otelaero.NewMetricsHook(e.opts...)
	if err != nil {
		return nil, fmt.Errorf("promaero: %w", err)
	}
	return e, nil
}

// Option returns the aero option that installs the metrics hook and
// registers the Session's pool and cluster statistics when its driver
// reports them, until the Session closes.
func (e *Exporter) Option() aero.Option {
	return aero.WithOptions(aero.WithHooks(e.hook), seam.AfterOpen[aero.Option](func(s *aero.Session) {
		reg, err := e.RegisterStats(s)
		switch {
		case err == nil:
			seam.OnClose(s, func() {
				if err := reg.Unregister(); err != nil {
					s.Logger().Warn("promaero: unregistering the statistics", "err", err)
				}
			})
		case !errors.Is(err, otelaero.ErrNoStats):
			s.Logger().Warn("promaero: statistics not exported", "err", err)
		}
	}))
}

// Hook returns the metrics hook, for its switch (SetEnabled).
func (e *Exporter) Hook() *otelaero.MetricsHook { return e.hook }

// MeterProvider returns the meter provider, for the application's own
// instruments.
func (e *Exporter) MeterProvider() *sdkmetric.MeterProvider { return e.mp }

// Registry returns the Prometheus registry the metrics are exposed on.
func (e *Exporter) Registry() *prometheus.Registry { return e.reg }

// RegisterStats registers the statistics gauges of s (otelaero.RegisterStats).
func (e *Exporter) RegisterStats(s *aero.Session) (metric.Registration, error) {
	return otelaero.RegisterStats(s, e.opts...)
}

// Handler returns the HTTP handler of the exposition.
func (e *Exporter) Handler() http.Handler {
	return promhttp.HandlerFor(e.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Text returns the exposition in the Prometheus text format.
func (e *Exporter) Text() (string, error) {
	mfs, err := e.reg.Gather()
	if err != nil {
		return "", fmt.Errorf("promaero: gathering: %w", err)
	}
	var b strings.Builder
	enc := expfmt.NewEncoder(&b, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return "", fmt.Errorf("promaero: encoding %s: %w", mf.GetName(), err)
		}
	}
	return b.String(), nil
}

// Shutdown shuts the meter provider down; metrics are no longer recorded.
func (e *Exporter) Shutdown(ctx context.Context) error {
	return e.mp.Shutdown(ctx)
}

// Server is a metrics server started by Start.
type Server struct {
	srv  *http.Server
	ln   net.Listener
	done chan error
}

// Start serves the exposition at Path on addr (host:port; port 0 picks a
// free one, see Addr) until Stop.
func (e *Exporter) Start(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("promaero: listening on %q: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle(Path, e.Handler())
	s := &Server{srv: &http.Server{Handler: mux}, ln: ln, done: make(chan error, 1)}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Addr returns the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// URL returns the URL of the exposition.
func (s *Server) URL() string { return "http://" + s.Addr() + Path }

// Stop shuts the server down gracefully (in-flight scrapes finish, until
// ctx is done) and waits for it to exit.
func (s *Server) Stop(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("promaero: stopping the metrics server: %w", err)
	}
	return nil
}
