package otelaero_test

import (
	"context"
	"fmt"
	"log"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/otelaero"
)

func ExampleWithTelemetry() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))

	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test", otelaero.WithTelemetry(otelaero.WithTracerProvider(tp)))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	_ = s.Put(ctx, aero.Key{Set: "users", Value: "ada"}, aero.Bins{"name": "Ada"})
	_, _ = s.Get(ctx, aero.Key{Set: "users", Value: "ada"})

	for _, span := range rec.Ended() {
		fmt.Println(span.Name(), span.SpanKind())
	}
	// Output:
	// PUT users client
	// GET users client
}
