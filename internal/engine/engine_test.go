package engine

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
)

func TestNewConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
		code driver.ResultCode
	}{
		{"ok", Config{Namespaces: []NamespaceConfig{{Name: "a"}}}, driver.OK},
		{"none", Config{}, driver.ParameterError},
		{"empty name", Config{Namespaces: []NamespaceConfig{{Name: ""}}}, driver.ParameterError},
		{"long name", Config{Namespaces: []NamespaceConfig{{Name: strings.Repeat("n", 32)}}}, driver.ParameterError},
		{"dup", Config{Namespaces: []NamespaceConfig{{Name: "a"}, {Name: "a"}}}, driver.ParameterError},
		{"negative size", Config{Namespaces: []NamespaceConfig{{Name: "a", MaxRecordSize: -1}}}, driver.ParameterError},
		{"ttl too big", Config{Namespaces: []NamespaceConfig{{Name: "a", DefaultTTL: MaxTTL + 1}}}, driver.ParameterError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tt.cfg)
			wantCode(t, err, tt.code)
		})
	}
	e, err := New(Config{Namespaces: []NamespaceConfig{{Name: "b"}, {Name: "a"}}})
	wantCode(t, err, driver.OK)
	if got := e.Namespaces(); !reflect.DeepEqual(got, []string{"b", "a"}) {
		t.Errorf("Namespaces = %v", got)
	}
	if nc, ok := e.Namespace("a"); !ok || nc.MaxRecordSize != DefaultMaxRecordSize {
		t.Errorf("Namespace(a) = %+v, %v", nc, ok)
	}
}

func TestManualClock(t *testing.T) {
	t.Parallel()
	c := NewManualClock(t0)
	if !c.Now().Equal(t0) {
		t.Fatalf("Now = %v", c.Now())
	}
	if got := c.Advance(time.Minute); !got.Equal(t0.Add(time.Minute)) {
		t.Fatalf("Advance = %v", got)
	}
	c.Set(t0)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				c.Advance(time.Second)
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
	if got := c.Now().Sub(t0); got != 800*time.Second {
		t.Fatalf("after concurrent advances: %v", got)
	}
}

func TestPutGetGenerationAndCopies(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "s", "k1")
	blob := []byte{1, 2, 3}
	list := []any{int64(1), "x"}
	mustPut(t, e, nil, k, driver.Bins{"b": blob, "l": list, "i": 7, "f": float32(1.5), "m": map[string]any{"a": 1}})
	blob[0], list[0] = 9, "changed" // the engine must have copied them

	r := mustGet(t, e, k)
	want := driver.Bins{"b": []byte{1, 2, 3}, "l": []any{int64(1), "x"}, "i": int64(7), "f": 1.5, "m": map[any]any{"a": int64(1)}}
	if !reflect.DeepEqual(r.Bins, want) {
		t.Fatalf("bins = %#v, want %#v", r.Bins, want)
	}
	if r.Generation != 1 || r.Expiration != driver.TTLNever {
		t.Fatalf("gen %d exp %d, want 1 and never", r.Generation, r.Expiration)
	}
	r.Bins["b"].([]byte)[0] = 42 // must not reach the store
	r.Bins["l"].([]any)[0] = "x"
	if r2 := mustGet(t, e, k); !reflect.DeepEqual(r2.Bins, want) {
		t.Fatalf("store changed through a returned record: %#v", r2.Bins)
	}
	for i := 2; i <= 4; i++ {
		mustPut(t, e, nil, k, driver.Bins{"i": i})
		if g := mustGet(t, e, k).Generation; g != uint32(i) {
			t.Fatalf("generation after write %d = %d", i, g)
		}
	}
	if _, err := e.Touch(nil, k); err != nil {
		t.Fatal(err)
	}
	if g := mustGet(t, e, k).Generation; g != 5 {
		t.Fatalf("generation after touch = %d, want 5", g)
	}
}

