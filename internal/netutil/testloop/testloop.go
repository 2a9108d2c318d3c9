// Package testloop is a tiny single-threaded executor for the tests of
// Kettle's I/O packages, written before package executor has a reactor: it
// polls ready tasks with a budgeted Context that carries a reactor, and
// parks in that reactor's Wait when none is ready. It is not part of the
// public API.
package testloop

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// ErrDeadlock is returned by Run when tasks are pending and nothing can
// wake them: no ready task and no reactor registration with a waiter.
var ErrDeadlock = errors.New("testloop: deadlock")

// ErrTimeout is returned by Run when its time limit passes.
var ErrTimeout = errors.New("testloop: timeout")

// Loop runs tasks on the goroutine that calls Run.
type Loop struct {
	r   *reactor.Reactor
	svc future.Services
	cx  *future.Context

	mu    sync.Mutex
	ready []*task // woken tasks, each at most once (task.queued)
	live  int     // tasks not finished; owned by Run's goroutine
	polls int
}

type task struct {
	l      *Loop
	poll   func(cx *future.Context) bool // true when finished
	queued bool                          // guarded by l.mu
	done   bool
}

// Wake queues the task (once) and interrupts the reactor's Wait.
func (t *task) Wake() {
	t.l.mu.Lock()
	if t.queued || t.done {
		t.l.mu.Unlock()
		return
	}
	t.queued = true
	t.l.ready = append(t.l.ready, t)
	t.l.mu.Unlock()
	_ = t.l.r.Wake()
}

// New returns a loop driving r.
func New(r *reactor.Reactor) *Loop {
	l := &Loop{r: r}
	r.Provide(&l.svc)
	l.cx = future.NewContext(waker.Noop())
	l.cx.SetServices(&l.svc)
	return l
}

// Handle is a spawned task's result.
type Handle[T any] struct {
	v    T
	done bool
}

// Get returns the result and whether the task finished.
func (h *Handle[T]) Get() (T, bool) { return h.v, h.done }

// Spawn adds f as a task, runnable at once.
func Spawn[T any](l *Loop, f future.Future[T]) *Handle[T] {
	h := &Handle[T]{}
	t := &task{l: l}
	t.poll = func(cx *future.Context) bool {
		if v, ok := f.Poll(cx).Get(); ok {
			h.v, h.done = v, true
			return true
		}
		return false
	}
	l.live++
	t.Wake()
	return h
}

// Polls returns how many task polls Run made.
func (l *Loop) Polls() int { return l.polls }

// Run polls tasks until all have finished, or returns ErrDeadlock or
// ErrTimeout (wrapped with the number of unfinished tasks).
func (l *Loop) Run(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var batch []*task
	for l.live > 0 {
		l.mu.Lock()
		batch, l.ready = l.ready, batch[:0]
		for _, t := range batch {
			t.queued = false
		}
		l.mu.Unlock()
		for _, t := range batch {
			if t.done {
				continue
			}
			l.cx.SetWaker(waker.New(t))
			l.cx.SetBudget(future.DefaultBudget)
			l.cx.SetWaitingOn(nil)
			l.polls++
			if t.poll(l.cx) {
				l.mu.Lock()
				t.done = true
				l.mu.Unlock()
				l.live--
			}
		}
		if l.live == 0 {
			return nil
		}
		l.mu.Lock()
		idle := len(l.ready) == 0
		l.mu.Unlock()
		if !idle {
			continue
		}
		if l.r.Registrations() == 0 {
			return fmt.Errorf("%w: %d tasks pending", ErrDeadlock, l.live)
		}
		left := time.Until(deadline)
		if left <= 0 {
			return fmt.Errorf("%w: %d tasks pending", ErrTimeout, l.live)
		}
		if _, err := l.r.Wait(left); err != nil {
			return err
		}
	}
	return nil
}

// BlockOn polls f under a bare future.NewContext (so I/O uses the
// process-wide fallback reactor), blocking between polls until woken, and
// gives up after limit.
func BlockOn[T any](f future.Future[T], limit time.Duration) (T, error) {
	ch := make(chan struct{}, 1)
	cx := future.NewContext(waker.Func(func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}))
	timer := time.NewTimer(limit)
	defer timer.Stop()
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			return v, nil
		}
		select {
		case <-ch:
		case <-timer.C:
			future.Drop(f)
			var zero T
			return zero, ErrTimeout
		}
	}
}
