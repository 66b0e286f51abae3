package drivertest

import (
	"context"
	"encoding/hex"
	"fmt"
	"math"
	"strings"

	"github.com/aerokit/aero/driver"
)

// DigestVector is a user key and the digest the Aerospike clients compute for
// it in namespace "namespace", set "set".
type DigestVector struct {
	UserKey any
	Digest  string // hex
}

// DigestVectors are the digests asserted by aerospike-client-go v8.5.0
// key_test.go ("Digests should be the same"), all in set "set". The digest
// does not depend on the namespace.
var DigestVectors = []DigestVector{
	{int64(math.MinInt64), "7185c2a47fb02c996daed26b4e01b83240aee9d4"},
	{int64(math.MaxInt64), "1698328974afa62c8e069860c1516f780d63dbb8"},
	{int64(math.MinInt32), "d635a867b755f8f54cdc6275e6fb437df82a728c"},
	{int64(math.MaxInt32), "fa8c47b8b898af1bbcb20af0d729ca68359a2645"},
	{int64(math.MinInt16), "7f41e9dd1f3fe3694be0430e04c8bfc7d51ec2af"},
	{int64(math.MaxInt16), "309fc9c2619c4f65ff7f4cd82085c3ee7a31fc7c"},
	{int64(math.MinInt8), "93191e549f8f3548d7e2cfc958ddc8c65bcbe4c6"},
	{int64(math.MaxInt8), "a58f7d98bf60e10fe369c82030b1c9dee053def9"},
	{int64(-1), "22116d253745e29fc63fdf760b6e26f7e197e01d"},
	{int64(0), "93d943aae37b017ad7e011b0c1d2e2143c2fb37d"},
	{"", "2819b1ff6e346a43b4f5f6b77a88bc3eaac22a83"},
	{strings.Repeat("s", 1), "607cddba7cd111745ef0a3d783d57f0e83c8f311"},
	{strings.Repeat("a", 10), "5979fb32a80da070ff356f7695455592272e36c2"},
	{strings.Repeat("m", 100), "f00ad7dbcb4bd8122d9681bca49b8c2ffd4beeed"},
	{strings.Repeat("t", 1000), "07ac412d4c33b8628ab147b8db244ce44ae527f8"},
	{strings.Repeat("-", 10000), "b42e64afbfccb05912a609179228d9249ea1c1a0"},
	{strings.Repeat("+", 100000), "0a3e888c20bb8958537ddd4ba835e4070bd51740"},
	{[]byte{}, "327e2877b8815c7aeede0d5a8620d4ef8df4a4b4"},
	{[]byte(strings.Repeat("s", 1)), "ca2d96dc9a184d15a7fa2927565e844e9254e001"},
	{[]byte(strings.Repeat("a", 10)), "d10982327b2b04c7360579f252e164a75f83cd99"},
	{[]byte(strings.Repeat("m", 100)), "475786aa4ee664532a7d1ea69cb02e4695fcdeed"},
	{[]byte(strings.Repeat("t", 1000)), "5a32b507518a49bf47fdaa3deca53803f5b2e8c3"},
	{[]byte(strings.Repeat("-", 10000)), "ed65c63f7a1f8c6697eb3894b6409a95461fd982"},
	{[]byte(strings.Repeat("+", 100000)), "fe19770c371774ba1a1532438d4851b8a773a9e6"},
}

func shortKey(uk any) string {
	switch k := uk.(type) {
	case string:
		if len(k) > 12 {
			return fmt.Sprintf("string(%d bytes)", len(k))
		}
		return fmt.Sprintf("%q", k)
	case []byte:
		if len(k) > 12 {
			return fmt.Sprintf("[]byte(%d bytes)", len(k))
		}
		return fmt.Sprintf("[]byte%q", k)
	}
	return fmt.Sprintf("%T(%v)", uk, uk)
}

