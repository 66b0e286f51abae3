// Command observability shows aero's observability: every Session call is a
// span (printed to stdout, one JSON object per line, by the OpenTelemetry
// stdout exporter) and an observation of db.client.operation.duration
// (exposed for Prometheus at /metrics), and the client's log goes to slog.
//
// By default it runs a few operations on the in-memory backend, scrapes its
// own /metrics once, prints the exposition and exits:
//
//	go run ./examples/observability
//
// With -serve it keeps serving /metrics on the address given until
// interrupted:
//
//	go run ./examples/observability -serve 127.0.0.1:9464
//
// AEROSPIKE_DSN names a server instead of the memory backend.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/aerokit/aero"
	// The Aerospike driver, for an aerospike:// DSN (the memory backend
	// needs no import).
	_ "github.com/aerokit/aero/driver/aerospike"
	"github.com/aerokit/aero/logbridge"
	"github.com/aerokit/aero/otelaero"
	"github.com/aerokit/aero/promaero"
)

func main() {
	serve := flag.String("serve", "", "keep serving /metrics on this address (host:port) until interrupted")
	flag.Parse()
	if err := run(context.Background(), *serve, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, serve string, out io.Writer) error {
	// Traces: the SDK with the stdout exporter, synchronous so that each
	// span prints when it ends.
	spans, err := stdouttrace.New(stdouttrace.WithWriter(out))
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	defer tp.Shutdown(ctx)
	otel.SetTracerProvider(tp)

	// Metrics: a Prometheus exposition of otelaero's metrics hook.
	metrics, err := promaero.New()
	if err != nil {
		return err
	}
	defer metrics.Shutdown(ctx)

	// Logs: aero's and the client's, to one slog logger.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	dsn := os.Getenv("AEROSPIKE_DSN")
	if dsn == "" {
		dsn = "memory://test"
	}
	s, err := aero.Open(ctx, dsn,
		aero.WithHooks(otelaero.NewTracingHook()), // the global tracer provider
		metrics.Option(),
		logbridge.WithLogger(logger),
	)
	if err != nil {
		return err
	}
	defer s.Close()

	if err := workload(ctx, s); err != nil {
		return err
	}

	addr := serve
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	srv, err := metrics.Start(addr)
	if err != nil {
		return err
	}
	if serve != "" {
		logger.Info("serving metrics", "url", srv.URL())
		stop, cancel := signal.NotifyContext(ctx, os.Interrupt)
		defer cancel()
		<-stop.Done()
	} else {
		text, err := scrape(srv.URL())
		if err != nil {
			_ = srv.Stop(ctx)
			return err
		}
		fmt.Fprintf(out, "\n--- %s\n%s", srv.URL(), text)
	}
	shutdown, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return srv.Stop(shutdown)
}

// workload runs one of each kind of call, some of them failing, under a
// parent span of the application.
func workload(ctx context.Context, s *aero.Session) error {
	ctx, span := otel.Tracer("example").Start(ctx, "workload")
	defer span.End()

	users := func(id string) aero.Key { return aero.Key{Set: "users", Value: id} }
	for i, name := range []string{"ada", "alan", "grace"} {
		if err := s.Put(ctx, users(name), aero.Bins{"name": name, "age": 30 + i}); err != nil {
			return err
		}
	}
	if _, err := s.Get(ctx, users("ada")); err != nil {
		return err
	}
	// Not found: a span with db.response.status_code 2, not an error.
	if _, err := s.Get(ctx, users("nobody")); !errors.Is(err, aero.ErrNotFound) {
		return fmt.Errorf("get nobody: %v, want ErrNotFound", err)
	}
	// A generation conflict: an error span, error.type 3.
	if err := s.Put(ctx, users("ada"), aero.Bins{"age": 37}, aero.WithGeneration(42)); !errors.Is(err, aero.ErrGeneration) {
		return fmt.Errorf("put with a stale generation: %v, want ErrGeneration", err)
	}
	if _, err := s.BatchGet(ctx, []aero.Key{users("ada"), users("alan"), users("grace")}); err != nil {
		return err
	}
	for _, err := range s.Scan(ctx, "users") {
		if err != nil {
			return err
		}
	}
	return nil
}

func scrape(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	var b strings.Builder
	_, err = io.Copy(&b, resp.Body)
	return b.String(), err
}
