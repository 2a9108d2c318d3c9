package executor

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/timer"
)

// budgetHog spends its whole budget at its first poll (and is told to
// yield), then is ready.
type budgetHog struct{ polls int }

func (b *budgetHog) Poll(cx *future.Context) future.Poll[int] {
	b.polls++
	if b.polls > 1 {
		return future.Ready(b.polls)
	}
	for cx.ConsumeBudget() {
	}
	return future.Pending[int]()
}

func TestLocalMetricsExact(t *testing.T) {
	e := NewLocal(BlockingThreshold(0))
	hs := make([]*JoinHandle[int], 3)
	for i := range hs {
		hs[i] = Spawn(e, future.Future[int](&yielder{id: i, n: 2}))
	}
	hog := Spawn(e, future.Future[int](&budgetHog{}), Name("hog"))
	_, err := Run(e, future.Join3[future.Result[int], future.Result[int], future.Result[int]](hs[0], hs[1], hs[2]))
	require.NoError(t, err)
	_, err = Run(e, future.Future[future.Result[int]](hog))
	require.NoError(t, err)
	m := e.Metrics()
	// 3 tasks × 3 polls, the hog's 2, the first main's 2 (pending, then
	// ready once all three are done), the second main's 1.
	require.EqualValues(t, 14, m.Polls)
	require.EqualValues(t, 6, m.TasksSpawned, "4 spawns and 2 Runs")
	require.EqualValues(t, 6, m.TasksCompleted)
	require.Zero(t, m.TasksAlive)
	require.EqualValues(t, 14-6, m.Wakes, "every poll but each task's first follows a wake")
	require.EqualValues(t, 1, m.BudgetYields)
	require.Zero(t, m.Parks, "nothing ever had to wait")
	require.Zero(t, m.Steals)
	require.Len(t, m.Workers, 1)
	require.EqualValues(t, 14, m.Workers[0].Polls)
	require.Positive(t, m.Workers[0].Busy)
	require.Empty(t, e.Dump())
	require.NoError(t, e.Close())
	require.EqualValues(t, 14, e.Metrics().Polls, "Metrics works after Close")
	require.Contains(t, m.String(), "polls: 14")
}

func TestLocalMetricsAndDumpWhileRunning(t *testing.T) {
	e := NewLocal(BlockingThreshold(0))
	spoon := mutex.New(0, mutex.Name("spoon"))
	go1 := newSignal("go")
	holder := Spawn(e, future.Async(func(co *future.Co) int {
		g := future.Await(co, spoon.Lock())
		future.Await(co, go1.wait())
		g.Unlock()
		return 1
	}), Name("holder"))
	waiter := Spawn(e, future.Async(func(co *future.Co) int {
		g := future.Await(co, spoon.Lock())
		g.Unlock()
		return 2
	}), Name("waiter"))
	lazy := Spawn(e, future.Lazy(func() int { return 3 })) // unnamed
	done := make(chan error, 1)
	go func() {
		_, err := Run(e, future.Join3[future.Result[int], future.Result[int], future.Result[int]](holder, waiter, lazy))
		done <- err
	}()
	waitParked(e)
	// parked turns true a little before the park is counted and the
	// loop's counters are published (blockCounted): wait for the count,
	// not the flag, before reading what the loop publishes.
	require.Eventually(t, func() bool { return e.Metrics().Parks >= 1 }, 10*time.Second, time.Millisecond)
	var wg sync.WaitGroup
	for range 4 { // concurrent inspections, under -race
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := e.Metrics()
			assert.EqualValues(t, 4, m.TasksSpawned)
			assert.EqualValues(t, 3, m.TasksAlive)
		}()
	}
	wg.Wait()
	d := e.Dump()
	s := d.String()
	require.Len(t, d, 3, s)
	require.Contains(t, s, `task "main" idle`)
	require.Contains(t, s, `task "holder" idle, 1 polls`)
	require.Contains(t, s, `waits on signal go`)
	require.Contains(t, s, `task "waiter" idle, 1 polls`)
	require.Contains(t, s, `waits on mutex.Lock of "spoon" held by task "holder"`)
	require.Equal(t, "holder", d[0].Name)
	require.Equal(t, TaskIdle, d[0].State)
	go1.fire()
	require.NoError(t, <-done)
	require.Empty(t, e.Dump())
	require.NoError(t, e.Close())
	require.Empty(t, e.Dump())
}

