package aero_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/exp"
)

// TestErrorTextSaysEachThingOnce: an error names the call, the record, what
// went wrong and the code once each (not "record not found: aerospike:
// KEY_NOT_FOUND_ERROR (2): key ...: record not found"), on every backend,
// and the memory backend's errors do not call themselves "aerospike:".
func TestErrorTextSaysEachThingOnce(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "etext")
		key := func(v string) aero.Key { return aero.Key{Namespace: s.Namespace(), Set: set, Value: v} }
		if err := s.Put(ctx, key("here"), aero.Bins{"n": 1}); err != nil {
			t.Fatal(err)
		}
		where := s.Namespace() + "." + set
		tests := []struct {
			name   string
			call   func() error
			prefix string   // the whole message on memory; aerospike:// adds the node
			once   []string // each appears exactly once
		}{
			{"get of a missing record", func() error { _, err := s.Get(ctx, key("gone")); return err },
				`aero: GET ` + where + ` key="gone": record not found (KEY_NOT_FOUND_ERROR 2)`,
				[]string{"gone", "not found", "KEY_NOT_FOUND", "GET"}},
			{"insert of an existing record", func() error { return s.Insert(ctx, key("here"), aero.Bins{"n": 2}) },
				`aero: PUT ` + where + ` key="here": record already exists (KEY_EXISTS_ERROR 5)`,
				[]string{"here", "exists", "KEY_EXISTS"}},
			{"filtered out", func() error {
				_, err := s.Get(ctx, key("here"), aero.WithFilterExp(exp.Eq(exp.IntBin("n"), exp.IntVal(7))))
				return err
			}, `aero: GET ` + where + ` key="here": record filtered out (FILTERED_OUT 27)`,
				[]string{"here", "filtered out", "FILTERED_OUT"}},
		}
		for _, tt := range tests {
			err := tt.call()
			if err == nil {
				t.Errorf("%s: no error", tt.name)
				continue
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.prefix) {
				t.Errorf("%s: %q\ndoes not start with %q", tt.name, msg, tt.prefix)
			}
			for _, w := range tt.once {
				if n := strings.Count(msg, w); n != 1 {
					t.Errorf("%s: %q says %q %d times", tt.name, msg, w, n)
				}
			}
			for _, w := range []string{"aerospike:", "ResultCode:", "Iteration:", "InDoubt:"} {
				if strings.Contains(msg, w) {
					t.Errorf("%s: %q holds %q", tt.name, msg, w)
				}
			}
		}
	})
}

// TestModifyErrorsNameTheKey: every error of a failed Modify, but fn's own
// (returned as it is), names the record's key.
func TestModifyErrorsNameTheKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := accounts(t, aerotest.NewSession(t))
	if err := r.Put(ctx, &Account{ID: "ann", Owner: "ann", Balance: 1}); err != nil {
		t.Fatal(err)
	}
	mine := errors.New("mine")
	tests := []struct {
		name string
		k    string
		fn   func(*Account) error
		opts []aero.ModifyOption
		want error
	}{
		{"fn changes the key", "ann", func(a *Account) error { a.ID = "bob"; return nil }, nil, aero.ErrInvalidArgument},
		{"nil fn", "ann", nil, nil, aero.ErrInvalidArgument},
		{"WithGeneration", "ann", func(*Account) error { return nil }, []aero.ModifyOption{aero.WithGeneration(3)}, aero.ErrInvalidArgument},
		{"missing record", "nobody", func(*Account) error { return nil }, nil, aero.ErrNotFound},
	}
	for _, tt := range tests {
		_, err := r.Modify(ctx, tt.k, tt.fn, tt.opts...)
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), `key="`+tt.k+`"`) {
			t.Errorf("%s: %v, want %v naming key %q", tt.name, err, tt.want, tt.k)
		}
	}
	if _, err := r.Modify(ctx, "ann", func(*Account) error { return mine }); err != mine {
		t.Errorf("fn's error: %v, want it as it is", err)
	}
}
