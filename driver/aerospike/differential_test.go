package aerospike_test

// The differential harness: random, seeded sequences of commands run against
// every backend that can answer them, the real server (AEROSPIKE_TEST_DSN),
// aerotest (through this driver) and the memory backend (driver/memory),
// comparing results, result codes, per-record outcomes of batches and the
// stored records after every step. The real server is the reference: where
// the others differ from it, they are wrong.
//
// One generator (dgen) reads commands from a byte stream: `go test -fuzz`
// feeds it directly (FuzzDifferential); TestDifferential feeds it the bytes
// of a seeded PRNG, one subtest per seed, so a divergence reproduces with
//
//	go test -run 'TestDifferential/seed=N$' ./driver/aerospike
//	AEROSPIKE_TEST_DSN=aerospike://127.0.0.1:3000/test go test -run 'TestDifferential/seed=N$' ./driver/aerospike
//
// The families of commands live in differential_kv_test.go (records,
// policies, operate, batches, scans), differential_cdt_test.go (lists, maps,
// contexts), differential_bit_test.go (bits and HLLs),
// differential_exp_test.go (filter, read and write expressions),
// differential_index_test.go (secondary indexes and their queries),
// differential_geo_test.go (GeoJSON) and differential_udf_test.go (record
// UDFs, background UDF jobs, aggregations). Known
// divergences that are being fixed elsewhere are listed in
// differential_known_test.go.

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/aerotest"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
	"github.com/aerokit/aero/driver/memory"
	"github.com/aerokit/aero/hll"
)

// diffSet is the one set the harness writes on a real server; every run's
// keys carry a random run id, and each program deletes its records when it
// ends, so a long-lived server never meets an earlier run's records.
const diffSet = "aero_diff"

// diffKeys is the number of records one program works on.
const diffKeys = 3

// diffMaxSteps bounds the commands of one program.
const diffMaxSteps = 24

// diffTarget is one backend: a Conn and, for the wire backends, the raw
// client behind it (raw commands run on the real server and aerotest only).
type diffTarget struct {
	name string
	conn driver.Conn
	raw  *as.Client
}

// diffEnv is the backends of one test, opened once and shared by its
// programs (each program has its own keys).
type diffEnv struct {
	targets []*diffTarget
	runID   string
	progs   atomic.Int64
	idxOnce sync.Once
	idxErr  error
}

