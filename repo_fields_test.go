package aero_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/hll"
)

// Visit has fields whose Go names differ from their bins, and one field of
// each kind a single-field operation writes.
type Visit struct {
	ID       string    `aero:",key"`
	Count    int64     `aero:"count,index"`
	At       time.Time `aero:"at"`
	Note     string    `aero:"note,alias=memo"`
	Ratio    float64   `aero:"ratio"`
	Flags    []byte    `aero:"flags"`
	Visitors hll.HLL   `aero:"visitors"`
	Tags     []string  `aero:"tags"`
}

// TestRepoSpeaksFieldNames checks that every Repo method that names a
// field takes its Go name. It reproduces issue 18: Repo.Query(ctx,
// aero.Range("Count", 0, 1)) compiled and failed at run time naming bin
// "Count" (INDEX_NOTFOUND), and Get with WithBins("Note") read no bin and
// left Note empty; a Repo is now queried with Where, and WithBins, Add and
// FieldOp map field names to bins, refusing a name that is not a field
// (the bin's own name included) with an error naming the type and the
// name.
func TestRepoSpeaksFieldNames(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r, err := aero.NewRepo[Visit, string](s, uniqueSet(t, s, "visit"))
		if err != nil {
			t.Fatal(err)
		}
		if err := r.EnsureIndexes(ctx); err != nil {
			t.Fatal(err)
		}
		for _, v := range []*Visit{{ID: "v", Count: 1, Note: "n"}, {ID: "w", Count: 5, Note: "m"}} {
			if err := r.Put(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
		q, err := r.Where(aero.Field[Visit]("Count").Between(0, 1), aero.RequireIndex())
		if err != nil {
			t.Fatal(err)
		}
		got, err := aero.Collect(q.All(ctx, aero.WithBins("Count")))
		if err != nil || len(got) != 1 || got[0].ID != "v" || got[0].Count != 1 || got[0].Note != "" {
			t.Errorf("Where(Count in [0, 1]).All(WithBins(Count)) = %+v, %v", got, err)
		}
		page, err := q.Page(ctx, 10, "", aero.WithBins("Note"))
		if err != nil || len(page.Items) != 1 || page.Items[0].Note != "n" || page.Items[0].Count != 0 {
			t.Errorf("Page(WithBins(Note)) = %+v, %v", page, err)
		}
		v, err := r.Get(ctx, "v", aero.WithBins("Note"))
		if err != nil || v.Note != "n" || v.Count != 0 {
			t.Errorf("Get WithBins(Note) = %+v, %v", v, err)
		}
		items, err := r.BatchGet(ctx, []string{"v", "w"}, aero.WithBins("Count"))
		if err != nil || len(items) != 2 || items[1].Value == nil || items[1].Value.Count != 5 || items[1].Value.Note != "" {
			t.Errorf("BatchGet WithBins(Count) = %+v, %v", items, err)
		}
		scanned, err := aero.Collect(r.Scan(ctx, aero.WithBins("Note")))
		if err != nil || len(scanned) != 2 || scanned[0].Note == "" || scanned[0].Count != 0 {
			t.Errorf("Scan WithBins(Note) = %+v, %v", scanned, err)
		}
		if _, err := r.Get(ctx, "v", aero.WithBins("count")); err == nil || !strings.Contains(err.Error(), `Visit.count: no such field: "count" is a bin of field Count`) {
			t.Errorf("Get WithBins(count) = %v, want an error naming Visit, the name and its field", err)
		}
		if n, err := r.Add(ctx, "v", "Count", 2); err != nil || n != 3 {
			t.Errorf("Add(Count, 2) = %d, %v; want 3", n, err)
		}

		bad := []struct {
			name string
			call func() error
		}{
			{"Where on a bin name", func() error { _, err := r.Where(aero.Field[Visit]("count").Eq(1)); return err }},
			{"WithIndex of a bin name", func() error { _, err := r.Where(aero.Field[Visit]("Count").Eq(1), aero.WithIndex("count")); return err }},
			{"Get WithBins of a bin name", func() error { _, err := r.Get(ctx, "v", aero.WithBins("count")); return err }},
			{"BatchGet WithBins of a bin name", func() error { _, err := r.BatchGet(ctx, []string{"v"}, aero.WithBins("note")); return err }},
			{"Scan WithBins of a bin name", func() error { _, err := aero.Collect(r.Scan(ctx, aero.WithBins("count"))); return err }},
			{"ScanPage WithBins of a bin name", func() error { _, err := r.ScanPage(ctx, 5, "", aero.WithBins("count")); return err }},
			{"All WithBins of a bin name", func() error { _, err := aero.Collect(q.All(ctx, aero.WithBins("count"))); return err }},
			{"Add of a bin name", func() error { _, err := r.Add(ctx, "v", "count", 1); return err }},
			{"Add to a string field", func() error { _, err := r.Add(ctx, "v", "Note", 1); return err }},
			{"FieldOp of a bin name", func() error { _, err := r.FieldOp(cdt.ListAppend("tags", "x")); return err }},
		}
		for _, tt := range bad {
			err := tt.call()
			if !errors.Is(err, aero.ErrInvalidArgument) || !strings.Contains(err.Error(), "Visit") {
				t.Errorf("%s: %v, want ErrInvalidArgument naming Visit", tt.name, err)
			}
		}
	})
}

