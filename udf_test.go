package aero_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aerokit/aero"
)

const testLua = `
function get(rec, bin) return rec[bin] end
function setbin(rec, bin, v) rec[bin] = v; aerospike:update(rec); return v end
function fail(rec) error('nope') end
function bump(rec) rec['n'] = (rec['n'] or 0) + 1; aerospike:update(rec) end
function count(s) return s:map(function(r) return 1 end):reduce(function(a, b) return a + b end) end
`

func TestUDFSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var mu sync.Mutex
	var ops []aero.Command
	hook := aero.HookFuncs{AfterFunc: func(_ context.Context, info *aero.OpInfo, _ error, _ time.Duration) {
		mu.Lock()
		ops = append(ops, info.Name)
		mu.Unlock()
	}}
	s, err := aero.Open(ctx, "memory://test", aero.WithHooks(hook))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.RegisterUDF(ctx, "t.lua", []byte(testLua)); err != nil {
		t.Fatal(err)
	}
	err = s.RegisterUDF(ctx, "bad.lua", []byte("function f(\n"))
	if !errors.Is(err, aero.ErrUDF) || !errors.Is(err, aero.ErrServer) {
		t.Errorf("RegisterUDF of bad Lua: %v, want ErrUDF", err)
	}
	mods, err := s.ListUDFs(ctx)
	if err != nil || len(mods) != 1 || mods[0].Name != "t.lua" {
		t.Errorf("ListUDFs = %v, %v", mods, err)
	}
	key := aero.Key{Set: "u", Value: 1}
	if err := s.Put(ctx, key, aero.Bins{"a": 5}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fn   string
		args []any
		opts []aero.WriteOption
		want any
		err  error
		msg  string
	}{
		{"read", "get", []any{"a"}, nil, int64(5), nil, ""},
		{"write", "setbin", []any{"b", "x"}, nil, "x", nil, ""},
		{"failure", "fail", nil, nil, nil, aero.ErrUDF, "t.lua:4: nope"},
		{"missing function", "nosuch", nil, nil, nil, aero.ErrUDF, "function not found"},
		{"generation refused", "get", []any{"a"}, []aero.WriteOption{aero.WithGeneration(1)}, nil, aero.ErrInvalidArgument, ""},
	}
	for _, tt := range tests {
		r, err := s.Apply(ctx, key, aero.UDF{Module: "t", Function: tt.fn}, tt.args, tt.opts...)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%s: err %v, want %v", tt.name, err, tt.err)
			}
			if msg, _ := aero.UDFMessage(err); tt.msg != "" && msg != tt.msg {
				t.Errorf("%s: message %q, want %q", tt.name, msg, tt.msg)
			}
			continue
		}
		if err != nil || r.Value != tt.want {
			t.Errorf("%s: %v, %v; want %v", tt.name, r.Value, err, tt.want)
		}
	}
	var n int
	if err := (aero.Result{Value: int64(7)}).Decode(&n); err != nil || n != 7 {
		t.Errorf("Decode = %d, %v", n, err)
	}
	if err := (aero.Result{Value: "x"}).Decode(&n); !errors.Is(err, aero.ErrDecode) {
		t.Errorf("Decode of a string into an int: %v", err)
	}

	for i := 2; i <= 10; i++ {
		if err := s.Put(ctx, aero.Key{Set: "u", Value: i}, aero.Bins{"a": i}); err != nil {
			t.Fatal(err)
		}
	}
	job, err := s.Background(ctx, "u", nil, aero.BackgroundTask{UDF: aero.UDF{Module: "t", Function: "bump"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := job.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := job.Status(ctx); err != nil || !st.Done || st.RecordsProcessed != 10 {
		t.Errorf("Status = %+v, %v", st, err)
	}
	job, err = s.Background(ctx, "u", nil, aero.BackgroundTask{Ops: []aero.Op{aero.AddOp("n", 10)}})
	if err == nil {
		err = job.Wait(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Get(ctx, aero.Key{Set: "u", Value: 3})
	if err != nil || rec.Bins["n"] != int64(11) {
		t.Errorf("after the jobs: %v, %v", rec, err)
	}
	if _, err := s.Background(ctx, "u", nil, aero.BackgroundTask{Ops: []aero.Op{aero.GetOp("n")}}); !errors.Is(err, aero.ErrInvalidArgument) {
		t.Errorf("Background with a read op: %v", err)
	}
	var got []int
	for v, err := range aero.AggregateAs[int](ctx, s, "u", nil, aero.UDF{Module: "t", Function: "count"}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if len(got) != 1 || got[0] != 10 {
		t.Errorf("count = %v", got)
	}
	for _, err := range s.Aggregate(ctx, "u", nil, aero.UDF{Module: "t", Function: "nosuch"}) {
		if !errors.Is(err, aero.ErrUDF) {
			t.Errorf("Aggregate of a missing function: %v", err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	seen := map[aero.Command]bool{}
	for _, o := range ops {
		seen[o] = true
	}
	for _, want := range []aero.Command{aero.CmdRegisterUDF, aero.CmdListUDFs, aero.CmdApply, aero.CmdBackground, aero.CmdAggregate} {
		if !seen[want] {
			t.Errorf("the hooks never saw %s (saw %v)", want, ops)
		}
	}
}

func TestUDFRepo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type item struct {
		ID string `aero:"id,key"`
		A  int    `aero:"a"`
	}
	repo, err := aero.NewRepo[item, string](s, "items")
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Put(ctx, &item{ID: "x", A: 3}); err != nil {
		t.Fatal(err)
	}
	if err := s.RegisterUDF(ctx, "t.lua", []byte(testLua)); err != nil {
		t.Fatal(err)
	}
	r, err := repo.Apply(ctx, "x", aero.UDF{Module: "t", Function: "get"}, []any{"a"})
	if err != nil || r.Value != int64(3) {
		t.Errorf("Repo.Apply = %v, %v", r, err)
	}
}
