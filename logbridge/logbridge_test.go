package logbridge_test

import (
	"context"
	"errors"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"

	aslog "github.com/aerospike/aerospike-client-go/v8/logger"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/logbridge"
)

// recorder is a slog.Handler that keeps the records it handles.
type recorder struct {
	level slog.Level
	mu    sync.Mutex
	recs  []slog.Record
}

func (h *recorder) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level }
func (h *recorder) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = append(h.recs, r.Clone())
	return nil
}
func (h *recorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *recorder) WithGroup(string) slog.Handler      { return h }

func (h *recorder) records() []slog.Record {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]slog.Record(nil), h.recs...)
}

func attrs(r slog.Record) map[string]string {
	m := map[string]string{}
	r.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.String(); return true })
	return m
}

// The tests below install the process-wide client logger: they do not run
// in parallel.

func TestLevels(t *testing.T) {
	tests := []struct {
		name       string
		handler    slog.Level
		wantClient aslog.LogPriority
		want       []slog.Level // levels delivered of Debug, Info, Warn, Error
	}{
		{"debug", slog.LevelDebug, aslog.DEBUG, []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError}},
		{"info", slog.LevelInfo, aslog.INFO, []slog.Level{slog.LevelInfo, slog.LevelWarn, slog.LevelError}},
		{"warn", slog.LevelWarn, aslog.WARNING, []slog.Level{slog.LevelWarn, slog.LevelError}},
		{"error", slog.LevelError, aslog.ERR, []slog.Level{slog.LevelError}},
		{"off", slog.LevelError + 4, aslog.OFF, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &recorder{level: tt.handler}
			l := slog.New(h)
			if got := logbridge.ClientLevel(l); got != tt.wantClient {
				t.Errorf("ClientLevel = %v, want %v", got, tt.wantClient)
			}
			t.Cleanup(logbridge.Install(l))
			aslog.Logger.Debug("debug %d", 1)
			aslog.Logger.Info("info %d", 2)
			aslog.Logger.Warn("warn %d", 3)
			aslog.Logger.Error("error %d", 4)
			recs := h.records()
			if len(recs) != len(tt.want) {
				t.Fatalf("got %d records, want %d", len(recs), len(tt.want))
			}
			for i, r := range recs {
				if r.Level != tt.want[i] {
					t.Errorf("record %d (%q): level %v, want %v", i, r.Message, r.Level, tt.want[i])
				}
				if !strings.HasPrefix(r.Message, strings.ToLower(r.Level.String())) {
					t.Errorf("record %d: message %q does not match level %v", i, r.Message, r.Level)
				}
				if got := attrs(r)["component"]; got != logbridge.Component {
					t.Errorf("record %d: component = %q", i, got)
				}
			}
		})
	}
}

func TestLogAtLevelAndSource(t *testing.T) {
	h := &recorder{level: slog.LevelDebug}
	t.Cleanup(logbridge.Install(slog.New(h)))
	aslog.Logger.LogAtLevel(aslog.WARNING, "node %s: %v", "BB9", errors.New("connection refused"))
	recs := h.records()
	if len(recs) != 1 {
		t.Fatalf("got %d records, want 1", len(recs))
	}
	r := recs[0]
	if r.Level != slog.LevelWarn || r.Message != "node BB9: connection refused" {
		t.Errorf("record = %v %q", r.Level, r.Message)
	}
	if got := attrs(r)["err"]; got != "connection refused" {
		t.Errorf("err attribute = %q", got)
	}
	// The source is the code that called the client's logger: this test.
	fs := runtime.CallersFrames([]uintptr{r.PC})
	f, _ := fs.Next()
	if !strings.HasSuffix(f.File, "logbridge_test.go") {
		t.Errorf("source = %s:%d, want this test file", f.File, f.Line)
	}
}

func TestRestore(t *testing.T) {
	h := &recorder{level: slog.LevelDebug}
	restore := logbridge.Install(slog.New(h))
	restore()
	aslog.Logger.Error("after restore")
	if n := len(h.records()); n != 0 {
		t.Errorf("%d records after restore, want 0", n)
	}
}

func TestWithLogger(t *testing.T) {
	h := &recorder{level: slog.LevelInfo}
	l := slog.New(h)
	t.Cleanup(func() { logbridge.Install(nil)() })
	s := aerotest.NewSession(t, logbridge.WithLogger(l))
	if s.Logger() != l {
		t.Error("the Session's logger is not the one given")
	}
	aslog.Logger.Info("from the client")
	if recs := h.records(); len(recs) != 1 || recs[0].Message != "from the client" {
		t.Errorf("records = %v", recs)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"connecting to aerospike://admin:s3cr3t@db1:3000/test", "connecting to aerospike://admin:REDACTED@db1:3000/test"},
		{"dsn aerospike://db1:3000/test?user=admin&password=hunter2&tls=1", "dsn aerospike://db1:3000/test?user=admin&password=REDACTED&tls=1"},
		{`config {"user": "admin", "password": "hunter2"}`, `config {"user": "admin", "password": "REDACTED"}`},
		{"Password = abc def", "Password = REDACTED def"},
		{"node BB9 at 10.0.0.1:3000 is alive", "node BB9 at 10.0.0.1:3000 is alive"},
		{"user@example.com logged in", "user@example.com logged in"},
	}
	for _, tt := range tests {
		if got := logbridge.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactedInRecords(t *testing.T) {
	h := &recorder{level: slog.LevelDebug}
	t.Cleanup(logbridge.Install(slog.New(h)))
	aslog.Logger.Warn("cannot connect: %v", errors.New("aerospike://u:pw@h:3000 refused"))
	recs := h.records()
	if len(recs) != 1 {
		t.Fatalf("got %d records", len(recs))
	}
	if strings.Contains(recs[0].Message, "pw@") || strings.Contains(attrs(recs[0])["err"], "pw@") {
		t.Errorf("password logged: %q %v", recs[0].Message, attrs(recs[0]))
	}
}
