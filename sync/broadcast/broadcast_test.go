package broadcast_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/broadcast"
)

func TestNewPanics(t *testing.T) {
	require.PanicsWithValue(t, "broadcast.New: capacity must be positive", func() { broadcast.New[int](0) })
	require.PanicsWithValue(t, "broadcast.New: capacity must be positive", func() { broadcast.New[int](-1) })
}

func TestEveryReceiverSeesEveryValue(t *testing.T) {
	tx, rx1 := broadcast.New[int](4)
	rx2 := tx.Subscribe()
	n, err := tx.Send(1)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	_, _ = tx.Send(2)
	for _, rx := range []*broadcast.Receiver[int]{rx1, rx2} {
		for _, want := range []int{1, 2} {
			v, err := rx.TryRecv()
			require.NoError(t, err)
			require.Equal(t, want, v)
		}
		_, err := rx.TryRecv()
		require.ErrorIs(t, err, broadcast.ErrEmpty)
	}
	rx3 := tx.Subscribe() // sees only later values
	_, _ = tx.Send(3)
	v, err := rx3.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 3, v)
}

func TestLag(t *testing.T) {
	tx, rx := broadcast.New[int](2)
	for i := 1; i <= 5; i++ {
		_, err := tx.Send(i)
		require.NoError(t, err)
	}
	_, err := rx.TryRecv()
	var lag *broadcast.LaggedError
	require.True(t, errors.As(err, &lag))
	require.Equal(t, uint64(3), lag.Missed)
	require.EqualError(t, err, "broadcast: lagged by 3")
	for _, want := range []int{4, 5} {
		v, err := rx.TryRecv()
		require.NoError(t, err)
		require.Equal(t, want, v)
	}
}

func TestRecvWaitsAndWakesAll(t *testing.T) {
	d1, d2 := polltest.NewDriver(), polltest.NewDriver()
	tx, rx1 := broadcast.New[string](1)
	rx2 := tx.Subscribe()
	f1, f2 := rx1.Recv(), rx2.Recv()
	_, ok := polltest.Poll(d1, f1)
	require.False(t, ok)
	require.Equal(t, "broadcast.Recv", taskcx.Of(d1.Cx).WaitingOn.String())
	_, ok = polltest.Poll(d2, f2)
	require.False(t, ok)
	_, err := tx.Send("bell")
	require.NoError(t, err)
	require.Equal(t, int64(1), d1.Wakes())
	require.Equal(t, int64(1), d2.Wakes())
	for _, p := range []struct {
		d *polltest.Driver
		f *broadcast.RecvFuture[string]
	}{{d1, f1}, {d2, f2}} {
		r, ok := polltest.Poll(p.d, p.f)
		require.True(t, ok)
		require.Equal(t, "bell", r.Value)
	}
	require.PanicsWithValue(t, "*broadcast.RecvFuture[string] polled after completion", func() { polltest.Poll(d1, f1) })
}

func TestManyWaitersNoAlloc(t *testing.T) {
	const n = 20 // more than a WakeList holds inline
	tx, rx := broadcast.New[int](4)
	rxs := []*broadcast.Receiver[int]{rx}
	for len(rxs) < n {
		rxs = append(rxs, tx.Subscribe())
	}
	ds := make([]*polltest.Driver, n)
	fs := make([]*broadcast.RecvFuture[int], n)
	for i := range rxs {
		ds[i] = polltest.NewDriver()
		fs[i] = rxs[i].Recv()
		_, ok := polltest.Poll(ds[i], fs[i])
		require.False(t, ok)
	}
	// AllocsPerRun sends twice (a warm-up run, then the measured one).
	allocs := testing.AllocsPerRun(1, func() { _, _ = tx.Send(1) })
	require.Zero(t, allocs)
	for i := range fs {
		require.Equal(t, int64(1), ds[i].Wakes(), "waiter %d", i)
		r, ok := polltest.Poll(ds[i], fs[i])
		require.True(t, ok)
		require.Equal(t, 1, r.Value)
	}
}

