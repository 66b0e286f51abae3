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
			br.Record, br.Err = e.Operate(withFilter(br.Policy, f), br.Key, br.Ops)
		case driver.BatchDelete:
			br.Exists, br.Err = e.Delete(withFilter(br.Policy, f), br.Key)
		default:
			br.Err = driver.Errorf(driver.ParameterError, "key %s: unknown batch type %s", br.Key, br.Type)
		}
	}
}