func TestGetVariants(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "s", 1)
	mustPut(t, e, nil, k, driver.Bins{"a": 1, "b": "x"})
	tests := []struct {
		name   string
		key    *driver.Key
		bins   []string
		header bool
		want   driver.Bins
		code   driver.ResultCode
	}{
		{"all", k, nil, false, driver.Bins{"a": int64(1), "b": "x"}, driver.OK},
		{"named", k, []string{"a", "zz"}, false, driver.Bins{"a": int64(1)}, driver.OK},
		{"empty list", k, []string{}, false, driver.Bins{}, driver.OK},
		{"header", k, nil, true, nil, driver.OK},
		{"missing", mkKey(t, "test", "s", 2), nil, false, nil, driver.KeyNotFoundError},
		{"bad ns", mkKey(t, "nope", "s", 1), nil, false, nil, driver.InvalidNamespace},
		{"nil key", nil, nil, false, nil, driver.ParameterError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := e.Get(tt.key, tt.bins, tt.header)
			wantCode(t, err, tt.code)
			if err != nil {
				return
			}
			if !reflect.DeepEqual(r.Bins, tt.want) {
				t.Fatalf("bins = %#v, want %#v", r.Bins, tt.want)
			}
			if r.Generation != 1 {
				t.Fatalf("generation = %d", r.Generation)
			}
		})
	}
}

func TestRecordExistsActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action   driver.RecordExistsAction
		exists   bool
		code     driver.ResultCode
		wantBins driver.Bins
	}{
		{driver.Update, false, driver.OK, driver.Bins{"n": int64(2)}},
		{driver.Update, true, driver.OK, driver.Bins{"o": int64(1), "n": int64(2)}},
		{driver.UpdateOnly, false, driver.KeyNotFoundError, nil},
		{driver.UpdateOnly, true, driver.OK, driver.Bins{"o": int64(1), "n": int64(2)}},
		{driver.Replace, false, driver.OK, driver.Bins{"n": int64(2)}},
		{driver.Replace, true, driver.OK, driver.Bins{"n": int64(2)}},
		{driver.ReplaceOnly, false, driver.KeyNotFoundError, nil},
		{driver.ReplaceOnly, true, driver.OK, driver.Bins{"n": int64(2)}},
		{driver.CreateOnly, false, driver.OK, driver.Bins{"n": int64(2)}},
		{driver.CreateOnly, true, driver.KeyExistsError, driver.Bins{"o": int64(1)}},
	}
	for _, tt := range tests {
		t.Run(tt.action.String()+map[bool]string{true: "/exists", false: "/missing"}[tt.exists], func(t *testing.T) {
			t.Parallel()
			e, _ := newEngine(t)
			k := mkKey(t, "test", "", "k")
			if tt.exists {
				mustPut(t, e, nil, k, driver.Bins{"o": 1})
			}
			err := e.Put(&driver.WritePolicy{RecordExists: tt.action}, k, driver.Bins{"n": 2})
			wantCode(t, err, tt.code)
			r, err := e.Get(k, nil, false)
			if tt.wantBins == nil {
				wantCode(t, err, driver.KeyNotFoundError)
				return
			}
			wantCode(t, err, driver.OK)
			if !reflect.DeepEqual(r.Bins, tt.wantBins) {
				t.Fatalf("bins = %v, want %v", r.Bins, tt.wantBins)
			}
		})
	}
}

func TestGenerationPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		exists bool // record at generation 2
		pol    driver.GenerationPolicy
		gen    uint32
		code   driver.ResultCode
	}{
		{"eq match", true, driver.GenEqual, 2, driver.OK},
		{"eq mismatch", true, driver.GenEqual, 1, driver.GenerationError},
		{"gt ok", true, driver.GenGreater, 3, driver.OK},
		{"gt equal", true, driver.GenGreater, 2, driver.GenerationError},
		// A missing record has generation 0 (write_master runs
		// generation_check on the created record).
		{"eq missing 0", false, driver.GenEqual, 0, driver.OK},
		{"eq missing 1", false, driver.GenEqual, 1, driver.GenerationError},
		{"gt missing", false, driver.GenGreater, 1, driver.OK},
		{"none", true, driver.GenNone, 99, driver.OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, _ := newEngine(t)
			k := mkKey(t, "test", "", "k")
			if tt.exists {
				mustPut(t, e, nil, k, driver.Bins{"a": 1})
				mustPut(t, e, nil, k, driver.Bins{"a": 2})
			}
			p := &driver.WritePolicy{GenerationPolicy: tt.pol, Generation: tt.gen}
			if tt.exists {
				existed, err := e.Delete(p, k)
				wantCode(t, err, tt.code)
				if existed != (err == nil) {
					t.Fatalf("Delete existed = %v with err %v", existed, err)
				}
				if err == nil {
					return
				}
			}
			wantCode(t, e.Put(p, k, driver.Bins{"a": 3}), tt.code)
		})
	}
}

