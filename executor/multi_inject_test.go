package executor

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
)

// FuzzMultiQueues drives a Multi's shared queues (the inject queue, with
// its depth counters, and an inbox), single-threaded, against a FIFO
// model: every byte is an op.
//
//	op%4 == 0, 1  push a new task on the inject queue (op&4 == 0) or the inbox
//	op%4 == 2     popBatch up to op>>3 + 1 tasks from the same queue choice
//	op%4 == 3     popAllLocked from both
//
// Nothing may be lost, duplicated or reordered within a queue, and the
// inject queue's depth must equal the model's length after every op, and
// a queue holding tasks must never read as empty.
func FuzzMultiQueues(f *testing.F) {
	f.Add([]byte{0, 0, 4, 4, 2, 6, 3})
	f.Add([]byte{0, 1, 0, 1, 0, 1, 0x3a, 0x3e, 3, 0, 4, 2})
	f.Add(make([]byte, 300))
	f.Fuzz(func(t *testing.T, ops []byte) {
		var inject multiInject
		var inbox taskQueue
		var models [2][]*task // [0] inject, [1] inbox
		next := 0
		check := func(got []*task, which int, what string) {
			t.Helper()
			for _, x := range got {
				if len(models[which]) == 0 {
					t.Fatalf("%s: popped %d from an empty queue", what, x.id)
				}
				if x != models[which][0] {
					t.Fatalf("%s: popped task %d, want %d", what, x.id, models[which][0].id)
				}
				models[which] = models[which][1:]
			}
		}
		for _, op := range ops {
			which := 0
			if op&4 != 0 {
				which = 1
			}
			switch op % 4 {
			case 0, 1:
				next++
				x := &newHandle[int](future.Value(next), "").hdr
				x.id = uint32(next)
				if which == 0 {
					inject.push(x)
				} else {
					inbox.push(x, nil)
				}
				models[which] = append(models[which], x)
			case 2:
				k := int(op>>3) + 1
				var got []*task
				if which == 0 {
					got = inject.popBatch(nil, k)
				} else {
					got = inbox.popBatch(nil, k)
				}
				if want := min(k, len(models[which])); len(got) != want {
					t.Fatalf("popBatch(%d) gave %d tasks, want %d", k, len(got), want)
				}
				check(got, which, "popBatch")
			case 3:
				inject.mu.Lock()
				check(inject.popAllLocked(nil), 0, "inject popAll")
				inject.mu.Unlock()
				inbox.mu.Lock()
				check(inbox.popAllLocked(nil), 1, "inbox popAll")
				inbox.mu.Unlock()
				if len(models[0])+len(models[1]) != 0 {
					t.Fatal("popAll left tasks behind")
				}
			}
			if d := inject.depth(); d != len(models[0]) {
				t.Fatalf("inject depth %d, model %d", d, len(models[0]))
			}
			// The guarantee parking relies on: never "empty" while a task waits.
			if (len(models[0]) > 0 && !inject.maybeNonEmpty()) || (len(models[1]) > 0 && !inbox.maybeNonEmpty()) {
				t.Fatal("a queue holding tasks reads as empty")
			}
		}
	})
}
