// Package drivertest is the conformance suite for implementations of
// driver.Conn, in the spirit of testing/fstest.TestFS: a backend's own test
// calls Run with a Harness, and every rule that the driver package documents
// (and that the real Aerospike server enforces) is checked by a subtest.
//
// A backend that breaks a rule fails with a message naming the rule, what it
// got and what the server does, e.g.
//
//	Put CreateOnly on an existing record: got err=nil, want result code KEY_EXISTS_ERROR (5)
//
// The suite is written to run against a shared real server too: every
// subtest works in its own set (named from a per-Run random prefix and a hash
// of the subtest's name, at most MaxSetNameLen bytes) and never assumes that
// the namespace is empty.
//
// # Clock
//
// Checks that depend on the record clock (TTL values, expiry) run first, one
// after another, in the Clock group; everything else then runs in parallel in
// the Conn group. When Harness.Advance is set (memory engine, test server),
// expiry is driven by it and checked exactly. When it is nil (real server),
// expiry checks write 1-second TTLs and poll, bounded by Harness.WaitTimeout,
// until the record disappears; a server that refuses TTL writes (Aerospike 7
// answers FORBIDDEN when nsup-period is 0) makes those checks skip with the
// reason.
package drivertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
)

// Harness says how to reach the backend under test.
type Harness struct {
	// Open returns a connection to the backend. Run calls it once for the
	// connection that all subtests share, and once more, from a parallel
	// subtest, for the check of a closed connection: closing that second
	// connection must not disturb the first. Run closes the shared one when
	// the test ends (Close is idempotent, so the harness may close it too).
	Open func(t *testing.T) driver.Conn

	// Namespace is the namespace to use; "" uses conn.Namespace().
	Namespace string

	// OtherNamespace is a second configured namespace, used to check that
	// namespaces are independent; "" skips those checks.
	OtherNamespace string

	// Advance moves the backend's record clock forward. It must only affect
	// the connections Open returns for this Run. Nil for a real server: see
	// the package documentation for how expiry is then checked.
	Advance func(d time.Duration)

	// MaxRecordSize is the namespace's record size limit in bytes
	// (max-record-size, or write-block-size before server 7.1); 0 means
	// 1 MiB, the server's default.
	MaxRecordSize int

	// DefaultTTL is the namespace's default-ttl in seconds. 0 (the server's
	// default since 7.0) means records written with TTLDefault never expire.
	DefaultTTL uint32

	// WaitTimeout bounds the polling loops used when Advance is nil (expiry
	// with real TTLs, truncation); 0 means 10 seconds.
	WaitTimeout time.Duration

	// SetPrefix starts every set name the suite makes (each check's set is
	// named from it and a hash of the check's name). "" picks a random one
	// per Run, which suits a backend that lives only for the test. For a
	// long-lived shared server pass a bounded one, so that runs after runs
	// reuse the same set names (a server never deletes a set name) and
	// runs at once use different ones; each check's set is truncated when
	// the check starts and when it ends. At most 8 bytes.
	SetPrefix string

	// Enterprise says the backend is (or imitates) Aerospike Enterprise
	// Edition; false, the default, holds it to Community Edition's rules
	// (see testDurableDelete).
	Enterprise bool
}

// suite is the state that one Run shares among its subtests.
type suite struct {
	h      Harness
	conn   driver.Conn
	ns     string
	prefix string // Harness.SetPrefix, or random per Run
}

type check struct {
	name string
	fn   func(e *env)
}

// Run runs every conformance check against the backend that h opens. It
// must be called from a test function or a subtest; it uses t.Run and marks
// the subtests of its Conn group parallel.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.Open == nil {
		t.Fatal("drivertest: Harness.Open is nil")
	}
	if h.MaxRecordSize <= 0 {
		h.MaxRecordSize = 1 << 20
	}
	if h.WaitTimeout <= 0 {
		h.WaitTimeout = 10 * time.Second
	}
	conn := h.Open(t)
	if conn == nil {
		t.Fatal("drivertest: Harness.Open returned a nil Conn")
	}
	t.Cleanup(func() { _ = conn.Close() })
	ns := h.Namespace
	if ns == "" {
		ns = conn.Namespace()
	}
	if ns == "" {
		t.Fatal("drivertest: no namespace: Harness.Namespace is empty and conn.Namespace() returned \"\"")
	}
	prefix := h.SetPrefix
	if prefix == "" {
		prefix = randomPrefix()
	}
	if len(prefix) > 8 {
		t.Fatalf("drivertest: Harness.SetPrefix %q is longer than 8 bytes", prefix)
	}
	s := &suite{h: h, conn: conn, ns: ns, prefix: prefix}

	// Clock-sensitive checks run one at a time: Advance moves a clock that
	// every record of the backend shares.
	t.Run("Clock", func(t *testing.T) {
		for _, c := range clockChecks {
			t.Run(c.name, func(t *testing.T) { c.fn(s.newEnv(t)) })
		}
	})
	t.Run("Conn", func(t *testing.T) {
		for _, c := range parallelChecks {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				c.fn(s.newEnv(t))
			})
		}
	})
}

