package executor

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// gate is a broadcast event: every future from wait is ready once open
// was called (from any goroutine).
type gate struct {
	mu     sync.Mutex
	opened bool
	ws     []waker.Waker
}

func (g *gate) open() {
	g.mu.Lock()
	g.opened = true
	ws := g.ws
	g.ws = nil
	g.mu.Unlock()
	for _, w := range ws {
		w.Wake()
	}
}

func (g *gate) wait() future.Future[struct{}] {
	return future.PollFn(func(cx *future.Context) future.Poll[struct{}] {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.opened {
			return future.Ready(struct{}{})
		}
		g.ws = append(g.ws, cx.Waker())
		return future.Pending[struct{}]()
	})
}

// blockPoll is a task whose first poll signals entered and blocks until
// release is closed, then is Ready.
func blockPoll(entered chan<- struct{}, release <-chan struct{}) future.Future[int] {
	return future.PollFn(func(*future.Context) future.Poll[int] {
		entered <- struct{}{}
		<-release
		return future.Ready(0)
	})
}

// pollingWorker returns the worker of m that is in a poll, waiting for
// one for up to a few seconds.
func pollingWorker(t *testing.T, m *Multi) *worker {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, w := range m.workers {
			if w.p.watch.polling() {
				return w
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("no worker is polling")
	return nil
}

// pointEveryP makes every P's spawn hint name w, as if w had just begun a
// poll on each: spawns from any goroutine then go to w's inbox while w is
// polling.
func pointEveryP(m *Multi, w *worker) {
	for i := range m.onP {
		m.onP[i].Store(w)
	}
}

// requireRunsSeven awaits h from another goroutine and requires that it
// finishes with 7 within 10 s; else the test fails with msg.
func requireRunsSeven(t *testing.T, h *JoinHandle[int], msg string) {
	t.Helper()
	got := make(chan future.Result[int], 1)
	go func() { got <- BlockOn(future.Future[future.Result[int]](h)) }()
	select {
	case r := <-got:
		require.NoError(t, r.Err)
		require.Equal(t, 7, r.Value)
	case <-time.After(10 * time.Second):
		t.Fatal(msg)
	}
}

// A wrong guess (the caller is not the worker whose inbox it picks) costs
// locality, and behind a poll that blocks, the wait for the blocking
// detector: a worker stuck in a long poll cannot drain its inbox, and the
// task, spawned while that worker had nothing else queued, woke nobody
// (Multi.pushInbox); the detector's rescue wakes the other worker, which
// steals it.
func TestMultiInboxWrongGuessIsStolen(t *testing.T) {
	m := newTestMulti(t, Workers(2), BlockingThreshold(20*time.Millisecond), BlockingReporter(func(BlockingReport) {}))
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	blocker := Spawn(m, blockPoll(entered, release))
	<-entered
	w := pollingWorker(t, m)
	pointEveryP(m, w)
	require.Same(t, w, m.spawnTarget(), "the spawn goes to the stuck worker's inbox")
	h := Spawn(m, future.Value(7))
	requireRunsSeven(t, h, "the task in the stuck worker's inbox never ran")
	require.False(t, blocker.IsFinished(), "the other worker ran it, not the stuck one")
	// Metrics publishes a worker's counters every 64 polls and when it
	// parks: the thief parks once it has run out of work.
	require.Eventually(t, func() bool { return m.Metrics().Steals >= 1 }, 10*time.Second, time.Millisecond,
		"the other worker stole it")
}

// With the blocking detector off, a task spawned by a wrong guess into a
// stuck worker's inbox runs once that poll ends: the worker drains its
// inbox after the poll it is in, if nobody stole the task before.
func TestMultiInboxWrongGuessRunsAfterStuckPoll(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	entered, release := make(chan struct{}), make(chan struct{})
	blocker := Spawn(m, blockPoll(entered, release))
	<-entered
	w := pollingWorker(t, m)
	pointEveryP(m, w)
	h := Spawn(m, future.Value(7))
	close(release)
	requireRunsSeven(t, h, "the task in the stuck worker's inbox never ran after the poll ended")
	require.NoError(t, BlockOn(future.Future[future.Result[int]](blocker)).Err)
}

// Close drops a task left in an inbox whose worker never drains it.
func TestMultiInboxDroppedByClose(t *testing.T) {
	m := NewMulti(Workers(1), BlockingThreshold(0))
	m.closeWait = 50 * time.Millisecond
	entered, release := make(chan struct{}), make(chan struct{})
	Spawn(m, blockPoll(entered, release))
	<-entered
	w := pollingWorker(t, m)
	pointEveryP(m, w)
	dropped := make(chan struct{})
	h := Spawn[int](m, &dropRecorder{
		poll:    func() future.Poll[int] { panic("polled") },
		dropped: dropped,
	})
	require.True(t, w.inbox.maybeNonEmpty(), "queued in the inbox")
	require.ErrorIs(t, m.Close(), ErrStuck)
	<-dropped
	require.True(t, h.IsFinished())
	r := BlockOn(future.Future[future.Result[int]](h))
	require.ErrorIs(t, r.Err, ErrClosed)
	close(release)
	m.running.Wait()
}

// spawnTree spawns fan children from inside its poll (so on a worker, into
// its inbox), each a spawnTree one level down; leaves wait for gate. It
// returns how many tasks it stands for.
type spawnTree struct {
	m     *Multi
	depth int
	gate  *gate
	hs    []*JoinHandle[int]
	j     int
	leaf  future.Future[struct{}]
}

const treeFan = 8

func treeSize(depth int) int {
	if depth == 0 {
		return 1
	}
	return 1 + treeFan*treeSize(depth-1)
}

func (s *spawnTree) Poll(cx *future.Context) future.Poll[int] {
	if s.depth == 0 {
		if s.leaf == nil {
			s.leaf = s.gate.wait()
		}
		if !s.leaf.Poll(cx).IsReady() {
			return future.Pending[int]()
		}
		return future.Ready(1)
	}
	if s.hs == nil {
		for range treeFan {
			s.hs = append(s.hs, Spawn(s.m, future.Future[int](&spawnTree{m: s.m, depth: s.depth - 1, gate: s.gate})))
		}
	}
	for ; s.j < len(s.hs); s.j++ {
		if !s.hs[s.j].Poll(cx).IsReady() {
			return future.Pending[int]()
		}
	}
	return future.Ready(1)
}

// Tasks spawned on the workers are numbered by their worker's inbox: every id
// is unique, and Metrics still counts spawns exactly.
func TestMultiSpawnIDsUniqueAndCounted(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	gate := &gate{}
	const depth = 3
	want := treeSize(depth)
	root := Spawn(m, future.Future[int](&spawnTree{m: m, depth: depth, gate: gate}))
	deadline := time.Now().Add(10 * time.Second)
	for len(m.Dump()) < want && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	d := m.Dump()
	require.Len(t, d, want, "every task polled once and waiting")
	seen := make(map[uint64]bool, want)
	for _, ti := range d {
		require.NotZero(t, ti.ID)
		require.False(t, seen[ti.ID], "id %d twice", ti.ID)
		seen[ti.ID] = true
	}
	mt := m.Metrics()
	require.Equal(t, uint64(want), mt.TasksSpawned)
	require.Equal(t, uint64(want), mt.TasksAlive)
	gate.open()
	r := BlockOn(future.Future[future.Result[int]](root))
	require.NoError(t, r.Err)
	for time.Now().Before(deadline) && m.Metrics().TasksAlive != 0 {
		time.Sleep(time.Millisecond)
	}
	mt = m.Metrics()
	require.Equal(t, uint64(want), mt.TasksSpawned)
	require.Equal(t, uint64(want), mt.TasksCompleted)
}

// Spawns from many goroutines at once, on the workers (into their
// inboxes, each numbering its own series) and off them (outsideID), get
// unique ids, and Metrics counts every one.
func TestMultiSpawnIDsConcurrent(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	const goroutines, each = 4, 2000
	var mu sync.Mutex
	var ids []uint32
	record := func(hs []*JoinHandle[int]) {
		mu.Lock()
		defer mu.Unlock()
		for _, h := range hs {
			ids = append(ids, h.hdr.id)
		}
	}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(2)
		go func() { // off the workers
			defer wg.Done()
			hs := make([]*JoinHandle[int], 0, each)
			for range each {
				hs = append(hs, Spawn(m, future.Future[int](future.Value(g))))
			}
			record(hs)
		}()
		go func() { // on the workers: spawned from a task's poll
			defer wg.Done()
			r := BlockOn(future.Future[future.Result[int]](Spawn(m, future.Future[int](future.PollFn(func(*future.Context) future.Poll[int] {
				hs := make([]*JoinHandle[int], 0, each)
				for range each {
					hs = append(hs, Spawn(m, future.Future[int](future.Value(g))))
				}
				record(hs)
				return future.Ready(0)
			})))))
			assert.NoError(t, r.Err)
		}()
	}
	wg.Wait()
	seen := make(map[uint32]bool, len(ids))
	for _, id := range ids {
		require.NotZero(t, id)
		require.False(t, seen[id], "id %d twice", id)
		seen[id] = true
	}
	require.Len(t, seen, 2*goroutines*each)
	// Every spawn counted: the spawned tasks plus the goroutines' spawners.
	require.Equal(t, uint64(2*goroutines*each+goroutines), m.Metrics().TasksSpawned)
}

// No lost wake-up with inboxes: more workers than Ps keep parking and
// unparking while tasks spawn into inboxes from their polls and finish;
// every round must end.
func TestMultiInboxParkStress(t *testing.T) {
	m := newTestMulti(t, Workers(3))
	rounds := 300
	if testing.Short() {
		rounds = 50
	}
	done := make(chan error, 1)
	go func() {
		for range rounds {
			gate := &gate{opened: true}
			if _, err := Run(m, future.Future[int](&spawnTree{m: m, depth: 2, gate: gate})); err != nil {
				done <- err
				return
			}
			// Let the workers park between rounds.
			if _, err := Run(m, future.Value(0)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(60 * time.Second):
		t.Fatal("a round never finished: a wake-up was lost")
	}
}
