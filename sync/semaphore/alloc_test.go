package semaphore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/semaphore"
	"github.com/kettle-rt/kettle/waker"
)

// TestAllocs: an Acquire costs one allocation (the future, holding its
// Permit); reused with Reset, through the line and a partial grant, none.
func TestAllocs(t *testing.T) {
	s := semaphore.New(2)
	cx := future.NewContext(waker.Noop())
	require.Equal(t, 1.0, testing.AllocsPerRun(100, func() {
		r, _ := s.Acquire(1).Poll(cx).Get()
		r.Value.Release()
	}))
	a, b := s.Acquire(2), s.Acquire(2)
	require.Equal(t, 0.0, testing.AllocsPerRun(100, func() {
		ra, _ := a.Poll(cx).Get()
		b.Poll(cx) // waits
		ra.Value.Release()
		rb, _ := b.Poll(cx).Get()
		rb.Value.Release()
		a.Reset()
		b.Reset()
	}))
}
