package engine

import (
	"reflect"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
)

// TestExpiredUntilReaped follows each command on a record that has expired
// but that nsup has not reaped yet, then after nsup's cycle.
func TestExpiredUntilReaped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(e *Engine, k *driver.Key) (code driver.ResultCode, existed bool)
		// before: what the command answers before nsup reaps the record;
		// after: once reaped.
		before, after driver.ResultCode
		existedBefore bool
	}{
		{"Get", func(e *Engine, k *driver.Key) (driver.ResultCode, bool) {
			_, err := e.Get(k, nil, false)
			return codeOf(err), false
		}, driver.KeyNotFoundError, driver.KeyNotFoundError, false},
		{"Touch", func(e *Engine, k *driver.Key) (driver.ResultCode, bool) {
			_, err := e.Touch(nil, k)
			return codeOf(err), false
		}, driver.KeyNotFoundError, driver.KeyNotFoundError, false},
		{"Put UpdateOnly", func(e *Engine, k *driver.Key) (driver.ResultCode, bool) {
			return codeOf(e.Put(&driver.WritePolicy{RecordExists: driver.UpdateOnly}, k, driver.Bins{"x": 1})), false
		}, driver.KeyNotFoundError, driver.KeyNotFoundError, false},
		{"Delete", func(e *Engine, k *driver.Key) (driver.ResultCode, bool) {
			existed, err := e.Delete(nil, k)
			return codeOf(err), existed
		}, driver.OK, driver.OK, true},
		{"Delete GenEqual stale", func(e *Engine, k *driver.Key) (driver.ResultCode, bool) {
			existed, err := e.Delete(&driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: 9}, k)
			return codeOf(err), existed
		}, driver.GenerationError, driver.OK, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, clk := newEngine(t, func(c *Config) { c.NsupPeriod = time.Minute })
			k := mkKey(t, "test", "s", "k")
			mustPut(t, e, &driver.WritePolicy{Expiration: 5}, k, driver.Bins{"a": 1})
			clk.Advance(10 * time.Second) // expired, nsup not due before t0+60s
			code, existed := tt.run(e, k)
			if code != tt.before || existed != tt.existedBefore {
				t.Fatalf("before nsup: got %v existed=%t, want %v existed=%t", code, existed, tt.before, tt.existedBefore)
			}
			if tt.name != "Delete" {
				// Still there for a delete: the command left it to nsup.
				if existed, err := e.Delete(nil, k); !existed || err != nil {
					t.Fatalf("Delete after %s: %v, %v; want the unreaped record found", tt.name, existed, err)
				}
				mustPut(t, e, &driver.WritePolicy{Expiration: 5}, k, driver.Bins{"a": 1})
				clk.Advance(10 * time.Second)
			}
			clk.Advance(time.Minute) // past nsup's cycle: the next command runs it
			code, existed = tt.run(e, k)
			if code != tt.after || existed {
				t.Fatalf("after nsup: got %v existed=%t, want %v existed=false", code, existed, tt.after)
			}
		})
	}
}

func TestNsupSchedule(t *testing.T) {
	t.Parallel()
	e, clk := newEngine(t, func(c *Config) { c.NsupPeriod = time.Minute })
	keys := make([]*driver.Key, 3)
	for i := range keys {
		keys[i] = mkKey(t, "test", "s", i)
		mustPut(t, e, &driver.WritePolicy{Expiration: 1}, keys[i], driver.Bins{"a": 1})
	}
	live := mkKey(t, "ttl", "s", "live")
	mustPut(t, e, &driver.WritePolicy{Expiration: driver.TTLNever}, live, driver.Bins{"a": 1})
	clk.Advance(59 * time.Second)
	if n := e.Reap(); n != 3 {
		t.Fatalf("Reap = %d, want the 3 expired records", n)
	}
	if n := e.Reap(); n != 0 {
		t.Fatalf("second Reap = %d, want 0", n)
	}
	// The schedule: a record expiring now is reaped at the next multiple
	// of the period (t0+60s), by the first command after it.
	mustPut(t, e, &driver.WritePolicy{Expiration: 1}, keys[0], driver.Bins{"a": 1})
	clk.Advance(2500 * time.Millisecond) // t0+61.5s: expired (void time t0+60s) and a cycle is due
	if existed, err := e.Delete(nil, keys[0]); existed || err != nil {
		t.Fatalf("Delete after the due cycle = %v, %v; want false (reaped first)", existed, err)
	}
	mustPut(t, e, &driver.WritePolicy{Expiration: 1}, keys[1], driver.Bins{"a": 1})
	clk.Advance(5 * time.Second) // t0+66.5s: expired; the next cycle is at t0+120s
	if existed, err := e.Delete(nil, keys[1]); !existed || err != nil {
		t.Fatalf("Delete before the next cycle = %v, %v; want true", existed, err)
	}
	if _, err := e.Get(live, nil, false); err != nil {
		t.Fatalf("nsup removed a live record: %v", err)
	}

	never, clk2 := newEngine(t, func(c *Config) { c.NsupPeriod = -1 })
	k := mkKey(t, "test", "s", "k")
	mustPut(t, never, &driver.WritePolicy{Expiration: 1}, k, driver.Bins{"a": 1})
	clk2.Advance(24 * time.Hour)
	if existed, err := never.Delete(nil, k); !existed || err != nil {
		t.Fatalf("NsupPeriod<0: Delete = %v, %v; want the expired record still there", existed, err)
	}
}

