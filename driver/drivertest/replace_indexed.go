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
	e.createIndex("g", driver.IndexGeo2DSphere)
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

		// A geo2dsphere index holds a point by its cell
		// (sindex.c add_geojson_from_msgpack).
		geo := e.key("geo-indexed-" + rex.String())
		e.put(geo, driver.Bins{"g": driver.GeoJSON(`{"type":"Point","coordinates":[2,2]}`)})
		rec, err = e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: rex}, geo, ops)
		if e.wantOK(name+" (a geo2dsphere index) deletes it", err) && e.notNilRecord(name, rec) {
			e.wantGen(name+" (a geo2dsphere index): a delete answers generation 0", rec, 0)
		}
		e.wantMissing(name+" (a geo2dsphere index)", geo)

		other := e.key("not-indexed-" + rex.String())
		e.put(other, driver.Bins{"n": "not a number"})
		_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: rex}, other, ops)
		e.wantCode(rex.String()+" leaving no bin of a record no index holds", err, driver.KeyNotFoundError)
		got := e.wantRecord(rex.String()+" leaving no bin of a record no index holds keeps it", other, driver.Bins{"n": "not a number"})
		e.wantGen(rex.String()+" leaving no bin of a record no index holds keeps its generation", got, 1)
	}
}

// testReplaceAfterIndexDrop checks that the server's in_sindex bit, which
// testReplaceIndexedLeavingNoBin's rule reads, outlives the index that set
// it: an index drop leaves the bit as it is ("Sindex drop will leave
// in_sindex bit", as/src/base/record.c and transaction/write.c), an index
// build sets it on the records it indexes (as/src/sindex/sindex.c), and
// only the record's next write recomputes it (transaction/rw_utils.c
// update_sindex), clearing it when no index holds the record and when no
// index covers the set (write.c write_master_apply). So a replace leaving
// no bin of a record once in a dropped index deletes it while another
// index covers the set, and answers KEY_NOT_FOUND_ERROR, keeping it, once
// a write has cleared the bit or when no index covers the set. Found by
// the differential harness against server 8.1.2.0 (TestDifferential seed
// 230); each row was asked of that server with the raw client first.
func testReplaceAfterIndexDrop(e *env) {
	ops := []driver.Operation{exp.WriteOp("y", exp.NilValue(), exp.WriteAllowDelete)}
	bins := driver.Bins{"m": int64(1), "n": "not a number"}
	other := e.createIndex("n", driver.IndexNumeric) // never holds these records
	built := e.key("marked-by-build")
	e.put(built, bins)
	dropped := e.createIndex("m", driver.IndexNumeric)
	written, rewritten, alone := e.key("marked-by-write"), e.key("cleared-by-write"), e.key("no-index-left")
	for _, k := range []*driver.Key{written, rewritten, alone} {
		e.put(k, bins)
	}
	e.mustOK("DropIndex "+dropped, e.conn.DropIndex(e.ctx, e.ns, dropped))
	e.put(rewritten, driver.Bins{"a": int64(1)})

	replace := func(k *driver.Key) (*driver.Record, error) {
		return e.conn.Operate(e.ctx, &driver.WritePolicy{RecordExists: driver.Replace}, k, ops)
	}
	for _, c := range []struct {
		name string
		key  *driver.Key
	}{
		{"a record an index build marked, its index dropped", built},
		{"a record a write marked, its index dropped", written},
	} {
		rule := "Replace leaving no bin of " + c.name + ", another index on the set, deletes it (in_sindex stays set)"
		rec, err := replace(c.key)
		if e.wantOK(rule, err) && e.notNilRecord(rule, rec) {
			e.wantGen(rule+": a delete answers generation 0", rec, 0)
		}
		e.wantMissing(rule, c.key)
	}
	keeps := func(rule string, k *driver.Key, want driver.Bins) {
		_, err := replace(k)
		e.wantCode(rule, err, driver.KeyNotFoundError)
		e.wantRecord(rule+" keeps the record", k, want)
	}
	keeps("Replace leaving no bin of a record whose later write cleared in_sindex (rw_utils.c update_sindex)",
		rewritten, driver.Bins{"m": int64(1), "n": "not a number", "a": int64(1)})

	e.mustOK("DropIndex of the set's last index", e.conn.DropIndex(e.ctx, e.ns, other))
	keeps("Replace leaving no bin of a marked record when no index covers its set (write.c: set_has_si)", alone, bins)
}
