package executor

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/waker"
)

// newTestMulti builds a Multi with detection settings suited to tests and
// closes it at the end.
func newTestMulti(t *testing.T, opts ...Option) *Multi {
	t.Helper()
	m := NewMulti(append([]Option{BlockingThreshold(0)}, opts...)...)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// spawnSum spawns n tasks returning 1..n from inside its first poll, then
// joins them in order.
type spawnSum struct {
	m   *Multi
	n   int
	hs  []*JoinHandle[int]
	j   int
	sum int
}

func (s *spawnSum) Poll(cx *future.Context) future.Poll[int] {
	if s.hs == nil {
		s.hs = make([]*JoinHandle[int], s.n)
		for i := range s.hs {
			s.hs[i] = Spawn(s.m, future.Value(i+1))
		}
	}
	for ; s.j < len(s.hs); s.j++ {
		r, ok := s.hs[s.j].Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		s.sum += r.Value
	}
	return future.Ready(s.sum)
}

func TestMultiHundredThousandTasks(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		m := newTestMulti(t, Workers(workers))
		const n = 100_000
		v, err := Run(m, future.Future[int](&spawnSum{m: m, n: n}))
		require.NoError(t, err)
		require.Equal(t, n*(n+1)/2, v, "workers=%d", workers)
	}
}

func TestMultiRunValueAndRepeat(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	v, err := Run(m, future.Value(42))
	require.NoError(t, err)
	require.Equal(t, 42, v)
	v, err = Run(m, future.Lazy(func() int { return 7 }))
	require.NoError(t, err)
	require.Equal(t, 7, v)
}

func TestMultiConcurrentRuns(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := Run(m, future.Future[int](&yielder{id: i, n: 50}))
			assert.NoError(t, err)
			assert.Equal(t, i, v)
		}()
	}
	wg.Wait()
}

// exclusive is a future that wakes itself during its poll and hands its
// waker to a goroutine that wakes it at the same time; an in-poll flag
// catches two polls at once.
type exclusive struct {
	inPoll  atomic.Bool
	overlap *atomic.Int32
	left    int
	wakes   chan waker.Waker
}

func (e *exclusive) Poll(cx *future.Context) future.Poll[int] {
	if !e.inPoll.CompareAndSwap(false, true) {
		e.overlap.Add(1)
	}
	defer e.inPoll.Store(false)
	if e.left == 0 {
		return future.Ready(0)
	}
	e.left--
	e.wakes <- cx.Waker() // the other goroutine wakes it too
	cx.Waker().Wake()
	return future.Pending[int]()
}

func TestMultiNeverPollsConcurrently(t *testing.T) {
	m := newTestMulti(t, Workers(4))
	var overlap atomic.Int32
	const tasks, rounds = 8, 500
	wakes := make(chan waker.Waker, 64)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case w := <-wakes:
				w.Wake()
			case <-done:
				return
			}
		}
	}()
	hs := make([]future.Future[future.Result[int]], tasks)
	for i := range hs {
		hs[i] = Spawn(m, &exclusive{overlap: &overlap, left: rounds, wakes: wakes})
	}
	_, err := Run(m, future.JoinAll(hs...))
	close(done)
	require.NoError(t, err)
	require.Zero(t, overlap.Load())
}

func TestMultiMutexCounter(t *testing.T) {
	m := newTestMulti(t, Workers(4))
	mu := mutex.New(0)
	const tasks, each = 1000, 5
	hs := make([]future.Future[future.Result[int]], tasks)
	for i := range hs {
		hs[i] = Spawn(m, future.Async(func(co *future.Co) int {
			for range each {
				g := future.Await(co, mu.Lock())
				*g.Value()++
				future.Await(co, future.YieldNow())
				g.Unlock()
			}
			return 0
		}))
	}
	_, err := Run(m, future.JoinAll(hs...))
	require.NoError(t, err)
	g, ok := mu.TryLock()
	require.True(t, ok)
	require.Equal(t, tasks*each, *g.Value())
	g.Unlock()
}

func TestMultiWorkersZeroPanics(t *testing.T) {
	require.PanicsWithValue(t, "executor.NewMulti: Workers(0): need at least 1 worker", func() { NewMulti(Workers(0)) })
	require.PanicsWithValue(t, "executor.NewMulti: Workers(-3): need at least 1 worker", func() { NewMulti(Workers(-3)) })
	require.Panics(t, func() { NewMulti(Seed(1)) })
	require.PanicsWithValue(t, "executor.NewMulti: nil option", func() { NewMulti(nil) })
}

