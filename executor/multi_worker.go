package executor

import (
	"math/rand/v2"
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/goid"
	"github.com/kettle-rt/kettle/internal/stealq"
	"github.com/kettle-rt/kettle/internal/taskcx"
)

const (
	// injectInterval: every this many polls a worker takes a task from the
	// inject queue before its own, so that its own queue cannot starve the
	// global one (tokio's global_queue_interval, 61: a prime, so it does
	// not beat with periodic workloads).
	injectInterval = 61
	// maxLIFOPolls bounds consecutive polls from the LIFO slot: two tasks
	// that keep waking each other would otherwise starve the ring.
	maxLIFOPolls = 3
)

// worker is one chef's station of a Multi: a goroutine, its ring, its
// LIFO slot, its inbox and its reused Context.
//
// Ownership: runq is pushed and popped only by this worker's goroutine
// (thieves use StealInto); lifo is an atomic slot any goroutine may fill
// (Multi.schedule) and the owner or a thief may empty; inbox is pushed by
// any goroutine and popped by the owner (with TakeN alone) or by whoever
// holds its consumer lock (a thief, Close); p (the poll path,
// poll.go) and the fields without atomics are owned by the worker's
// goroutine, except what p publishes (its counters and its watch window).
type worker struct {
	m    *Multi
	idx  int32
	runq stealq.Queue[task]
	lifo atomic.Pointer[task]
	// inbox takes the tasks spawned while this worker is polling on the
	// P the spawner runs on (Multi.spawn), and those woken there between
	// its polls (Multi.schedule): any goroutine pushes; the owner moves
	// them into runq between polls; a thief may take a batch.
	inbox taskQueue
	// driving is true while this worker waits in the reactor for all.
	driving atomic.Bool
	// gid is the worker goroutine's id (see goid), for Run and Close to
	// refuse calls from a worker; read only when some worker is polling.
	gid atomic.Uint64
	// unpark carries the wake-up token of a parked worker (capacity 1).
	unpark chan struct{}
	// exited is set when the worker's goroutine has left its loop for
	// good; abandoned by a Close that stopped waiting for it (CloseWait).
	exited, abandoned atomic.Bool

	// Owned by the worker's goroutine.
	p poller
	// cx is p's Context (p.cx points here), rewritten at every poll.
	// What a worker writes at every poll or search lives inside the worker
	// (cx, pcg, trace) or in a task, never in a small object of its own:
	// NewMulti allocates the workers' small objects side by side, and two
	// workers writing one cache line pass it between their cores at every
	// poll. Two 112-byte Contexts sharing a line made between a third and
	// a half of the Multis run ping_pong at 2.3 times the cost per poll
	// (31-38 ms instead of 14; TestMultiWorkersShareNoLine).
	cx        future.Context
	defers    deferList // yielded tasks, woken after a look at I/O (local_defer.go)
	searching bool
	tick      uint32
	lifoRun   int // consecutive polls taken from the LIFO slot
	lastP     int // the P this worker last recorded itself on (see notePin)
	spill     []*task
	batch     []*task
	rng       *rand.Rand  // draws from pcg
	pcg       rand.PCG    // the state rng writes at every search (see cx)
	trace     tracePoller // p.trace points here when tracing (see cx)

	times workerTimes // published park times (multi_observe.go)
}

func newWorker(m *Multi, i int) *worker {
	w := &worker{
		m:      m,
		idx:    int32(i),
		unpark: make(chan struct{}, 1),
		spill:  make([]*task, 0, stealq.Capacity/2+1),
		batch:  make([]*task, 0, stealq.Capacity/2),
		lastP:  -1,
	}
	w.inbox.q.Numbering(uint32(i+1), uint32(len(m.workers)+1)) // Multi.spawn
	w.pcg.Seed(uint64(i)+1, seedStream)
	w.rng = rand.New(&w.pcg)
	w.p.init(&m.reg, m.reg.shardOf(i))
	// The poll path's Context moves into the worker (see worker.cx): a
	// copy of the fresh one p.init made, before anything points at it.
	w.cx = *w.p.cx
	w.p.cx, w.p.st = &w.cx, taskcx.Of(&w.cx)
	w.p.cx.SetServices(m.services)
	w.defers.ioWaiting = func() bool { return m.reactor != nil && m.reactor.Registrations() > 0 }
	taskcx.Of(w.p.cx).Deferrer = &w.defers
	w.p.clock.epoch = m.epoch
	w.p.home = w.idx + 1
	w.p.watched = true // Multi.schedule routes wakes by it
	w.p.setObservers()
	return w
}

