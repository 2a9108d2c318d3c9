package barrier_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/barrier"
)

// FuzzBarrier runs random create/poll/drop sequences on a barrier of 1–4
// parties against a model: arrivals, releases and one leader per generation.
func FuzzBarrier(f *testing.F) {
	f.Add(uint8(3), []byte{0x00, 0x01, 0x02, 0x20, 0x21, 0x41, 0x03, 0x23, 0x22, 0x20, 0x23})
	f.Add(uint8(2), []byte{0x00, 0x20, 0x40, 0x01, 0x21, 0x02, 0x22, 0x21, 0x41})
	f.Fuzz(func(t *testing.T, parties uint8, ops []byte) {
		const slots = 8
		n := int(parties%4) + 1
		b := barrier.New(n)
		var (
			p        [slots]*polltest.Poller[result]
			arrived  []int // slots arrived in the current generation, in order
			released [slots]bool
			gens     int
		)
		for _, op := range ops {
			i := int(op&31) % slots
			switch op >> 5 {
			case 0, 3: // create
				if p[i] == nil {
					p[i] = polltest.NewPoller(b.Wait())
				}
			case 1, 4, 5: // poll
				if p[i] == nil {
					continue
				}
				wakes := p[i].Wakes()
				r, ok := p[i].Poll()
				switch {
				case released[i]:
					require.True(t, ok)
					require.False(t, r.IsLeader())
					require.Equal(t, 1, wakes)
				case slices.Contains(arrived, i):
					require.False(t, ok)
					require.Equal(t, 0, wakes)
				case len(arrived)+1 == n:
					require.True(t, ok)
					require.True(t, r.IsLeader())
					for _, j := range arrived {
						released[j] = true
					}
					arrived = nil
					gens++
				default:
					require.False(t, ok)
					arrived = append(arrived, i)
				}
				if ok {
					p[i], released[i] = nil, false
				}
			default: // drop
				if p[i] == nil {
					continue
				}
				p[i].Drop()
				if k := slices.Index(arrived, i); k >= 0 {
					arrived = slices.Delete(arrived, k, k+1)
				}
				p[i], released[i] = nil, false
			}
			a, w, g := barrier.State(b)
			require.Equal(t, len(arrived), a)
			require.Equal(t, len(arrived), w)
			require.Equal(t, uint64(gens), g)
		}
		for i := range p {
			if p[i] != nil {
				p[i].Drop()
			}
		}
		a, _, _ := barrier.State(b)
		require.Equal(t, 0, a, "every dropped arrival is taken back")
	})
}
