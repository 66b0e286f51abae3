package drivertest

import (
	"fmt"
	"sync"
	"time"

	"github.com/aerokit/aero/driver"
)

// testTruncate checks that Truncate removes the records of one set and no
// other's, and that the set can be written again.
func testTruncate(e *env) {
	otherSet := e.set + "_b"
	e.Cleanup(func() { e.s.truncateQuietly(e.ns, otherSet) })
	var mine, theirs []*driver.Key
	for i := range 5 {
		k := e.key(int64(i))
		e.put(k, driver.Bins{"i": int64(i)})
		mine = append(mine, k)
		o := e.keyIn(e.ns, otherSet, int64(i))
		e.put(o, driver.Bins{"i": int64(i)})
		theirs = append(theirs, o)
	}
	// A truncation without a time removes the records last updated before
	// the server's now, in milliseconds (truncate.c: last_update_time <
	// lut): a record written in the truncation's millisecond stays. Let
	// the clock leave the last write's millisecond (no signal says so).
	time.Sleep(2 * time.Millisecond)
	e.mustOK("Truncate of a set", e.conn.Truncate(e.ctx, e.ns, e.set, time.Time{}))
	for _, k := range mine {
		// A real server applies truncation through SMD; give it time.
		e.eventually(fmt.Sprintf("Truncate: record %s of the truncated set", k), func() string {
			ok, err := e.conn.Exists(e.ctx, &driver.ReadPolicy{}, k)
			if err != nil {
				return "Exists: got " + describeErr(err)
			}
			if ok {
				return "Exists: got true, want false"
			}
			return ""
		})
	}
	e.wantMissing("a record of a truncated set", mine[0])
	for _, o := range theirs {
		e.wantPresent("Truncate of one set must keep the records of another set", o)
	}
	recs := e.collect("Scan of a truncated set", e.scan(&driver.QueryRequest{}))
	if len(recs) != 0 {
		e.Errorf("Scan of a truncated set: got %d records %s, want none", len(recs), fmtRecords(recs))
	}

	// New writes after the truncation are kept. A real server refuses
	// writes in the millisecond of the truncation (FORBIDDEN), so retry.
	k := e.key("after")
	e.eventually("Put in a set after its truncation", func() string {
		if err := e.conn.Put(e.ctx, &driver.WritePolicy{RecordExists: driver.CreateOnly}, k, driver.Bins{"v": int64(1)}); err != nil {
			return "got " + describeErr(err)
		}
		return ""
	})
	e.wantRecord("a record written after Truncate", k, driver.Bins{"v": int64(1)})
	e.wantGen("a record written after Truncate", e.get(k), 1)
	e.wantOK("Truncate of a set with no records", e.conn.Truncate(e.ctx, e.ns, e.set+"_never", time.Time{}))
	// The server stores a truncation in SMD without looking the namespace
	// up: base/truncate.c as_truncate_cmd (from thr_info.c cmd_truncate and
	// cmd_truncate_namespace) answers ok for a namespace it does not have.
	e.wantOK("Truncate of a set in an unknown namespace (truncate.c as_truncate_cmd answers ok)", e.conn.Truncate(e.ctx, "nosuchns", e.set, time.Time{}))
	e.wantOK("Truncate of an unknown namespace (truncate.c as_truncate_cmd answers ok)", e.conn.Truncate(e.ctx, "nosuchns", "", time.Time{}))
}

// testOtherNamespace checks that namespaces are independent: the same key
// names two records, and truncation of one namespace's set leaves the other.
func testOtherNamespace(e *env) {
	other := e.s.h.OtherNamespace
	if other == "" {
		e.Skip("Harness.OtherNamespace is empty")
	}
	e.Cleanup(func() { e.s.truncateQuietly(other, e.set) })
	k := e.key("same")
	ko := e.keyIn(other, e.set, "same")
	if k.Digest != ko.Digest {
		e.Fatalf("the digest must not depend on the namespace: got %s and %s", k.Digest, ko.Digest)
	}
	e.put(k, driver.Bins{"ns": "main"})
	e.wantMissing("a key written in one namespace must not exist in another", ko)
	e.put(ko, driver.Bins{"ns": "other"})
	e.wantRecord("record in the first namespace", k, driver.Bins{"ns": "main"})
	e.wantRecord("record with the same key in the other namespace", ko, driver.Bins{"ns": "other"})
	e.mustOK("Truncate of the set in the first namespace", e.conn.Truncate(e.ctx, e.ns, e.set, time.Time{}))
	e.eventually("Truncate of a set in one namespace: its record", func() string {
		ok, err := e.conn.Exists(e.ctx, &driver.ReadPolicy{}, k)
		if err != nil || ok {
			return fmt.Sprintf("Exists: got %t, %s, want false", ok, describeErr(err))
		}
		return ""
	})
	e.wantRecord("Truncate of a set in one namespace must keep the same set in another", ko, driver.Bins{"ns": "other"})
}

