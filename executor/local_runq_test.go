package executor

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// burstWaker spawns a burst at its first poll and wakes ws at its second,
// yielding after each, and finishes at its third.
type burstWaker struct {
	e     *Local
	log   *[]string
	burst []string
	ws    []*waker.Waker
	polls int
}

func (b *burstWaker) Poll(cx *future.Context) future.Poll[int] {
	*b.log = append(*b.log, "a")
	b.polls++
	switch b.polls {
	case 1:
		for _, name := range b.burst {
			Spawn(b.e, future.Future[int](&orderProbe{name: name, log: b.log, ready: true}))
		}
	case 2:
		for _, w := range b.ws {
			w.Wake()
		}
	default:
		return future.Ready(0)
	}
	cx.Waker().Wake()
	return future.Pending[int]()
}

// TestLocalWakesBehindSpawnBurst: tasks woken while a burst of spawns
// still sits in the ready queue's list (runQueue) run after it and after
// the task that yielded, in wake order, and none is lost. The woken
// stack's links and the ready list's are the same field: a drain that
// read the next woken task after queueing the current one lost all but
// the first (a server's connections were never closed).
func TestLocalWakesBehindSpawnBurst(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	var log []string
	var wx, wy, wz waker.Waker
	for _, p := range []*orderProbe{{name: "x", w: &wx}, {name: "y", w: &wy}, {name: "z", w: &wz}} {
		p.log = &log
		Spawn(e, future.Future[int](p))
	}
	e.RunUntilStalled()
	require.Equal(t, []string{"x", "y", "z"}, log)

	log = nil
	Spawn(e, future.Future[int](&burstWaker{e: e, log: &log,
		burst: []string{"s1", "s2", "s3"}, ws: []*waker.Waker{&wz, &wx, &wy}}))
	e.RunUntilStalled()
	require.Equal(t, []string{"a", "a", "s1", "s2", "s3", "a", "z", "x", "y"}, log)
	require.Zero(t, e.ready.Len())
}

// TestRunQueue drives a runQueue through its two parts: pushes to the
// ring, a chain joining behind it, pushes that must then join the list,
// indexed access that flattens it, and pops in FIFO order throughout,
// each popped node unlinked.
func TestRunQueue(t *testing.T) {
	var q runQueue
	tasks := make([]*task, 10)
	for i := range tasks {
		tasks[i] = &newHandle[int](future.Value(i), "").hdr
		tasks[i].id = uint32(i)
	}
	link := func(ts ...*task) { // a chain as queue.Chain.Take hands it over
		for i := 0; i+1 < len(ts); i++ {
			ts[i].node.Link(&ts[i+1].node)
		}
	}
	ids := func() (out []uint32) {
		for q.Len() > 0 {
			x, ok := q.PopFront()
			if !ok {
				break
			}
			require.Nil(t, x.node.Next())
			out = append(out, x.id)
		}
		return out
	}

	q.PushBack(tasks[0])
	link(tasks[1], tasks[2], tasks[3])
	q.pushChain(&tasks[1].node, &tasks[3].node, 3)
	q.PushBack(tasks[4]) // behind the list, not in the ring
	link(tasks[5], tasks[6])
	q.pushChain(&tasks[5].node, &tasks[6].node, 2)
	require.Equal(t, 7, q.Len())
	require.Equal(t, []uint32{0, 1, 2, 3, 4, 5, 6}, ids())

	link(tasks[1], tasks[2])
	q.pushChain(&tasks[1].node, &tasks[2].node, 2)
	tasks[7].node.Link(&tasks[8].node) // a stale link from the woken stack
	q.PushBack(tasks[7])
	require.Same(t, tasks[2], q.At(1))
	require.Zero(t, q.n, "At flattens the list")
	q.PushBack(tasks[9])
	require.Equal(t, []uint32{1, 2, 7, 9}, ids())
	_, ok := q.PopFront()
	require.False(t, ok)
}

// TestLocalLeavesNoLinks: once the loop has taken tasks off its queues
// (a spawn chain, the woken stack), none links to another: a finished
// task whose handle a user keeps must not keep alive the tasks queued
// behind it, and, through them, whatever they hold.
func TestLocalLeavesNoLinks(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	var log []string
	ws := make([]waker.Waker, 3)
	var hs []*JoinHandle[int]
	for i := range ws {
		hs = append(hs, Spawn(e, future.Future[int](&orderProbe{name: "w", log: &log, w: &ws[i]})))
	}
	e.RunUntilStalled() // a chain of three, each left Pending
	for _, w := range ws {
		w.Wake() // the woken stack links them again
	}
	e.RunUntilStalled()
	for i, h := range hs {
		require.True(t, h.IsFinished())
		require.Nil(t, h.hdr.node.Next(), "task %d still links to another", i)
	}
}
