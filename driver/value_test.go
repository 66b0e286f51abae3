package driver_test

import (
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
)

// TestComputeDigestVectors checks the digests that aerospike-client-go
// v8.5.0 key_test.go asserts ("Digests should be the same"), set "set".
func TestComputeDigestVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  any
		want string
	}{
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
		{"s", "607cddba7cd111745ef0a3d783d57f0e83c8f311"},
		{strings.Repeat("a", 10), "5979fb32a80da070ff356f7695455592272e36c2"},
		{strings.Repeat("m", 100), "f00ad7dbcb4bd8122d9681bca49b8c2ffd4beeed"},
		{strings.Repeat("t", 1000), "07ac412d4c33b8628ab147b8db244ce44ae527f8"},
		{strings.Repeat("-", 10000), "b42e64afbfccb05912a609179228d9249ea1c1a0"},
		{strings.Repeat("+", 100000), "0a3e888c20bb8958537ddd4ba835e4070bd51740"},
		{[]byte{}, "327e2877b8815c7aeede0d5a8620d4ef8df4a4b4"},
		{[]byte("s"), "ca2d96dc9a184d15a7fa2927565e844e9254e001"},
		{[]byte(strings.Repeat("a", 10)), "d10982327b2b04c7360579f252e164a75f83cd99"},
		{[]byte(strings.Repeat("m", 100)), "475786aa4ee664532a7d1ea69cb02e4695fcdeed"},
		{[]byte(strings.Repeat("t", 1000)), "5a32b507518a49bf47fdaa3deca53803f5b2e8c3"},
		{[]byte(strings.Repeat("-", 10000)), "ed65c63f7a1f8c6697eb3894b6409a95461fd982"},
		{[]byte(strings.Repeat("+", 100000)), "fe19770c371774ba1a1532438d4851b8a773a9e6"},
	}
	for _, tt := range tests {
		d, err := driver.ComputeDigest("set", tt.key)
		if err != nil {
			t.Errorf("ComputeDigest(%T len %d): %v", tt.key, reflect.ValueOf(tt.key).Len(), err)
			continue
		}
		if got := hex.EncodeToString(d[:]); got != tt.want || d.String() != tt.want {
			t.Errorf("ComputeDigest(\"set\", %T %.20v): got %s (String %s), want %s", tt.key, tt.key, got, d.String(), tt.want)
		}
	}
}

// TestDigestMatchesClient compares digests and partitions with the client's
// own Key for keys of every type across sets.
func TestDigestMatchesClient(t *testing.T) {
	t.Parallel()
	keys := []any{int64(42), int64(-42), "user:17", "", []byte{0, 1, 2}, "日本語"}
	for i := range 200 {
		keys = append(keys, int64(i*7919), fmt.Sprintf("k%d", i))
	}
	for _, set := range []string{"", "set", "users", strings.Repeat("x", 63)} {
		for _, k := range keys {
			ck, cerr := as.NewKey("ns", set, k)
			if cerr != nil {
				t.Fatalf("client NewKey(%q, %#v): %v", set, k, cerr)
			}
			dk, err := driver.NewKey("ns", set, k)
			if err != nil {
				t.Fatalf("NewKey(%q, %#v): %v", set, k, err)
			}
			if !reflect.DeepEqual(dk.Digest[:], ck.Digest()) {
				t.Errorf("set %q key %#v: digest %s, client %x", set, k, dk.Digest, ck.Digest())
			}
			if got, want := dk.Digest.Partition(), ck.PartitionId(); got != want {
				t.Errorf("set %q key %#v: partition %d, client %d", set, k, got, want)
			}
		}
	}
}

func TestNewKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      any
		want    any  // normalized user key
		wantErr bool // ParameterError
	}{
		{"int", 7, int64(7), false},
		{"int8", int8(-3), int64(-3), false},
		{"uint16", uint16(9), int64(9), false},
		{"uint64 max int64", uint64(math.MaxInt64), int64(math.MaxInt64), false},
		{"uint64 overflow", uint64(math.MaxInt64) + 1, nil, true},
		{"uint overflow", uint(math.MaxUint), nil, true},
		{"string", "k", "k", false},
		{"bytes", []byte{1}, []byte{1}, false},
		{"nil", nil, nil, true},
		{"float", 1.5, nil, true},
		{"bool", true, nil, true},
		{"list", []any{int64(1)}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, err := driver.NewKey("ns", "set", tt.in)
			if tt.wantErr {
				if c, ok := driver.CodeOf(err); !ok || c != driver.ParameterError {
					t.Fatalf("NewKey(%#v): got key %v err %v, want PARAMETER_ERROR", tt.in, k, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewKey(%#v): %v", tt.in, err)
			}
			if !reflect.DeepEqual(k.UserKey, tt.want) {
				t.Errorf("UserKey = %#v, want %#v", k.UserKey, tt.want)
			}
			d, _ := driver.ComputeDigest("set", tt.want)
			if k.Digest != d || k.Namespace != "ns" || k.Set != "set" {
				t.Errorf("key = %+v, want ns/set and digest %s", k, d)
			}
		})
	}
	// The digest depends on the key's type: 1 and "1" differ.
	a, _ := driver.NewKey("ns", "s", 1)
	b, _ := driver.NewKey("ns", "s", "1")
	c, _ := driver.NewKey("ns", "s", []byte("1"))
	if a.Digest == b.Digest || b.Digest == c.Digest {
		t.Errorf("digests of 1, \"1\" and []byte(\"1\") must differ: %s %s %s", a.Digest, b.Digest, c.Digest)
	}
	if _, err := driver.ComputeDigest("s", 1); err == nil {
		t.Errorf("ComputeDigest with an int (not int64): got nil error, want PARAMETER_ERROR (it takes normalized keys)")
	}
}

func TestKeyString(t *testing.T) {
	t.Parallel()
	k1, _ := driver.NewKey("ns", "set", 5)
	k2, _ := driver.NewKey("ns", "set", []byte{0xab})
	k3 := &driver.Key{Namespace: "ns", Set: "set", Digest: k1.Digest}
	var nilKey *driver.Key
	tests := []struct {
		k    *driver.Key
		want string
	}{
		{k1, "ns:set:5"},
		{k2, "ns:set:0xab"},
		{k3, "ns:set:" + k1.Digest.String()},
		{nilKey, "<nil key>"},
	}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestDigestPartition(t *testing.T) {
	t.Parallel()
	var d driver.Digest
	d[0], d[1] = 0xff, 0xff
	if got := d.Partition(); got != 4095 {
		t.Errorf("Partition of ffff... = %d, want 4095 (12 bits, little endian)", got)
	}
	d[0], d[1] = 0x01, 0x10
	if got := d.Partition(); got != 1 {
		t.Errorf("Partition of 0110... = %d, want 1 (bits above 12 are masked)", got)
	}
	if n := len(driver.AllPartitions()); n != driver.Partitions {
		t.Errorf("AllPartitions has %d entries, want %d", n, driver.Partitions)
	}
	for i, p := range driver.AllPartitions() {
		if p.ID != i || p.Done || p.HasDigest {
			t.Fatalf("AllPartitions()[%d] = %+v, want ID %d, not done, no digest", i, p, i)
		}
	}
}

type myInt int

func cyclicList() []any {
	l := []any{nil}
	l[0] = l
	return l
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      any
		want    any
		wantErr bool
	}{
		{"nil", nil, nil, false},
		{"bool", true, true, false},
		{"int", -5, int64(-5), false},
		{"int32", int32(math.MinInt32), int64(math.MinInt32), false},
		{"uint8", uint8(255), int64(255), false},
		{"uint32", uint32(math.MaxUint32), int64(math.MaxUint32), false},
		{"uint64 ok", uint64(1 << 62), int64(1 << 62), false},
		{"uint64 overflow", uint64(math.MaxUint64), nil, true},
		{"float32", float32(0.5), 0.5, false},
		{"float64", 2.5, 2.5, false},
		{"string", "s", "s", false},
		{"bytes", []byte{1, 2}, []byte{1, 2}, false},
		{"list canonical", []any{int64(1), "a"}, []any{int64(1), "a"}, false},
		{"list to normalize", []any{1, float32(2)}, []any{int64(1), 2.0}, false},
		{"typed slice", []string{"a", "b"}, []any{"a", "b"}, false},
		{"array", [2]int{1, 2}, []any{int64(1), int64(2)}, false},
		{"string map", map[string]any{"a": 1}, map[any]any{"a": int64(1)}, false},
		{"typed map", map[int]string{1: "x"}, map[any]any{int64(1): "x"}, false},
		{"nested", map[string]any{"l": []int{1}}, map[any]any{"l": []any{int64(1)}}, false},
		{"float key", map[float64]int{1.5: 1}, map[any]any{1.5: int64(1)}, false},
		{"bool key", map[bool]int{true: 1}, nil, true},
		{"list key", map[any]any{"ok": 1, 2.5: []any{struct{}{}}}, nil, true},
		{"struct", struct{}{}, nil, true},
		{"pointer", new(int), nil, true},
		{"named int", myInt(3), int64(3), false},
		{"top-level uint64 overflow", uint64(math.MaxUint64), nil, true},
		{"nested uint64 above MaxInt64 (a list element the server keeps)", []any{uint64(math.MaxUint64)}, []any{uint64(math.MaxUint64)}, false},
		{"func", func() {}, nil, true},
		{"keys that normalise to one", map[any]any{int8(1): "a", int64(1): "b"}, nil, true},
		{"cycle", cyclicList(), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := driver.Normalize(tt.in)
			if tt.wantErr {
				if c, ok := driver.CodeOf(err); !ok || c != driver.ParameterError {
					t.Fatalf("Normalize(%#v) = %#v, %v; want PARAMETER_ERROR", tt.in, got, err)
				}
				if msg := err.Error(); !strings.Contains(msg, "not supported") && !strings.Contains(msg, "overflows") &&
					!strings.Contains(msg, "duplicates another key") && !strings.Contains(msg, "levels deep") {
					t.Errorf("error %q does not say what was wrong", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Normalize(%#v): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalize(%#v) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeCopiesNonCanonical(t *testing.T) {
	t.Parallel()
	in := []any{1, []any{int64(2)}}
	out, err := driver.Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	in[0] = 100
	if out.([]any)[0] != int64(1) {
		t.Errorf("Normalize of a non-canonical list must return a fresh list")
	}
}

func TestClone(t *testing.T) {
	t.Parallel()
	orig := map[string]any{
		"b":   []byte{1, 2},
		"l":   []any{int64(1), []any{"x"}, map[any]any{"k": []byte{3}}},
		"m":   map[any]any{"n": map[any]any{int64(1): "one"}},
		"s":   "str",
		"nil": nil,
	}
	c := driver.CloneBins(orig)
	if !reflect.DeepEqual(c, orig) {
		t.Fatalf("CloneBins = %#v, want equal to %#v", c, orig)
	}
	c["b"].([]byte)[0] = 9
	c["l"].([]any)[1].([]any)[0] = "changed"
	c["l"].([]any)[2].(map[any]any)["k"].([]byte)[0] = 9
	c["m"].(map[any]any)["n"].(map[any]any)[int64(1)] = "changed"
	c["new"] = 1
	want := map[string]any{
		"b":   []byte{1, 2},
		"l":   []any{int64(1), []any{"x"}, map[any]any{"k": []byte{3}}},
		"m":   map[any]any{"n": map[any]any{int64(1): "one"}},
		"s":   "str",
		"nil": nil,
	}
	if !reflect.DeepEqual(orig, want) {
		t.Errorf("mutating a clone changed the original: %#v", orig)
	}
	if driver.CloneBins(nil) != nil {
		t.Errorf("CloneBins(nil) must be nil")
	}
	if b := driver.Clone([]byte(nil)); b.([]byte) != nil {
		t.Errorf("Clone of a nil []byte must stay nil")
	}
	// Clone of an empty []byte currently returns a nil []byte (append to
	// nil); the type and length are what matter to callers.
	if e, ok := driver.Clone([]byte{}).([]byte); !ok || len(e) != 0 {
		t.Errorf("Clone of an empty []byte must be an empty []byte")
	}
}

func TestNamesAndConstants(t *testing.T) {
	t.Parallel()
	if driver.MaxBinNameLen != 15 || driver.MaxSetNameLen != 63 || driver.Partitions != 4096 {
		t.Errorf("limits changed: bin %d set %d partitions %d", driver.MaxBinNameLen, driver.MaxSetNameLen, driver.Partitions)
	}
	if driver.TTLNever != 0xFFFFFFFF || driver.TTLKeep != 0xFFFFFFFE || driver.TTLDefault != 0 {
		t.Errorf("TTL constants changed")
	}
	strs := []struct{ got, want string }{
		{driver.OpAdd.String(), "ADD"},
		{driver.OpType(99).String(), "OpType(99)"},
		{driver.BatchDelete.String(), "DELETE"},
		{driver.CreateOnly.String(), "CREATE_ONLY"},
		{driver.IndexString.String(), "STRING"},
		{driver.IndexNumeric.String(), "NUMERIC"},
	}
	for _, s := range strs {
		if s.got != s.want {
			t.Errorf("String() = %q, want %q", s.got, s.want)
		}
	}
	for _, op := range []driver.OpType{driver.OpRead, driver.OpReadHeader} {
		if op.IsWrite() {
			t.Errorf("%s.IsWrite() = true", op)
		}
	}
	for _, op := range []driver.OpType{driver.OpWrite, driver.OpAdd, driver.OpAppend, driver.OpPrepend, driver.OpTouch, driver.OpDelete} {
		if !op.IsWrite() {
			t.Errorf("%s.IsWrite() = false", op)
		}
	}
	f := driver.Filter{Bin: "b", Equal: "x"}
	if f.IndexType() != driver.IndexString {
		t.Errorf("string equality filter needs a STRING index")
	}
	f = driver.Filter{Bin: "b", Begin: 1, End: 2}
	if f.IndexType() != driver.IndexNumeric {
		t.Errorf("range filter needs a NUMERIC index")
	}
}

func TestNormalizeNamedKinds(t *testing.T) {
	t.Parallel()
	type userID string
	type level int8
	type flag bool
	type blob []byte
	type big uint64
	tests := []struct {
		in   any
		want any
		ok   bool
	}{
		{userID("u1"), "u1", true},
		{level(-3), int64(-3), true},
		{flag(true), true, true},
		{blob{1, 2}, []byte{1, 2}, true},
		{[2]byte{3, 4}, []byte{3, 4}, true},
		{big(1 << 63), nil, false},
		{complex(1, 2), nil, false},
	}
	for _, tt := range tests {
		got, err := driver.Normalize(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("Normalize(%T %v) error = %v, want ok=%v", tt.in, tt.in, err, tt.ok)
			continue
		}
		if tt.ok && fmt.Sprintf("%T %v", got, got) != fmt.Sprintf("%T %v", tt.want, tt.want) {
			t.Errorf("Normalize(%T %v) = %T %v, want %T %v", tt.in, tt.in, got, got, tt.want, tt.want)
		}
	}
	if k, err := driver.NewKey("test", "s", userID("u1")); err != nil || k.UserKey != "u1" {
		t.Errorf("NewKey with a named string key = %v, %v", k, err)
	}
}
