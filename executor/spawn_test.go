package executor

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
)

func TestRunValue(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	v, err := Run(e, future.Value(42))
	require.NoError(t, err)
	require.Equal(t, 42, v)
	// Run may be called again.
	v, err = Run(e, future.Lazy(func() int { return 7 }))
	require.NoError(t, err)
	require.Equal(t, 7, v)
}

func TestSpawnJoin(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	var order []string
	main := future.Async(func(co *future.Co) int {
		hs := make([]*JoinHandle[int], 3)
		for i := range hs {
			hs[i] = Spawn(e, future.Lazy(func() int {
				order = append(order, fmt.Sprint("task", i))
				return i * 10
			}))
		}
		order = append(order, "spawned")
		sum := 0
		for _, h := range hs {
			v, err := future.Await[future.Result[int]](co, h).Get()
			if err != nil {
				panic(err)
			}
			sum += v
		}
		return sum
	})
	v, err := Run(e, main)
	require.NoError(t, err)
	require.Equal(t, 30, v)
	require.Equal(t, []string{"spawned", "task0", "task1", "task2"}, order, "FIFO without a seed")
}

func TestSpawnBeforeRun(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	h := Spawn(e, future.Value("soup"), Name("stock"))
	require.False(t, h.IsFinished(), "nothing runs before Run")
	require.Equal(t, `task "stock"`, h.String())
	r, err := Run(e, await(h))
	require.NoError(t, err)
	require.Equal(t, future.Ok("soup"), r)
	require.True(t, h.IsFinished())
}

func TestJoinHandlePolledAfterCompletion(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	h := Spawn(e, future.Value(1))
	_, err := Run(e, await(h))
	require.NoError(t, err)
	require.PanicsWithValue(t, "*executor.JoinHandle[int] polled after completion",
		func() { h.Poll(future.NewContext(waker.Noop())) })

	h2 := Spawn(e, future.Value(2))
	h2.Drop()
	h2.Drop() // twice: no-op
	require.Panics(t, func() { h2.Poll(future.NewContext(waker.Noop())) })
}

func TestJoinHandleDropDetaches(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	var ran atomic.Bool
	h := Spawn(e, future.Lazy(func() int { ran.Store(true); return 1 }))
	h.Drop()
	require.Equal(t, 1, e.RunUntilStalled())
	require.True(t, ran.Load(), "a detached task still runs")
	require.True(t, h.IsFinished())
}

func TestRunUntilStalled(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	require.Equal(t, 0, e.RunUntilStalled())
	s := newSignal("go")
	h := Spawn(e, s.wait())
	Spawn(e, &yielder{id: 1, n: 3})
	// wait: 1 poll; yielder: 4 polls.
	require.Equal(t, 5, e.RunUntilStalled())
	require.False(t, h.IsFinished())
	require.Equal(t, 0, e.RunUntilStalled())
	s.fire() // from outside any loop: queues the task
	require.Equal(t, 1, e.RunUntilStalled())
	require.True(t, h.IsFinished())
}