// clockChecks depend on the record clock and run sequentially.
var clockChecks = []check{
	{"TTLExplicit", testTTLExplicit},
	{"TTLNever", testTTLNever},
	{"TTLDefault", testTTLDefault},
	{"TTLKeep", testTTLKeep},
	{"Touch", testTouch},
	{"OperateTouch", testOperateTouch},
	{"Expiry", testExpiry},
}

// parallelChecks are independent of each other and of the clock.
var parallelChecks = []check{
	{"Digest", testDigest},
	{"UserKeyTypes", testUserKeyTypes},
	{"RoundTrip", testRoundTrip},
	{"InputNormalization", testInputNormalization},
	{"UnsupportedValues", testUnsupportedValues},
	{"DeepCopy", testDeepCopy},
	{"NilBinDeletes", testNilBinDeletes},
	{"Generation", testGeneration},
	{"GetHeaderOnly", testGetHeaderOnly},
	{"GetSelectedBins", testGetSelectedBins},
	{"GetMissing", testGetMissing},
	{"RecordExistsAction", testRecordExistsAction},
	{"GenerationPolicy", testGenerationPolicy},
	{"Limits", testLimits},
	{"UnknownNamespace", testUnknownNamespace},
	{"DeleteExists", testDeleteExists},
	{"DurableDelete", testDurableDelete},
	{"CanceledContext", testCanceledContext},
	{"OperateAdd", testOperateAdd},
	{"OperateTypeErrors", testOperateTypeErrors},
	{"OperateAppendPrepend", testOperateAppendPrepend},
	{"OperateAtomicSequence", testOperateAtomicSequence},
	{"OperateMultipleReads", testOperateMultipleReads},
	{"OperateSharedResultBin", testOperateSharedResultBin},
	{"OperateReadMissing", testOperateReadMissing},
	{"OperateDelete", testOperateDelete},
	{"OperateReadAllMix", testOperateReadAllMix},
	{"OperateModifyCreatesBin", testOperateModifyCreatesBin},
	{"ReplaceModifyOps", testReplaceModifyOps},
	{"ReplaceLeavingNoBin", testReplaceLeavingNoBin},
	{"BitEmptyBuffer", testBitEmptyBuffer},
	{"ExpOpBuiltWhenApplied", testExpOpBuiltWhenApplied},
	{"ExpCompareListsReached", testExpCompareListsReached},
	{"BitReadArgsOnMissingBin", testBitReadArgsOnMissingBin},
	{"OperateHeaderAndReadAll", testOperateHeaderAndReadAll},
	{"OperateExpReadNoValue", testOperateExpReadNoValue},
	{"OperateReadExpWithBitRead", testOperateReadExpWithBitRead},
	{"OperateReadAllWithModifyOps", testOperateReadAllWithModifyOps},
	{"CDTContextCreatesDeeper", testCDTContextCreatesDeeper},
	{"ScanSelectedBinsSkipsEmpty", testScanSelectedBinsSkipsEmpty},
	{"GetLongBinName", testGetLongBinName},
	{"Batch", testBatch},
	{"BatchFilterRules", testBatchFilterRules},
	{"BatchGeneration", testBatchGeneration},
	{"BatchWriteReadAll", testBatchWriteReadAll},
	{"BatchEntryOrder", testBatchEntryOrder},
	{"BatchLoneDelete", testBatchLoneDelete},
	{"BatchWriteRespondAllOps", testBatchWriteRespondAllOps},
	{"BatchLoneEntryFailure", testBatchLoneEntryFailure},
	{"BatchLoneWriteReadAll", testBatchLoneWriteReadAll},
	{"ReadAllIgnoresOps", testReadAllIgnoresOps},
	{"ReplaceIndexedLeavingNoBin", testReplaceIndexedLeavingNoBin},
	{"ReplaceAfterIndexDrop", testReplaceAfterIndexDrop},
	{"ExpDivOverflowRefused", testExpDivOverflowRefused},
	{"Scan", testScan},
	{"ScanPaging", testScanPaging},
	{"ScanCancel", testScanCancel},
	{"ScanCloseEarly", testScanCloseEarly},
	{"Query", testQuery},
	{"QueryIndexMaintenance", testQueryIndexMaintenance},
	{"QueryPaging", testQueryPaging},
	{"QueryOrder", testQueryOrder},
	{"QueryNoIndex", testQueryNoIndex},
	{"IndexAdmin", testIndexAdmin},
	{"CollectionQuery", testCollectionQuery},
	{"CollectionIndexAdmin", testCollectionIndexAdmin},
	{"CollectionQueryRepeats", testCollectionQueryRepeats},
	{"BlobQuery", testBlobQuery},
	{"ContextQuery", testContextQuery},
	{"ContextIndexAdmin", testContextIndexAdmin},
	{"ExpressionQuery", testExpressionQuery},
	{"ExpressionIndexAdmin", testExpressionIndexAdmin},
	{"IndexStats", testIndexStats},
	{"GetForDecode", testGetForDecode},
	{"Truncate", testTruncate},
	{"TruncateFuture", testTruncateFuture},
	{"OtherNamespace", testOtherNamespace},
	{"ConcurrentAdd", testConcurrentAdd},
	{"ClosedConn", testClosedConn},
	{"UDFRegisterCompileError", testUDFRegisterCompileError},
	{"UDFValues", testUDFValues},
	{"UDFRecordWrites", testUDFRecordWrites},
	{"UDFBackground", testUDFBackground},
	{"UDFAggregate", testUDFAggregate},
	{"UDFFilter", testUDFFilter},
}

