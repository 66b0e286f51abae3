package aero_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/hll"
)

// Page keeps its distinct visitors in an HLL bin, written by HLL operations
// and read back into a typed field.
type Page struct {
	URL      string  `aero:"url,key"`
	Title    string  `aero:"title"`
	Visitors hll.HLL `aero:"visitors"`
}

// TestHLLFieldStaysAnHLLBin checks that a struct field of type hll.HLL is
// stored as an HLL bin, not a blob: after a Get and a Put of the struct, HLL
// operations still work on the bin (on a blob the server answers
// BIN_TYPE_ERROR: particle_hll.c), and a blob bin does not decode into it.
func TestHLLFieldStaysAnHLLBin(t *testing.T) {
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "hll")
		pages, err := aero.NewRepo[Page, string](s, set)
		if err != nil {
			t.Fatal(err)
		}
		visitors := make([]any, 300)
		for i := range visitors {
			visitors[i] = fmt.Sprintf("user-%d", i)
		}
		key := aero.Key{Set: set, Value: "/home"}
		if _, err := s.Operate(ctx, key, []aero.Op{hll.Add("visitors", visitors, 10, 0, hll.WriteDefault).Operation()}); err != nil {
			t.Fatal(err)
		}
		p, err := pages.Get(ctx, "/home")
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Visitors) == 0 {
			t.Fatal("Visitors is empty after Get")
		}
		p.Title = "Home"
		if err := pages.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
		res, err := s.Operate(ctx, key, []aero.Op{hll.GetCount("visitors").Operation()})
		if err != nil {
			t.Fatalf("HLL GetCount after a Put of the struct: %v (was the bin written as a blob?)", err)
		}
		if n, err := res.Int(0); err != nil || n < 270 || n > 330 {
			t.Fatalf("GetCount = %d, %v, want about 300", n, err)
		}

		// A blob bin is not an HLL: decoding it into the field fails, naming it.
		if err := s.Put(ctx, aero.Key{Set: set, Value: "/blob"}, aero.Bins{"url": "/blob", "visitors": []byte{1, 2, 3}}); err != nil {
			t.Fatal(err)
		}
		_, err = pages.Get(ctx, "/blob")
		if !errors.Is(err, aero.ErrDecode) {
			t.Fatalf("Get of a blob into an hll.HLL field = %v, want ErrDecode", err)
		}
	})
}
