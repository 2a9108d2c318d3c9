package workloads

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/oneshot"
)

//go:generate go run github.com/kettle-rt/kettle/cmd/kettlegen

// The workloads of this file are the hand-written ones of spawn.go and
// memory.go written as ordinary async functions, compiled to state
// machines by kettlegen (kettle_gen.go), and, for skynet, as async blocks:
// the same work in the three ways to write a future.

var spawnJoinGen = Workload{
	Name:       "spawn_join_gen",
	Doc:        "spawn_join with kettlegen async functions (main and tasks)",
	Unit:       "ms",
	SizeDoc:    "tasks",
	Sizes:      Sizes{Full: 100_000, Quick: 20_000, Tiny: 200},
	Kettle:     SpawnJoinGenKettle,
	Goroutines: SpawnJoinGoroutines,
}

var skynetGen = Workload{
	Name:       "skynet_gen",
	Doc:        "skynet with kettlegen async functions",
	Unit:       "ms",
	SizeDoc:    "leaf tasks (a power of 10)",
	Sizes:      Sizes{Full: 1_000_000, Quick: 100_000, Tiny: 1000},
	Kettle:     SkynetGenKettle,
	Goroutines: SkynetGoroutines,
}

var skynetAsync = Workload{
	Name:    "skynet_async",
	Doc:     "skynet with async blocks (future.Async)",
	Unit:    "ms",
	SizeDoc: "leaf tasks (a power of 10)",
	// Each block is a coroutine: 1M blocks take seconds under load.
	Sizes:      Sizes{Full: 100_000, Quick: 100_000, Tiny: 1000},
	Kettle:     SkynetAsyncKettle,
	Goroutines: SkynetGoroutines,
}

var parkedMemoryGen = Workload{
	Name:       "parked_memory_gen",
	Doc:        "bytes per task of n kettlegen async functions parked on a oneshot (goroutines: on a chan)",
	Unit:       "B/task",
	SizeDoc:    "parked tasks",
	Sizes:      Sizes{Full: 1_000_000, Quick: 200_000, Tiny: 100},
	Kettle:     ParkedMemoryGenKettle,
	Goroutines: ParkedMemoryGoroutines,
}

// trivialFn is ready at its first poll, like trivial.
//
//kettle:async
func trivialFn(co *future.Co, v int) int { return v }

// spawnJoinFn spawns n trivial tasks, then awaits each handle in order.
//
//kettle:async
func spawnJoinFn(co *future.Co, ex executor.Executor, n int) int {
	hs := make([]*executor.JoinHandle[int], n)
	for i := range hs {
		hs[i] = executor.Spawn(ex, future.Future[int](trivialFnAsync(1)))
	}
	sum := 0
	for i := range hs {
		sum += future.Await(co, future.Future[future.Result[int]](hs[i])).Value
		hs[i] = nil
	}
	return sum
}

// SpawnJoinGenKettle is SpawnJoinKettle with generated async functions.
func SpawnJoinGenKettle(ex executor.Executor, n int) (float64, error) {
	start := time.Now()
	sum, err := executor.Run(ex, future.Future[int](spawnJoinFnAsync(ex, n)))
	d := ms(start)
	if err == nil && sum != n {
		err = fmt.Errorf("%w: spawn_join_gen: sum %d, want %d", ErrWrongResult, sum, n)
	}
	return d, err
}

// skynetFn is one node of the skynet tree: a leaf returns its number, an
// inner node spawns 10 children and awaits their handles in order.
//
//kettle:async
func skynetFn(co *future.Co, ex executor.Executor, num, size int) int {
	if size == 1 {
		return num
	}
	hs := make([]*executor.JoinHandle[int], 10)
	sub := size / 10
	for i := range hs {
		hs[i] = executor.Spawn(ex, future.Future[int](skynetFnAsync(ex, num+i*sub, sub)))
	}
	sum := 0
	for i := 0; i < 10; i++ {
		sum += future.Await[future.Result[int]](co, hs[i]).Value
	}
	return sum
}

// SkynetGenKettle is SkynetKettle with generated async functions.
func SkynetGenKettle(ex executor.Executor, n int) (float64, error) {
	return runSkynet(ex, n, future.Future[int](skynetFnAsync(ex, 0, n)))
}

