package waitq_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/internal/waitq"
	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func drain(q *waitq.Queue[int]) []int {
	var out []int
	for w := q.Front(); w != nil; w = q.Next(w) {
		out = append(out, w.Value)
	}
	return out
}

func TestQueueFIFOAndRemove(t *testing.T) {
	var q waitq.Queue[int]
	ws := make([]waitq.Waiter[int], 5)
	for i := range ws {
		ws[i].Value = i
		q.PushBack(&ws[i])
	}
	require.Equal(t, []int{0, 1, 2, 3, 4}, drain(&q))
	require.True(t, q.Remove(&ws[2]))
	require.False(t, q.Remove(&ws[2]), "second remove is a no-op")
	require.True(t, q.Remove(&ws[0]))
	require.True(t, q.Remove(&ws[4]))
	require.Equal(t, []int{1, 3}, drain(&q))
	require.Equal(t, 2, q.Len())
	require.Equal(t, 1, q.PopFront().Value)
	require.Equal(t, 3, q.PopFront().Value)
	require.Nil(t, q.PopFront())
	require.Equal(t, 0, q.Len())
	q.PushBack(&ws[2]) // a removed waiter may queue again
	require.Equal(t, []int{2}, drain(&q))
}

func TestQueueRejectsDoubleQueue(t *testing.T) {
	var q, other waitq.Queue[int]
	var w waitq.Waiter[int]
	q.PushBack(&w)
	require.PanicsWithValue(t, "waitq: waiter already queued", func() { other.PushBack(&w) })
	require.False(t, other.Remove(&w), "removing from the wrong queue does nothing")
	require.True(t, w.Queued())
}

func TestWakeListOrderAndOverflow(t *testing.T) {
	var got []int
	var l waitq.WakeList
	for i := 0; i < 20; i++ {
		l.Add(waker.Func(func() { got = append(got, i) }))
	}
	l.Add(waker.Noop())
	l.WakeAll()
	require.Len(t, got, 20)
	for i, v := range got {
		require.Equal(t, i, v)
	}
	l.WakeAll()
	require.Len(t, got, 20, "an emptied list wakes nothing")
}

// FuzzQueue runs random push/remove/pop sequences against a slice model.
func FuzzQueue(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 0x41, 0x80, 0x81, 5})
	f.Add([]byte{0x80, 0x40, 0, 0, 0x43})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var q waitq.Queue[int]
		ws := make([]waitq.Waiter[int], 8)
		for i := range ws {
			ws[i].Value = i
		}
		var model []int
		for _, op := range ops {
			i := int(op & 7)
			switch op >> 6 {
			case 0: // push if not queued
				if !ws[i].Queued() {
					q.PushBack(&ws[i])
					model = append(model, i)
				}
			case 1: // remove
				removed := q.Remove(&ws[i])
				idx := -1
				for k, v := range model {
					if v == i {
						idx = k
					}
				}
				require.Equal(t, idx >= 0, removed)
				if idx >= 0 {
					model = append(model[:idx], model[idx+1:]...)
				}
			default: // pop
				w := q.PopFront()
				if len(model) == 0 {
					require.Nil(t, w)
				} else {
					require.Equal(t, model[0], w.Value)
					model = model[1:]
				}
			}
			got := drain(&q)
			if len(model) == 0 {
				require.Empty(t, got)
			} else {
				require.Equal(t, model, got)
			}
			require.Equal(t, len(model), q.Len())
		}
	})
}

// lockState is a sync.Locker that records whether it is held and checks
// that it is never locked twice or unlocked when free.
type lockState struct {
	t    *testing.T
	held bool
}

func (l *lockState) Lock() {
	require.False(l.t, l.held, "locked twice")
	l.held = true
}

func (l *lockState) Unlock() {
	require.True(l.t, l.held, "unlocked when free")
	l.held = false
}

// TestWakeAllUnlock wakes more waiters than one batch holds: every waiter
// queued at the call is woken once, in order, never under the lock, and
// the call returns with the lock released and the queue empty.
func TestWakeAllUnlock(t *testing.T) {
	var q waitq.Queue[int]
	mu := &lockState{t: t}
	ws := make([]waitq.Waiter[int], 20)
	var got []int
	for i := range ws {
		ws[i].Value = i
		ws[i].SetWaker(waker.Func(func() {
			require.False(t, mu.held, "woken under the lock")
			got = append(got, i)
		}))
		q.PushBack(&ws[i])
	}
	mu.Lock()
	q.WakeAllUnlock(mu)
	require.False(t, mu.held)
	require.Equal(t, 0, q.Len())
	require.Len(t, got, 20)
	for i, v := range got {
		require.Equal(t, i, v)
	}
	mu.Lock()
	q.WakeAllUnlock(mu) // an empty queue: just unlocks
	require.False(t, mu.held)
}
