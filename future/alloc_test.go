package future_test

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
	"github.com/stretchr/testify/require"
)

// pendingInt is always Pending, allocation-free, reusable.
type pendingInt struct{}

func (*pendingInt) Poll(*future.Context) future.Poll[int] { return future.Pending[int]() }

// TestPollAllocatesNothing: once built, a pending combinator's poll
// allocates nothing, and neither does an Await that suspends and resumes.
func TestPollAllocatesNothing(t *testing.T) {
	p := &pendingInt{}
	var pf future.Future[int] = p
	cx := future.NewContext(waker.Noop())
	cases := map[string]interface{ poll(*future.Context) }{
		"Map":        poller[int]{future.Map(pf, func(v int) int { return v })},
		"Then":       poller[int]{future.Then(pf, func(v int) future.Future[int] { return pf })},
		"Join2":      poller[future.Tuple2[int, int]]{future.Join2(pf, pf)},
		"Join3":      poller[future.Tuple3[int, int, int]]{future.Join3(pf, pf, pf)},
		"JoinAll":    poller[[]int]{future.JoinAll(pf, pf, pf)},
		"Select2":    poller[future.Either[int, int]]{future.Select2(pf, pf)},
		"Race":       poller[int]{future.Race(pf, pf, pf)},
		"SelectAll":  poller[future.Selected[int]]{future.SelectAll([]future.Future[int]{pf, pf})},
		"Never":      poller[int]{future.Never[int]()},
		"PollFn":     poller[int]{future.PollFn(p.Poll)},
		"TryJoinAll": poller[future.Result[[]int]]{future.TryJoinAll(future.Never[future.Result[int]]())},
	}
	for name, c := range cases {
		allocs := testing.AllocsPerRun(100, func() { c.poll(cx) })
		require.Zero(t, allocs, name)
	}

	blk := future.Async(func(co *future.Co) int {
		for {
			future.Await(co, future.Future[int](p))
		}
	})
	blk.Poll(cx) // start the coroutine
	require.Zero(t, testing.AllocsPerRun(100, func() { blk.Poll(cx) }), "Await suspend/resume")
	future.Drop(blk)
}

type poller[T any] struct{ f future.Future[T] }

func (p poller[T]) poll(cx *future.Context) { p.f.Poll(cx) }
