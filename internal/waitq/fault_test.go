package waitq

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/waker"
)

// TestWakeAllContainsPanickingWakers: a panicking waker in a wake list
// (inline part and overflow) neither escapes nor strands the others.
func TestWakeAllContainsPanickingWakers(t *testing.T) {
	var l WakeList
	woken := 0
	for i := range 20 {
		if i%3 == 0 {
			l.Add(waker.Func(func() { panic("wake list fault") }))
			continue
		}
		l.Add(waker.Func(func() { woken++ }))
	}
	require.NotPanics(t, l.WakeAll)
	require.Equal(t, 13, woken)
	require.Zero(t, l.n)
	require.Empty(t, l.more)
	l.WakeAll() // empty: nothing to do
	require.Equal(t, 13, woken)
}