func TestGenerationWraps(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "", "k")
	if err := e.SetRecord(k, Seed{Bins: driver.Bins{"a": 1}, Generation: 65535}); err != nil {
		t.Fatal(err)
	}
	if g := mustGet(t, e, k).Generation; g != 65535 {
		t.Fatalf("seeded generation = %d", g)
	}
	mustPut(t, e, nil, k, driver.Bins{"a": 2})
	if g := mustGet(t, e, k).Generation; g != 1 {
		t.Fatalf("generation after 65535 = %d, want 1 (0 is skipped)", g)
	}
}

func TestTTL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ns      string
		first   uint32 // expiration of the first write
		second  *uint32
		wantTTL uint32 // right after the last write
	}{
		{"default never", "test", driver.TTLDefault, nil, driver.TTLNever},
		{"default ns", "ttl", driver.TTLDefault, nil, 100},
		{"explicit", "test", 50, nil, 50},
		{"never in ttl ns", "ttl", driver.TTLNever, nil, driver.TTLNever},
		{"keep on create", "ttl", driver.TTLKeep, nil, 100},
		{"keep existing", "test", 30, ptr(driver.TTLKeep), 20},
		{"default resets", "ttl", 30, ptr(driver.TTLDefault), 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, clk := newEngine(t)
			k := mkKey(t, tt.ns, "", "k")
			mustPut(t, e, &driver.WritePolicy{Expiration: tt.first}, k, driver.Bins{"a": 1})
			if tt.second != nil {
				clk.Advance(10 * time.Second)
				mustPut(t, e, &driver.WritePolicy{Expiration: *tt.second}, k, driver.Bins{"a": 2})
			}
			if got := mustGet(t, e, k).Expiration; got != tt.wantTTL {
				t.Fatalf("expiration = %d, want %d", got, tt.wantTTL)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestTTLValidation(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t, func(c *Config) {
		c.Namespaces = append(c.Namespaces, NamespaceConfig{Name: "nonsup", ForbidTTL: true})
	})
	tests := []struct {
		ns   string
		ttl  uint32
		code driver.ResultCode
	}{
		{"test", MaxTTL, driver.OK},
		{"test", MaxTTL + 1, driver.ParameterError},
		{"test", driver.TTLKeep, driver.OK},
		{"nonsup", 10, driver.FailForbidden},
		{"nonsup", driver.TTLDefault, driver.OK}, // default-ttl 0: no TTL
		{"nonsup", driver.TTLNever, driver.OK},
		{"nonsup", driver.TTLKeep, driver.OK},
	}
	for _, tt := range tests {
		k := mkKey(t, tt.ns, "", "k")
		err := e.Put(&driver.WritePolicy{Expiration: tt.ttl}, k, driver.Bins{"a": 1})
		if c, _ := driver.CodeOf(err); err != nil && c != tt.code || err == nil && tt.code != driver.OK {
			t.Errorf("ns %s ttl %d: err %v, want %s", tt.ns, tt.ttl, err, tt.code)
		}
	}
}

func TestBinDeletionAndEmptyWrites(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "", "k")
	// Writing only nil bins to a missing record: KEY_NOT_FOUND.
	wantCode(t, e.Put(nil, k, driver.Bins{"a": nil}), driver.KeyNotFoundError)
	// No bin at all: PARAMETER_ERROR.
	wantCode(t, e.Put(nil, k, driver.Bins{}), driver.ParameterError)
	mustPut(t, e, nil, k, driver.Bins{"a": 1, "b": 2})
	mustPut(t, e, nil, k, driver.Bins{"a": nil})
	if r := mustGet(t, e, k); !reflect.DeepEqual(r.Bins, driver.Bins{"b": int64(2)}) || r.Generation != 2 {
		t.Fatalf("after deleting a: %v gen %d", r.Bins, r.Generation)
	}
	// Deleting the last bin deletes the record.
	mustPut(t, e, nil, k, driver.Bins{"b": nil})
	if ok, _ := e.Exists(k); ok {
		t.Fatal("record with no bin left still exists")
	}
	// A bin delete with a replace policy is a PARAMETER_ERROR.
	wantCode(t, e.Put(&driver.WritePolicy{RecordExists: driver.Replace}, k, driver.Bins{"a": 1, "b": nil}), driver.ParameterError)
}

func TestNameLimits(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	tests := []struct {
		name string
		key  *driver.Key
		bins driver.Bins
		code driver.ResultCode
	}{
		{"bin 15", mkKey(t, "test", "", 1), driver.Bins{strings.Repeat("b", 15): 1}, driver.OK},
		{"bin 16", mkKey(t, "test", "", 1), driver.Bins{strings.Repeat("b", 16): 1}, driver.BinNameTooLong},
		{"set 63", mkKey(t, "test", strings.Repeat("s", 63), 1), driver.Bins{"a": 1}, driver.OK},
		{"set 64", mkKey(t, "test", strings.Repeat("s", 64), 1), driver.Bins{"a": 1}, driver.ParameterError},
		{"namespace", mkKey(t, "nope", "", 1), driver.Bins{"a": 1}, driver.InvalidNamespace},
		{"bad value", mkKey(t, "test", "", 1), driver.Bins{"a": struct{}{}}, driver.ParameterError},
		{"uint64 overflow", mkKey(t, "test", "", 1), driver.Bins{"a": uint64(1 << 63)}, driver.ParameterError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := e.Put(nil, tt.key, tt.bins)
			wantCode(t, err, tt.code)
			// The key (or, for a set name too long, the set).
			if err != nil && tt.code != driver.InvalidNamespace && !strings.Contains(err.Error(), tt.key.String()) &&
				(tt.key.Set == "" || !strings.Contains(err.Error(), tt.key.Set)) {
				t.Fatalf("error does not name the key: %v", err)
			}
		})
	}
}

