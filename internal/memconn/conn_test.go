package memconn

import (
	"context"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

func TestOpenOnEngine(t *testing.T) {
	t.Parallel()
	e, err := engine.New(engine.Config{Namespaces: []engine.NamespaceConfig{{Name: "ns1"}}})
	if err != nil {
		t.Fatal(err)
	}
	k := key(t, "ns1", "s", 1)
	if err := e.Put(nil, k, driver.Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	c := Open(e, "ns1", nil)
	if Engine(c) != e || Engine(nil) != nil {
		t.Fatal("Engine")
	}
	r, err := c.Get(context.Background(), nil, k, nil)
	if err != nil || r.Bins["a"] != int64(1) {
		t.Fatalf("Get through shared engine: %v %v", r, err)
	}
	_ = c.Close()
	if e.Len("ns1") != 1 {
		t.Fatal("closing the Conn touched the engine")
	}
}

func key(t *testing.T, ns, set string, uk any) *driver.Key {
	t.Helper()
	k, err := driver.NewKey(ns, set, uk)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
