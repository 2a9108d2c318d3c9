package semaphore_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/semaphore"
)

// semModel is the reference: free permits and the FIFO line with partial
// grants.
type semModel struct {
	permits int
	closed  bool
	queue   []int   // slots in line
	want    [8]int  // per slot: permits requested
	got     [8]int  // per slot: permits assigned (partial, or all once granted)
	granted [8]bool // per slot: out of line with all its permits
	closedW [8]bool // per slot: woken by Close
}

func (m *semModel) release(n int) {
	for n > 0 && len(m.queue) > 0 {
		i := m.queue[0]
		give := min(n, m.want[i]-m.got[i])
		m.got[i] += give
		n -= give
		if m.got[i] < m.want[i] {
			return
		}
		m.queue = m.queue[1:]
		m.granted[i] = true
	}
	m.permits += n
}

// FuzzSemaphore runs random acquire/poll/drop/release/TryAcquire/AddPermits
// /Close sequences against semModel and checks conservation of permits.
func FuzzSemaphore(f *testing.F) {
	f.Add(uint8(2), []byte{0x03, 0x21, 0x01, 0x22, 0x42, 0x20, 0x22, 0x60, 0x61, 0x82})
	f.Add(uint8(1), []byte{0x02, 0x20, 0x13, 0x30, 0xa2, 0x21, 0xc0, 0x20, 0x41})
	f.Add(uint8(0), []byte{0x01, 0x21, 0x02, 0x22, 0xe0, 0x21, 0x22, 0x61})
	f.Fuzz(func(t *testing.T, initial uint8, ops []byte) {
		const slots = 8
		start := int(initial % 5)
		s := semaphore.New(start)
		added := start
		model := semModel{permits: start}
		type slot struct {
			p      *polltest.Poller[res]
			queued bool
			pm     *semaphore.Permit
		}
		var sl [slots]slot
		held := 0 // permits held by Permit values
		for _, op := range ops {
			i := int(op&7) % slots
			arg := int(op>>3) & 3
			switch op >> 5 {
			case 0: // new Acquire(arg)
				if sl[i] == (slot{}) {
					sl[i].p = polltest.NewPoller(s.Acquire(arg))
					model.want[i], model.got[i], model.granted[i], model.closedW[i] = arg, 0, false, false
				}
			case 1: // poll
				p := sl[i].p
				if p == nil {
					continue
				}
				wakes := p.Wakes()
				r, ok := p.Poll()
				switch {
				case model.granted[i]:
					require.True(t, ok)
					require.NoError(t, r.Err)
					require.Equal(t, 1, wakes)
				case model.closedW[i] || model.closed:
					require.True(t, ok)
					require.ErrorIs(t, r.Err, semaphore.ErrClosed)
				case !sl[i].queued && (model.want[i] == 0 || (len(model.queue) == 0 && model.permits >= model.want[i])):
					require.True(t, ok)
					require.NoError(t, r.Err)
					model.permits -= model.want[i]
				default:
					require.False(t, ok)
					require.Equal(t, 0, wakes)
					if !sl[i].queued {
						sl[i].queued = true
						model.got[i] = model.permits
						model.permits = 0
						model.queue = append(model.queue, i)
					}
				}
				if ok {
					sl[i] = slot{}
					if r.Err == nil {
						require.Equal(t, model.want[i], r.Value.N())
						sl[i].pm = r.Value
						held += r.Value.N()
					}
					model.granted[i], model.closedW[i], model.got[i] = false, false, 0
				}
			case 2: // drop
				if sl[i].p == nil {
					continue
				}
				sl[i].p.Drop()
				if k := slices.Index(model.queue, i); k >= 0 {
					model.queue = slices.Delete(model.queue, k, k+1)
				}
				back := model.got[i]
				model.got[i], model.granted[i], model.closedW[i] = 0, false, false
				model.release(back)
				sl[i] = slot{}
			case 3: // release
				if sl[i].pm == nil {
					continue
				}
				held -= sl[i].pm.N()
				model.release(sl[i].pm.N())
				sl[i].pm.Release()
				sl[i] = slot{}
			case 4: // TryAcquire(arg)
				if sl[i] != (slot{}) {
					continue
				}
				pm, ok := s.TryAcquire(arg)
				require.Equal(t, !model.closed && model.permits >= arg && (arg == 0 || len(model.queue) == 0), ok)
				if ok {
					model.permits -= arg
					held += arg
					sl[i].pm = pm
				}
			case 5, 6: // AddPermits(arg)
				s.AddPermits(arg)
				added += arg
				model.release(arg)
			default: // Close
				s.Close()
				if !model.closed {
					model.closed = true
					for _, j := range model.queue {
						model.permits += model.got[j]
						model.got[j] = 0
						model.closedW[j] = true
					}
					model.queue = nil
				}
			}
			require.Equal(t, model.permits, s.Available())
			require.Equal(t, len(model.queue), semaphore.Waiters(s))
			if len(model.queue) > 0 {
				require.Equal(t, 0, model.permits, "no free permit while anyone waits")
			}
			inFlight := 0
			for j := range sl {
				inFlight += model.got[j]
			}
			require.Equal(t, added, model.permits+held+inFlight, "permits conserved")
		}
		for i := range sl {
			if sl[i].p != nil {
				sl[i].p.Drop()
			}
			if sl[i].pm != nil {
				sl[i].pm.Release()
			}
		}
		require.Equal(t, added, s.Available(), "every permit comes back")
	})
}