// run is the worker's loop: find a task, poll it, repeat; park when there
// is nothing anywhere; exit when the Multi closes.
func (w *worker) run() {
	learnWorkerRun()
	normal := false
	defer func() {
		if !normal {
			// A task's poll called runtime.Goexit: the poller completed the
			// task; this goroutine ends, a new one takes the worker over
			// (keeping its place in m.running).
			go w.run()
			return
		}
		w.exit()
		w.exited.Store(true)
		if w.abandoned.Load() {
			w.m.lateExit(w)
		}
		w.m.running.Done()
	}()
	w.gid.Store(goid.Get())
	w.p.watch.gid.Store(w.gid.Load())
	for !w.m.closed.Load() {
		if t := w.next(); t != nil {
			w.endSearch()
			w.runTask(t)
			continue
		}
		if w.defers.pending() {
			// Only yielded tasks are left here: look at the reactor and
			// timers first, then wake them.
			w.maintain()
			w.defers.wakeAll()
			continue
		}
		if t := w.search(); t != nil {
			w.endSearch()
			w.runTask(t)
			continue
		}
		w.park()
	}
	normal = true
}

// exit publishes the worker's last counters and trace events and leaves
// the stop protocol.
func (w *worker) exit() {
	w.p.publish()
	w.times.exitAt.Store(w.p.clock.tick() + 1)
	w.p.flushTrace()
}

// next finds a task without searching: every injectInterval polls the
// inject queue first; then the LIFO slot (at most maxLIFOPolls in a row),
// the inbox (into the ring; while the ring is empty, its oldest task runs
// at once), the ring, a batch from the inject queue, and a batch from
// another worker's inbox. Either way the inbox's tasks run after the
// ring's, which are older.
func (w *worker) next() *task {
	w.tick++
	if w.tick%injectInterval == 0 {
		w.maintain()
		w.defers.wakeAll()
		if b := w.m.inject.popBatch(w.batch[:0], 1); len(b) > 0 {
			return b[0]
		}
	}
	// A load first: a swap on every turn would cost an atomic write even
	// when the slot is empty, which it usually is.
	if w.lifo.Load() != nil {
		if t := w.lifo.Swap(nil); t != nil {
			if w.lifoRun < maxLIFOPolls {
				w.lifoRun++
				return t
			}
			w.pushLocal(t) // its turn comes after the ring's
		}
	}
	w.lifoRun = 0
	if w.inbox.maybeNonEmpty() {
		if w.runq.IsEmpty() {
			// Nothing older queued here: run the inbox's oldest task
			// straight away, without a trip through the ring (a push
			// and a pop, two atomic read-modify-writes).
			if t := w.inbox.takeOne(); t != nil {
				return t
			}
		} else {
			w.drainInbox()
		}
	}
	if t := w.runq.Pop(); t != nil {
		return t
	}
	if t := w.fromInject(); t != nil {
		return t
	}
	return w.fromInboxes()
}

// fromInboxes takes a batch from another worker's inbox, as from the
// inject queue, without becoming a searcher: one task spawning many in one
// poll feeds the idle workers through its inbox the way it fed them
// through the inject queue, without each batch taking a turn at the
// shared searching count (which the spawner reads at every spawn).
func (w *worker) fromInboxes() *task {
	for _, o := range w.m.workers {
		// Only from a worker with nothing in its ring: one stuck spawning
		// in a poll, or one running its inbox's tasks straight away
		// (worker.next), whose oldest are the biggest work it has. A
		// busy one's ring holds older, bigger work that a search steals
		// half of (a tree's upper branches, not its leaves).
		if o == w || !o.inbox.maybeNonEmpty() || !o.runq.IsEmpty() {
			continue
		}
		if t := w.stealInbox(o); t != nil {
			return t
		}
	}
	return nil
}

