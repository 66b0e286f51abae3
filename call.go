package aero

import (
	"context"
	"time"

	"github.com/aerokit/aero/driver"
)

// The call skeleton is described in the package documentation (doc.go,
// # Hooks and the call skeleton): every single-record call is a cmd, built
// by Session.cmd (from a Key) or Repo.cmd (from a typed key), given its
// policy by cmd.withPolicy, and run by exec; Repo.get, the hot read, runs
// exec's steps itself (see exec).

// WriteKind tells the hooks which write a PUT or BATCH PUT call is
// (OpInfo.Write): the record-exists action of the write, as Aerospike names
// it, and the write-back of a Modify.
type WriteKind string

// The kinds of write.
const (
	// WritePut creates the record or merges bins into it (Put).
	WritePut WriteKind = "put"
	// WriteInsert creates the record; an existing one fails (Insert, and
	// the first write of ModifyOrCreate on a missing record).
	WriteInsert WriteKind = "insert"
	// WriteUpdate merges bins into an existing record (Update).
	WriteUpdate WriteKind = "update"
	// WriteReplace creates the record or replaces all its bins (Replace).
	WriteReplace WriteKind = "replace"
	// WriteReplaceExisting replaces all bins of an existing record.
	WriteReplaceExisting WriteKind = "replace-existing"
	// WriteModify is Modify's generation-checked write-back.
	WriteModify WriteKind = "modify"
)

// action is the record-exists action of a write kind.
func (k WriteKind) action() driver.RecordExistsAction {
	switch k {
	case WriteInsert:
		return driver.CreateOnly
	case WriteUpdate, WriteModify:
		return driver.UpdateOnly
	case WriteReplace:
		return driver.Replace
	case WriteReplaceExisting:
		return driver.ReplaceOnly
	}
	return driver.Update
}

// cmd is one single-record command on its way through the skeleton. The
// driver call gets a copy and reads what it needs from it, so that the
// functions exec runs capture nothing and cost no allocation.
type cmd struct {
	s      *Session
	info   OpInfo
	key    *driver.Key
	policy *driver.WritePolicy
	read   *driver.ReadPolicy // nil: a plain read
	bins   []string           // the bins a read returns
	put    Bins               // the bins a Put writes
	ops    []Op               // the operations of an Operate
}

// cmd starts the command op on the record at k.
func (s *Session) cmd(op Command, write WriteKind, k Key) (cmd, error) {
	dk, err := s.key(op, k)
	if err != nil {
		return cmd{}, err
	}
	return s.cmdKey(op, write, dk), nil
}

// cmdKey starts the command op on the record at dk.
func (s *Session) cmdKey(op Command, write WriteKind, dk *driver.Key) cmd {
	return cmd{s: s, key: dk, info: s.opInfo(op, write, dk.Namespace, dk.Set, 0)}
}

// opInfo is what the hooks see of a call, but for the server, which
// Session.begin adds when there are hooks.
func (s *Session) opInfo(op Command, write WriteKind, ns, set string, batch int) OpInfo {
	return OpInfo{Name: op, Write: write, Namespace: ns, Set: set, BatchSize: batch}
}

// withPolicy sets the write policy of the command from the action, the
// options and a struct's gen and ttl.
func (c *cmd) withPolicy(action driver.RecordExistsAction, opts []WriteOption, gen uint32, ttl time.Duration) error {
	p, err := c.s.policy(action, opts, gen, ttl)
	if err != nil {
		return c.invalid(err)
	}
	c.policy = p
	return nil
}

// readKind is what a read returns: bins, the header, or presence.
type readKind uint8

const (
	readBins readKind = iota
	readHeader
	readExists
)

var headerOnly = &driver.ReadPolicy{HeaderOnly: true}

// withRead sets the read policy and bins of the command from the options.
func (c *cmd) withRead(opts []ReadOption, kind readKind) error {
	if len(opts) == 0 {
		if kind == readHeader {
			c.read = headerOnly
		}
		return nil
	}
	// The options and the policy they make share one allocation: the
	// options escape through their interface methods anyway.
	rc := new(struct {
		o readOptions
		p driver.ReadPolicy
	})
	for _, f := range opts {
		if f != nil {
			f.applyRead(&rc.o)
		}
	}
	o := &rc.o
	if err := checkRouting(o.routing); err != nil {
		return c.invalid(err)
	}
	if kind != readBins {
		if err := o.noBins(); err != nil {
			return c.invalid(err)
		}
	}
	c.bins = o.bins
	if kind == readHeader || o.filter != nil || o.routing != (driver.ReadRouting{}) {
		rc.p = driver.ReadPolicy{HeaderOnly: kind == readHeader, FilterExp: o.filter, Routing: o.routing}
		c.read = &rc.p
	}
	return nil
}

// invalid is the *Error of a command aero refuses before the driver call,
// naming the command's key.
func (c *cmd) invalid(err error) error {
	e := invalidArgument(c.info.Name, c.info.Namespace, c.info.Set, err)
	if c.key != nil {
		e.Key, e.dkey = keyString(c.key), c.key.String()
	}
	return e
}

// exec runs one command: the hooks' Before, the driver call do, the
// mapping of its error to an *Error, the hooks' After. An error do returns
// that is already an *Error of this package (a record that does not decode)
// is returned as it is. Repo.get, the hot read, writes these steps out
// (begin, the call, fail, end) as batches and scans do, with no cmd: exec's
// frame, its closure's and Repo.Get's copies of the cmd put a read's driver
// call about a kilobyte deeper in the stack, and against a real server,
// with many goroutines whose stacks do not stay in cache, that depth cost
// Repo.Get several points of throughput (issue 18, BenchmarkThroughputGet).
func exec[R any](ctx context.Context, s *Session, c *cmd, do func(context.Context, cmd) (R, error)) (R, error) {
	ctx, sp := s.begin(ctx, &c.info)
	r, err := do(ctx, *c) // a copy: c stays on the caller's stack
	if err != nil {
		var zero R
		return zero, sp.end(c.fail(err))
	}
	sp.end(nil)
	return r, nil
}

// fail maps the error of the command's driver call.
func (c *cmd) fail(err error) error { return fail(&c.info, c.key, err) }

// fail maps the error of the driver call of a command described by info on
// the record at key.
func fail(info *OpInfo, key *driver.Key, err error) error {
	if e, ok := err.(*Error); ok && e.kind != nil {
		return e
	}
	return newError(info.Name, info.Namespace, info.Set, key, err)
}