func randomPrefix() string {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand never fails on supported platforms; fall back to time.
		return fmt.Sprintf("dt%06x", time.Now().UnixNano()&0xffffff)
	}
	return "dt" + hex.EncodeToString(b[:])
}

// maxSubtestSetLen leaves room for the suffixes some checks add to their
// set name (e.g. "_b" for a second set).
const maxSubtestSetLen = driver.MaxSetNameLen - 4

// setName derives a set name from a test name: the Run prefix, a hash of the
// full name (so that distinct subtests never share a set) and a readable
// tail of the name, at most maxSubtestSetLen bytes.
func setName(prefix, testName string) string {
	h := fnv.New64a()
	h.Write([]byte(testName))
	base := fmt.Sprintf("%s_%012x", prefix, h.Sum64()&0xffffffffffff)
	tail := testName
	if i := strings.LastIndexByte(tail, '/'); i >= 0 {
		tail = tail[i+1:]
	}
	var b strings.Builder
	for _, r := range tail {
		if r < 128 && (r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	name := base + "_" + b.String()
	if len(name) > maxSubtestSetLen {
		name = name[:maxSubtestSetLen]
	}
	return name
}

// env is one subtest's view of the backend: its own set, the shared conn
// and the test's context.
type env struct {
	*testing.T
	s    *suite
	conn driver.Conn
	ns   string
	set  string
	ctx  context.Context
}

func (s *suite) newEnv(t *testing.T) *env {
	e := &env{T: t, s: s, conn: s.conn, ns: s.ns, set: setName(s.prefix, t.Name()), ctx: t.Context()}
	// A set name is reused by the next run (Harness.SetPrefix): start from
	// an empty set, whatever an interrupted run left, and (best effort)
	// leave no records behind on a shared server.
	s.truncateQuietly(s.ns, e.set)
	t.Cleanup(func() { s.truncateQuietly(s.ns, e.set) })
	return e
}

// truncateQuietly truncates a set for cleanup, ignoring errors. The test's
// context is done by the time cleanups run, so it uses a fresh one.
func (s *suite) truncateQuietly(ns, set string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.conn.Truncate(ctx, ns, set, time.Time{})
}

// key returns the key of uk in the subtest's set.
func (e *env) key(uk any) *driver.Key {
	e.Helper()
	return e.keyIn(e.ns, e.set, uk)
}

func (e *env) keyIn(ns, set string, uk any) *driver.Key {
	e.Helper()
	k, err := driver.NewKey(ns, set, uk)
	if err != nil {
		e.Fatalf("driver.NewKey(%q, %q, %#v): %v", ns, set, uk, err)
	}
	return k
}

// codeList formats the wanted codes: "KEY_EXISTS_ERROR (5)" or
// "SERVER_NOT_AVAILABLE (-11) or INVALID_NAMESPACE (20)".
func codeList(want []driver.ResultCode) string {
	parts := make([]string, len(want))
	for i, c := range want {
		parts[i] = fmt.Sprintf("%s (%d)", c, int(c))
	}
	return strings.Join(parts, " or ")
}

// describeErr says what err is, for a failure message.
func describeErr(err error) string {
	if err == nil {
		return "err=nil"
	}
	if c, ok := driver.CodeOf(err); ok {
		return fmt.Sprintf("err=%q (result code %s (%d))", err, c, int(c))
	}
	return fmt.Sprintf("err=%q (%T, no *driver.Error in its chain)", err, err)
}

// wantCode reports (without stopping the test) unless err carries one of
// the wanted result codes. It returns whether the check passed.
func (e *env) wantCode(rule string, err error, want ...driver.ResultCode) bool {
	e.Helper()
	if c, ok := driver.CodeOf(err); ok {
		for _, w := range want {
			if c == w {
				return true
			}
		}
	}
	e.Errorf("%s: got %s, want result code %s", rule, describeErr(err), codeList(want))
	return false
}

// wantOK reports unless err is nil, and returns whether it was.
func (e *env) wantOK(rule string, err error) bool {
	e.Helper()
	if err != nil {
		e.Errorf("%s: got %s, want success", rule, describeErr(err))
		return false
	}
	return true
}

// mustOK stops the subtest unless err is nil: for steps the rest of the
// check depends on.
func (e *env) mustOK(rule string, err error) {
	e.Helper()
	if err != nil {
		e.Fatalf("%s: got %s, want success", rule, describeErr(err))
	}
}

// wantCtxErr reports unless err is (or wraps) ctxErr.
func (e *env) wantCtxErr(rule string, err, ctxErr error) bool {
	e.Helper()
	if !errors.Is(err, ctxErr) {
		e.Errorf("%s: got %s, want the context's error %q", rule, describeErr(err), ctxErr)
		return false
	}
	return true
}

// put writes bins with the zero policy and stops the subtest on failure.
func (e *env) put(key *driver.Key, bins driver.Bins) {
	e.Helper()
	e.putP(&driver.WritePolicy{}, key, bins)
}

func (e *env) putP(p *driver.WritePolicy, key *driver.Key, bins driver.Bins) {
	e.Helper()
	e.mustOK(fmt.Sprintf("setup: Put %s", key), e.conn.Put(e.ctx, p, key, bins))
}

// get reads every bin of key and stops the subtest on failure.
func (e *env) get(key *driver.Key) *driver.Record {
	e.Helper()
	rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{}, key, nil)
	e.mustOK(fmt.Sprintf("Get %s of a record that must exist", key), err)
	if rec == nil {
		e.Fatalf("Get %s: got a nil *Record with a nil error, want the record", key)
	}
	return rec
}

// wantRecord reads key and compares its bins with want.
func (e *env) wantRecord(rule string, key *driver.Key, want driver.Bins) *driver.Record {
	e.Helper()
	rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{}, key, nil)
	if !e.wantOK(rule+": Get", err) {
		return nil
	}
	if rec == nil {
		e.Errorf("%s: Get returned a nil *Record and a nil error", rule)
		return nil
	}
	e.wantBins(rule, rec.Bins, want)
	return rec
}

