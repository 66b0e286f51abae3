package aerospike

// Unit tests of the real-server divergences that need no server: the
// sindex-list parser, the unwrapping of MAX_RETRIES_EXCEEDED, and the
// partition states after a capped page.

import (
	"encoding/base64"
	"errors"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

func TestParseSindexList(t *testing.T) {
	t.Parallel()
	sum := exp.NumAdd(exp.IntBin("a"), exp.IntBin("b"))
	sumB64 := base64.StdEncoding.EncodeToString(sum.AppendWire(nil))
	// Answers as servers 7.x/8.x print them (sindex.c as_sindex_list_str),
	// an older "bins" spelling, and an empty list.
	resp := "ns=test:indexname=a:set=s:bin=n:type=numeric:indextype=default:context=null:exp=null:state=RW;" +
		"ns=test:indexname=b:set=NULL:bin=n:type=string:indextype=DEFAULT:context=NULL:state=WO;" +
		"ns=test:indexname=c:set=s:bin=n:type=numeric:indextype=list:context=null:state=RW;" +
		"ns=test:indexname=d:set=s:bins=n:type=NUMERIC:state=RW;" +
		"ns=test:indexname=e:set=s:bin=n:type=numeric:indextype=default:context=kQM=:state=RW;" +
		// An expression index listed with b64=true (server 8.1).
		"ns=test:indexname=f:set=s:bin=null:type=numeric:indextype=default:context=null:exp=" + sumB64 + ":state=RW"
	got := parseSindexList(resp)
	if len(got) != 6 {
		t.Fatalf("parsed %d entries, want 6: %+v", len(got), got)
	}
	tests := []struct {
		entry int
		idx   driver.Index
		same  bool
	}{
		{0, driver.Index{Set: "s", Bin: "n", Type: driver.IndexNumeric}, true},
		{0, driver.Index{Set: "s", Bin: "n", Type: driver.IndexString}, false},
		{0, driver.Index{Set: "", Bin: "n", Type: driver.IndexNumeric}, false},
		{1, driver.Index{Set: "", Bin: "n", Type: driver.IndexString}, true},
		{2, driver.Index{Set: "s", Bin: "n", Type: driver.IndexNumeric}, false}, // a list index
		{3, driver.Index{Set: "s", Bin: "n", Type: driver.IndexNumeric}, true},
		{4, driver.Index{Set: "s", Bin: "n", Type: driver.IndexNumeric}, false}, // on a CDT context
		{5, driver.Index{Set: "s", Exp: sum, Type: driver.IndexNumeric}, true},
		{5, driver.Index{Set: "s", Exp: exp.IntBin("n"), Type: driver.IndexNumeric}, false}, // another expression
		{5, driver.Index{Set: "s", Bin: "n", Type: driver.IndexNumeric}, false},             // a bin index
		{0, driver.Index{Set: "s", Exp: sum, Type: driver.IndexNumeric}, false},             // entry 0 is a bin index
	}
	for _, tt := range tests {
		if s := got[tt.entry].sameDefinition(&tt.idx); s != tt.same {
			t.Errorf("entry %d (%+v) same as %+v = %v, want %v", tt.entry, got[tt.entry], tt.idx, s, tt.same)
		}
	}
	if len(parseSindexList("")) != 0 {
		t.Error("empty answer parsed to entries")
	}
}

func TestRetriedCode(t *testing.T) {
	t.Parallel()
	// A bare MAX_RETRIES_EXCEEDED (nothing chained) keeps its code.
	derr := toDriverError(&as.AerospikeError{ResultCode: types.MAX_RETRIES_EXCEEDED, InDoubt: true}, "put", "")
	if derr.Code != driver.MaxRetriesExceeded || !derr.InDoubt {
		t.Fatalf("bare MAX_RETRIES_EXCEEDED = %v", derr)
	}
	if _, _, ok := retriedCode(errors.New("x")); ok {
		t.Fatal("retriedCode of a foreign error")
	}
}

// TestPartitionsAfterCapWithUnavailable checks that a page cut by MaxRecords
// reports no partition Done when the client's tracker did not judge the
// nodes against their share (its filter still has Retry set).
func TestPartitionsAfterCapWithUnavailable(t *testing.T) {
	t.Parallel()
	req := &driver.QueryRequest{MaxRecords: 10, Partitions: []driver.PartitionStatus{{ID: 1}, {ID: 2}, {ID: 3, Done: true}}}
	pl, err := planPartitions(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, ps := range pl.filter.Partitions {
		if ps != nil {
			ps.Retry = false // as GetNodeQuery leaves every partition it sent
		}
	}
	r := &rows{plan: pl, finished: true, maxRecords: req.MaxRecords}
	pl.filter.Retry = true // isComplete returned early (cap reached) or after a second round
	for _, p := range r.Partitions() {
		if p.Done != (p.ID == 3) {
			t.Errorf("tracker unsure: partition %d Done = %v", p.ID, p.Done)
		}
	}
	pl.filter.Retry = false // isComplete judged every node
	for _, p := range r.Partitions() {
		if !p.Done {
			t.Errorf("tracker sure: partition %d not Done", p.ID)
		}
	}
	// Without MaxRecords the tracker always settles the flags.
	r.maxRecords = 0
	pl.filter.Retry = true
	for _, p := range r.Partitions() {
		if !p.Done {
			t.Errorf("no cap: partition %d not Done", p.ID)
		}
	}
}
