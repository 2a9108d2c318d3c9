package executor

import (
	"sync/atomic"
	"weak"

	"github.com/kettle-rt/kettle/internal/queue"
	"github.com/kettle-rt/kettle/reactor"
)

// localWake is the part of a [Local] that a wake reaches: what schedule
// and notify touch, allocated apart from the Local, which embeds it by
// pointer (so e.inject, e.parked and the rest read as fields of the
// Local). A task's class (task.go) is in localWake, and its schedule is
// localWake.schedule, a method value that holds the localWake strongly
// and the Local not at all: wakers kept anywhere
// (timers, sockets, channels, suspended async blocks' goroutines) reach
// the tasks and this, never the Local, which the garbage collector can
// then take when it is forgotten (local_cleanup.go). A wake costs what it
// cost when these were fields of the Local: no weak pointer on the way.
//
// Nothing here may point to the Local except local, which is weak.
type localWake struct {
	// closed is set once, by Close while it owns the loop. A Spawn that
	// sees it completes the handle with ErrClosed at once; a Spawn that
	// pushed before seeing it is reaped (see reap).
	closed atomic.Bool
	// parked is true while the loop is (about to be) blocked in park. A
	// producer pushes to inject, then loads parked (both sequentially
	// consistent); park stores parked, then checks inject: one of the two
	// sees the other, so no wake is lost.
	parked atomic.Bool
	// unpark carries wake-up tokens to a parked loop (capacity 1: a
	// thousand wakes cost one token; a stale token costs one spurious turn).
	unpark chan struct{}

	// The inject queues, which the loop takes whole (drainInject): woken
	// tasks on a stack (one compare-and-swap per wake), spawned ones on a
	// chain (a burst is taken without reading the tasks; its counter
	// counts spawns, Local.spawn and Run, and numbers them: task.id, rule
	// 4 in task.go). Both are pushed from any goroutine.
	woken  queue.Stack[taskImpl]
	spawns queue.Chain[taskImpl]

	io *reactor.Lazy // opened by the first I/O future; closed by Close (or by the cleanup)

	// reg is the Local's registry of tasks that returned Pending (shared
	// with dumps and the cleanup). Here so that whatever reaches a task
	// reaches the registry, where the cleanup of a forgotten Local finds
	// the tasks to drop (local_cleanup.go).
	reg *registry

	// local is the Local, weakly: only a push that finds closed set uses
	// it (to reap), never an ordinary wake.
	local weak.Pointer[Local]

	// The tasks' classes (task.go): their schedule is this localWake's,
	// which holds it and nothing of the Local. Set by newLocalWake.
	executorClasses
}

func newLocalWake() *localWake {
	w := &localWake{
		unpark: make(chan struct{}, 1),
		io:     new(reactor.Lazy),
		reg:    newRegistry(1),
	}
	w.setClasses(w.schedule)
	return w
}

// schedule implements scheduler: push t on the inject queue and unpark the
// loop if it sleeps. Safe from any goroutine; allocates nothing.
func (w *localWake) schedule(t *task) {
	w.woken.Push(&t.node)
	w.pushed()
}

// injectEmpty reports whether both inject queues are empty. Safe from any
// goroutine; two atomic loads.
func (w *localWake) injectEmpty() bool { return w.woken.Empty() && w.spawns.Empty() }

// pushed is what follows a push on an inject queue: unpark the loop if it sleeps,
// reap if the Local was closed meanwhile.
func (w *localWake) pushed() {
	if w.parked.Load() {
		w.notify()
	}
	if w.closed.Load() {
		if e := w.local.Value(); e != nil {
			e.reap()
		}
	}
}

// notify hands a parked loop a wake-up: the reactor's coalesced wake when
// the loop waits in the reactor, else a token on the unpark channel. Never
// blocks. (The reactor is stored before the loop first parks in it, and a
// producer only gets here after seeing parked, which the loop stores after
// that; see localWake.parked.)
func (w *localWake) notify() {
	if r := w.io.Loaded(); r != nil {
		_ = r.Wake()
		return
	}
	select {
	case w.unpark <- struct{}{}:
	default: // a token is already waiting
	}
}
