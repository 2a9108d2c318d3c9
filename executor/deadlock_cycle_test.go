package executor

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/barrier"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/sync/semaphore"
)

// holdThenWait spawns, on ex, a task named name that takes first (through
// take), reports it on held, waits for gate, then awaits second; it
// releases both if it ever gets there.
func holdThenWait(ex Executor, name string, held *sync.WaitGroup, gate *signal,
	take func(co *future.Co) func(), second func(co *future.Co) func()) *JoinHandle[int] {
	return Spawn(ex, future.Async(func(co *future.Co) int {
		release1 := take(co)
		held.Done()
		future.Await(co, gate.wait())
		release2 := second(co)
		release2()
		release1()
		return 1
	}), Name(name))
}

// runCycle runs two such tasks, opening both gates once both hold their
// first resource, and returns Run's error and how long it took.
func runCycle(ex Executor, a, b func(held *sync.WaitGroup, gate *signal) *JoinHandle[int]) (time.Duration, error) {
	var held sync.WaitGroup
	held.Add(2)
	ga, gb := newSignal("both hold one"), newSignal("both hold one")
	ha, hb := a(&held, ga), b(&held, gb)
	go func() {
		held.Wait()
		ga.fire()
		gb.fire()
	}()
	start := time.Now()
	_, err := Run(ex, future.Join2[future.Result[int], future.Result[int]](ha, hb))
	return time.Since(start), err
}

func lockOf(m *mutex.Mutex[int]) func(co *future.Co) func() {
	return func(co *future.Co) func() { return future.Await(co, m.Lock()).Unlock }
}

func readOf(rw *mutex.RWMutex[int]) func(co *future.Co) func() {
	return func(co *future.Co) func() { return future.Await(co, rw.Read()).Unlock }
}

func writeOf(rw *mutex.RWMutex[int]) func(co *future.Co) func() {
	return func(co *future.Co) func() { return future.Await(co, rw.Write()).Unlock }
}

// A reader of an RWMutex waits for a lock whose holder waits to write:
// a cycle through a read hold, found with the real clock.
func TestRealClockRWMutexCycle(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		pantry := mutex.NewRW(0, mutex.Name("pantry"))
		spoon := mutex.New(0, mutex.Name("spoon"))
		took, err := runCycle(ex,
			func(held *sync.WaitGroup, g *signal) *JoinHandle[int] {
				return holdThenWait(ex, "taste", held, g, readOf(pantry), lockOf(spoon))
			},
			func(held *sync.WaitGroup, g *signal) *JoinHandle[int] {
				return holdThenWait(ex, "restock", held, g, lockOf(spoon), writeOf(pantry))
			})
		require.ErrorIs(t, err, ErrDeadlock)
		require.Less(t, took, 900*time.Millisecond, "found without a grace period")
		require.Contains(t, err.Error(), `task "taste" waits on mutex.Lock of "spoon" held by task "restock"`)
		require.Contains(t, err.Error(), `task "restock" waits on mutex.Write of "pantry" held by 1 reader`)
	})
}

// Two writers, each holding one RWMutex for writing and wanting the other.
func TestRealClockRWMutexWriteCycle(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		a := mutex.NewRW(0, mutex.Name("a"))
		b := mutex.NewRW(0, mutex.Name("b"))
		_, err := runCycle(ex,
			func(held *sync.WaitGroup, g *signal) *JoinHandle[int] {
				return holdThenWait(ex, "x", held, g, writeOf(a), readOf(b))
			},
			func(held *sync.WaitGroup, g *signal) *JoinHandle[int] {
				return holdThenWait(ex, "y", held, g, writeOf(b), writeOf(a))
			})
		require.ErrorIs(t, err, ErrDeadlock)
		require.Contains(t, err.Error(), `task "x" waits on mutex.Read of "b" held by task "y"`)
		require.Contains(t, err.Error(), `task "y" waits on mutex.Write of "a" held by task "x"`)
	})
}

// A read hold taken with TryRead (no task) makes a waiting writer
// unprovable: that hold may be released by anyone. The plain goroutine
// releases it later and everything finishes.
func TestRealClockRWMutexUnknownReader(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		rw := mutex.NewRW(0)
		g, ok := rw.TryRead()
		require.True(t, ok)
		go func() {
			time.Sleep(1100 * time.Millisecond)
			g.Unlock()
		}()
		_, err := Run(ex, future.Async(func(co *future.Co) int {
			w := future.Await(co, rw.Write())
			w.Unlock()
			return 1
		}))
		require.NoError(t, err)
	})
}

func acquireOf(s *semaphore.Semaphore, n int) func(co *future.Co) func() {
	return func(co *future.Co) func() {
		r := future.Await(co, s.Acquire(n))
		if r.Err != nil {
			panic(r.Err)
		}
		return r.Value.Release
	}
}

// A task holding the oven's only permit waits for a lock whose holder
// waits for a permit: a cycle through a semaphore of fixed size.
func TestRealClockSemaphoreCycle(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		oven := semaphore.New(1)
		spoon := mutex.New(0, mutex.Name("spoon"))
		took, err := runCycle(ex,
			func(held *sync.WaitGroup, g *signal) *JoinHandle[int] {
				return holdThenWait(ex, "bake", held, g, acquireOf(oven, 1), lockOf(spoon))
			},
			func(held *sync.WaitGroup, g *signal) *JoinHandle[int] {
				return holdThenWait(ex, "stir", held, g, lockOf(spoon), acquireOf(oven, 1))
			})
		require.ErrorIs(t, err, ErrDeadlock)
		require.Less(t, took, 900*time.Millisecond, "found without a grace period")
		require.Contains(t, err.Error(), `task "bake" waits on mutex.Lock of "spoon" held by task "stir"`)
		require.Contains(t, err.Error(), `task "stir" waits on semaphore.Acquire(1) with 1 permit held by task "bake"`)
	})
}

