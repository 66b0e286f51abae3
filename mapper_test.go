package aero_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
)

// Address is a nested struct stored as a map bin.
type Address struct {
	Street string `aero:"street"`
	City   string `aero:"city"`
	Zip    int    `aero:"zip"`
}

// Profile exercises every kind of field the mapper supports, through the
// Session and the memory backend.
type Profile struct {
	ID       int64             `aero:"id,key"`
	Name     string            `aero:"name"`
	Score    float64           `aero:"score"`
	Active   bool              `aero:"active"`
	Tags     []string          `aero:"tags"`
	Counts   map[string]int    `aero:"counts"`
	ByID     map[int64]string  `aero:"by_id"`
	Home     Address           `aero:"home"`
	Work     *Address          `aero:"work"`
	Born     time.Time         `aero:"born"`
	Blob     []byte            `aero:"blob"`
	Nick     *string           `aero:"nick"`
	Small    uint32            `aero:"small"`
	Timeout  time.Duration     `aero:"timeout"`
	Any      any               `aero:"any"`
	Skip     string            `aero:"-"`
	Optional string            `aero:"opt,omitempty"`
	Gen      uint32            `aero:",gen"`
	TTL      time.Duration     `aero:",ttl"`
	Extra    map[string]any    `aero:"extra"`
	Matrix   [][]int           `aero:"matrix"`
	Fixed    [3]int            `aero:"fixed"`
	Nested   map[string][]bool `aero:"nested"`
}

// setFor returns a set name of the test's own in this run.
func setFor(t *testing.T, s *aero.Session) string { return uniqueSet(t, s, "s") }

func TestRepoRoundTripEveryFieldKind(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		repo, err := aero.NewRepo[Profile, int64](s, setFor(t, s))
		if err != nil {
			t.Fatal(err)
		}
		nick := "ada"
		in := Profile{
			ID: 42, Name: "Ada", Score: 9.5, Active: true,
			Tags:   []string{"a", "b"},
			Counts: map[string]int{"x": 1, "y": -2},
			ByID:   map[int64]string{7: "seven"},
			Home:   Address{Street: "1 Main", City: "London", Zip: 12345},
			Work:   &Address{City: "Cambridge"},
			Born:   time.Date(1815, 12, 10, 8, 30, 0, 123456789, time.UTC),
			Blob:   []byte{0, 1, 2},
			Nick:   &nick, Small: 4000000000, Timeout: 1500 * time.Millisecond,
			Any: "anything", Skip: "not stored",
			Extra:  map[string]any{"k": "v"},
			Matrix: [][]int{{1, 2}, {3}},
			Fixed:  [3]int{1, 2, 3},
			Nested: map[string][]bool{"t": {true, false}},
			TTL:    time.Hour,
		}
		if err := repo.Put(ctx, &in); err != nil {
			t.Fatalf("Put: %v", err)
		}
		if in.Gen != 1 {
			t.Errorf("after the first Put, Gen = %d, want 1", in.Gen)
		}
		out, err := repo.Get(ctx, int64(42))
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if out.TTL <= 59*time.Minute || out.TTL > time.Hour {
			t.Errorf("TTL = %v, want about an hour", out.TTL)
		}
		if !out.Born.Equal(in.Born) {
			t.Errorf("Born = %v, want %v", out.Born, in.Born)
		}
		want := in
		want.Skip = ""
		want.TTL, want.Born = out.TTL, out.Born
		if !reflect.DeepEqual(*out, want) {
			t.Errorf("round trip:\n got %+v\nwant %+v", *out, want)
		}

		// The raw record shows what was stored: no bin for the skipped field,
		// the omitted one, the key or the metadata.
		rec, err := s.Get(ctx, repo.Key(int64(42)))
		if err != nil {
			t.Fatal(err)
		}
		for _, bin := range []string{"Skip", "opt", "id", "gen", "ttl", "Gen", "TTL"} {
			if _, ok := rec.Bins[bin]; ok {
				t.Errorf("bin %q stored, want none", bin)
			}
		}
		if rec.Generation != 1 {
			t.Errorf("Generation = %d", rec.Generation)
		}
	})
}

func TestRepoNilPointerIsAbsentBin(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		repo, err := aero.NewRepo[Profile, int64](s, setFor(t, s))
		if err != nil {
			t.Fatal(err)
		}
		if err := repo.Replace(ctx, &Profile{ID: 1, Name: "x"}); err != nil {
			t.Fatal(err)
		}
		rec, err := s.Get(ctx, repo.Key(int64(1)))
		if err != nil {
			t.Fatal(err)
		}
		for _, bin := range []string{"work", "nick"} {
			if _, ok := rec.Bins[bin]; ok {
				t.Errorf("nil pointer field stored as bin %q", bin)
			}
		}
		got, err := repo.Get(ctx, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		if got.Work != nil || got.Nick != nil {
			t.Errorf("nil pointers read back as %v, %v", got.Work, got.Nick)
		}
	})
}

func TestRepoDecodeErrorNamesFieldAndBin(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		repo, err := aero.NewRepo[Profile, int64](s, setFor(t, s))
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			bins aero.Bins
			want []string
		}{
			{"string into int", aero.Bins{"small": "many"}, []string{"Small", "small", "string"}},
			{"overflow uint32", aero.Bins{"small": int64(1) << 40}, []string{"Small", "small"}},
			{"negative into uint", aero.Bins{"small": int64(-1)}, []string{"Small", "small"}},
			{"int into string", aero.Bins{"name": int64(3)}, []string{"Name", "name"}},
			{"nested wrong", aero.Bins{"home": map[any]any{"zip": "abc"}}, []string{"Home", "Zip"}},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				key := int64(100 + i)
				if err := s.Put(ctx, repo.Key(key), tt.bins); err != nil {
					t.Fatal(err)
				}
				_, err := repo.Get(ctx, key)
				if !errors.Is(err, aero.ErrDecode) || !errors.Is(err, aero.ErrClient) {
					t.Fatalf("err = %v, want ErrDecode", err)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not name %q", err, w)
					}
				}
			})
		}
	})
}

func TestRegisterRejectsUnmappableTypes(t *testing.T) {
	t.Parallel()
	type badChan struct {
		C chan int
	}
	type badName struct {
		X int `aero:"a_bin_name_longer_than_15"`
	}
	type dup struct {
		A int `aero:"same"`
		B int `aero:"same"`
	}
	type badMap struct {
		M map[Address]int
	}
	type inner struct {
		F func()
	}
	type deep struct {
		In inner
	}
	tests := []struct {
		name string
		v    any
		want []string
	}{
		{"chan", badChan{}, []string{"C", "chan"}},
		{"long bin", badName{}, []string{"X", "a_bin_name_longer_than_15"}},
		{"duplicate", dup{}, []string{"same"}},
		{"struct map key", badMap{}, []string{"M"}},
		{"nested func", deep{}, []string{"In.F", "func"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := aero.Register(tt.v)
			if !errors.Is(err, aero.ErrInvalidArgument) {
				t.Fatalf("Register(%T) = %v, want ErrInvalidArgument", tt.v, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
			s := aerotest.NewSession(t)
			if _, err := aero.NewRepo[badChan, string](s, "x"); err == nil {
				t.Error("NewRepo accepted a type with a chan field")
			}
		})
	}
}
