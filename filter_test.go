package aero_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/exp"
)

// TestWithFilter checks conditional writes through the Session and a
// Repo: a record the filter does not match is ErrFilteredOut (a record
// error) and stays as it was; one it matches is written.
func TestWithFilter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	key := aero.Key{Set: "acct", Value: "ann"}
	if err := s.Put(ctx, key, aero.Bins{"balance": 100}); err != nil {
		t.Fatal(err)
	}
	covers := func(n int64) aero.WriteOption {
		return aero.WithFilterExp(exp.GreaterEq(exp.IntBin("balance"), exp.IntVal(n)))
	}
	cases := []struct {
		name string
		call func() error
		want error
	}{
		{"Add with a matching filter", func() error { _, err := s.Add(ctx, key, "balance", -30, covers(30)); return err }, nil},
		{"Add with a filter the record does not match", func() error { _, err := s.Add(ctx, key, "balance", -500, covers(500)); return err }, aero.ErrFilteredOut},
		{"Put with a filter the record does not match", func() error { return s.Put(ctx, key, aero.Bins{"balance": 0}, covers(1000)) }, aero.ErrFilteredOut},
		{"Touch with a filter the record does not match", func() error { return s.Touch(ctx, key, covers(1000)) }, aero.ErrFilteredOut},
		{"Delete with a filter the record does not match", func() error { _, err := s.Delete(ctx, key, covers(1000)); return err }, aero.ErrFilteredOut},
		{"Insert of a new record (the filter is not evaluated on create)", func() error {
			return s.Insert(ctx, aero.Key{Set: "acct", Value: "bob"}, aero.Bins{"balance": 1}, covers(1000))
		}, nil},
	}
	for _, c := range cases {
		err := c.call()
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
		if c.want != nil && !errors.Is(err, aero.ErrRecord) {
			t.Errorf("%s: %v is not in the ErrRecord family", c.name, err)
		}
	}
	rec, err := s.Get(ctx, key)
	if err != nil || rec.Bins["balance"] != int64(70) {
		t.Fatalf("after the writes: %v, %v; want balance 70", rec, err)
	}

	type Account struct {
		ID      string `aero:",key"`
		Balance int64  `aero:"balance"`
	}
	repo, err := aero.NewRepo[Account, string](s, "acct")
	if err != nil {
		t.Fatal(err)
	}
	err = repo.Put(ctx, &Account{ID: "ann", Balance: 0}, covers(1000))
	if !errors.Is(err, aero.ErrFilteredOut) {
		t.Errorf("Repo.Put with a filter the record does not match: got %v, want ErrFilteredOut", err)
	}
	if err := repo.Put(ctx, &Account{ID: "ann", Balance: 5}, covers(70)); err != nil {
		t.Errorf("Repo.Put with a matching filter: %v", err)
	}
}

// TestWithFilterScans checks scans, queries and their pages with a filter
// expression: only matching records come back, and a cursor belongs to its
// filter.
func TestWithFilterScans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := aerotest.NewSession(t)
	type User struct {
		ID  int64 `aero:",key"`
		Age int64 `aero:"age"`
	}
	repo, err := aero.NewRepo[User, int64](s, "users")
	if err != nil {
		t.Fatal(err)
	}
	for i := int64(0); i < 20; i++ {
		if err := repo.Put(ctx, &User{ID: i, Age: i * 5}, aero.WithSendKey(true)); err != nil {
			t.Fatal(err)
		}
	}
	adult := aero.WithFilterExp(exp.GreaterEq(exp.IntBin("age"), exp.IntVal(18)))
	n := 0
	for u, err := range repo.Scan(ctx, adult) {
		if err != nil {
			t.Fatal(err)
		}
		if u.Age < 18 {
			t.Errorf("Repo.Scan with a filter returned age %d", u.Age)
		}
		n++
	}
	if n != 16 {
		t.Errorf("Repo.Scan with a filter: %d records, want 16", n)
	}
	n = 0
	for r, err := range s.Scan(ctx, "users", adult) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		_ = r
	}
	if n != 16 {
		t.Errorf("Session.Scan with a filter: %d records, want 16", n)
	}
	page, err := s.ScanPage(ctx, "users", 5, "", adult)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ScanPage(ctx, "users", 5, page.Next); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("ScanPage resumed without the cursor's filter: got %v, want ErrInvalidArgument", err)
	}
	total := len(page.Items)
	for page.Next != "" {
		if page, err = s.ScanPage(ctx, "users", 5, page.Next, adult); err != nil {
			t.Fatal(err)
		}
		total += len(page.Items)
	}
	if total != 16 {
		t.Errorf("ScanPage with a filter: %d records over the pages, want 16", total)
	}
	bad := aero.WithFilterExp(exp.Eq(exp.IntBin("age"), exp.StringVal("x")))
	var last error
	for _, err := range s.Scan(ctx, "users", bad) {
		last = err
	}
	if !errors.Is(last, aero.ErrInvalidArgument) {
		t.Errorf("Scan with a malformed filter: got %v, want ErrInvalidArgument (PARAMETER_ERROR)", last)
	}
}
