package aerotest

import (
	"reflect"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/wire"
)

// cdtRequest is a write request with one list or map op whose payload is
// given as is.
func cdtRequest(t testing.TB, set string, uk any, opType uint8, payload []byte) *wire.Message {
	t.Helper()
	k, err := driver.NewKey("test", set, uk)
	if err != nil {
		t.Fatal(err)
	}
	return &wire.Message{
		Info2: wire.Info2Write,
		Fields: []wire.Field{
			{Type: wire.FieldNamespace, Data: []byte("test")},
			{Type: wire.FieldSet, Data: []byte(set)},
			{Type: wire.FieldDigest, Data: k.Digest[:]},
		},
		Ops: []wire.Op{{Op: opType, ParticleType: wire.ParticleBlob, Name: "l", Value: payload}},
	}
}

// A payload the server cannot parse is PARAMETER_ERROR (cdt.c
// as_bin_cdt_modify_tr: cdt_process_state_init_from_vec fails), and the
// record is left as it was.
func TestCDTMalformedPayload(t *testing.T) {
	t.Parallel()
	s := NewServer(t)
	seed := driver.Bins{"l": []any{int64(1)}}
	if err := s.Put("test", "bad", "k", seed); err != nil {
		t.Fatal(err)
	}
	deep := make([]byte, 0, 300)
	for i := 0; i < 299; i++ {
		deep = append(deep, 0x91)
	}
	deep = append(deep, 0x01)
	tests := []struct {
		name    string
		payload []byte
		want    driver.ResultCode
	}{
		{"empty", nil, driver.ParameterError},
		{"not an array", []byte{0x05}, driver.ParameterError},
		{"truncated", []byte{0x93, 0x01}, driver.ParameterError},
		{"unknown op code", []byte{0x91, 0x3f}, driver.ParameterError},
		{"too many arguments", []byte{0x95, 0x01, 0x01, 0x00, 0x00, 0x00}, driver.ParameterError},
		{"wildcard stored", []byte{0x92, 0x01, 0xd4, 0xff, 0x00}, driver.ParameterError},
		{"odd context", []byte{0x93, 0xcc, 0xff, 0x91, 0x10, 0x92, 0x01, 0x01}, driver.ParameterError},
		{"value nested too deep", append([]byte{0x92, 0x01}, deep...), driver.ParameterError},
		{"read op sent as modify", []byte{0x91, 0x10}, driver.ParameterError},
		{"bad context type", []byte{0x93, 0xcc, 0xff, 0x92, 0x0f, 0x00, 0x92, 0x01, 0x01}, driver.OPNotApplicable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.single(cdtRequest(t, "bad", "k", wire.OpCDTModify, tt.payload))
			if got := codeOf(err); got != uint8(tt.want) {
				t.Fatalf("result code %d (%v), want %d", got, err, tt.want)
			}
			rec, err := s.Get("test", "bad", "k")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rec.Bins, seed) || rec.Generation != 1 {
				t.Fatalf("record changed: %v gen %d", rec.Bins, rec.Generation)
			}
		})
	}
}

// A key-ordered map and an ordered list keep their flag with the bin: the
// client reads the map back as the server sends it, as []MapPair in key
// order (unpacker.go isMapCDT), and the list sorted.
func TestCDTOrderedReadBack(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	k := mustKey(t, "test", "ord", "k")
	_, err := c.Operate(nil, k,
		as.MapPutItemsOp(as.NewMapPolicy(as.MapOrder.KEY_ORDERED, as.MapWriteMode.UPDATE), "m", map[any]any{"b": 2, "a": 1, "c": 3}),
		as.ListAppendWithPolicyOp(as.NewListPolicy(as.ListOrderOrdered, as.ListWriteFlagsDefault), "l", 3, 1, 2),
	)
	must(t, err)
	rec, err := c.Get(nil, k)
	must(t, err)
	wantMap := []as.MapPair{{Key: "a", Value: 1}, {Key: "b", Value: 2}, {Key: "c", Value: 3}}
	if !reflect.DeepEqual(rec.Bins["m"], wantMap) {
		t.Errorf("key-ordered map read back as %#v, want %#v", rec.Bins["m"], wantMap)
	}
	if !reflect.DeepEqual(rec.Bins["l"], []any{1, 2, 3}) {
		t.Errorf("ordered list read back as %#v", rec.Bins["l"])
	}
	// Later ops without a policy keep the order.
	_, err = c.Operate(nil, k, as.MapPutOp(as.DefaultMapPolicy(), "m", "0", 0), as.ListAppendOp("l", 0))
	must(t, err)
	rec, err = c.Get(nil, k)
	must(t, err)
	if got := rec.Bins["m"].([]as.MapPair); len(got) != 4 || got[0].Key != "0" {
		t.Errorf("after a put: %#v", rec.Bins["m"])
	}
	if !reflect.DeepEqual(rec.Bins["l"], []any{0, 1, 2, 3}) {
		t.Errorf("after an append: %#v", rec.Bins["l"])
	}
}

// FuzzCDTRequest sends arbitrary payloads as list and map ops: the server
// answers with a result code, never panics, and a failure leaves the record
// as it was.
//
//	go test -fuzz=FuzzCDTRequest -fuzztime=10s ./aerotest
func FuzzCDTRequest(f *testing.F) {
	s := NewServer(f)
	for _, op := range []cdt.Op{cdt.ListAppend("l", 1), cdt.ListGetByValueRange("l", 0, cdt.Infinity, cdt.ReturnValue),
		cdt.MapPut(cdt.MapPolicy{Order: cdt.MapKeyOrdered}, "l", "k", []any{1}), cdt.ListSize("l").In(cdt.CtxListIndex(0)),
		cdt.MapIncrement(cdt.MapPolicy{}, "l", "a", 1).In(cdt.CtxMapKeyCreate("x", cdt.MapKeyOrdered))} {
		b, err := op.Payload()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, op.IsWrite())
	}
	seed := driver.Bins{"l": []any{int64(1), []any{int64(2)}, map[any]any{"a": int64(1)}}}
	f.Fuzz(func(t *testing.T, payload []byte, modify bool) {
		if err := s.Put("test", "fz", "k", seed); err != nil {
			t.Fatal(err)
		}
		before, err := s.Get("test", "fz", "k")
		if err != nil {
			t.Fatal(err)
		}
		typ := uint8(wire.OpCDTRead)
		if modify {
			typ = wire.OpCDTModify
		}
		m := cdtRequest(t, "fz", "k", typ, payload)
		if !modify {
			m.Info2 = 0
			m.Info1 = wire.Info1Read
		}
		if _, err := s.single(m); err != nil {
			after, gerr := s.Get("test", "fz", "k")
			if gerr != nil {
				t.Fatal(gerr)
			}
			if !reflect.DeepEqual(after.Bins, before.Bins) || after.Generation != before.Generation {
				t.Fatalf("failed op (%v) changed the record: %v -> %v", err, before.Bins, after.Bins)
			}
		}
	})
}
