package mpsc_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

func TestNewPanicsOnBadCapacity(t *testing.T) {
	require.PanicsWithValue(t, "mpsc.New: capacity must be at least 1", func() { mpsc.New[int](0) })
	require.PanicsWithValue(t, "mpsc.New: capacity must be at least 1", func() { mpsc.New[int](-3) })
}

func TestTrySendTryRecv(t *testing.T) {
	tx, rx := mpsc.New[int](2)
	_, err := rx.TryRecv()
	require.ErrorIs(t, err, mpsc.ErrEmpty)
	require.NoError(t, tx.TrySend(1))
	require.NoError(t, tx.TrySend(2))
	require.ErrorIs(t, tx.TrySend(3), mpsc.ErrFull)
	require.Equal(t, 2, rx.Len())
	for _, want := range []int{1, 2} {
		v, err := rx.TryRecv()
		require.NoError(t, err)
		require.Equal(t, want, v)
	}
	_, err = rx.TryRecv()
	require.ErrorIs(t, err, mpsc.ErrEmpty)
}

func TestRecvWaitsAndWakes(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[string](1)
	f := rx.Recv()
	_, ok := polltest.Poll(d, f)
	require.False(t, ok)
	require.Equal(t, "mpsc.Recv", taskcx.Of(d.Cx).WaitingOn.String())
	require.NoError(t, tx.TrySend("egg"))
	require.Equal(t, int64(1), d.Wakes())
	r, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.NoError(t, r.Err)
	require.Equal(t, "egg", r.Value)
	require.PanicsWithValue(t, "*mpsc.RecvFuture[string] polled after completion", func() { polltest.Poll(d, f) })
}

func TestSendFIFOWithHandOff(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	require.NoError(t, tx.TrySend(0))
	a, b := tx.Send(1), tx.Send(2)
	_, ok := polltest.Poll(d, a)
	require.False(t, ok)
	require.Equal(t, "mpsc.Send (channel full, capacity 1)", taskcx.Of(d.Cx).WaitingOn.String())
	_, ok = polltest.Poll(d, b)
	require.False(t, ok)

	v, err := rx.TryRecv() // frees the slot: a's value moves in at once
	require.NoError(t, err)
	require.Equal(t, 0, v)
	require.Equal(t, int64(1), d.Wakes(), "only the oldest sender is woken")
	require.ErrorIs(t, tx.TrySend(9), mpsc.ErrFull, "a late TrySend does not jump the line")

	errA, ok := polltest.Poll(d, a)
	require.True(t, ok)
	require.NoError(t, errA)
	_, unsent := a.Unsent()
	require.False(t, unsent)

	for _, want := range []int{1, 2} {
		r, ok := polltest.Poll(d, rx.Recv())
		require.True(t, ok)
		require.Equal(t, want, r.Value)
	}
	errB, ok := polltest.Poll(d, b)
	require.True(t, ok)
	require.NoError(t, errB)
}

func TestDroppedWaitingSendKeepsValue(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	require.NoError(t, tx.TrySend(0))
	a, b := tx.Send(1), tx.Send(2)
	polltest.Poll(d, a)
	polltest.Poll(d, b)
	_, unsent := a.Unsent()
	require.False(t, unsent, "still in progress")
	a.Drop()
	a.Drop() // twice: no-op
	v, unsent := a.Unsent()
	require.True(t, unsent)
	require.Equal(t, 1, v)
	require.PanicsWithValue(t, "*mpsc.SendFuture[int] polled after Drop", func() { polltest.Poll(d, a) })

	// b is next in line.
	_, err := rx.TryRecv()
	require.NoError(t, err)
	errB, ok := polltest.Poll(d, b)
	require.True(t, ok)
	require.NoError(t, errB)
	v, err = rx.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 2, v)
}

func TestDroppedGrantedSendDelivers(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	require.NoError(t, tx.TrySend(0))
	a := tx.Send(1)
	polltest.Poll(d, a)
	_, err := rx.TryRecv()
	require.NoError(t, err)
	a.Drop() // granted but not yet observed: the value was delivered
	_, unsent := a.Unsent()
	require.False(t, unsent)
	v, err := rx.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 1, v)
}

func TestNeverPolledSendDropped(t *testing.T) {
	tx, _ := mpsc.New[int](1)
	f := tx.Send(5)
	f.Drop()
	v, unsent := f.Unsent()
	require.True(t, unsent)
	require.Equal(t, 5, v)
}

func TestReceiverCloseFailsWaitingSends(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	require.NoError(t, tx.TrySend(0))
	a := tx.Send(1)
	polltest.Poll(d, a)
	rx.Close()
	rx.Close() // no-op
	require.Equal(t, int64(1), d.Wakes())
	err, ok := polltest.Poll(d, a)
	require.True(t, ok)
	require.ErrorIs(t, err, mpsc.ErrClosed)
	v, unsent := a.Unsent()
	require.True(t, unsent)
	require.Equal(t, 1, v)

	require.ErrorIs(t, tx.TrySend(2), mpsc.ErrClosed)
	require.True(t, tx.IsClosed())
	err, _ = polltest.Poll(d, tx.Send(3))
	require.ErrorIs(t, err, mpsc.ErrClosed)

	// The buffered value is still drained, then the channel is closed.
	got, err := rx.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 0, got)
	_, err = rx.TryRecv()
	require.ErrorIs(t, err, mpsc.ErrClosed)
}

