package safecall

import (
	"runtime/debug"

	"github.com/kettle-rt/kettle/waker"
)

// Call runs fn. If fn panics, the panic is recovered, reported to rep
// with where (what the runtime was doing) and the stack, and Call returns
// false; if it calls runtime.Goexit, that is reported and the goroutine
// ends as Goexit demands (Call does not return). true: fn returned.
func Call(rep *Reporter, where string, fn func()) (ok bool) {
	normal := false
	defer func() {
		if normal {
			return
		}
		v := recover() // nil only for runtime.Goexit: panic(nil) is a *runtime.PanicNilError
		rep.Report(where, v, v == nil, debug.Stack())
	}()
	fn()
	normal = true
	return true
}

// Wake wakes w like [Call].
func Wake(rep *Reporter, where string, w waker.Waker) {
	normal := false
	defer func() {
		if normal {
			return
		}
		v := recover()
		rep.Report(where, v, v == nil, debug.Stack())
	}()
	w.Wake()
	normal = true
}

// WakeAll wakes every waker of ws, in order. A waker that panics is
// reported to rep and the next one is woken; one that calls
// runtime.Goexit is reported, the rest are woken from the deferred call,
// and then the goroutine ends. So every waker of ws is called exactly
// once whatever the others do. ws is not modified.
func WakeAll(rep *Reporter, where string, ws []waker.Waker) {
	for i := 0; i < len(ws); {
		i = wakeFrom(rep, where, ws, i)
	}
}

// wakeFrom wakes ws[i:] and returns len(ws), or, after a panic, the index
// following the waker that panicked.
func wakeFrom(rep *Reporter, where string, ws []waker.Waker, i int) (next int) {
	normal := false
	defer func() {
		if normal {
			return
		}
		v := recover()
		rep.Report(where, v, v == nil, debug.Stack())
		next = i + 1
		if v == nil {
			// Goexit: this goroutine ends once its defers have run, but
			// it can still deliver the rest of the wake-ups first.
			WakeAll(rep, where, ws[i+1:])
		}
	}()
	for ; i < len(ws); i++ {
		ws[i].Wake()
	}
	normal = true
	return i
}