// TestFieldOpWritesOneField checks FieldOp's scalar, bit and HLL
// operations. It reproduces issue 18: a time.Time field could be written
// alone only with its bin name and an Op of the raw value, which every
// backend refused (PARAMETER_ERROR: value of type time.Time is not
// supported); FieldOp now stores the value as the mapper encodes the
// field (Unix nanoseconds), checks each op against the field's kind, and
// the record decodes after every accepted op.
func TestFieldOpWritesOneField(t *testing.T) {
	t.Parallel()
	at := time.Unix(1700000000, 123)
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r, err := aero.NewRepo[Visit, string](s, uniqueSet(t, s, "visitop"))
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Put(ctx, &Visit{ID: "v", Count: 1, Note: "n", Ratio: 1, Flags: []byte{0}}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			op   aero.FieldOperation
			ok   bool
		}{
			{"a time.Time put alone", aero.PutOp("At", at), true},
			{"a time.Duration added to a time", aero.AddOp("At", time.Second), true},
			{"an int32 put into an int64 field", aero.PutOp("Count", int32(7)), true},
			{"an integer added to an integer", aero.AddOp("Count", 2), true},
			{"a float added to a float", aero.AddOp("Ratio", 0.5), true},
			{"a string appended", aero.AppendOp("Note", "!"), true},
			{"a string prepended", aero.PrependOp("Note", ">"), true},
			{"bytes appended to a []byte", aero.AppendOp("Flags", []byte{0x0f}), true},
			{"a read", aero.GetOp("Count"), true},
			{"a bit op on a []byte", bitop.Set(bitop.WriteDefault, "Flags", 0, 8, []byte{0x80}), true},
			{"an HLL op on an HLL", hll.Add("Visitors", []any{"a", "b"}, 8, 0, hll.WriteDefault), true},
			{"a list op still", cdt.ListAppend("Tags", "go"), true},

			{"a string put into a time", aero.PutOp("At", "noon"), false},
			{"a string put into an integer", aero.PutOp("Count", "x"), false},
			{"a float added to an integer", aero.AddOp("Count", 1.5), false},
			{"an integer added to a float", aero.AddOp("Ratio", 1), false},
			{"an integer added to a string", aero.AddOp("Note", 1), false},
			{"a string appended to an integer", aero.AppendOp("Count", "x"), false},
			{"bytes appended to a string", aero.AppendOp("Note", []byte{1}), false},
			{"a bit op on a string", bitop.Set(bitop.WriteDefault, "Note", 0, 8, []byte{0x80}), false},
			{"an HLL op on a []byte", hll.Add("Flags", []any{"a"}, 8, 0, hll.WriteDefault), false},
			{"a put by bin name", aero.PutOp("at", at), false},
			{"a record op", aero.TouchOp(), false},
			{"no op", nil, false},
		}
		for _, tt := range tests {
			op, err := r.FieldOp(tt.op)
			if (err == nil) != tt.ok {
				t.Errorf("%s: FieldOp err = %v, want ok %v", tt.name, err, tt.ok)
				continue
			}
			if err != nil {
				if !errors.Is(err, aero.ErrInvalidArgument) || !strings.Contains(err.Error(), "Visit") {
					t.Errorf("%s: %v, want ErrInvalidArgument naming Visit", tt.name, err)
				}
				continue
			}
			if _, err := r.Operate(ctx, "v", []aero.Op{op}); err != nil {
				t.Errorf("%s: Operate: %v", tt.name, err)
			}
		}
		v, err := r.Get(ctx, "v")
		if err != nil {
			t.Fatalf("Get after the field ops: %v", err)
		}
		if want := at.Add(time.Second); !v.At.Equal(want) || v.Count != 9 || v.Ratio != 1.5 || v.Note != ">n!" ||
			string(v.Flags) != "\x80\x0f" || len(v.Visitors) == 0 || len(v.Tags) != 1 {
			t.Errorf("record after the field ops: %+v (At want %v)", v, want)
		}
	})
}

// Shout is stored upper-cased by its own encoding.
type Shout string

func (s Shout) MarshalAero() (any, error) { return strings.ToUpper(string(s)), nil }

func (s *Shout) UnmarshalAero(x any) error {
	str, ok := x.(string)
	if !ok {
		return errors.New("not a string")
	}
	*s = Shout(str)
	return nil
}

// TestFieldOpPutUsesTheFieldsCodec checks that a value put into a field
// alone is stored as the field's own encoding stores it, even when given as
// a value of the field's underlying type: a plain string put into a Shout
// field is upper-cased, as Put of the struct would store it.
func TestFieldOpPutUsesTheFieldsCodec(t *testing.T) {
	t.Parallel()
	type Loud struct {
		ID   string `aero:",key"`
		Name Shout  `aero:"name"`
	}
	s := aerotest.NewSession(t)
	ctx := context.Background()
	r, err := aero.NewRepo[Loud, string](s, "loud")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{"ada", Shout("ada")} {
		op, err := r.FieldOp(aero.PutOp("Name", v))
		if err != nil {
			t.Fatal(err)
		}
		if op.Bin != "name" || op.Value != "ADA" {
			t.Errorf("FieldOp(PutOp(Name, %T)) = %+v, want bin name, value ADA", v, op)
		}
		if _, err := r.Operate(ctx, "l", []aero.Op{op}); err != nil {
			t.Fatal(err)
		}
		got, err := r.Get(ctx, "l")
		if err != nil || got.Name != "ADA" {
			t.Errorf("Get after FieldOp(PutOp(Name, %T)) = %+v, %v", v, got, err)
		}
	}
}
