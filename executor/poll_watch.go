package executor

import (
	"sync/atomic"
)

// pollWatch is one poller's window: which task it polls, since when, or
// that it is between polls. The blocking detector samples it (watchdog),
// a dump shows from it how long a task has been stuck in a poll (dumpOf),
// Close names from it the task a stuck worker is in (Multi.waitWorkers),
// and a Multi routes wakes by its parity (Multi.schedule, spawnTarget).
// The poller never reads the clock for it.
//
// How a poller uses it (the owner only):
//
//	w.begin(t, now) // just before t's future is polled
//	... poll ...
//	w.end()         // just after Poll returns (or panics: the task's poll
//	                // catches panics; poller.goexit ends a window that
//	                // runtime.Goexit left open)
//
// A Local's loop, which does not route wakes by the parity, ends its
// windows lazily (poller.lazyEnd): the window of one poll stays open until
// the next begin, which replaces it at once, or until the loop does
// anything that is not a poll and may take time, before which it calls
// poller.idle (see there for the list). A Multi worker ends every window
// at once: its parity must be exact.
//
// # The word
//
// word packs, in one atomic.Uint64:
//
//	bits 63..32  the id (task.id) of the task polled last, or being polled
//	bits 31..0   a generation: odd during a poll, even between polls
//
// Transitions, all by the owner, each one atomic store (the only locked
// instructions a poll pays here; no pointer, so no GC write barrier):
//
//	begin(t): id := t.id, generation+1 (even → odd), or +2 when the
//	          last window was left open (odd → another odd: a lazy end;
//	          but end comes first if named or since must change, below)
//	end():    id unchanged, generation+1 (odd → even; 2^32−1 wraps to 0)
//
// What a reader may conclude from one load w:
//   - id(w) is the task polled last, or being polled. A task's first
//     Pending poll lists it in the registry before its poller's next
//     begin, the only store that replaces the id, and a listed task
//     stays listed until it finishes: so a task whose id has left a
//     poller's word is listed, or finished (the report-once set relies
//     on it, see watchdog.prune).
//   - w odd: a poll of task id(w) was going on at the load (Multi's
//     routing needs only this bit), or, on a Local, had ended no longer
//     ago than the loop's bookkeeping between two polls (see
//     poller.idle). Two loads that return the same odd w saw the same
//     window: every begin changes the generation, and it would take 2^31
//     polls between the two loads to bring the same word back (the
//     watchdog's loads are a period apart).
//   - w even: no poll was going on.
//
// # The values behind the word
//
// since is when the poll began on the poller's coarse clock; named is the
// last NAMED task polled (task.name != nil): an unnamed task's poll
// stores no pointer at all, the id says who it is. The owner stores them
// only between polls, before begin's word store, and only when they
// changed (an atomic store is a full barrier: since moves every
// coarseEvery polls, and a named task polled repeatedly stores nothing).
// A reader therefore reads them as a seqlock: load the word (odd), load
// since and named, reload the word; if it is unchanged, no store after
// that poll's begin reached them (the next store to them follows the
// poll's end, which changes the word), so since is that poll's, and named
// is the polled task if its id is the word's (ids are unique within an
// executor until they wrap after 2^32 spawns), else the poll is of an
// unnamed task. named keeps the last named task polled reachable until
// another named task is polled: one task per poller.
//
// gid is the id of the goroutine that polls, for the watchdog's check
// that a long poll was running (descheduled); 0 while unknown. A Multi
// worker sets it when its goroutine starts. A Local's loop sets it at its
// first timer turn of a Run, or at a park once the watchdog asked for it
// (wantGid: set when the watchdog saw a poll at two samples and gid was
// 0), so that a Run of a few polls, parked or not, parses no goroutine id
// (Local.learnLoopGoroutine).
//
// last is the owner's copy of the word it stored last (owner-only, never
// read by others): the owner needs no load to compute the next word.
type pollWatch struct {
	word    atomic.Uint64
	named   atomic.Pointer[task]
	since   atomic.Int64
	gid     atomic.Uint64
	wantGid atomic.Bool
	last    uint64
}

// genMask selects the generation half of pollWatch.word.
const genMask = 1<<32 - 1

// begin opens t's poll window. Owner only. If the last window is still
// open (a lazy end), this one replaces it: the generation moves on by two,
// so readers see a new poll. named and since change only while the word
// is even (the seqlock's rule): when one of them must change under an
// open window, the window is ended first (one more store; since changes
// every coarseEvery polls, named when a named task is polled after another
// named one, whatever unnamed polls came between).
func (p *pollWatch) begin(t *task, now int64) {
	named := t.class.name != "" && p.named.Load() != t
	moved := p.since.Load() != now
	if (named || moved) && p.open() {
		p.end()
	}
	if named {
		p.named.Store(t)
	}
	if moved {
		p.since.Store(now)
	}
	p.last = uint64(t.id)<<32 | uint64((uint32(p.last)+1)|1)
	p.word.Store(p.last) // → odd: publishes named and since
}

// end closes the poll window. Owner only; the window must be open.
func (p *pollWatch) end() {
	p.last = p.last&^genMask | uint64(uint32(p.last)+1)
	p.word.Store(p.last) // odd → even
}

// open reports whether the owner's window is open (owner only: it reads
// the owner's copy).
func (p *pollWatch) open() bool { return p.last&1 != 0 }

// polling reports whether a poll is going on now (a snapshot). Any
// goroutine.
func (p *pollWatch) polling() bool { return p.word.Load()&1 != 0 }

// inPoll is what a reader learns of a poll in progress.
type inPoll struct {
	word  uint64 // the odd word of the poll: identifies it
	named *task  // the task, if it is named; else nil
	since int64  // when the poll began, on the poller's coarse clock
}

// id returns the polled task's id.
func (ip inPoll) id() uint32 { return uint32(ip.word >> 32) }

// label names the polled task as task.label would: `task "name"` or
// `task #N`.
func (ip inPoll) label() string { return taskLabel(ip.name(), uint64(ip.id())) }

// name returns the polled task's name, or "" when unnamed.
func (ip inPoll) name() string {
	if ip.named != nil {
		return ip.named.class.name
	}
	return ""
}

// reportName names the polled task as a BlockingReport does: its name,
// or `task #N`.
func (ip inPoll) reportName() string {
	if n := ip.name(); n != "" {
		return n
	}
	return ip.label()
}

// current returns the poll going on now, or false between polls (a
// seqlock read, see the type's doc). Any goroutine.
func (p *pollWatch) current() (inPoll, bool) {
	w := p.word.Load()
	if w&1 == 0 {
		return inPoll{}, false
	}
	return p.behind(w)
}

// behind reads named and since for the poll whose odd word w the caller
// loaded, and reports false if that poll has ended meanwhile.
func (p *pollWatch) behind(w uint64) (inPoll, bool) {
	n, since := p.named.Load(), p.since.Load()
	if p.word.Load() != w {
		return inPoll{}, false // the poll ended meanwhile
	}
	if n != nil && n.id != uint32(w>>32) {
		n = nil // the last named task, not this poll's: it is unnamed
	}
	return inPoll{word: w, named: n, since: since}, true
}
