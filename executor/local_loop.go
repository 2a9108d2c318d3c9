package executor

import (
	"fmt"
	"time"
)

// loop polls ready tasks until main completes (main == nil: until none is
// ready, never parking). It returns the number of polls made and a
// *DeadlockError if main can never complete. Caller owns the loop.
func (e *Local) loop(main *task) (polls int, err error) {
	for {
		if main != nil && main.state.IsComplete() {
			return polls, nil
		}
		if e.ready.Len() == 0 || e.pick != nil || e.choose != nil {
			// The inject queues are looked at when the ring runs dry
			// (and after a requeue, below), so a drain takes many tasks
			// at a time. A picker or chooser sees every ready task, so
			// it gets them after every poll.
			e.drainInject()
		}
		if t, ok := e.next(); ok {
			if main != nil && e.cfg.maxPolls > 0 && polls >= e.cfg.maxPolls {
				e.ready.PushBack(t) // not polled: leave it queued
				return polls, fmt.Errorf("%w: %d polls in one Run", ErrPollLimit, polls)
			}
			if !e.awake {
				e.startAwake() // RunUntilStalled: only once there is work
			}
			if e.p.run(t) == pollRequeue {
				// Queued before the loop looks at its inject queues: a
				// consumer that used up its budget runs again before
				// the producers it woke, which then find room to send
				// many values each (mpsc_fanin: 20% faster than the
				// other order). It goes behind every task already in
				// the ring, and what was woken goes right behind it.
				if e.ready.n == 0 {
					e.ready.ring.PushBack(t) // runQueue.PushBack, inlined by hand
				} else {
					e.ready.pushList(t)
				}
				e.drainInject()
			}
			polls++
			if polls%maintainEvery == 0 {
				e.maintain()
				e.defers.wakeAll()
			}
			continue
		}
		if e.defers.pending() {
			// Only yielded tasks are left: look at timers and sockets
			// first, then wake them (after the tasks that look woke).
			e.maintain()
			e.defers.wakeAll()
			continue
		}
		if main == nil {
			// RunUntilStalled: never block, but do fire what is due (a
			// host loop calling us every frame expects its timers and
			// sockets to make progress) and go on if that woke anyone.
			if e.maintain() > 0 {
				continue
			}
			return polls, nil
		}
		if err := e.park(); err != nil {
			return polls, err
		}
	}
}

// maintainEvery is how many polls the loop makes between two looks at its
// timers and reactor while tasks keep it busy (tokio's event_interval is 61
// too): without it, a long ready queue would hold back every timer and
// socket until it drained, however late they became.
const maintainEvery = 61

// ringKeep is the run-queue length a Local keeps room for however empty it
// gets: a burst of spawns grows a ring's directory (its chunks go back as
// they empty, see queue.Ring), maintain gives the excess back.
const ringKeep = 4096

// maintain fires the timers that are due and, if the reactor is open and a
// task waits on it, collects ready I/O without blocking. It reports how many
// wake-ups that caused (tasks pushed on the inject queue).
func (e *Local) maintain() int {
	if e.unknownGid() {
		e.learnLoopGoroutine()
	}
	e.p.idle() // timers' wakers and the reactor: not the last poll's time
	e.ready.Shrink(ringKeep)
	n := e.tops.Fire()
	if r := e.io.Loaded(); r != nil && r.Registrations() > 0 {
		if k, err := r.Wait(0); err == nil {
			n += k
		}
	}
	return n
}

// drainInject moves every task pushed on the inject queues to the back
// of the ready queue: first the woken ones, in wake order, then the
// spawned ones, in spawn order. One atomic load per queue when nothing was
// pushed. Woken tasks come off their stack newest first, one link read
// (and cleared) each, and are reversed in the ring. Spawned ones come as a
// chain linked through the tasks, which joins the ready queue in O(1)
// without reading a task (runQueue). A task that Close claimed and
// dropped while it was queued is moved too: its poll is skipped
// (poller.run).
func (e *Local) drainInject() {
	if n := e.woken.Take(); n != nil {
		if e.ready.n != 0 {
			// A burst of spawns is still queued: the woken go behind it,
			// in the ring (O(burst), once: the list is then empty).
			e.p.idle() // not the last poll's time
			e.ready.flat()
		}
		e.ready.ring.ReverseBack(e.ready.ringChain(n))
	}
	if e.spawns.Empty() {
		return
	}
	if e.ready.Len() == 0 {
		// Give back what a burst left in the ring's directory first (a
		// compare when there is none).
		e.ready.Shrink(ringKeep)
	}
	if head, tail, n := e.spawns.Take(); n > 0 {
		e.ready.pushChain(head, tail, n)
		if e.pick != nil || e.choose != nil {
			e.p.idle()
			e.ready.flat() // O(burst): their picks index the ring
		}
	}
}

// next picks the next ready task: the front of the ring; with Seed the one
// the Chooser picks (asked only when there is a choice); with a picker
// (futuretest) the one it picks, asked before every poll.
func (e *Local) next() (*task, bool) {
	n := e.ready.Len()
	if e.pick != nil && n > 0 {
		e.p.idle()
		i := e.pick.Pick(readyView{e})
		if i < 0 || i >= n {
			panic(fmt.Sprintf("executor: schedule picker chose %d of %d ready tasks", i, n))
		}
		return e.ready.RemoveAt(i), true
	}
	if e.choose == nil || n <= 1 {
		if e.ready.n == 0 {
			return e.ready.ring.PopFront() // runQueue.PopFront, inlined by hand
		}
		return e.ready.PopFront()
	}
	return e.ready.RemoveAt(e.choose.Choose(n)), true
}

// readyView is the exechook.Ready a picker sees: the ready ring.
type readyView struct{ e *Local }

func (v readyView) Len() int          { return v.e.ready.Len() }
func (v readyView) ID(i int) uint64   { return uint64(v.e.ready.At(i).id) }
func (v readyView) Name(i int) string { return v.e.ready.At(i).taskName() }

// deadlock builds the report from the registry: main first, then every
// other unfinished task in spawn order.
func (e *Local) deadlock(grace time.Duration) *DeadlockError {
	d := &DeadlockError{Grace: grace}
	if e.main != nil && e.main.listed != 0 {
		d.Tasks = append(d.Tasks, describe(e.main))
	}
	for _, t := range e.reg.snapshot() {
		if t != e.main {
			d.Tasks = append(d.Tasks, describe(t))
		}
	}
	return d
}
