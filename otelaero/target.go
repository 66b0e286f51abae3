package otelaero

import (
	"errors"
	"net"
	"strconv"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
)

// SystemName is the value of db.system.name for Aerospike.
const SystemName = "aerospike"

// attrInDoubt marks a failed write that may have been applied. It is not in
// the conventions; they let a system add attributes under its own name.
const attrInDoubt = attribute.Key("aerospike.in_doubt")

// errorTypeOther is the conventions' fallback error.type.
const errorTypeOther = "_OTHER"

// maxTargets bounds the cache of targets: Aerospike limits namespaces and
// sets, so a real application stays far below it; past it, targets are
// computed on every call instead of cached.
const maxTargets = 4096

// targetKey identifies what a call runs against.
type targetKey struct {
	op, ns, set, addr string
	port              int
}

// target holds what is precomputed for one operation on one set: the span
// name, the span start options and the metric record options.
type target struct {
	spanName  string
	attrs     []attribute.KeyValue
	startOpts []trace.SpanStartOption
	okOpts    []metric.RecordOption
	// byCode caches the record options of outcomes with a result code.
	byCode sync.Map // driver.ResultCode -> []metric.RecordOption
}

// targets caches targets; safe for concurrent use.
type targets struct {
	m sync.Map // targetKey -> *target
	n atomic.Int64
}

func (ts *targets) get(info *aero.OpInfo) *target {
	k := targetKey{op: string(info.Name), ns: info.Namespace, set: info.Set, addr: info.ServerAddress, port: info.ServerPort}
	if t, ok := ts.m.Load(k); ok {
		return t.(*target)
	}
	t := newTarget(k)
	if ts.n.Load() >= maxTargets {
		return t
	}
	if old, loaded := ts.m.LoadOrStore(k, t); loaded {
		return old.(*target)
	}
	ts.n.Add(1)
	return t
}

func newTarget(k targetKey) *target {
	attrs := make([]attribute.KeyValue, 0, 6)
	attrs = append(attrs, semconv.DBSystemNameKey.String(SystemName))
	if k.ns != "" {
		attrs = append(attrs, semconv.DBNamespace(k.ns))
	}
	if k.set != "" {
		attrs = append(attrs, semconv.DBCollectionName(k.set))
	}
	attrs = append(attrs, semconv.DBOperationName(k.op))
	if k.addr != "" {
		attrs = append(attrs, semconv.ServerAddress(k.addr))
		if k.port > 0 {
			attrs = append(attrs, semconv.ServerPort(k.port))
		}
	}
	// The span name is "{db.operation.name} {target}" (database-spans.md,
	// Name): the collection, else the namespace, else server.address:port.
	name := k.op
	switch {
	case k.set != "":
		name += " " + k.set
	case k.ns != "":
		name += " " + k.ns
	case k.addr != "":
		name += " " + hostPort(k.addr, k.port)
	}
	t := &target{spanName: name, attrs: attrs}
	t.startOpts = []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...),
	}
	t.okOpts = []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(attrs...))}
	return t
}

func hostPort(addr string, port int) string {
	if port <= 0 {
		return addr
	}
	return net.JoinHostPort(addr, strconv.Itoa(port))
}

// recordOpts returns the metric options of an outcome.
func (t *target) recordOpts(o outcome) []metric.RecordOption {
	if !o.hasCode && !o.failed {
		return t.okOpts
	}
	if !o.hasCode {
		// An error without a code: not cached (there are no such errors
		// from a Session, but a hook can be called by anyone).
		return []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(t.outcomeAttrs(o)...))}
	}
	if v, ok := t.byCode.Load(cacheCode(o)); ok {
		return v.([]metric.RecordOption)
	}
	opts := []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(t.outcomeAttrs(o)...))}
	t.byCode.Store(cacheCode(o), opts)
	return opts
}

// cacheCode distinguishes a code that is an error from the same code that
// is not (not found on GET): they have different attributes.
type codeKey struct {
	code   driver.ResultCode
	failed bool
}

func cacheCode(o outcome) codeKey { return codeKey{o.code, o.failed} }

// outcomeAttrs returns the target's attributes plus those of the outcome.
func (t *target) outcomeAttrs(o outcome) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, len(t.attrs), len(t.attrs)+2)
	copy(attrs, t.attrs)
	return append(attrs, o.attrs()...)
}

// outcome classifies the end of a call.
type outcome struct {
	code    driver.ResultCode
	hasCode bool
	failed  bool
	inDoubt bool
}

// classify turns a call's error into its outcome. notFoundIsError says
// whether KEY_NOT_FOUND_ERROR on a GET is a failure (see the package doc).
func classify(info *aero.OpInfo, err error, notFoundIsError bool) outcome {
	if err == nil {
		return outcome{}
	}
	var e *aero.Error
	if !errors.As(err, &e) {
		return outcome{failed: true}
	}
	o := outcome{code: e.Code, hasCode: true, failed: true, inDoubt: e.InDoubt}
	if e.Code == driver.KeyNotFoundError && info.Name == aero.CmdGet && !notFoundIsError {
		o.failed = false
	}
	return o
}

// attrs returns the attributes of the outcome: db.response.status_code
// when there is a code, error.type on failure.
func (o outcome) attrs() []attribute.KeyValue {
	var out []attribute.KeyValue
	if o.hasCode {
		out = append(out, semconv.DBResponseStatusCode(strconv.Itoa(int(o.code))))
	}
	if o.failed {
		out = append(out, semconv.ErrorTypeKey.String(o.errorType()))
	}
	return out
}

// errorType is error.type: the status code, as the conventions recommend,
// or _OTHER for an error that has none.
func (o outcome) errorType() string {
	if !o.hasCode {
		return errorTypeOther
	}
	return strconv.Itoa(int(o.code))
}

// description is the span status description: the code's name, never the
// error text (which names the record's key).
func (o outcome) description() string {
	if !o.hasCode {
		return "error without a result code"
	}
	return o.code.String()
}