// testDigest checks driver.ComputeDigest against the client's vectors, and
// that the backend finds a record by its digest alone and reports the
// client's digest for it.
func testDigest(e *env) {
	for _, v := range DigestVectors {
		d, err := driver.ComputeDigest("set", v.UserKey)
		if !e.wantOK("ComputeDigest", err) {
			continue
		}
		if got := hex.EncodeToString(d[:]); got != v.Digest {
			e.Errorf("ComputeDigest(\"set\", %s): got %s, want %s (aerospike-client-go key_test.go)", shortKey(v.UserKey), got, v.Digest)
		}
	}

	k := e.key("by-digest")
	e.put(k, driver.Bins{"a": int64(1)})
	byDigest := &driver.Key{Namespace: k.Namespace, Set: k.Set, Digest: k.Digest}
	rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{}, byDigest, nil)
	if e.wantOK("Get by a key with only the digest (UserKey nil) must find the record written by its user key", err) {
		e.wantBins("Get by digest", rec.Bins, driver.Bins{"a": int64(1)})
	}
}

// testUserKeyTypes checks that the user key's type is part of its identity
// (the particle type is hashed into the digest): 1, "1" and []byte("1") are
// three records.
func testUserKeyTypes(e *env) {
	keys := []any{int64(1), "1", []byte("1")}
	for i, uk := range keys {
		e.put(e.key(uk), driver.Bins{"i": int64(i)})
	}
	for i, uk := range keys {
		e.wantRecord(fmt.Sprintf("record with user key %s", shortKey(uk)), e.key(uk), driver.Bins{"i": int64(i)})
	}
}

// roundTripValues are written and read back unchanged.
var roundTripValues = driver.Bins{
	"true":      true,
	"false":     false,
	"zero":      int64(0),
	"minus1":    int64(-1),
	"minInt":    int64(math.MinInt64),
	"maxInt":    int64(math.MaxInt64),
	"float":     3.25,
	"negFloat":  -1e300,
	"tinyFlt":   math.SmallestNonzeroFloat64,
	"maxFloat":  math.MaxFloat64,
	"str":       "plain",
	"emptyStr":  "",
	"utf8":      "héllo, 世界 🌍",
	"blob":      []byte{0, 1, 2, 0xfe, 0xff},
	"emptyBlob": []byte{},
	"list":      []any{int64(1), "two", 3.5, true, []byte{4}},
	"emptyList": []any{},
	"nested": []any{
		[]any{int64(1), []any{"deep"}},
		map[any]any{"k": int64(5), int64(6): "six"},
	},
	"map": map[any]any{
		"s":       "v",
		int64(-7): int64(7),
		"list":    []any{int64(1), map[any]any{"in": []byte("x")}},
		"map":     map[any]any{int64(1): map[any]any{"z": 0.5}},
	},
	"emptyMap": map[any]any{},
}

func testRoundTrip(e *env) {
	k := e.key("all-types")
	e.put(k, roundTripValues)
	e.wantRecord("Put then Get of every value type must return the same values and types", k, roundTripValues)

	// One bin per record as well, so that a failure names the type.
	for name, v := range roundTripValues {
		k := e.key("one-" + name)
		if !e.wantOK(fmt.Sprintf("Put of bin %q = %s", name, fmtValue(v)), e.conn.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{name: v})) {
			continue
		}
		e.wantRecord(fmt.Sprintf("round trip of bin %q", name), k, driver.Bins{name: v})
	}
}

// testInputNormalization checks that non-canonical Go types are accepted on
// input and come back canonical (driver.Bins, driver.Normalize).
func testInputNormalization(e *env) {
	k := e.key("normalize")
	e.put(k, driver.Bins{
		"int":    7,
		"int8":   int8(-8),
		"uint32": uint32(32),
		"uint64": uint64(math.MaxInt64),
		"f32":    float32(1.5),
		"strmap": map[string]any{"a": int32(1)},
		"strs":   []string{"x", "y"},
		"ints":   []int{1, 2},
	})
	e.wantRecord("Put with Go integer kinds, float32, map[string]any and typed slices must read back as int64, float64, map[any]any and []any", k, driver.Bins{
		"int":    int64(7),
		"int8":   int64(-8),
		"uint32": int64(32),
		"uint64": int64(math.MaxInt64),
		"f32":    float64(1.5),
		"strmap": map[any]any{"a": int64(1)},
		"strs":   []any{"x", "y"},
		"ints":   []any{int64(1), int64(2)},
	})
}

