package engine

import "github.com/aerokit/aero/driver"

// Batch runs each entry of records and stores its outcome in the entry, as
// driver.BatchRecord documents: Record for a read or write that succeeded,
// Exists for BatchExists and BatchDelete (a missing record is not an error
// for these two), Err for the entry's own failure. Entries are independent:
// each one is atomic on its own record, as in the server, where a batch is a
// set of single-record transactions. A nil entry is skipped.
func (e *Engine) Batch(records []*driver.BatchRecord) {
	e.batch(records, nil)
}

func (e *Engine) batch(records []*driver.BatchRecord, filter driver.Expression) {
	for _, br := range records {
		if br == nil {
			continue
		}
		br.Record, br.Exists, br.Err = nil, false, nil
		if br.Key == nil {
			br.Err = driver.NewError(driver.ParameterError, "batch entry has no key")
			continue
		}
		f := entryFilter(br, filter)
		switch br.Type {
		case driver.BatchRead:
			br.Record, br.Err = e.get(br.Key, br.Bins, br.HeaderOnly, f)
		case driver.BatchExists:
			br.Exists, br.Err = e.exists(br.Key, f)
		case driver.BatchWrite:
			if br.Err = CheckRespondAllOps(br.Key, br.Ops); br.Err == nil {
				br.Record, br.Err = e.Operate(withFilter(br.Policy, f), br.Key, br.Ops)
			}
		case driver.BatchDelete:
			br.Exists, br.Err = e.Delete(withFilter(br.Policy, f), br.Key)
		default:
			br.Err = driver.Errorf(driver.ParameterError, "key %s: unknown batch type %s", br.Key, br.Type)
		}
	}
}

// CheckRespondAllOps applies the server's rule for a write sent with the
// respond-all-ops flag, which the client sets on every batch write
// (aerospike-client-go batch_attr.go setBatchWrite: INFO2_WRITE |
// INFO2_RESPOND_ALL_OPS) and clears on a single-record Operate that reads
// every bin (operate_args.go): a read of all bins in such a write is
// PARAMETER_ERROR (transaction/write.c write_master_policies: "read-all op
// can't have respond-all-ops flag"). So a batch write that reads all bins
// fails, while the same ops in an Operate succeed.
func CheckRespondAllOps(key *driver.Key, ops []driver.Operation) error {
	for i := range ops {
		if ops[i].Type == driver.OpRead && ops[i].Bin == "" {
			return driver.Errorf(driver.ParameterError, "key %s: operation %d reads all bins, which a batch write cannot do (the server refuses a read-all op with respond-all-ops; use named reads)", key, i)
		}
	}
	return nil
}

// CheckBatchFilter checks a batch's own filter (the batch policy's, sent
// in the batch command's fields) before any entry runs: one that does not
// build, or does not return a boolean, fails the whole batch with
// PARAMETER_ERROR and no entry runs, even when every entry has a filter
// of its own (base/batch.c as_batch_queue_task: as_exp_filter_build of
// the batch's predexp field, "Failed to build batch predexp",
// as_batch_send_error). An entry's own filter that does not build fails
// that entry only, once its record is found (transaction/rw_utils.c
// handle_meta_filter). A nil filter is valid. The client runs a batch of
// one entry as a single-record command (aerospike-client-go
// batch_command_operate.go Execute: executeSingle), to which this does not
// apply.
func CheckBatchFilter(x driver.Expression) error {
	if x == nil {
		return nil
	}
	_, err := buildFilter(x)
	return err
}
