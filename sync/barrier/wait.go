package barrier

import (
	"strconv"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// WaitFuture is the future returned by [Barrier.Wait]: a
// future.Future[WaitResult] that is also a [future.Dropper]. Cancel-safe.
// It must not be copied after its first poll nor polled after Ready or
// Drop (that panics naming the type).
type WaitFuture struct {
	b *Barrier
	w waitq.Waiter[arrival] // place in b's line; guarded by b.mu
	// phase is owned by the poller. Waiting: arrived and in line, or
	// released but not yet observed; Fresh→Done is the leader.
	phase phase.Phase
}

// Poll arrives at the first poll: the n-th arrival releases the others and
// returns Ready as leader; earlier ones wait in line and return Pending until
// released. Arriving as leader, and observing a release, spend one unit of
// the task's budget; a spent budget yields first (for a fresh future: before
// arriving).
func (f *WaitFuture) Poll(cx *future.Context) future.Poll[WaitResult] {
	f.phase.Check(f)
	b := f.b
	b.mu.Lock()
	if f.phase == phase.Waiting {
		if !f.w.Value.released {
			f.w.SetWaker(cx.Waker())
			b.mu.Unlock()
			cx.SetWaitingOn(f)
			return future.Pending[WaitResult]()
		}
		if cx.Budget() == 0 {
			b.mu.Unlock()
			cx.ConsumeBudget()
			return future.Pending[WaitResult]()
		}
		cx.ConsumeBudget()
		b.mu.Unlock()
		f.phase = phase.Done
		return future.Ready(WaitResult{})
	}
	if b.arrived+1 < b.n {
		b.arrived++
		f.w.Value = arrival{tok: taskcx.Of(cx).Task}
		f.w.SetWaker(cx.Waker())
		b.waiters.PushBack(&f.w)
		f.phase = phase.Waiting
		b.mu.Unlock()
		cx.SetWaitingOn(f)
		return future.Pending[WaitResult]()
	}
	// The last arrival: complete the generation.
	if cx.Budget() == 0 {
		b.mu.Unlock()
		cx.ConsumeBudget()
		return future.Pending[WaitResult]()
	}
	cx.ConsumeBudget()
	var wl waitq.WakeList
	if b.parties == nil {
		b.parties = make([]*taskcx.Token, 0, b.n)
	}
	b.parties = append(b.parties[:0], taskcx.Of(cx).Task)
	for w := b.waiters.PopFront(); w != nil; w = b.waiters.PopFront() {
		w.Value.released = true
		b.parties = append(b.parties, w.Value.tok)
		wl.Add(w.TakeWaker())
	}
	b.arrived = 0
	b.generation++
	b.mu.Unlock()
	wl.WakeAll()
	f.phase = phase.Done
	return future.Ready(WaitResult{leader: true})
}

// Drop cancels the wait: an arrival whose generation has not completed is
// taken back (the barrier waits for another party instead); after the
// generation completed it is a no-op, as it is if never polled, finished or
// already dropped.
func (f *WaitFuture) Drop() {
	if !f.phase.Drop() {
		return
	}
	b := f.b
	b.mu.Lock()
	if b.waiters.Remove(&f.w) {
		b.arrived--
	}
	f.w.TakeWaker()
	b.mu.Unlock()
}

// WaitsFor reports the tasks whose arrival would let this waiter on
// (taskcx.WaitsFor), for deadlock proofs with the real clock: the parties
// of the barrier's last completed generation, taken to be the parties of
// this one too (a barrier serves a fixed group). Unknown (false) before
// the first generation completes, when one of its parties was not a task
// of an executor, or once this waiter is released. What can fool it — a
// party that has never arrived before — is in the package doc.
func (f *WaitFuture) WaitsFor(dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	b := f.b
	b.mu.Lock()
	defer b.mu.Unlock()
	if !f.w.Queued() || len(b.parties) == 0 {
		return dst, false
	}
	for _, t := range b.parties {
		if t == nil {
			return dst, false
		}
	}
	return append(dst, b.parties...), true
}

// String names what the future waits on, for deadlock reports:
// `barrier.Wait (2 of 3 arrived)`.
func (f *WaitFuture) String() string {
	b := f.b
	b.mu.Lock()
	a := b.arrived
	b.mu.Unlock()
	return "barrier.Wait (" + strconv.Itoa(a) + " of " + strconv.Itoa(b.n) + " arrived)"
}

var _ interface {
	future.Future[WaitResult]
	future.Dropper
} = (*WaitFuture)(nil)
