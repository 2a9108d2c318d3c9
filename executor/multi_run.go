package executor

import (
	"errors"
	"fmt"
	"github.com/kettle-rt/kettle/internal/stealq"
	"slices"
	"strings"
	"time"

	"github.com/kettle-rt/kettle/internal/goid"
	"github.com/kettle-rt/kettle/waker"
)

// chanWaker signals a Run caller that its main task finished.
type chanWaker chan struct{}

func (c chanWaker) Wake() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// onWorker reports whether the caller is one of m's worker goroutines. A
// worker's goroutine can only call it from inside a poll, so when no
// worker is polling the answer is no at the cost of a load per worker;
// otherwise a caller whose stack does not start in a worker's loop is no
// worker either (onWorkerStack, a stack walk: 0.3-0.6 µs), and only a worker
// goroutine — of m or of another Multi: a Run from inside a task — has
// its goroutine id parsed and compared (see goid).
func (m *Multi) onWorker() bool {
	polling := false
	for _, w := range m.workers {
		if w.p.watch.polling() {
			polling = true
			break
		}
	}
	if !polling || !onWorkerStack() {
		return false
	}
	id := goid.Get()
	for _, w := range m.workers {
		if w.gid.Load() == id {
			return true
		}
	}
	return false
}

// runMain implements Executor: spawn main on the workers and block until
// it completes, watching for a deadlock meanwhile.
func (m *Multi) runMain(main *task) error {
	if m.closed.Load() {
		return ErrClosed
	}
	if m.onWorker() {
		return ErrRunning // a worker waiting for main might be the one to run it
	}
	done := make(chanWaker, 1)
	main.class = &m.mainClass
	main.id = m.outsideID()
	main.state.Init(true)
	main.record().joinWaker = waker.New(done)
	main.state.SetJoinWaker() // before main is shared: cannot be complete
	if m.closed.Load() {
		main.state.Claim()
		main.drop(ErrClosed)
		m.otherDone.Add(1)
		return nil // the handle holds ErrClosed
	}
	m.pushInject(main)
	mode := m.cfg.deadlockMode(false)
	if mode == detectOff {
		<-done
		return nil
	}
	var grace *time.Timer
	defer func() {
		if grace != nil {
			grace.Stop()
		}
	}()
	arm := func(d time.Duration) <-chan time.Time {
		if grace == nil {
			grace = time.NewTimer(d)
		} else {
			grace.Reset(d)
		}
		return grace.C
	}
	stallLogged := false
	for {
		if !m.quiescent() {
			select {
			case <-done:
				return nil
			case <-m.quietCh():
				continue
			}
		}
		// Every worker is parked and nothing inside the runtime can wake a
		// task. Only a waker held outside it could.
		epoch := m.unparks.Load()
		quiet := m.quietCh()
		switch mode {
		case detectProvable:
			// Report only what is provable (deadlock_proof.go); else
			// keep waiting, logging a stall once per quiet spell.
			// The proof walks every task: run it only after proofDelay
			// of quiet, so that tasks woken now and then from outside do
			// not pay a walk per wake.
			select {
			case <-done:
				return nil
			case <-quiet:
				stallLogged = false
				continue
			case <-arm(proofDelay):
			}
			if !m.quiescent() || m.unparks.Load() != epoch {
				continue
			}
			if provablyStuck(m.reg.snapshot(), main) {
				break // report below
			}
			var stall <-chan time.Time
			if m.cfg.stall > 0 && !stallLogged {
				stall = arm(m.cfg.stall)
			}
			select {
			case <-done:
				return nil
			case <-quiet:
				stallLogged = false // something ran: a new quiet spell may stall again
				continue
			case <-stall:
				if m.unparks.Load() == epoch && m.quiescent() && !main.state.IsComplete() {
					stallLogged = true
					m.cfg.logStall(m.cfg.stall, m.deadlock(main, 0).Tasks)
				}
				continue
			}
		case detectGrace:
			// Wait out the grace period, restarting it if any worker
			// wakes meanwhile.
			select {
			case <-done:
				return nil
			case <-arm(m.cfg.grace):
			}
		}
		if main.state.IsComplete() {
			return nil
		}
		if m.unparks.Load() != epoch || !m.quiescent() {
			continue
		}
		g := m.cfg.grace
		if mode != detectGrace {
			g = 0
		}
		d := m.deadlock(main, g)
		if !main.state.Claim() {
			continue // woken at the last moment: not a deadlock after all
		}
		m.reg.remove(main)
		main.drop(d)
		m.otherDone.Add(1)
		return d
	}
}

