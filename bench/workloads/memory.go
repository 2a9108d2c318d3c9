package workloads

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/oneshot"
)

// The parked_memory rows measure what a task costs while it waits: n tasks
// each await their own one-shot channel; once all are parked the heap and
// the stacks are measured after a GC (runtime.MemStats HeapAlloc +
// StackInuse, so goroutine and coroutine stacks count), the difference
// from the same measure before spawning is divided by n, then every task
// is released and joined. The per-task channel (a oneshot against a chan)
// is counted on both sides.
//
// The Go runtime never frees a goroutine's descriptor (a few hundred
// bytes): it keeps it for reuse, so from the second run on a goroutine's
// descriptor is not a new allocation and is not counted. The goroutine
// figure (and that of async blocks, whose coroutines are goroutines) is
// therefore a lower bound.
//
// The runtime also sizes a new goroutine's first stack from the average
// stack use it saw at the last GC (adaptive starting stack size). In this
// process, with a handful of deep goroutines, that average rounds up to
// 4 KB; in a program that holds many idle goroutines it stays at the 2 KB
// minimum. To measure the latter, the steady state of a goroutine-heavy
// program, every parked_memory run first parks 1000 idle goroutines that
// stay parked through both measurements (so they are part of the baseline,
// not of the result) and releases them at the end.
var parkedMemory = Workload{
	Name:       "parked_memory",
	Doc:        "bytes per task of n hand-written tasks parked on a oneshot (goroutines: on a chan)",
	Unit:       "B/task",
	SizeDoc:    "parked tasks",
	Sizes:      Sizes{Full: 1_000_000, Quick: 100_000, Tiny: 100},
	Kettle:     ParkedMemoryKettle,
	Goroutines: ParkedMemoryGoroutines,
}

var parkedMemoryAsync = Workload{
	Name:    "parked_memory_async",
	Doc:     "bytes per task of n async blocks (future.Async) parked on a oneshot (goroutines: on a chan)",
	Unit:    "B/task",
	SizeDoc: "parked tasks",
	// 200k, not 1M: each block is a coroutine (a goroutine), so a 1M run
	// takes seconds per cell under load, and bytes per task do not
	// depend on n.
	Sizes:      Sizes{Full: 200_000, Quick: 100_000, Tiny: 100},
	Kettle:     ParkedMemoryAsyncKettle,
	Goroutines: ParkedMemoryGoroutines,
}

// primers is how many idle goroutines withPrimers keeps parked.
const primers = 1000

// withPrimers runs f while 1000 idle goroutines are parked, so that the
// runtime's adaptive starting stack size reflects a program with many
// small goroutines (see parkedMemory).
func withPrimers[T any](f func() (T, error)) (T, error) {
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(primers)
	for range primers {
		go func() {
			defer wg.Done()
			<-release
		}()
	}
	defer wg.Wait()
	defer close(release)
	return f()
}

// inUse returns the bytes of live heap plus the stacks in use, after a GC.
func inUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc + ms.StackInuse
}

// perTask returns (after-before)/n, or 0 if the heap shrank.
func perTask(before, after uint64, n int) float64 {
	if after < before {
		return 0
	}
	return float64(after-before) / float64(n)
}

// parkedTask is a hand-written task that awaits its oneshot; its first
// poll counts it as parked.
type parkedTask struct {
	recv   *oneshot.RecvFuture[int]
	polled *atomic.Int64
	first  bool
	done   *latch
}

func (p *parkedTask) Poll(cx *future.Context) future.Poll[int] {
	if !p.first {
		p.first = true
		p.polled.Add(1)
	}
	r, ok := p.recv.Poll(cx).Get()
	if !ok {
		return future.Pending[int]()
	}
	p.done.done()
	return future.Ready(r.Value)
}

// Drop leaves the channel (a no-op for a oneshot Recv beyond forgetting
// the waker).
func (p *parkedTask) Drop() { p.recv.Drop() }

