package executor

import (
	"cmp"
	"slices"
	"sync"
)

// registry is the set of unfinished tasks that have returned Pending at
// least once (a task that finishes at its first poll is never listed),
// shared by both executors: Close drops them all, deadlock reports and
// dumps list them. Tasks not listed yet sit in a run queue, where Close
// finds them.
//
// A task's owner (task.go, rule 2) lists it at its first Pending and
// unlists it when it finishes; anyone may take a snapshot. Add and remove
// are O(1) (swap with the last) and allocate only when the slice grows.
// The mutex is held for a few instructions and never across a poll, so a
// dump taken from inside a task cannot wait for itself.
type registry struct {
	mu   sync.Mutex
	list []*task // under mu; t.rec.slot is 1 + t's index here (task.go, rule 5)
}

// add lists t, which its caller owns and which is not listed, giving it
// its record if it has none yet.
func (r *registry) add(t *task) {
	rec := t.record()
	r.mu.Lock()
	r.list = append(r.list, t)
	rec.slot = int32(len(r.list))
	r.mu.Unlock()
	t.listed = true
}

// remove unlists t if it is listed; t's owner calls it.
func (r *registry) remove(t *task) {
	if !t.listed {
		return
	}
	t.listed = false
	rec := t.rec.Load() // listed: it has one
	r.mu.Lock()
	i, last := int(rec.slot-1), len(r.list)-1
	moved := r.list[last]
	r.list[i] = moved
	moved.rec.Load().slot = int32(i + 1)
	r.list[last] = nil
	r.list = r.list[:last]
	rec.slot = 0
	r.mu.Unlock()
}

// snapshot returns the listed tasks in the order they were numbered
// (their ids: spawn order).
func (r *registry) snapshot() []*task {
	ts := r.tasks()
	slices.SortFunc(ts, byID)
	return ts
}

// tasks returns the listed tasks in no particular order: a copy taken
// under the lock (a memmove; the caller reads it after the lock is
// released).
func (r *registry) tasks() []*task {
	r.mu.Lock()
	ts := slices.Clone(r.list)
	r.mu.Unlock()
	return ts
}

func byID(a, b *task) int { return cmp.Compare(a.id, b.id) }
