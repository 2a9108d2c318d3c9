package notify_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/notify"
)

// FuzzNotify runs random create/poll/drop/NotifyOne/NotifyWaiters sequences
// against a model of tokio's semantics, and checks that every NotifyOne is
// observed, stored or passed on exactly once.
func FuzzNotify(f *testing.F) {
	f.Add([]byte{0x00, 0x01, 0x20, 0x21, 0x60, 0x40, 0x21, 0x80, 0x22})
	f.Add([]byte{0x00, 0x20, 0x01, 0x80, 0x21, 0x60, 0x60, 0x02, 0x22, 0x41, 0x22})
	f.Add([]byte("\x019aaA")) // a passed-on NotifyOne coalescing with a stored permit
	f.Fuzz(func(t *testing.T, ops []byte) {
		const slots = 6
		n := notify.New()
		var (
			p        [slots]*polltest.Poller[unit]
			queued   [slots]bool
			chosen   [slots]bool // taken out of line by NotifyOne or NotifyWaiters
			byOne    [slots]bool
			created  [slots]int // model calls at creation
			calls    int
			permit   bool
			queue    []int
			sentOne  int // NotifyOne calls
			seenOne  int // completions attributable to NotifyOne (incl. permits)
			overflow int // NotifyOne calls coalesced into an already-stored permit
		)
		for _, op := range ops {
			i := int(op&31) % slots
			switch op >> 5 {
			case 0: // create
				if p[i] == nil {
					p[i] = polltest.NewPoller(n.Notified())
					created[i] = calls
				}
			case 1: // poll
				if p[i] == nil {
					continue
				}
				wakes := p[i].Wakes()
				_, ok := p[i].Poll()
				switch {
				case chosen[i]:
					require.True(t, ok)
					require.Equal(t, 1, wakes)
					if byOne[i] {
						seenOne++
					}
				case created[i] != calls:
					require.True(t, ok)
				case !queued[i] && permit:
					require.True(t, ok)
					permit = false
					seenOne++
				default:
					require.False(t, ok)
					require.Equal(t, 0, wakes)
					if !queued[i] {
						queued[i] = true
						queue = append(queue, i)
					}
				}
				if ok {
					p[i], queued[i], chosen[i], byOne[i] = nil, false, false, false
				}
			case 2: // drop
				if p[i] == nil {
					continue
				}
				p[i].Drop()
				if k := slices.Index(queue, i); k >= 0 {
					queue = slices.Delete(queue, k, k+1)
				} else if byOne[i] {
					// passed on, as a NotifyOne would
					if len(queue) > 0 {
						j := queue[0]
						queue = queue[1:]
						chosen[j], byOne[j] = true, true
					} else if permit {
						overflow++
					} else {
						permit = true
					}
				}
				p[i], queued[i], chosen[i], byOne[i] = nil, false, false, false
			case 3, 4: // NotifyOne
				n.NotifyOne()
				sentOne++
				if len(queue) > 0 {
					j := queue[0]
					queue = queue[1:]
					chosen[j], byOne[j] = true, true
				} else if permit {
					overflow++
				} else {
					permit = true
				}
			default: // NotifyWaiters
				n.NotifyWaiters()
				calls++
				for _, j := range queue {
					chosen[j] = true
				}
				queue = nil
			}
			require.Equal(t, len(queue), notify.Waiters(n))
			require.Equal(t, permit, notify.HasPermit(n))
		}
		pendingOne := 0
		for i := range p {
			if p[i] != nil && byOne[i] {
				pendingOne++
			}
		}
		stored := 0
		if permit {
			stored = 1
		}
		require.Equal(t, sentOne, seenOne+pendingOne+stored+overflow, "each NotifyOne accounted for once")
		for i := range p {
			if p[i] != nil {
				p[i].Drop()
			}
		}
	})
}
