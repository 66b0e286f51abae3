package aero_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/exp"
)

// TestReadOptions checks the per-call options of every Session and Repo
// read on every backend: a filter the record does not match is
// ErrFilteredOut (a record error), a filter on a missing record is
// ErrNotFound, WithBins narrows the bins read, routing options are
// accepted, and an option a read cannot use is ErrInvalidArgument.
func TestReadOptions(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r := accounts(t, s)
		if err := r.Put(ctx, &Account{ID: "rich", Owner: "ann", Balance: 500}); err != nil {
			t.Fatal(err)
		}
		if err := r.Put(ctx, &Account{ID: "poor", Owner: "bob", Balance: 5}); err != nil {
			t.Fatal(err)
		}
		rich := aero.WithFilterExp(exp.GreaterEq(exp.IntBin("balance"), exp.IntVal(100)))
		key := r.Key
		cases := []struct {
			name string
			call func() error
			want error // nil: success
		}{
			{"Session.Get matching", func() error {
				rec, err := s.Get(ctx, key("rich"), rich)
				if err == nil && rec.Bins["owner"] != "ann" {
					return errors.New("wrong record")
				}
				return err
			}, nil},
			{"Session.Get filtered out", func() error { _, err := s.Get(ctx, key("poor"), rich); return err }, aero.ErrFilteredOut},
			{"Session.Get missing with a filter", func() error { _, err := s.Get(ctx, key("none"), rich); return err }, aero.ErrNotFound},
			{"Session.GetHeader filtered out", func() error { _, err := s.GetHeader(ctx, key("poor"), rich); return err }, aero.ErrFilteredOut},
			{"Session.GetHeader matching", func() error {
				rec, err := s.GetHeader(ctx, key("rich"), rich)
				if err == nil && (rec.Bins != nil || rec.Generation == 0) {
					return errors.New("header read returned bins or no generation")
				}
				return err
			}, nil},
			{"Session.Exists filtered out", func() error { _, err := s.Exists(ctx, key("poor"), rich); return err }, aero.ErrFilteredOut},
			// A missing record is what it is without the filter: for Exists,
			// false and no error (on memory, aerotest and a real server).
			{"Session.Exists missing with a filter", func() error {
				ok, err := s.Exists(ctx, key("none"), rich)
				if err == nil && ok {
					return errors.New("found")
				}
				return err
			}, nil},
			{"Session.GetHeader missing with a filter", func() error { _, err := s.GetHeader(ctx, key("none"), rich); return err }, aero.ErrNotFound},
			{"Session.Exists matching", func() error {
				ok, err := s.Exists(ctx, key("rich"), rich)
				if err == nil && !ok {
					return errors.New("not found")
				}
				return err
			}, nil},
			{"Session.Get WithBins", func() error {
				rec, err := s.Get(ctx, key("rich"), aero.WithBins("owner"))
				if err == nil && (len(rec.Bins) != 1 || rec.Bins["owner"] != "ann") {
					return errors.New("bins not narrowed")
				}
				return err
			}, nil},
			{"Session.Get WithBins() reads every bin", func() error {
				rec, err := s.Get(ctx, key("rich"), aero.WithBins())
				if err == nil && len(rec.Bins) < 3 {
					return errors.New("not every bin")
				}
				return err
			}, nil},
			{"Session.Get with routing options", func() error {
				_, err := s.Get(ctx, key("rich"), aero.WithReplica(aero.ReplicaMaster), aero.WithReadModeAP(aero.ReadModeAPAll),
					aero.WithReadModeSC(aero.ReadModeSCSession))
				return err
			}, nil},
			{"Session.Get with an unknown replica", func() error {
				_, err := s.Get(ctx, key("rich"), aero.WithReplica(aero.Replica(99)))
				return err
			}, aero.ErrInvalidArgument},
			{"Session.Exists WithBins", func() error { _, err := s.Exists(ctx, key("rich"), aero.WithBins("owner")); return err }, aero.ErrInvalidArgument},
			{"Session.GetHeader WithBins", func() error { _, err := s.GetHeader(ctx, key("rich"), aero.WithBins("owner")); return err }, aero.ErrInvalidArgument},
			{"Repo.Get matching", func() error {
				a, err := r.Get(ctx, "rich", rich)
				if err == nil && a.Balance != 500 {
					return errors.New("wrong value")
				}
				return err
			}, nil},
			{"Repo.Get filtered out", func() error { _, err := r.Get(ctx, "poor", rich); return err }, aero.ErrFilteredOut},
			{"Repo.Get WithBins leaves other fields zero", func() error {
				a, err := r.Get(ctx, "rich", aero.WithBins("Balance"))
				if err == nil && (a.Balance != 500 || a.Owner != "") {
					return errors.New("bins not narrowed")
				}
				return err
			}, nil},
			{"Repo.Exists filtered out", func() error { _, err := r.Exists(ctx, "poor", rich); return err }, aero.ErrFilteredOut},
			{"Repo.Exists missing with a filter", func() error {
				ok, err := r.Exists(ctx, "none", rich)
				if err == nil && ok {
					return errors.New("found")
				}
				return err
			}, nil},
			{"Repo.GetByDigest filtered out", func() error {
				poor, err := s.GetHeader(ctx, key("poor"))
				if err != nil {
					return err
				}
				_, err = r.GetByDigest(ctx, poor.Key.Digest, rich)
				return err
			}, aero.ErrFilteredOut},
		}
		for _, c := range cases {
			err := c.call()
			switch {
			case c.want == nil && err != nil:
				t.Errorf("%s: %v", c.name, err)
			case c.want != nil && !errors.Is(err, c.want):
				t.Errorf("%s: got %v, want %v", c.name, err, c.want)
			case errors.Is(c.want, aero.ErrFilteredOut) && !errors.Is(err, aero.ErrRecord):
				t.Errorf("%s: %v is not in the ErrRecord family", c.name, err)
			}
		}
	})
}