func TestMultiPanicCaught(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	h := Spawn(m, future.Lazy(func() int { panic("boom") }))
	r, err := Run(m, await(h))
	require.NoError(t, err)
	var p *PanicError
	require.ErrorAs(t, r.Err, &p)
	require.Equal(t, "boom", p.Value)
	// The workers go on.
	v, err := Run(m, future.Value(1))
	require.NoError(t, err)
	require.Equal(t, 1, v)
	// A panicking main is Run's error.
	_, err = Run(m, future.Lazy(func() int { panic("main boom") }))
	require.ErrorAs(t, err, &p)
}

func TestMultiAbort(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	var drops atomic.Int32
	h := Spawn(m, future.Future[int](&dropCounter{drops: &drops}))
	started := newSignal("started")
	// Let it be polled once, then abort it from outside.
	Spawn(m, future.Lazy(func() int { started.fire(); return 0 }))
	_, err := Run(m, started.wait())
	require.NoError(t, err)
	h.Abort()
	r, err := Run(m, await(h))
	require.NoError(t, err)
	require.ErrorIs(t, r.Err, ErrAborted)
	require.Equal(t, int32(1), drops.Load())
	h.Abort() // no-op
	require.True(t, h.IsFinished())
}

func TestMultiCloseDropsTasks(t *testing.T) {
	m := NewMulti(Workers(2), BlockingThreshold(0))
	var drops atomic.Int32
	var deferred atomic.Int32
	hs := make([]*JoinHandle[int], 10)
	for i := range hs {
		hs[i] = Spawn(m, future.Future[int](&dropCounter{drops: &drops}))
	}
	never, started := newSignal("never"), newSignal("started")
	ah := Spawn(m, future.Async(func(co *future.Co) int {
		defer deferred.Add(1)
		started.fire()
		future.Await(co, never.wait())
		return 1
	}))
	_, err := Run(m, started.wait())
	require.NoError(t, err)
	require.NoError(t, m.Close())
	require.Equal(t, int32(10), drops.Load())
	require.Equal(t, int32(1), deferred.Load())
	for _, h := range hs {
		require.True(t, h.IsFinished())
		require.ErrorIs(t, h.hdr.node.Value.(*JoinHandle[int]).result().Err, ErrClosed)
	}
	require.True(t, ah.IsFinished())
	require.ErrorIs(t, m.Close(), ErrClosed)

	// Spawn, Run and SpawnBlocking after Close.
	h := Spawn(m, future.Value(3))
	require.True(t, h.IsFinished())
	r, _ := future.NewContext(waker.Noop()), 0
	got := h.Poll(r)
	res, ok := got.Get()
	require.True(t, ok)
	require.ErrorIs(t, res.Err, ErrClosed)
	_, err = Run(m, future.Value(1))
	require.ErrorIs(t, err, ErrClosed)
	bh := SpawnBlocking(m, func() int { return 1 })
	require.True(t, bh.IsFinished())
}

func TestMultiCloseFromInsideTask(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	v, err := Run(m, future.Lazy(func() error { return m.Close() }))
	require.NoError(t, err)
	require.ErrorIs(t, v, ErrRunning)
	// And Run from inside a task.
	v2, err := Run(m, future.Lazy(func() error { _, err := Run(m, future.Value(1)); return err }))
	require.NoError(t, err)
	require.ErrorIs(t, v2, ErrRunning)
}

func TestMultiCloseWhileRunning(t *testing.T) {
	m := NewMulti(Workers(2), BlockingThreshold(0), DeadlockGrace(-1))
	never := newSignal("never")
	errc := make(chan error, 1)
	go func() {
		_, err := Run(m, never.wait())
		errc <- err
	}()
	for m.lastID.Load() == 0 { // wait until main is spawned
		time.Sleep(time.Millisecond)
	}
	require.NoError(t, m.Close())
	require.ErrorIs(t, <-errc, ErrClosed)
}

func TestMultiDeadlockReport(t *testing.T) {
	m := newTestMulti(t, Workers(2), DeadlockGrace(20*time.Millisecond))
	bacon := newSignal("bacon")
	h := Spawn(m, bacon.wait(), Name("fry bacon"))
	_, err := Run(m, await(h))
	var d *DeadlockError
	require.ErrorAs(t, err, &d)
	require.ErrorIs(t, err, ErrDeadlock)
	require.Equal(t, []string{`task "main" waits on task "fry bacon"`, `task "fry bacon" waits on signal bacon`}, d.Tasks)
	require.Equal(t, 20*time.Millisecond, d.Grace)
	// The executor still works after a deadlock report (main, which was
	// awaiting h, was dropped; h itself goes on).
	bacon.fire()
	v, err := Run(m, future.Lazy(func() int { return 9 }))
	require.NoError(t, err)
	require.Equal(t, 9, v)
	require.Eventually(t, h.IsFinished, 5*time.Second, time.Millisecond)
}

