package engine

import (
	"context"
	"errors"
	"runtime/metrics"
	"sync"
	"time"
)

// The safety bounds of a UDF call. gopher-lua checks the call's context
// before every instruction, so a call past its deadline stops with
// errUDFTimeout (the server's mod-lua check_timer hook fails it "UDF
// Execution Timeout"). Lua has no allocation hook: a watchdog samples the
// Go heap while calls run and stops every running call once the heap has
// grown by more than UDFMemoryLimit since the call began, with
// errUDFMemory. Both leave the record unchanged: a UDF writes only when it
// returns.

// UDFMemoryLimit bounds the heap growth a UDF call may cause.
var UDFMemoryLimit uint64 = 256 << 20

var (
	errUDFTimeout = errors.New("UDF Execution Timeout")
	errUDFMemory  = errors.New("UDF Execution Memory Limit")
)

type memWatch struct {
	start  uint64
	cancel context.CancelCauseFunc
}

var watchdog struct {
	mu      sync.Mutex
	calls   map[*memWatch]struct{}
	running bool
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

func heapBytes() uint64 {
	s := make([]metrics.Sample, 1)
	s[0].Name = heapSample[0].Name
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// watchMemory returns a context that the watchdog cancels with errUDFMemory
// when the heap grows past the bound, and the function that ends the watch.
func watchMemory(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	w := &memWatch{start: heapBytes(), cancel: cancel}
	watchdog.mu.Lock()
	if watchdog.calls == nil {
		watchdog.calls = map[*memWatch]struct{}{}
	}
	watchdog.calls[w] = struct{}{}
	if !watchdog.running {
		watchdog.running = true
		go watch()
	}
	watchdog.mu.Unlock()
	return ctx, func() {
		watchdog.mu.Lock()
		delete(watchdog.calls, w)
		watchdog.mu.Unlock()
		cancel(nil)
	}
}

// watch samples the heap every few milliseconds while calls run.
func watch() {
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for range t.C {
		heap := heapBytes()
		watchdog.mu.Lock()
		if len(watchdog.calls) == 0 {
			watchdog.running = false
			watchdog.mu.Unlock()
			return
		}
		for w := range watchdog.calls {
			if heap > w.start && heap-w.start > UDFMemoryLimit {
				w.cancel(errUDFMemory)
			}
		}
		watchdog.mu.Unlock()
	}
}
