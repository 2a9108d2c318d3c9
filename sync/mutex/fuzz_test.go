package mutex_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/mutex"
)

// mutexModel is the reference: who owns the lock and who waits, in order.
type mutexModel struct {
	owner int // slot owning the lock (a guard or a granted future), -1 if free
	queue []int
}

func (m *mutexModel) release() {
	if len(m.queue) == 0 {
		m.owner = -1
		return
	}
	m.owner, m.queue = m.queue[0], m.queue[1:]
}

// FuzzMutex runs random lock/poll/drop/unlock/TryLock sequences on six slots
// against mutexModel, checking every outcome and every wake-up.
func FuzzMutex(f *testing.F) {
	f.Add([]byte{0x80, 0x01, 0x21, 0x02, 0x22, 0x60, 0x21, 0x22, 0x41, 0x22, 0x62})
	f.Add([]byte{0x00, 0x20, 0x01, 0x21, 0x02, 0x22, 0x41, 0x60, 0x22, 0x42, 0x83})
	f.Add([]byte{0x00, 0x20, 0x01, 0x21, 0x40, 0x21, 0x61, 0x80})
	f.Fuzz(func(t *testing.T, ops []byte) {
		const slots = 6
		m := mutex.New(0)
		type slot struct {
			p      *polltest.Poller[*mutex.Guard[int]]
			queued bool
			g      *mutex.Guard[int]
		}
		var s [slots]slot
		model := mutexModel{owner: -1}
		for _, op := range ops {
			i := int(op&31) % slots
			switch op >> 5 {
			case 0: // new Lock future
				if s[i].p == nil && s[i].g == nil {
					s[i].p = polltest.NewPoller[*mutex.Guard[int]](m.Lock())
				}
			case 1: // poll
				p := s[i].p
				if p == nil {
					continue
				}
				wakes := p.Wakes()
				g, ok := p.Poll()
				switch {
				case model.owner == i:
					require.True(t, ok, "granted future must be ready")
					require.Equal(t, 1, wakes, "grant wakes once")
				case !s[i].queued && model.owner == -1 && len(model.queue) == 0:
					require.True(t, ok, "free lock must be taken")
					model.owner = i
				default:
					require.False(t, ok)
					require.Equal(t, 0, wakes, "no spurious wake")
					if !s[i].queued {
						s[i].queued = true
						model.queue = append(model.queue, i)
					}
				}
				if ok {
					s[i] = slot{g: g}
				}
			case 2: // drop
				if s[i].p == nil {
					continue
				}
				s[i].p.Drop()
				if model.owner == i {
					model.release()
				} else if k := slices.Index(model.queue, i); k >= 0 {
					model.queue = slices.Delete(model.queue, k, k+1)
				}
				s[i] = slot{}
			case 3: // unlock
				if s[i].g == nil {
					continue
				}
				*s[i].g.Value() += 1
				s[i].g.Unlock()
				s[i] = slot{}
				model.release()
			default: // TryLock
				if s[i].p != nil || s[i].g != nil {
					continue
				}
				g, ok := m.TryLock()
				require.Equal(t, model.owner == -1 && len(model.queue) == 0, ok)
				if ok {
					model.owner = i
					s[i].g = g
				}
			}
			require.Equal(t, len(model.queue), mutex.Waiters(m))
		}
		for i := range s {
			if s[i].p != nil {
				s[i].p.Drop()
			}
			if s[i].g != nil {
				s[i].g.Unlock()
			}
		}
		g, ok := m.TryLock()
		require.True(t, ok, "lock free once everyone is gone")
		g.Unlock()
	})
}

// rwModel is the reference for RWMutex: holders and the FIFO line.
type rwModel struct {
	readers map[int]bool // slots holding (or granted) a read hold
	writer  int          // slot holding (or granted) the write lock, -1 if none
	queue   []int
	write   [8]bool // per slot: a writer request
}

func (m *rwModel) grant() {
	for len(m.queue) > 0 {
		i := m.queue[0]
		if m.writer >= 0 || (m.write[i] && len(m.readers) > 0) {
			return
		}
		m.queue = m.queue[1:]
		if m.write[i] {
			m.writer = i
			return
		}
		m.readers[i] = true
	}
}