// testUnsupportedValues checks that values the protocol cannot carry are
// ParameterError, never a panic or a silent conversion, and write nothing.
func testUnsupportedValues(e *env) {
	cases := []struct {
		name string
		v    any
	}{
		{"uint64 above MaxInt64", uint64(math.MaxUint64)},
		{"struct", struct{ A int }{1}},
		{"channel", make(chan int)},
		{"map with a bool key", map[any]any{true: int64(1)}},
		{"list holding a struct", []any{struct{}{}}},
	}
	for _, c := range cases {
		k := e.key("bad-" + c.name)
		err := e.conn.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{"v": c.v})
		e.wantCode(fmt.Sprintf("Put of a %s", c.name), err, driver.ParameterError)
		e.wantMissing(fmt.Sprintf("a rejected Put of a %s must write nothing", c.name), k)
	}
}

// testDeepCopy checks that the backend keeps its own copy of what it stores
// and hands out copies.
func testDeepCopy(e *env) {
	k := e.key("copy")
	list := []any{int64(1), []any{"inner"}, map[any]any{"k": "v"}}
	m := map[any]any{"l": []any{int64(2)}, "b": []byte("bytes")}
	blob := []byte{1, 2, 3}
	bins := driver.Bins{"list": list, "map": m, "blob": blob}
	want := driver.Bins{
		"list": []any{int64(1), []any{"inner"}, map[any]any{"k": "v"}},
		"map":  map[any]any{"l": []any{int64(2)}, "b": []byte("bytes")},
		"blob": []byte{1, 2, 3},
	}
	e.put(k, bins)

	// Mutate everything the caller passed.
	list[0] = int64(100)
	list[1].([]any)[0] = "changed"
	list[2].(map[any]any)["k"] = "changed"
	m["l"].([]any)[0] = int64(200)
	m["b"].([]byte)[0] = 'X'
	m["new"] = "added"
	blob[0] = 99
	bins["extra"] = "added"
	delete(bins, "blob")
	e.wantRecord("mutating the bins, lists, maps and []byte passed to Put must not change the stored record", k, want)

	// Mutate everything a read returned.
	rec := e.get(k)
	if l, ok := rec.Bins["list"].([]any); ok && len(l) == 3 {
		l[0] = int64(-1)
		if inner, ok := l[1].([]any); ok && len(inner) > 0 {
			inner[0] = "mutated"
		}
		if mm, ok := l[2].(map[any]any); ok {
			mm["k"] = "mutated"
		}
	}
	if mm, ok := rec.Bins["map"].(map[any]any); ok {
		mm["new"] = "added"
		if b, ok := mm["b"].([]byte); ok && len(b) > 0 {
			b[0] = 'Y'
		}
	}
	if b, ok := rec.Bins["blob"].([]byte); ok && len(b) > 0 {
		b[0] = 77
	}
	rec.Bins["extra"] = int64(1)
	e.wantRecord("mutating the record returned by Get must not change the stored record", k, want)

	// Operate results are copies too.
	orec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{{Type: driver.OpRead, Bin: "list"}})
	if e.wantOK("Operate read of a list bin", err) && orec != nil {
		if l, ok := orec.Bins["list"].([]any); ok && len(l) > 0 {
			l[0] = int64(-2)
		}
	}
	e.wantRecord("mutating a list returned by Operate must not change the stored record", k, want)
}

// testNilBinDeletes checks that a nil value deletes the bin.
func testNilBinDeletes(e *env) {
	k := e.key("nil")
	e.put(k, driver.Bins{"a": int64(1), "b": int64(2)})
	e.put(k, driver.Bins{"b": nil})
	e.wantRecord("Put of bin b = nil must delete bin b and keep the others", k, driver.Bins{"a": int64(1)})

	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{
		{Type: driver.OpWrite, Bin: "c", Value: "c"},
		{Type: driver.OpWrite, Bin: "a", Value: nil},
	})
	e.mustOK("Operate writing c and deleting a", err)
	e.wantRecord("an OpWrite with a nil Value must delete the bin", k, driver.Bins{"c": "c"})
}