func TestClose(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := broadcast.New[int](2)
	tx2 := tx.Clone()
	_, _ = tx.Send(1)
	tx.Close()
	tx.Close() // no-op
	_, err := tx.Send(2)
	require.ErrorIs(t, err, broadcast.ErrClosed)
	require.PanicsWithValue(t, "broadcast.Sender.Clone: sender closed", func() { tx.Clone() })

	r, ok := polltest.Poll(d, rx.Recv())
	require.True(t, ok)
	require.Equal(t, 1, r.Value)
	f := rx.Recv()
	_, ok = polltest.Poll(d, f)
	require.False(t, ok, "tx2 is open")
	tx2.Close()
	require.Equal(t, int64(1), d.Wakes())
	r, ok = polltest.Poll(d, f)
	require.True(t, ok)
	require.ErrorIs(t, r.Err, broadcast.ErrClosed)
}

func TestReceiverClose(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := broadcast.New[int](2)
	f := rx.Recv()
	polltest.Poll(d, f)
	require.Equal(t, 1, tx.ReceiverCount())
	rx.Close()
	rx.Close() // no-op
	require.Equal(t, 0, tx.ReceiverCount())
	r, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.ErrorIs(t, r.Err, broadcast.ErrClosed)
	n, err := tx.Send(1)
	require.ErrorIs(t, err, broadcast.ErrClosed, "no receiver")
	require.Zero(t, n)
	_, err = rx.TryRecv()
	require.ErrorIs(t, err, broadcast.ErrClosed)
}

func TestDropAndBudget(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := broadcast.New[int](2)
	f := rx.Recv()
	polltest.Poll(d, f)
	f.Drop()
	f.Drop()
	_, _ = tx.Send(1)
	require.Zero(t, d.Wakes(), "a dropped Recv is not woken")
	require.PanicsWithValue(t, "*broadcast.RecvFuture[int] polled after Drop", func() { polltest.Poll(d, f) })

	g := rx.Recv()
	taskcx.Of(d.Cx).Budget = 0
	_, ok := polltest.Poll(d, g)
	require.False(t, ok)
	require.Equal(t, int64(1), d.Wakes())
	taskcx.Of(d.Cx).Budget = 1
	r, ok := polltest.Poll(d, g)
	require.True(t, ok)
	require.Equal(t, 1, r.Value)
}

// TestDropAtEveryAwait: the sender sends after each pending poll; a dropped
// Recv loses nothing and duplicates nothing.
func TestDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		d := polltest.NewDriver()
		tx, rx := broadcast.New[int](8)
		f := rx.Recv()
		var got []int
		sent, finished := 0, false
		for i := 0; i < k; i++ {
			if r, ok := polltest.Poll(d, f); ok {
				require.NoError(t, r.Err)
				got = append(got, r.Value)
				finished = true
				break
			}
			_, err := tx.Send(sent)
			require.NoError(t, err)
			sent++
		}
		f.Drop()
		_, _ = tx.Send(sent)
		sent++
		tx.Close()
		for {
			v, err := rx.TryRecv()
			if err != nil {
				require.ErrorIs(t, err, broadcast.ErrClosed)
				break
			}
			got = append(got, v)
		}
		want := make([]int, sent)
		for i := range want {
			want[i] = i
		}
		require.Equal(t, want, got, "k=%d", k)
		if finished {
			return
		}
	}
}

// TestStress: goroutine senders, receivers parked on Recv futures; each
// receiver sees each sender's values in order, minus reported lags.
func TestStress(t *testing.T) {
	const senders, per, receivers = 3, 300, 3
	tx, rx0 := broadcast.New[[2]int](16)
	rxs := []*broadcast.Receiver[[2]int]{rx0}
	for len(rxs) < receivers {
		rxs = append(rxs, tx.Subscribe())
	}
	var wg sync.WaitGroup
	for s := 0; s < senders; s++ {
		h := tx.Clone()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer h.Close()
			for i := 0; i < per; i++ {
				_, err := h.Send([2]int{s, i})
				assert.NoError(t, err)
			}
		}()
	}
	tx.Close()
	for _, rx := range rxs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer rx.Close()
			last := [senders]int{-1, -1, -1}
			var seen, missed uint64
			for {
				r := polltest.BlockOn(rx.Recv())
				var lag *broadcast.LaggedError
				switch {
				case r.Err == nil:
					assert.Greater(t, r.Value[1], last[r.Value[0]], "per-sender order")
					last[r.Value[0]] = r.Value[1]
					seen++
				case errors.As(r.Err, &lag):
					missed += lag.Missed
				default:
					assert.ErrorIs(t, r.Err, broadcast.ErrClosed)
					assert.Equal(t, uint64(senders*per), seen+missed, "every value seen or reported missed")
					return
				}
			}
		}()
	}
	wg.Wait()
}
