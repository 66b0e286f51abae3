package drivertest

import (
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
)

// testGetLongBinName checks that a read naming a bin of more than
// MaxBinNameLen bytes is BIN_NAME_TOO_LONG, for Get and for a read-only
// Operate (the client checks names before sending; the server's read_local,
// transaction/read.c, answers AS_ERR_BIN_NAME through as_bin_name_check).
func testGetLongBinName(e *env) {
	k := e.key("long-read")
	e.put(k, driver.Bins{"a": int64(1)})
	name16 := strings.Repeat("b", driver.MaxBinNameLen+1)
	_, err := e.conn.Get(e.ctx, &driver.ReadPolicy{}, k, []string{"a", name16})
	e.wantCode("Get of a bin name of 16 bytes", err, driver.BinNameTooLong)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{opRead(name16)})
	e.wantCode("read-only Operate of a bin name of 16 bytes", err, driver.BinNameTooLong)
	rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{}, k, []string{"a", strings.Repeat("b", driver.MaxBinNameLen)})
	if e.wantOK("Get of a bin name of 15 bytes that does not exist", err) {
		e.wantBins("Get of a 15-byte name that does not exist returns the other bins", rec.Bins, driver.Bins{"a": int64(1)})
	}
}

// testOperateReadAllMix checks how a read of every bin mixes with reads of
// named bins. In a read-only Operate the client sets GET_ALL and the
// server's read_local (transaction/read.c) returns every bin once, whatever
// the other reads; in an Operate that writes, write_master_policies
// (transaction/write.c) refuses the mix with AS_ERR_PARAMETER ("read-all op
// can't mix with ops that generate response bins").
func testOperateReadAllMix(e *env) {
	k := e.key("readall-mix")
	all := driver.Bins{"a": int64(1), "b": "x"}
	e.put(k, all)
	if rec, ok := e.operate("read-only Operate of every bin and a named bin", k, opRead("a"), driver.Operation{Type: driver.OpRead}); ok {
		e.wantBins("read-only Operate of every bin and a named bin returns every bin once", rec.Bins, all)
	}
	if rec, ok := e.operate("read-only Operate reading every bin twice", k, driver.Operation{Type: driver.OpRead}, driver.Operation{Type: driver.OpRead}); ok {
		e.wantBins("read-only Operate reading every bin twice returns every bin once", rec.Bins, all)
	}
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{opWrite("c", int64(3)), {Type: driver.OpRead}, opRead("a")})
	e.wantCode("Operate with a write, a read of every bin and a named read", err, driver.ParameterError)
	rec := e.wantRecord("a refused Operate must change nothing", k, all)
	e.wantGen("a refused Operate must not change the generation", rec, 1)
}

// testOperateModifyCreatesBin checks that add, append and prepend on a bin
// the record does not have create it with the value (server: particle.c,
// "all operations become creates if there's no existing particle").
func testOperateModifyCreatesBin(e *env) {
	k := e.key("modify-creates")
	e.put(k, driver.Bins{"keep": int64(0)})
	rec, ok := e.operate("Operate add, append, prepend on missing bins", k,
		opAdd("n", int64(-4)), opAdd("f", 0.5),
		driver.Operation{Type: driver.OpAppend, Bin: "s", Value: "x"},
		driver.Operation{Type: driver.OpPrepend, Bin: "b", Value: []byte{7}},
		opRead("n"), opRead("f"), opRead("s"), opRead("b"))
	if ok {
		e.wantBins("add, append and prepend on missing bins create them with the value", rec.Bins,
			driver.Bins{"n": int64(-4), "f": 0.5, "s": "x", "b": []byte{7}})
	}
}

// testTruncateFuture checks that a truncation threshold in the future is
// refused and removes nothing. The server answers
// "ERROR::would-truncate-in-the-future" (truncate.c as_truncate_cmd), which
// the client reports as SERVER_ERROR; a driver may check the time first and
// report PARAMETER_ERROR (driver/aerospike does).
func testTruncateFuture(e *env) {
	k := e.key("keep")
	e.put(k, driver.Bins{"a": int64(1)})
	err := e.conn.Truncate(e.ctx, e.ns, e.set, time.Now().Add(time.Hour))
	e.wantCode("Truncate with a before an hour in the future", err, driver.ParameterError, driver.ServerError)
	e.wantPresent("a refused Truncate must remove nothing", k)
}