func TestAbort(t *testing.T) {
	t.Run("idle task", func(t *testing.T) {
		e := NewLocal()
		defer e.Close()
		var drops atomic.Int32
		h := Spawn(e, &dropCounter{drops: &drops})
		e.RunUntilStalled()
		h.Abort()
		h.Abort()
		require.False(t, h.IsFinished(), "dropped by the loop, not by Abort")
		r, err := Run(e, await(h))
		require.NoError(t, err)
		require.ErrorIs(t, r.Err, ErrAborted)
		require.Equal(t, int32(1), drops.Load())
	})
	t.Run("never polled", func(t *testing.T) {
		e := NewLocal()
		defer e.Close()
		var drops atomic.Int32
		dc := &dropCounter{drops: &drops}
		h := Spawn(e, dc)
		h.Abort()
		r, err := Run(e, await(h))
		require.NoError(t, err)
		require.ErrorIs(t, r.Err, ErrAborted)
		require.Equal(t, 0, dc.polls)
		require.Equal(t, int32(1), drops.Load())
	})
	t.Run("finished keeps value", func(t *testing.T) {
		e := NewLocal()
		defer e.Close()
		h := Spawn(e, future.Value(5))
		e.RunUntilStalled()
		h.Abort()
		r, err := Run(e, await(h))
		require.NoError(t, err)
		require.Equal(t, future.Ok(5), r)
	})
	t.Run("self abort during poll", func(t *testing.T) {
		e := NewLocal()
		defer e.Close()
		var h *JoinHandle[int]
		polls := 0
		h = Spawn(e, future.PollFn(func(cx *future.Context) future.Poll[int] {
			polls++
			h.Abort()
			return future.Pending[int]()
		}))
		r, err := Run(e, await(h))
		require.NoError(t, err)
		require.ErrorIs(t, r.Err, ErrAborted)
		require.Equal(t, 1, polls, "dropped before its next poll")
	})
	t.Run("from another goroutine while parked", func(t *testing.T) {
		e := NewLocal(DeadlockGrace(-1))
		defer e.Close()
		var drops atomic.Int32
		h := Spawn(e, &dropCounter{drops: &drops})
		go func() {
			waitParked(e)
			h.Abort()
		}()
		r, err := Run(e, await(h))
		require.NoError(t, err)
		require.ErrorIs(t, r.Err, ErrAborted)
		require.Equal(t, int32(1), drops.Load())
	})
}

func TestClose(t *testing.T) {
	e := NewLocal()
	var drops atomic.Int32
	var deferred atomic.Int32
	pending := Spawn(e, &dropCounter{drops: &drops}, Name("pending"))
	block := Spawn(e, future.Async(func(co *future.Co) int {
		defer deferred.Add(1)
		future.Await(co, future.Never[int]())
		return 1
	}))
	neverPolled := Spawn(e, &dropCounter{drops: &drops})
	done := Spawn(e, future.Value(3))
	// Poll the first three once (the fourth finishes); leave neverPolled
	// queued by spawning it after RunUntilStalled.
	neverPolled.Abort() // keep the shapes varied: aborted and queued
	e.RunUntilStalled()
	late := Spawn(e, &dropCounter{drops: &drops})

	require.NoError(t, e.Close())
	for _, h := range []*JoinHandle[int]{pending, block, late} {
		require.True(t, h.IsFinished())
		r, _ := h.Poll(future.NewContext(waker.Noop())).Get()
		require.ErrorIs(t, r.Err, ErrClosed, h.String())
	}
	require.Equal(t, int32(3), drops.Load(), "pending, neverPolled (aborted), late")
	require.Equal(t, int32(1), deferred.Load(), "the async block's defer ran")
	r, _ := done.Poll(future.NewContext(waker.Noop())).Get()
	require.Equal(t, future.Ok(3), r)

	require.ErrorIs(t, e.Close(), ErrClosed)
	_, err := Run(e, future.Value(1))
	require.ErrorIs(t, err, ErrClosed)
	require.Equal(t, 0, e.RunUntilStalled())

	// Spawn after Close: dropped at once, ErrClosed.
	after := Spawn(e, &dropCounter{drops: &drops})
	require.True(t, after.IsFinished())
	require.Equal(t, int32(4), drops.Load())
	r2, _ := after.Poll(future.NewContext(waker.Noop())).Get()
	require.ErrorIs(t, r2.Err, ErrClosed)

	bh := SpawnBlocking(e, func() int { panic("must not run") })
	rb, _ := bh.Poll(future.NewContext(waker.Noop())).Get()
	require.ErrorIs(t, rb.Err, ErrClosed)
}

func TestCloseFromInsideTask(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	v, err := Run(e, future.Lazy(func() error { return e.Close() }))
	require.NoError(t, err)
	require.ErrorIs(t, v, ErrRunning)
	_, err = Run(e, future.Value(1))
	require.NoError(t, err, "the failed Close left the executor usable")
}

func TestCloseReportsDropPanics(t *testing.T) {
	e := NewLocal()
	h := Spawn(e, &panicDrop{})
	e.RunUntilStalled()
	err := e.Close()
	var p *PanicError
	require.ErrorAs(t, err, &p)
	require.Equal(t, "drop boom", p.Value)
	require.True(t, h.IsFinished())
}

