package executor

import (
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskstate"
	"github.com/kettle-rt/kettle/waker"
)

// A JoinHandle[int] fills the 80-byte size class and a record the 48-byte
// one: allocation is most of a spawn's cost, and a parked task pays for
// its record what it saves in the handle (task.go explains the layout).
func TestHandleSize(t *testing.T) {
	require.Equal(t, uintptr(56), unsafe.Sizeof(task{}))
	require.Equal(t, uintptr(80), unsafe.Sizeof(JoinHandle[int]{}))
	require.Equal(t, uintptr(48), unsafe.Sizeof(taskRecord{}))
}

// readyInt is ready at its first poll; a pointer to a shared one costs no
// allocation per spawn.
type readyInt struct{}

func (*readyInt) Poll(*future.Context) future.Poll[int] { return future.Ready(7) }

// A task that finishes at its first poll costs its handle and nothing
// else: no record, no class of its own. One Pending adds the record; a
// name adds a class.
func TestTaskPaysOnlyForWhatItUses(t *testing.T) {
	e := NewLocal(BlockingThreshold(0), StallAfter(0))
	defer e.Close()
	ready := &readyInt{}
	e.RunUntilStalled() // warm the rings
	allocs := testing.AllocsPerRun(200, func() {
		h := Spawn(e, future.Future[int](ready))
		e.RunUntilStalled()
		if !h.IsFinished() {
			panic("not finished")
		}
	})
	require.Equal(t, 1.0, allocs, "a ready task: its handle only")

	h := Spawn(e, future.Future[int](ready))
	e.RunUntilStalled()
	require.Nil(t, h.hdr.rec.Load(), "a task that never was Pending has no record")
	require.Same(t, &e.class, h.hdr.class, "an unnamed task shares its executor's class")

	s := newSignal("s")
	p := Spawn(e, future.Future[struct{}](s.wait()), Name("waiter"))
	e.RunUntilStalled()
	require.NotNil(t, p.hdr.rec.Load(), "a Pending task has its record")
	require.NotSame(t, &e.class, p.hdr.class)
	require.Equal(t, "waiter", p.hdr.class.name)
	d := e.Dump()
	require.Len(t, d, 1)
	require.Equal(t, "waiter", d[0].Name)
	require.Contains(t, d[0].WaitingOn, "signal s")
	s.fire()
	e.RunUntilStalled()
	require.True(t, p.IsFinished())
	require.Empty(t, e.Dump())

	// Awaiting a task that has not run yet installs its record: the
	// awaiter's waker lives there, and the finish wakes it.
	q := &JoinHandle[int]{}
	j := Spawn(e, future.Future[future.Result[int]](future.PollFn(func(cx *future.Context) future.Poll[future.Result[int]] {
		return q.Poll(cx)
	})))
	q = Spawn(e, future.Future[int](ready))
	require.Nil(t, q.hdr.rec.Load())
	e.RunUntilStalled()
	require.NotNil(t, q.hdr.rec.Load(), "the awaiter installed the record")
	require.True(t, j.IsFinished())
	r, ok := j.Poll(future.NewContext(waker.Noop())).Get()
	require.True(t, ok)
	require.Equal(t, 7, r.Value.Value)
}

// joinAll spawns n tasks that each yield once (their owner installs their
// record at that Pending) and awaits them in order from the first poll,
// while they run on other workers (the awaiter installs the record of
// those it reaches first): one record must win each race, with the
// awaiter's waker in it, or a wake is lost and the join never ends.
type joinAll struct {
	ex  Executor
	n   int
	hs  []*JoinHandle[int]
	sum int
}

func (j *joinAll) Poll(cx *future.Context) future.Poll[int] {
	if j.hs == nil {
		for i := range j.n {
			j.hs = append(j.hs, Spawn(j.ex, future.Future[int](&yielder{id: i, n: 1})))
		}
	}
	for len(j.hs) > 0 {
		r, ok := j.hs[0].Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		j.sum += r.Value
		j.hs = j.hs[1:]
	}
	return future.Ready(j.sum)
}

func TestRecordRaceOwnerAndAwaiter(t *testing.T) {
	m := NewMulti(Workers(2))
	defer func() { require.NoError(t, m.Close()) }()
	for range 200 {
		sum, err := Run(m, future.Future[int](&joinAll{ex: m, n: 64}))
		require.NoError(t, err)
		require.Equal(t, 64*63/2, sum)
	}
}

// The owner and the awaiter may install a task's record at once: both
// must get the one that stays, or the awaiter's waker is lost with the
// other.
func TestRecordInstalledOnce(t *testing.T) {
	lost := 0
	for range 10000 {
		tk := &task{}
		var a, b *taskRecord
		var wg sync.WaitGroup
		wg.Add(2)
		var ready atomic.Int32
		install := func(r **taskRecord) {
			defer wg.Done()
			ready.Add(1)
			for ready.Load() < 2 {
			}
			*r = tk.record()
		}
		go install(&a)
		go install(&b)
		wg.Wait()
		if a != b || tk.rec.Load() != a {
			lost++
		}
	}
	require.Zero(t, lost, "records replaced")
}

// Both executors spawn their tasks Fresh: Running already for whoever
// takes them from their queue (a Local's loop; a Multi worker, a thief or
// Close), so that the first poll starts with a load. Either way the task
// runs, and an abort before its first poll drops it unpolled.
func TestSpawnsFresh(t *testing.T) {
	e := NewLocal(BlockingThreshold(0), StallAfter(0))
	defer e.Close()
	h := Spawn(e, future.Future[int](&readyInt{}))
	require.Equal(t, taskstate.Fresh|taskstate.Running, h.hdr.state.Load())
	polled := false
	a := Spawn(e, future.Future[int](future.PollFn(func(*future.Context) future.Poll[int] {
		polled = true
		return future.Ready(1)
	})))
	a.Abort()
	e.RunUntilStalled()
	require.Equal(t, taskstate.Complete, h.hdr.state.Load())
	require.True(t, h.IsFinished())
	require.True(t, a.IsFinished())
	require.False(t, polled, "aborted before its first poll")
	require.ErrorIs(t, a.result().Err, ErrAborted)

	m := NewMulti(Workers(1), BlockingThreshold(0), StallAfter(0))
	defer m.Close()
	entered, block := make(chan struct{}), make(chan struct{})
	hold := Spawn(m, future.Future[int](future.PollFn(func(*future.Context) future.Poll[int] {
		close(entered)
		<-block
		return future.Ready(0)
	})))
	<-entered // the one worker is in hold's poll
	mh := Spawn(m, future.Future[int](&readyInt{}))
	require.Equal(t, taskstate.Fresh|taskstate.Running, mh.hdr.state.Load())
	var mpolled atomic.Bool
	ma := Spawn(m, future.Future[int](future.PollFn(func(*future.Context) future.Poll[int] {
		mpolled.Store(true)
		return future.Ready(1)
	})))
	ma.Abort()
	close(block)
	r := BlockOn(future.Future[future.Result[int]](ma))
	require.ErrorIs(t, r.Err, ErrAborted)
	require.False(t, mpolled.Load(), "aborted before its first poll")
	require.NoError(t, BlockOn(future.Future[future.Result[int]](mh)).Err)
	require.NoError(t, BlockOn(future.Future[future.Result[int]](hold)).Err)
	require.Equal(t, taskstate.Complete, mh.hdr.state.Load()&^taskstate.JoinWaker)
}
