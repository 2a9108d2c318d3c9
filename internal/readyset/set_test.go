package readyset_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/readyset"
	"github.com/kettle-rt/kettle/waker"
)

type counter struct{ n int }

func (c *counter) Wake() { c.n++ }

// drain returns the slots Next hands out, with their wakers.
func drain(s *readyset.Set, parent waker.Waker) ([]int, []waker.Waker) {
	s.Drain(parent)
	var slots []int
	var ws []waker.Waker
	for {
		i, w, ok := s.Next()
		if !ok {
			return slots, ws
		}
		slots = append(slots, i)
		ws = append(ws, w)
	}
}

func TestInsertQueuesAndWakeRequeues(t *testing.T) {
	var s readyset.Set
	var c counter
	parent := waker.New(&c)
	for i := range 5 {
		require.Equal(t, i, s.Insert())
	}
	slots, ws := drain(&s, parent)
	require.Equal(t, []int{0, 1, 2, 3, 4}, slots, "every new slot is polled once")
	slots, _ = drain(&s, parent)
	require.Empty(t, slots, "nothing woken, nothing handed out")

	ws[3].Wake()
	ws[3].Wake()
	ws[1].Wake()
	require.Equal(t, 1, c.n, "the parent is woken once per registration")
	slots, _ = drain(&s, parent)
	require.Equal(t, []int{3, 1}, slots, "wake order, each once")
}

func TestRemoveSkipsAndReuses(t *testing.T) {
	var s readyset.Set
	parent := waker.Noop()
	for range 3 {
		s.Insert()
	}
	_, ws := drain(&s, parent)
	ws[1].Wake()
	s.Remove(1)
	require.Equal(t, 2, s.Len())
	slots, _ := drain(&s, parent)
	require.Empty(t, slots, "a freed slot's wake is skipped")
	require.Equal(t, 1, s.Insert(), "the freed slot is reused")
	slots, _ = drain(&s, parent)
	require.Equal(t, []int{1}, slots)
	require.Panics(t, func() { s.Remove(1); s.Remove(1) })
}

func TestLeftoversStayForTheNextPoll(t *testing.T) {
	var s readyset.Set
	for range 4 {
		s.Insert()
	}
	s.Drain(waker.Noop())
	s.Rotate(2)
	i, _, ok := s.Next()
	require.True(t, ok)
	require.Equal(t, 2, i, "rotated")
	require.Equal(t, 3, s.Pending())
	slots, _ := drain(&s, waker.Noop())
	require.Equal(t, []int{3, 0, 1}, slots, "what the last poll left comes first")
}

func TestConcurrentWakes(t *testing.T) {
	var s readyset.Set
	const n = 64
	for range n {
		s.Insert()
	}
	_, ws := drain(&s, waker.Noop())
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 1000 {
				ws[(g*7+k)%n].Wake()
			}
		}()
	}
	seen := map[int]bool{}
	for range 200 {
		slots, _ := drain(&s, waker.Noop())
		for _, i := range slots {
			seen[i] = true
		}
	}
	wg.Wait()
	slots, _ := drain(&s, waker.Noop())
	for _, i := range slots {
		seen[i] = true
	}
	require.Len(t, seen, n, "every woken slot is handed out")
}

// TestNoLostParentWake drives the set as an executor would: it drains only
// after the parent was woken. Producers wake nodes from many goroutines;
// each round ends with every node woken once more, and each of those last
// wakes must reach a drain through a parent wake (a lost one hangs the
// consumer, and the test times out).
func TestNoLostParentWake(t *testing.T) {
	const n, producers, rounds = 32, 3, 200
	var s readyset.Set
	notify := make(chan struct{}, 1)
	parent := waker.Func(func() {
		select {
		case notify <- struct{}{}:
		default:
		}
	})
	for range n {
		s.Insert()
	}
	_, ws := drain(&s, parent)
	for round := range rounds {
		var wg sync.WaitGroup
		for p := range producers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range n {
					if (k+p+round)%producers == 0 {
						ws[k].Wake()
					}
				}
			}()
		}
		seen := make([]bool, n)
		left := n
		for left > 0 {
			select {
			case <-notify:
			case <-time.After(5 * time.Second):
				t.Fatalf("round %d: %d nodes woken but no parent wake", round, left)
			}
			slots, nws := drain(&s, parent)
			for j, i := range slots {
				ws[i] = nws[j]
				if !seen[i] {
					seen[i] = true
					left--
				}
			}
		}
		wg.Wait()
		// Drop what a late producer left, so rounds start clean.
		for {
			select {
			case <-notify:
				slots, nws := drain(&s, parent)
				for j, i := range slots {
					ws[i] = nws[j]
				}
				continue
			default:
			}
			break
		}
	}
}