// memMain spawns n parked tasks made by mk, waits until every one was
// polled once, measures, releases them all and joins them.
type memMain struct {
	ex      executor.Executor
	mk      func(rx *oneshot.Receiver[int], polled *atomic.Int64, l *latch) future.Future[int]
	senders []*oneshot.Sender[int] // preallocated: not counted
	polled  atomic.Int64
	before  uint64
	perTask float64
	l       *latch
	phase   int
}

func (m *memMain) Poll(cx *future.Context) future.Poll[float64] {
	n := len(m.senders)
	switch m.phase {
	case 0:
		m.l = newLatch(n)
		m.before = inUse()
		for i := range m.senders {
			tx, rx := oneshot.New[int]()
			m.senders[i] = tx
			spawnDetached(m.ex, m.mk(rx, &m.polled, m.l))
		}
		m.phase = 1
		fallthrough
	case 1:
		if m.polled.Load() < int64(n) {
			cx.Waker().Wake() // yield until every task has parked
			return future.Pending[float64]()
		}
		m.perTask = perTask(m.before, inUse(), n)
		for i, tx := range m.senders {
			_ = tx.Send(i)
			m.senders[i] = nil
		}
		m.phase = 2
	}
	if !m.l.Poll(cx).IsReady() {
		return future.Pending[float64]()
	}
	return future.Ready(m.perTask)
}

func parkedMemoryKettle(ex executor.Executor, n int, mk func(*oneshot.Receiver[int], *atomic.Int64, *latch) future.Future[int]) (float64, error) {
	if n < 1 {
		return 0, fmt.Errorf("%w: parked_memory: n = %d < 1", ErrBadSize, n)
	}
	m := &memMain{ex: ex, mk: mk, senders: make([]*oneshot.Sender[int], n)}
	return withPrimers(func() (float64, error) {
		return executor.Run(ex, future.Future[float64](m))
	})
}

// ParkedMemoryKettle parks n hand-written tasks, each on its own oneshot,
// and returns the bytes per parked task.
func ParkedMemoryKettle(ex executor.Executor, n int) (float64, error) {
	return parkedMemoryKettle(ex, n, func(rx *oneshot.Receiver[int], polled *atomic.Int64, l *latch) future.Future[int] {
		return &parkedTask{recv: rx.Recv(), polled: polled, done: l}
	})
}

// ParkedMemoryAsyncKettle parks n async blocks, each awaiting its own
// oneshot, and returns the bytes per parked task (each block's coroutine
// included).
func ParkedMemoryAsyncKettle(ex executor.Executor, n int) (float64, error) {
	return parkedMemoryKettle(ex, n, func(rx *oneshot.Receiver[int], polled *atomic.Int64, l *latch) future.Future[int] {
		return future.Async(func(co *future.Co) int {
			polled.Add(1)
			r := future.Await(co, future.Future[future.Result[int]](rx.Recv()))
			l.done()
			return r.Value
		})
	})
}

// ParkedMemoryGoroutines parks n goroutines, each receiving from its own
// unbuffered channel, and returns the bytes per parked goroutine.
func ParkedMemoryGoroutines(n int) (float64, error) {
	if n < 1 {
		return 0, fmt.Errorf("%w: parked_memory: n = %d < 1", ErrBadSize, n)
	}
	return withPrimers(func() (float64, error) { return parkGoroutines(n) })
}

// parkGoroutines is ParkedMemoryGoroutines without the primers.
func parkGoroutines(n int) (float64, error) {
	chans := make([]chan int, n) // preallocated: not counted
	var ready, wg sync.WaitGroup
	before := inUse()
	ready.Add(n)
	wg.Add(n)
	for i := range chans {
		ch := make(chan int)
		chans[i] = ch
		go func() {
			defer wg.Done()
			ready.Done()
			<-ch
		}()
	}
	ready.Wait()
	per := perTask(before, inUse(), n)
	for i, ch := range chans {
		close(ch)
		chans[i] = nil
	}
	wg.Wait()
	return per, nil
}