// quiescent reports whether nothing inside the runtime can wake a task:
// every worker parked, no task queued, no blocking job in flight, no
// timer armed, no I/O registration with a waiter.
func (m *Multi) quiescent() bool {
	if !m.idle.allParked() || m.blocking.Load() > 0 || m.hasWork() || m.timersArmed() {
		return false
	}
	return m.reactor == nil || m.reactor.Registrations() == 0
}

// quietCh returns the channel that the next "every worker parked" event
// closes.
func (m *Multi) quietCh() <-chan struct{} {
	m.quietMu.Lock()
	defer m.quietMu.Unlock()
	return m.quiet
}

// signalQuiet tells Run callers to look for a deadlock.
func (m *Multi) signalQuiet() {
	m.quietMu.Lock()
	close(m.quiet)
	m.quiet = make(chan struct{})
	m.quietMu.Unlock()
}

// deadlock builds the report from the registry: main first, then the
// other unfinished tasks in spawn order.
func (m *Multi) deadlock(main *task, grace time.Duration) *DeadlockError {
	d := &DeadlockError{Grace: max(grace, 0)}
	ts := m.reg.snapshot()
	d.Tasks = append(d.Tasks, describe(main))
	for _, t := range ts {
		if t != main && t.class == &m.mainClass && t.published().waitingOn == nil {
			continue // another Run's main, idle before its first poll
		}
		if t != main {
			d.Tasks = append(d.Tasks, describe(t))
		}
	}
	return d
}

