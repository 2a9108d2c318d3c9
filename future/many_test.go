package future_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
)

// wakeGate is a test future that is pending until opened: it keeps the waker
// of its last poll, and Open wakes it. It counts polls and drops and logs
// its index on every poll.
type wakeGate struct {
	i     int
	open  bool
	w     waker.Waker
	polls int
	drops int
	log   *[]int
}

func (g *wakeGate) Poll(cx *future.Context) future.Poll[int] {
	if g.drops > 0 {
		panic(fmt.Sprintf("wakeGate %d polled after Drop", g.i))
	}
	g.polls++
	if g.log != nil {
		*g.log = append(*g.log, g.i)
	}
	if g.open {
		return future.Ready(g.i)
	}
	g.w = cx.Waker()
	return future.Pending[int]()
}

func (g *wakeGate) Open() { g.open = true; g.w.Wake() }

func (g *wakeGate) Drop() { g.drops++ }

func wakeGates(n int, log *[]int) ([]*wakeGate, []future.Future[int]) {
	gs := make([]*wakeGate, n)
	fs := make([]future.Future[int], n)
	for i := range gs {
		gs[i] = &wakeGate{i: i, log: log}
		fs[i] = gs[i]
	}
	return gs, fs
}

func totalPolls(gs []*wakeGate) int {
	n := 0
	for _, g := range gs {
		n += g.polls
	}
	return n
}

func TestJoinAllManyPollsOnlyWoken(t *testing.T) {
	gs, fs := wakeGates(1000, nil)
	j := future.JoinAll(fs...)
	var wc wakeCounter
	cx := future.NewContext(waker.New(&wc))
	require.False(t, j.Poll(cx).IsReady())
	require.Equal(t, 1000, totalPolls(gs), "the first poll polls every child once")

	gs[7].Open()
	require.EqualValues(t, 1, wc.n.Load(), "a child's wake wakes the task")
	require.False(t, j.Poll(cx).IsReady())
	require.Equal(t, 1001, totalPolls(gs), "the second poll polls only the woken child")
	require.False(t, j.Poll(cx).IsReady())
	require.Equal(t, 1001, totalPolls(gs), "a poll without wakes polls nothing")

	for _, g := range gs {
		if !g.open {
			g.Open()
		}
	}
	out, ok := j.Poll(cx).Get()
	require.True(t, ok)
	for i, v := range out {
		require.Equal(t, i, v, "outputs in input order")
	}
	require.Equal(t, 2000, totalPolls(gs))
}

func TestJoinAllManyWakeDuringPoll(t *testing.T) {
	// Each probe wakes itself on every pending poll: a poll must poll each
	// woken child once, not loop on the re-woken ones.
	fs := make([]future.Future[int], 50)
	ps := make([]*probe[int], 50)
	for i := range fs {
		ps[i] = newProbe("p", 3, i, nil)
		fs[i] = ps[i]
	}
	out, polls := drive(t, future.JoinAll(fs...), 10)
	require.Equal(t, 4, polls)
	require.Len(t, out, 50)
	for _, p := range ps {
		require.Equal(t, 4, p.polls)
	}
}

func TestJoinAllManyDrop(t *testing.T) {
	gs, fs := wakeGates(40, nil)
	j := future.JoinAll(fs...)
	cx := future.NewContext(waker.Noop())
	j.Poll(cx)
	gs[3].Open()
	j.Poll(cx)
	future.Drop(j)
	for i, g := range gs {
		require.Equal(t, map[bool]int{true: 0, false: 1}[i == 3], g.drops, "wakeGate %d", i)
	}
	require.PanicsWithValue(t, fmt.Sprintf("%T polled after Drop", j), func() { j.Poll(cx) })
	future.Drop(j)
}

func TestTryJoinAllManyErrorDropsRest(t *testing.T) {
	boom := errors.New("boom")
	fs := make([]future.Future[future.Result[int]], 40)
	ps := make([]*probe[future.Result[int]], 40)
	for i := range fs {
		r := future.Ok(i)
		if i == 20 {
			r = future.Err[int](boom)
		}
		pending := 5
		if i < 20 {
			pending = 0
		}
		ps[i] = newProbe("p", pending, r, nil)
		fs[i] = ps[i]
	}
	r, _ := drive(t, future.TryJoinAll(fs...), 10)
	require.ErrorIs(t, r.Err, boom)
	for i, p := range ps {
		if i > 20 {
			require.Equal(t, 1, p.drops, "future %d dropped", i)
		} else {
			require.Zero(t, p.drops, "future %d finished", i)
		}
	}
}

