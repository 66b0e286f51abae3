package promaero_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/goleak"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/promaero"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// statsConn is a memory Conn that reports a server and statistics.
type statsConn struct{ driver.Conn }

func (statsConn) Endpoint() (string, int) { return "db1", 3000 }
func (statsConn) Stats() driver.Stats {
	return driver.Stats{Nodes: 3, OpenConnections: 5, IdleConnections: 2}
}

func scrape(t *testing.T, url string) string {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestScrape(t *testing.T) {
	t.Parallel()
	exp, err := promaero.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = exp.Shutdown(context.Background()) })
	ctx := context.Background()

	s := aerotest.NewSession(t, exp.Option())
	k := aero.Key{Set: "users", Value: "u1"}
	if err := s.Put(ctx, k, aero.Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, k); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, k, aero.Bins{"a": 2}, aero.WithGeneration(9)); !errors.Is(err, aero.ErrGeneration) {
		t.Fatalf("Put: %v, want ErrGeneration", err)
	}

	// A Session whose driver reports statistics.
	drv, _ := driver.Lookup("memory")
	mem, err := drv.Open(ctx, "memory://test")
	if err != nil {
		t.Fatal(err)
	}
	s2 := aero.NewSession(statsConn{mem}, exp.Option())
	t.Cleanup(func() { _ = s2.Close() })

	srv, err := exp.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	body := scrape(t, srv.URL())
	text, err := exp.Text()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []struct{ name, text string }{{"http", body}, {"Text", text}} {
		for _, want := range []string{
			"# TYPE db_client_operation_duration_seconds histogram",
			`db_client_operation_duration_seconds_bucket{db_collection_name="users",db_namespace="test",db_operation_name="GET",db_system_name="aerospike",`,
			`le="0.001"}`,
			`le="10"}`,
			`db_client_operation_duration_seconds_count{db_collection_name="users",db_namespace="test",db_operation_name="PUT",db_system_name="aerospike",`,
			`db_client_operation_duration_seconds_count{db_collection_name="users",db_namespace="test",db_operation_name="PUT",db_response_status_code="3",db_system_name="aerospike",error_type="3",`,
			`db_client_connection_count{db_client_connection_pool_name="db1:3000/test",db_client_connection_state="used",db_system_name="aerospike",`,
			`aerospike_client_node_count{db_client_connection_pool_name="db1:3000/test",db_system_name="aerospike",`,
		} {
			if !strings.Contains(src.text, want) {
				t.Errorf("%s exposition lacks %q:\n%s", src.name, want, src.text)
			}
		}
	}
}

func TestSwitchAndRegistry(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	exp, err := promaero.New(promaero.WithRegistry(reg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = exp.Shutdown(context.Background()) })
	if exp.Registry() != reg {
		t.Fatal("Registry() is not the registry given")
	}
	s := aerotest.NewSession(t, exp.Option())
	exp.Hook().SetEnabled(false)
	if err := s.Put(context.Background(), aero.Key{Set: "s", Value: 1}, aero.Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	text, err := exp.Text()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "db_client_operation_duration_seconds_count") {
		t.Errorf("metrics switched off, yet recorded:\n%s", text)
	}
}

func TestStartBadAddress(t *testing.T) {
	t.Parallel()
	exp, err := promaero.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = exp.Shutdown(context.Background()) })
	if _, err := exp.Start("not an address"); err == nil || !strings.Contains(err.Error(), `"not an address"`) {
		t.Fatalf("Start: %v, want an error naming the address", err)
	}
}

// TestStatsStopAtClose: the statistics of a Session are exported until it
// closes, and not after.
func TestStatsStopAtClose(t *testing.T) {
	t.Parallel()
	exp, err := promaero.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = exp.Shutdown(context.Background()) })
	s := aero.NewSession(statsConn{aerotest.NewSession(t).Conn()}, exp.Option())
	const node = `aerospike_client_node_count{db_client_connection_pool_name="db1:3000/test"`
	text, err := exp.Text()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, node) {
		t.Fatalf("open Session: exposition lacks %q:\n%s", node, text)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if text, err = exp.Text(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, node) {
		t.Errorf("closed Session still exported:\n%s", text)
	}
}