func TestLocalDumpFromInsideATask(t *testing.T) {
	e := NewLocal(BlockingThreshold(0))
	defer e.Close()
	Spawn(e, future.Never[int](), Name("forever"))
	var d TaskDump
	var m Metrics
	_, err := Run(e, future.Lazy(func() int {
		d, m = e.Dump(), e.Metrics()
		return 0
	}))
	require.NoError(t, err)
	require.Len(t, d, 2, d.String())
	require.Equal(t, "forever", d[0].Name)
	require.Equal(t, "main", d[1].Name)
	require.Equal(t, TaskRunning, d[1].State)
	require.EqualValues(t, 2, m.TasksAlive)
}

func TestMetricsDoNotBlockRun(t *testing.T) {
	e := NewLocal(BlockingThreshold(0))
	defer e.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				_ = e.Metrics()
				_ = e.Dump()
			}
		}
	}()
	for range 200 {
		_, err := Run(e, future.Future[int](&yielder{n: 3}))
		require.NoError(t, err, "an inspection must never make Run fail with ErrRunning")
		require.Positive(t, e.RunUntilStalled()+1)
	}
	close(stop)
	wg.Wait()
	require.EqualValues(t, 800, e.Metrics().Polls)
}

type traceEvent struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	PID  int            `json:"pid"`
	TID  int            `json:"tid"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur"`
	Args map[string]any `json:"args"`
}

func parseTrace(t *testing.T, b []byte) []traceEvent {
	t.Helper()
	var evs []traceEvent
	require.NoError(t, json.Unmarshal(b, &evs), "trace must be valid JSON:\n%s", b)
	return evs
}

func TestLocalTraceVirtualTime(t *testing.T) {
	var buf bytes.Buffer
	vc := timer.NewVirtualClock(time.Date(2025, 6, 1, 7, 0, 0, 0, time.UTC))
	e := NewLocal(Clock(vc), Trace(&buf), BlockingThreshold(0))
	eggs := Spawn(e, future.Async(func(co *future.Co) int {
		future.Await(co, timer.Sleep(3*time.Minute))
		return 1
	}), Name("cook eggs"))
	_, err := Run(e, future.Future[future.Result[int]](eggs))
	require.NoError(t, err)
	require.NoError(t, e.Close())
	evs := parseTrace(t, buf.Bytes())
	var slices []traceEvent
	names := map[string]bool{}
	for _, ev := range evs {
		switch ev.Ph {
		case "X":
			slices = append(slices, ev)
		case "M":
			names[ev.Args["name"].(string)] = true
		}
	}
	require.True(t, names["Local #1"] && names["loop"], "%v", names)
	require.Len(t, slices, 4, "eggs twice, main twice")
	require.Equal(t, "cook eggs", slices[0].Name)
	require.EqualValues(t, 1, slices[0].Args["poll"])
	require.Equal(t, "pending", slices[0].Args["result"])
	require.Contains(t, slices[0].Args["waits_on"], "timer.Sleep")
	last := slices[len(slices)-1]
	require.Equal(t, "main", last.Name)
	require.Equal(t, "ready", last.Args["result"])
	require.GreaterOrEqual(t, last.Ts, float64(3*time.Minute/time.Microsecond), "virtual minutes show in the trace")
	for i := 1; i < len(slices); i++ {
		require.GreaterOrEqual(t, slices[i].Ts, slices[i-1].Ts+slices[i-1].Dur, "slices do not overlap")
	}
}

