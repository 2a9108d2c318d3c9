package mutex_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/waker"
)

// TestAllocs: a Lock future costs one allocation; a reused one (Reset),
// and the queue-and-hand-off path, allocate nothing.
func TestAllocs(t *testing.T) {
	m := mutex.New(0)
	cx := future.NewContext(waker.Noop())
	require.Equal(t, 1.0, testing.AllocsPerRun(100, func() {
		g, _ := m.Lock().Poll(cx).Get()
		g.Unlock()
	}))
	a, b := m.Lock(), m.Lock()
	require.Equal(t, 0.0, testing.AllocsPerRun(100, func() {
		ga, _ := a.Poll(cx).Get()
		b.Poll(cx)  // queues behind a
		ga.Unlock() // hands off to b
		gb, _ := b.Poll(cx).Get()
		gb.Unlock()
		a.Reset()
		b.Reset()
	}))
	rw := mutex.NewRW(0)
	require.Equal(t, 1.0, testing.AllocsPerRun(100, func() {
		g, _ := rw.Write().Poll(cx).Get()
		g.Unlock()
	}))
}
