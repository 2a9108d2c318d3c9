package oneshot_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/oneshot"
)

func TestSendThenRecv(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := oneshot.New[int]()
	require.NoError(t, tx.Send(7))
	r, ok := polltest.Poll(d, rx.Recv())
	require.True(t, ok)
	require.NoError(t, r.Err)
	require.Equal(t, 7, r.Value)
	// The value is gone: a second receive reports closed.
	r, ok = polltest.Poll(d, rx.Recv())
	require.True(t, ok)
	require.ErrorIs(t, r.Err, oneshot.ErrClosed)
}

func TestRecvWaitsForSend(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := oneshot.New[string]()
	f := rx.Recv()
	_, ok := polltest.Poll(d, f)
	require.False(t, ok)
	require.Equal(t, "oneshot.Recv", taskcx.Of(d.Cx).WaitingOn.String())
	require.Zero(t, d.Wakes())
	require.NoError(t, tx.Send("tea"))
	require.Equal(t, int64(1), d.Wakes())
	r, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.Equal(t, "tea", r.Value)
}

func TestSenderCloseEndsRecv(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := oneshot.New[int]()
	f := rx.Recv()
	_, ok := polltest.Poll(d, f)
	require.False(t, ok)
	tx.Close()
	require.Equal(t, int64(1), d.Wakes())
	r, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.ErrorIs(t, r.Err, oneshot.ErrClosed)
	tx.Close() // no-op
	require.ErrorIs(t, tx.Send(1), oneshot.ErrClosed)
	_, err := rx.TryRecv()
	require.ErrorIs(t, err, oneshot.ErrClosed)
}

func TestSecondSendFails(t *testing.T) {
	tx, rx := oneshot.New[int]()
	require.NoError(t, tx.Send(1))
	err := tx.Send(2)
	require.ErrorIs(t, err, oneshot.ErrClosed)
	require.Contains(t, err.Error(), "Send called twice")
	tx.Close() // a no-op after Send: the value stays
	v, err := rx.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 1, v)
}

func TestReceiverClose(t *testing.T) {
	tx, rx := oneshot.New[int]()
	require.False(t, tx.IsClosed())
	rx.Close()
	require.True(t, tx.IsClosed())
	require.ErrorIs(t, tx.Send(3), oneshot.ErrClosed)
	r, ok := polltest.Poll(polltest.NewDriver(), rx.Recv())
	require.True(t, ok)
	require.ErrorIs(t, r.Err, oneshot.ErrClosed)
	rx.Close() // no-op

	// A value sent before the receiver closed stays receivable.
	tx, rx = oneshot.New[int]()
	require.NoError(t, tx.Send(4))
	rx.Close()
	v, err := rx.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 4, v)
}

func TestTryRecv(t *testing.T) {
	tx, rx := oneshot.New[int]()
	_, err := rx.TryRecv()
	require.ErrorIs(t, err, oneshot.ErrEmpty)
	require.NoError(t, tx.Send(5))
	v, err := rx.TryRecv()
	require.NoError(t, err)
	require.Equal(t, 5, v)
	_, err = rx.TryRecv()
	require.ErrorIs(t, err, oneshot.ErrClosed)
}

func TestDropLosesNothing(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := oneshot.New[int]()
	f := rx.Recv()
	_, ok := polltest.Poll(d, f)
	require.False(t, ok)
	f.Drop()
	f.Drop() // twice: no-op
	require.NoError(t, tx.Send(9))
	require.Zero(t, d.Wakes(), "a dropped Recv unregisters its waker")
	r, ok := polltest.Poll(d, rx.Recv())
	require.True(t, ok)
	require.Equal(t, 9, r.Value)
}

func TestPollAfterCompletionPanics(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := oneshot.New[int]()
	require.NoError(t, tx.Send(1))
	f := rx.Recv()
	_, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.PanicsWithValue(t, "*oneshot.RecvFuture[int] polled after completion", func() { polltest.Poll(d, f) })
	f.Drop() // dropping a finished future is a no-op

	g := rx.Recv()
	g.Drop()
	require.PanicsWithValue(t, "*oneshot.RecvFuture[int] polled after Drop", func() { polltest.Poll(d, g) })
}

func TestTwoLiveRecvFutures(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := oneshot.New[int]()
	f1 := rx.Recv()
	f2 := rx.Recv()
	require.NotSame(t, f1, f2, "a live future is never handed out twice")
	_, ok := polltest.Poll(d, f1)
	require.False(t, ok)
	f1.Drop()
	require.NoError(t, tx.Send(2))
	r, ok := polltest.Poll(d, f2)
	require.True(t, ok)
	require.Equal(t, 2, r.Value)
}

func TestBudgetExhausted(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := oneshot.New[int]()
	require.NoError(t, tx.Send(1))
	f := rx.Recv()
	taskcx.Of(d.Cx).Budget = 0
	_, ok := polltest.Poll(d, f)
	require.False(t, ok, "no budget: the value is not taken")
	require.Equal(t, int64(1), d.Wakes(), "the task was woken to retry")
	taskcx.Of(d.Cx).Budget = 1
	r, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.Equal(t, 1, r.Value)
	require.Equal(t, 0, d.Cx.Budget())
}

