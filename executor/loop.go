package executor

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/queue"
	"github.com/kettle-rt/kettle/internal/taskstate"
	"github.com/kettle-rt/kettle/waker"
)

// loop polls ready tasks until main completes (main == nil: until none is
// ready, never parking). It returns the number of polls made and a
// *DeadlockError if main can never complete. Caller owns the loop.
func (e *Local) loop(main *task) (polls int, err error) {
	for {
		if main != nil && main.state.IsComplete() {
			return polls, nil
		}
		if e.pending.Load() != nil {
			e.serve() // a Metrics or Dump request (see local_observe.go)
		}
		retry := e.drainInject()
		if t, ok := e.next(); ok {
			if main != nil && e.cfg.maxPolls > 0 && polls >= e.cfg.maxPolls {
				e.ready.PushBack(t) // not polled: leave it queued
				return polls, fmt.Errorf("%w: %d polls in one Run", ErrPollLimit, polls)
			}
			e.runTask(t)
			polls++
			if polls%maintainEvery == 0 {
				e.maintain()
			}
			continue
		}
		if retry {
			// A producer is between its swap and its link: it has work
			// for us and will finish in a moment.
			runtime.Gosched()
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

// maintain fires the timers that are due and, if the reactor is open and a
// task waits on it, collects ready I/O without blocking. It reports how many
// wake-ups that caused (tasks pushed on the inject queue).
func (e *Local) maintain() int {
	n := e.timers.Fire()
	if r := e.io.Loaded(); r != nil && r.Registrations() > 0 {
		if k, err := r.Wait(0); err == nil {
			n += k
		}
	}
	return n
}

// drainInject moves every task pushed on the inject queue to the ready
// ring, registering tasks seen for the first time. It reports whether a
// push was caught mid-way (PopRetry).
func (e *Local) drainInject() (retry bool) {
	for {
		n, res := e.inject.Pop()
		switch res {
		case queue.PopEmpty:
			return false
		case queue.PopRetry:
			return true
		}
		t := n.Value.header()
		if t.state.IsComplete() {
			continue // claimed and dropped by Close while queued
		}
		if t.id == 0 {
			e.lastID++
			t.id = e.lastID
		}
		e.ready.PushBack(t)
	}
}

// next picks the next ready task: the front of the ring, or with Seed or
// Scheduler the one the Chooser picks (asked only when there is a choice).
func (e *Local) next() (*task, bool) {
	n := e.ready.Len()
	if e.choose == nil || n <= 1 {
		return e.ready.PopFront()
	}
	return e.ready.RemoveAt(e.choose.Choose(n)), true
}

// runTask polls t once (or drops it if it was aborted) and files it
// according to the outcome.
//
// Observability costs here, with tracing and blocking detection off: a
// few plain increments and stores, and one nil check (hooks).
func (e *Local) runTask(t *task) {
	st := &e.stats
	if t.state.StartPoll() == taskstate.StartCancelled {
		e.tasks.remove(t)
		t.drop(ErrAborted)
		st.completed++
		return
	}
	cx := e.cx
	cx.SetWaker(waker.New(t))
	cx.SetTaskName(t.taskName())
	cx.SetBudget(future.DefaultBudget)
	cx.SetWaitingOn(nil)
	if t.polls == 0 {
		st.firstPolls++
	}
	t.polls++
	st.polls++
	if st.polls%coarseEvery == 0 {
		e.clock.tick()
	}
	t.lastPoll = e.clock.now
	e.running = t
	var done bool
	if e.hooks == nil {
		done = t.node.Value.poll(cx)
	} else {
		done = e.pollObserved(t, cx)
	}
	e.running = nil
	if done {
		e.tasks.remove(t)
		t.finish()
		st.completed++
		return
	}
	t.waitingOn = cx.WaitingOn()
	if t.slot == 0 {
		e.tasks.add(t)
	}
	if t.state.EndPoll() == taskstate.EndRequeue {
		// Woken (or aborted) during its poll: the wake could not queue a
		// running task, so it is the loop's job now. A budget down to 0
		// means a leaf refused to go on and woke the task: a budget yield.
		if cx.Budget() == 0 {
			st.budgetYields++
		}
		e.ready.PushBack(t)
	}
}

// deadlock builds the report from the registry: main first, then every
// other unfinished task in the order the loop first saw it.
func (e *Local) deadlock(grace time.Duration) *DeadlockError {
	d := &DeadlockError{Grace: grace}
	if e.main != nil && e.main.slot != 0 {
		d.Tasks = append(d.Tasks, describe(e.main))
	}
	ts := slices.Clone(e.tasks.list)
	slices.SortFunc(ts, byID)
	for _, t := range ts {
		if t != e.main {
			d.Tasks = append(d.Tasks, describe(t))
		}
	}
	return d
}

func byID(a, b *task) int { return cmp.Compare(a.id, b.id) }

func describe(t *task) string {
	if t.waitingOn != nil {
		return t.label() + " waits on " + t.waitingOn.String()
	}
	return t.label() + " is pending"
}
