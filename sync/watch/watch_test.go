package watch_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/watch"
)

func TestChangedAndBorrow(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := watch.New("soup")
	require.Equal(t, "soup", rx.Borrow())
	f := rx.Changed()
	_, ok := polltest.Poll(d, f)
	require.False(t, ok, "the initial value counts as seen")
	require.Equal(t, "watch.Changed", taskcx.Of(d.Cx).WaitingOn.String())
	require.NoError(t, tx.Send("stew"))
	require.Equal(t, int64(1), d.Wakes())
	err, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.NoError(t, err)
	require.Equal(t, "stew", rx.Borrow())
	require.False(t, rx.HasChanged())
	require.PanicsWithValue(t, "*watch.ChangedFuture[string] polled after completion", func() { polltest.Poll(d, f) })

	// Several sends in a row are seen as one change, of the latest value.
	require.NoError(t, tx.Send("a"))
	require.NoError(t, tx.Send("b"))
	require.True(t, rx.HasChanged())
	err, ok = polltest.Poll(d, rx.Changed())
	require.True(t, ok)
	require.NoError(t, err)
	require.Equal(t, "b", rx.Borrow())
	_, ok = polltest.Poll(d, rx.Changed())
	require.False(t, ok)
}

func TestBorrowAndUpdate(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := watch.New(1)
	require.NoError(t, tx.Send(2))
	require.Equal(t, 2, rx.Borrow())
	require.True(t, rx.HasChanged(), "Borrow does not mark seen")
	require.Equal(t, 2, rx.BorrowAndUpdate())
	require.False(t, rx.HasChanged())
	_, ok := polltest.Poll(d, rx.Changed())
	require.False(t, ok)
}

func TestSenderClose(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := watch.New(0)
	require.NoError(t, tx.Send(1))
	tx.Close()
	tx.Close() // no-op
	require.ErrorIs(t, tx.Send(2), watch.ErrClosed)
	// The unseen change comes first, then the end.
	err, ok := polltest.Poll(d, rx.Changed())
	require.True(t, ok)
	require.NoError(t, err)
	err, ok = polltest.Poll(d, rx.Changed())
	require.True(t, ok)
	require.ErrorIs(t, err, watch.ErrClosed)
	require.Equal(t, 1, rx.Borrow())

	// A pending Changed is woken by the close.
	tx, rx = watch.New(0)
	f := rx.Changed()
	polltest.Poll(d, f)
	tx.Close()
	err, ok = polltest.Poll(d, f)
	require.True(t, ok)
	require.ErrorIs(t, err, watch.ErrClosed)
}

func TestReceiversCloneClose(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := watch.New(0)
	rx2 := rx.Clone()
	require.Equal(t, 2, tx.ReceiverCount())
	f := rx2.Changed()
	polltest.Poll(d, f)
	rx2.Close()
	rx2.Close() // no-op
	err, ok := polltest.Poll(d, f)
	require.True(t, ok)
	require.ErrorIs(t, err, watch.ErrClosed)
	require.PanicsWithValue(t, "watch.Receiver.Clone: receiver closed", func() { rx2.Clone() })
	require.NoError(t, tx.Send(1))
	rx.Close()
	require.ErrorIs(t, tx.Send(2), watch.ErrClosed, "no receiver left")
	require.Equal(t, 1, rx.Borrow())

	rx3 := tx.Subscribe()
	require.NoError(t, tx.Send(3), "a new subscriber revives Send")
	require.True(t, rx3.HasChanged())
	rx3.Close()
}

func TestDropAndBudget(t *testing.T) {
	d := polltest.NewDriver()
	tx, rx := watch.New(0)
	f := rx.Changed()
	polltest.Poll(d, f)
	f.Drop()
	f.Drop()
	require.NoError(t, tx.Send(1))
	require.Zero(t, d.Wakes(), "a dropped Changed is not woken")
	require.True(t, rx.HasChanged(), "a dropped Changed marks nothing seen")
	require.PanicsWithValue(t, "*watch.ChangedFuture[int] polled after Drop", func() { polltest.Poll(d, f) })

	g := rx.Changed()
	taskcx.Of(d.Cx).Budget = 0
	_, ok := polltest.Poll(d, g)
	require.False(t, ok)
	require.Equal(t, int64(1), d.Wakes())
	require.True(t, rx.HasChanged())
	taskcx.Of(d.Cx).Budget = 1
	err, ok := polltest.Poll(d, g)
	require.True(t, ok)
	require.NoError(t, err)
}

func TestTwoLiveChangedFutures(t *testing.T) {
	d1, d2 := polltest.NewDriver(), polltest.NewDriver()
	tx, rx := watch.New(0)
	f1, f2 := rx.Changed(), rx.Changed()
	require.NotSame(t, f1, f2)
	polltest.Poll(d1, f1)
	polltest.Poll(d2, f2)
	require.NoError(t, tx.Send(1))
	require.Equal(t, int64(1), d1.Wakes())
	require.Equal(t, int64(1), d2.Wakes())
	f1.Drop()
	err, ok := polltest.Poll(d2, f2)
	require.True(t, ok)
	require.NoError(t, err)
}