type panicDrop struct{}

func (*panicDrop) Poll(*future.Context) future.Poll[int] { return future.Pending[int]() }
func (*panicDrop) Drop()                                 { panic("drop boom") }

func TestRunReentered(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	v, err := Run(e, future.Lazy(func() error {
		_, err := Run(e, future.Value(1))
		return err
	}))
	require.NoError(t, err)
	require.ErrorIs(t, v, ErrRunning)

	// A different executor may be driven from inside a task (nested loop).
	v2, err := Run(e, future.Lazy(func() int { return BlockOn(future.Value(9)) }))
	require.NoError(t, err)
	require.Equal(t, 9, v2)
}

func TestSpawnFromOtherGoroutineDuringRun(t *testing.T) {
	e := NewLocal(DeadlockGrace(-1))
	defer e.Close()
	s := newSignal("from outside")
	go func() {
		waitParked(e)
		Spawn(e, future.Lazy(func() int { s.fire(); return 0 }))
	}()
	_, err := Run(e, s.wait())
	require.NoError(t, err)
}

func TestContextPerPoll(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	type seen struct {
		name    string
		budget  int
		svc     bool
		chooser bool
		waiting bool
	}
	var got []seen
	probe := func(cx *future.Context) {
		got = append(got, seen{cx.TaskName(), cx.Budget(), cx.Services() != nil, taskcx.Of(cx).Chooser != nil, taskcx.Of(cx).WaitingOn != nil})
	}
	h := Spawn(e, future.PollFn(func(cx *future.Context) future.Poll[int] {
		probe(cx)
		taskcx.Of(cx).Budget = 0
		cx.SetWaitingOn(newSignal("x"))
		if len(got) < 2 {
			cx.Waker().Wake()
			return future.Pending[int]()
		}
		return future.Ready(0)
	}), Name("probe"))
	_, err := Run(e, await(h))
	require.NoError(t, err)
	want := seen{"probe", future.DefaultBudget, true, false, false}
	require.Equal(t, []seen{want, want}, got, "reset before every poll")
}

func TestNilArguments(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	require.PanicsWithValue(t, "executor.Run: nil future", func() { Run[int](e, nil) })
	require.PanicsWithValue(t, "executor.Run: nil executor", func() { Run(nil, future.Value(1)) })
	require.PanicsWithValue(t, "executor.Spawn: nil future", func() { Spawn[int](e, nil) })
	require.PanicsWithValue(t, "executor.Spawn: nil option", func() { Spawn(e, future.Value(1), nil) })
	require.PanicsWithValue(t, "executor.SpawnBlocking: nil func", func() { SpawnBlocking[int](e, nil) })
	require.PanicsWithValue(t, "executor.BlockOn: nil future", func() { BlockOn[int](nil) })
	require.PanicsWithValue(t, "executor.NewLocal: nil option", func() { NewLocal(nil) })
}

func TestTasksOutliveRun(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	s := newSignal("later")
	h := Spawn(e, s.wait(), Name("waiter"))
	_, err := Run(e, future.Value(0))
	require.NoError(t, err)
	require.False(t, h.IsFinished(), "still pending after the first Run")
	s.fire()
	r, err := Run(e, await(h))
	require.NoError(t, err)
	require.NoError(t, r.Err)
}

func TestCloseManyDropsEachOnce(t *testing.T) {
	e := NewLocal()
	var drops atomic.Int32
	hs := make([]*JoinHandle[int], 50)
	for i := range hs {
		hs[i] = Spawn(e, &dropCounter{drops: &drops})
	}
	e.RunUntilStalled()
	for i := 0; i < len(hs); i += 3 {
		hs[i].Abort() // queued for dropping, not yet dropped
	}
	for i := 0; i < 10; i++ {
		Spawn(e, &dropCounter{drops: &drops}) // never polled
	}
	require.NoError(t, e.Close())
	require.Equal(t, int32(60), drops.Load())
	for i, h := range hs {
		require.True(t, h.IsFinished(), i)
	}
}