// wantMissing checks that key is invisible to Get (KEY_NOT_FOUND_ERROR) and
// Exists (false).
func (e *env) wantMissing(rule string, key *driver.Key) {
	e.Helper()
	rec, err := e.conn.Get(e.ctx, &driver.ReadPolicy{}, key, nil)
	if err == nil {
		e.Errorf("%s: Get %s: got record %s, want result code %s", rule, key, fmtRecord(rec), codeList([]driver.ResultCode{driver.KeyNotFoundError}))
	} else {
		e.wantCode(fmt.Sprintf("%s: Get %s", rule, key), err, driver.KeyNotFoundError)
	}
	ok, err := e.conn.Exists(e.ctx, &driver.ReadPolicy{}, key)
	if e.wantOK(fmt.Sprintf("%s: Exists %s (a missing record is not an error)", rule, key), err) && ok {
		e.Errorf("%s: Exists %s: got true, want false", rule, key)
	}
}

// wantPresent checks that Exists reports key.
func (e *env) wantPresent(rule string, key *driver.Key) {
	e.Helper()
	ok, err := e.conn.Exists(e.ctx, &driver.ReadPolicy{}, key)
	if e.wantOK(fmt.Sprintf("%s: Exists %s", rule, key), err) && !ok {
		e.Errorf("%s: Exists %s: got false, want true", rule, key)
	}
}