// skynetBlock is skynetFn as an async block.
func skynetBlock(ex executor.Executor, num, size int) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		if size == 1 {
			return num
		}
		var hs [10]*executor.JoinHandle[int]
		sub := size / 10
		for i := range hs {
			hs[i] = executor.Spawn(ex, skynetBlock(ex, num+i*sub, sub))
		}
		sum := 0
		for i := range 10 {
			sum += future.Await(co, future.Future[future.Result[int]](hs[i])).Value
		}
		return sum
	})
}

// SkynetAsyncKettle is SkynetKettle with async blocks.
func SkynetAsyncKettle(ex executor.Executor, n int) (float64, error) {
	return runSkynet(ex, n, skynetBlock(ex, 0, n))
}

func runSkynet(ex executor.Executor, n int, root future.Future[int]) (float64, error) {
	if err := checkPow10(n); err != nil {
		return 0, err
	}
	start := time.Now()
	v, err := executor.Run(ex, root)
	d := ms(start)
	if err == nil && v != skynetWant(n) {
		err = fmt.Errorf("%w: skynet: sum %d, want %d", ErrWrongResult, v, skynetWant(n))
	}
	return d, err
}

// parkedFn is the async function of parked_memory_gen: it parks on its
// oneshot.
//
//kettle:async
func parkedFn(co *future.Co, rx *oneshot.Receiver[int], polled *atomic.Int64, l *latch) int {
	polled.Add(1)
	r := future.Await(co, future.Future[future.Result[int]](rx.Recv()))
	l.done()
	return r.Value
}

// ParkedMemoryGenKettle parks n generated async functions, each awaiting
// its own oneshot, and returns the bytes per parked task.
func ParkedMemoryGenKettle(ex executor.Executor, n int) (float64, error) {
	return parkedMemoryKettle(ex, n, func(rx *oneshot.Receiver[int], polled *atomic.Int64, l *latch) future.Future[int] {
		return parkedFnAsync(rx, polled, l)
	})
}

// TrivialGen returns the generated machine of trivialFn: ready with v at
// its first poll (for the spawn+join benchmarks).
func TrivialGen(v int) future.Future[int] { return trivialFnAsync(v) }

// awaitReadyFn awaits f n times, ten Awaits per loop iteration so that
// the loop's own cost is amortized; f must stay ready.
//
//kettle:async
func awaitReadyFn(co *future.Co, f future.Future[int], n int) int {
	s, i := 0, 0
	for ; i+10 <= n; i += 10 {
		s += future.Await(co, f)
		s += future.Await(co, f)
		s += future.Await(co, f)
		s += future.Await(co, f)
		s += future.Await(co, f)
		s += future.Await(co, f)
		s += future.Await(co, f)
		s += future.Await(co, f)
		s += future.Await(co, f)
		s += future.Await(co, f)
	}
	for ; i < n; i++ {
		s += future.Await(co, f)
	}
	return s
}

// AwaitReadyGen returns a generated machine that awaits f, a future that
// is ready at every poll, n times and sums the values (benchmarks of Await
// in generated code).
func AwaitReadyGen(f future.Future[int], n int) future.Future[int] { return awaitReadyFnAsync(f, n) }

// AwaitReadyAsync is AwaitReadyGen as an async block.
func AwaitReadyAsync(f future.Future[int], n int) future.Future[int] {
	return future.Async(func(co *future.Co) int { return awaitReadyFn(co, f, n) })
}

// ReadyInt is a future that is ready with V at every poll (benchmarks
// only: real futures are polled once after Ready).
type ReadyInt struct{ V int }

// Poll returns V.
func (r *ReadyInt) Poll(*future.Context) future.Poll[int] { return future.Ready(r.V) }

// awaitConcreteFn awaits f, of a concrete type, n times.
//
//kettle:async
func awaitConcreteFn(co *future.Co, f *ReadyInt, n int) int {
	s, i := 0, 0
	for ; i+10 <= n; i += 10 {
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
		s += future.Await[int](co, f)
	}
	for ; i < n; i++ {
		s += future.Await[int](co, f)
	}
	return s
}

// AwaitConcreteGen is AwaitReadyGen with a future of a concrete type: the
// machine calls its Poll directly (no interface), so it can be inlined.
func AwaitConcreteGen(f *ReadyInt, n int) future.Future[int] { return awaitConcreteFnAsync(f, n) }
