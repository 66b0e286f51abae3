package engine

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/aerokit/aero/driver"
)

// Background jobs: a scan or query that applies a record UDF or write
// operations to every record it selects (query/query.c, the background
// UDF and ops jobs; transaction/udf.c and write.c with origin FROM_IUDF /
// FROM_IOPS). The job runs on its own goroutine; the engine keeps its
// status, by id, for query-show. A record the job no longer finds is
// skipped: internal UDFs and ops never create records (udf.c
// udf_master_apply: "Internal UDFs must not create records"). A UDF
// failure on one record does not stop the job (it counts as failed). A job
// whose module is not registered runs and fails every record (asked of
// server 8.1.2: the job is accepted and ends done).

// Job is a background job of the engine.
type Job struct {
	ID        uint64
	Namespace string
	Set       string
	done      chan struct{}
	processed atomic.Int64
	succeeded atomic.Int64
	failed    atomic.Int64
	err       error // set before done closes
}

// Done is closed when the job has finished.
func (j *Job) Done() <-chan struct{} { return j.done }

// Finished reports whether the job has finished.
func (j *Job) Finished() bool {
	select {
	case <-j.done:
		return true
	default:
		return false
	}
}

// Counts returns the records processed, succeeded and failed so far.
func (j *Job) Counts() (processed, succeeded, failed int64) {
	return j.processed.Load(), j.succeeded.Load(), j.failed.Load()
}

// Err is the error that ended the job early (an index dropped mid-query),
// once it has finished.
func (j *Job) Err() error {
	if !j.Finished() {
		return nil
	}
	return j.err
}

type jobRegistry struct {
	mu   sync.Mutex
	jobs map[uint64]*Job
	next atomic.Uint64
}

// maxJobs bounds the finished jobs the engine remembers (the server keeps a
// bounded history too: query-max-done).
const maxJobs = 100

// StartJob validates the request and the task and starts the job; id is
// the client's task id (0: the engine picks one).
func (e *Engine) StartJob(id uint64, policy *driver.WritePolicy, req *driver.QueryRequest, task *driver.BackgroundTask) (*Job, error) {
	if err := driver.CheckBackgroundTask(task); err != nil {
		return nil, err
	}
	if policy == nil {
		policy = &driver.WritePolicy{}
	}
	w, err := e.NewWalk(req)
	if err != nil {
		return nil, err
	}
	if id == 0 {
		id = e.jobs.next.Add(1)<<20 | 1
	}
	j := &Job{ID: id, Namespace: req.Namespace, Set: req.Set, done: make(chan struct{})}
	e.jobs.mu.Lock()
	if e.jobs.jobs == nil {
		e.jobs.jobs = map[uint64]*Job{}
	}
	if len(e.jobs.jobs) >= maxJobs {
		for k, old := range e.jobs.jobs {
			if old.Finished() {
				delete(e.jobs.jobs, k)
			}
		}
	}
	e.jobs.jobs[id] = j
	e.jobs.mu.Unlock()
	go e.runJob(j, w, policy, task)
	return j, nil
}

// LookupJob returns the job with id, if the engine remembers it.
func (e *Engine) LookupJob(id uint64) (*Job, bool) {
	e.jobs.mu.Lock()
	defer e.jobs.mu.Unlock()
	j, ok := e.jobs.jobs[id]
	return j, ok
}

func (e *Engine) runJob(j *Job, w *Walk, policy *driver.WritePolicy, task *driver.BackgroundTask) {
	defer close(j.done)
	// The job's writes: update-only (never create), the policy's TTL and
	// send-key, no generation check.
	wp := &driver.WritePolicy{Expiration: policy.Expiration, SendKey: policy.SendKey, DurableDelete: policy.DurableDelete}
	for {
		rec, err := w.Next()
		if err != nil {
			j.err = err
			return
		}
		if rec == nil {
			return
		}
		j.processed.Add(1)
		key := &driver.Key{Namespace: j.Namespace, Set: rec.Key.Set, Digest: rec.Key.Digest}
		if task.UDF != nil {
			_, err = e.applyInternal(wp, key, task.UDF)
		} else {
			up := *wp
			up.RecordExists = driver.UpdateOnly
			_, err = e.Operate(&up, key, task.Ops)
		}
		if err != nil {
			j.failed.Add(1)
		} else {
			j.succeeded.Add(1)
		}
	}
}

// applyInternal runs a record UDF of a background job: on a record that
// no longer exists it does nothing (KEY_NOT_FOUND).
func (e *Engine) applyInternal(policy *driver.WritePolicy, key *driver.Key, c *driver.UDFCall) (any, error) {
	return e.applyUDF(policy, key, &UDFCall{Module: c.Module, Function: c.Function, Args: c.Args}, true)
}

// Wait waits for the job to finish or ctx to be done.
func (j *Job) Wait(ctx context.Context) error {
	select {
	case <-j.done:
		return j.err
	case <-ctx.Done():
		return ctx.Err()
	}
}