// stealInbox takes a batch of up to half a ring from o's inbox (unless
// another consumer holds it): the first task to run, the rest into w's
// (empty) ring, counted as a steal.
func (w *worker) stealInbox(o *worker) *task {
	b := o.inbox.popBatch(w.batch[:0], stealq.Capacity/2)
	t := w.takeBatch(b)
	if t != nil {
		w.p.stats.steals++
	}
	return t
}

// drainInbox moves what was spawned into w's inbox to the back of its
// ring, as much as fits (at least one task, so that a ring kept full by
// tasks that re-queue themselves cannot starve the inbox: pushLocal then
// spills half of the ring to the inject queue). Owner only.
func (w *worker) drainInbox() {
	room := max(stealq.Capacity-w.runq.Len(), 1)
	b := w.inbox.takeN(w.batch[:0], min(room, cap(w.batch)))
	for _, t := range b {
		w.pushLocal(t)
	}
	clear(b)
}

// fromInject takes a batch from the inject queue: one task to run, up to
// half a ring more into the (empty) ring.
func (w *worker) fromInject() *task {
	b := w.m.inject.popBatch(w.batch[:0], stealq.Capacity/2)
	return w.takeBatch(b)
}

// takeBatch takes b, a batch just popped from a shared queue (the inject
// queue or another worker's inbox): its first task is returned to run,
// the others go into the (empty) ring.
func (w *worker) takeBatch(b []*task) *task {
	if len(b) == 0 {
		return nil
	}
	for _, t := range b[1:] {
		w.pushLocal(t)
	}
	t := b[0]
	clear(b)
	return t
}

// pushLocal puts t on w's ring; overflow goes to the inject queue. Owner
// only. If others are parked and nobody searches, one is woken to steal.
func (w *worker) pushLocal(t *task) {
	if spilled := w.runq.Push(t, w.spill); spilled != nil {
		for _, s := range spilled {
			w.m.inject.push(s)
		}
		clear(spilled)
		w.m.notifyParked()
		return
	}
	if w.runq.Len() > 1 {
		w.m.notifyParked()
	}
}

// search steals from the other workers (half of a ring, a LIFO slot, or a
// batch of an inbox), starting at a random one, then tries the inject
// queue. Only as many
// workers search at a time as idleSet allows.
func (w *worker) search() *task {
	m := w.m
	if !w.searching {
		if !m.idle.tryStartSearching() {
			return nil
		}
		w.searching = true
	}
	n := len(m.workers)
	start := w.rng.IntN(n)
	for i := range n {
		o := m.workers[(start+i)%n]
		if o == w {
			continue
		}
		if t := o.runq.StealInto(&w.runq); t != nil {
			w.p.stats.steals++
			return t
		}
	}
	for i := range n {
		o := m.workers[(start+i)%n]
		if o == w {
			continue
		}
		// A load first: a swap would write the other worker's line (and
		// take it from its core) even when the slot is empty.
		if o.lifo.Load() == nil {
			continue
		}
		if t := o.lifo.Swap(nil); t != nil {
			w.p.stats.steals++
			return t
		}
	}
	for i := range n {
		o := m.workers[(start+i)%n]
		if o == w || !o.inbox.maybeNonEmpty() {
			continue
		}
		if t := w.stealInbox(o); t != nil {
			return t
		}
	}
	return w.fromInject()
}

// runTask polls t once (or drops it if aborted) on the shared poll path
// and re-queues it locally if it was woken during the poll.
func (w *worker) runTask(t *task) {
	w.notePin()
	if w.p.run(t) == pollRequeue {
		w.pushLocal(t)
	}
}

// notePin records w as the worker running on its current P, for spawns
// made during the coming poll to find its inbox (Multi.spawn). Owner only;
// a load and a procPin per poll, a store only when the P changed or
// another worker had recorded itself there.
func (w *worker) notePin() {
	p := currentP()
	if p >= len(w.m.onP) {
		return // GOMAXPROCS grew since NewMulti: no hint for this P
	}
	if p != w.lastP || w.m.onP[p].Load() != w {
		w.lastP = p
		w.m.onP[p].Store(w)
	}
}