func TestRecordTooBig(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t, func(c *Config) {
		c.Namespaces = append(c.Namespaces, NamespaceConfig{Name: "small", MaxRecordSize: 1000})
	})
	k := mkKey(t, "small", "", "k")
	mustPut(t, e, nil, k, driver.Bins{"s": strings.Repeat("x", 800)})
	wantCode(t, e.Put(nil, k, driver.Bins{"s": strings.Repeat("x", 1000)}), driver.RecordTooBig)
	// A failed write leaves the record as it was.
	if r := mustGet(t, e, k); len(r.Bins["s"].(string)) != 800 || r.Generation != 1 {
		t.Fatalf("record changed by a failed write: gen %d", r.Generation)
	}
	// The default limit is 1 MiB.
	big := mkKey(t, "test", "", "big")
	wantCode(t, e.Put(nil, big, driver.Bins{"b": make([]byte, DefaultMaxRecordSize)}), driver.RecordTooBig)
	mustPut(t, e, nil, big, driver.Bins{"b": make([]byte, DefaultMaxRecordSize-200)})
}

func TestRecordSize(t *testing.T) {
	t.Parallel()
	// Flat sizes after storage/flat.c as_flat_record_size, with the end
	// mark; the stored size rounds them up to 16 (checked against the
	// server's record_size expression).
	tests := []struct {
		set     string
		key     any
		bins    driver.Bins
		expires bool
		want    int
	}{
		{"", nil, driver.Bins{}, false, 35 + 4},
		{"s", nil, driver.Bins{}, false, 35 + 2 + 4},
		{"s", nil, driver.Bins{}, true, 35 + 4 + 2 + 4},
		{"", int64(1), driver.Bins{"a": int64(1)}, false, 35 + 10 + 1 + 1 + 1 + 3 + 4},
		{"", nil, driver.Bins{"a": int64(-1)}, false, 35 + 1 + 2 + 10 + 4},
		{"", nil, driver.Bins{"a": int64(300)}, false, 35 + 1 + 2 + 4 + 4},
		{"", nil, driver.Bins{"a": int64(70000)}, false, 35 + 1 + 2 + 6 + 4},
		{"", "key", driver.Bins{"ab": "xyz"}, false, 35 + 5 + 1 + 1 + 2 + 5 + 3 + 4},
		{"", nil, driver.Bins{"l": []any{int64(1), "a"}}, false, 35 + 1 + 1 + 1 + 5 + (1 + 1 + 3) + 4}, // a string in a list has its particle type byte
		{"", nil, driver.Bins{"t": true, "f": 1.5}, false, 35 + 1 + 2 + 2 + 2 + 9 + 4},
	}
	for _, tt := range tests {
		if got := RecordSize(tt.set, tt.key, tt.bins, tt.expires); got != tt.want {
			t.Errorf("RecordSize(%q, %v, %v, %v) = %d, want %d", tt.set, tt.key, tt.bins, tt.expires, got, tt.want)
		}
		if got, want := StoredSize(tt.set, tt.key, tt.bins, tt.expires), (tt.want+15)/16*16; got != want {
			t.Errorf("StoredSize(%q, %v, %v, %v) = %d, want %d", tt.set, tt.key, tt.bins, tt.expires, got, want)
		}
	}
}

