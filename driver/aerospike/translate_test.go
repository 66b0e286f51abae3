package aerospike

import (
	"bytes"
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/msgpack"
)

// TestResultCodeTable checks every result code the client defines: the
// driver knows it under the same value and name, and a client error with it
// becomes a *driver.Error with that code, InDoubt kept, the client's error
// reachable.
func TestResultCodeTable(t *testing.T) {
	t.Parallel()
	seen := 0
	for v := -100; v <= 2000; v++ {
		rc := types.ResultCode(v)
		name := rc.String()
		if strings.HasPrefix(name, "invalid ResultCode") || strings.HasPrefix(name, "Unknown") {
			continue
		}
		seen++
		dc := driver.ResultCode(v)
		if !dc.Known() {
			t.Errorf("client code %d (%s) is unknown to the driver", v, name)
			continue
		}
		if dc.String() != name {
			t.Errorf("code %d: driver name %s, client name %s", v, dc, name)
		}
		for _, inDoubt := range []bool{false, true} {
			cerr := &as.AerospikeError{ResultCode: rc, InDoubt: inDoubt}
			derr := toDriverError(cerr, "get ns:set:1", "")
			// A failure before sending is never in doubt (sentNothing).
			wantDoubt := inDoubt && !sentNothing(cerr)
			if derr.Code != dc || derr.InDoubt != wantDoubt {
				t.Errorf("code %d inDoubt %v: got code %d inDoubt %v", v, inDoubt, derr.Code, derr.InDoubt)
			}
			var ae *as.AerospikeError
			if !errors.As(derr, &ae) || ae.ResultCode != rc {
				t.Errorf("code %d: client error not reachable through errors.As", v)
			}
			if code, ok := driver.CodeOf(derr); !ok || code != dc {
				t.Errorf("code %d: CodeOf = %d, %v", v, code, ok)
			}
		}
	}
	if want := len(driver.AllResultCodes()); seen != want {
		t.Errorf("client defines %d codes, driver.AllResultCodes has %d", seen, want)
	}
}

func TestWrapContext(t *testing.T) {
	t.Parallel()
	c := &Conn{cfg: &Config{}}
	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	canceled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	tests := []struct {
		name    string
		ctx     context.Context
		code    types.ResultCode
		inDoubt bool
		ctxErr  error
	}{
		{"timeout, live ctx", context.Background(), types.TIMEOUT, true, nil},
		{"timeout, deadline passed", past, types.TIMEOUT, true, context.DeadlineExceeded},
		{"network, canceled", canceled, types.NETWORK_ERROR, false, context.Canceled},
		{"generation error, canceled ctx stays the server's answer", canceled, types.GENERATION_ERROR, false, nil},
		{"key not found", context.Background(), types.KEY_NOT_FOUND_ERROR, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := c.wrap(tt.ctx, &as.AerospikeError{ResultCode: tt.code, InDoubt: tt.inDoubt}, "put k")
			code, ok := driver.CodeOf(err)
			if !ok || code != driver.ResultCode(tt.code) {
				t.Fatalf("CodeOf = %v %v, want %v", code, ok, tt.code)
			}
			var de *driver.Error
			errors.As(err, &de)
			if de.InDoubt != tt.inDoubt {
				t.Fatalf("InDoubt = %v", de.InDoubt)
			}
			if tt.ctxErr != nil && !errors.Is(err, tt.ctxErr) {
				t.Fatalf("%v is not %v", err, tt.ctxErr)
			}
			if tt.ctxErr == nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
				t.Fatalf("%v claims a context error", err)
			}
		})
	}
	if c.wrap(context.Background(), nil, "x") != nil {
		t.Fatal("wrap(nil) != nil")
	}
}

func TestInfoError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		resp string
		code driver.ResultCode
		msg  string
	}{
		{"FAIL:201:Index does not exist", driver.IndexNotFound, "Index does not exist"},
		{"ERROR:200:Index with the same name already exists", driver.IndexFound, "already exists"},
		{"fail=4", driver.ParameterError, "fail=4"},
		{"ERROR::bad", driver.ServerError, "bad"},
		{"garbage", driver.ServerError, "garbage"},
	}
	for _, tt := range tests {
		err := infoError(tt.resp, "drop index")
		code, _ := driver.CodeOf(err)
		if code != tt.code || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("infoError(%q) = %v (code %v), want code %v with %q", tt.resp, err, code, tt.code, tt.msg)
		}
	}
}

