package aerotest

import (
	"reflect"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
)

// TestOperateAnswerLayout checks, with the raw client, which ops of an
// Operate the server answers, with and without respond-all-ops (the
// client's RespondPerEachOp), as server 8.1.2 does: a read of a missing bin
// answers only with respond-all-ops, also among other reads of its bin
// (rw_utils.c process_bin_read_op); writes answer an empty result only with
// it; a touch never (write.c write_master_bin_ops_loop); a header read, a
// READ op without a bin name (operation.go GetHeaderOp), is a read of bin
// "" without GET_ALL (rw_utils.h op_is_read_all), answered empty with
// respond-all-ops only.
func TestOperateAnswerLayout(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	for i, tc := range []struct {
		name    string
		respond bool
		seed    as.BinMap
		ops     []*as.Operation
		want    as.BinMap
	}{
		{"a read of a missing bin, a put, a read", false, as.BinMap{"z": 1},
			[]*as.Operation{as.GetBinOp("n"), as.PutOp(as.NewBin("n", 1)), as.GetBinOp("n")},
			as.BinMap{"n": 1}},
		{"the same with respond-all-ops", true, as.BinMap{"z": 1},
			[]*as.Operation{as.GetBinOp("n"), as.PutOp(as.NewBin("n", 1)), as.GetBinOp("n")},
			as.BinMap{"n": as.OpResults{nil, nil, 1}}},
		{"a touch, a header read, a read", false, as.BinMap{"n": 1},
			[]*as.Operation{as.TouchOp(), as.GetHeaderOp(), as.GetBinOp("n")},
			as.BinMap{"n": 1}},
		{"the same with respond-all-ops", true, as.BinMap{"n": 1},
			[]*as.Operation{as.TouchOp(), as.GetHeaderOp(), as.GetBinOp("n")},
			as.BinMap{"": nil, "n": 1}},
		{"a list set, a list get", false, as.BinMap{"l": []any{1, 2}},
			[]*as.Operation{as.ListSetOp("l", 0, 9), as.ListGetOp("l", 0)},
			as.BinMap{"l": 9}},
		{"the same with respond-all-ops", true, as.BinMap{"l": []any{1, 2}},
			[]*as.Operation{as.ListSetOp("l", 0, 9), as.ListGetOp("l", 0)},
			as.BinMap{"l": as.OpResults{nil, 9}}},
	} {
		k := mustKey(t, "test", "layout", i)
		must(t, c.Put(nil, k, tc.seed))
		p := as.NewWritePolicy(0, 0)
		p.RespondPerEachOp = tc.respond
		rec, err := c.Operate(p, k, tc.ops...)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(rec.Bins, tc.want) {
			t.Errorf("%s: bins = %#v, want %#v", tc.name, rec.Bins, tc.want)
		}
	}
}
