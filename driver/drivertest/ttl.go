package drivertest

import (
	"fmt"
	"time"

	"github.com/aerokit/aero/driver"
)

// putTTL writes bins with an expiration, skipping the check on a server
// that refuses TTLs.
func (e *env) putTTL(k *driver.Key, ttl uint32, bins driver.Bins) {
	e.Helper()
	err := e.conn.Put(e.ctx, &driver.WritePolicy{Expiration: ttl}, k, bins)
	e.skipIfTTLForbidden(err)
	e.mustOK(fmt.Sprintf("setup: Put %s with Expiration %d", k, ttl), err)
}

// wantDefaultTTL checks that rec carries the namespace's default TTL.
func (e *env) wantDefaultTTL(rule string, rec *driver.Record) {
	e.Helper()
	if rec == nil {
		return
	}
	if e.s.h.DefaultTTL == 0 {
		if rec.Expiration != driver.TTLNever {
			e.Errorf("%s: got expiration %d, want TTLNever (the namespace's default-ttl is 0)", rule, rec.Expiration)
		}
		return
	}
	e.wantTTL(rule+" (namespace default-ttl)", rec, e.s.h.DefaultTTL)
}

// advance moves the backend clock when the harness can.
func (e *env) advance(d time.Duration) bool {
	if e.s.h.Advance == nil {
		return false
	}
	e.s.h.Advance(d)
	return true
}

func testTTLExplicit(e *env) {
	k := e.key("ttl")
	e.putTTL(k, 1000, driver.Bins{"a": int64(1)})
	e.wantTTL("Get after Put with Expiration 1000", e.get(k), 1000)
	rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{HeaderOnly: true}, k, nil)
	if e.wantOK("Get HeaderOnly", err) {
		e.wantTTL("Get HeaderOnly after Put with Expiration 1000", rec, 1000)
	}
	if e.advance(100 * time.Second) {
		e.wantTTL("Get after Put with Expiration 1000 and 100s passed", e.get(k), 900)
	}
	// Every write without TTLKeep sets the TTL again.
	e.putTTL(k, 2000, driver.Bins{"a": int64(2)})
	e.wantTTL("Get after a second Put with Expiration 2000", e.get(k), 2000)
	e.put(k, driver.Bins{"a": int64(3)})
	e.wantDefaultTTL("a Put with TTLDefault on a record that had a TTL must apply the namespace default", e.get(k))
}

func testTTLNever(e *env) {
	k := e.key("never")
	e.putTTL(k, driver.TTLNever, driver.Bins{"a": int64(1)})
	rec := e.get(k)
	if rec.Expiration != driver.TTLNever {
		e.Errorf("Get after Put with Expiration TTLNever: got expiration %d, want TTLNever (%d)", rec.Expiration, driver.TTLNever)
	}
	if e.advance(400 * 24 * time.Hour) {
		e.wantPresent("a record with TTLNever after 400 days", k)
	}
}

func testTTLDefault(e *env) {
	k := e.key("default")
	e.put(k, driver.Bins{"a": int64(1)})
	e.wantDefaultTTL("Get after Put with TTLDefault", e.get(k))
}

func testTTLKeep(e *env) {
	k := e.key("keep")
	e.putTTL(k, 1000, driver.Bins{"a": int64(1)})
	want := uint32(1000)
	if e.advance(100 * time.Second) {
		want = 900
	}
	err := e.conn.Put(e.ctx, &driver.WritePolicy{Expiration: driver.TTLKeep}, k, driver.Bins{"b": int64(2)})
	if e.wantOK("Put with TTLKeep", err) {
		rec := e.wantRecord("Put with TTLKeep merges as usual", k, driver.Bins{"a": int64(1), "b": int64(2)})
		e.wantTTL("Put with TTLKeep must keep the remaining TTL", rec, want)
		e.wantGen("Put with TTLKeep is a write", rec, 2)
	}
	rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{Expiration: driver.TTLKeep}, k, []driver.Operation{{Type: driver.OpAdd, Bin: "a", Value: int64(1)}})
	if e.wantOK("Operate with TTLKeep", err) {
		e.wantTTL("Operate with TTLKeep must keep the remaining TTL (record returned)", rec, want)
	}
	e.wantTTL("Operate with TTLKeep must keep the remaining TTL", e.get(k), want)

	fresh := e.key("keep-new")
	if e.wantOK("Put with TTLKeep creating a record", e.conn.Put(e.ctx, &driver.WritePolicy{Expiration: driver.TTLKeep}, fresh, driver.Bins{"a": int64(1)})) {
		e.wantDefaultTTL("a record created with TTLKeep gets the namespace default", e.get(fresh))
	}
}

