package aero_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
)

// halfBatch is a driver.Conn whose batches fail as a whole after the first
// half of the records ran: the second half carries the request's error, in
// doubt, as the Aerospike driver reports a node that timed out.
type halfBatch struct{ driver.Conn }

func (c halfBatch) Batch(ctx context.Context, p *driver.BatchPolicy, recs []*driver.BatchRecord) error {
	half := len(recs) / 2
	if err := c.Conn.Batch(ctx, p, recs[:half]); err != nil {
		return err
	}
	whole := &driver.Error{Code: driver.Timeout, InDoubt: true, Msg: "node timed out"}
	for _, r := range recs[half:] {
		r.Err = whole
	}
	return whole
}

func TestBatchWholeFailureKeepsKnownOutcomes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aero.NewSession(halfBatch{aerotest.NewSession(t).Conn()})
	r, err := aero.NewRepo[Account, string](s, "acc")
	if err != nil {
		t.Fatal(err)
	}
	a, b := &Account{ID: "a", Balance: 1}, &Account{ID: "b", Balance: 2}
	items, err := r.BatchPut(ctx, []*Account{a, b})
	var ae *aero.Error
	if !errors.As(err, &ae) || !errors.Is(err, aero.ErrTimeout) || !aero.IsInDoubt(err) {
		t.Fatalf("BatchPut = %v, want an *Error, a timeout, in doubt", err)
	}
	if len(items) != 2 || items[0].Err != nil || !items[0].Found || items[1].Err == nil || !aero.IsInDoubt(items.Err()) {
		t.Errorf("items = %+v, want the first written, the second failed in doubt", items)
	}
	if a.Gen != 1 {
		t.Errorf("the record written has Gen %d, want 1 (refreshed despite the failure)", a.Gen)
	}
	res, err := s.BatchGet(ctx, []aero.Key{r.Key("a"), r.Key("b")})
	if !errors.Is(err, aero.ErrTimeout) || len(res) != 2 || !res[0].Found || res[1].Err == nil {
		t.Errorf("Session.BatchGet = %+v, %v; want the first record and the cause", res, err)
	}
}

type Sloppy struct {
	ID    string `aero:"id,key"`
	Count int    `aero:"count"`
}

func TestUndecodableRecordDoesNotStopScans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	r, _ := aero.NewRepo[Sloppy, string](s, "sloppy")
	for i, v := range []any{1, "not a number", 3} {
		if err := s.Put(ctx, r.Key(string(rune('a'+i))), aero.Bins{"count": v}); err != nil {
			t.Fatal(err)
		}
	}
	var good, bad int
	for v, err := range r.Scan(ctx) {
		switch {
		case errors.Is(err, aero.ErrDecode):
			bad++
		case err != nil:
			t.Fatal(err)
		default:
			good += v.Count
		}
	}
	if good != 4 || bad != 1 {
		t.Errorf("scan: sum of good records %d (want 4), bad records %d (want 1)", good, bad)
	}
	page, err := r.ScanPage(ctx, 10, "")
	if err != nil || len(page.Items) != 2 || page.Next != "" || len(page.Failed) != 1 {
		t.Fatalf("ScanPage = %+v, %v; want 2 records, 1 failure, the end, no error", page, err)
	}
	// The record that failed is reachable by its key, to repair or delete.
	f := page.Failed[0]
	if !errors.Is(f.Err, aero.ErrDecode) || f.Record.Bins["count"] != "not a number" || f.Record.Key.Digest == (aero.Digest{}) {
		t.Errorf("failure = %+v", f)
	}
	if existed, err := s.Delete(ctx, f.Record.Key); err != nil || !existed {
		t.Errorf("Delete of the failed record = %v, %v", existed, err)
	}
}

func TestRepoRejectsBadUse(t *testing.T) {
	t.Parallel()
	s := aerotest.NewSession(t)
	if _, err := aero.NewRepo[Account, string](s, ""); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("NewRepo with no set: %v", err)
	}
	if _, err := aero.NewRepo[*Account, string](s, "acc"); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("NewRepo of a pointer type: %v", err)
	}
	if _, err := aero.NewRepo[Account, string](nil, "acc"); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("NewRepo with a nil Session: %v", err)
	}
	r, _ := aero.NewRepo[Account, string](s, "acc")
	if _, err := r.Modify(context.Background(), "x", nil); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("Modify with a nil function: %v", err)
	}
	if err := s.Truncate(context.Background(), ""); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("Truncate of the empty set: %v", err)
	}
	if err := s.DropIndex(context.Background(), aero.Index{}); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("DropIndex with no name: %v", err)
	}
}

func TestTruncateNamespace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	for _, set := range []string{"a", "b"} {
		if err := s.Put(ctx, aero.Key{Set: set, Value: 1}, aero.Bins{"x": 1}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.TruncateNamespace(ctx); err != nil {
		t.Fatal(err)
	}
	for rec, err := range s.Scan(ctx, "") {
		t.Errorf("after TruncateNamespace: %v %v", rec, err)
	}
}

type UserID string

type Named struct {
	ID   UserID `aero:"id,key"`
	Name string `aero:"name"`
}

func TestNamedKeyAndFilterTypes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	r, _ := aero.NewRepo[Named, UserID](s, "named")
	if err := r.Put(ctx, &Named{ID: "u1", Name: "Ada"}); err != nil {
		t.Fatal(err)
	}
	got, err := r.Get(ctx, UserID("u1"))
	if err != nil || got.Name != "Ada" || got.ID != "u1" {
		t.Fatalf("Get with a named key type = %+v, %v", got, err)
	}
	if err := s.CreateIndex(ctx, aero.Index{Set: "named", Name: "named_name", Bin: "name", Type: aero.StringIndex}); err != nil {
		t.Fatal(err)
	}
	type Name string
	var names []string
	q, err := r.Where(aero.Field[Named]("Name").Eq(Name("Ada")), aero.WithIndex("Name"), aero.RequireIndex())
	if err != nil {
		t.Fatal(err)
	}
	for v, err := range q.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, v.Name)
	}
	if !slices.Equal(names, []string{"Ada"}) {
		t.Errorf("query with a named string value = %v", names)
	}
	for _, f := range []aero.Filter{aero.Equal("name", nil), aero.Equal("name", 1.5), {}, aero.Range("n", 3, 1)} {
		for _, err := range s.Query(ctx, "named", f) {
			if !errors.Is(err, aero.ErrInvalidArgument) {
				t.Errorf("filter %v: %v, want ErrInvalidArgument", f, err)
			}
		}
	}
}

func TestHooksSeeDecodeErrorsAndTolerateNil(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var seen []error
	hook := aero.HookFuncs{
		BeforeFunc: func(context.Context, *aero.OpInfo) context.Context { return nil }, // keeps ctx
		AfterFunc:  func(_ context.Context, _ *aero.OpInfo, err error, _ time.Duration) { seen = append(seen, err) },
	}
	s := aerotest.NewSession(t, aero.WithHooks(nil, hook))
	r, _ := aero.NewRepo[Sloppy, string](s, "sloppy")
	if err := s.Put(ctx, r.Key("x"), aero.Bins{"count": "NaN"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get(ctx, "x"); !errors.Is(err, aero.ErrDecode) {
		t.Fatalf("Get = %v", err)
	}
	if len(seen) != 2 || seen[0] != nil || !errors.Is(seen[1], aero.ErrDecode) {
		t.Errorf("hooks saw %v, want [nil ErrDecode]", seen)
	}
}
