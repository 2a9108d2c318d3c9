package readyset_test

import (
	"testing"

	"github.com/kettle-rt/kettle/internal/readyset"
	"github.com/kettle-rt/kettle/waker"
)

// FuzzSet runs a program of inserts, removes, wakes and polls against a
// model: a poll hands out exactly the used slots woken (or inserted) since
// they were last handed out, each once.
func FuzzSet(f *testing.F) {
	f.Add([]byte{0, 0, 0, 3, 2, 1, 3, 1, 0, 3})
	f.Add([]byte{0, 0, 0, 0, 2, 0, 2, 1, 1, 5, 3, 0, 2, 2, 4, 3})
	f.Fuzz(func(t *testing.T, prog []byte) {
		var s readyset.Set
		var wakers []waker.Waker // by slot, from the last hand-out
		used := map[int]bool{}
		due := map[int]bool{} // woken or inserted, not yet handed out
		for k := 0; k+1 < len(prog); k += 2 {
			op, arg := prog[k]%6, int(prog[k+1])
			switch op {
			case 0, 5: // insert
				i := s.Insert()
				if used[i] {
					t.Fatalf("Insert returned used slot %d", i)
				}
				used[i], due[i] = true, true
				for len(wakers) <= i {
					wakers = append(wakers, waker.Waker{})
				}
			case 1: // remove
				for i := range used {
					if arg%2 == 0 {
						s.Remove(i)
						delete(used, i)
						delete(due, i)
						break
					}
					arg /= 2
				}
			case 2: // wake a slot that has a waker
				if len(wakers) > 0 {
					i := arg % len(wakers)
					wakers[i].Wake()
					if used[i] && !wakers[i].IsNoop() {
						due[i] = true
					}
				}
			case 3, 4: // poll everything
				s.Drain(waker.Noop())
				if arg%3 == 1 && s.Pending() > 1 {
					s.Rotate(arg % s.Pending())
				}
				seen := map[int]bool{}
				for {
					i, w, ok := s.Next()
					if !ok {
						break
					}
					if seen[i] {
						t.Fatalf("slot %d handed out twice in one poll", i)
					}
					if !used[i] {
						t.Fatalf("free slot %d handed out", i)
					}
					seen[i] = true
					wakers[i] = w
				}
				for i := range due {
					if !seen[i] {
						t.Fatalf("due slot %d not handed out", i)
					}
				}
				for i := range seen {
					delete(due, i)
				}
			}
			if s.Len() != len(used) {
				t.Fatalf("Len %d, model %d", s.Len(), len(used))
			}
		}
	})
}