func testTouch(e *env) {
	k := e.key("touch")
	e.putTTL(k, 1000, driver.Bins{"a": int64(1)})
	if e.wantOK("Touch with Expiration 5000", e.conn.Touch(e.ctx, &driver.WritePolicy{Expiration: 5000}, k)) {
		rec := e.wantRecord("Touch must keep the bins", k, driver.Bins{"a": int64(1)})
		e.wantTTL("Touch with Expiration 5000 must reset the TTL", rec, 5000)
		e.wantGen("Touch must increment the generation", rec, 2)
	}
	missing := e.key("touch-missing")
	e.wantCode("Touch of a missing record", e.conn.Touch(e.ctx, &driver.WritePolicy{Expiration: 100}, missing), driver.KeyNotFoundError)
	e.wantMissing("Touch of a missing record must not create it", missing)
	e.wantCode("Touch GenEqual with a stale generation", e.conn.Touch(e.ctx, &driver.WritePolicy{GenerationPolicy: driver.GenEqual, Generation: 1}, k), driver.GenerationError)
}

func testOperateTouch(e *env) {
	k := e.key("optouch")
	e.putTTL(k, 1000, driver.Bins{"a": int64(1)})
	rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{Expiration: 3000}, k, []driver.Operation{{Type: driver.OpTouch}})
	if e.wantOK("Operate OpTouch with Expiration 3000", err) {
		e.wantGen("Operate OpTouch must increment the generation (record returned)", rec, 2)
		e.wantTTL("Operate OpTouch must reset the TTL (record returned)", rec, 3000)
	}
	rec = e.wantRecord("Operate OpTouch must keep the bins", k, driver.Bins{"a": int64(1)})
	e.wantTTL("Operate OpTouch with Expiration 3000", rec, 3000)

	rec, err = e.conn.Operate(e.ctx, &driver.WritePolicy{Expiration: 2000}, k, []driver.Operation{{Type: driver.OpWrite, Bin: "b", Value: int64(2)}})
	if e.wantOK("Operate write with Expiration 2000", err) {
		e.wantTTL("an Operate that writes applies the policy's expiration (record returned)", rec, 2000)
	}
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{Expiration: 100}, e.key("optouch-missing"), []driver.Operation{{Type: driver.OpTouch}})
	e.wantCode("Operate OpTouch of a missing record", err, driver.KeyNotFoundError)
}

