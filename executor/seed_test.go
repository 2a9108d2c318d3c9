package executor

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
)

// pollOrder runs 5 tasks that yield 4 times each, plus a Join2 inside main
// whose branch order is recorded, and returns the order of all polls.
func pollOrder(t *testing.T, opts ...Option) []int {
	t.Helper()
	e := NewLocal(opts...)
	defer e.Close()
	var order []int
	rec := func(id int) { order = append(order, id) }
	hs := make([]future.Future[future.Result[int]], 5)
	for i := range hs {
		hs[i] = Spawn(e, &yielder{id: i, n: 4, rec: rec})
	}
	join := future.Join2(
		future.Lazy(func() int { rec(100); return 0 }),
		future.Lazy(func() int { rec(101); return 0 }),
	)
	_, err := Run(e, future.Join2(future.JoinAll(hs...), join))
	require.NoError(t, err)
	return order
}

func TestSeedReplay(t *testing.T) {
	a := pollOrder(t, Seed(42))
	b := pollOrder(t, Seed(42))
	require.Equal(t, a, b, "same seed, same interleaving")
	require.Len(t, a, 5*5+2)

	differs := false
	for s := uint64(0); s < 10 && !differs; s++ {
		differs = !equal(pollOrder(t, Seed(s)), a)
	}
	require.True(t, differs, "ten seeds all gave the same order")
}

func TestNoSeedIsFIFO(t *testing.T) {
	order := pollOrder(t)
	// Round-robin: each task polled once per round, in spawn order; the
	// main future (and its inner join, left first) comes after the
	// spawned tasks in the first round.
	var want []int
	for round := 0; round < 5; round++ {
		want = append(want, 0, 1, 2, 3, 4)
		if round == 0 {
			want = append(want, 100, 101)
		}
	}
	require.Equal(t, want, order)
}

func TestSeedInstallsChooser(t *testing.T) {
	for _, tc := range []struct {
		opts []Option
		want bool
	}{{nil, false}, {[]Option{Seed(1)}, true}} {
		e := NewLocal(tc.opts...)
		got, err := Run(e, future.PollFn(func(cx *future.Context) future.Poll[bool] {
			return future.Ready(taskcx.Of(cx).Chooser != nil)
		}))
		require.NoError(t, err)
		require.Equal(t, tc.want, got)
		require.NoError(t, e.Close())
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
