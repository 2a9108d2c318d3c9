//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// waitSlot is the life cycle of a single-direction stream future: whether
// its last Poll left its waker on the stream (so that Drop gives the
// direction back) and whether it is finished.
type waitSlot struct {
	w       waker.Waker
	waiting bool
	done    bool
}

// check panics if the future finished or was dropped.
func (s *waitSlot) check(f any) {
	if s.done {
		panic(fmt.Sprintf("%T polled after completion", f))
	}
}

// note records the outcome of a poll.
func (s *waitSlot) note(cx *future.Context, p future.Poll[future.Result[int]]) future.Poll[future.Result[int]] {
	s.noteReady(cx, p.IsReady())
	return p
}

func (s *waitSlot) noteReady(cx *future.Context, ready bool) {
	s.done = ready
	if s.waiting = !ready; s.waiting {
		s.w = cx.Waker()
	}
}

// drop gives the direction back if the future waits on it.
func (s *waitSlot) drop(st *Stream, dir reactor.Interest) {
	if s.waiting {
		st.fd.Release(dir, s.w)
		s.waiting = false
	}
	s.done = true
}