func TestSharedTracerAndOpenTrace(t *testing.T) {
	_, err := OpenTrace(t.TempDir() + "/no/such/dir/trace.json")
	require.Error(t, err)
	path := t.TempDir() + "/trace.json"
	tr, err := OpenTrace(path)
	require.NoError(t, err)
	for i := range 2 {
		e := NewLocal(tr, BlockingThreshold(0))
		_, err := Run(e, future.Value(i))
		require.NoError(t, err)
		require.NoError(t, e.Close())
	}
	m := NewMulti(Workers(2), tr, BlockingThreshold(0))
	_, err = Run(m, future.Future[int](&yielder{n: 5}))
	require.NoError(t, err)
	require.NoError(t, m.Close())
	require.NoError(t, tr.Close())
	require.NoError(t, tr.Close())
	b := readFile(t, path)
	evs := parseTrace(t, b)
	pids := map[int]bool{}
	threads := map[string]bool{}
	polls := 0
	for _, ev := range evs {
		pids[ev.PID] = true
		if ev.Name == "thread_name" {
			threads[ev.Args["name"].(string)] = true
		}
		if ev.Ph == "X" {
			polls++
		}
	}
	require.Len(t, pids, 3)
	require.True(t, threads["worker 0"] && threads["worker 1"] && threads["loop"], "%v", threads)
	require.Equal(t, 1+1+6, polls)
}

func TestMultiMetricsAndDump(t *testing.T) {
	m := NewMulti(Workers(2), BlockingThreshold(0))
	defer m.Close()
	const tasks, yields = 10, 4
	hs := make([]future.Future[future.Result[int]], tasks)
	for i := range hs {
		hs[i] = Spawn(m, future.Future[int](&yielder{id: i, n: yields}))
	}
	_, err := Run(m, future.JoinAll(hs...))
	require.NoError(t, err)
	// Counters are exact once every worker has parked (each publishes its
	// own when it parks): the completions alone may all be in while a
	// worker that polled some of those tasks before they were stolen is
	// still searching, its polls not yet published.
	require.Eventually(t, func() bool {
		for _, w := range m.workers {
			if w.times.parkedAt.Load() == 0 {
				return false
			}
		}
		return m.Metrics().TasksCompleted == tasks+1
	}, 5*time.Second, time.Millisecond, "the workers never all parked")
	got := m.Metrics()
	// main is polled once per wake: between 1 and tasks+1 times.
	want := got.Polls
	require.GreaterOrEqual(t, want, uint64(tasks*(yields+1)+1))
	require.LessOrEqual(t, want, uint64(tasks*(yields+1)+tasks+1))
	require.EqualValues(t, tasks+1, got.TasksSpawned)
	require.EqualValues(t, tasks+1, got.TasksCompleted)
	require.Zero(t, got.TasksAlive)
	require.EqualValues(t, want-(tasks+1), got.Wakes)
	require.Len(t, got.Workers, 2)
	require.Equal(t, want, got.Workers[0].Polls+got.Workers[1].Polls)
	require.Zero(t, got.InjectDepth)

	spoon := mutex.New(0, mutex.Name("spoon"))
	g, ok := spoon.TryLock()
	require.True(t, ok)
	waiter := Spawn(m, future.Async(func(co *future.Co) int {
		gg := future.Await(co, spoon.Lock())
		gg.Unlock()
		return 1
	}), Name("waiter"))
	// Listed from its first Pending on, which a dump may show while that
	// poll is still running on a loaded machine: wait for it to end.
	var d TaskDump
	require.Eventually(t, func() bool {
		d = m.Dump()
		return len(d) == 1 && d[0].State == TaskIdle
	}, 5*time.Second, time.Millisecond)
	require.Equal(t, "waiter", d[0].Name, d.String())
	require.Contains(t, d[0].WaitingOn, `mutex.Lock of "spoon"`)
	// From inside a task: the others stop, the caller shows as running.
	var inner TaskDump
	_, err = Run(m, future.Lazy(func() int { inner = m.Dump(); return 0 }))
	require.NoError(t, err)
	require.Len(t, inner, 2, "main is in its first poll: shown from its worker's poll window; %s", inner)
	require.Equal(t, "main", inner[1].Name)
	require.Equal(t, TaskRunning, inner[1].State)
	g.Unlock()
	r, err := Run(m, future.Future[future.Result[int]](waiter))
	require.NoError(t, err)
	require.Equal(t, 1, r.Value)
}

