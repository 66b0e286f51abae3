package drivertest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/drivertest"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/memconn"
)

// breakEnv selects, in a child process, the defect TestBrokenBackend plants.
const breakEnv = "DRIVERTEST_BREAK"

// broken wraps a correct Conn and breaks one rule, to prove that the suite
// notices and says which rule failed.
type broken struct {
	driver.Conn
	mode string
}

func (b broken) Put(ctx context.Context, p *driver.WritePolicy, k *driver.Key, bins driver.Bins) error {
	if b.mode == "createonly" && p.RecordExists == driver.CreateOnly {
		q := *p
		q.RecordExists = driver.Update
		p = &q
	}
	return b.Conn.Put(ctx, p, k, bins)
}

func (b broken) Get(ctx context.Context, p *driver.ReadPolicy, k *driver.Key, bins []string) (*driver.Record, error) {
	if b.mode == "ignorectx" {
		ctx = context.Background()
	}
	rec, err := b.Conn.Get(ctx, p, k, bins)
	if b.mode == "gen" && rec != nil {
		rec.Generation++
	}
	return rec, err
}

func (b broken) Operate(ctx context.Context, p *driver.WritePolicy, k *driver.Key, ops []driver.Operation) (*driver.Record, error) {
	rec, err := b.Conn.Operate(ctx, p, k, ops)
	if c, ok := driver.CodeOf(err); ok && c == driver.BinTypeError && b.mode == "bintype" {
		err = driver.NewError(driver.ParameterError, "wrong code")
	}
	return rec, err
}

func (b broken) Scan(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error) {
	rows, err := b.Conn.Scan(ctx, req)
	if err != nil || b.mode != "scandup" {
		return rows, err
	}
	return &dupRows{Rows: rows}, nil
}

// dupRows returns its first record twice.
type dupRows struct {
	driver.Rows
	first *driver.Record
	done  bool
}

func (d *dupRows) Next(ctx context.Context) (*driver.Record, error) {
	rec, err := d.Rows.Next(ctx)
	if rec != nil && d.first == nil {
		d.first = rec
		return rec, err
	}
	if rec == nil && err == nil && d.first != nil && !d.done {
		d.done = true
		return d.first, nil
	}
	return rec, err
}

func newMemoryHarness(t *testing.T, wrap func(driver.Conn) driver.Conn) drivertest.Harness {
	clk := engine.NewManualClock(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	e, err := engine.New(engine.Config{
		Clock:      clk,
		Namespaces: []engine.NamespaceConfig{{Name: "test"}, {Name: "other"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return drivertest.Harness{
		Open:           func(*testing.T) driver.Conn { return wrap(memconn.Open(e, "test", nil)) },
		OtherNamespace: "other",
		Advance:        func(d time.Duration) { clk.Advance(d) },
	}
}

// TestBrokenBackend runs the suite against a deliberately broken backend. It
// only runs in the child process TestSuiteCatchesBrokenBackends starts.
func TestBrokenBackend(t *testing.T) {
	mode := os.Getenv(breakEnv)
	if mode == "" {
		t.Skip("run by TestSuiteCatchesBrokenBackends")
	}
	drivertest.Run(t, newMemoryHarness(t, func(c driver.Conn) driver.Conn { return broken{Conn: c, mode: mode} }))
}

// TestSuiteCatchesBrokenBackends checks that each planted defect fails the
// suite with a message naming the rule.
func TestSuiteCatchesBrokenBackends(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child test processes")
	}
	t.Parallel()
	tests := []struct {
		mode string
		want []string
	}{
		{"createonly", []string{"Put CREATE_ONLY on an existing record: got err=nil, want result code KEY_EXISTS_ERROR (5)"}},
		{"gen", []string{"generation after the first Put: got generation 2, want 1"}},
		{"ignorectx", []string{"Get with a canceled context: got err=nil, want the context's error \"context canceled\""}},
		{"bintype", []string{"Operate add to a string bin: got err=", "(result code PARAMETER_ERROR (4)), want result code BIN_TYPE_ERROR (12)"}},
		{"scandup", []string{"returned twice, want each record exactly once"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestBrokenBackend$", "-test.count=1")
			cmd.Env = append(os.Environ(), breakEnv+"="+tt.mode)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a backend broken by %q; output:\n%s", tt.mode, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output for %q lacks %q; output:\n%s", tt.mode, w, out)
				}
			}
			if strings.Contains(string(out), "panic:") {
				t.Errorf("the suite panicked on a backend broken by %q:\n%s", tt.mode, out)
			}
		})
	}
}
