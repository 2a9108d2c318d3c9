package barrier

import (
	"strconv"

	"github.com/kettle-rt/kettle/internal/footprint"
	"github.com/kettle-rt/kettle/internal/taskcx"

	"github.com/kettle-rt/kettle/internal/nocopy"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// Barrier releases every n-th arrival together with the n-1 before it. The
// zero value is not usable; build one with [New]. It must not be copied
// after first use.
//
// Memory ordering: everything each party did before its Wait arrived
// happens before every party's Wait of the same generation returns.
type Barrier struct {
	_  nocopy.NoCopy
	mu footprint.Mutex
	n  int // parties per generation, >= 1; immutable
	// State below is guarded by mu. Invariant: waiters.Len() == arrived
	// < n between calls.
	arrived    int                  // arrivals in the current generation
	generation uint64               // completed generations
	waiters    waitq.Queue[arrival] // early arrivals
	// parties holds the tasks of the last completed generation's n
	// arrivals (nil for one outside an executor), for wait-for graphs
	// (deadlock proofs with the real clock, see WaitFuture.WaitsFor);
	// empty before the first completion. Allocated once, at the first.
	parties []*taskcx.Token
}

// arrival is an early arrival's place in line, guarded by Barrier.mu.
type arrival struct {
	released bool          // the generation completed
	tok      *taskcx.Token // the arriving task (nil outside an executor)
}

// New returns a barrier for n parties. New(0) behaves as New(1) (every Wait
// is released at once, as leader). It panics with "barrier.New: negative
// count" if n < 0.
func New(n int) *Barrier {
	if n < 0 {
		panic("barrier.New: negative count")
	}
	return &Barrier{n: max(n, 1)}
}

// Wait returns a future that arrives at the barrier at its first poll and
// completes when the generation it arrived in is complete. The last arrival
// is the leader of its generation and completes at once.
//
// Cancel-safe: dropping the future before its generation completes takes
// its arrival back (see the package doc). Cost: one allocation; polls
// allocate nothing.
func (b *Barrier) Wait() *WaitFuture {
	return &WaitFuture{b: b}
}

// String describes the barrier: `barrier.Barrier (2 of 3 arrived)`.
func (b *Barrier) String() string {
	b.mu.Lock()
	a := b.arrived
	b.mu.Unlock()
	return "barrier.Barrier (" + strconv.Itoa(a) + " of " + strconv.Itoa(b.n) + " arrived)"
}

// WaitResult is what a completed [Barrier.Wait] returns.
type WaitResult struct {
	leader bool
}

// IsLeader reports whether this Wait was the leader of its generation (the
// last to arrive); exactly one Wait per generation is.
func (r WaitResult) IsLeader() bool { return r.leader }