func TestEdition(t *testing.T) {
	t.Parallel()
	durable := &driver.WritePolicy{DurableDelete: true}
	for _, tt := range []struct {
		ed   Edition
		want driver.ResultCode
	}{{Community, driver.EnterpriseOnly}, {Enterprise, driver.OK}} {
		t.Run(tt.ed.String(), func(t *testing.T) {
			t.Parallel()
			e, _ := newEngine(t, func(c *Config) { c.Edition = tt.ed })
			if e.Edition() != tt.ed {
				t.Fatalf("Edition() = %v", e.Edition())
			}
			k := mkKey(t, "test", "s", 1)
			mustPut(t, e, nil, k, driver.Bins{"a": 1})
			existed, err := e.Delete(durable, k)
			wantCode(t, err, tt.want)
			if tt.want == driver.OK && !existed {
				t.Fatal("durable delete on Enterprise: existed=false")
			}
			// validate_delete_durability runs before the lookup: a missing
			// record is EnterpriseOnly too on Community.
			_, err = e.Delete(durable, mkKey(t, "test", "s", "missing"))
			if tt.ed == Community {
				wantCode(t, err, driver.EnterpriseOnly)
			} else {
				wantCode(t, err, driver.OK)
			}
			// A write that empties the record with durable delete.
			k2 := mkKey(t, "test", "s", 2)
			mustPut(t, e, nil, k2, driver.Bins{"a": 1})
			_, err = e.Operate(durable, k2, []driver.Operation{{Type: driver.OpWrite, Bin: "a"}})
			wantCode(t, err, tt.want)
			// A durable-delete write that keeps bins is a plain write.
			mustPut(t, e, durable, k2, driver.Bins{"b": 1})
			// Batch deletes follow the same rule.
			mustPut(t, e, nil, k, driver.Bins{"a": 1})
			br := []*driver.BatchRecord{{Type: driver.BatchDelete, Key: k, Policy: durable}}
			e.Batch(br)
			wantCode(t, br[0].Err, tt.want)
		})
	}
	for in, want := range map[string]Edition{"community": Community, "CE": Community, "Enterprise": Enterprise, "ee": Enterprise} {
		if got, err := ParseEdition(in); err != nil || got != want {
			t.Errorf("ParseEdition(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseEdition("pro"); err == nil {
		t.Error("ParseEdition(pro): no error")
	}
	if _, err := New(Config{Edition: 7, Namespaces: []NamespaceConfig{{Name: "x"}}}); err == nil {
		t.Error("New with an unknown edition: no error")
	}
}

func codeOf(err error) driver.ResultCode {
	if err == nil {
		return driver.OK
	}
	c, ok := driver.CodeOf(err)
	if !ok {
		return driver.ResultCode(-9999)
	}
	return c
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	e, clk := newEngine(t)
	k := mkKey(t, "test", "s", "k")
	mustPut(t, e, &driver.WritePolicy{Expiration: 10, SendKey: true}, k, driver.Bins{"a": 1})

	clk.Advance(9500 * time.Millisecond)
	if got := mustGet(t, e, k).Expiration; got != 1 {
		t.Fatalf("remaining TTL at 9.5s = %d, want 1", got)
	}
	clk.Advance(500 * time.Millisecond) // void time == now: still visible (void_time < now expires)
	if got := mustGet(t, e, k).Expiration; got != 1 {
		t.Fatalf("remaining TTL at void time = %d, want 1 (floor)", got)
	}
	clk.Advance(time.Second)
	_, err := e.Get(k, nil, false)
	wantCode(t, err, driver.KeyNotFoundError)
	if ok, err := e.Exists(k); ok || err != nil {
		t.Fatalf("Exists on expired = %v, %v", ok, err)
	}
	if n := e.Len("test"); n != 0 {
		t.Fatalf("Len = %d", n)
	}
	res, err := e.ScanPartition(&ScanRequest{Namespace: "test", Partition: k.Digest.Partition()})
	wantCode(t, err, driver.OK)
	if len(res.Records) != 0 {
		t.Fatalf("scan returned an expired record")
	}
	_, err = e.Operate(nil, k, []driver.Operation{{Type: driver.OpRead}})
	wantCode(t, err, driver.KeyNotFoundError)
	_, err = e.Touch(nil, k)
	wantCode(t, err, driver.KeyNotFoundError)
	wantCode(t, e.Put(&driver.WritePolicy{RecordExists: driver.UpdateOnly}, k, driver.Bins{"a": 2}), driver.KeyNotFoundError)
	// Not yet reaped: a delete still finds it (delete_ce.c delete_master).
	if existed, err := e.Delete(nil, k); !existed || err != nil {
		t.Fatalf("Delete on expired, not reaped = %v, %v; want true, nil", existed, err)
	}
	if existed, err := e.Delete(nil, k); existed || err != nil {
		t.Fatalf("second Delete = %v, %v; want false, nil", existed, err)
	}
	wantCode(t, e.Put(&driver.WritePolicy{RecordExists: driver.CreateOnly}, k, driver.Bins{"b": 2}), driver.OK)
	r := mustGet(t, e, k)
	if r.Generation != 1 || !reflect.DeepEqual(r.Bins, driver.Bins{"b": int64(2)}) {
		t.Fatalf("recreated record = gen %d bins %v, want a fresh record", r.Generation, r.Bins)
	}
}