// wantGen checks a record's generation.
func (e *env) wantGen(rule string, rec *driver.Record, want uint32) {
	e.Helper()
	if rec == nil {
		return
	}
	if rec.Generation != want {
		e.Errorf("%s: got generation %d, want %d", rule, rec.Generation, want)
	}
}

// wantBins compares bins exactly (canonical types, deep).
func (e *env) wantBins(rule string, got, want driver.Bins) {
	e.Helper()
	if d := diffBins(got, want); d != "" {
		e.Errorf("%s: %s\n\tgot bins:  %s\n\twant bins: %s", rule, d, fmtBins(got), fmtBins(want))
	}
}

// eventually polls cond until it returns "" (done) or the harness's
// WaitTimeout passes, then reports the last reason. With an Advance
// function (a backend with a controlled clock) it tries exactly once: such a
// backend has no reason to be late.
func (e *env) eventually(rule string, cond func() string) bool {
	e.Helper()
	reason := cond()
	if reason == "" {
		return true
	}
	if e.s.h.Advance == nil {
		deadline := time.NewTimer(e.s.h.WaitTimeout)
		defer deadline.Stop()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
	poll:
		for {
			select {
			case <-deadline.C:
				break poll
			case <-e.ctx.Done():
				break poll
			case <-tick.C:
				if reason = cond(); reason == "" {
					return true
				}
			}
		}
		reason += fmt.Sprintf(" (still so after polling for %v)", e.s.h.WaitTimeout)
	}
	e.Errorf("%s: %s", rule, reason)
	return false
}

// ttlSlack is how far below the written TTL a read may report it: a real
// server counts whole seconds and time passes between write and read.
const ttlSlack = 5

// wantTTL checks that rec.Expiration is want, or up to ttlSlack seconds
// less.
func (e *env) wantTTL(rule string, rec *driver.Record, want uint32) {
	e.Helper()
	if rec == nil {
		return
	}
	got := rec.Expiration
	if got == driver.TTLNever {
		e.Errorf("%s: got expiration TTLNever, want %d seconds", rule, want)
		return
	}
	if got > want || got+ttlSlack < want {
		e.Errorf("%s: got expiration %d seconds, want %d (at most %d less)", rule, got, want, ttlSlack)
	}
}

// skipIfTTLForbidden skips a check that writes TTLs on a server that
// refuses them: Aerospike 7 answers FORBIDDEN (22) to a write with a TTL
// when the namespace's nsup-period is 0 and allow-ttl-without-nsup is false
// (server: write.c, "nsup-period 0 ... forbids TTL").
func (e *env) skipIfTTLForbidden(err error) {
	e.Helper()
	if c, ok := driver.CodeOf(err); ok && c == driver.FailForbidden && e.s.h.Advance == nil {
		e.Skipf("the server refuses writes with a TTL (%v): set nsup-period or allow-ttl-without-nsup on the namespace to run TTL checks", err)
	}
}

// collect drains rows, closing them, and stops the subtest on an error.
func (e *env) collect(rule string, rows driver.Rows) []*driver.Record {
	e.Helper()
	defer func() { _ = rows.Close() }()
	var out []*driver.Record
	for i := 0; ; i++ {
		rec, err := rows.Next(e.ctx)
		if err != nil {
			e.Fatalf("%s: Next after %d records: got %s, want a record or the end", rule, i, describeErr(err))
		}
		if rec == nil {
			return out
		}
		out = append(out, rec)
	}
}

func fmtRecord(rec *driver.Record) string {
	if rec == nil {
		return "<nil>"
	}
	return fmt.Sprintf("{gen=%d exp=%d bins=%s}", rec.Generation, rec.Expiration, fmtBins(rec.Bins))
}