func newDiffEnv(t testing.TB) *diffEnv {
	t.Helper()
	var b [4]byte
	if _, err := crand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	e := &diffEnv{runID: hex.EncodeToString(b[:])}
	if dsn := os.Getenv("AEROSPIKE_TEST_DSN"); dsn != "" {
		c := openDSN(t, dsn)
		raw, _ := aerospike.Client(c)
		e.targets = append(e.targets, &diffTarget{name: "server", conn: c, raw: raw})
	}
	srv := aerotest.NewServer(t, aerotest.WithNamespaces("test"))
	c := openDSN(t, srv.DSN())
	raw, _ := aerospike.Client(c)
	e.targets = append(e.targets, &diffTarget{name: "aerotest", conn: c, raw: raw})
	mem, err := memory.Driver{}.Open(context.Background(), "memory://test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mem.Close() })
	e.targets = append(e.targets, &diffTarget{name: "memory", conn: mem})
	return e
}

// dprog is one program's state: its keys (the same on every backend).
type dprog struct {
	keys    []*driver.Key
	digests map[driver.Digest]int
}

func (e *diffEnv) newProg() *dprog {
	n := e.progs.Add(1)
	p := &dprog{digests: map[driver.Digest]int{}}
	for i := range diffKeys {
		k, err := driver.NewKey("test", diffSet, fmt.Sprintf("%s.%d.%d", e.runID, n, i))
		if err != nil {
			panic(err)
		}
		p.keys = append(p.keys, k)
		p.digests[k.Digest] = i
	}
	return p
}

// dout is one backend's answer to one command: its result code (OK when
// it succeeded) and what it returned. Val is compared deeply, TTLs within
// a tolerance (the real server's clock moves while a program runs).
type dout struct {
	skipped bool
	Code    driver.ResultCode
	Err     string
	Val     any
	TTLs    []uint32
}

func (o dout) String() string {
	if o.skipped {
		return "(not run: no raw client)"
	}
	s := "OK"
	if o.Code != driver.OK {
		s = fmt.Sprintf("%v (%s)", o.Code, o.Err)
	}
	if o.Val != nil {
		s += fmt.Sprintf(" %s", fmtVal(o.Val))
	}
	if len(o.TTLs) > 0 {
		s += fmt.Sprintf(" ttl=%v", o.TTLs)
	}
	return s
}

// noCode is the code of an error that carries none (never expected).
const noCode driver.ResultCode = -9999

func errOut(err error) dout {
	if err == nil {
		return dout{}
	}
	code, ok := driver.CodeOf(err)
	if !ok {
		code = noCode
	}
	return dout{Code: code, Err: err.Error()}
}

// drec is a record as compared: bins, generation; its TTL goes to dout.TTLs.
type drec struct {
	Bins driver.Bins
	Gen  uint32
}

// recOut is the answer of a call that returns a record.
func recOut(r *driver.Record, err error) dout {
	o := errOut(err)
	if err != nil || r == nil {
		return o
	}
	o.Val = drec{Bins: normBins(r.Bins), Gen: r.Generation}
	o.TTLs = []uint32{r.Expiration}
	return o
}

// normBins maps an empty bin map to nil: backends may answer either.
func normBins(b driver.Bins) driver.Bins {
	if len(b) == 0 {
		return nil
	}
	return b
}

func sameOut(a, b dout) bool {
	if a.skipped || b.skipped {
		return true
	}
	if a.Code != b.Code || !sameVal(a.Val, b.Val) || len(a.TTLs) != len(b.TTLs) {
		return false
	}
	for i := range a.TTLs {
		x, y := int64(a.TTLs[i]), int64(b.TTLs[i])
		if x-y > 2 || y-x > 2 {
			return false
		}
	}
	return true
}

// sameVal compares values deeply; a NaN equals a NaN (an HLL similarity
// of empty HLLs is NaN on every backend), which reflect.DeepEqual denies.
func sameVal(a, b any) bool {
	return reflect.DeepEqual(a, b) || fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}

// dcmd is one generated command.
type dcmd struct {
	family string
	desc   string
	// raw commands use the raw client: they run on the wire backends only.
	raw bool
	run func(ctx context.Context, tg *diffTarget, p *dprog) dout
}

func (c *dcmd) String() string { return c.family + ": " + c.desc }

// dgen reads a program from a byte stream; past its end every byte is 0.
type dgen struct {
	data []byte
	i    int
}

func (g *dgen) byte() byte {
	if g.i >= len(g.data) {
		g.i++
		return 0
	}
	g.i++
	return g.data[g.i-1]
}

func (g *dgen) more() bool { return g.i < len(g.data) }

// n returns a number in [0, k).
func (g *dgen) n(k int) int {
	if k <= 256 {
		return int(g.byte()) % k
	}
	return (int(g.byte())<<8 | int(g.byte())) % k
}

func (g *dgen) bool() bool { return g.byte()&1 == 1 }

// chance is true with probability 1/k.
func (g *dgen) chance(k int) bool { return g.n(k) == 0 }

func pick[T any](g *dgen, xs ...T) T { return xs[g.n(len(xs))] }

// seedBytes is the byte stream of seed: TestDifferential's programs.
func seedBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// dfamilies are the generators of commands, by family; a program picks one
// per step. Each returns nil when it generated nothing runnable.
var dfamilies []func(g *dgen) *dcmd

func registerFamily(weight int, f func(g *dgen) *dcmd) {
	for range weight {
		dfamilies = append(dfamilies, f)
	}
}

// run runs one program, read from data, on every backend; label names it
// in failures.
func (e *diffEnv) run(t *testing.T, label, repro string, data []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	e.setupIndexes(t)
	g := &dgen{data: data}
	p := e.newProg()
	defer e.cleanup(p)
	var history []string
	for step := 0; step < diffMaxSteps && g.more(); step++ {
		c := dfamilies[g.n(len(dfamilies))](g)
		if c == nil {
			continue
		}
		history = append(history, fmt.Sprintf("  step %d %s", step, c))
		outs := make([]dout, len(e.targets))
		for i, tg := range e.targets {
			if c.raw && tg.raw == nil {
				outs[i] = dout{skipped: true}
				continue
			}
			outs[i] = c.run(ctx, tg, p)
		}
		if e.diverged(t, label, repro, step, c, "answer", outs, history) {
			return
		}
		for ki, k := range p.keys {
			for i, tg := range e.targets {
				outs[i] = recOut(tg.conn.Get(ctx, nil, k, nil))
			}
			if e.diverged(t, label, repro, step, c, fmt.Sprintf("stored record %d after it", ki), outs, history) {
				return
			}
		}
	}
}

// diverged compares the backends' answers; on a divergence it reports it
// (a known one as a log line, a new one as a failure) and returns true:
// the backends' states may differ from then on, so the program stops.
func (e *diffEnv) diverged(t *testing.T, label, repro string, step int, c *dcmd, what string, outs []dout, history []string) bool {
	t.Helper()
	same := true
	for i := 1; i < len(outs); i++ {
		if !sameOut(outs[0], outs[i]) {
			same = false
		}
	}
	if same {
		return false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s step %d: %s differs\n  command: %s\n", label, step, what, c)
	for i, tg := range e.targets {
		fmt.Fprintf(&b, "  %-8s %s\n", tg.name+":", outs[i])
	}
	fmt.Fprintf(&b, "  program so far:\n%s\n  reproduce: %s", strings.Join(history, "\n"), repro)
	if k := knownDivergence(c.String(), outs); k != "" {
		t.Logf("known divergence (%s):\n%s", k, b.String())
		return true
	}
	t.Error(b.String())
	return true
}

func (e *diffEnv) cleanup(p *dprog) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, tg := range e.targets {
		for _, k := range p.keys {
			_, _ = tg.conn.Delete(ctx, nil, k)
		}
	}
}

// diffSeeds is the number of seeds TestDifferential runs; AERO_DIFF_SEEDS=n
// runs n.
func diffSeeds() int {
	if s := os.Getenv("AERO_DIFF_SEEDS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 120
}

// TestDifferential runs diffSeeds() seeded programs on every backend: the
// real server when AEROSPIKE_TEST_DSN is set, aerotest and memory always.
// AERO_DIFF_SEEDS=n runs more; AERO_DIFF_FIRST=m starts at seed m.
func TestDifferential(t *testing.T) {
	e := newDiffEnv(t)
	first := 1
	if s := os.Getenv("AERO_DIFF_FIRST"); s != "" {
		first, _ = strconv.Atoi(s)
	}
	for seed := first; seed < first+diffSeeds(); seed++ {
		name := fmt.Sprintf("seed=%d", seed)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			repro := fmt.Sprintf("go test -run 'TestDifferential/%s$' ./driver/aerospike (AERO_DIFF_FIRST=%d if above %d)", name, seed, diffSeeds())
			e.run(t, name, repro, seedBytes(uint64(seed), 512))
		})
	}
}