// TestDropAtEveryAwait: the sender sends after each pending poll; however
// the Changed is dropped, the receiver ends up seeing the latest value, and
// a change is never lost: after the drop, either the future reported it or
// HasChanged still does.
func TestDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		d := polltest.NewDriver()
		tx, rx := watch.New(0)
		f := rx.Changed()
		sent, reported := 0, false
		for i := 0; i < k; i++ {
			if err, ok := polltest.Poll(d, f); ok {
				require.NoError(t, err)
				reported = true
				break
			}
			sent++
			require.NoError(t, tx.Send(sent))
		}
		f.Drop()
		if sent > 0 {
			require.NotEqual(t, reported, rx.HasChanged(), "k=%d: the change is reported exactly once", k)
		}
		require.Equal(t, sent, rx.BorrowAndUpdate())
		tx.Close()
		err, ok := polltest.Poll(d, rx.Changed())
		require.True(t, ok)
		require.ErrorIs(t, err, watch.ErrClosed)
		if reported {
			return
		}
	}
}

// TestStress: a goroutine sends increasing values; watcher goroutines see
// a non-decreasing sequence ending at the last value.
func TestStress(t *testing.T) {
	const last, watchers = 500, 3
	tx, rx := watch.New(0)
	var wg sync.WaitGroup
	for w := 0; w < watchers; w++ {
		r := rx.Clone()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer r.Close()
			prev := 0
			for {
				if err := polltest.BlockOn(r.Changed()); err != nil {
					assert.ErrorIs(t, err, watch.ErrClosed)
					break
				}
				v := r.Borrow()
				assert.GreaterOrEqual(t, v, prev)
				prev = v
			}
			assert.Equal(t, last, r.Borrow())
		}()
	}
	rx.Close()
	for i := 1; i <= last; i++ {
		require.NoError(t, tx.Send(i))
	}
	tx.Close()
	wg.Wait()
}

// FuzzOps runs random sends, Changed polls and drops, borrows and closes
// against a model of versions.
func FuzzOps(f *testing.F) {
	f.Add([]byte{0, 1, 1, 2, 0, 0, 1, 3, 4, 1, 5, 1})
	f.Add([]byte{1, 0, 4, 2, 0x11, 6, 0x11, 0, 5})
	f.Fuzz(func(t *testing.T, ops []byte) {
		d := polltest.NewDriver()
		tx, rx0 := watch.New(0)
		type mrx struct {
			rx     *watch.Receiver[int]
			seen   int
			closed bool
			f      *watch.ChangedFuture[int]
		}
		rxs := []*mrx{{rx: rx0}}
		version, value, txClosed := 0, 0, false
		open := func() int {
			n := 0
			for _, r := range rxs {
				if !r.closed {
					n++
				}
			}
			return n
		}
		for i, op := range ops {
			r := rxs[int(op>>4)%len(rxs)]
			switch op & 7 {
			case 0: // send
				err := tx.Send(i)
				if txClosed || open() == 0 {
					require.ErrorIs(t, err, watch.ErrClosed)
					continue
				}
				require.NoError(t, err)
				version++
				value = i
			case 1: // poll Changed
				if r.f == nil {
					r.f = r.rx.Changed()
				}
				err, ok := polltest.Poll(d, r.f)
				switch {
				case r.closed:
					require.True(t, ok)
					require.ErrorIs(t, err, watch.ErrClosed)
				case r.seen != version:
					require.True(t, ok)
					require.NoError(t, err)
					r.seen = version
				case txClosed:
					require.True(t, ok)
					require.ErrorIs(t, err, watch.ErrClosed)
				default:
					require.False(t, ok)
				}
				if ok {
					r.f = nil
				}
			case 2: // drop Changed
				if r.f != nil {
					r.f.Drop()
					r.f = nil
				}
			case 3: // borrow
				require.Equal(t, value, r.rx.Borrow())
				require.Equal(t, r.seen != version, r.rx.HasChanged())
			case 4: // borrow and update
				require.Equal(t, value, r.rx.BorrowAndUpdate())
				r.seen = version
			case 5: // clone
				if !r.closed && len(rxs) < 4 {
					rxs = append(rxs, &mrx{rx: r.rx.Clone(), seen: r.seen})
				}
			case 6: // close a receiver
				r.rx.Close()
				r.closed = true
			case 7:
				tx.Close()
				txClosed = true
			}
		}
		for _, r := range rxs {
			if r.f != nil {
				r.f.Drop()
			}
			r.rx.Close()
		}
	})
}
