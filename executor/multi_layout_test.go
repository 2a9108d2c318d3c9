package executor

import (
	"io"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// cacheLine is the line size the layout test assumes: 128, the largest in
// use (Apple's arm64; x86 has 64, and its adjacent-line prefetcher pairs
// lines into 128-byte blocks).
const cacheLine = 128

// span is the memory a value occupies: [lo, hi).
type span struct{ lo, hi uintptr }

func spanOf[T any](p *T) span {
	lo := uintptr(unsafe.Pointer(p))
	return span{lo, lo + unsafe.Sizeof(*p)}
}

// sharesLine reports whether a and b touch a common cache line.
func (a span) sharesLine(b span) bool {
	return a.lo/cacheLine <= (b.hi-1)/cacheLine && b.lo/cacheLine <= (a.hi-1)/cacheLine
}

// TestMultiWorkersShareNoLine checks that what a worker writes at every
// poll or search (its poller, its Context, its random source, its trace
// buffer's header) shares no
// cache line with another worker. When the workers' Contexts were small
// objects of their own, NewMulti allocated them side by side and about
// one Multi in three ran ping_pong at 14 ms, the others at 31–35 ms:
// every poll of one worker invalidated the other's line. Addresses are
// read only to compare them; nothing is accessed through unsafe.
func TestMultiWorkersShareNoLine(t *testing.T) {
	for range 8 {
		m := NewMulti(Workers(4), Trace(io.Discard))
		hot := make([][]span, len(m.workers))
		for i, w := range m.workers {
			require.Same(t, &w.cx, w.p.cx, "worker %d polls with a Context outside it", i)
			require.Same(t, &w.trace, w.p.trace, "worker %d traces into a poller outside it", i)
			hot[i] = []span{spanOf(&w.p), spanOf(w.p.cx), spanOf(&w.pcg), spanOf(&w.trace)}
		}
		for i := range m.workers {
			for j, o := range m.workers {
				if i == j {
					continue
				}
				mine := append([]span{spanOf(o)}, hot[j]...)
				for _, h := range hot[i] {
					for _, x := range mine {
						require.False(t, h.sharesLine(x),
							"worker %d's hot state [%#x, %#x) shares a line with worker %d's [%#x, %#x)",
							i, h.lo, h.hi, j, x.lo, x.hi)
					}
				}
			}
		}
		require.NoError(t, m.Close())
	}
}
