//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// waitSlot is the life cycle of a single-direction stream future
// (internal/phase): Waiting while its last Poll left its waker on the
// stream, so that Drop gives the direction back; Done after Ready; Dropped
// after Drop.
type waitSlot struct {
	w  waker.Waker
	ph phase.Phase
}

// check panics, naming f, if the future finished or was dropped.
func (s *waitSlot) check(f any) { s.ph.Check(f) }

// note records the outcome of a poll.
func (s *waitSlot) note(cx *future.Context, p future.Poll[future.Result[int]]) future.Poll[future.Result[int]] {
	s.noteReady(cx, p.IsReady())
	return p
}

func (s *waitSlot) noteReady(cx *future.Context, ready bool) {
	if ready {
		s.ph = phase.Done
		return
	}
	s.ph, s.w = phase.Waiting, cx.Waker()
}

// drop gives the direction back if the future waits on it.
func (s *waitSlot) drop(st *Stream, dir reactor.Interest) {
	if s.ph.Drop() {
		st.fd.Release(dir, s.w)
	}
}
