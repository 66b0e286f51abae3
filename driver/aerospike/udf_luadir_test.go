package aerospike

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
)

// TestAggregateModulesRemovedWithLastConn checks that the directory the
// driver stages aggregation modules in lives while a Conn that used it is
// open and goes with the last one's Close: a test binary or service that
// aggregates leaves nothing in the temporary directory. Not parallel: the
// directory is process-wide, and parallel tests that aggregate would hold
// it open.
func TestAggregateModulesRemovedWithLastConn(t *testing.T) {
	srv := aerotest.NewServer(t, aerotest.WithNamespaces("test"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	open := func() *Conn {
		c, err := Driver{}.Open(ctx, srv.DSN())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		return c.(*Conn)
	}
	a, b := open(), open()
	const src = `function total(s)
  return s : map(function(r) return 1 end) : reduce(function(x, y) return x + y end)
end`
	if err := a.RegisterUDF(ctx, "luadir.lua", []byte(src)); err != nil {
		t.Fatal(err)
	}
	k, err := driver.NewKey("test", "luadir", "k")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Put(ctx, nil, k, driver.Bins{"v": int64(1)}); err != nil {
		t.Fatal(err)
	}
	aggregate := func(c *Conn) {
		t.Helper()
		rows, err := c.Aggregate(ctx, &driver.QueryRequest{Namespace: "test", Set: "luadir", Partitions: driver.AllPartitions()},
			&driver.UDFCall{Module: "luadir", Function: "total"})
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		v, ok, err := rows.Next(ctx)
		if err != nil || !ok || fmt.Sprint(v) != "1" {
			t.Fatalf("aggregate: got %v, %v, %v; want 1, true, nil", v, ok, err)
		}
	}
	aggregate(a)
	aggregate(b)
	dir := stagedDir()
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("staged modules: %v", err)
	}
	steps := []struct {
		close *Conn
		kept  bool
	}{{a, true}, {b, false}}
	for i, s := range steps {
		if err := s.close.Close(); err != nil {
			t.Fatal(err)
		}
		_, err := os.Stat(dir)
		if kept := err == nil; kept != s.kept {
			t.Errorf("after closing conn %d of 2: directory %s kept = %v (stat: %v), want %v", i+1, dir, kept, err, s.kept)
		}
	}
	aggregate(open()) // a new Conn stages again
	if d := stagedDir(); d == "" || d == dir {
		t.Errorf("after the directory went, a new aggregate staged in %q (the old one was %q)", d, dir)
	}
}

func stagedDir() string {
	luaDir.mu.Lock()
	defer luaDir.mu.Unlock()
	return luaDir.dir
}