// TestBatchReadOptions checks the filters of batch reads on every backend:
// the batch's filter gives each record it does not match its own
// ErrFilteredOut, a missing record stays not found, and a BatchOperate
// entry's own filter takes the place of the batch's.
func TestBatchReadOptions(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r := accounts(t, s)
		for _, a := range []*Account{{ID: "rich", Owner: "ann", Balance: 500}, {ID: "poor", Owner: "bob", Balance: 5}} {
			if err := r.Put(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		rich := exp.GreaterEq(exp.IntBin("balance"), exp.IntVal(100))
		poor := exp.Less(exp.IntBin("balance"), exp.IntVal(100))
		keys := []aero.Key{r.Key("rich"), r.Key("poor"), r.Key("none")}

		// outcome: "found", "filtered", "missing".
		check := func(name string, got []string, want ...string) {
			t.Helper()
			for i := range want {
				if i >= len(got) || got[i] != want[i] {
					t.Errorf("%s: outcomes %v, want %v", name, got, want)
					return
				}
			}
		}
		ofResults := func(res aero.BatchResults, err error) []string {
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range res {
				switch {
				case r.Err != nil && errors.Is(r.Err, aero.ErrFilteredOut):
					out = append(out, "filtered")
				case r.Err != nil:
					out = append(out, r.Err.Error())
				case r.Found:
					out = append(out, "found")
				default:
					out = append(out, "missing")
				}
			}
			return out
		}
		ofItems := func(items aero.Items[Account], err error) []string {
			if err != nil {
				t.Fatal(err)
			}
			res := make(aero.BatchResults, len(items))
			for i, it := range items {
				res[i] = aero.BatchResult{Found: it.Found, Err: it.Err}
			}
			return ofResults(res, nil)
		}

		check("Session.BatchGet", ofResults(s.BatchGet(ctx, keys, aero.WithFilterExp(rich))), "found", "filtered", "missing")
		check("Session.BatchExists", ofResults(s.BatchExists(ctx, keys, aero.WithFilterExp(rich))), "found", "filtered", "missing")
		check("Repo.BatchGet", ofItems(r.BatchGet(ctx, []string{"rich", "poor", "none"}, aero.WithFilterExp(rich))), "found", "filtered", "missing")
		check("Repo.BatchExists", ofItems(r.BatchExists(ctx, []string{"rich", "poor", "none"}, aero.WithFilterExp(rich))), "found", "filtered", "missing")
		check("Session.BatchOperate with an entry's own filter", ofResults(s.BatchOperate(ctx, []aero.BatchEntry{
			{Key: keys[0]},
			{Key: keys[1], Read: []aero.ReadOption{aero.WithFilterExp(poor)}},
			{Key: keys[1]},
		}, aero.WithFilterExp(rich))), "found", "found", "filtered")

		res, err := s.BatchGet(ctx, keys[:1], aero.WithBins("owner"), aero.WithReplica(aero.ReplicaSequence))
		if err != nil || !res[0].Found || len(res[0].Record.Bins) != 1 || res[0].Record.Bins["owner"] != "ann" {
			t.Errorf("BatchGet WithBins: %+v, %v", res, err)
		}
		items, err := r.BatchGet(ctx, []string{"rich"}, aero.WithBins("Balance"))
		if err != nil || items[0].Value == nil || items[0].Value.Balance != 500 || items[0].Value.Owner != "" {
			t.Errorf("Repo.BatchGet WithBins: %+v, %v", items, err)
		}

		refused := []struct {
			name string
			call func() error
		}{
			{"BatchExists WithBins", func() error { _, err := s.BatchExists(ctx, keys, aero.WithBins("owner")); return err }},
			{"Repo.BatchGet with an unknown read mode", func() error {
				_, err := r.BatchGet(ctx, []string{"rich"}, aero.WithReadModeAP(aero.ReadModeAP(9)))
				return err
			}},
		}
		for _, c := range refused {
			if err := c.call(); !errors.Is(err, aero.ErrInvalidArgument) {
				t.Errorf("%s: got %v, want ErrInvalidArgument", c.name, err)
			}
		}
		res, err = s.BatchOperate(ctx, []aero.BatchEntry{
			{Key: keys[0], Read: []aero.ReadOption{aero.WithReplica(aero.ReplicaMaster)}},
			{Key: keys[0], Read: []aero.ReadOption{aero.WithBins("owner")}, Delete: true},
		})
		if err != nil || !errors.Is(res[0].Err, aero.ErrInvalidArgument) || !errors.Is(res[1].Err, aero.ErrInvalidArgument) {
			t.Errorf("BatchOperate with misplaced read options: %+v, %v", res, err)
		}
	})
}