// Close drops every unfinished task (each future's Drop runs, an async
// block's defers run; handles yield [ErrClosed]), stops the workers, the
// blocking detector and the driver, closes the reactor, and lets idle
// blocking-pool goroutines exit. It waits for polls in progress to end,
// at most [CloseWait]: a poll still running then is left to finish on its
// own (its worker drops the task afterwards) and Close returns an error
// matching [ErrStuck] naming the task. Tasks spawned afterwards finish at once with ErrClosed, and Run returns
// ErrClosed; a Run in progress returns ErrClosed too. [SpawnBlocking] jobs
// in flight cannot be stopped: Close does not wait for them; their handles
// still get their results.
//
// Close returns nil, [ErrClosed] if already closed, [ErrRunning] when
// called from inside one of the executor's own tasks (it would wait for
// the worker that calls it; nothing is closed then), or the *PanicError
// values of Drop methods that panicked and the ErrStuck error, joined.
func (m *Multi) Close() error {
	if m.closed.Load() {
		return ErrClosed
	}
	if m.onWorker() {
		return ErrRunning
	}
	if !m.closed.CompareAndSwap(false, true) {
		return ErrClosed
	}
	close(m.stop)
	if m.reactor != nil {
		_ = m.reactor.Wake()
	}
	stuck := m.waitWorkers(m.closeWait)
	m.watch.stop()
	m.pool.close()
	m.inject.mu.Lock()
	errs := m.dropAll()
	m.stopped.Store(true)
	m.inject.mu.Unlock()
	m.reap() // a push that raced with the last drain
	m.timers.Close()
	if m.reactor != nil {
		_ = m.reactor.Close()
	}
	if m.cfg.tracer != nil && m.cfg.ownTracer {
		// The workers flushed their events as they exited.
		if err := m.cfg.tracer.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	m.signalQuiet() // let a Run blocked on quietCh look again
	if stuck != nil {
		errs = append(errs, stuck)
	}
	return errors.Join(errs...)
}

// CloseWait is how long [Multi.Close] waits for its workers to finish the
// polls they are in. A worker still inside one poll after it (a task
// blocked in a syscall, a lock, a channel) is abandoned: Close returns an
// error matching [ErrStuck] that names the task and how long it has been
// polling, and that worker drops the task, and any other it still holds,
// once the poll returns.
const CloseWait = 2 * time.Second

// waitWorkers waits up to wait for every worker to exit and returns nil,
// or marks the workers that did not as abandoned and returns an ErrStuck
// error naming what each is doing.
func (m *Multi) waitWorkers(wait time.Duration) error {
	exited := make(chan struct{})
	go func() {
		m.running.Wait()
		close(exited)
	}()
	timeout := time.NewTimer(wait)
	defer timeout.Stop()
	select {
	case <-exited:
		return nil
	case <-timeout.C:
	}
	now := int64(time.Since(m.epoch))
	var what []string
	for _, w := range m.workers {
		if w.exited.Load() {
			continue
		}
		w.abandoned.Store(true)
		if ip, ok := w.p.watch.current(); ok {
			what = append(what, fmt.Sprintf("%s has been polling for %v on worker %d",
				ip.label(), time.Duration(max(now-ip.since, 0)).Round(time.Millisecond), w.idx))
		} else {
			what = append(what, fmt.Sprintf("worker %d has not stopped (not in a poll: a waker or timer it runs may block)", w.idx))
		}
	}
	if len(what) == 0 {
		return nil // they all exited as we looked
	}
	return fmt.Errorf("%w: Close waited %v; %s; left to finish on its own, then dropped", ErrStuck, wait, strings.Join(what, "; "))
}

// stealAll appends what an abandoned worker holds in its LIFO slot and
// ring to ts, taking it the way a thief does (its goroutine still owns the
// ring), and returns ts.
func stealAll(w *worker, ts []*task) []*task {
	if t := w.lifo.Swap(nil); t != nil {
		ts = append(ts, t)
	}
	tmp := new(stealq.Queue[task])
	for range stealq.Capacity { // each steal takes about half; bounded
		t := w.runq.StealInto(tmp)
		if t == nil {
			break
		}
		ts = append(ts, t)
		tmp.Drain(func(t *task) { ts = append(ts, t) })
	}
	return ts
}

// lateExit runs on an abandoned worker once its stuck poll has returned
// and its loop has ended: it drops what the worker still holds and what
// was queued or listed since Close drained, since nobody else will.
func (m *Multi) lateExit(w *worker) {
	m.inject.mu.Lock()
	defer m.inject.mu.Unlock()
	ts := m.popInboxes(m.inject.popAllLocked(w.takeQueued(nil)))
	ts = append(ts, m.reg.snapshot()...)
	for _, t := range ts {
		if _, p := m.dropClosed(t); p != nil {
			m.cfg.faults().Report("executor: dropping a task after Close gave up on its worker (Drop)", p.Value, false, p.Stack)
		}
	}
}

// dropClosed claims t and drops it with ErrClosed. claimed is false when
// another owner holds t (it is queued elsewhere or in a poll); p is the
// panic of its Drop, if any.
func (m *Multi) dropClosed(t *task) (claimed bool, p *PanicError) {
	if !t.state.Claim() {
		return false, nil
	}
	m.reg.remove(t)
	m.otherDone.Add(1)
	return true, t.drop(ErrClosed)
}

// takeQueued appends what w holds in its LIFO slot and ring to ts and
// returns ts. Only w's own goroutine may call it, or anyone once that
// goroutine has exited (otherwise see stealAll).
func (w *worker) takeQueued(ts []*task) []*task {
	if t := w.lifo.Swap(nil); t != nil {
		ts = append(ts, t)
	}
	w.runq.Drain(func(t *task) { ts = append(ts, t) })
	return ts
}

// dropAll drops every unfinished task, including those a Drop wakes or
// spawns meanwhile. The workers have exited; caller holds inject.mu.
func (m *Multi) dropAll() []error {
	var errs []error
	drop := func(t *task) bool {
		claimed, p := m.dropClosed(t)
		if p != nil {
			errs = append(errs, p)
		}
		return claimed
	}
	for {
		var ts []*task
		for _, w := range m.workers {
			if w.abandoned.Load() {
				// Its goroutine still owns its ring: take what it queued
				// as a thief would.
				ts = stealAll(w, ts)
				continue
			}
			ts = w.takeQueued(ts)
		}
		ts = m.popInboxes(m.inject.popAllLocked(ts))
		listed := m.reg.snapshot()
		if len(ts) == 0 && len(listed) == 0 {
			return errs
		}
		ts = append(ts, listed...)
		slices.SortFunc(ts, byID)
		claimed := false
		for _, t := range ts {
			claimed = drop(t) || claimed
		}
		if !claimed {
			return errs // the rest are in stuck polls: lateExit drops them
		}
	}
}

// popInboxes appends every task queued in the workers' inboxes to ts and
// returns ts. It takes each inbox's consumer lock in turn (the caller may
// hold inject.mu: the lock order is inject.mu, then an inbox's mu; workers
// only TryLock an inbox, holding nothing else).
func (m *Multi) popInboxes(ts []*task) []*task {
	for _, w := range m.workers {
		w.inbox.mu.Lock()
		ts = w.inbox.popAllLocked(ts)
		w.inbox.mu.Unlock()
	}
	return ts
}

// reap drops tasks pushed (on the inject queue or an inbox) after Close's
// last drain. Whoever pushes after
// seeing closed calls it; it does nothing until the workers have stopped
// (Close's own drain catches earlier pushes).
func (m *Multi) reap() {
	if !m.stopped.Load() {
		return
	}
	m.inject.mu.Lock()
	defer m.inject.mu.Unlock()
	for {
		ts := m.popInboxes(m.inject.popAllLocked(nil))
		if len(ts) == 0 {
			return
		}
		for _, t := range ts {
			if _, p := m.dropClosed(t); p != nil {
				m.cfg.faults().Report("executor: dropping a task pushed after Close (Drop)", p.Value, false, p.Stack)
			}
		}
	}
}
