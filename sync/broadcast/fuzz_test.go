package broadcast_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/broadcast"
)

// FuzzChannel runs random sends, receives, drops and closes on a channel
// with up to three receivers against a model: the log of values sent and
// each receiver's cursor into it.
func FuzzChannel(f *testing.F) {
	f.Add(uint8(1), []byte{0, 0, 0, 1, 1, 1, 0x11, 2, 3, 4, 5})
	f.Add(uint8(0), []byte{0, 0x11, 0x21, 6, 0, 1, 0x12, 5, 7, 1, 0x11})
	f.Add(uint8(2), []byte{0, 2, 0, 0, 0, 0, 2, 3, 2, 1, 7, 1, 2})
	f.Fuzz(func(t *testing.T, capByte uint8, ops []byte) {
		capacity := int(capByte%3) + 1
		tx, rx0 := broadcast.New[int](capacity)
		d := polltest.NewDriver()
		type mrx struct {
			rx     *broadcast.Receiver[int]
			next   int // index into log
			closed bool
			f      *broadcast.RecvFuture[int]
		}
		rxs := []*mrx{{rx: rx0}}
		var log []int
		txClosed := false
		open := func() int {
			n := 0
			for _, r := range rxs {
				if !r.closed {
					n++
				}
			}
			return n
		}
		// expect checks one receive outcome against the model; pending
		// reports whether "nothing yet" was the right answer.
		expect := func(r *mrx, v int, err error, nothing bool) {
			oldest := max(0, len(log)-capacity)
			switch {
			case r.closed:
				require.ErrorIs(t, err, broadcast.ErrClosed)
			case r.next < oldest:
				var lag *broadcast.LaggedError
				require.True(t, errors.As(err, &lag), "want a lag, got %v", err)
				require.Equal(t, uint64(oldest-r.next), lag.Missed)
				r.next = oldest
			case r.next < len(log):
				require.NoError(t, err)
				require.Equal(t, log[r.next], v)
				r.next++
			case txClosed:
				require.ErrorIs(t, err, broadcast.ErrClosed)
			default:
				require.True(t, nothing, "got %v, %v from nothing", v, err)
			}
		}
		for i, op := range ops {
			r := rxs[int(op>>4)%len(rxs)]
			switch op & 7 {
			case 0: // send
				n, err := tx.Send(i)
				if txClosed || open() == 0 {
					require.ErrorIs(t, err, broadcast.ErrClosed)
					continue
				}
				require.NoError(t, err)
				require.Equal(t, open(), n)
				log = append(log, i)
			case 1: // TryRecv
				v, err := r.rx.TryRecv()
				expect(r, v, err, errors.Is(err, broadcast.ErrEmpty))
			case 2, 3: // poll a Recv
				if r.f == nil {
					r.f = r.rx.Recv()
				}
				res, ok := polltest.Poll(d, r.f)
				expect(r, res.Value, res.Err, !ok)
				if ok {
					r.f = nil
				}
			case 4: // drop a Recv
				if r.f != nil {
					r.f.Drop()
					r.f = nil
				}
			case 5: // subscribe
				if len(rxs) < 3 {
					rxs = append(rxs, &mrx{rx: tx.Subscribe(), next: len(log)})
				}
			case 6: // close a receiver
				r.rx.Close()
				r.closed = true
			case 7: // close the sender
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
		tx.Close()
	})
}
