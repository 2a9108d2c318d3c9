package executor

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/goid"
)

// blockingPoll is a future whose one poll sleeps for d: a blocking call
// inside async code.
func blockingPoll(d time.Duration) future.Future[int] {
	return future.PollFn(func(*future.Context) future.Poll[int] {
		time.Sleep(d)
		return future.Ready(0)
	})
}

// TestBlockingDetectorNeverReportsShortPolls: polls of 85% of the
// threshold are never reported (the old detector reported 13 of 30
// polls of 85 ms against 100 ms), and a long one is reported once with a
// duration that is a lower bound of it.
func TestBlockingDetectorNeverReportsShortPolls(t *testing.T) {
	const threshold = 20 * time.Millisecond
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			ex, reports := newWatched(t, kind, threshold)
			for range 10 {
				_, err := Run(ex, blockingPoll(threshold*85/100))
				require.NoError(t, err)
			}
			require.Empty(t, reports(), "a poll shorter than the threshold was reported")
			// Long enough to be seen at several samples even when the
			// machine is loaded: a late tick credits one period at most.
			const long = 20 * threshold
			_, err := Run(ex, blockingPoll(long))
			require.NoError(t, err)
			got := reports()
			require.Len(t, got, 1)
			require.Equal(t, "main", got[0].Task)
			require.GreaterOrEqual(t, got[0].Duration, threshold)
			require.LessOrEqual(t, got[0].Duration, long)
		})
	}
}

func TestBlockingReporterPanicContained(t *testing.T) {
	l := NewLocal(BlockingThreshold(10*time.Millisecond), BlockingReporter(func(BlockingReport) { panic("reporter fault") }))
	defer l.Close()
	_, err := Run(l, blockingPoll(100*time.Millisecond))
	require.NoError(t, err, "the detector's goroutine survived its reporter")
}

func TestDescheduledReadsGoroutineState(t *testing.T) {
	require.False(t, descheduled(0))
	require.False(t, descheduled(goid.Get()), "the calling goroutine is running")
	parked := make(chan struct{})
	gid := make(chan uint64)
	go func() {
		gid <- goid.Get()
		<-parked
	}()
	id := <-gid
	// Between its send and its receive the goroutine may be preempted
	// (runnable): wait until it has parked on the channel.
	for !parkedOnChannel(id) {
		runtime.Gosched()
	}
	require.False(t, descheduled(id), "blocked on a channel is not descheduled")
	close(parked)
}

// parkedOnChannel reports whether goroutine gid is blocked receiving from
// a channel, as runtime.Stack shows it.
func parkedOnChannel(gid uint64) bool {
	buf := make([]byte, 256<<10)
	buf = buf[:runtime.Stack(buf, true)]
	return bytes.Contains(buf, []byte("goroutine "+strconv.FormatUint(gid, 10)+" [chan receive"))
}

// TestBlockingDetectorQuietUnderOversubscription: four busy goroutines
// per core alongside a ping-pong of short polls, with detection on at its
// default threshold: the preempted worker must not be reported.
func TestBlockingDetectorQuietUnderOversubscription(t *testing.T) {
	if testing.Short() {
		t.Skip("a second of busy loops")
	}
	stop := make(chan struct{})
	var busy sync.WaitGroup
	for range 4 * runtime.GOMAXPROCS(0) {
		busy.Add(1)
		go func() {
			defer busy.Done()
			for x := 0; ; x++ {
				if x%1024 == 0 {
					select {
					case <-stop:
						return
					default:
					}
				}
			}
		}()
	}
	defer func() { close(stop); busy.Wait() }()
	var mu sync.Mutex
	var reports []BlockingReport
	rep := BlockingReporter(func(r BlockingReport) { mu.Lock(); reports = append(reports, r); mu.Unlock() })
	deadline := time.Now().Add(time.Second)
	for _, kind := range []string{"local", "multi"} {
		var ex Executor
		if kind == "local" {
			l := NewLocal(rep)
			defer l.Close()
			ex = l
		} else {
			m := NewMulti(rep)
			defer m.Close()
			ex = m
		}
		for time.Now().Before(deadline.Add(map[string]time.Duration{"local": 0, "multi": time.Second}[kind])) {
			_, err := Run(ex, pingPong(2000))
			require.NoError(t, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	require.Empty(t, reports)
}

// pingPong is two tasks handing a counter back and forth n times through
// wakes, each hand-off one short poll.
func pingPong(n int) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		for i := 0; i < n; i++ {
			future.Await(co, future.YieldNow())
		}
		return n
	})
}

// TestLocalRunLearnsItsGoroutineLazily: with the blocking detector on, a
// Run parses no goroutine id when its future is ready at once, nor when
// it parks after a few polls (a BlockOn waiting for a goroutine's send);
// it does at its first timer turn (more than maintainEvery polls), and at
// a park once the watchdog, having seen a long poll, asked for it.
func TestLocalRunLearnsItsGoroutineLazily(t *testing.T) {
	e := NewLocal(BlockingThreshold(20*time.Millisecond), BlockingReporter(func(BlockingReport) {}))
	defer e.Close()
	v, err := Run(e, future.Lazy(func() int { return 7 }))
	require.NoError(t, err)
	require.Equal(t, 7, v)
	require.Zero(t, e.p.watch.gid.Load(), "a short Run parsed its goroutine id")

	// runParked runs f on a goroutine of its own until the loop parks,
	// and returns that goroutine's id and a func that lets the Run end.
	runParked := func(f future.Future[struct{}], s *signal) (uint64, func()) {
		ran := make(chan uint64, 1)
		done := make(chan error, 1)
		go func() {
			ran <- goid.Get()
			_, err := Run(e, f)
			done <- err
		}()
		id := <-ran
		waitParked(e)
		return id, func() { s.fire(); require.NoError(t, <-done) }
	}
	s := newSignal("send")
	_, finish := runParked(s.wait(), s)
	require.Zero(t, e.p.watch.gid.Load(), "a Run that parked after one poll parsed its goroutine id")
	finish()

	// A Run of more polls than maintainEvery turns to its timers.
	yields := future.Async(func(co *future.Co) int {
		for range 2 * maintainEvery {
			future.Await(co, future.YieldNow())
		}
		return 0
	})
	me := goid.Get()
	_, err = Run(e, yields)
	require.NoError(t, err)
	require.Equal(t, me, e.p.watch.gid.Load())

	// A poll the watchdog sees at two samples makes it ask; the loop
	// answers at its park.
	s = newSignal("after a long poll")
	long := future.PollFn(func(*future.Context) future.Poll[struct{}] {
		for deadline := time.Now().Add(10 * time.Second); !e.p.watch.wantGid.Load() && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		return future.Ready(struct{}{})
	})
	id, finish := runParked(future.Then(long, func(struct{}) future.Future[struct{}] { return s.wait() }), s)
	require.Equal(t, id, e.p.watch.gid.Load())
	require.False(t, e.p.watch.wantGid.Load())
	finish()
}
