package reactor

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// FuzzReadinessWord drives one registration's state word with a random
// sequence of events, polls, fresh clears, stale clears and a close, and
// checks it against a simple model: readiness is set by events, cleared
// only by a clear carrying the latest tick, a pending poll is woken by the
// next event of its direction, and close wins over everything.
func FuzzReadinessWord(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7})
	f.Add([]byte{2, 0, 3, 1, 4, 2, 5})
	f.Add([]byte{6, 0, 1, 2})
	f.Fuzz(func(t *testing.T, ops []byte) {
		r := &Reactor{regs: map[int]*Registration{}}
		g := &Registration{r: r, fd: 3, interest: Readable | Writable}
		wakes := 0
		cx := future.NewContext(waker.Func(func() { wakes++ }))
		var ready [2]bool
		var waiting [2]bool
		closed := false
		var oldTick Tick
		for _, op := range ops {
			dir := int(op>>3) & 1
			bit := []uint64{readReady, writeReady}[dir]
			switch op & 7 {
			case 0, 1: // an event for dir
				before := wakes
				g.setReady(bit)
				if !closed {
					ready[dir] = true
					if waiting[dir] && wakes != before+1 {
						t.Fatalf("event did not wake the waiter")
					}
					waiting[dir] = false
				}
			case 2: // poll
				var p future.Poll[error]
				if dir == 0 {
					p = g.PollReadReady(cx)
				} else {
					p = g.PollWriteReady(cx)
				}
				if p.IsReady() != (ready[dir] || closed) {
					t.Fatalf("poll ready=%v, model ready=%v closed=%v", p.IsReady(), ready[dir], closed)
				}
				if err, ok := p.Get(); ok && (err != nil) != closed {
					t.Fatalf("poll err=%v closed=%v", err, closed)
				}
				if !p.IsReady() {
					waiting[dir] = true
				}
			case 3: // clear with the current tick
				if dir == 0 {
					g.ClearReadReady(g.Tick())
				} else {
					g.ClearWriteReady(g.Tick())
				}
				if !closed {
					ready[dir] = false
				}
			case 4: // remember a tick
				oldTick = g.Tick()
			case 5: // clear with the remembered tick: honoured only if no event came since
				if g.Tick() == oldTick && !closed {
					ready[dir] = false
				}
				if dir == 0 {
					g.ClearReadReady(oldTick)
				} else {
					g.ClearWriteReady(oldTick)
				}
			case 6: // close
				if !closed {
					g.shutdown()
					closed = true
					waiting = [2]bool{}
				}
			}
			w := 0
			if waiting[0] || waiting[1] {
				w = 1
			}
			if r.Registrations() != w {
				t.Fatalf("Registrations()=%d, model %d", r.Registrations(), w)
			}
		}
	})
}
