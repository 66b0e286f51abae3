//go:build unix

package mapper

import (
	"syscall"
	"testing"
)

// cpuClock measures the CPU time (user and system, all threads, the
// garbage collector's included) a benchmark loop uses, reported as
// cpu-ns/op next to the wall-clock ns/op: on a machine shared with other
// work, wall time per op varies with the load, CPU time much less.
type cpuClock struct {
	b     *testing.B
	start int64
}

func startCPU(b *testing.B) cpuClock {
	b.ReportAllocs()
	return cpuClock{b: b, start: cpuNanos()}
}

func (c cpuClock) stop() {
	if c.b.N > 0 {
		c.b.ReportMetric(float64(cpuNanos()-c.start)/float64(c.b.N), "cpu-ns/op")
	}
}

func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
