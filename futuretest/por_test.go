package futuretest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/sync/notify"
	"github.com/kettle-rt/kettle/sync/oneshot"
	"github.com/kettle-rt/kettle/sync/semaphore"
	"github.com/kettle-rt/kettle/sync/watch"
)

// outcomes runs a complete search of body under s and returns the set of
// outcomes the runs recorded.
func outcomes(t *testing.T, s futuretest.Strategy, body func(tr *futuretest.Trial, out *[]string) error) ([]string, int) {
	t.Helper()
	seen := map[string]bool{}
	res := futuretest.Find(s, func(tr *futuretest.Trial) error {
		var out []string
		err := body(tr, &out)
		seen[fmt.Sprint(out)] = true
		return err
	})
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, res.Runs
}

// TestSleepSetsKeepEveryOutcome is the differential test of the
// partial-order reduction: on programs whose tasks share state only
// through Kettle's primitives, a complete search with sleep sets reaches
// exactly the outcomes of one without them.
func TestSleepSetsKeepEveryOutcome(t *testing.T) {
	programs := map[string]func(tr *futuretest.Trial, out *[]string) error{
		"lock order": func(tr *futuretest.Trial, out *[]string) error {
			m := mutex.New(0)
			w := func(name string, n int) future.Future[unit] {
				return future.Async(func(co *future.Co) unit {
					for range n {
						g := future.Await(co, m.Lock())
						*out = append(*out, name)
						future.Await(co, future.YieldNow())
						g.Unlock()
					}
					return unit{}
				})
			}
			ex := tr.Executor()
			a := executor.Spawn(ex, w("a", 2))
			b := executor.Spawn(ex, w("b", 2))
			c := executor.Spawn(ex, w("c", 1))
			_, err := executor.Run(ex, future.Join3(a, b, c))
			return err
		},
		"channel interleaving": func(tr *futuretest.Trial, out *[]string) error {
			tx, rx := mpsc.New[string](1)
			p := func(name string, tx *mpsc.Sender[string]) future.Future[unit] {
				return future.Async(func(co *future.Co) unit {
					future.Await(co, tx.Send(name))
					future.Await(co, future.YieldNow())
					future.Await(co, tx.Send(name))
					tx.Close()
					return unit{}
				})
			}
			ex := tr.Executor()
			a := executor.Spawn(ex, p("a", tx.Clone()))
			b := executor.Spawn(ex, p("b", tx))
			_, err := executor.Run(ex, future.Async(func(co *future.Co) unit {
				for {
					r := future.Await(co, rx.Recv())
					if r.Err != nil {
						break
					}
					*out = append(*out, r.Value)
				}
				future.Await(co, future.Join2(a, b))
				return unit{}
			}))
			return err
		},
		"notify and a flag": func(tr *futuretest.Trial, out *[]string) error {
			n := notify.New()
			m := mutex.New(false)
			ex := tr.Executor()
			waiter := executor.Spawn(ex, future.Async(func(co *future.Co) unit {
				g := future.Await(co, m.Lock())
				set := *g.Value()
				g.Unlock()
				if !set {
					future.Await(co, n.Notified())
				}
				*out = append(*out, fmt.Sprint("saw set=", set))
				return unit{}
			}))
			setter := executor.Spawn(ex, future.Async(func(co *future.Co) unit {
				future.Await(co, future.YieldNow())
				g := future.Await(co, m.Lock())
				*g.Value() = true
				g.Unlock()
				n.NotifyOne()
				*out = append(*out, "set")
				return unit{}
			}))
			_, err := executor.Run(ex, future.Join2(waiter, setter))
			return err
		},
		"semaphore": func(tr *futuretest.Trial, out *[]string) error {
			sem := semaphore.New(1)
			w := func(name string, try bool) future.Future[unit] {
				return future.Async(func(co *future.Co) unit {
					if try {
						p, ok := sem.TryAcquire(1)
						*out = append(*out, fmt.Sprint(name, ok))
						if ok {
							future.Await(co, future.YieldNow())
							p.Release()
						}
						return unit{}
					}
					r := future.Await(co, sem.Acquire(1))
					*out = append(*out, name)
					future.Await(co, future.YieldNow())
					r.Value.Release()
					return unit{}
				})
			}
			ex := tr.Executor()
			a := executor.Spawn(ex, w("a", false))
			b := executor.Spawn(ex, w("b", true))
			c := executor.Spawn(ex, w("c", false))
			_, err := executor.Run(ex, future.Join3(a, b, c))
			return err
		},
		"watch and oneshot": func(tr *futuretest.Trial, out *[]string) error {
			wtx, wrx := watch.New(0)
			otx, orx := oneshot.New[int]()
			ex := tr.Executor()
			sender := executor.Spawn(ex, future.Async(func(co *future.Co) unit {
				_ = wtx.Send(1)
				future.Await(co, future.YieldNow())
				_ = otx.Send(7)
				_ = wtx.Send(2)
				return unit{}
			}))
			reader := executor.Spawn(ex, future.Async(func(co *future.Co) unit {
				*out = append(*out, fmt.Sprint("w", wrx.Borrow()))
				v, err := orx.TryRecv()
				*out = append(*out, fmt.Sprint("o", v, err == nil))
				future.Await(co, future.YieldNow())
				*out = append(*out, fmt.Sprint("w", wrx.Borrow()))
				return unit{}
			}))
			_, err := executor.Run(ex, future.Join2(sender, reader))
			return err
		},
		"timers": func(tr *futuretest.Trial, out *[]string) error {
			ex := tr.Executor()
			s := func(name string, d time.Duration) future.Future[unit] {
				return future.Async(func(co *future.Co) unit {
					future.Await(co, future.YieldNow())
					future.Await(co, sleep(d))
					*out = append(*out, name)
					return unit{}
				})
			}
			a := executor.Spawn(ex, s("a", time.Millisecond))
			b := executor.Spawn(ex, s("b", time.Millisecond))
			c := executor.Spawn(ex, future.Async(func(co *future.Co) unit {
				future.Await(co, sleep(2*time.Millisecond))
				*out = append(*out, "c")
				return unit{}
			}))
			_, err := executor.Run(ex, future.Join3(a, b, c))
			return err
		},
	}
	// Bound 1, where bounding and reduction could disagree, and 100, no
	// bound at all for these programs.
	for _, bound := range []int{1, 100} {
		for name, body := range programs {
			with, nWith := outcomes(t, futuretest.Exhaustive(500, bound), body)
			without, nWithout := outcomes(t, futuretest.ExhaustiveWithoutSleepSets(500, bound), body)
			require.Equal(t, without, with, "%s, bound %d", name, bound)
			require.LessOrEqual(t, nWith, nWithout, name)
			t.Logf("%s, bound %d: %d outcomes; %d runs with sleep sets, %d without", name, bound, len(with), nWith, nWithout)
		}
	}
}
