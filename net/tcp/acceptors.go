package tcp

import (
	"sync"

	"github.com/kettle-rt/kettle/waker"
)

// acceptors is the set of tasks waiting in a Listener's Accept. The
// listener's registration stores waker.New(&acceptors) as its one read
// waiter; its Wake wakes every member and empties the set, and each woken
// task polls again: accept(2) hands each connection to exactly one of them,
// the others wait again. Members are deduplicated with WillWake, so a task
// that polls many times is woken once.
type acceptors struct {
	mu    sync.Mutex
	ws    []waker.Waker // guarded by mu
	spare []waker.Waker // the previous batch's array, reused; guarded by mu
}

func (a *acceptors) add(w waker.Waker) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, x := range a.ws {
		if x.WillWake(w) {
			return
		}
	}
	a.ws = append(a.ws, w)
}

func (a *acceptors) remove(w waker.Waker) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, x := range a.ws {
		if x.WillWake(w) {
			last := len(a.ws) - 1
			a.ws[i] = a.ws[last]
			a.ws[last] = waker.Waker{}
			a.ws = a.ws[:last]
			return
		}
	}
}

// Wake wakes every waiting acceptor (waker.Wakeable).
func (a *acceptors) Wake() {
	a.mu.Lock()
	batch := a.ws
	a.ws, a.spare = a.spare[:0], nil
	a.mu.Unlock()
	for i := range batch {
		batch[i].Wake()
		batch[i] = waker.Waker{}
	}
	a.mu.Lock()
	if a.spare == nil {
		a.spare = batch[:0]
	}
	a.mu.Unlock()
}