// testConcurrentAdd checks that Operate is atomic under contention: n
// goroutines each add 1 and read the bin, and every value is seen by exactly
// one of them. A server may refuse some of them with KEY_BUSY: it queues at
// most transaction-pending-limit (default 20) commands on one key while a
// write waits for its replicas, and refuses the rest (rw_request_hash.c
// rw_request_hash_insert, AS_ERR_KEY_BUSY), which a cluster with replication
// factor 2 shows. A refused add did nothing: the record counts the adds that
// succeeded.
func testConcurrentAdd(e *env) {
	const n = 32
	k := e.key("counter")
	e.put(k, driver.Bins{"n": int64(0)})
	var wg sync.WaitGroup
	results := make([]int64, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{opAdd("n", int64(1)), opRead("n")})
			if err != nil {
				errs[i] = err
				return
			}
			if v, ok := rec.Bins["n"].(int64); ok {
				results[i] = v
			}
		}()
	}
	wg.Wait()
	seen := make(map[int64]bool, n)
	done := 0
	for i := range n {
		if c, ok := driver.CodeOf(errs[i]); ok && c == driver.KeyBusy {
			continue
		}
		if !e.wantOK(fmt.Sprintf("concurrent Operate add %d", i), errs[i]) {
			continue
		}
		done++
		v := results[i]
		if v < 1 || v > n || seen[v] {
			e.Errorf("concurrent Operate add+read: goroutine %d read %d, want each of 1..%d read by exactly one goroutine (ops of one Operate are atomic)", i, v, n)
		}
		seen[v] = true
	}
	if done == 0 {
		e.Fatalf("every one of %d concurrent Operates was refused with KEY_BUSY", n)
	}
	rec := e.wantRecord(fmt.Sprintf("after %d concurrent Operate add 1 (%d not refused)", n, done), k, driver.Bins{"n": int64(done)})
	e.wantGen(fmt.Sprintf("after a Put and %d Operates", done), rec, uint32(done+1))
}

// testClosedConn checks calls on a closed connection. The contract says
// SERVER_NOT_AVAILABLE; aerospike-client-go itself answers
// INVALID_NAMESPACE ("Partition map empty") once Client.Close has emptied the
// partition map (cluster.go Close, partition.go newInvalidNamespaceError),
// so both are accepted.
func testClosedConn(e *env) {
	c := e.s.h.Open(e.T)
	if c == nil {
		e.Fatal("Harness.Open returned a nil Conn")
	}
	k := e.key("closed")
	e.mustOK("Put on a fresh connection", c.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{"a": int64(1)}))
	e.mustOK("Close", c.Close())
	codes := []driver.ResultCode{driver.ServerNotAvailable, driver.InvalidNamespace}
	_, err := c.Get(e.ctx, &driver.ReadPolicy{}, k, nil)
	e.wantCode("Get after Close", err, codes...)
	e.wantCode("Put after Close", c.Put(e.ctx, &driver.WritePolicy{}, k, driver.Bins{"a": int64(2)}), codes...)
	_, err = c.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{opRead("a")})
	e.wantCode("Operate after Close", err, codes...)
	e.wantOK("second Close (Close is idempotent)", c.Close())
	// Closing one connection leaves the others working.
	k2 := e.key("after-close")
	e.put(k2, driver.Bins{"b": int64(2)})
	e.wantRecord("the shared connection after another connection was closed", k2, driver.Bins{"b": int64(2)})
}
