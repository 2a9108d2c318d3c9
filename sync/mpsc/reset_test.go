package mpsc_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// TestResetReusesFutures: a reused Send and Recv carry values in order.
func TestResetReusesFutures(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	s, r := tx.Send(0), rx.Recv()
	for i := range 5 {
		if i > 0 {
			s.Reset(i)
			r.Reset()
		}
		err, ok := polltest.Poll(d, s)
		require.True(t, ok)
		require.NoError(t, err)
		_, unsent := s.Unsent()
		require.False(t, unsent)
		got, ok := polltest.Poll(d, r)
		require.True(t, ok)
		require.NoError(t, got.Err)
		require.Equal(t, i, got.Value)
	}
}

// TestResetAfterWaiting: a Send that waited in line and was granted, and a
// Recv that waited and was woken, can be reused.
func TestResetAfterWaiting(t *testing.T) {
	tx, rx := mpsc.New[int](1)
	require.NoError(t, tx.TrySend(-1))
	s := polltest.NewPoller[error](tx.Send(1))
	polltest.MustPending(t, s)
	v, err := rx.TryRecv() // grants s: 1 moves into the buffer
	require.NoError(t, err)
	require.Equal(t, -1, v)
	require.NoError(t, polltest.MustReady(t, s))
	sf := s.F.(*mpsc.SendFuture[int])
	sf.Reset(2)
	polltest.MustPending(t, s) // 1 still buffered

	r := polltest.NewPoller(rx.Recv())
	require.Equal(t, 1, polltest.MustReady(t, r).Value)
	require.NoError(t, polltest.MustReady(t, s)) // granted by the Recv
	rf := r.F.(*mpsc.RecvFuture[int])
	rf.Reset()
	require.Equal(t, 2, polltest.MustReady(t, r).Value)
	rf.Reset()
	polltest.MustPending(t, r)
	require.NoError(t, tx.TrySend(3))
	require.Equal(t, 1, r.Wakes())
	require.Equal(t, 3, polltest.MustReady(t, r).Value)
}

// TestResetInUsePanics: Reset of a never-polled or pending future panics
// and leaves it as it was.
func TestResetInUsePanics(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	s := tx.Send(1)
	require.PanicsWithValue(t, "mpsc: Reset of a SendFuture in use", func() { s.Reset(9) })
	_, ok := polltest.Poll(d, s) // the never-polled value was kept
	require.True(t, ok)
	w := tx.Send(2)
	_, ok = polltest.Poll(d, w)
	require.False(t, ok, "channel full: waits")
	require.PanicsWithValue(t, "mpsc: Reset of a SendFuture in use", func() { w.Reset(9) })

	r := rx.Recv()
	require.PanicsWithValue(t, "mpsc: Reset of a RecvFuture in use", func() { r.Reset() })
	got, ok := polltest.Poll(d, r)
	require.True(t, ok)
	require.Equal(t, 1, got.Value)
	// w was granted the freed slot; its 2 (not 9) is received.
	_, ok = polltest.Poll(d, w)
	require.True(t, ok)
	r.Reset()
	got, ok = polltest.Poll(d, r)
	require.True(t, ok)
	require.Equal(t, 2, got.Value)
	r.Reset()
	_, ok = polltest.Poll(d, r)
	require.False(t, ok)
	require.PanicsWithValue(t, "mpsc: Reset of a RecvFuture in use", func() { r.Reset() })
	r.Drop()
	r.Reset() // allowed after Drop
	require.NoError(t, tx.TrySend(3))
	got, ok = polltest.Poll(d, r)
	require.True(t, ok)
	require.Equal(t, 3, got.Value)
}

// TestResetRefusesUnsentValue: after a Drop before delivery, or a
// Ready(ErrClosed), Reset panics until Unsent handed the value back; then
// the new value is sent and the old one is neither lost nor sent twice.
func TestResetRefusesUnsentValue(t *testing.T) {
	const msg = "mpsc: Reset of a SendFuture holding an unsent value"
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)

	s := tx.Send(1)
	s.Drop() // never polled: 1 is unsent
	require.PanicsWithValue(t, msg, func() { s.Reset(2) })
	v, ok := s.Unsent()
	require.True(t, ok)
	require.Equal(t, 1, v)
	s.Reset(2)
	_, ok = s.Unsent()
	require.False(t, ok, "a re-armed live future has nothing unsent")
	_, ok = polltest.Poll(d, s)
	require.True(t, ok)

	w := tx.Send(3)
	_, ok = polltest.Poll(d, w)
	require.False(t, ok) // waiting in line
	w.Drop()
	require.PanicsWithValue(t, msg, func() { w.Reset(4) })
	v, ok = w.Unsent()
	require.True(t, ok)
	require.Equal(t, 3, v)
	w.Reset(4)

	got, _ := rx.TryRecv()
	require.Equal(t, 2, got)
	_, ok = polltest.Poll(d, w)
	require.True(t, ok)
	got, _ = rx.TryRecv()
	require.Equal(t, 4, got)

	rx.Close()
	w.Reset(5)
	err, ok := polltest.Poll(d, w)
	require.True(t, ok)
	require.ErrorIs(t, err, mpsc.ErrClosed)
	require.PanicsWithValue(t, msg, func() { w.Reset(6) })
	v, ok = w.Unsent()
	require.True(t, ok)
	require.Equal(t, 5, v)
	w.Reset(6) // handed back: allowed
	_, err = rx.TryRecv()
	require.ErrorIs(t, err, mpsc.ErrClosed, "nothing sent twice: closed and drained")
}

// TestResetAllocs: a reused Send and Recv allocate nothing, polled by hand
// and as two tasks ping-ponging on a Local executor.
func TestResetAllocs(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	s, r := tx.Send(0), rx.Recv()
	polltest.Poll(d, s)
	polltest.Poll(d, r)
	require.Equal(t, 0.0, testing.AllocsPerRun(100, func() {
		s.Reset(1)
		r.Reset()
		polltest.Poll(d, s)
		polltest.Poll(d, r)
	}))

	// On a Local: the allocations of a run do not grow with its round
	// trips (spawning and running cost the same at any n).
	ex := executor.NewLocal(executor.BlockingThreshold(0))
	defer ex.Close()
	run := func(n int) float64 {
		return testing.AllocsPerRun(5, func() {
			ping, pingRx := mpsc.New[int](1)
			pong, pongRx := mpsc.New[int](1)
			executor.Spawn(ex, &echoer{in: pingRx, out: pong})
			got, err := executor.Run(ex, &pinger{out: ping, in: pongRx, n: n})
			if err != nil || got != n {
				t.Fatal(got, err)
			}
		})
	}
	run(10) // warm the executor
	require.Equal(t, run(10), run(2000), "allocations per round trip on a Local")
}

// TestResetRace: a sender goroutine reusing one Send future and a
// receiver reusing one Recv future; every value arrives once, in order.
func TestResetRace(t *testing.T) {
	const n = 2000
	tx, rx := mpsc.New[int](2)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer tx.Close()
		s := tx.Send(0)
		for i := range n {
			if i > 0 {
				s.Reset(i)
			}
			assert.NoError(t, executor.BlockOn[error](s))
		}
	}()
	r := rx.Recv()
	for i := 0; ; i++ {
		if i > 0 {
			r.Reset()
		}
		got := executor.BlockOn(r)
		if got.Err != nil {
			require.ErrorIs(t, got.Err, mpsc.ErrClosed)
			require.Equal(t, n, i)
			break
		}
		require.Equal(t, i, got.Value)
	}
	wg.Wait()
}