func TestChannelEndsWhenEverySenderCloses(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.NewUnbounded[int]()
	tx2 := tx.Clone()
	require.NoError(t, tx.TrySend(1))
	tx.Close()
	tx.Close() // no-op: does not count as the clone's close
	require.ErrorIs(t, tx.TrySend(2), mpsc.ErrClosed)
	require.PanicsWithValue(t, "mpsc.Sender.Clone: sender closed", func() { tx.Clone() })
	require.NoError(t, tx2.TrySend(3))

	f := rx.Recv()
	for _, want := range []int{1, 3} {
		r, ok := polltest.Poll(d, f)
		require.True(t, ok)
		require.Equal(t, want, r.Value)
		f = rx.Recv()
	}
	_, ok := polltest.Poll(d, f)
	require.False(t, ok, "one handle is still open")
	tx2.Close()
	require.Equal(t, int64(1), d.Wakes())
	r, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.ErrorIs(t, r.Err, mpsc.ErrClosed)
}

func TestReserve(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	rf := tx.Reserve()
	r, ok := polltest.Poll(d, rf)
	require.True(t, ok)
	require.NoError(t, r.Err)
	p := r.Value
	require.ErrorIs(t, tx.TrySend(1), mpsc.ErrFull, "the slot is reserved")
	tx.Close()
	_, err := rx.TryRecv()
	require.ErrorIs(t, err, mpsc.ErrEmpty, "an unused permit keeps the channel open")
	p.Send(7)
	require.PanicsWithValue(t, "mpsc.Permit.Send: permit already used", func() { p.Send(8) })
	p.Release() // after Send: no-op
	v, err := rx.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 7, v)
	_, err = rx.TryRecv()
	require.ErrorIs(t, err, mpsc.ErrClosed)
}

func TestReleaseAndDroppedGrantedReserve(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	r, _ := polltest.Poll(d, tx.Reserve())
	p := r.Value
	a := tx.Reserve()
	b := tx.Send(2)
	_, ok := polltest.Poll(d, a)
	require.False(t, ok)
	require.Equal(t, "mpsc.Reserve (channel full, capacity 1)", taskcx.Of(d.Cx).WaitingOn.String())
	_, ok = polltest.Poll(d, b)
	require.False(t, ok)

	p.Release() // the slot goes to a
	p.Release() // no-op
	a.Drop()    // a was granted but never saw it: the slot goes on to b
	errB, ok := polltest.Poll(d, b)
	require.True(t, ok)
	require.NoError(t, errB)
	v, err := rx.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 2, v)
	require.NoError(t, tx.TrySend(3), "every slot came back")
}

func TestReserveClosed(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	require.NoError(t, tx.TrySend(0))
	a := tx.Reserve()
	polltest.Poll(d, a)
	rx.Close()
	r, ok := polltest.Poll(d, a)
	require.True(t, ok)
	require.ErrorIs(t, r.Err, mpsc.ErrClosed)
	r, _ = polltest.Poll(d, tx.Reserve())
	require.ErrorIs(t, r.Err, mpsc.ErrClosed)
}

func TestDroppedWokenRecvPassesWake(t *testing.T) {
	d1, d2 := polltest.NewDriver(), polltest.NewDriver()
	tx, rx := mpsc.New[int](4)
	f1, f2 := rx.Recv(), rx.Recv()
	polltest.Poll(d1, f1)
	polltest.Poll(d2, f2)
	require.NoError(t, tx.TrySend(1))
	require.Equal(t, int64(1), d1.Wakes())
	require.Zero(t, d2.Wakes())
	f1.Drop()
	require.Equal(t, int64(1), d2.Wakes(), "the wake-up passes on")
	r, ok := polltest.Poll(d2, f2)
	require.True(t, ok)
	require.Equal(t, 1, r.Value)
}

func TestBudget(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](1)
	taskcx.Of(d.Cx).Budget = 0
	s := tx.Send(1)
	_, ok := polltest.Poll(d, s)
	require.False(t, ok)
	require.Equal(t, int64(1), d.Wakes())
	require.Equal(t, 0, rx.Len(), "nothing was sent without budget")
	taskcx.Of(d.Cx).Budget = 1
	err, ok := polltest.Poll(d, s)
	require.True(t, ok)
	require.NoError(t, err)

	f := rx.Recv()
	_, ok = polltest.Poll(d, f)
	require.False(t, ok, "budget spent")
	require.Equal(t, 1, rx.Len())
	taskcx.Of(d.Cx).Budget = -1
	r, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.Equal(t, 1, r.Value)
}

func TestUnboundedGrowsAndShrinks(t *testing.T) {
	tx, rx := mpsc.NewUnbounded[int]()
	for round := 0; round < 3; round++ {
		for i := 0; i < 1000; i++ {
			require.NoError(t, tx.TrySend(i))
		}
		for i := 0; i < 1000; i++ {
			v, err := rx.TryRecv()
			require.NoError(t, err)
			require.Equal(t, i, v)
		}
	}
	// Interleaved, to wrap the ring around.
	next := 0
	for i := 0; i < 500; i++ {
		require.NoError(t, tx.TrySend(2*i))
		require.NoError(t, tx.TrySend(2*i+1))
		v, err := rx.TryRecv()
		require.NoError(t, err)
		require.Equal(t, next, v)
		next++
	}
	require.Equal(t, 500, rx.Len())
}

func TestRecvAllocatesNothing(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](8)
	allocs := testing.AllocsPerRun(200, func() {
		_ = tx.TrySend(1)
		if r, ok := polltest.Poll(d, rx.Recv()); !ok || r.Value != 1 {
			panic("lost value")
		}
	})
	require.Zero(t, allocs)
	allocs = testing.AllocsPerRun(200, func() {
		_ = tx.TrySend(1)
		_, _ = rx.TryRecv()
	})
	require.Zero(t, allocs)
}
