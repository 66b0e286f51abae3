package aero_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/seam"
)

// journal records events in order.
type journal struct {
	mu     sync.Mutex
	events []string
}

func (j *journal) add(e string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.events = append(j.events, e)
}

func (j *journal) take() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := j.events
	j.events = nil
	return out
}

// journalDriver opens memory connections and notes each open in the
// journal; a DSN ending in "/fail" fails to open.
type journalDriver struct{ j *journal }

var lifecycleJournal = &journal{}

func init() { driver.Register("journal", journalDriver{lifecycleJournal}) }

func (d journalDriver) Open(ctx context.Context, dsn string) (driver.Conn, error) {
	d.j.add("driver open")
	if dsn == "journal://fail" {
		return nil, &driver.Error{Code: driver.ServerNotAvailable, Msg: "no server"}
	}
	mem, _ := driver.Lookup("memory")
	c, err := mem.Open(ctx, "memory://test")
	if err != nil {
		return nil, err
	}
	return closeNoter{c, d.j}, nil
}

type closeNoter struct {
	driver.Conn
	j *journal
}

func (c closeNoter) Close() error {
	c.j.add("conn close")
	return c.Conn.Close()
}

// TestSessionLifecycleSeams checks the order of the seams observability
// packages build on (internal/seam): BeforeConnect before the driver
// connects (its undo at Close, after the connection closes, or when Open
// fails), AfterOpen once the Session is open, OnClose at Close in reverse
// order, once.
func TestSessionLifecycleSeams(t *testing.T) {
	// Not parallel: the journal driver is shared.
	j := lifecycleJournal
	j.take()
	opts := []aero.Option{
		seam.BeforeConnect[aero.Option](func() func() {
			j.add("before connect")
			return func() { j.add("undo before connect") }
		}),
		seam.AfterOpen[aero.Option](func(s *aero.Session) {
			j.add("after open")
			seam.OnClose(s, func() { j.add("on close 1") })
			seam.OnClose(s, func() { j.add("on close 2") })
		}),
	}
	ctx := context.Background()
	s, err := aero.Open(ctx, "journal://ok", aero.WithOptions(opts...))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := j.take(), []string{"before connect", "driver open", "after open"}; !slices.Equal(got, want) {
		t.Errorf("Open: %q, want %q", got, want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if got, want := j.take(), []string{"conn close", "on close 2", "on close 1", "undo before connect"}; !slices.Equal(got, want) {
		t.Errorf("Close: %q, want %q", got, want)
	}
	seam.OnClose(s, func() { j.add("late") })
	if got := j.take(); !slices.Equal(got, []string{"late"}) {
		t.Errorf("OnClose after Close ran %q, want it at once", got)
	}

	_, err = aero.Open(ctx, "journal://fail", opts...)
	if !errors.Is(err, aero.ErrCluster) {
		t.Errorf("Open of a failing DSN: %v", err)
	}
	if got, want := j.take(), []string{"before connect", "driver open", "undo before connect"}; !slices.Equal(got, want) {
		t.Errorf("failed Open: %q, want %q", got, want)
	}
}
