package futuretest

import (
	"strconv"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// ctask is the trial's view of one controlled task.
//
// ready is true from the task's spawn or a wake of its (wrapped) waker
// until its future is next polled; done once the future finished or was
// dropped. Both are guarded by Trial.mu (wakes may come from any
// goroutine); the other fields are owned by the loop's goroutine.
type ctask struct {
	tr    *Trial
	id    int
	name  string      // task name, learnt at the first poll ("" if unnamed)
	real  waker.Waker // the executor's waker for this task, set at first poll
	ready bool
	done  bool
}

// Wake implements waker.Wakeable: the waker a controlled future sees. It
// notes the wake for the trial, then pages the executor.
func (c *ctask) Wake() {
	c.tr.noteWake(c)
	c.real.Wake()
}

// label names the task in messages.
func (c *ctask) label() string {
	if c.name != "" {
		return "task " + strconv.Quote(c.name)
	}
	return "controlled task #" + strconv.Itoa(c.id+1)
}

// controlled wraps the future of a controlled task. Each executor poll of
// it is either a step (the trial chose this task: its future is polled
// with the wrapped waker and the trial's branch chooser) or a deferral (the
// trial chose another ready task: it wakes itself and returns Pending
// without touching the future, so the executor goes round its queue until
// the chosen task comes up). Deferrals change nothing the future can see.
type controlled[T any] struct {
	c     *ctask
	f     future.Future[T]
	phase wrapPhase
}

func newControlled[T any](tr *Trial, f future.Future[T]) *controlled[T] {
	tr.mu.Lock()
	c := &ctask{tr: tr, id: len(tr.tasks), ready: true}
	tr.tasks = append(tr.tasks, c)
	tr.mu.Unlock()
	return &controlled[T]{c: c, f: f}
}

// Poll takes a step of this task if the trial chooses it, else defers.
func (w *controlled[T]) Poll(cx *future.Context) future.Poll[T] {
	w.phase.Check(w)
	c := w.c
	tr := c.tr
	if c.real.IsNoop() {
		c.name = cx.TaskName()
		c.real = cx.Waker()
	}
	tr.mu.Lock()
	c.ready = true // polled, so runnable: a wake we did not see (none expected)
	tr.mu.Unlock()
	if tr.target == nil {
		tr.pickTarget()
	}
	if tr.target != c {
		// Another task was chosen; it is queued, so the executor reaches
		// it after going round. We stay ready.
		cx.Waker().Wake()
		return future.Pending[T]()
	}
	tr.target, tr.last = nil, c
	tr.mu.Lock()
	c.ready = false
	tr.mu.Unlock()

	p := w.pollInner(cx)
	if !tr.usedIO && reactor.Opened(cx) {
		tr.noteIO(c)
	}
	if p.IsReady() {
		w.finish()
	}
	return p
}

// pollInner polls the future with the task's wrapped waker and the trial's
// chooser, restoring the executor's Context afterwards (even on panic, which
// it notes and passes on).
func (w *controlled[T]) pollInner(cx *future.Context) future.Poll[T] {
	c := w.c
	ts := taskcx.Of(cx)
	prevW, prevC := cx.Waker(), ts.Chooser
	cx.SetWaker(waker.New(c))
	ts.Chooser = &c.tr.branchC
	ok := false
	defer func() {
		cx.SetWaker(prevW)
		ts.Chooser = prevC
		if !ok {
			r := recover()
			c.tr.notePanic(c, r)
			w.finish()
			panic(r)
		}
	}()
	p := w.f.Poll(cx)
	ok = true
	return p
}

// finish marks the task done (ready or panicked).
func (w *controlled[T]) finish() {
	w.phase, w.f = wrapDone, nil
	w.c.tr.mu.Lock()
	w.c.done, w.c.ready = true, false
	w.c.tr.mu.Unlock()
}

// Drop drops the future (an abort, or Close of the executor) and takes the
// task out of the trial's choices.
func (w *controlled[T]) Drop() {
	if w.phase != wrapLive {
		return
	}
	f := w.f
	w.phase, w.f = wrapDropped, nil
	tr := w.c.tr
	tr.mu.Lock()
	w.c.done, w.c.ready = true, false
	tr.mu.Unlock()
	if tr.target == w.c {
		tr.target = nil
	}
	future.Drop(f)
}
