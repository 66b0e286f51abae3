package aerotest

import (
	"net"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestLifecycleInterleavings runs Start, Stop, Restart, DropConnections,
// isolation and Close of one server from many goroutines at once, with
// clients dialing, and checks that every goroutine of the server ends once
// Close returns (issue 9 item 11: Start counted its accept goroutine after
// releasing the lock, so a concurrent Close could return first and leak
// it). Not parallel: goleak counts every goroutine of the process.
func TestLifecycleInterleavings(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for round := 0; round < 20; round++ {
		s, err := Run(Options{Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		addr := s.Addr()
		var wg sync.WaitGroup
		ops := []func(){
			func() { _ = s.Start() },
			s.Stop,
			func() { _ = s.Restart() },
			s.DropConnections,
			s.isolate,
			func() {
				if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
					_, _ = c.Write([]byte{2, 1, 0, 0, 0, 0, 0, 5, 'n', 'o', 'd', 'e', '\n'})
					_ = c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
					_, _ = c.Read(make([]byte, 64))
					_ = c.Close()
				}
			},
		}
		for g := 0; g < 16; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					ops[(g+i)%len(ops)]()
				}
				if g == round%16 {
					_ = s.Close()
				}
			}(g)
		}
		wg.Wait()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Start(); err == nil {
			t.Fatal("Start after Close: no error")
		}
		if n := s.OpenConnections(); n != 0 {
			t.Fatalf("round %d: %d connections open after Close", round, n)
		}
	}
}

// TestClusterLifecycle: faults on a cluster from many goroutines, then
// Close; nothing is left running.
func TestClusterLifecycle(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	c, err := RunCluster(3, Options{Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 12; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				n := (g + i) % 3
				switch (g * i) % 5 {
				case 0:
					_ = c.Kill(n)
				case 1:
					_ = c.Isolate(n)
				case 2:
					_ = c.Revive(n)
				case 3:
					c.BeginRebalance()
				case 4:
					c.EndRebalance()
				}
			}
		}(g)
	}
	wg.Wait()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Revive(0); err == nil {
		t.Fatal("Revive after Close: no error")
	}
}
