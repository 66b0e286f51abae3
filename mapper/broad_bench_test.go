package mapper

import (
	"reflect"
	"testing"
	"time"
)

// BenchmarkBroadStruct compares, in one run, the mapper with hand-written
// code on a broad struct: the 12 fields of benchClientUser with the
// client's `as` tags (a *string, a time.Time stored as int nanoseconds, a
// time.Duration, a uint32, a nested struct from map[any]any, []byte,
// []string, a map[string]int from map[any]any with int values, bool,
// float64, int64), decoded from bins shaped as aerospike-client-go returns
// them into a struct declared per record (var u T; DecodeInto(bins, &u)),
// as a loop over read records does: with DecodeInto, and with
// handDecodeClient.
//
// The two alternate in blocks of broadBlock decodes, each block timed on
// its own (wall clock and the process's CPU time, the collector's
// included), so that a change of load on a shared machine falls on both
// alike. It reports per decode: aero-ns and hand-ns (wall), aero-cpu-ns
// and hand-cpu-ns, and their ratios (aero/hand, aero/hand-cpu); ns/op,
// B/op and allocs/op cover one decode of each. Run it as
//
//	go test -run '^$' -bench BroadStruct -count 8 ./mapper
//
// and take the medians of the ratios (benchstat).
func BenchmarkBroadStruct(b *testing.B) {
	v := benchValue()
	bins := clientBins(wireKeys(handEncode(&v)))
	if _, err := PlanFor(reflect.TypeFor[benchClientUser]()); err != nil {
		b.Fatal(err)
	}
	var sink int
	aero := func(n int) {
		for range n {
			var u benchClientUser
			if err := DecodeInto(bins, &u); err != nil {
				b.Fatal(err)
			}
			sink += len(u.Tags)
		}
	}
	hand := func(n int) {
		for range n {
			var u benchClientUser
			if !handDecodeClient(bins, &u) {
				b.Fatal("handDecodeClient failed")
			}
			sink += len(u.Tags)
		}
	}
	warmHeap(func() { hand(1); aero(1) })
	b.ReportAllocs()
	var wall, cpu [2]int64 // aero, hand
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(broadBlock, b.N-done)
		for i, f := range [2]func(int){aero, hand} {
			t0, c0 := time.Now(), cpuNanos()
			f(n)
			wall[i] += int64(time.Since(t0))
			cpu[i] += cpuNanos() - c0
		}
		done += n
	}
	b.StopTimer()
	_ = sink
	per := func(x int64) float64 { return float64(x) / float64(b.N) }
	b.ReportMetric(per(wall[0]), "aero-ns")
	b.ReportMetric(per(wall[1]), "hand-ns")
	b.ReportMetric(per(cpu[0]), "aero-cpu-ns")
	b.ReportMetric(per(cpu[1]), "hand-cpu-ns")
	b.ReportMetric(float64(wall[0])/float64(wall[1]), "aero/hand")
	if cpu[1] > 0 {
		b.ReportMetric(float64(cpu[0])/float64(cpu[1]), "aero/hand-cpu")
	}
}

// broadBlock is the number of decodes of each implementation in one block
// of BenchmarkBroadStruct: about half a millisecond, long against the
// clocks' reads, short against a change of load.
const broadBlock = 512