func TestMultiDumpUnderLoad(t *testing.T) {
	m := NewMulti(Workers(2), BlockingThreshold(0))
	hs := make([]future.Future[future.Result[int]], 50)
	for i := range hs {
		hs[i] = Spawn(m, future.Future[int](&yielder{id: i, n: 200}))
	}
	done := make(chan error, 1)
	go func() { _, err := Run(m, future.JoinAll(hs...)); done <- err }()
	dumps := 0
	for running := true; running; {
		d := m.Dump() // never stops the workers: tasks may show as running
		for i, ti := range d {
			require.LessOrEqual(t, ti.Polls, uint64(201), ti.String())
			if i > 0 {
				require.Greater(t, ti.ID, d[i-1].ID, "spawn order, each task once")
			}
		}
		_ = m.Metrics()
		dumps++
		select {
		case err := <-done:
			require.NoError(t, err)
			running = false
		default:
		}
	}
	require.NoError(t, m.Close())
	require.Empty(t, m.Dump())
	require.Positive(t, dumps)
}

func TestLocalBlockingDetection(t *testing.T) {
	var mu sync.Mutex
	var reports []BlockingReport
	e := NewLocal(BlockingReporter(func(r BlockingReport) {
		mu.Lock()
		reports = append(reports, r)
		mu.Unlock()
	}))
	defer e.Close()
	sleeper := Spawn(e, future.Async(func(co *future.Co) int {
		time.Sleep(150 * time.Millisecond) // blocking call inside async code
		future.Await(co, future.YieldNow())
		time.Sleep(150 * time.Millisecond) // again: still reported once
		return 0
	}), Name("sleeper"))
	_, err := Run(e, future.Future[future.Result[int]](sleeper))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, reports, 1)
	require.Equal(t, "sleeper", reports[0].Task)
	require.GreaterOrEqual(t, reports[0].Duration, 100*time.Millisecond)
	require.True(t, strings.Contains(reports[0].String(), "sleeper"))
}

func TestTaskStateStrings(t *testing.T) {
	for s, want := range map[TaskState]string{TaskIdle: "idle", TaskQueued: "queued", TaskRunning: "running", TaskAborting: "aborting", 9: "TaskState(9)"} {
		require.Equal(t, want, s.String())
	}
	require.Equal(t, "no live tasks", TaskDump{}.String())
	require.Equal(t, "task #4 queued, 0 polls", TaskInfo{ID: 4, State: TaskQueued}.String())
}

func TestTraceNilPanics(t *testing.T) {
	require.PanicsWithValue(t, "executor.Trace: nil writer", func() { Trace(nil) })
	require.PanicsWithValue(t, "executor.NewTracer: nil writer", func() { NewTracer(nil) })
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// Metrics and Dump read published snapshots: they answer while a poll is
// blocked (the first pass made them wait for the poll in progress).
func TestInspectionsDoNotWaitForAPoll(t *testing.T) {
	for _, kind := range []string{"Local", "Multi"} {
		t.Run(kind, func(t *testing.T) {
			var ex Executor
			var inspect func() (TaskDump, Metrics)
			if kind == "Local" {
				e := NewLocal(BlockingThreshold(0))
				defer e.Close()
				ex, inspect = e, func() (TaskDump, Metrics) { return e.Dump(), e.Metrics() }
			} else {
				m := NewMulti(Workers(1), BlockingThreshold(0))
				defer m.Close()
				ex, inspect = m, func() (TaskDump, Metrics) { return m.Dump(), m.Metrics() }
			}
			Spawn(ex, future.Never[int](), Name("parked"))
			entered, release := make(chan struct{}), make(chan struct{})
			done := make(chan error, 1)
			go func() {
				_, err := Run(ex, future.PollFn(func(*future.Context) future.Poll[int] {
					close(entered)
					<-release // a blocking poll: bad practice, on purpose
					return future.Ready(0)
				}))
				done <- err
			}()
			<-entered
			answered := make(chan TaskDump, 1)
			go func() { d, _ := inspect(); answered <- d }()
			select {
			case d := <-answered:
				// Both show main, stuck in its first poll, as running
				// (a Multi from its worker's poll window).
				require.Len(t, d, 2, d.String())
				require.Equal(t, "parked", d[0].Name)
				require.Equal(t, TaskRunning, d[1].State, d.String())
			case <-time.After(10 * time.Second):
				t.Fatal("an inspection waited for the poll in progress")
			}
			close(release)
			require.NoError(t, <-done)
		})
	}
}