func TestTryJoinAllManyOK(t *testing.T) {
	_, fs := wakeGates(40, nil)
	rs := make([]future.Future[future.Result[int]], len(fs))
	for i, f := range fs {
		f.(*wakeGate).open = true
		rs[i] = future.Map(f, future.Ok[int])
	}
	r, polls := drive(t, future.TryJoinAll(rs...), 3)
	require.NoError(t, r.Err)
	require.Equal(t, 1, polls)
	require.Len(t, r.Value, 40)
	require.Equal(t, 39, r.Value[39])
}

func TestRaceManyDropsLosers(t *testing.T) {
	gs, fs := wakeGates(100, nil)
	r := future.Race(fs...)
	cx := future.NewContext(waker.Noop())
	require.False(t, r.Poll(cx).IsReady())
	gs[42].Open()
	v, ok := r.Poll(cx).Get()
	require.True(t, ok)
	require.Equal(t, 42, v)
	require.Equal(t, 101, totalPolls(gs))
	for i, g := range gs {
		require.Equal(t, map[bool]int{true: 0, false: 1}[i == 42], g.drops, "wakeGate %d", i)
	}
}

func TestSelectAllManyRest(t *testing.T) {
	gs, fs := wakeGates(100, nil)
	s := future.SelectAll(fs)
	cx := future.NewContext(waker.Noop())
	require.False(t, s.Poll(cx).IsReady())
	gs[42].Open()
	sel, ok := s.Poll(cx).Get()
	require.True(t, ok)
	require.Equal(t, 42, sel.Index)
	require.Equal(t, 42, sel.Value)
	require.Len(t, sel.Rest, 99)
	for k, f := range sel.Rest {
		g := f.(*wakeGate)
		require.Zero(t, g.drops, "Rest is not dropped")
		want := k
		if k >= 42 {
			want++
		}
		require.Equal(t, want, g.i, "Rest in input order")
	}
	// Rest keeps working under a new SelectAll.
	gs[99].Open()
	sel2, polls := drive(t, future.SelectAll(sel.Rest), 2)
	require.Equal(t, 1, polls)
	require.Equal(t, 98, sel2.Index)
	require.Equal(t, 99, sel2.Value)
}

// seeded is a Chooser drawing from a seeded source.
type seeded struct{ r *rand.Rand }

func (s seeded) Choose(n int) int { return s.r.IntN(n) }

func TestJoinAllManySeededReplay(t *testing.T) {
	run := func(seed uint64) []int {
		var log []int
		gs, fs := wakeGates(64, &log)
		cx := future.NewContext(waker.Noop())
		taskcx.Of(cx).Chooser = seeded{rand.New(rand.NewPCG(seed, 0))}
		j := future.JoinAll(fs...)
		j.Poll(cx)
		for k := 0; k < 64; k += 2 {
			gs[k].Open()
		}
		j.Poll(cx)
		for _, g := range gs {
			if !g.open {
				g.Open()
			}
		}
		_, ok := j.Poll(cx).Get()
		require.True(t, ok)
		return log
	}
	a, b := run(1), run(1)
	require.Equal(t, a, b, "same seed, same order")
	require.NotEqual(t, a, run(2), "another seed, another order")
}

func TestJoinAllManyAllocsPerPoll(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	gs, fs := wakeGates(100, nil)
	j := future.JoinAll(fs...)
	cx := future.NewContext(waker.Noop())
	j.Poll(cx)
	allocs := testing.AllocsPerRun(1000, func() {
		gs[5].w.Wake()
		j.Poll(cx)
	})
	require.Zero(t, allocs)
}

// budgetLeaf is ready at its first poll that gets a unit of budget.
type budgetLeaf struct{ polls int }

func (b *budgetLeaf) Poll(cx *future.Context) future.Poll[int] {
	b.polls++
	if !cx.ConsumeBudget() {
		return future.Pending[int]()
	}
	return future.Ready(1)
}

func TestJoinAllManyStopsWhenBudgetIsSpent(t *testing.T) {
	ls := make([]*budgetLeaf, 100)
	fs := make([]future.Future[int], 100)
	for i := range ls {
		ls[i] = &budgetLeaf{}
		fs[i] = ls[i]
	}
	j := future.JoinAll(fs...)
	var wc wakeCounter
	cx := future.NewContext(waker.New(&wc))
	polls := 0
	for {
		taskcx.Of(cx).Budget = 10 // a fresh budget per task poll, as an executor gives
		polls++
		if j.Poll(cx).IsReady() {
			break
		}
		require.Less(t, polls, 20)
	}
	total := 0
	for _, l := range ls {
		total += l.polls
	}
	require.Equal(t, 10, polls, "10 units per poll, 100 children")
	require.LessOrEqual(t, total, 100+polls, "children are not polled just to be refused")
}
