//go:build unix

package aerospike_test

import (
	"context"
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
)

// BenchmarkThroughputGet is issue 18's throughput target: aero's Repo.Get
// beside the raw client's Get with a hand-written decode of the same
// 12-bin struct, at 16 and 64 goroutines, on the real server of
// AEROSPIKE_TEST_DSN only (aerotest runs in this process and would measure
// itself). Both sides read through the same client (the same connection
// pools, ClientPolicy and read policy: aero's read policy is the client's
// default, TestReadPolicyIsClientDefault), both build the key from the
// user key on every call and both hand a new struct to the heap per call.
//
// At each goroutine count, aero and raw run one after the other (compare
// them with benchstat over several runs), then interleaved: in alternating
// slices of a few hundred calls, which report the two throughput ratios
// that a shared machine's changing load moves least (see runInterleaved).
// scripts/throughput.sh pins the server and the benchmark to a core each,
// runs the rounds and prints the ratios, their medians and benchstat's
// comparison.
func BenchmarkThroughputGet(b *testing.B) {
	dsn := os.Getenv("AEROSPIKE_TEST_DSN")
	if dsn == "" {
		b.Skip("AEROSPIKE_TEST_DSN is not set: the throughput benchmark needs a real server")
	}
	conn := openDSN(b, dsn)
	client, _ := aerospike.Client(conn)
	ns := conn.Namespace()
	const set, nkeys = "throughput", 100
	ctx := context.Background()
	for i := range nkeys {
		k, err := driver.NewKey(ns, set, int64(i))
		if err != nil {
			b.Fatal(err)
		}
		if err := conn.Put(ctx, nil, k, newBenchUser(int64(i)).toBins()); err != nil {
			b.Fatal(err)
		}
	}
	repo, err := aero.NewRepo[aeroUser, int64](aero.NewSession(conn), set)
	if err != nil {
		b.Fatal(err)
	}
	aeroGet := func(i int64) error {
		u, err := repo.Get(ctx, i)
		if err != nil {
			return err
		}
		if u.ID != i {
			return errWrongRecord
		}
		aeroSink.Store(u)
		return nil
	}
	rawGet := func(i int64) error {
		k, err := as.NewKey(ns, set, i)
		if err != nil {
			return err
		}
		rec, err := client.Get(nil, k)
		if err != nil {
			return err
		}
		u := new(benchUser)
		u.fromRawBins(rec.Bins)
		if u.ID != i {
			return errWrongRecord
		}
		rawSink.Store(u)
		return nil
	}
	for _, g := range []int{16, 64} {
		b.Run("g="+strconv.Itoa(g), func(b *testing.B) {
			b.Run("aero", func(b *testing.B) { runGoroutines(b, g, nkeys, aeroGet) })
			b.Run("raw", func(b *testing.B) { runGoroutines(b, g, nkeys, rawGet) })
			b.Run("interleaved", func(b *testing.B) { runInterleaved(b, g, nkeys, aeroGet, rawGet) })
		})
	}
}

// The sinks keep the last value each side read: both hand a new struct to
// the heap on every call, as Repo.Get does.
var (
	aeroSink atomic.Pointer[aeroUser]
	rawSink  atomic.Pointer[benchUser]
)

var errWrongRecord = driver.NewError(driver.ParseError, "read the wrong record")

// interleaveSlice is the number of calls of one side in one slice of
// runInterleaved: at some thousands of calls a second on a shared machine,
// a slice lasts a tenth of a second or less, shorter than most changes of
// the load it must not see.
const interleaveSlice = 400