// testGeneration checks that the generation starts at 1 and every write
// (put, operate, touch) adds one; reads do not.
func testGeneration(e *env) {
	k := e.key("gen")
	e.put(k, driver.Bins{"n": int64(0)})
	e.wantGen("generation after the first Put", e.get(k), 1)
	e.put(k, driver.Bins{"n": int64(1)})
	e.wantGen("generation after a second Put", e.get(k), 2)
	rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{{Type: driver.OpAdd, Bin: "n", Value: int64(1)}})
	if e.wantOK("Operate add", err) {
		e.wantGen("generation returned by Operate after a write", rec, 3)
	}
	e.wantGen("generation after Put, Put, Operate", e.get(k), 3)
	e.mustOK("Touch", e.conn.Touch(e.ctx, &driver.WritePolicy{}, k))
	e.wantGen("generation after Put, Put, Operate, Touch", e.get(k), 4)
	rec, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{{Type: driver.OpRead, Bin: "n"}})
	if e.wantOK("Operate read only", err) {
		e.wantGen("a read-only Operate must not change the generation", rec, 4)
	}
	e.wantGen("generation after reads", e.get(k), 4)
}

// testGetHeaderOnly checks that a header-only read returns the generation
// and expiration and no bins.
func testGetHeaderOnly(e *env) {
	k := e.key("header")
	e.put(k, driver.Bins{"a": int64(1), "b": "x"})
	e.put(k, driver.Bins{"a": int64(2)})
	rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{HeaderOnly: true}, k, nil)
	e.mustOK("Get HeaderOnly", err)
	if len(rec.Bins) != 0 {
		e.Errorf("Get HeaderOnly: got bins %s, want none", fmtBins(rec.Bins))
	}
	e.wantGen("Get HeaderOnly", rec, 2)
	if rec.Expiration == 0 {
		e.Errorf("Get HeaderOnly: got expiration 0, want the record's TTL (or TTLNever)")
	}
	rec, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{{Type: driver.OpReadHeader}})
	if e.wantOK("Operate ReadHeader", err) {
		if len(rec.Bins) != 0 {
			e.Errorf("Operate ReadHeader: got bins %s, want none", fmtBins(rec.Bins))
		}
		e.wantGen("Operate ReadHeader", rec, 2)
	}
	_, err = e.conn.Get(e.ctx, &driver.ReadPolicy{HeaderOnly: true}, e.key("header-missing"), nil)
	e.wantCode("Get HeaderOnly of a missing record", err, driver.KeyNotFoundError)
}

// testGetSelectedBins checks that Get with bin names returns only the
// named bins that exist.
func testGetSelectedBins(e *env) {
	k := e.key("select")
	e.put(k, driver.Bins{"a": int64(1), "b": "two", "c": 3.0})
	rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{}, k, []string{"a", "c", "nosuchbin"})
	if e.wantOK("Get with bins [a c nosuchbin]", err) {
		e.wantBins("Get with bins [a c nosuchbin] must return a and c only", rec.Bins, driver.Bins{"a": int64(1), "c": 3.0})
		e.wantGen("Get with bins", rec, 1)
	}
	rec, err = e.conn.Get(e.ctx, &driver.ReadPolicy{}, k, []string{"nosuchbin"})
	if e.wantOK("Get with only a bin that does not exist, of an existing record", err) && len(rec.Bins) != 0 {
		e.Errorf("Get with bins [nosuchbin]: got bins %s, want none", fmtBins(rec.Bins))
	}
	_, err = e.conn.Get(e.ctx, &driver.ReadPolicy{}, e.key("select-missing"), []string{"a"})
	e.wantCode("Get with bins of a missing record", err, driver.KeyNotFoundError)
}

func testGetMissing(e *env) {
	e.wantMissing("a record never written", e.key("never"))
}

