//go:build linux

package executor

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

// The fault-injection suite: rounds of tasks on a Local and on a Multi in
// which a random share of the tasks misbehave — panic in a poll, call
// runtime.Goexit in a poll, panic in Drop, block a worker for a while
// inside a poll, or register a waker that panics when the timer driver,
// the reactor or a sync primitive's wake list fires it — among well
// behaved tasks that yield, sleep and take a lock. After each round every
// handle must be finished with the outcome its kind implies, and after
// Close no goroutine (goleak, TestMain) and no descriptor may be left.
//
// CI injects faultsCI faults per executor kind; KETTLE_FAULTS=10000 runs
// the full count.

const faultsCI = 600

func faultTarget(t *testing.T) int {
	if v := os.Getenv("KETTLE_FAULTS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "KETTLE_FAULTS")
		return n
	}
	if testing.Short() {
		return faultsCI / 4
	}
	return faultsCI
}

// Kinds of task in a round.
const (
	kindYield       = iota // well behaved: yields a few times
	kindSleep              // well behaved: sleeps a millisecond
	kindLock               // well behaved: takes and releases the round's mutex
	kindPanicPoll          // fault: panics in its poll
	kindGoexit             // fault: calls runtime.Goexit in its poll
	kindPanicDrop          // fault: pending until aborted; its Drop panics
	kindBlocked            // fault: blocks its worker 1 ms inside a poll
	kindWakeTimer          // fault: its timer is fired through a panicking waker
	kindWakeLock           // fault: its lock wait is woken through a panicking waker
	kindWakeIO             // fault: its read is woken by the reactor through a panicking waker
	kindDropOnClose        // fault: pending, never awaited; Close drops it and its Drop panics
	kinds
	// kindStuck (Multi only, about one round in ten): a poll blocked past
	// CloseWait, never awaited; Close gives up on it (ErrStuck) and its
	// worker drops the task once the poll returns.
	kindStuck = kinds
)

// poisonFired counts the panicking wakers that the runtime fired.
var poisonFired atomic.Int64

// counts tallies what one run injected and observed.
type counts struct {
	injected [kinds + 1]int
	fired    int // panicking wakers actually fired by the runtime
	faults   int
}

// injectedError is the panic value of injected panics.
type injectedError struct{ kind int }

func (e injectedError) Error() string { return fmt.Sprintf("injected fault (kind %d)", e.kind) }

func TestFaultInjection(t *testing.T) {
	target := faultTarget(t)
	// The reports of contained faults go to a discarded logger: the
	// suite counts them through the reporters instead.
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer slog.SetDefault(old)
	fdsBefore := openFDs(t)
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			var c counts
			rounds := 0
			began := time.Now()
			for c.faults < target {
				runFaultRound(t, kind, rng, &c)
				rounds++
			}
			t.Logf("%s: %d faults injected in %d rounds (%v), 0 hung handles: panic in poll %d, Goexit %d, panic in Drop on abort %d, on Close %d, blocked poll %d, poll stuck past CloseWait %d, panicking wakers fired by the runtime %d (tasks with a waker armed on a timer %d, a lock %d, the reactor %d); well-behaved tasks %d",
				kind, c.faults, rounds, time.Since(began).Round(time.Millisecond),
				c.injected[kindPanicPoll], c.injected[kindGoexit], c.injected[kindPanicDrop], c.injected[kindDropOnClose],
				c.injected[kindBlocked], c.injected[kindStuck], c.fired,
				c.injected[kindWakeTimer], c.injected[kindWakeLock], c.injected[kindWakeIO],
				c.injected[kindYield]+c.injected[kindSleep]+c.injected[kindLock])
		})
	}
	after := openFDs(t)
	for i := 0; i < 100 && after != fdsBefore; i++ {
		time.Sleep(10 * time.Millisecond)
		after = openFDs(t)
	}
	require.Equal(t, fdsBefore, after, "descriptors leaked")
}

