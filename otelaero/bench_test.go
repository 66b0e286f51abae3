package otelaero_test

import (
	"context"
	"testing"
	"time"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/otelaero"
)

// BenchmarkGet compares Session.Get on the memory backend without hooks and
// with the otelaero hooks in several configurations. Run:
//
//	go test -run='^$' -bench=. -benchmem -count=6 ./otelaero
func BenchmarkGet(b *testing.B) {
	sdkTP := func(b *testing.B) *sdktrace.TracerProvider {
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(tracetest.NewNoopExporter()))
		b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
		return tp
	}
	sdkMP := func(b *testing.B) *sdkmetric.MeterProvider {
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
		b.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
		return mp
	}
	metrics := func(b *testing.B, enabled bool, opts ...otelaero.Option) aero.Hook {
		m, err := otelaero.NewMetricsHook(opts...)
		if err != nil {
			b.Fatal(err)
		}
		m.SetEnabled(enabled)
		return m
	}
	cases := []struct {
		name  string
		hooks func(b *testing.B) []aero.Hook
	}{
		{"NoHooks", func(*testing.B) []aero.Hook { return nil }},
		{"NoopProviders", func(b *testing.B) []aero.Hook {
			opts := []otelaero.Option{otelaero.WithTracerProvider(tracenoop.NewTracerProvider()),
				otelaero.WithMeterProvider(metricnoop.NewMeterProvider())}
			return []aero.Hook{otelaero.NewTracingHook(opts...), metrics(b, true, opts...)}
		}},
		// The one option on no-op providers: WithTelemetry installs no hook.
		{"WithTelemetryNoop", func(*testing.B) []aero.Hook { return nil }},
		{"SDKRecording", func(b *testing.B) []aero.Hook {
			opts := []otelaero.Option{otelaero.WithTracerProvider(sdkTP(b)), otelaero.WithMeterProvider(sdkMP(b))}
			return []aero.Hook{otelaero.NewTracingHook(opts...), metrics(b, true, opts...)}
		}},
		{"SDKMetricsOnly", func(b *testing.B) []aero.Hook {
			return []aero.Hook{metrics(b, true, otelaero.WithMeterProvider(sdkMP(b)))}
		}},
		{"SDKMetricsOff", func(b *testing.B) []aero.Hook {
			return []aero.Hook{metrics(b, false, otelaero.WithMeterProvider(sdkMP(b)))}
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			opt := aero.WithHooks(c.hooks(b)...)
			if c.name == "WithTelemetryNoop" {
				opt = otelaero.WithTelemetry(otelaero.WithTracerProvider(tracenoop.NewTracerProvider()),
					otelaero.WithMeterProvider(metricnoop.NewMeterProvider()))
			}
			s := aerotest.NewSession(b, opt)
			ctx := context.Background()
			k := aero.Key{Set: "users", Value: "u1"}
			if err := s.Put(ctx, k, aero.Bins{"name": "Ada", "age": 36}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Get(ctx, k); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMetricsAfter measures MetricsHook.After alone, switched off and
// on (SDK meter provider).
func BenchmarkMetricsAfter(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "Off"
		if on {
			name = "On"
		}
		b.Run(name, func(b *testing.B) {
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
			b.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
			m, err := otelaero.NewMetricsHook(otelaero.WithMeterProvider(mp))
			if err != nil {
				b.Fatal(err)
			}
			m.SetEnabled(on)
			info := &aero.OpInfo{Name: aero.CmdGet, Namespace: "test", Set: "users"}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				m.After(ctx, info, nil, time.Millisecond)
			}
		})
	}
}