// testRecordExistsAction checks each RecordExistsAction on an existing and
// a missing record (server: write.c write_master, AS_MSG_INFO3_UPDATE_ONLY,
// CREATE_OR_REPLACE, REPLACE_ONLY, AS_MSG_INFO2_CREATE_ONLY).
func testRecordExistsAction(e *env) {
	old := driver.Bins{"a": int64(1), "b": int64(2)}
	write := driver.Bins{"b": int64(3), "c": int64(4)}
	cases := []struct {
		action      driver.RecordExistsAction
		existing    bool
		wantCode    driver.ResultCode // OK for success
		wantBins    driver.Bins       // nil: record must not exist
		wantGenNext uint32
	}{
		{driver.Update, true, driver.OK, driver.Bins{"a": int64(1), "b": int64(3), "c": int64(4)}, 2},
		{driver.Update, false, driver.OK, write, 1},
		{driver.UpdateOnly, true, driver.OK, driver.Bins{"a": int64(1), "b": int64(3), "c": int64(4)}, 2},
		{driver.UpdateOnly, false, driver.KeyNotFoundError, nil, 0},
		{driver.Replace, true, driver.OK, write, 2},
		{driver.Replace, false, driver.OK, write, 1},
		{driver.ReplaceOnly, true, driver.OK, write, 2},
		{driver.ReplaceOnly, false, driver.KeyNotFoundError, nil, 0},
		{driver.CreateOnly, true, driver.KeyExistsError, old, 1},
		{driver.CreateOnly, false, driver.OK, write, 1},
	}
	for _, c := range cases {
		state := "a missing"
		if c.existing {
			state = "an existing"
		}
		rule := fmt.Sprintf("Put %s on %s record", c.action, state)
		k := e.key(fmt.Sprintf("rea-%s-%t", c.action, c.existing))
		if c.existing {
			e.put(k, old)
		}
		err := e.conn.Put(e.ctx, &driver.WritePolicy{RecordExists: c.action}, k, write)
		if c.wantCode == driver.OK {
			if !e.wantOK(rule, err) {
				continue
			}
		} else if !e.wantCode(rule, err, c.wantCode) {
			continue
		}
		if c.wantBins == nil {
			e.wantMissing(rule+" must not create it", k)
			continue
		}
		rec := e.wantRecord(rule+": record afterwards", k, c.wantBins)
		e.wantGen(rule+": generation afterwards", rec, c.wantGenNext)
	}
}

// testGenerationPolicy checks GenEqual and GenGreater on put, operate and
// delete (server: rw_utils.c generation_check; a missing record counts as
// generation 0).
func testGenerationPolicy(e *env) {
	eq := func(g uint32) *driver.WritePolicy {
		return &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: g}
	}
	gt := func(g uint32) *driver.WritePolicy {
		return &driver.WritePolicy{GenerationPolicy: driver.GenGreater, Generation: g}
	}

	k := e.key("gen-put")
	e.put(k, driver.Bins{"v": int64(1)}) // gen 1
	e.put(k, driver.Bins{"v": int64(2)}) // gen 2
	e.wantCode("Put GenEqual with a stale generation (1, record at 2)", e.conn.Put(e.ctx, eq(1), k, driver.Bins{"v": int64(3)}), driver.GenerationError)
	e.wantCode("Put GenEqual with a future generation (3, record at 2)", e.conn.Put(e.ctx, eq(3), k, driver.Bins{"v": int64(3)}), driver.GenerationError)
	rec := e.wantRecord("a Put rejected with GENERATION_ERROR must change nothing", k, driver.Bins{"v": int64(2)})
	e.wantGen("a Put rejected with GENERATION_ERROR must not change the generation", rec, 2)
	if e.wantOK("Put GenEqual with the current generation", e.conn.Put(e.ctx, eq(2), k, driver.Bins{"v": int64(3)})) {
		rec = e.wantRecord("Put GenEqual with the current generation", k, driver.Bins{"v": int64(3)})
		e.wantGen("Put GenEqual with the current generation", rec, 3)
	}
	e.wantCode("Put GenGreater with the current generation (3, record at 3)", e.conn.Put(e.ctx, gt(3), k, driver.Bins{"v": int64(4)}), driver.GenerationError)
	e.wantOK("Put GenGreater with a greater generation (5, record at 3)", e.conn.Put(e.ctx, gt(5), k, driver.Bins{"v": int64(4)}))

	missing := e.key("gen-missing")
	e.wantCode("Put GenEqual 1 on a missing record (it has generation 0)", e.conn.Put(e.ctx, eq(1), missing, driver.Bins{"v": int64(1)}), driver.GenerationError)
	e.wantMissing("a Put rejected with GENERATION_ERROR must not create the record", missing)
	e.wantOK("Put GenEqual 0 on a missing record (it has generation 0)", e.conn.Put(e.ctx, eq(0), missing, driver.Bins{"v": int64(1)}))

	ko := e.key("gen-operate")
	e.put(ko, driver.Bins{"n": int64(10)})
	_, err := e.conn.Operate(e.ctx, eq(7), ko, []driver.Operation{{Type: driver.OpAdd, Bin: "n", Value: int64(1)}})
	e.wantCode("Operate GenEqual with a stale generation", err, driver.GenerationError)
	e.wantRecord("an Operate rejected with GENERATION_ERROR must change nothing", ko, driver.Bins{"n": int64(10)})
	rec, err = e.conn.Operate(e.ctx, eq(1), ko, []driver.Operation{{Type: driver.OpAdd, Bin: "n", Value: int64(1)}, {Type: driver.OpRead, Bin: "n"}})
	if e.wantOK("Operate GenEqual with the current generation", err) {
		e.wantBins("Operate GenEqual with the current generation", rec.Bins, driver.Bins{"n": int64(11)})
		e.wantGen("Operate GenEqual with the current generation", rec, 2)
	}

	kd := e.key("gen-delete")
	e.put(kd, driver.Bins{"v": int64(1)})
	_, err = e.conn.Delete(e.ctx, eq(9), kd)
	e.wantCode("Delete GenEqual with a stale generation", err, driver.GenerationError)
	e.wantPresent("a Delete rejected with GENERATION_ERROR must keep the record", kd)
	existed, err := e.conn.Delete(e.ctx, eq(1), kd)
	if e.wantOK("Delete GenEqual with the current generation", err) && !existed {
		e.Errorf("Delete GenEqual with the current generation: got existed=false, want true")
	}
	e.wantMissing("Delete GenEqual with the current generation", kd)
}

