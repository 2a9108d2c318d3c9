package future_test

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
	"github.com/stretchr/testify/require"
)

// byteChooser replays choices from fuzz input, then 0.
type byteChooser struct{ b []byte }

func (c *byteChooser) Choose(n int) int {
	if len(c.b) == 0 {
		return 0
	}
	v := int(c.b[0]) % n
	c.b = c.b[1:]
	return v
}

// mkProbes builds one probe per byte of spec (pending = byte % 8).
func mkProbes(spec []byte) ([]*probe[int], []future.Future[int]) {
	ps := make([]*probe[int], len(spec))
	fs := make([]future.Future[int], len(spec))
	for i, s := range spec {
		ps[i] = newProbe("p", int(s%8), i*10, nil)
		fs[i] = ps[i]
	}
	return ps, fs
}

// FuzzCombinators checks JoinAll, Race and SelectAll against a model for
// any set of readiness timings and any branch order a Chooser imposes:
// JoinAll keeps input order and polls each future exactly until ready;
// Race and SelectAll pick a future with the fewest pending polls, drop
// (Race) or return (SelectAll) exactly the others.
func FuzzCombinators(f *testing.F) {
	f.Add([]byte{0}, []byte{})
	f.Add([]byte{3, 1, 2}, []byte{})
	f.Add([]byte{2, 2, 2, 2}, []byte{1, 3, 0, 2, 1})
	f.Add([]byte{7, 0, 7, 5, 1, 1}, []byte{5, 5, 5})
	f.Fuzz(func(t *testing.T, spec, choices []byte) {
		if len(spec) == 0 || len(spec) > 32 {
			return
		}
		minPending, maxPending := 8, 0
		for _, s := range spec {
			minPending = min(minPending, int(s%8))
			maxPending = max(maxPending, int(s%8))
		}
		cx := future.NewContext(waker.Noop())
		taskcx.Of(cx).Chooser = &byteChooser{b: append([]byte(nil), choices...)}

		// JoinAll
		ps, fs := mkProbes(spec)
		j := future.JoinAll(fs...)
		var out []int
		for polls := 1; ; polls++ {
			require.LessOrEqual(t, polls, maxPending+1)
			if v, ok := j.Poll(cx).Get(); ok {
				require.Equal(t, maxPending+1, polls)
				out = v
				break
			}
		}
		for i, p := range ps {
			require.Equal(t, i*10, out[i])
			require.Equal(t, p.pending+1, p.polls, "polled exactly until ready")
			require.Zero(t, p.drops)
		}

		// Race
		ps, fs = mkProbes(spec)
		r := future.Race(fs...)
		var won int
		for polls := 1; ; polls++ {
			require.LessOrEqual(t, polls, minPending+1)
			if v, ok := r.Poll(cx).Get(); ok {
				won = v / 10
				break
			}
		}
		require.Equal(t, minPending, ps[won].pending)
		for i, p := range ps {
			require.Equal(t, i != won, p.drops == 1, "losers dropped once, winner not")
			require.LessOrEqual(t, p.drops, 1)
		}

		// SelectAll
		ps, fs = mkProbes(spec)
		s := future.SelectAll(fs)
		var sel future.Selected[int]
		for polls := 1; ; polls++ {
			require.LessOrEqual(t, polls, minPending+1)
			if v, ok := s.Poll(cx).Get(); ok {
				sel = v
				break
			}
		}
		require.Equal(t, sel.Index*10, sel.Value)
		require.Equal(t, minPending, ps[sel.Index].pending)
		require.Len(t, sel.Rest, len(ps)-1)
		k := 0
		for i, p := range ps {
			require.Zero(t, p.drops)
			if i == sel.Index {
				continue
			}
			require.Same(t, p, sel.Rest[k], "Rest keeps input order")
			k++
		}
	})
}
