package mpsc_test

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// The model of a bounded channel with one sender handle: what the
// implementation must do, written as plainly as possible.
const (
	mWaiting = iota
	mGranted
	mFailed
)

type mEntry struct {
	val     int
	reserve bool
	state   int
}

type model struct {
	capacity           int
	buf                []int
	queue              []*mEntry
	reserved           int
	txClosed, rxClosed bool
}

func (m *model) free() bool   { return len(m.buf)+m.reserved < m.capacity }
func (m *model) closed() bool { return m.txClosed || m.rxClosed }
func (m *model) ended() bool {
	return m.closed() && len(m.buf) == 0 && m.reserved == 0 && len(m.queue) == 0
}

func (m *model) grant() {
	if len(m.queue) == 0 || !m.free() {
		return
	}
	e := m.queue[0]
	m.queue = m.queue[1:]
	if e.reserve {
		m.reserved++
	} else {
		m.buf = append(m.buf, e.val)
	}
	e.state = mGranted
}

func (m *model) remove(e *mEntry) {
	for i, x := range m.queue {
		if x == e {
			m.queue = append(m.queue[:i], m.queue[i+1:]...)
			return
		}
	}
}

type fSend struct {
	f *mpsc.SendFuture[int]
	e *mEntry
}

type fReserve struct {
	f *mpsc.ReserveFuture[int]
	e *mEntry
}