// runInterleaved calls aero and raw b.N times each from the same g
// goroutines, in alternating slices of interleaveSlice calls (aero first in
// one pair, raw first in the next), and reports two ratios, each aero's
// figure over raw's as a throughput (1: the raw client's):
//   - aero/raw: of the wall time of the calls;
//   - aero/raw-cpu: of the process's CPU time (user and system) per call,
//     the throughput ratio when the client's core is the bottleneck, and
//     a figure the server's speed and the machine's other load barely
//     move.
//
// The goroutines of each side carry the profiler label side=aero or
// side=raw: go tool pprof -tagfocus side=aero shows one side of a
// -cpuprofile.
func runInterleaved(b *testing.B, g, nkeys int, aero, raw func(int64) error) {
	p := newWorkers(g, nkeys)
	defer p.stop()
	var taero, traw, caero, craw time.Duration
	aeroCtx := pprof.WithLabels(context.Background(), pprof.Labels("side", "aero"))
	rawCtx := pprof.WithLabels(context.Background(), pprof.Labels("side", "raw"))
	slice := func(ctx context.Context, get func(int64) error, n int, wall, cpu *time.Duration) {
		c0, start := cpuTime(b), time.Now()
		p.run(ctx, b, int64(n), get)
		*wall += time.Since(start)
		*cpu += cpuTime(b) - c0
	}
	b.ResetTimer()
	for done, pair := 0, 0; done < b.N; pair++ {
		n := min(interleaveSlice, b.N-done)
		if pair%2 == 0 {
			slice(aeroCtx, aero, n, &taero, &caero)
			slice(rawCtx, raw, n, &traw, &craw)
		} else {
			slice(rawCtx, raw, n, &traw, &craw)
			slice(aeroCtx, aero, n, &taero, &caero)
		}
		done += n
	}
	b.ReportMetric(float64(traw)/float64(taero), "aero/raw")
	b.ReportMetric(float64(craw)/float64(caero), "aero/raw-cpu")
	b.ReportMetric(float64(taero)/float64(b.N), "aero-ns/op")
	b.ReportMetric(float64(traw)/float64(b.N), "raw-ns/op")
	b.ReportMetric(float64(caero)/float64(b.N), "aero-cpu-ns/op")
	b.ReportMetric(float64(craw)/float64(b.N), "raw-cpu-ns/op")
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runGoroutines calls get b.N times from g goroutines, on the keys
// 0..nkeys-1 in turn: ns/op is the wall time per call at that
// concurrency, the inverse of the throughput.
func runGoroutines(b *testing.B, g, nkeys int, get func(int64) error) {
	p := newWorkers(g, nkeys)
	defer p.stop()
	b.ReportAllocs()
	b.ResetTimer()
	p.run(context.Background(), b, int64(b.N), get)
}

// workers are g long-lived goroutines, as an application's are: the stack
// a call needs is grown once, not on every slice of calls.
type workers struct {
	g, nkeys int
	jobs     chan *job
}

// job is n calls of get, shared by the workers.
type job struct {
	ctx    context.Context // the profiler labels
	get    func(int64) error
	n      int64
	next   atomic.Int64
	failed atomic.Pointer[error]
	wg     sync.WaitGroup
}

func newWorkers(g, nkeys int) *workers {
	w := &workers{g: g, nkeys: nkeys, jobs: make(chan *job)}
	for range g {
		go w.loop()
	}
	return w
}

func (w *workers) loop() {
	for j := range w.jobs {
		pprof.SetGoroutineLabels(j.ctx)
		for {
			i := j.next.Add(1) - 1
			if i >= j.n {
				break
			}
			if err := j.get(i % int64(w.nkeys)); err != nil {
				e := err
				j.failed.CompareAndSwap(nil, &e)
				break
			}
		}
		j.wg.Done()
	}
}

// run makes n calls of get from the workers, on the keys 0..nkeys-1 in
// turn.
func (w *workers) run(ctx context.Context, b *testing.B, n int64, get func(int64) error) {
	j := &job{ctx: ctx, get: get, n: n}
	j.wg.Add(w.g)
	for range w.g {
		w.jobs <- j
	}
	j.wg.Wait()
	if err := j.failed.Load(); err != nil {
		b.Fatal(*err)
	}
}

func (w *workers) stop() { close(w.jobs) }
