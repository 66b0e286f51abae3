package aero_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
)

// noResult marks an op that has no result: Value(i) is ErrInvalidArgument.
type noResult struct{}

// TestOperateResultsInOpOrder checks that each op's result comes back at
// its index, whatever the other ops on its bin answered, on every backend.
func TestOperateResultsInOpOrder(t *testing.T) {
	t.Parallel()
	list := func(vs ...any) []any { return vs }
	cases := []struct {
		name string
		seed aero.Bins
		ops  []aero.Op
		want []any // per op: its result, or noResult{}
	}{
		{name: "a list op returning an index list plus a get by index on one bin",
			seed: aero.Bins{"counts": list(5, 6, 7)},
			ops: []aero.Op{
				cdt.ListGetByValue("counts", 6, cdt.ReturnIndex).Operation(),
				cdt.ListGetByIndex("counts", 2, cdt.ReturnValue).Operation(),
			},
			want: []any{list(int64(1)), int64(7)}},
		{name: "writes have no result among the reads of their bin",
			seed: aero.Bins{"n": 1},
			ops:  []aero.Op{aero.PutOp("n", 5), aero.AddOp("n", 1), aero.GetOp("n"), aero.AddOp("n", 1), aero.GetOp("n")},
			want: []any{noResult{}, noResult{}, int64(6), noResult{}, int64(7)}},
		{name: "a read of a missing bin before a write is an empty result",
			seed: aero.Bins{"z": 1},
			ops:  []aero.Op{aero.GetOp("n"), aero.PutOp("n", 1), aero.GetOp("n")},
			want: []any{nil, noResult{}, int64(1)}},
		{name: "a list set has no value, the get after it has",
			seed: aero.Bins{"l": list(1, 2)},
			ops:  []aero.Op{cdt.ListSet("l", 0, 9).Operation(), cdt.ListGet("l", 0).Operation()},
			want: []any{nil, int64(9)}},
		{name: "a list get of a nil element, then of a value",
			seed: aero.Bins{"l": list(nil, 2)},
			ops:  []aero.Op{cdt.ListGet("l", 0).Operation(), cdt.ListGet("l", 1).Operation()},
			want: []any{nil, int64(2)}},
		{name: "the append's size, then the list",
			seed: aero.Bins{"l": list("a")},
			ops:  []aero.Op{cdt.ListAppend("l", "b").Operation(), cdt.ListGetRangeFrom("l", 0).Operation()},
			want: []any{int64(2), list("a", "b")}},
		{name: "ops on several bins, a header read and a touch",
			seed: aero.Bins{"a": "x", "b": 2.5},
			ops:  []aero.Op{aero.TouchOp(), aero.GetOp("a"), aero.GetHeaderOp(), aero.GetOp("b"), aero.AppendOp("a", "y"), aero.GetOp("a")},
			want: []any{noResult{}, "x", noResult{}, 2.5, noResult{}, "xy"}},
		{name: "a read-only Operate reading a bin twice and a missing bin",
			seed: aero.Bins{"n": 3},
			ops:  []aero.Op{aero.GetOp("n"), aero.GetOp("x"), aero.GetOp("n")},
			want: []any{int64(3), nil, int64(3)}},
		{name: "a map op answers in its place",
			seed: aero.Bins{"m": map[string]any{"k": 1}},
			ops: []aero.Op{cdt.MapIncrement(cdt.MapPolicy{}, "m", "k", 2).Operation(), aero.GetOp("m"),
				cdt.MapSize("m").Operation()},
			want: []any{int64(3), map[any]any{"k": int64(3)}, int64(1)}},
		{name: "GetAllOp answers the bins",
			seed: aero.Bins{"a": 1, "b": "two"},
			ops:  []aero.Op{aero.GetAllOp()},
			want: []any{aero.Bins{"a": int64(1), "b": "two"}}},
	}
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		set := uniqueSet(t, s, "opres")
		for i, c := range cases {
			key := aero.Key{Set: set, Value: fmt.Sprint("k", i)}
			if _, err := s.Delete(ctx, key); err != nil {
				t.Fatal(err)
			}
			if err := s.Put(ctx, key, c.seed); err != nil {
				t.Fatalf("%s: seed: %v", c.name, err)
			}
			res, err := s.Operate(ctx, key, c.ops)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if res.Len() != len(c.ops) || res.Key.Value != key.Value || res.Generation == 0 {
				t.Errorf("%s: Len %d, key %v, generation %d", c.name, res.Len(), res.Key, res.Generation)
			}
			for j, want := range c.want {
				got, err := res.Value(j)
				if _, none := want.(noResult); none {
					if !errors.Is(err, aero.ErrInvalidArgument) {
						t.Errorf("%s: op %d: %v, %v; want no result (ErrInvalidArgument)", c.name, j, got, err)
					}
					continue
				}
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("%s: op %d = %#v, %v; want %#v", c.name, j, got, err, want)
				}
			}
		}
	})
}