func TestMultiNoDeadlockWhileBlockingJob(t *testing.T) {
	m := newTestMulti(t, Workers(2), DeadlockGrace(5*time.Millisecond))
	release := make(chan struct{})
	h := SpawnBlocking(m, func() int { <-release; return 5 })
	go func() {
		time.Sleep(30 * time.Millisecond) // longer than the grace: must not report
		close(release)
	}()
	r, err := Run(m, await(h))
	require.NoError(t, err)
	require.Equal(t, future.Ok(5), r)
}

func TestMultiSpawnBlockingPanics(t *testing.T) {
	m := newTestMulti(t, Workers(1))
	h := SpawnBlocking(m, func() int { panic(errors.New("blocking boom")) })
	r, err := Run(m, await(h))
	require.NoError(t, err)
	var p *PanicError
	require.ErrorAs(t, r.Err, &p)
	require.EqualError(t, errors.Unwrap(r.Err), "blocking boom")
}

func TestBlockingPoolBoundAndQueue(t *testing.T) {
	p := newBlockingPool(2, time.Hour)
	var running, peak atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		require.True(t, p.submit(func() {
			defer wg.Done()
			n := running.Add(1)
			for {
				old := peak.Load()
				if n <= old || peak.CompareAndSwap(old, n) {
					break
				}
			}
			<-release
			running.Add(-1)
		}))
	}
	total, _ := p.counts()
	require.Equal(t, 2, total)
	close(release)
	wg.Wait()
	require.LessOrEqual(t, peak.Load(), int32(2))
	p.close()
	require.False(t, p.submit(func() {}))
	require.Eventually(t, func() bool { n, _ := p.counts(); return n == 0 }, 5*time.Second, time.Millisecond)
}

func TestBlockingPoolIdleExit(t *testing.T) {
	p := newBlockingPool(4, 5*time.Millisecond)
	done := make(chan struct{})
	require.True(t, p.submit(func() { close(done) }))
	<-done
	require.Eventually(t, func() bool { n, _ := p.counts(); return n == 0 }, 5*time.Second, time.Millisecond)
	p.close()
}

func TestMultiBlockingDetector(t *testing.T) {
	var mu sync.Mutex
	var reports []BlockingReport
	m := NewMulti(Workers(2), BlockingThreshold(20*time.Millisecond), BlockingReporter(func(r BlockingReport) {
		mu.Lock()
		reports = append(reports, r)
		mu.Unlock()
	}))
	defer m.Close()
	slow := Spawn(m, future.Future[int](&sleepy{n: 3, d: 50 * time.Millisecond}), Name("slow chef"))
	fast := Spawn(m, future.Future[int](&yielder{n: 100}), Name("fast chef"))
	_, err := Run(m, future.Join2(await(slow), await(fast)))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, reports, 1, "reported once per task")
	require.Equal(t, "slow chef", reports[0].Task)
	require.GreaterOrEqual(t, reports[0].Duration, 20*time.Millisecond)
	require.Contains(t, reports[0].String(), "slow chef")
}

// sleepy blocks its worker with time.Sleep at each of n polls: the hazard
// the blocking detector reports.
type sleepy struct {
	n int
	d time.Duration
}

func (s *sleepy) Poll(cx *future.Context) future.Poll[int] {
	time.Sleep(s.d)
	if s.n--; s.n <= 0 {
		return future.Ready(0)
	}
	cx.Waker().Wake()
	return future.Pending[int]()
}

// TestBlockingPoolReusesIdleWithoutSerializing: with one idle goroutine,
// three jobs submitted at once still run at the same time (an idle
// goroutine is claimed once, not once per submit).
func TestBlockingPoolReusesIdleWithoutSerializing(t *testing.T) {
	p := newBlockingPool(8, time.Hour)
	defer p.close()
	first := make(chan struct{})
	require.True(t, p.submit(func() { close(first) }))
	<-first
	require.Eventually(t, func() bool { _, idle := p.counts(); return idle == 1 }, 5*time.Second, time.Millisecond)
	var all sync.WaitGroup
	all.Add(3)
	met := make(chan struct{}, 3)
	for range 3 {
		require.True(t, p.submit(func() {
			all.Done()
			all.Wait() // returns only if all three run at once
			met <- struct{}{}
		}))
	}
	for range 3 {
		select {
		case <-met:
		case <-time.After(5 * time.Second):
			t.Fatal("jobs were serialized on one goroutine")
		}
	}
}