// TestDropAtEveryAwait drops the Recv after k polls, with the sender sending
// after the first poll, and checks the value is received exactly once.
func TestDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		d := polltest.NewDriver()
		tx, rx := oneshot.New[int]()
		f := rx.Recv()
		got, sent, finished := 0, false, false
		for i := 0; i < k; i++ {
			if r, ok := polltest.Poll(d, f); ok {
				require.NoError(t, r.Err)
				require.Equal(t, 42, r.Value)
				got++
				finished = true
				break
			}
			require.NoError(t, tx.Send(42))
			sent = true
		}
		f.Drop()
		if !sent {
			require.NoError(t, tx.Send(42))
		}
		if v, err := rx.TryRecv(); err == nil {
			require.Equal(t, 42, v)
			got++
		} else {
			require.ErrorIs(t, err, oneshot.ErrClosed)
		}
		require.Equal(t, 1, got, "k=%d: the value is received exactly once", k)
		if finished {
			return
		}
	}
}

func TestSizeAndAllocs(t *testing.T) {
	// Both ends, the value, the waker slot and the embedded Recv future.
	require.LessOrEqual(t, oneshot.PairSizeInt, uintptr(56))

	d := polltest.NewDriver()
	allocs := testing.AllocsPerRun(100, func() {
		tx, rx := oneshot.New[int]()
		_ = tx.Send(1)
		r, _ := polltest.Poll(d, rx.Recv())
		if r.Value != 1 {
			panic("lost value")
		}
	})
	require.LessOrEqual(t, allocs, 1.0)
}

func TestStressGoroutineSenders(t *testing.T) {
	const n = 200
	var wg sync.WaitGroup
	results := make([]int, n)
	for i := 0; i < n; i++ {
		tx, rx := oneshot.New[int]()
		wg.Add(2)
		go func() {
			defer wg.Done()
			assert.NoError(t, tx.Send(i))
		}()
		go func() {
			defer wg.Done()
			r := polltest.BlockOn(rx.Recv())
			assert.NoError(t, r.Err)
			results[i] = r.Value
		}()
	}
	wg.Wait()
	for i, v := range results {
		require.Equal(t, i, v)
	}
}

// TestStressCloseRace races Send against Receiver.Close: the value is either
// delivered (and receivable) or handed back, never both, never neither.
func TestStressCloseRace(t *testing.T) {
	for i := 0; i < 300; i++ {
		tx, rx := oneshot.New[int]()
		var sendErr error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); sendErr = tx.Send(1) }()
		go func() { defer wg.Done(); rx.Close() }()
		wg.Wait()
		v, err := rx.TryRecv()
		if sendErr == nil {
			require.NoError(t, err)
			require.Equal(t, 1, v)
		} else {
			require.ErrorIs(t, sendErr, oneshot.ErrClosed)
			require.ErrorIs(t, err, oneshot.ErrClosed)
		}
	}
}

// FuzzOps runs random operation sequences against a model.
func FuzzOps(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{1, 0, 0, 5, 2})
	f.Add([]byte{4, 0, 3, 1, 2})
	f.Add([]byte{3, 5, 0, 1, 4, 2, 2})
	f.Fuzz(func(t *testing.T, ops []byte) {
		d := polltest.NewDriver()
		tx, rx := oneshot.New[int]()
		var (
			sent, txDone, rxClosed, taken bool
			sentVal                       int
			pending                       *oneshot.RecvFuture[int]
		)
		for i, op := range ops {
			switch op % 6 {
			case 0: // send
				err := tx.Send(i)
				if txDone || rxClosed {
					require.ErrorIs(t, err, oneshot.ErrClosed)
				} else {
					require.NoError(t, err)
					sent = true
					txDone = true
					sentVal = i
				}
			case 1: // sender close
				tx.Close()
				txDone = true
			case 2: // receiver close
				rx.Close()
				rxClosed = true
			case 3, 4: // poll a Recv
				if pending == nil {
					pending = rx.Recv()
				}
				r, ok := polltest.Poll(d, pending)
				if ok {
					pending = nil
					if sent && !taken {
						require.NoError(t, r.Err)
						require.Equal(t, sentVal, r.Value)
						taken = true
					} else {
						require.ErrorIs(t, r.Err, oneshot.ErrClosed)
						require.True(t, txDone || rxClosed || taken)
					}
				} else {
					require.False(t, txDone || rxClosed || taken)
				}
			case 5: // drop the pending Recv
				if pending != nil {
					pending.Drop()
					pending = nil
				}
			}
		}
		if pending != nil {
			pending.Drop()
		}
		v, err := rx.TryRecv()
		if sent && !taken {
			require.NoError(t, err)
			require.Equal(t, sentVal, v)
		} else if err == nil {
			t.Fatalf("unexpected value %d", v)
		}
	})
}