// TestOperateResultAccessors checks the typed accessors and their errors:
// the op's index, the op and its bin, the types wanted and found; never a
// panic.
func TestOperateResultAccessors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMemory()
	t.Cleanup(func() { _ = s.Close() })
	key := aero.Key{Set: "accessors", Value: 1}
	if err := s.Put(ctx, key, aero.Bins{"i": 7, "f": 1.5, "s": "x", "b": []byte{1}, "t": true,
		"l": []any{"a", "b"}, "m": map[string]any{"k": 1}}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Operate(ctx, key, []aero.Op{aero.GetOp("i"), aero.GetOp("f"), aero.GetOp("s"), aero.GetOp("b"),
		aero.GetOp("t"), aero.GetOp("l"), aero.GetOp("m"), aero.GetOp("missing"), aero.AddOp("i", 1)})
	if err != nil {
		t.Fatal(err)
	}
	ok := func(name string, got, want any, err error) {
		t.Helper()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, %v; want %#v", name, got, err, want)
		}
	}
	i, err := res.Int(0)
	ok("Int(0)", i, int64(7), err)
	f, err := res.Float(1)
	ok("Float(1)", f, 1.5, err)
	str, err := res.String(2)
	ok("String(2)", str, "x", err)
	b, err := res.Bytes(3)
	ok("Bytes(3)", b, []byte{1}, err)
	tr, err := res.Bool(4)
	ok("Bool(4)", tr, true, err)
	l, err := res.List(5)
	ok("List(5)", l, []any{"a", "b"}, err)
	m, err := res.Map(6)
	ok("Map(6)", m, map[any]any{"k": int64(1)}, err)
	var strs []string
	ok("Decode(5, []string)", strs, []string{"a", "b"}, res.Decode(5, &strs))
	var counts map[string]int
	ok("Decode(6, map[string]int)", counts, map[string]int{"k": 1}, res.Decode(6, &counts))

	var nilRes *aero.OperateResult
	for _, c := range []struct {
		name string
		call func() error
		is   error
		text []string
	}{
		{"wrong type", func() error { _, err := res.Int(2); return err }, aero.ErrDecode,
			[]string{`op 2 (READ on bin "s")`, "got string, want int64"}},
		{"list wanted, map found", func() error { _, err := res.List(6); return err }, aero.ErrDecode,
			[]string{`op 6 (READ on bin "m")`, "want []any"}},
		{"empty result", func() error { _, err := res.String(7); return err }, aero.ErrDecode,
			[]string{`op 7 (READ on bin "missing")`, "empty result (nil), want string"}},
		{"a write has no result", func() error { _, err := res.Int(8); return err }, aero.ErrInvalidArgument,
			[]string{`op 8 (ADD on bin "i")`, "has no result"}},
		{"index out of range", func() error { _, err := res.Value(9); return err }, aero.ErrInvalidArgument,
			[]string{"op 9", "out of range (9 ops)"}},
		{"negative index", func() error { _, err := res.Bool(-1); return err }, aero.ErrInvalidArgument,
			[]string{"op -1", "out of range"}},
		{"decode into the wrong type", func() error { var n int; return res.Decode(2, &n) }, aero.ErrDecode,
			[]string{`op 2 (READ on bin "s")`}},
		{"nil result", func() error { _, err := nilRes.Int(0); return err }, aero.ErrInvalidArgument,
			[]string{"op 0", "nil OperateResult"}},
	} {
		err := c.call()
		if !errors.Is(err, c.is) {
			t.Errorf("%s: %v, want %v", c.name, err, c.is)
			continue
		}
		for _, want := range c.text {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q does not say %q", c.name, err, want)
			}
		}
	}
	if got, err := res.Value(7); got != nil || err != nil {
		t.Errorf("Value of an empty result = %v, %v; want nil, nil", got, err)
	}
	if res.Op(8).Type != aero.AddOp("i", 1).Type || nilRes.Len() != 0 || res.Op(99) != (aero.Op{}) {
		t.Errorf("Op(8) = %v, nil Len = %d, Op(99) = %v", res.Op(8), nilRes.Len(), res.Op(99))
	}
}

// Tagged is a struct whose list field's results decode into its type.
type Tagged struct {
	ID   string   `aero:"id,key"`
	Tags []string `aero:"tags"`
	N    int64    `aero:"n"`
}

