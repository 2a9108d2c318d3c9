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
// are O(1) (swap with the last) and allocate only when a slice grows.
// A mutex is held for a few instructions and never across a poll, so a
// dump taken from inside a task cannot wait for itself.
//
// The list is split in shards, one per poller up to maxShards (a Local
// has one, a Multi one per worker), each with its own mutex on its own
// cache line. A poller lists into its own shard, and a task is unlisted
// from the shard that listed it (task.listed says which). Most tasks
// finish on the worker that listed them, so that worker finds the lock
// and the entry it swaps in warm in its own cache, and two workers rarely
// meet on a lock: skynet on a Multi(2) ran about 5% faster than with one
// list (medians of six alternating rounds, 294 against 308 ms). A shard
// per task id, tried earlier, spread every worker's calls over every lock
// and gained nothing.
type registry struct {
	shards []regShard // fixed at init
}

// maxShards bounds the shards of a registry (task.listed holds 1 + a
// shard's index in a byte).
const maxShards = 16

// regShard is one lock and its part of the list, on a cache line of its
// own.
type regShard struct {
	mu   sync.Mutex
	list []*task // under mu; t.rec.slot is 1 + t's index here (task.go, rule 5)
	_    [64 - 8 - 24]byte
}

// newRegistry returns a registry of min(n, maxShards) shards.
func newRegistry(n int) *registry {
	r := new(registry)
	r.init(n)
	return r
}

// init gives r min(n, maxShards) shards, at least one. Before first use.
func (r *registry) init(n int) { r.shards = make([]regShard, min(max(n, 1), maxShards)) }

// shardOf returns the shard the poller numbered i lists tasks in.
func (r *registry) shardOf(i int) int { return i % len(r.shards) }

// add lists t, which its caller owns and which is not listed, in shard s
// (a value of shardOf), giving t its record if it has none yet.
func (r *registry) add(t *task, s int) {
	rec := t.record()
	sh := &r.shards[s]
	sh.mu.Lock()
	sh.list = append(sh.list, t)
	rec.slot = int32(len(sh.list))
	sh.mu.Unlock()
	t.listed = uint8(s + 1)
}

// remove unlists t if it is listed; t's owner calls it.
func (r *registry) remove(t *task) {
	if t.listed == 0 {
		return
	}
	sh := &r.shards[t.listed-1]
	t.listed = 0
	rec := t.rec.Load() // listed: it has one
	sh.mu.Lock()
	i, last := int(rec.slot-1), len(sh.list)-1
	moved := sh.list[last]
	sh.list[i] = moved
	moved.rec.Load().slot = int32(i + 1)
	sh.list[last] = nil
	sh.list = sh.list[:last]
	rec.slot = 0
	sh.mu.Unlock()
}

// snapshot returns the listed tasks in the order they were numbered
// (their ids: spawn order).
func (r *registry) snapshot() []*task {
	ts := r.tasks()
	slices.SortFunc(ts, byID)
	return ts
}

// tasks returns the listed tasks in no particular order: a copy taken
// shard by shard, each under its lock (the caller reads it after the
// locks are released). A task stays in the shard that listed it, so none
// is seen twice; one listed or unlisted meanwhile may be in the copy or
// not, as with any snapshot.
func (r *registry) tasks() []*task {
	var ts []*task
	for i := range r.shards {
		sh := &r.shards[i]
		sh.mu.Lock()
		ts = append(ts, sh.list...)
		sh.mu.Unlock()
	}
	return ts
}

// empty reports whether no task is listed.
func (r *registry) empty() bool {
	for i := range r.shards {
		sh := &r.shards[i]
		sh.mu.Lock()
		n := len(sh.list)
		sh.mu.Unlock()
		if n != 0 {
			return false
		}
	}
	return true
}

func byID(a, b *task) int { return cmp.Compare(a.id, b.id) }