// faultKinds returns the kinds a round draws from: all of them, or the
// comma-separated list in KETTLE_FAULT_KINDS (to chase one failure).
func faultKinds() []int {
	var ks []int
	for _, f := range strings.Split(os.Getenv("KETTLE_FAULT_KINDS"), ",") {
		if k, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && k >= 0 && k < kinds {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		for k := range kinds {
			ks = append(ks, k)
		}
	}
	return ks
}

// roundTasks is how many tasks one round spawns; faultCloseWait is the
// Multi's CloseWait in the suite.
const (
	roundTasks     = 120
	faultCloseWait = 200 * time.Millisecond
)

// runFaultRound spawns one round of tasks on a fresh executor, waits for
// every handle, checks each outcome, and closes the executor.
func runFaultRound(t *testing.T, kind string, rng *rand.Rand, c *counts) {
	t.Helper()
	var ex Executor
	var closeEx func() error
	if kind == "local" {
		l := NewLocal(BlockingThreshold(0))
		ex, closeEx = l, l.Close
	} else {
		// The blocking detector stays on (its reports discarded): it is
		// also what rescues tasks queued behind a stuck poll.
		m := NewMulti(Workers(2), BlockingThreshold(20*time.Millisecond), BlockingReporter(func(BlockingReport) {}))
		m.closeWait = faultCloseWait
		ex, closeEx = m, m.Close
	}
	lock := mutex.New(0)
	io := newIOPairs(t, ex, 4)
	defer io.close()

	firedBefore := poisonFired.Load()
	st := &stuckCtl{entered: make(chan struct{}, 1), release: make(chan struct{})}
	taskKinds := make([]int, 0, roundTasks+1)
	var handles, aborts, unawaited []*JoinHandle[int]
	var unawaitedKinds []int
	spawn := func(k int) {
		c.injected[k]++
		if k >= kindPanicPoll && k != kindWakeTimer && k != kindWakeLock && k != kindWakeIO {
			c.faults++ // the waker kinds count when their waker fires
		}
		h := Spawn(ex, faultTask(k, lock, io, st), Name("t"+strconv.Itoa(len(taskKinds)+len(unawaited))+"/kind"+strconv.Itoa(k)))
		switch k {
		case kindDropOnClose, kindStuck:
			unawaited, unawaitedKinds = append(unawaited, h), append(unawaitedKinds, k)
			return
		case kindPanicDrop:
			aborts = append(aborts, h)
		}
		taskKinds, handles = append(taskKinds, k), append(handles, h)
	}
	allowed := faultKinds()
	for range roundTasks {
		k := allowed[rng.IntN(len(allowed))]
		if k == kindWakeIO && !io.available() {
			k = kindYield
		}
		spawn(k)
	}
	if kind == "multi" && rng.IntN(10) == 0 {
		spawn(kindStuck)
	}
	// The driver of the round: await every handle (aborting the ones
	// pending for ever once they have been polled), keeping each outcome.
	// On a Local a Goexit ends the goroutine that runs it: run it again
	// until it returns; outcomes already taken are kept.
	outcomes := make([]*future.Result[int], len(handles))
	all := func() future.Future[int] {
		return future.Async(func(co *future.Co) int {
			future.Await(co, future.YieldNow())
			for _, h := range aborts {
				h.Abort()
			}
			for i, h := range handles {
				if outcomes[i] == nil {
					r := future.Await[future.Result[int]](co, h)
					outcomes[i] = &r
				}
			}
			return len(handles)
		})
	}
	deadline := time.After(30 * time.Second)
	for {
		returned := make(chan error, 1)
		exited := make(chan struct{})
		go func() {
			defer close(exited)
			_, err := Run(ex, all())
			returned <- err
		}()
		select {
		case <-exited:
		case <-deadline:
			t.Fatalf("%s: handles still pending after 30 s:\n%v", kind, ex.(interface{ Dump() TaskDump }).Dump())
		}
		select {
		case err := <-returned:
			require.NoError(t, err)
		default:
			// The goroutine ended without a result: a Goexit on the Local.
			require.Equal(t, "local", kind, "only a Local's Run goroutine may end by Goexit")
			continue
		}
		break
	}
	for i, h := range handles {
		require.True(t, h.IsFinished(), "%s: handle %d (kind %d) never finished", kind, i, taskKinds[i])
		require.NotNil(t, outcomes[i])
		checkOutcome(t, taskKinds[i], *outcomes[i])
	}
	fired := int(poisonFired.Load() - firedBefore)
	c.fired += fired
	c.faults += fired
	// Close returns, with the Drop panics of the tasks it dropped and, if
	// a poll was stuck past CloseWait, ErrStuck.
	stuck := slices.Contains(unawaitedKinds, kindStuck)
	if stuck {
		<-st.entered // its poll blocks a worker now
	}
	closed := make(chan error, 1)
	go func() { closed <- closeEx() }()
	var err error
	select {
	case err = <-closed:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: Close did not return", kind)
	}
	if stuck {
		require.ErrorIs(t, err, ErrStuck)
		close(st.release)
	} else {
		require.NotErrorIs(t, err, ErrStuck)
	}
	if slices.Contains(unawaitedKinds, kindDropOnClose) {
		var pe *PanicError
		require.ErrorAs(t, err, &pe, "%s: Close: %v", kind, err)
	}
	// Every handle completes, including those Close gave up on (once
	// their poll returns).
	for i, h := range unawaited {
		for wait := time.Now().Add(30 * time.Second); !h.IsFinished() && time.Now().Before(wait); {
			time.Sleep(time.Millisecond)
		}
		require.True(t, h.IsFinished(), "%s: unawaited handle of kind %d never finished", kind, unawaitedKinds[i])
		r := BlockOn(future.Future[future.Result[int]](h))
		if unawaitedKinds[i] == kindDropOnClose {
			var pe *PanicError
			require.ErrorAs(t, r.Err, &pe)
		} else {
			require.ErrorIs(t, r.Err, ErrClosed)
		}
	}
	if m, ok := ex.(*Multi); ok {
		m.running.Wait() // an abandoned worker has ended too
	}
}

// checkOutcome checks a handle's outcome against what its kind implies.
func checkOutcome(t *testing.T, kind int, r future.Result[int]) {
	t.Helper()
	var pe *PanicError
	switch kind {
	case kindPanicPoll:
		require.ErrorAs(t, r.Err, &pe)
		require.Equal(t, injectedError{kind}, pe.Value)
	case kindGoexit:
		require.ErrorIs(t, r.Err, ErrGoexit)
	case kindPanicDrop:
		require.ErrorAs(t, r.Err, &pe, "an aborted task whose Drop panicked: %v", r.Err)
		require.Equal(t, injectedError{kind}, pe.Value)
	default:
		require.NoError(t, r.Err, "kind %d", kind)
		require.Equal(t, kind, r.Value)
	}
}

// faultTask builds a task of the given kind; well-behaved and recovered
// tasks are ready with their kind.
func faultTask(kind int, lock *mutex.Mutex[int], io *ioPairs, st *stuckCtl) future.Future[int] {
	switch kind {
	case kindYield:
		return future.Async(func(co *future.Co) int {
			for range 3 {
				future.Await(co, future.YieldNow())
			}
			return kind
		})
	case kindSleep:
		return future.Map(timer.Sleep(time.Millisecond), func(future.Unit) int { return kind })
	case kindLock:
		return future.Async(func(co *future.Co) int {
			g := future.Await(co, lock.Lock())
			future.Await(co, future.YieldNow())
			g.Unlock()
			return kind
		})
	case kindPanicPoll:
		return future.Async(func(co *future.Co) int {
			future.Await(co, future.YieldNow())
			panic(injectedError{kind})
		})
	case kindGoexit:
		return future.PollFn(func(cx *future.Context) future.Poll[int] {
			runtime.Goexit()
			return future.Ready(kind)
		})
	case kindPanicDrop, kindDropOnClose:
		return &panicDropFuture{}
	case kindStuck:
		return future.PollFn(func(cx *future.Context) future.Poll[int] {
			st.entered <- struct{}{}
			<-st.release
			return future.Pending[int]() // and nobody wakes it: the late worker drops it
		})
	case kindBlocked:
		return future.PollFn(func(cx *future.Context) future.Poll[int] {
			time.Sleep(time.Millisecond)
			return future.Ready(kind)
		})
	case kindWakeTimer:
		return poisoned(kind, future.Map(timer.Sleep(time.Millisecond), func(future.Unit) int { return kind }))
	case kindWakeLock:
		// The task holds the lock, queues a poisoned waiter behind itself
		// and then unlocks: the unlock's wake list fires the waiter's waker.
		return future.Async(func(co *future.Co) int {
			g := future.Await(co, lock.Lock())
			waiter := poisoned(kind, future.Map[*mutex.Guard[int]](lock.Lock(), func(g *mutex.Guard[int]) int {
				g.Unlock()
				return kind
			}))
			unlock := future.Async(func(co *future.Co) int {
				future.Await(co, future.YieldNow())
				g.Unlock()
				return 0
			})
			return future.Await(co, future.Join2[int, int](waiter, unlock)).V1
		})
	case kindWakeIO:
		// A read whose readiness arrives through the reactor, which fires
		// the poisoned waker; the peer writes once the read waits.
		s, peer := io.take()
		return future.Async(func(co *future.Co) int {
			buf := make([]byte, 1)
			read := poisoned(kind, future.Map(s.Read(buf), func(future.Result[int]) int { return kind }))
			write := future.Async(func(co *future.Co) int {
				future.Await(co, future.YieldNow())
				_, _ = peer.Write([]byte{1})
				return 0
			})
			return future.Await(co, future.Join2[int, int](read, write)).V1
		})
	}
	panic("unknown kind")
}

// stuckCtl holds a stuck poll until the test has seen Close give up.
type stuckCtl struct {
	entered chan struct{} // one send: the poll has begun
	release chan struct{} // closed by the test after Close
}

// panicDropFuture is pending until dropped; its Drop panics.
type panicDropFuture struct{}

func (*panicDropFuture) Poll(*future.Context) future.Poll[int] { return future.Pending[int]() }
func (*panicDropFuture) Drop()                                 { panic(injectedError{kindPanicDrop}) }

// poisonedFuture polls its inner future under a Context whose waker wakes
// the task, then panics: whoever fires that waker (timer driver, reactor,
// wake list) must contain the panic.
//
// A wake during the future's own poll (a leaf waking its task to yield)
// is not poisoned: that is the task's own code calling its own waker, and
// a panic there would be the task's, not the runtime's.
type poisonedFuture[T any] struct {
	inner  future.Future[T]
	cx     *future.Context
	inPoll atomic.Bool
	fired  atomic.Int64
}

func poisoned[T any](kind int, inner future.Future[T]) *poisonedFuture[T] {
	return &poisonedFuture[T]{inner: inner}
}

func (p *poisonedFuture[T]) Poll(cx *future.Context) future.Poll[T] {
	task := cx.Waker()
	if p.cx == nil {
		p.cx = future.NewContext(waker.Noop())
	}
	p.cx.SetServices(cx.Services())
	p.cx.SetWaker(waker.Func(func() {
		task.Wake()
		if p.inPoll.Load() {
			return
		}
		p.fired.Add(1)
		poisonFired.Add(1)
		panic(injectedError{-1})
	}))
	p.inPoll.Store(true)
	defer p.inPoll.Store(false)
	return p.inner.Poll(p.cx)
}

func (p *poisonedFuture[T]) Drop() { future.Drop(p.inner) }

// ioPairs are loopback connections for the reactor faults: a Kettle
// stream (read by a task) and a Go peer (written by the task).
type ioPairs struct {
	streams []*tcp.Stream
	peers   []net.Conn
	next    int
}

func newIOPairs(t *testing.T, ex Executor, n int) *ioPairs {
	t.Helper()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	p := &ioPairs{}
	for range n {
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		p.peers = append(p.peers, c)
	}
	streams, err := Run(ex, future.Async(func(co *future.Co) []*tcp.Stream {
		var ss []*tcp.Stream
		for range n {
			r := future.Await[future.Result[*tcp.Stream]](co, ln.Accept())
			if r.Err != nil {
				panic(r.Err)
			}
			ss = append(ss, r.Value)
		}
		return ss
	}))
	require.NoError(t, err)
	p.streams = streams
	return p
}

func (p *ioPairs) available() bool { return p.next < len(p.streams) }

func (p *ioPairs) take() (*tcp.Stream, net.Conn) {
	i := p.next
	p.next++
	return p.streams[i], p.peers[i]
}

func (p *ioPairs) close() {
	for i := range p.streams {
		_ = p.streams[i].Close()
		_ = p.peers[i].Close()
	}
}
