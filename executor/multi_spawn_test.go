package executor

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/oneshot"
)

// spawnChainLink spawns the next link and ends; the last link sends 1 on
// done.
type spawnChainLink struct {
	m    *Multi
	left int
	done *oneshot.Sender[int]
}

func (l *spawnChainLink) Poll(*future.Context) future.Poll[int] {
	if l.left == 0 {
		// Send fails only if the receiver closed, which it does not.
		_ = l.done.Send(1)
		return future.Ready(0)
	}
	Spawn(l.m, future.Future[int](&spawnChainLink{m: l.m, left: l.left - 1, done: l.done}))
	return future.Ready(0)
}

// A chain of spawns (each task spawns the next and ends) runs on the
// worker that spawns it: a task spawned while its worker has nothing else
// queued is that worker's next task, so the idle worker is not unparked
// to steal it (Multi.pushInbox). Before, about one link in four unparked
// it (and the chain ran about 3× slower).
func TestMultiSpawnChainLeavesIdleWorkerParked(t *testing.T) {
	const links = 2000
	m := newTestMulti(t, Workers(2))
	tx, rx := oneshot.New[int]()
	before := m.Metrics()
	start := future.Then(future.Value(0), func(int) future.Future[future.Result[int]] {
		Spawn(m, future.Future[int](&spawnChainLink{m: m, left: links, done: tx}))
		return rx.Recv()
	})
	r, err := Run(m, start)
	require.NoError(t, err)
	require.NoError(t, r.Err)
	after := m.Metrics()
	require.EqualValues(t, links+2, after.TasksSpawned-before.TasksSpawned) // the links, the last, Run's task
	// A handful may come from the Run itself (its task is injected from
	// outside) or from a worker's goroutine moving to another P mid-poll.
	require.Less(t, after.Unparks-before.Unparks, uint64(links/20), "the chain unparked the idle worker")
	require.Less(t, after.Steals-before.Steals, uint64(links/20), "the chain's links were stolen")
}