// TestRepoOperateAndBatchOperate checks typed results on a Repo, one
// record and many, with per-key errors.
func TestRepoOperateAndBatchOperate(t *testing.T) {
	t.Parallel()
	eachBackend(t, nil, func(t *testing.T, s *aero.Session) {
		ctx := context.Background()
		r, err := aero.NewRepo[Tagged, string](s, uniqueSet(t, s, "tagged"))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []*Tagged{{ID: "a", Tags: []string{"x"}, N: 1}, {ID: "b", Tags: []string{"y", "z"}, N: 2}} {
			if err := r.Put(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
		appendTag, err := r.FieldOp(cdt.ListAppend("Tags", "new"))
		if err != nil {
			t.Fatal(err)
		}
		all, err := r.FieldOp(cdt.ListGetRangeFrom("Tags", 0))
		if err != nil {
			t.Fatal(err)
		}
		ops := []aero.Op{appendTag, all, aero.AddOp("n", 10), aero.GetOp("n")}
		res, err := r.Operate(ctx, "a", ops)
		if err != nil {
			t.Fatal(err)
		}
		var tags []string
		size, errSize := res.Int(0)
		n, errN := res.Int(3)
		if err := res.Decode(1, &tags); err != nil || errSize != nil || errN != nil ||
			size != 2 || n != 11 || !reflect.DeepEqual(tags, []string{"x", "new"}) || res.Key.Value != "a" {
			t.Errorf("Repo.Operate: size %d (%v), tags %v (%v), n %d (%v), key %v", size, errSize, tags, err, n, errN, res.Key)
		}

		// "c" holds a string in bin n: its AddOp fails, the others do not.
		if err := s.Put(ctx, r.Key("c"), aero.Bins{"n": "text"}); err != nil {
			t.Fatal(err)
		}
		out, err := r.BatchOperate(ctx, []string{"a", "b", "c"}, ops)
		if err != nil {
			t.Fatalf("BatchOperate: %v (the call succeeded; one record failed)", err)
		}
		if len(out) != 3 || !errors.Is(out[2].Err, aero.ErrBinType) || out[2].Found || out[2].Result != nil ||
			!errors.Is(out.Err(), aero.ErrBinType) {
			t.Fatalf("BatchOperate = %+v", out)
		}
		for i, want := range []struct {
			size, n int64
			tags    []string
		}{{3, 21, []string{"x", "new", "new"}}, {3, 12, []string{"y", "z", "new"}}} {
			it := out[i]
			var tags []string
			size, errSize := it.Result.Int(0)
			n, errN := it.Result.Int(3)
			err := it.Result.Decode(1, &tags)
			if !it.Found || it.Err != nil || errSize != nil || errN != nil || err != nil ||
				size != want.size || n != want.n || !reflect.DeepEqual(tags, want.tags) || it.Key.Value == nil {
				t.Errorf("BatchOperate[%d]: %+v: size %d (%v), n %d (%v), tags %v (%v)", i, it, size, errSize, n, errN, tags, err)
			}
		}
		if _, err := r.BatchOperate(ctx, []string{"a"}, nil); !errors.Is(err, aero.ErrInvalidArgument) {
			t.Errorf("BatchOperate with no ops: %v, want ErrInvalidArgument", err)
		}

		// The Session's BatchOperate: a read entry reports its record, a
		// write entry its results.
		sres, err := s.BatchOperate(ctx, []aero.BatchEntry{
			{Key: r.Key("a"), Read: []aero.ReadOption{aero.WithBins("n")}},
			{Key: r.Key("b"), Ops: []aero.Op{aero.GetOp("n"), aero.AddOp("n", 1), aero.GetOp("n")}},
		})
		if err != nil {
			t.Fatal(err)
		}
		before, errB := sres[1].Result.Int(0)
		after, errA := sres[1].Result.Int(2)
		if sres[0].Record == nil || sres[0].Record.Bins["n"] != int64(21) || sres[0].Result != nil ||
			sres[1].Record != nil || errB != nil || errA != nil || before != 12 || after != 13 {
			t.Errorf("Session.BatchOperate = %+v, %+v: %d (%v), %d (%v)", sres[0], sres[1], before, errB, after, errA)
		}
	})
}

// shapeConn answers every Operate with fixed bins, as a backend that does
// not follow driver.Operation's layout might.
type shapeConn struct {
	driver.Conn
	bins driver.Bins
}

func (c shapeConn) Operate(context.Context, *driver.WritePolicy, *driver.Key, []driver.Operation) (*driver.Record, error) {
	return &driver.Record{Bins: c.bins, Generation: 1}, nil
}

// TestOperateResultBadShape: results a backend laid out otherwise are an
// error naming the op, not a wrong value or a panic.
func TestOperateResultBadShape(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range []struct {
		name string
		bins driver.Bins
	}{
		{"one value for two reads", driver.Bins{"n": int64(1)}},
		{"a list of another length", driver.Bins{"n": []any{int64(1), int64(2), int64(3)}}},
	} {
		s := aero.NewSession(shapeConn{Conn: aerotest.NewSession(t).Conn(), bins: c.bins})
		res, err := s.Operate(ctx, aero.Key{Set: "shape", Value: 1}, []aero.Op{aero.GetOp("n"), aero.GetOp("n")})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if _, err := res.Int(i); !errors.Is(err, aero.ErrDecode) || !strings.Contains(err.Error(), "not a list of one result per op") {
				t.Errorf("%s: Int(%d): %v, want ErrDecode naming the layout", c.name, i, err)
			}
		}
	}
}