func TestDeleteExistsTouch(t *testing.T) {
	t.Parallel()
	e, clk := newEngine(t)
	k := mkKey(t, "test", "s", "k")
	if ok, err := e.Exists(k); ok || err != nil {
		t.Fatalf("Exists(missing) = %v, %v", ok, err)
	}
	_, err := e.Touch(nil, k)
	wantCode(t, err, driver.KeyNotFoundError)
	if existed, err := e.Delete(nil, k); existed || err != nil {
		t.Fatalf("Delete(missing) = %v, %v", existed, err)
	}
	mustPut(t, e, &driver.WritePolicy{Expiration: 10}, k, driver.Bins{"a": 1})
	clk.Advance(5 * time.Second)
	h, err := e.Touch(&driver.WritePolicy{Expiration: 60}, k)
	wantCode(t, err, driver.OK)
	if h.Generation != 2 || h.Expiration != 60 {
		t.Fatalf("Touch header = gen %d exp %d", h.Generation, h.Expiration)
	}
	if ok, err := e.Exists(k); !ok || err != nil {
		t.Fatalf("Exists = %v, %v", ok, err)
	}
	if existed, err := e.Delete(nil, k); !existed || err != nil {
		t.Fatalf("Delete = %v, %v", existed, err)
	}
	if ok, _ := e.Exists(k); ok {
		t.Fatal("record exists after delete")
	}
	_, err = e.Touch(nil, mkKey(t, "nope", "", 1))
	wantCode(t, err, driver.InvalidNamespace)
}

func TestSendKeyAndMismatch(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "s", "user-1")
	mustPut(t, e, nil, k, driver.Bins{"a": 1})
	recs := collect(e, "test")
	if len(recs) != 1 || recs[0].Key.UserKey != nil || recs[0].Key.Digest != k.Digest || recs[0].Key.Set != "s" {
		t.Fatalf("unsent key: got %+v", recs[0].Key)
	}
	mustPut(t, e, &driver.WritePolicy{SendKey: true}, k, driver.Bins{"a": 2})
	mustPut(t, e, nil, k, driver.Bins{"a": 3}) // the stored key stays
	if recs := collect(e, "test"); recs[0].Key.UserKey != "user-1" {
		t.Fatalf("stored key = %v", recs[0].Key.UserKey)
	}
	// A write that sends a different key for the same digest: KEY_MISMATCH.
	forged := *k
	forged.UserKey = "other"
	wantCode(t, e.Put(&driver.WritePolicy{SendKey: true}, &forged, driver.Bins{"a": 4}), driver.KeyMismatch)
	// A command naming another set than the record's: PARAMETER_ERROR.
	other := *k
	other.Set = "t"
	_, err := e.Get(&other, nil, false)
	wantCode(t, err, driver.ParameterError)
	wantCode(t, e.Put(nil, &other, driver.Bins{"a": 5}), driver.ParameterError)
	noSet := *k
	noSet.Set = ""
	if _, err := e.Get(&noSet, nil, false); err != nil {
		t.Fatalf("a key without set must match any record: %v", err)
	}
}

func collect(e *Engine, ns string) []*driver.Record {
	var out []*driver.Record
	for r := range e.Records(ns) {
		out = append(out, r)
	}
	return out
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	e, clk := newEngine(t)
	old1 := mkKey(t, "test", "a", 1)
	old2 := mkKey(t, "test", "b", 2)
	mustPut(t, e, nil, old1, driver.Bins{"x": 1})
	mustPut(t, e, nil, old2, driver.Bins{"x": 1})
	cut := clk.Advance(time.Second)
	clk.Advance(time.Second)
	new1 := mkKey(t, "test", "a", 3)
	mustPut(t, e, nil, new1, driver.Bins{"x": 1})

	// truncate.c as_truncate_cmd never looks the namespace up: ok.
	wantCode(t, e.Truncate("nope", "", time.Time{}), driver.OK)
	wantCode(t, e.Truncate("no/pe", "", time.Time{}), driver.ParameterError)
	wantCode(t, e.Truncate("test", "a", cut), driver.OK)
	for _, c := range []struct {
		k    *driver.Key
		want bool
	}{{old1, false}, {old2, true}, {new1, true}} {
		if ok, _ := e.Exists(c.k); ok != c.want {
			t.Errorf("after truncate of set a before cut: %s exists = %v", c.k, ok)
		}
	}
	wantCode(t, e.Truncate("test", "", time.Time{}), driver.OK) // zero: now, all sets
	if n := e.Len("test"); n != 0 {
		t.Fatalf("Len after full truncate = %d", n)
	}
}