func (m *rwModel) holds(i int) bool { return m.writer == i || m.readers[i] }

func (m *rwModel) release(i int) {
	if m.writer == i {
		m.writer = -1
	}
	delete(m.readers, i)
	m.grant()
}

// FuzzRWMutex runs random read/write/poll/drop/unlock sequences against
// rwModel.
func FuzzRWMutex(f *testing.F) {
	f.Add([]byte{0x00, 0x01, 0x22, 0x20, 0x21, 0x42, 0x03, 0x23, 0x60, 0x61, 0x42, 0x43})
	f.Add([]byte{0x02, 0x22, 0x00, 0x01, 0x20, 0x21, 0x62, 0x21, 0x20, 0x80, 0x81})
	f.Fuzz(func(t *testing.T, ops []byte) {
		const slots = 8
		rw := mutex.NewRW(0)
		type slot struct {
			r      *polltest.Poller[*mutex.ReadGuard[int]]
			w      *polltest.Poller[*mutex.WriteGuard[int]]
			queued bool
			rg     *mutex.ReadGuard[int]
			wg     *mutex.WriteGuard[int]
		}
		var s [slots]slot
		model := rwModel{readers: map[int]bool{}, writer: -1}
		empty := func(i int) bool { return s[i] == (slot{}) }
		for _, op := range ops {
			i := int(op&31) % slots
			switch op >> 5 {
			case 0: // new future: even slots read, odd slots write
				if empty(i) {
					model.write[i] = i%2 == 1
					if i%2 == 1 {
						s[i].w = polltest.NewPoller[*mutex.WriteGuard[int]](rw.Write())
					} else {
						s[i].r = polltest.NewPoller[*mutex.ReadGuard[int]](rw.Read())
					}
				}
			case 1: // poll
				var ok bool
				var wakes int
				switch {
				case s[i].r != nil:
					wakes = s[i].r.Wakes()
					s[i].rg, ok = s[i].r.Poll()
				case s[i].w != nil:
					wakes = s[i].w.Wakes()
					s[i].wg, ok = s[i].w.Poll()
				default:
					continue
				}
				switch {
				case model.holds(i):
					require.True(t, ok)
					require.Equal(t, 1, wakes)
				case !s[i].queued && len(model.queue) == 0 && model.writer < 0 && (!model.write[i] || len(model.readers) == 0):
					require.True(t, ok)
					if model.write[i] {
						model.writer = i
					} else {
						model.readers[i] = true
					}
				default:
					require.False(t, ok)
					require.Equal(t, 0, wakes)
					if !s[i].queued {
						s[i].queued = true
						model.queue = append(model.queue, i)
					}
				}
				if ok {
					s[i].r, s[i].w, s[i].queued = nil, nil, false
				}
			case 2: // drop
				if s[i].r == nil && s[i].w == nil {
					continue
				}
				if s[i].r != nil {
					s[i].r.Drop()
				} else {
					s[i].w.Drop()
				}
				if k := slices.Index(model.queue, i); k >= 0 {
					model.queue = slices.Delete(model.queue, k, k+1)
					model.grant()
				} else {
					model.release(i)
				}
				s[i] = slot{}
			default: // unlock
				switch {
				case s[i].rg != nil:
					s[i].rg.Unlock()
				case s[i].wg != nil:
					s[i].wg.Unlock()
				default:
					continue
				}
				s[i] = slot{}
				model.release(i)
			}
			readers, writer, waiting := mutex.RWState(rw)
			require.Equal(t, len(model.readers), readers)
			require.Equal(t, model.writer >= 0, writer)
			require.Equal(t, len(model.queue), waiting)
		}
		for i := range s {
			switch {
			case s[i].r != nil:
				s[i].r.Drop()
			case s[i].w != nil:
				s[i].w.Drop()
			case s[i].rg != nil:
				s[i].rg.Unlock()
			case s[i].wg != nil:
				s[i].wg.Unlock()
			}
		}
		g, ok := rw.TryWrite()
		require.True(t, ok)
		g.Unlock()
	})
}
