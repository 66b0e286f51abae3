package aerospike

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
)

// TestSecretNotInCallErrors makes the calls whose errors the issue found
// leaking (a not-found Get, a create-only Put of an existing key, a failed
// connect) with a password in the DSN, and walks each error's whole chain
// under every fmt verb (assertNoSecret).
func TestSecretNotInCallErrors(t *testing.T) {
	t.Parallel()
	srv := aerotest.NewServer(t) // no security: the login is accepted as is
	ctx := context.Background()
	dsn := "aerospike://bob:" + secret + "@" + srv.Addr() + "/test"
	c, err := Driver{}.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	k, err := driver.NewKey("test", "secret", 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(ctx, nil, k, nil)
	if code, _ := driver.CodeOf(err); code != driver.KeyNotFoundError {
		t.Fatalf("Get of a missing key = %v", err)
	}
	assertNoSecret(t, "not-found Get", err)
	if err := c.Put(ctx, nil, k, driver.Bins{"a": 1}); err != nil {
		t.Fatal(err)
	}
	err = c.Put(ctx, &driver.WritePolicy{RecordExists: driver.CreateOnly}, k, driver.Bins{"a": 2})
	if code, _ := driver.CodeOf(err); code != driver.KeyExistsError {
		t.Fatalf("create-only Put of an existing key = %v", err)
	}
	assertNoSecret(t, "create-only Put", err)

	srv.Stop()
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	_, err = Driver{}.Open(cctx, strings.Replace(dsn, "/test", "/test?connect-timeout=300ms", 1))
	if err == nil {
		t.Fatal("Open on a stopped server succeeded")
	}
	assertNoSecret(t, "failed connect", err)
}