func TestSeedRecordsLenFlush(t *testing.T) {
	t.Parallel()
	e, clk := newEngine(t)
	k := mkKey(t, "test", "s", "seed")
	wantCode(t, e.SetRecord(k, Seed{}), driver.ParameterError)
	wantCode(t, e.SetRecord(k, Seed{Bins: driver.Bins{"a": nil}}), driver.ParameterError)
	err := e.SetRecord(k, Seed{Bins: driver.Bins{"a": 1}, Generation: 7, VoidTime: t0.Add(time.Minute), StoreKey: true})
	wantCode(t, err, driver.OK)
	r := mustGet(t, e, k)
	if r.Generation != 7 || r.Expiration != 60 {
		t.Fatalf("seeded = gen %d exp %d", r.Generation, r.Expiration)
	}
	for i := range 50 {
		mustPut(t, e, nil, mkKey(t, "test", "", i), driver.Bins{"i": i})
	}
	if n := e.Len("test"); n != 51 {
		t.Fatalf("Len = %d", n)
	}
	if n := len(collect(e, "test")); n != 51 {
		t.Fatalf("Records yielded %d", n)
	}
	stop := 0
	for range e.Records("test") {
		stop++
		if stop == 3 {
			break
		}
	}
	if e.Len("nope") != 0 || len(collect(e, "nope")) != 0 {
		t.Fatal("unknown namespace not empty")
	}
	wantCode(t, e.CreateIndex(&driver.Index{Namespace: "test", Name: "i", Bin: "i", Type: driver.IndexNumeric}), driver.OK)
	clk.Advance(time.Hour)
	if n := e.Len("test"); n != 50 {
		t.Fatalf("Len after the seeded record expired = %d", n)
	}
	e.Flush()
	if n := e.Len("test"); n != 0 || len(e.Indexes("test")) != 0 {
		t.Fatalf("after Flush: %d records, %d indexes", n, len(e.Indexes("test")))
	}
}

func TestConcurrentWritersOneKey(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	k := mkKey(t, "test", "", "hot")
	const writers, each = 8, 200
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				var err error
				if i%2 == 0 {
					err = e.Put(nil, k, driver.Bins{"w": w})
				} else {
					_, err = e.Operate(nil, k, []driver.Operation{{Type: driver.OpAdd, Bin: "n", Value: 1}, {Type: driver.OpRead, Bin: "n"}})
				}
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := e.Get(k, nil, false); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	r := mustGet(t, e, k)
	if r.Generation != writers*each {
		t.Fatalf("generation = %d, want %d", r.Generation, writers*each)
	}
	if r.Bins["n"] != int64(writers*each/2) {
		t.Fatalf("counter = %v, want %d", r.Bins["n"], writers*each/2)
	}
}

// TestConcurrentScansAndWrites runs writers, deleters and scanners at once;
// under -race it checks the partition locking.
func TestConcurrentScansAndWrites(t *testing.T) {
	t.Parallel()
	e, _ := newEngine(t)
	if err := e.CreateIndex(&driver.Index{Namespace: "test", Name: "i", Bin: "i", Type: driver.IndexNumeric}); err != nil {
		t.Fatal(err)
	}
	keys := make([]*driver.Key, 200)
	for i := range keys {
		keys[i] = mkKey(t, "test", "c", i)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 400 {
				k := keys[(i*7+w)%len(keys)]
				var err error
				switch i % 4 {
				case 3:
					_, err = e.Delete(nil, k)
				default:
					err = e.Put(nil, k, driver.Bins{"i": i, "l": []any{int64(i)}})
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pid := range driver.Partitions {
				res, err := e.ScanPartition(&ScanRequest{Namespace: "test", Set: "c", Partition: pid, Filter: &driver.Filter{Bin: "i", Begin: 0, End: 1000}})
				if err != nil {
					t.Error(err)
					return
				}
				for _, r := range res.Records {
					r.Bins["l"].([]any)[0] = "mine" // copies: must not race with the store
				}
			}
			_ = e.Len("test")
		}()
	}
	wg.Wait()
}