// FuzzChannel runs random sequences of sends, receives, reserves, drops
// and closes against the model, and checks at the end that every value
// was received or handed back exactly once.
func FuzzChannel(f *testing.F) {
	f.Add(uint8(1), []byte{0, 0, 1, 1, 4, 2, 3, 5, 6, 4, 4})
	f.Add(uint8(2), []byte{7, 7, 7, 0x18, 9, 4, 10, 11, 4, 4, 12, 5})
	f.Add(uint8(1), []byte{0, 1, 1, 1, 0x13, 13, 2, 0x12, 0x22, 4, 4})
	f.Add(uint8(3), []byte{1, 1, 1, 1, 7, 7, 5, 12, 4, 4, 4, 8, 0x18, 10, 5, 5})
	// Two Recv futures waiting; values handed to one, taken by the other.
	f.Add(uint8(2), []byte{5, 14, 0, 0, 14, 5, 5, 14, 0, 1, 1, 6, 14, 15, 4, 12, 5})
	f.Add(uint8(1), []byte{14, 5, 1, 0x11, 14, 0x12, 15, 5, 5, 0x12, 14, 13, 14, 5})
	f.Add(uint8(1), []byte{5, 7, 0x17, 14, 10, 6, 5, 0x18, 14, 15, 4, 4, 11, 5})
	f.Fuzz(func(t *testing.T, capacity uint8, ops []byte) {
		m := &model{capacity: int(capacity%4) + 1}
		tx, rx := mpsc.New[int](m.capacity)
		d := polltest.NewDriver()
		var (
			sends    []fSend
			reserves []fReserve
			permits  []*mpsc.Permit[int]
			recv     *mpsc.RecvFuture[int]
			// recv2 is a second Recv future of the same Receiver, kept
			// and re-armed with Reset; live2 tells whether it is armed.
			recv2 *mpsc.RecvFuture[int]
			live2 bool
			sent  []int // every value offered
			kept  []int // values handed back
			got   []int // values received
		)
		// A distinct future for recv2: the first Recv is the Receiver's
		// embedded one, the second (while the first is live) is new.
		first := rx.Recv()
		recv2 = rx.Recv()
		first.Drop()
		recv2.Drop()
		receive := func(v int) {
			require.NotEmpty(t, m.buf, "received %d from an empty model", v)
			require.Equal(t, m.buf[0], v, "FIFO order")
			m.buf = m.buf[1:]
			m.grant()
			got = append(got, v)
		}
		// checkRecv checks one poll of a Recv future against the model and
		// reports whether the future finished (Ready).
		checkRecv := func(r future.Result[int], ok bool) (finished bool) {
			switch {
			case len(m.buf) > 0:
				require.True(t, ok)
				require.NoError(t, r.Err)
				receive(r.Value)
				return true
			case m.ended():
				require.True(t, ok)
				require.ErrorIs(t, r.Err, mpsc.ErrClosed)
				return true
			default:
				require.False(t, ok)
				return false
			}
		}
		for i, op := range ops {
			idx := int(op >> 4)
			val := i
			switch op & 15 {
			case 0: // TrySend
				sent = append(sent, val)
				err := tx.TrySend(val)
				switch {
				case m.closed():
					require.ErrorIs(t, err, mpsc.ErrClosed)
					kept = append(kept, val)
				case !m.free():
					require.ErrorIs(t, err, mpsc.ErrFull)
					kept = append(kept, val)
				default:
					require.NoError(t, err)
					m.buf = append(m.buf, val)
				}
			case 1: // new Send, polled once
				sent = append(sent, val)
				s := fSend{f: tx.Send(val), e: &mEntry{val: val}}
				err, ok := polltest.Poll(d, s.f)
				switch {
				case m.closed():
					require.True(t, ok)
					require.ErrorIs(t, err, mpsc.ErrClosed)
					v, unsent := s.f.Unsent()
					require.True(t, unsent)
					kept = append(kept, v)
				case m.free():
					require.True(t, ok)
					require.NoError(t, err)
					m.buf = append(m.buf, val)
				default:
					require.False(t, ok)
					m.queue = append(m.queue, s.e)
					sends = append(sends, s)
				}
			case 2, 3: // poll or drop a waiting Send
				if len(sends) == 0 {
					continue
				}
				k := idx % len(sends)
				s := sends[k]
				if op&15 == 2 {
					err, ok := polltest.Poll(d, s.f)
					if s.e.state == mWaiting {
						require.False(t, ok)
						continue
					}
					require.True(t, ok)
					if s.e.state == mGranted {
						require.NoError(t, err)
					} else {
						require.ErrorIs(t, err, mpsc.ErrClosed)
					}
				} else {
					s.f.Drop()
					if s.e.state == mWaiting {
						m.remove(s.e)
					}
				}
				v, unsent := s.f.Unsent()
				require.Equal(t, s.e.state != mGranted, unsent)
				if unsent {
					require.Equal(t, s.e.val, v)
					kept = append(kept, v)
				}
				sends = append(sends[:k], sends[k+1:]...)
			case 4: // TryRecv
				v, err := rx.TryRecv()
				switch {
				case len(m.buf) > 0:
					require.NoError(t, err)
					receive(v)
				case m.ended():
					require.ErrorIs(t, err, mpsc.ErrClosed)
				default:
					require.ErrorIs(t, err, mpsc.ErrEmpty)
				}
			case 5: // poll Recv
				if recv == nil {
					recv = rx.Recv()
				}
				if r, ok := polltest.Poll(d, recv); checkRecv(r, ok) {
					recv = nil
				}
			case 6: // drop Recv
				if recv != nil {
					recv.Drop()
					recv = nil
				}
			case 7: // new Reserve, polled once
				r := fReserve{f: tx.Reserve(), e: &mEntry{reserve: true}}
				res, ok := polltest.Poll(d, r.f)
				switch {
				case m.closed():
					require.True(t, ok)
					require.ErrorIs(t, res.Err, mpsc.ErrClosed)
				case m.free():
					require.True(t, ok)
					require.NoError(t, res.Err)
					m.reserved++
					permits = append(permits, res.Value)
				default:
					require.False(t, ok)
					m.queue = append(m.queue, r.e)
					reserves = append(reserves, r)
				}
			case 8, 9: // poll or drop a waiting Reserve
				if len(reserves) == 0 {
					continue
				}
				k := idx % len(reserves)
				r := reserves[k]
				if op&15 == 8 {
					res, ok := polltest.Poll(d, r.f)
					switch r.e.state {
					case mWaiting:
						require.False(t, ok)
						continue
					case mGranted:
						require.True(t, ok)
						require.NoError(t, res.Err)
						permits = append(permits, res.Value)
					default:
						require.True(t, ok)
						require.ErrorIs(t, res.Err, mpsc.ErrClosed)
					}
				} else {
					r.f.Drop()
					switch r.e.state {
					case mWaiting:
						m.remove(r.e)
					case mGranted:
						m.reserved--
						m.grant()
					}
				}
				reserves = append(reserves[:k], reserves[k+1:]...)
			case 10, 11: // use a Permit
				if len(permits) == 0 {
					continue
				}
				k := idx % len(permits)
				p := permits[k]
				permits = append(permits[:k], permits[k+1:]...)
				m.reserved--
				if op&15 == 10 {
					sent = append(sent, val)
					p.Send(val)
					m.buf = append(m.buf, val)
				} else {
					p.Release()
					m.grant()
				}
			case 14: // poll the second Recv, re-armed by Reset
				if !live2 {
					recv2.Reset()
					live2 = true
				}
				if r, ok := polltest.Poll(d, recv2); checkRecv(r, ok) {
					live2 = false
				}
			case 15: // drop the second Recv
				if live2 {
					recv2.Drop()
					live2 = false
				}
			case 12:
				tx.Close()
				m.txClosed = true
			case 13:
				rx.Close()
				m.rxClosed = true
				for _, e := range m.queue {
					e.state = mFailed
				}
				m.queue = nil
			}
		}
		// Wind down: cancel everything, close, drain.
		if recv != nil {
			recv.Drop()
		}
		if live2 {
			recv2.Drop()
		}
		for _, s := range sends {
			s.f.Drop()
			if v, unsent := s.f.Unsent(); unsent {
				kept = append(kept, v)
			}
		}
		for _, r := range reserves {
			r.f.Drop()
		}
		for _, p := range permits {
			p.Release()
		}
		tx.Close()
		for {
			v, err := rx.TryRecv()
			if err != nil {
				require.ErrorIs(t, err, mpsc.ErrClosed)
				break
			}
			got = append(got, v)
		}
		all := append(append([]int{}, got...), kept...)
		sort.Ints(all)
		sort.Ints(sent)
		if len(sent) == 0 {
			require.Empty(t, all)
			return
		}
		require.Equal(t, sent, all, "every value received or handed back exactly once")
	})
}
