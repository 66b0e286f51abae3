package aero_test

import (
	"context"
	"testing"

	"github.com/aerokit/aero"
)

type personV1 struct {
	ID   string `aero:"id,key"`
	Name string `aero:"nm"`
}

// personV2 renamed bin "nm" to "name" (package mapper, "Renaming a bin").
type personV2 struct {
	ID   string `aero:"id,key"`
	Name string `aero:"name,alias=nm"`
	Age  int    `aero:"age"`
}

// TestBinAliasRename follows a bin rename through a Repo on every backend:
// records written before it read through the alias; a Put writes the new
// bin only (the old one stays, and is no longer read); a Modify deletes
// the old bin, which finishes the rename for that record.
func TestBinAliasRename(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "alias")
		v1, err := aero.NewRepo[personV1, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		v2, err := aero.NewRepo[personV2, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		if err := v1.Put(ctx, &personV1{ID: "a", Name: "Ada"}); err != nil {
			t.Fatal(err)
		}
		p, err := v2.Get(ctx, "a")
		if err != nil || p.Name != "Ada" {
			t.Fatalf("Get through the alias = %+v, %v", p, err)
		}

		p.Name = "Ada L."
		if err := v2.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
		rec, err := s.Get(ctx, v2.Key("a"))
		if err != nil {
			t.Fatal(err)
		}
		if rec.Bins["name"] != "Ada L." || rec.Bins["nm"] != "Ada" {
			t.Errorf("after Put: bins %v, want name written and nm left as it was", rec.Bins)
		}
		if p, err := v2.Get(ctx, "a"); err != nil || p.Name != "Ada L." {
			t.Errorf("the current bin must win over the alias: %+v, %v", p, err)
		}

		if _, err := v2.Modify(ctx, "a", func(p *personV2) error { p.Age = 36; return nil }); err != nil {
			t.Fatal(err)
		}
		rec, err = s.Get(ctx, v2.Key("a"))
		if err != nil {
			t.Fatal(err)
		}
		if _, old := rec.Bins["nm"]; old || rec.Bins["name"] != "Ada L." || rec.Bins["age"] != int64(36) {
			t.Errorf("after Modify: bins %v, want the alias bin deleted", rec.Bins)
		}
	})
}
