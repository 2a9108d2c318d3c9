package future_test

import (
	"fmt"
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/stretchr/testify/require"
)

// TestDropContract checks the cancellation contract for every combinator:
// Drop of a pending combinator drops each child once; a second Drop does
// nothing; a poll after Drop panics naming the type; Drop of a never-polled
// combinator drops the children too.
func TestDropContract(t *testing.T) {
	r := func(p *probe[int]) future.Future[future.Result[int]] {
		return future.Map[int](p, func(v int) future.Result[int] { return future.Ok(v) })
	}
	cases := map[string]func(c []*probe[int]) any{
		"Map":        func(c []*probe[int]) any { return future.Map[int](c[0], func(v int) int { return v }) },
		"Then":       func(c []*probe[int]) any { return future.Then[int](c[0], func(int) future.Future[int] { return nil }) },
		"Join2":      func(c []*probe[int]) any { return future.Join2[int, int](c[0], c[1]) },
		"Join3":      func(c []*probe[int]) any { return future.Join3[int, int, int](c[0], c[1], c[2]) },
		"JoinAll":    func(c []*probe[int]) any { return future.JoinAll[int](c[0], c[1], c[2]) },
		"TryJoinAll": func(c []*probe[int]) any { return future.TryJoinAll(r(c[0]), r(c[1])) },
		"Select2":    func(c []*probe[int]) any { return future.Select2[int, int](c[0], c[1]) },
		"Race":       func(c []*probe[int]) any { return future.Race[int](c[0], c[1], c[2]) },
		"SelectAll":  func(c []*probe[int]) any { return future.SelectAll([]future.Future[int]{c[0], c[1]}) },
		"Async": func(c []*probe[int]) any {
			return future.Async(func(co *future.Co) int { return future.Await[int](co, c[0]) })
		},
	}
	used := map[string]int{"Map": 1, "Then": 1, "Join2": 2, "Join3": 3, "JoinAll": 3, "TryJoinAll": 2,
		"Select2": 2, "Race": 3, "SelectAll": 2, "Async": 1}
	for name, build := range cases {
		for _, polled := range []bool{false, true} {
			c := []*probe[int]{newProbe("0", 9, 0, nil), newProbe("1", 9, 1, nil), newProbe("2", 9, 2, nil)}
			f := build(c)
			if polled {
				pollAny(f)
			}
			future.Drop(f)
			future.Drop(f)
			for i := range used[name] {
				want := 1
				if name == "Async" && !polled {
					want = 0 // a block never polled never saw its child
				}
				require.Equal(t, want, c[i].drops, "%s polled=%v child %d", name, polled, i)
			}
			require.Equal(t, fmt.Sprintf("%T polled after Drop", f), panicValue(func() { pollAny(f) }), name)
		}
	}
}

// pollAny polls any of the combinators above once under a fresh Context.
func pollAny(f any) {
	switch f := f.(type) {
	case future.Future[int]:
		pollOnce(f)
	case future.Future[future.Tuple2[int, int]]:
		pollOnce(f)
	case future.Future[future.Tuple3[int, int, int]]:
		pollOnce(f)
	case future.Future[[]int]:
		pollOnce(f)
	case future.Future[future.Result[[]int]]:
		pollOnce(f)
	case future.Future[future.Either[int, int]]:
		pollOnce(f)
	case future.Future[future.Selected[int]]:
		pollOnce(f)
	default:
		panic(fmt.Sprintf("pollAny: %T", f))
	}
}

func TestPollFnDrop(t *testing.T) {
	f := future.PollFn(func(*future.Context) future.Poll[int] { return future.Pending[int]() })
	pollOnce(f)
	future.Drop(f)
	future.Drop(f)
	require.Equal(t, "*future.pollFn[int] polled after Drop", panicValue(func() { pollOnce(f) }))
}