func TestFromClient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"nil", nil, nil},
		{"int", 42, int64(42)},
		{"int64", int64(math.MinInt64), int64(math.MinInt64)},
		{"float32", float32(1.5), float64(1.5)},
		{"float64", 2.25, 2.25},
		{"bool", true, true},
		{"string", "s", "s"},
		{"bytes", []byte{1, 2}, []byte{1, 2}},
		{"list", []any{1, "a", []any{2}, map[any]any{3: 4}}, []any{int64(1), "a", []any{int64(2)}, map[any]any{int64(3): int64(4)}}},
		{"map int keys", map[any]any{1: []any{2}, "k": 1.5, 2.5: nil}, map[any]any{int64(1): []any{int64(2)}, "k": 1.5, 2.5: nil}},
		{"op results", as.OpResults{1, 2}, []any{int64(1), int64(2)}},
		{"ordered map", []as.MapPair{{Key: 1, Value: 2}, {Key: "b", Value: []any{3}}}, map[any]any{int64(1): int64(2), "b": []any{int64(3)}}},
		{"geojson", as.GeoJSONValue(`{"type":"Point"}`), driver.GeoJSON(`{"type":"Point"}`)},
		{"hll", as.HLLValue{9}, driver.HLL{9}},
		{"blob map key", map[any]any{[2]byte{1, 2}: 1}, map[any]any{[2]byte{1, 2}: int64(1)}},
		{"small ints", []any{int8(-1), int16(2), int32(3), uint8(4), uint16(5), uint32(6), uint64(7)}, []any{int64(-1), int64(2), int64(3), int64(4), int64(5), int64(6), int64(7)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := fromClient(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("fromClient(%#v) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
	for _, bad := range []any{map[any]any{[2]int{1, 2}: 1}, []any{struct{}{}}, map[any]any{true: 1}, uint64(1) << 63} {
		_, err := fromClient(bad)
		if code, _ := driver.CodeOf(err); code != driver.ParseError {
			t.Errorf("fromClient(%#v) = %v, want PARSE_ERROR", bad, err)
		}
	}
	bins, err := binsFromClient(as.BinMap{"a": 1, "b": []any{2}})
	if err != nil || !reflect.DeepEqual(bins, driver.Bins{"a": int64(1), "b": []any{int64(2)}}) {
		t.Fatalf("binsFromClient = %v, %v", bins, err)
	}
	if _, err := binsFromClient(as.BinMap{"bad": struct{}{}}); err == nil || !strings.Contains(err.Error(), `bin "bad"`) {
		t.Fatalf("binsFromClient error %v does not name the bin", err)
	}
}

func TestBinsToClient(t *testing.T) {
	t.Parallel()
	canon := driver.Bins{"a": int64(1), "l": []any{int64(1)}, "n": nil}
	got, err := binsToClient(canon)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.ValueOf(got).UnsafePointer() != reflect.ValueOf(canon).UnsafePointer() {
		t.Error("canonical bins were copied")
	}
	mixed := driver.Bins{"i": 7, "u": uint32(8), "f": float32(0.5), "l": []string{"x"}, "m": map[string]int{"k": 1}, "s": "s"}
	got, err = binsToClient(mixed)
	if err != nil {
		t.Fatal(err)
	}
	// A map goes to the client as a keyOrderedMap, packed in key order.
	want := as.BinMap{"i": int64(7), "u": int64(8), "f": float64(0.5), "l": []any{"x"}, "m": keyOrderedMap{"k": int64(1)}, "s": "s"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("binsToClient = %#v, want %#v", got, want)
	}
	if mixed["i"] != 7 {
		t.Error("caller's bins were modified")
	}
	for _, bad := range []driver.Bins{{"big": uint64(math.MaxUint64)}, {"ch": make(chan int)}, {"mk": map[bool]int{true: 1}}} {
		_, err := binsToClient(bad)
		code, _ := driver.CodeOf(err)
		var name string
		for k := range bad {
			name = k
		}
		if code != driver.ParameterError || !strings.Contains(err.Error(), `bin "`+name+`"`) {
			t.Errorf("binsToClient(%v) = %v, want PARAMETER_ERROR naming the bin", bad, err)
		}
	}
}

func TestOpsToClient(t *testing.T) {
	t.Parallel()
	ops := []driver.Operation{
		{Type: driver.OpRead}, {Type: driver.OpRead, Bin: "a"}, {Type: driver.OpReadHeader},
		{Type: driver.OpWrite, Bin: "a", Value: 1}, {Type: driver.OpWrite, Bin: "a"}, {Type: driver.OpAdd, Bin: "n", Value: 1.5},
		{Type: driver.OpAppend, Bin: "s", Value: "x"}, {Type: driver.OpPrepend, Bin: "s", Value: []byte("y")},
		{Type: driver.OpTouch}, {Type: driver.OpDelete},
	}
	got, hasWrite, err := opsToClient(ops)
	if err != nil || !hasWrite || len(got) != len(ops) {
		t.Fatalf("opsToClient = %d ops, %v, %v", len(got), hasWrite, err)
	}
	_, hasWrite, err = opsToClient(ops[:3])
	if err != nil || hasWrite {
		t.Fatalf("read-only ops: hasWrite %v err %v", hasWrite, err)
	}
	bad := [][]driver.Operation{
		{{Type: driver.OpWrite}},
		{{Type: driver.OpAdd, Bin: "n", Value: "x"}},
		{{Type: driver.OpAppend, Bin: "s", Value: 1}},
		{{Type: driver.OpPrepend, Bin: "s", Value: 1}},
		{{Type: driver.OpWrite, Bin: "v", Value: struct{}{}}},
		{{Type: 99}},
		// A context that crashes a real server is never sent (cdt.Op.Hazard).
		{cdt.ListAppend("l", int64(1)).In(cdt.CtxListIndexCreate(-5, cdt.ListUnordered, true)).Operation()},
	}
	for _, b := range bad {
		if _, _, err := opsToClient(b); err == nil {
			t.Errorf("opsToClient(%+v) succeeded", b)
		} else if code, _ := driver.CodeOf(err); code != driver.ParameterError {
			t.Errorf("opsToClient(%+v) = %v, want PARAMETER_ERROR", b, err)
		}
	}
}

func TestPolicyTranslation(t *testing.T) {
	t.Parallel()
	c := newConn(nil, &Config{Hosts: []Host{{Name: "h", Port: 3000}}, Namespace: "test", MaxRetries: DefaultMaxRetries})
	wp, err := c.writePol(context.Background(), &driver.WritePolicy{
		RecordExists: driver.CreateOnly, GenerationPolicy: driver.GenGreater, Generation: 7,
		Expiration: driver.TTLKeep, SendKey: true, DurableDelete: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if wp.RecordExistsAction != as.CREATE_ONLY || wp.GenerationPolicy != as.EXPECT_GEN_GT || wp.Generation != 7 ||
		wp.Expiration != as.TTLDontUpdate || !wp.SendKey || !wp.DurableDelete {
		t.Fatalf("write policy = %+v", *wp)
	}
	actions := map[driver.RecordExistsAction]as.RecordExistsAction{
		driver.Update: as.UPDATE, driver.UpdateOnly: as.UPDATE_ONLY, driver.Replace: as.REPLACE,
		driver.ReplaceOnly: as.REPLACE_ONLY, driver.CreateOnly: as.CREATE_ONLY,
	}
	for d, want := range actions {
		if got, err := recordExistsAction(d); err != nil || got != want {
			t.Errorf("recordExistsAction(%s) = %v, %v", d, got, err)
		}
	}
	if _, err := recordExistsAction(9); err == nil {
		t.Error("unknown record-exists action accepted")
	}
	gens := map[driver.GenerationPolicy]as.GenerationPolicy{driver.GenNone: as.NONE, driver.GenEqual: as.EXPECT_GEN_EQUAL, driver.GenGreater: as.EXPECT_GEN_GT}
	for d, want := range gens {
		if got, err := generationPolicy(d); err != nil || got != want {
			t.Errorf("generationPolicy(%d) = %v, %v", d, got, err)
		}
	}
	if _, err := generationPolicy(9); err == nil {
		t.Error("unknown generation policy accepted")
	}
	for in, want := range map[uint32]uint32{driver.TTLDefault: as.TTLServerDefault, driver.TTLNever: as.TTLDontExpire, driver.TTLKeep: as.TTLDontUpdate, 60: 60} {
		if got := expiration(in); got != want {
			t.Errorf("expiration(%d) = %d, want %d", in, got, want)
		}
	}

	// The context deadline becomes the total timeout; the socket timeout
	// is no larger.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	rp, err := c.readPol(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rp.TotalTimeout <= 0 || rp.TotalTimeout > 200*time.Millisecond || rp.SocketTimeout != rp.TotalTimeout {
		t.Fatalf("read policy under a 200ms deadline: total %v socket %v", rp.TotalTimeout, rp.SocketTimeout)
	}
	long, cancel2 := context.WithTimeout(context.Background(), time.Hour)
	defer cancel2()
	rp, _ = c.readPol(long)
	if rp.TotalTimeout != as.NewPolicy().TotalTimeout {
		t.Fatalf("a far deadline replaced the configured total timeout: %v", rp.TotalTimeout)
	}
	past, cancel3 := context.WithDeadline(context.Background(), time.Now().Add(-time.Millisecond))
	defer cancel3()
	if _, err := c.readPol(past); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("expired deadline: %v", err)
	}
	c.closed.Store(true)
	if _, err := c.readPol(context.Background()); err == nil {
		t.Fatal("closed conn accepted a call")
	} else if code, _ := driver.CodeOf(err); code != driver.ServerNotAvailable {
		t.Fatalf("closed conn: %v", err)
	}
}

func TestPlanPartitions(t *testing.T) {
	t.Parallel()
	d5 := digestIn(t, 5)
	d9 := digestIn(t, 9)

	all, err := planPartitions(&driver.QueryRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if all.filter.Begin != 0 || all.filter.Count != driver.Partitions || len(all.filter.Partitions) != driver.Partitions || !all.filter.Retry {
		t.Fatalf("all partitions: begin %d count %d parts %d", all.filter.Begin, all.filter.Count, len(all.filter.Partitions))
	}
	for i, ps := range all.filter.Partitions {
		if ps == nil || ps.Id != i || !ps.Retry || ps.Digest != nil {
			t.Fatalf("partition %d: %+v", i, ps)
		}
	}

	req := &driver.QueryRequest{Filter: &driver.Filter{Bin: "b", Equal: int64(42)}, Partitions: []driver.PartitionStatus{
		{ID: 9, Digest: d9, HasDigest: true},
		{ID: 3, Done: true},
		{ID: 5, Digest: d5, HasDigest: true, BVal: 11},
		{ID: 7},
	}}
	pl, err := planPartitions(req)
	if err != nil {
		t.Fatal(err)
	}
	f := pl.filter
	if f.Begin != 5 || f.Count != 5 || len(f.Partitions) != 5 {
		t.Fatalf("filter begin %d count %d len %d, want 5, 5, 5", f.Begin, f.Count, len(f.Partitions))
	}
	if f.Partitions[1] != nil || f.Partitions[3] != nil {
		t.Fatal("unrequested partitions 6 and 8 are in the filter")
	}
	if p := f.Partitions[0]; p.Id != 5 || string(p.Digest) != string(d5[:]) || p.BVal != 11 || !p.Retry {
		t.Fatalf("partition 5: %+v", p)
	}
	if p := f.Partitions[4]; p.Id != 9 || string(p.Digest) != string(d9[:]) || p.BVal != 0 {
		t.Fatalf("partition 9: %+v", p)
	}
	if p := f.Partitions[2]; p.Id != 7 || p.Digest != nil {
		t.Fatalf("partition 7: %+v", p)
	}

	// Partitions() before the end reports what was returned; after a normal
	// end, those the client's tracker left without Retry are done.
	r := &rows{plan: pl}
	var d5b driver.Digest = d5
	d5b[19] ^= 1 // another digest in partition 5 (the partition is in the first bytes)
	r.track(d5b, nil)
	got := r.Partitions()
	if got[2].Digest != d5b || got[1].Done != true || got[0].Done || got[2].Done {
		t.Fatalf("Partitions before end = %+v", got)
	}
	f.Partitions[0].Retry = false
	f.Partitions[2].Retry = false
	r.finished = true
	got = r.Partitions()
	want := map[int]bool{9: false, 3: true, 5: true, 7: true}
	for _, p := range got {
		if p.Done != want[p.ID] {
			t.Errorf("partition %d Done = %v, want %v", p.ID, p.Done, want[p.ID])
		}
	}

	allDone, err := planPartitions(&driver.QueryRequest{Partitions: []driver.PartitionStatus{{ID: 1, Done: true}}})
	if err != nil || allDone.filter != nil {
		t.Fatalf("all done: filter %v err %v", allDone.filter, err)
	}

	for _, bad := range [][]driver.PartitionStatus{
		{{ID: -1}}, {{ID: driver.Partitions}}, {{ID: 2}, {ID: 2}}, {{ID: 4, Digest: d5, HasDigest: true}},
	} {
		if _, err := planPartitions(&driver.QueryRequest{Partitions: bad}); err == nil {
			t.Errorf("planPartitions(%+v) succeeded", bad)
		} else if code, _ := driver.CodeOf(err); code != driver.ParameterError {
			t.Errorf("planPartitions(%+v) = %v", bad, err)
		}
	}
}

// digestIn returns a digest of some key that falls in partition p.
func digestIn(t *testing.T, p int) driver.Digest {
	t.Helper()
	for i := int64(0); ; i++ {
		d, err := driver.ComputeDigest("s", i)
		if err != nil {
			t.Fatal(err)
		}
		if d.Partition() == p {
			return d
		}
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	for _, uk := range []any{int64(7), "k", []byte{1, 2}} {
		dk, err := driver.NewKey("test", "set", uk)
		if err != nil {
			t.Fatal(err)
		}
		ak, err := toClientKey(dk)
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := as.NewKey("test", "set", uk)
		if string(ak.Digest()) != string(ref.Digest()) {
			t.Fatalf("digest of %v differs from the client's", uk)
		}
		back := fromClientKey(ak)
		if !reflect.DeepEqual(back, dk) {
			t.Fatalf("fromClientKey = %+v, want %+v", back, dk)
		}
	}
	if _, err := toClientKey(nil); err == nil {
		t.Fatal("nil key accepted")
	}
	if _, err := toClientKey(&driver.Key{Set: "s"}); err == nil {
		t.Fatal("key without namespace accepted")
	}
}

// Go maps reach the client as keyOrderedMap at any depth, and pack in key
// order, so that a server stores them in key order.
func TestKeyOrderedMaps(t *testing.T) {
	t.Parallel()
	m := map[any]any{"b": int64(2), "a": int64(1), int64(9): "x", "c": map[any]any{"z": int64(1), "y": int64(2)}}
	got := keyOrdered([]any{int64(1), []any{m}})
	inner, ok := got.([]any)[1].([]any)[0].(keyOrderedMap)
	if !ok {
		t.Fatalf("nested map not wrapped: %#v", got)
	}
	if l := []any{int64(1)}; reflect.ValueOf(keyOrdered(l)).UnsafePointer() != reflect.ValueOf(l).UnsafePointer() {
		t.Error("a list without maps was copied")
	}
	buf := &recordingBuffer{}
	n, err := inner.PackMap(buf)
	if err != nil {
		t.Fatal(err)
	}
	size, err := inner.PackMap(nil)
	if err != nil || size != n {
		t.Fatalf("PackMap(nil) = %d, %v; want the size %d", size, err, n)
	}
	packed, err := msgpack.Pack(m)
	if err != nil {
		t.Fatal(err)
	}
	want := packed[len(msgpack.AppendMapHeader(nil, len(m))):]
	if !bytes.Equal(buf.b, want) || n != len(want) {
		t.Fatalf("PackMap wrote % x (%d), want % x (key order)", buf.b, n, want)
	}
}

// recordingBuffer is an as.BufferEx that records what Write is given (the
// only method PackMap calls).
type recordingBuffer struct {
	as.BufferEx
	b []byte
}

func (r *recordingBuffer) Write(p []byte) (int, as.Error) {
	r.b = append(r.b, p...)
	return len(p), nil
}
