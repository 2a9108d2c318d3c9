package mpsc_test

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// drainAll receives everything left after the sender closes.
func drainAll(t *testing.T, tx *mpsc.Sender[int], rx *mpsc.Receiver[int]) []int {
	t.Helper()
	tx.Close()
	var got []int
	for {
		v, err := rx.TryRecv()
		if err != nil {
			require.ErrorIs(t, err, mpsc.ErrClosed)
			return got
		}
		got = append(got, v)
	}
}

// TestSendDropAtEveryAwait: a full channel, our Send first in line and
// another Send behind it; the receiver takes one value after each pending
// poll. Whenever ours is dropped, every value is received or handed back
// exactly once, and the other sender still gets through.
func TestSendDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		d, other := polltest.NewDriver(), polltest.NewDriver()
		tx, rx := mpsc.New[int](1)
		require.NoError(t, tx.TrySend(100))
		s := tx.Send(1)
		var got []int
		finished := false
		for i := 0; i < k; i++ {
			if err, ok := polltest.Poll(d, s); ok {
				require.NoError(t, err)
				finished = true
				break
			}
			if i == 0 {
				// Queue the other sender behind ours.
				w := tx.Send(2)
				_, ok := polltest.Poll(other, w)
				require.False(t, ok)
				defer func() {
					err, ok := polltest.Poll(other, w)
					require.True(t, ok, "the other sender got through")
					require.NoError(t, err)
				}()
			}
			v, err := rx.TryRecv()
			require.NoError(t, err)
			got = append(got, v)
		}
		s.Drop()
		if v, unsent := s.Unsent(); unsent {
			require.Equal(t, 1, v)
			got = append(got, v)
		}
		if k == 0 {
			// The other sender was never created: account for its value.
			got = append(got, 2)
		}
		got = append(got, drainAll(t, tx, rx)...)
		sort.Ints(got)
		require.Equal(t, []int{1, 2, 100}, got, "k=%d", k)
		if finished {
			return
		}
	}
}

// TestRecvDropAtEveryAwait: a sender sends one value after each pending
// poll; a dropped Recv loses nothing and the order holds.
func TestRecvDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		d := polltest.NewDriver()
		tx, rx := mpsc.New[int](2)
		f := rx.Recv()
		var got []int
		sent := 0
		finished := false
		for i := 0; i < k; i++ {
			if r, ok := polltest.Poll(d, f); ok {
				require.NoError(t, r.Err)
				got = append(got, r.Value)
				finished = true
				break
			}
			require.NoError(t, tx.TrySend(sent))
			sent++
		}
		f.Drop()
		require.NoError(t, tx.TrySend(sent))
		sent++
		got = append(got, drainAll(t, tx, rx)...)
		want := make([]int, sent)
		for i := range want {
			want[i] = i
		}
		require.Equal(t, want, got, "k=%d: every value once, in order", k)
		if finished {
			return
		}
	}
}

// TestReserveDropAtEveryAwait: a full channel, our Reserve first in line, a
// Send behind it, the receiver taking one value after each pending poll.
// Slots are conserved: after draining, exactly capacity values fit again.
func TestReserveDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		d, other := polltest.NewDriver(), polltest.NewDriver()
		tx, rx := mpsc.New[int](1)
		require.NoError(t, tx.TrySend(100))
		rf := tx.Reserve()
		w := tx.Send(2)
		var got []int
		finished := false
		for i := 0; i < k; i++ {
			if i == 0 {
				_, ok := polltest.Poll(other, w)
				require.False(t, ok)
			}
			if r, ok := polltest.Poll(d, rf); ok {
				require.NoError(t, r.Err)
				r.Value.Send(1)
				finished = true
				break
			}
			v, err := rx.TryRecv()
			require.NoError(t, err)
			got = append(got, v)
		}
		rf.Drop()
		// Let the other sender finish, receiving as needed.
		for {
			err, ok := polltest.Poll(other, w)
			if ok {
				require.NoError(t, err)
				break
			}
			v, err := rx.TryRecv()
			require.NoError(t, err, "k=%d: a slot leaked", k)
			got = append(got, v)
		}
		for {
			v, err := rx.TryRecv()
			if err != nil {
				break
			}
			got = append(got, v)
		}
		require.NoError(t, tx.TrySend(3), "k=%d: the slot came back", k)
		require.ErrorIs(t, tx.TrySend(4), mpsc.ErrFull)
		got = append(got, drainAll(t, tx, rx)...)
		sort.Ints(got)
		if finished {
			require.Equal(t, []int{1, 2, 3, 100}, got)
			return
		}
		require.Equal(t, []int{2, 3, 100}, got, "k=%d", k)
	}
}