// A semaphore nobody holds permits of can only be fed from outside: a
// plain goroutine adds the permit later, and Run waits for it.
func TestRealClockSemaphoreFedByGoroutine(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		s := semaphore.New(0)
		go func() {
			time.Sleep(1100 * time.Millisecond)
			s.AddPermits(1)
		}()
		_, err := Run(ex, future.Async(func(co *future.Co) int {
			acquireOf(s, 1)(co)()
			return 1
		}))
		require.NoError(t, err)
	})
}

// A semaphore that AddPermits has fed before is never part of a proof,
// even when every permit is held by a stuck task: the goroutine that fed
// it may feed it again, and does.
func TestRealClockSemaphoreReplenished(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		s := semaphore.New(0)
		s.AddPermits(1)
		go func() {
			time.Sleep(1100 * time.Millisecond)
			s.AddPermits(1)
		}()
		_, err := Run(ex, future.Async(func(co *future.Co) int {
			r1 := acquireOf(s, 1)(co) // holds the only permit...
			r2 := acquireOf(s, 1)(co) // ...and waits for another
			r2()
			r1()
			return 1
		}))
		require.NoError(t, err)
	})
}

// A permit taken with TryAcquire has no known holder: no proof.
func TestRealClockSemaphoreUnknownHolder(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		s := semaphore.New(1)
		p, ok := s.TryAcquire(1)
		require.True(t, ok)
		go func() {
			time.Sleep(1100 * time.Millisecond)
			p.Release()
		}()
		_, err := Run(ex, future.Async(func(co *future.Co) int {
			acquireOf(s, 1)(co)()
			return 1
		}))
		require.NoError(t, err)
	})
}

// A task waiting for a permit while the holder waits on the outside
// world: no proof (the holder is not stuck), and it finishes.
func TestRealClockSemaphoreHolderWaitsOnGoroutine(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		s := semaphore.New(1)
		ch := make(chan int)
		holder := Spawn(ex, future.Async(func(co *future.Co) int {
			release := acquireOf(s, 1)(co)
			v := future.Await(co, future.FromChan(ch))
			release()
			return v.Value
		}))
		waiter := Spawn(ex, future.Async(func(co *future.Co) int {
			future.Await(co, future.YieldNow())
			acquireOf(s, 1)(co)()
			return 2
		}))
		go func() {
			time.Sleep(1100 * time.Millisecond)
			ch <- 1
		}()
		_, err := Run(ex, future.Join2[future.Result[int], future.Result[int]](holder, waiter))
		require.NoError(t, err)
	})
}

func arriveAt(b *barrier.Barrier) func(co *future.Co) func() {
	return func(co *future.Co) func() {
		future.Await(co, b.Wait())
		return func() {}
	}
}

// then runs a and then b, releasing in reverse order.
func then(a, b func(co *future.Co) func()) func(co *future.Co) func() {
	return func(co *future.Co) func() {
		ra := a(co)
		rb := b(co)
		return func() { rb(); ra() }
	}
}

// Two parties meet at a barrier once; then one waits there again holding
// the pan, while the other waits for the pan before it would arrive.
func TestRealClockBarrierCycle(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		course := barrier.New(2)
		pan := mutex.New(0, mutex.Name("pan"))
		took, err := runCycle(ex,
			func(held *sync.WaitGroup, g *signal) *JoinHandle[int] {
				return holdThenWait(ex, "cook", held, g, then(arriveAt(course), lockOf(pan)), arriveAt(course))
			},
			func(held *sync.WaitGroup, g *signal) *JoinHandle[int] {
				return holdThenWait(ex, "serve", held, g, arriveAt(course), then(lockOf(pan), arriveAt(course)))
			})
		require.ErrorIs(t, err, ErrDeadlock)
		require.Less(t, took, 900*time.Millisecond, "found without a grace period")
		require.Contains(t, err.Error(), `task "cook" waits on barrier.Wait (1 of 2 arrived)`)
		require.Contains(t, err.Error(), `task "serve" waits on mutex.Lock of "pan" held by task "cook"`)
	})
}

// The other party is late because it waits on a goroutine first: no
// proof, and both pass the barrier again.
func TestRealClockBarrierPartyFedByGoroutine(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		b := barrier.New(2)
		ch := make(chan int)
		early := Spawn(ex, future.Async(func(co *future.Co) int {
			arriveAt(b)(co)
			arriveAt(b)(co)
			return 1
		}), Name("early"))
		late := Spawn(ex, future.Async(func(co *future.Co) int {
			arriveAt(b)(co)
			v := future.Await(co, future.FromChan(ch))
			arriveAt(b)(co)
			return v.Value
		}), Name("late"))
		go func() {
			time.Sleep(1100 * time.Millisecond)
			ch <- 2
		}()
		_, err := Run(ex, future.Join2[future.Result[int], future.Result[int]](early, late))
		require.NoError(t, err)
	})
}

// Before its first generation completes a barrier's parties are unknown:
// a goroutine's BlockOn arrives later, and Run waits for it.
func TestRealClockBarrierFirstGeneration(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		b := barrier.New(2)
		done := make(chan struct{})
		go func() {
			defer close(done)
			time.Sleep(1100 * time.Millisecond)
			BlockOn(b.Wait())
		}()
		_, err := Run(ex, b.Wait())
		require.NoError(t, err)
		<-done
	})
}
