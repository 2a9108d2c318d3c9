package timer

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzSleeps runs random programs of sleeps (arm, re-poll, reset, drop)
// and clock advances on a VirtualClock and checks every sleep against its
// deadline: never ready before it, woken and ready once the clock reached
// it (rounded up to the driver's millisecond), a dropped one never woken.
func FuzzSleeps(f *testing.F) {
	f.Add([]byte{0, 5, 0, 9, 1, 3, 3, 4, 2, 0, 3, 20})
	f.Add([]byte{0, 255, 0, 1, 3, 0, 3, 255, 4, 1, 3, 255, 2, 1})
	f.Add([]byte{0, 7, 1, 7, 2, 7, 3, 7, 4, 7, 5, 7, 3, 1, 3, 1, 3, 1})
	f.Fuzz(func(t *testing.T, prog []byte) {
		h := newHarness(t)
		type slot struct {
			s       *SleepFuture
			w       *counter
			dropped bool
			done    bool
		}
		var slots [8]slot
		poll := func(sl *slot) {
			if sl.s == nil || sl.dropped || sl.done {
				return
			}
			ready := pollUnit(t, sl.s, h.cx(sl.w.w()))
			now := h.vc.Now()
			if ready {
				require.False(t, now.Before(sl.s.Deadline()), "sleep until %v ready early, at %v", sl.s.Deadline(), now)
				sl.done = true
			} else {
				require.True(t, now.Before(rounded(sl.s.Deadline())), "sleep until %v pending at %v", sl.s.Deadline(), now)
			}
		}
		for len(prog) >= 2 {
			op, arg := prog[0]%6, prog[1]
			prog = prog[2:]
			sl := &slots[arg%8]
			switch op {
			case 0: // new sleep, polled once
				if sl.s != nil && !sl.dropped {
					sl.s.Drop()
				}
				*sl = slot{s: Sleep(time.Duration(arg) * 250 * time.Microsecond), w: &counter{}}
				poll(sl)
			case 1: // re-poll
				poll(sl)
			case 2: // drop
				if sl.s != nil {
					sl.s.Drop()
					sl.dropped = true
				}
			case 3, 4: // advance
				h.vc.Advance(time.Duration(arg) * 100 * time.Microsecond)
			case 5: // reset
				if sl.s != nil && !sl.dropped {
					sl.s.Reset(time.Duration(arg) * 300 * time.Microsecond)
					sl.done = false
					poll(sl)
				}
			}
			// Every pending sleep whose rounded-up deadline passed has been woken.
			for i := range slots {
				sl := &slots[i]
				if sl.s == nil || sl.dropped || sl.done {
					continue
				}
				if !h.vc.Now().Before(rounded(sl.s.Deadline())) {
					require.Positive(t, sl.w.count(), "sleep %d until %v not woken at %v", i, sl.s.Deadline(), h.vc.Now())
					poll(sl)
					require.True(t, sl.done, "woken sleep %d not ready", i)
				}
			}
		}
		for i := range slots {
			if sl := &slots[i]; sl.s != nil {
				sl.s.Drop()
			}
		}
		require.Zero(t, h.drv.Armed())
	})
}

// rounded is deadline rounded up to the harness driver's millisecond grid
// (which starts at t0): when the driver fires it.
func rounded(deadline time.Time) time.Time {
	since := deadline.Sub(t0)
	if r := since % time.Millisecond; r != 0 {
		since += time.Millisecond - r
	}
	return t0.Add(since)
}