// testLimits checks the server's size and name limits.
func testLimits(e *env) {
	limit := e.s.h.MaxRecordSize

	big := e.key("too-big")
	err := e.conn.Put(e.ctx, &driver.WritePolicy{}, big, driver.Bins{"b": make([]byte, limit+1)})
	e.wantCode(fmt.Sprintf("Put of a record over MaxRecordSize (%d bytes of blob, limit %d)", limit+1, limit), err, driver.RecordTooBig)
	e.wantMissing("a Put rejected with RECORD_TOO_BIG must not create the record", big)

	half := e.key("half-size")
	blob := make([]byte, limit/2)
	for i := range blob {
		blob[i] = byte(i)
	}
	if e.wantOK(fmt.Sprintf("Put of a record of half MaxRecordSize (%d bytes)", limit/2), e.conn.Put(e.ctx, &driver.WritePolicy{}, half, driver.Bins{"b": blob})) {
		e.wantRecord("round trip of a large blob", half, driver.Bins{"b": blob})
	}
	// A record grown over the limit by Operate is rejected as well, and the
	// record keeps its old content.
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, half, []driver.Operation{{Type: driver.OpWrite, Bin: "c", Value: make([]byte, limit/2+16)}})
	e.wantCode("Operate growing a record over MaxRecordSize", err, driver.RecordTooBig)

	// Bin names: 15 bytes is the limit (server AS_BIN_NAME_MAX_SZ 16 with the
	// NUL; the client rejects longer names itself with BIN_NAME_TOO_LONG,
	// command.go "Bin name ... too long, it cannot be longer than 15 bytes").
	name15 := strings.Repeat("b", driver.MaxBinNameLen)
	name16 := strings.Repeat("b", driver.MaxBinNameLen+1)
	k := e.key("bin-names")
	if e.wantOK("Put with a bin name of 15 bytes", e.conn.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{name15: int64(15)})) {
		e.wantRecord("bin name of 15 bytes", k, driver.Bins{name15: int64(15)})
	}
	e.wantCode("Put with a bin name of 16 bytes", e.conn.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{name16: int64(16)}), driver.BinNameTooLong)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{{Type: driver.OpWrite, Bin: name16, Value: int64(16)}})
	e.wantCode("Operate write with a bin name of 16 bytes", err, driver.BinNameTooLong)
	e.wantRecord("rejected writes with long bin names must change nothing", k, driver.Bins{name15: int64(15)})
	e.wantMissing("a Put with a 16-byte bin name must not create the record", e.key("bin-name-16-new"))

	// Set names: 63 bytes is the limit (server AS_SET_NAME_MAX_SIZE 64 with
	// the NUL); a longer one makes the write fail in write_master ("set can't
	// be added") with AS_ERR_PARAMETER.
	set63 := (e.set + "_" + strings.Repeat("s", driver.MaxSetNameLen))[:driver.MaxSetNameLen]
	k63 := e.keyIn(e.ns, set63, "k")
	if e.wantOK("Put in a set whose name has 63 bytes", e.conn.Put(e.ctx, &driver.WritePolicy{}, k63, driver.Bins{"a": int64(1)})) {
		e.wantRecord("record in a set with a 63-byte name", k63, driver.Bins{"a": int64(1)})
		e.Cleanup(func() { e.s.truncateQuietly(e.ns, set63) })
	}
	set64 := set63 + "x"
	k64 := e.keyIn(e.ns, set64, "k")
	e.wantCode("Put in a set whose name has 64 bytes", e.conn.Put(e.ctx, &driver.WritePolicy{}, k64, driver.Bins{"a": int64(1)}), driver.ParameterError)
}