// FuzzDifferential is the fuzz target: each input is one program.
//
//	go test -run '^$' -fuzz=FuzzDifferential -fuzztime=1m ./driver/aerospike
func FuzzDifferential(f *testing.F) {
	for seed := uint64(1); seed <= 8; seed++ {
		f.Add(seedBytes(seed, 256))
	}
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	e := newDiffEnv(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		e.run(t, "fuzz input", "go test -run 'FuzzDifferential/<file>' ./driver/aerospike with the input kept under testdata/fuzz/FuzzDifferential", data)
	})
}

// fmtVal formats a value readably: strings quoted, blobs in hex.
func fmtVal(v any) string {
	switch x := v.(type) {
	case drec:
		return fmt.Sprintf("{gen=%d bins=%s}", x.Gen, fmtVal(map[string]any(x.Bins)))
	case map[string]any:
		if x == nil {
			return "{}"
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ":" + fmtVal(x[k])
		}
		return "{" + strings.Join(parts, " ") + "}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmtVal(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[any]any:
		parts := make([]string, 0, len(x))
		for k, e := range x {
			parts = append(parts, fmtVal(k)+":"+fmtVal(e))
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, ", ") + "}"
	case string:
		return strconv.Quote(x)
	case []byte:
		return "0x" + hex.EncodeToString(x)
	case nil:
		return "nil"
	case fmt.Stringer:
		return x.String()
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice {
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = fmtVal(rv.Index(i).Interface())
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%#v", v)
}

// fmtOps formats Operate ops readably.
func fmtOps(ops []driver.Operation) string {
	parts := make([]string, len(ops))
	for i, op := range ops {
		parts[i] = fmtOp(op)
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

func fmtOp(op driver.Operation) string {
	if h, ok := op.Value.(hll.Op); ok {
		return fmtHLLOp(h)
	}
	if s, ok := op.Value.(fmt.Stringer); ok {
		switch op.Type {
		case driver.OpCDTRead, driver.OpCDTModify, driver.OpBitRead, driver.OpBitModify, driver.OpHLLRead, driver.OpHLLModify:
			return s.String()
		case driver.OpExpRead, driver.OpExpWrite:
			return fmt.Sprintf("%s(%q, %s, flags=%d)", op.Type, op.Bin, s, op.ExpFlags)
		}
	}
	if op.Bin == "" && op.Value == nil {
		return op.Type.String()
	}
	return fmt.Sprintf("%s(%q, %s)", op.Type, op.Bin, fmtVal(op.Value))
}
