package drivertest

import (
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// testReplaceIndexedLeavingNoBin checks a Replace or ReplaceOnly Operate
// that leaves no bin of a record in a secondary index. The server loads the
// old bins of such a record even for a replace, for the index's sake
// (as/src/transaction/write.c write_master_apply: si_needs_bins, set when
// the set has an index and the record's in_sindex bit is set), so the
// write that leaves no bin is a delete of an existing record: the record
// is deleted and the reply carries the reads with generation 0 ("Deletes
// don't return metadata", write_master_bin_ops); durably, it is
// ENTERPRISE_ONLY on Community Edition (validate_delete_durability). A
// record of the same set that no index holds (its bin has another type)
// keeps the rule of testReplaceLeavingNoBin: KEY_NOT_FOUND_ERROR, the
// record as it was. Found by the differential harness against server
// 8.1.2.0 (TestDifferential seed 567).
func testReplaceIndexedLeavingNoBin(e *env) {
	e.createIndex("n", driver.IndexNumeric)
	ops := []driver.Operation{
		exp.ReadOp("x", exp.StringVal("r"), driver.ExpReadDefault),
		exp.WriteOp("y", exp.NilValue(), exp.WriteAllowDelete),
	}
	for _, rex := range []driver.RecordExistsAction{driver.Replace, driver.ReplaceOnly} {
		name := rex.String() + " leaving no bin of an indexed record"
		k := e.key("indexed-" + rex.String())
		e.put(k, driver.Bins{"n": int64(1), "a": int64(2)})
		if !e.s.h.Enterprise {
			_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: rex, DurableDelete: true}, k, ops)
			e.wantCode(name+", durably, on Community Edition (validate_delete_durability)", err, driver.EnterpriseOnly)
			e.wantRecord(name+", durably refused, keeps the record", k, driver.Bins{"n": int64(1), "a": int64(2)})
		}
		rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: rex}, k, ops)
		if e.wantOK(name+" deletes it (write.c write_master_apply: si_needs_bins)", err) && e.notNilRecord(name, rec) {
			e.wantBins(name+": the reads are answered", rec.Bins, driver.Bins{"x": "r"})
			e.wantGen(name+": a delete answers generation 0", rec, 0)
		}
		e.wantMissing(name, k)

		other := e.key("not-indexed-" + rex.String())
		e.put(other, driver.Bins{"n": "not a number"})
		_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: rex}, other, ops)
		e.wantCode(rex.String()+" leaving no bin of a record no index holds", err, driver.KeyNotFoundError)
		got := e.wantRecord(rex.String()+" leaving no bin of a record no index holds keeps it", other, driver.Bins{"n": "not a number"})
		e.wantGen(rex.String()+" leaving no bin of a record no index holds keeps its generation", got, 1)
	}
}
