package futuretest

import (
	"github.com/kettle-rt/kettle/future"
)

// controlled wraps the future of a task started with Spawn or Run: a
// panic escaping it is recorded as a failure of the run before the
// executor turns it into the handle's *executor.PanicError. Scheduling
// needs no wrapper: the trial picks every poll of every task (picker.go).
type controlled[T any] struct {
	tr    *Trial
	f     future.Future[T]
	phase wrapPhase
}

func newControlled[T any](tr *Trial, f future.Future[T]) *controlled[T] {
	return &controlled[T]{tr: tr, f: f}
}

// Poll polls the future, noting a panic.
func (w *controlled[T]) Poll(cx *future.Context) future.Poll[T] {
	w.phase.Check(w)
	ok := false
	defer func() {
		if !ok {
			r := recover()
			w.tr.notePanic(w.tr.label(w.tr.curID, cx.TaskName()), r)
			w.phase, w.f = wrapDone, nil
			panic(r)
		}
	}()
	p := w.f.Poll(cx)
	ok = true
	if p.IsReady() {
		w.phase, w.f = wrapDone, nil
	}
	return p
}

// Drop drops the future (an abort, or Close of the executor).
func (w *controlled[T]) Drop() {
	if w.phase != wrapLive {
		return
	}
	f := w.f
	w.phase, w.f = wrapDropped, nil
	future.Drop(f)
}
