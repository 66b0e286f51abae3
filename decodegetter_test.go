package aero_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
)

// clientShape is a bin value in a backend's own shape: only the
// DecodeGetter's convert turns it into a driver value.
type clientShape struct{ v any }

// clientShapeConn is a driver.DecodeGetter over a memory Conn whose
// GetForDecode wraps every list bin in a clientShape, as a real client
// hands back values of its own types; a list holding "bad" has no
// canonical form.
type clientShapeConn struct {
	driver.Conn
	reads, converts atomic.Int32
}

func (c *clientShapeConn) GetForDecode(ctx context.Context, p *driver.ReadPolicy, k *driver.Key, bins []string) (*driver.Record, func(any) (any, error), error) {
	c.reads.Add(1)
	rec, err := c.Conn.Get(ctx, p, k, bins)
	if err != nil {
		return nil, nil, err
	}
	for name, v := range rec.Bins {
		if _, ok := v.([]any); ok {
			rec.Bins[name] = clientShape{v}
		}
	}
	return rec, c.convert, nil
}

func (c *clientShapeConn) convert(x any) (any, error) {
	c.converts.Add(1)
	s, ok := x.(clientShape)
	if !ok {
		return x, nil
	}
	if l := s.v.([]any); len(l) > 0 && l[0] == "bad" {
		return nil, driver.Errorf(driver.ParseError, "the client returned a value of type clientShape, which has no driver equivalent")
	}
	return s.v, nil
}

type shaped struct {
	ID   string   `aero:"id,key"`
	Tags []string `aero:"tags"`
	N    int64    `aero:"n"`
	Gen  uint32   `aero:",gen"`
}

// TestRepoGetThroughDecodeGetter: on a Conn that is a driver.DecodeGetter,
// Repo.Get (and Modify, which reads through it) reads with GetForDecode
// and converts only the bins its fields read; a bin that does not convert
// is ErrDecode naming the key, the field and the bin, with the driver's
// error in its chain; the key, generation and a missing record come out as
// through Get.
func TestRepoGetThroughDecodeGetter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := &clientShapeConn{Conn: aerotest.NewSession(t).Conn()}
	repo, err := aero.NewRepo[shaped, string](aero.NewSession(conn), "shapes")
	if err != nil {
		t.Fatal(err)
	}
	put := func(id string, bins driver.Bins) {
		t.Helper()
		k, err := driver.NewKey(conn.Namespace(), "shapes", id)
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.Put(ctx, nil, k, bins); err != nil {
			t.Fatal(err)
		}
	}
	put("good", driver.Bins{"tags": []any{"a", "b"}, "n": int64(3), "unmapped": []any{"bad"}})
	put("bad", driver.Bins{"tags": []any{"bad"}})

	got, err := repo.Get(ctx, "good")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "good" || got.N != 3 || len(got.Tags) != 2 || got.Tags[1] != "b" || got.Gen != 1 {
		t.Errorf("Get = %+v, want ID good, Tags [a b], N 3, Gen 1", *got)
	}
	if r, c := conn.reads.Load(), conn.converts.Load(); r != 1 || c != 1 {
		t.Errorf("GetForDecode calls %d, converts %d; want 1 and 1 (the tags, not the unmapped bin)", r, c)
	}

	_, err = repo.Get(ctx, "bad")
	var e *aero.Error
	var de *driver.Error
	if !errors.Is(err, aero.ErrDecode) || !errors.As(err, &e) || !errors.As(err, &de) || de.Code != driver.ParseError {
		t.Fatalf("Get of an unconvertible bin = %v, want ErrDecode with the driver's ParseError in its chain", err)
	}
	for _, want := range []string{`"bad"`, "shaped.Tags", `bin "tags"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}

	if _, err := repo.Get(ctx, "missing"); !errors.Is(err, aero.ErrNotFound) {
		t.Errorf("Get of a missing record = %v, want ErrNotFound", err)
	}
	if _, err := repo.Modify(ctx, "good", func(s *shaped) error { s.N++; return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := repo.Get(ctx, "good"); err != nil || got.N != 4 || got.Gen != 2 {
		t.Errorf("after Modify: Get = %+v, %v; want N 4, Gen 2", got, err)
	}
}
