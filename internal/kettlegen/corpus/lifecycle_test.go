package corpus

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// The generated machines keep the life cycle of every Kettle future.

func poll[T any](f future.Future[T]) future.Poll[T] {
	return f.Poll(future.NewContext(waker.Noop()))
}

func TestMachinePollAfterReadyPanics(t *testing.T) {
	log := &Log{}
	m := NoAwaitAsync(log)
	v, ok := poll[int](m).Get()
	require.True(t, ok)
	require.Equal(t, 42, v)
	require.PanicsWithValue(t, "*corpus.async_NoAwait polled after completion", func() { poll[int](m) })
	m.Drop() // a no-op after Ready
	require.Equal(t, []string{"sync"}, log.Entries)
}

func TestMachineDropNeverPolled(t *testing.T) {
	log := &Log{}
	m := DeferOrderAsync(log)
	m.Drop()
	m.Drop()
	require.Empty(t, log.Entries, "nothing ran: not even the defers")
	require.PanicsWithValue(t, "*corpus.async_DeferOrder polled after Drop", func() { poll[int](m) })
}

func TestMachineDropSuspended(t *testing.T) {
	log := &Log{}
	m := DeferOrderAsync(log)
	require.False(t, poll[int](m).IsReady())           // suspended on x
	require.False(t, poll[int](m).IsReady())           // x ready, suspended on y
	require.Equal(t, []string{"ready x"}, log.Entries) // second defer registered
	m.Drop()
	require.Equal(t, []string{"ready x", "drop y", "second 1", "first"}, log.Entries,
		"the awaited future is dropped, then the pending defers run in reverse order")
	m.Drop()
	require.Len(t, log.Entries, 4, "exactly once")
	require.PanicsWithValue(t, "*corpus.async_DeferOrder polled after Drop", func() { poll[int](m) })
}

func TestMachinePanicComesOutOfPoll(t *testing.T) {
	log := &Log{}
	m := PanicAfterDefersAsync(log)
	require.False(t, poll[int](m).IsReady())
	require.PanicsWithValue(t, "kaboom", func() { poll[int](m) })
	require.Equal(t, []string{"ready x", "d2 1", "d1"}, log.Entries)
	require.PanicsWithValue(t, "*corpus.async_PanicAfterDefers polled after completion", func() { poll[int](m) })
	m.Drop()
	require.Len(t, log.Entries, 3)
}

func TestMachineArgumentsEvaluatedAtOnce(t *testing.T) {
	log := &Log{}
	acc := Account{Name: "v", Balance: 1, log: log}
	m := acc.DescribeAsync() // the value receiver is copied now
	acc.Balance = 99
	for {
		if v, ok := poll[string](m).Get(); ok {
			require.Equal(t, "v=1", v)
			break
		}
	}
}
