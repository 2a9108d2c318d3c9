package executor

import (
	"fmt"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/timer"
)

// namedTask returns a bare task header numbered id, named name ("" for
// none), for tests of the poll window.
func namedTask(id uint32, name string) *task {
	return &task{id: id, class: &taskClass{name: name}}
}

// TestPollWatchWord: the word carries the polled task's id and the poll
// parity; the named pointer is taken only when its id is the word's.
func TestPollWatchWord(t *testing.T) {
	var w pollWatch
	a, b := namedTask(7, "a"), namedTask(9, "")
	_, ok := w.current()
	require.False(t, ok, "between polls before any poll")

	w.begin(a, 100)
	require.True(t, w.polling())
	ip, ok := w.current()
	require.True(t, ok)
	require.Equal(t, uint32(7), ip.id())
	require.Same(t, a, ip.named)
	require.Equal(t, int64(100), ip.since)
	require.Equal(t, `task "a"`, ip.label())
	require.Equal(t, "a", ip.reportName())
	first := ip.word
	w.end()
	require.False(t, w.polling())
	_, ok = w.current()
	require.False(t, ok)

	// An unnamed task after a named one: the pointer still holds a, whose
	// id is not the word's.
	w.begin(b, 200)
	ip, ok = w.current()
	require.True(t, ok)
	require.Equal(t, uint32(9), ip.id())
	require.Nil(t, ip.named, "the last named task was taken for an unnamed one")
	require.Equal(t, "task #9", ip.label())
	require.Equal(t, "task #9", ip.reportName())
	require.Equal(t, "", ip.name())
	w.end()

	// The same task polled twice: two different words (the watchdog must
	// not take two short polls for one long one).
	w.begin(a, 200)
	ip, _ = w.current()
	require.NotEqual(t, first, ip.word)
	require.Equal(t, uint32(7), ip.id())
	w.end()

	// The generation wraps within its half without touching the id.
	w.last = uint64(7)<<32 | genMask - 1 // even: between polls
	w.begin(b, 300)
	require.Equal(t, uint64(9)<<32|genMask, w.word.Load())
	w.end()
	require.Equal(t, uint64(9)<<32, w.word.Load())
	require.False(t, w.polling())
}

// TestReportedSetBounded: the report-once set is pruned of finished
// tasks when it reaches a power of two, stays bounded, and never forgets
// a task that is still listed or still named by a poller's word.
func TestReportedSetBounded(t *testing.T) {
	reg := newRegistry(3)
	var slot pollWatch
	wd := &watchdog{reported: reportedSet{}, reg: reg, slots: []*pollWatch{&slot}}
	const listed = 40
	for id := uint32(1); id <= listed; id++ {
		reg.add(namedTask(id, ""), reg.shardOf(int(id)))
		require.True(t, wd.first(id))
	}
	// The task in (or just out of) its first poll: not listed, but named
	// by the word.
	inPoll := namedTask(5000, "")
	slot.begin(inPoll, 0)
	require.True(t, wd.first(inPoll.id))
	slot.end()
	// Many short-lived tasks, each reported and finished.
	for id := uint32(listed + 1); id < 2000; id++ {
		require.True(t, wd.first(id))
		require.Less(t, len(wd.reported), 2*max(reportedPrune, listed+2))
	}
	for id := uint32(1); id <= listed; id++ {
		require.False(t, wd.first(id), "listed task #%d would be reported again", id)
	}
	require.False(t, wd.first(inPoll.id), "the task named by the word would be reported again")
}

// blockAt is a future that sleeps sleeps[i] in its i-th poll (a blocking
// call inside async code), and is ready after the last.
type blockAt struct {
	sleeps []time.Duration
	i      int
}

func (b *blockAt) Poll(cx *future.Context) future.Poll[int] {
	time.Sleep(b.sleeps[b.i])
	if b.i++; b.i == len(b.sleeps) {
		return future.Ready(b.i)
	}
	cx.Waker().Wake()
	return future.Pending[int]()
}

// spawnThenAwait is a main future that, at its first poll, spawns child
// (unnamed unless name is set) and records its id, then awaits it: the
// child's first poll follows a poll of the named main task.
type spawnThenAwait struct {
	ex    Executor
	child future.Future[int]
	opts  []SpawnOption
	id    chan uint32
	h     *JoinHandle[int]
}

func (s *spawnThenAwait) Poll(cx *future.Context) future.Poll[int] {
	if s.h == nil {
		s.h = Spawn(s.ex, s.child, s.opts...)
		s.id <- s.h.hdr.id
	}
	r, ok := s.h.Poll(cx).Get()
	if !ok {
		return future.Pending[int]()
	}
	return future.Ready(r.Value)
}