// testExpiry checks what the server does with a record past its void time
// (as_record_is_doomed, datamodel.h) until its namespace supervisor (nsup.c)
// removes it: every read path answers not found (read.c read_local, the
// scan and query paths of query.c), writes that must not create answer
// KEY_NOT_FOUND (transaction/write.c write_master, must_not_create), writes
// that may create replace it with a fresh record ("rescue"), and a delete
// still finds it: transaction/delete_ce.c delete_master looks the record up
// with as_record_get and no expiry check, so until nsup runs the delete
// answers OK and existed is true. When nsup runs is the server's business
// (nsup-period), so the check accepts existed either way; once deleted, the
// record is gone for a second delete.
func testExpiry(e *env) {
	idx := e.createIndex("n", driver.IndexNumeric)
	short, short2, keep := e.key("short"), e.key("short2"), e.key("keep")
	ttl := uint32(10)
	if e.s.h.Advance == nil {
		ttl = 1
	}
	e.putTTL(short, ttl, driver.Bins{"n": int64(1), "old": "yes"})
	e.putTTL(short2, ttl, driver.Bins{"n": int64(3), "old": "yes"})
	e.putP(&driver.WritePolicy{Expiration: driver.TTLNever, SendKey: true}, keep, driver.Bins{"n": int64(2)})

	if e.advance(time.Duration(ttl-1) * time.Second) {
		e.wantPresent(fmt.Sprintf("a record with TTL %ds after %ds", ttl, ttl-1), short)
		e.advance(2 * time.Second)
	}
	for _, k := range []*driver.Key{short, short2} {
		if !e.eventually(fmt.Sprintf("a record with TTL %ds after expiry: Exists", ttl), func() string {
			ok, err := e.conn.Exists(e.ctx, &driver.ReadPolicy{}, k)
			if err != nil {
				return "got " + describeErr(err)
			}
			if ok {
				return "got true, want false"
			}
			return ""
		}) {
			return
		}
	}
	e.wantMissing("an expired record", short)
	e.wantPresent("a TTLNever record next to an expired one", keep)

	recs := e.collect("Scan after expiry", e.scan(&driver.QueryRequest{}))
	if len(recs) != 1 || recs[0].Key == nil || recs[0].Key.Digest != keep.Digest {
		e.Errorf("Scan after expiry: got %d records %s, want only the unexpired record %s", len(recs), fmtRecords(recs), keep)
	}
	recs = e.collect("Query after expiry", e.query(&driver.QueryRequest{Filter: &driver.Filter{Bin: "n", Begin: 0, End: 10}}))
	if len(recs) != 1 || recs[0].Key == nil || recs[0].Key.Digest != keep.Digest {
		e.Errorf("Query on index %s after expiry: got %d records %s, want only the unexpired record %s", idx, len(recs), fmtRecords(recs), keep)
	}
	batch := []*driver.BatchRecord{{Type: driver.BatchRead, Key: short}, {Type: driver.BatchExists, Key: short}}
	if e.wantOK("Batch after expiry", e.conn.Batch(e.ctx, &driver.BatchPolicy{}, batch)) {
		e.wantCode("Batch read of an expired record", batch[0].Err, driver.KeyNotFoundError)
		if batch[1].Err != nil || batch[1].Exists {
			e.Errorf("Batch exists of an expired record: got Exists=%t %s, want false and nil", batch[1].Exists, describeErr(batch[1].Err))
		}
	}
	e.wantCode("Touch of an expired record (write.c write_master: must_not_create on a doomed record)", e.conn.Touch(e.ctx, &driver.WritePolicy{}, short), driver.KeyNotFoundError)
	e.wantCode("Put UpdateOnly on an expired record (write.c write_master: must_not_create on a doomed record)", e.conn.Put(e.ctx, &driver.WritePolicy{RecordExists: driver.UpdateOnly}, short, driver.Bins{"x": int64(1)}), driver.KeyNotFoundError)
	// delete_ce.c delete_master: no expiry check; existed is true until
	// nsup has reaped the record, false after.
	_, err := e.conn.Delete(e.ctx, &driver.WritePolicy{}, short)
	e.wantOK("Delete of an expired record (delete_ce.c delete_master finds it until nsup reaps it)", err)
	existed, err := e.conn.Delete(e.ctx, &driver.WritePolicy{}, short)
	if e.wantOK("a second Delete of an expired record", err) && existed {
		e.Errorf("a second Delete of an expired record: got existed=true, want false (the first delete removed it)")
	}
	e.wantMissing("an expired record after Delete", short)
	if e.wantOK("Put CreateOnly over an expired record (write.c write_master rescues a doomed record as a create)", e.conn.Put(e.ctx, &driver.WritePolicy{RecordExists: driver.CreateOnly}, short2, driver.Bins{"new": int64(1)})) {
		rec := e.wantRecord("a record created over an expired one must not keep the old bins", short2, driver.Bins{"new": int64(1)})
		e.wantGen("a record created over an expired one starts at generation 1", rec, 1)
	}
}

func fmtRecords(recs []*driver.Record) string {
	s := "["
	for i, r := range recs {
		if i > 0 {
			s += " "
		}
		if r != nil && r.Key != nil {
			s += r.Key.String() + "=" + fmtBins(r.Bins)
		} else {
			s += fmtRecord(r)
		}
		if i == 8 && len(recs) > 10 {
			s += fmt.Sprintf(" ...(%d more)", len(recs)-i-1)
			break
		}
	}
	return s + "]"
}
