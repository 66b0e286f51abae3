package drivertest

import (
	"fmt"

	"github.com/aerokit/aero/driver"
)

// The routing of reads (driver.ReadRouting: replica, AP and SC read modes)
// chooses which copy of a record a read consults, not what it answers: on
// a one-node server, a cluster at rest, or the memory backend (one copy,
// routing ignored), a read routed any way reads the record as it is. The
// client sends the read to the node its replica policy picks
// (partition.go GetNodeRead) and the read modes as info1/info3 flags
// (AS_MSG_INFO1_CONSISTENCY_LEVEL_ALL, AS_MSG_INFO3_SC_READ_*), which the
// server uses only to resolve duplicates during migrations
// (transaction/read.c read_must_duplicate_resolve) and, in SC
// namespaces, to choose the copy it may read.

func init() {
	parallelChecks = append(parallelChecks, check{"ReadRouting", testReadRouting})
}

func testReadRouting(e *env) {
	k := e.key("routed")
	e.put(k, driver.Bins{"a": int64(1)})
	routes := []driver.ReadRouting{
		{Replica: driver.ReplicaMaster},
		{Replica: driver.ReplicaMasterProles},
		{Replica: driver.ReplicaSequence, ReadModeAP: driver.ReadModeAPAll},
		{Replica: driver.ReplicaPreferRack, ReadModeAP: driver.ReadModeAPOne},
		{Replica: driver.ReplicaRandom},
		{ReadModeSC: driver.ReadModeSCSession},
	}
	for _, r := range routes {
		rule := fmt.Sprintf("Get routed %+v", r)
		rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{Routing: r}, k, nil)
		if e.wantOK(rule, err) && e.notNilRecord(rule, rec) {
			e.wantBins(rule, rec.Bins, driver.Bins{"a": int64(1)})
		}
		ok, err := e.conn.Exists(e.ctx, &driver.ReadPolicy{Routing: r}, k)
		if e.wantOK("Exists routed", err) && !ok {
			e.Errorf("Exists routed %+v: got false, want true", r)
		}
		if r.Replica == driver.ReplicaRandom {
			continue // single-record reads only
		}
		recs := []*driver.BatchRecord{{Type: driver.BatchRead, Key: k}, {Type: driver.BatchRead, Key: e.key("routed-missing")}}
		err = e.conn.Batch(e.ctx, &driver.BatchPolicy{AllowInline: true, Routing: r}, recs)
		if e.wantOK("Batch routed", err) {
			if recs[0].Err != nil || recs[0].Record == nil {
				e.Errorf("Batch routed %+v: record 0: %v", r, recs[0].Err)
			}
			e.wantCode(fmt.Sprintf("Batch routed %+v: record 1 (missing)", r), recs[1].Err, driver.KeyNotFoundError)
		}
	}
}
