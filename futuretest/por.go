package futuretest

import "math"

// Partial-order reduction: sleep sets (Godefroid, 1996), computed from
// the run itself.
//
// When Exhaustive queues a child that runs task B at a point where the
// run took task A, the child's schedules that run A first, before
// anything A's step depends on, are the same (up to swapping independent
// steps) as schedules of the run that took A: A sleeps in the child. The
// classic algorithm carries A's step footprint into the child; here
// resources are pointers, fresh in every run, so the child instead finds
// A's next step in its own run and checks, with footprints of the same
// run, which earlier steps it depends on (por_record.go):
//
//   - A's step at index q depends on no step since the deviation: the
//     child ran A "first" after all, only later — from q on, the run
//     repeats one explored elsewhere, and nothing past it is queued;
//   - else A wakes up at the first step t it depends on: before t, no
//     child that runs A is queued.
//
// A sleeping task that never runs again in the child is treated as awake
// (its next step, and so its footprint, is unknown).
type sleepers struct {
	ids   []uint64
	until []int32 // step index through which ids[i] sleeps (-1: awake)
	cut   int32   // first step of the redundant suffix (MaxInt32: none)
}

func newSleepers(tr *Trial, ids []uint64, start int32) *sleepers {
	s := &sleepers{ids: ids, until: make([]int32, len(ids)), cut: math.MaxInt32}
	for i, u := range ids {
		s.until[i] = -1
		q := -1
		for t := int(start); t < len(tr.stepTask); t++ {
			if tr.stepTask[t] == u {
				q = t
				break
			}
		}
		if q < 0 {
			continue // never runs again: awake (conservative)
		}
		wake := int32(q)
		redundant := true
		for t := int(start); t < q; t++ {
			if tr.dependent(t, q) {
				wake, redundant = int32(t), false
				break
			}
		}
		s.until[i] = wake
		if redundant {
			s.cut = min(s.cut, int32(q))
		}
	}
	return s
}

// at returns the tasks asleep at a point deciding (or within) step.
func (s *sleepers) at(step int32) []uint64 {
	var out []uint64
	for i, u := range s.ids {
		if step <= s.until[i] {
			out = append(out, u)
		}
	}
	return out
}