// newWatched returns an executor of kind with the blocking detector at
// threshold and a reporter that records into the returned func's result.
func newWatched(t *testing.T, kind string, threshold time.Duration) (Executor, func() []BlockingReport) {
	var mu sync.Mutex
	var reports []BlockingReport
	opts := []Option{BlockingThreshold(threshold), BlockingReporter(func(r BlockingReport) {
		mu.Lock()
		reports = append(reports, r)
		mu.Unlock()
	})}
	var ex Executor
	if kind == "local" {
		l := NewLocal(opts...)
		t.Cleanup(func() { l.Close() })
		ex = l
	} else {
		m := NewMulti(append(opts, Workers(1))...)
		t.Cleanup(func() { m.Close() })
		ex = m
	}
	return ex, func() []BlockingReport {
		mu.Lock()
		defer mu.Unlock()
		return append([]BlockingReport(nil), reports...)
	}
}

// TestBlockingReportUnnamedFirstPoll: an unnamed task blocking in its
// first poll (not listed yet, polled right after the named main task) is
// reported as `task #N` with its id.
func TestBlockingReportUnnamedFirstPoll(t *testing.T) {
	const threshold = 20 * time.Millisecond
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			ex, reports := newWatched(t, kind, threshold)
			main := &spawnThenAwait{ex: ex, child: &blockAt{sleeps: []time.Duration{20 * threshold}}, id: make(chan uint32, 1)}
			_, err := Run(ex, future.Future[int](main))
			require.NoError(t, err)
			id := <-main.id
			rs := reports()
			require.Len(t, rs, 1, "%v", rs)
			require.Equal(t, fmt.Sprintf("task #%d", id), rs[0].Task)
			require.Equal(t, uint64(id), rs[0].ID)
			require.GreaterOrEqual(t, rs[0].Duration, threshold)
		})
	}
}

// TestBlockingReportNamedLaterPoll: a named task that blocks in its
// second and third polls (listed by then, between polls of main) is
// reported once, by name, with its id.
func TestBlockingReportNamedLaterPoll(t *testing.T) {
	const threshold = 20 * time.Millisecond
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			ex, reports := newWatched(t, kind, threshold)
			child := &blockAt{sleeps: []time.Duration{0, 15 * threshold, 15 * threshold}}
			main := &spawnThenAwait{ex: ex, child: child, opts: []SpawnOption{Name("slow cook")}, id: make(chan uint32, 1)}
			_, err := Run(ex, future.Future[int](main))
			require.NoError(t, err)
			id := <-main.id
			rs := reports()
			require.Len(t, rs, 1, "reported once: %v", rs)
			require.Equal(t, "slow cook", rs[0].Task)
			require.Equal(t, uint64(id), rs[0].ID)
		})
	}
}

// TestDumpShowsUnnamedFirstPoll: a dump taken while an unnamed task is
// stuck in its first poll (not listed yet) shows it, from its poller's
// window, as running with how long it has been polling.
func TestDumpShowsUnnamedFirstPoll(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			ex, _ := newWatched(t, kind, time.Hour)
			dump := map[string]func() TaskDump{
				"local": func() TaskDump { return ex.(*Local).Dump() },
				"multi": func() TaskDump { return ex.(*Multi).Dump() },
			}[kind]
			entered, release := make(chan struct{}), make(chan struct{})
			stuck := future.PollFn(func(*future.Context) future.Poll[int] {
				close(entered)
				<-release // a blocking poll, on purpose
				return future.Ready(0)
			})
			main := &spawnThenAwait{ex: ex, child: stuck, id: make(chan uint32, 1)}
			done := make(chan error, 1)
			go func() {
				_, err := Run(ex, future.Future[int](main))
				done <- err
			}()
			<-entered
			id := <-main.id
			const stuckFor = 5 * time.Millisecond
			time.Sleep(stuckFor)
			d := dump()
			close(release)
			require.NoError(t, <-done)
			var found *TaskInfo
			for i := range d {
				if d[i].ID == uint64(id) {
					found = &d[i]
				}
			}
			require.NotNil(t, found, "the stuck task is missing: %s", d)
			require.Equal(t, TaskRunning, found.State, d.String())
			require.Equal(t, "", found.Name, d.String())
			require.Equal(t, fmt.Sprintf("task #%d", id), found.Label())
			require.GreaterOrEqual(t, found.Polling, stuckFor, d.String())
			require.Zero(t, found.Polls, d.String())
		})
	}
}

