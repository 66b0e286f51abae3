//go:build !unix

package mapper

import "testing"

// cpuClock reports allocations only where CPU time is not measured.
type cpuClock struct{}

func startCPU(b *testing.B) cpuClock {
	b.ReportAllocs()
	return cpuClock{}
}

func (cpuClock) stop() {}