// testUnknownNamespace checks that a namespace the backend does not have is
// INVALID_NAMESPACE for every kind of call (the client finds no partition
// map for it: partition.go newInvalidNamespaceError; the server answers
// AS_ERR_NAMESPACE).
func testUnknownNamespace(e *env) {
	const ns = "nosuchns"
	k := e.keyIn(ns, e.set, "k")
	code := driver.InvalidNamespace
	e.wantCode("Put in an unknown namespace", e.conn.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{"a": int64(1)}), code)
	_, err := e.conn.Get(e.ctx, &driver.ReadPolicy{}, k, nil)
	e.wantCode("Get in an unknown namespace", err, code)
	_, err = e.conn.Exists(e.ctx, &driver.ReadPolicy{}, k)
	e.wantCode("Exists in an unknown namespace", err, code)
	_, err = e.conn.Delete(e.ctx, &driver.WritePolicy{}, k)
	e.wantCode("Delete in an unknown namespace", err, code)
	e.wantCode("Touch in an unknown namespace", e.conn.Touch(e.ctx, &driver.WritePolicy{}, k), code)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{{Type: driver.OpAdd, Bin: "n", Value: int64(1)}})
	e.wantCode("Operate in an unknown namespace", err, code)
	rows, err := e.conn.Scan(e.ctx, &driver.QueryRequest{Namespace: ns, Set: e.set})
	if err == nil {
		_, err = rows.Next(e.ctx)
		_ = rows.Close()
	}
	e.wantCode("Scan of an unknown namespace (from Scan or the first Next)", err, code)
}

// testDeleteExists checks Delete's existed result and Exists.
func testDeleteExists(e *env) {
	k := e.key("del")
	existed, err := e.conn.Delete(e.ctx, &driver.WritePolicy{}, k)
	if e.wantOK("Delete of a missing record is not an error", err) && existed {
		e.Errorf("Delete of a missing record: got existed=true, want false")
	}
	e.put(k, driver.Bins{"a": int64(1)})
	e.wantPresent("after Put", k)
	existed, err = e.conn.Delete(e.ctx, &driver.WritePolicy{}, k)
	if e.wantOK("Delete of an existing record", err) && !existed {
		e.Errorf("Delete of an existing record: got existed=false, want true")
	}
	e.wantMissing("after Delete", k)
	existed, err = e.conn.Delete(e.ctx, &driver.WritePolicy{}, k)
	if e.wantOK("second Delete", err) && existed {
		e.Errorf("second Delete of the same record: got existed=true, want false")
	}
	// A deleted record comes back fresh.
	e.put(k, driver.Bins{"b": int64(2)})
	rec := e.wantRecord("Put after Delete must create a fresh record without the old bins", k, driver.Bins{"b": int64(2)})
	e.wantGen("Put after Delete starts a new record", rec, 1)
	e.wantCode("CreateOnly after Delete and re-Put", e.conn.Put(e.ctx, &driver.WritePolicy{RecordExists: driver.CreateOnly}, k, driver.Bins{"c": int64(1)}), driver.KeyExistsError)
}

// testCanceledContext checks that a call with a done context reports the
// context's error.
func testCanceledContext(e *env) {
	k := e.key("ctx")
	e.put(k, driver.Bins{"a": int64(1)})
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	_, err := e.conn.Get(ctx, &driver.ReadPolicy{}, k, nil)
	e.wantCtxErr("Get with a canceled context", err, context.Canceled)
	err = e.conn.Put(ctx, &driver.WritePolicy{}, k, driver.Bins{"a": int64(2)})
	e.wantCtxErr("Put with a canceled context", err, context.Canceled)
	e.wantRecord("a Put with a canceled context must not write", k, driver.Bins{"a": int64(1)})
}