// TestParkedLoopNotReportedBlocking: a Local leaves its poll windows open
// between polls (poller.lazyEnd) and closes them before it waits; a loop
// parked in its timer wait or in its reactor's wait, well past the
// threshold, is never taken for a blocking poll.
func TestParkedLoopNotReportedBlocking(t *testing.T) {
	const threshold = 5 * time.Millisecond
	t.Run("timer", func(t *testing.T) {
		ex, reports := newWatched(t, "local", threshold)
		e := ex.(*Local)
		require.True(t, e.p.lazyEnd)
		_, err := Run(ex, future.Map(timer.Sleep(30*threshold), func(future.Unit) int { return 0 }))
		require.NoError(t, err)
		require.Empty(t, reports())
		require.False(t, e.p.watch.polling(), "a Run left its window open")
	})
	t.Run("reactor", func(t *testing.T) {
		ex, reports := newWatched(t, "local", threshold)
		ln, err := tcp.Listen("127.0.0.1:0")
		require.NoError(t, err)
		defer ln.Close()
		go func() {
			time.Sleep(30 * threshold)
			if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
				c.Close()
			}
		}()
		r, err := Run(ex, future.Future[future.Result[*tcp.Stream]](ln.Accept()))
		require.NoError(t, err)
		require.NoError(t, r.Err)
		require.NoError(t, r.Value.Close())
		require.Empty(t, reports())
	})
}

// TestLazyWindowKeepsSeqlock: on a Local's lazy windows, begin ends an
// open window before it changes named or since, so a reader never pairs
// one poll's word with the next poll's values.
func TestLazyWindowKeepsSeqlock(t *testing.T) {
	var w pollWatch
	a, b, c := namedTask(1, "a"), namedTask(2, ""), namedTask(3, "c")
	w.begin(a, 10) // window left open, as lazyEnd does
	w.begin(b, 10) // unnamed, same since: replaces the window, one store
	ip, ok := w.current()
	require.True(t, ok)
	require.Equal(t, uint32(2), ip.id())
	require.Nil(t, ip.named)
	gen := uint32(w.word.Load())
	w.begin(c, 10) // named: the window must close before named changes
	ip, _ = w.current()
	require.Same(t, c, ip.named)
	require.Equal(t, gen+2, uint32(w.word.Load()), "open b → end → open c")
	w.begin(c, 20) // since moves: end, then store
	require.Equal(t, gen+4, uint32(w.word.Load()))
	ip, _ = w.current()
	require.Equal(t, int64(20), ip.since)
	w.begin(c, 20) // nothing changes: one store, a new odd word
	require.Equal(t, gen+6, uint32(w.word.Load()))
	require.True(t, w.open())
	w.end()
	require.False(t, w.polling())
}

// TestPollWatchSeqlockConcurrent: a reader racing with an owner whose
// windows are lazy (each begin replaces an open window) and whose named
// and since change at every poll never pairs a poll's word with another
// poll's named or since.
func TestPollWatchSeqlockConcurrent(t *testing.T) {
	var w pollWatch
	a, c := namedTask(1, "a"), namedTask(2, "c")
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for k := int64(0); ; k++ {
			select {
			case <-stop:
				w.end()
				return
			default:
			}
			w.begin(a, 2*k)   // a's polls begin at even times
			w.begin(c, 2*k+1) // c's at odd times
		}
	}()
	for !w.polling() {
		runtime.Gosched() // let the owner start
	}
	seen := 0
	for range 200_000 {
		ip, ok := w.current()
		if !ok {
			continue
		}
		seen++
		want := map[uint32]*task{1: a, 2: c}[ip.id()]
		require.Same(t, want, ip.named, "word of task #%d with another poll's named", ip.id())
		require.Equal(t, int64(ip.id()-1), ip.since&1, "word of task #%d with another poll's since", ip.id())
	}
	close(stop)
	<-done
	require.Positive(t, seen)
}

// TestMultiCloseNamesUnnamedStuckTask: Close's ErrStuck message names an
// unnamed task stuck in its first poll by its id, from the worker's
// window.
func TestMultiCloseNamesUnnamedStuckTask(t *testing.T) {
	m := NewMulti(Workers(1), BlockingThreshold(0))
	m.closeWait = 20 * time.Millisecond
	entered, release := make(chan struct{}), make(chan struct{})
	h := Spawn(m, future.PollFn(func(*future.Context) future.Poll[int] {
		close(entered)
		<-release
		return future.Ready(0)
	}))
	<-entered
	err := m.Close()
	require.ErrorIs(t, err, ErrStuck)
	require.Contains(t, err.Error(), fmt.Sprintf("task #%d has been polling for", h.hdr.id))
	close(release)
	m.running.Wait()
}
