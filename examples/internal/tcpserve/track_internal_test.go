package tcpserve

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/net/tcp"
)

// fakePeek is a socket whose receive queue holds queued bytes.
type fakePeek struct {
	queued int
	peeks  int
}

func (f *fakePeek) TryPeek(p []byte) (int, error) {
	f.peeks++
	if f.queued == 0 {
		return 0, tcp.ErrWouldBlock
	}
	return min(f.queued, len(p)), nil
}

// evicted returns which of slots evictLRU marked.
func evicted(slots ...*slot) []bool {
	out := make([]bool, len(slots))
	for i, s := range slots {
		out[i] = s.evicted.Load()
	}
	return out
}

// TestEvictPassesOverPendingBytes: a new connection whose task has not run
// yet but whose request is waiting is not the victim while an idle one
// exists, even a younger one; the old choice (oldest unserved) evicted it.
func TestEvictPassesOverPendingBytes(t *testing.T) {
	var r registry
	request := &fakePeek{queued: 40}
	idle := &fakePeek{}
	a := r.add(request) // accepted first: the oldest
	a.last.Store(1)
	a.polled.Store(true) // its task ran before its request arrived
	b := r.add(idle)
	b.last.Store(2)
	b.polled.Store(true)

	require.True(t, r.evictLRU())
	require.Equal(t, []bool{false, true}, evicted(a, b), "the idle connection goes, not the one with a request waiting")
	require.Equal(t, 1, request.peeks)
	require.Equal(t, 1, idle.peeks)
	require.False(t, a.skip, "skip marks are cleared")

	// Only connections with bytes waiting are left: the oldest goes.
	c := r.add(&fakePeek{queued: 1})
	c.last.Store(3)
	require.True(t, r.evictLRU())
	require.Equal(t, []bool{true, true, false}, evicted(a, b, c))
	require.True(t, r.evictLRU(), "c")
	require.False(t, r.evictLRU(), "nothing left")
}

// TestEvictOrderWithoutPendingBytes: with no bytes waiting anywhere the
// order is by activity: served nothing yet first, then the oldest
// progress, and a connection whose task has not run yet last.
func TestEvictOrderWithoutPendingBytes(t *testing.T) {
	var r registry
	served := r.add(&fakePeek{})
	served.polled.Store(true)
	served.proven.Store(true)
	served.last.Store(1)
	unserved := r.add(&fakePeek{})
	unserved.polled.Store(true)
	unserved.last.Store(5)
	unpolled := r.add(&fakePeek{})
	unpolled.last.Store(0)
	noPeek := r.add(nil) // no socket to ask: judged by activity alone
	noPeek.polled.Store(true)
	noPeek.proven.Store(true)
	noPeek.last.Store(9)

	for _, want := range [][]bool{
		{false, true, false, false}, // served nothing yet
		{true, true, false, false},  // then the oldest progress
		{true, true, false, true},
		{true, true, true, true}, // the unpolled one last
	} {
		require.True(t, r.evictLRU())
		require.Equal(t, want, evicted(served, unserved, unpolled, noPeek))
	}
	require.False(t, r.evictLRU())
}

// TestEvictProbesAtMostMaxProbes: when every candidate has bytes waiting,
// an eviction stops asking after maxProbes and takes the best by activity.
func TestEvictProbesAtMostMaxProbes(t *testing.T) {
	var r registry
	var peeks []*fakePeek
	var slots []*slot
	for i := range 2 * maxProbes {
		p := &fakePeek{queued: 1}
		s := r.add(p)
		s.last.Store(int64(i))
		peeks, slots = append(peeks, p), append(slots, s)
	}
	require.True(t, r.evictLRU())
	require.True(t, slots[maxProbes].evicted.Load(), "the probe limit reached: the next best goes")
	total := 0
	for _, p := range peeks {
		total += p.peeks
	}
	require.Equal(t, maxProbes, total)
}

// TestEvictServedIgnoresPendingBytes: bytes waiting on a connection that has
// served its client (a pipeliner that does not read its answers, the server
// blocked writing) do not protect it: the oldest progress goes.
func TestEvictServedIgnoresPendingBytes(t *testing.T) {
	var r registry
	stalled := &fakePeek{queued: 1 << 10}
	a := r.add(stalled)
	a.polled.Store(true)
	a.proven.Store(true)
	a.last.Store(1)
	b := r.add(&fakePeek{})
	b.polled.Store(true)
	b.proven.Store(true)
	b.last.Store(2)
	require.True(t, r.evictLRU())
	require.Equal(t, []bool{true, false}, evicted(a, b))
	require.Zero(t, stalled.peeks, "a served connection is not asked")
}
