package engine

import (
	"context"
	"errors"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// The safety bounds of a UDF call. gopher-lua checks the call's context
// before every instruction; one watchdog goroutine, running while calls
// run, samples the Go heap every few milliseconds and cancels a call past
// its deadline with errUDFTimeout (the server's mod-lua check_timer hook
// fails it "UDF Execution Timeout"), and every running call once the heap
// has grown by more than UDFMemoryLimit since the call began with
// errUDFMemory (Lua has no allocation hook). Both leave the record
// unchanged: a UDF writes only when it returns. A call costs one context
// and no timer.

// UDFMemoryLimit bounds the heap growth a UDF call may cause.
var UDFMemoryLimit uint64 = 256 << 20

// watchPeriod is how often the watchdog looks.
const watchPeriod = 5 * time.Millisecond

var (
	errUDFTimeout = errors.New("UDF Execution Timeout")
	errUDFMemory  = errors.New("UDF Execution Memory Limit")
)

type memWatch struct {
	start    uint64
	deadline time.Time
	done     <-chan struct{} // the caller gave up (nil: never)
	cancel   context.CancelCauseFunc
}

var watchdog struct {
	mu      sync.Mutex
	calls   map[*memWatch]struct{}
	running bool
	heap    atomic.Uint64 // the last sample, while running
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// limitCall returns the context of a call that must end by deadline (or
// when done closes), and the function that ends the watch.
func limitCall(deadline time.Time, done <-chan struct{}) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	w := &memWatch{deadline: deadline, done: done, cancel: cancel}
	watchdog.mu.Lock()
	if watchdog.calls == nil {
		watchdog.calls = map[*memWatch]struct{}{}
	}
	if !watchdog.running {
		watchdog.running = true
		watchdog.heap.Store(heapBytes())
		go watch()
	}
	w.start = watchdog.heap.Load()
	watchdog.calls[w] = struct{}{}
	watchdog.mu.Unlock()
	return ctx, func() {
		watchdog.mu.Lock()
		delete(watchdog.calls, w)
		watchdog.mu.Unlock()
		cancel(nil)
	}
}

// watch samples the heap and the clock while calls run.
func watch() {
	t := time.NewTicker(watchPeriod)
	defer t.Stop()
	for range t.C {
		heap := heapBytes()
		now := time.Now()
		watchdog.mu.Lock()
		watchdog.heap.Store(heap)
		if len(watchdog.calls) == 0 {
			watchdog.running = false
			watchdog.mu.Unlock()
			return
		}
		for w := range watchdog.calls {
			select {
			case <-w.done:
				w.cancel(context.Canceled)
				continue
			default:
			}
			switch {
			case !now.Before(w.deadline):
				w.cancel(errUDFTimeout)
			case heap > w.start && heap-w.start > UDFMemoryLimit:
				w.cancel(errUDFMemory)
			}
		}
		watchdog.mu.Unlock()
	}
}
