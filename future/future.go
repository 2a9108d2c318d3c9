package future

// Future is a recipe card: a value that will be ready later, computed only
// as far as it is polled.
//
// Polling contract: Poll either returns Ready with the output, or returns
// Pending after arranging for cx.Waker() to be woken when calling Poll again
// can make progress. A Wake that happens after Poll began and before it
// returned Pending causes another Poll. Poll must not block. Polling again
// after Ready is a programming error: Kettle's futures panic with a message
// naming their type. A future is a pointer with state; never copy it after
// its first poll (Go's GC never moves heap objects, so there is no Pin).
type Future[T any] interface {
	Poll(cx *Context) Poll[T]
}

// Dropper is implemented by futures that hold something to give back when
// they are cancelled before finishing: a queue place, a lock, a permit, a
// timer or I/O registration, a child future, a coroutine.
//
// Cancellation contract: Go has no destructors, so cancelling a future is an
// explicit Drop. After Drop the future must not be polled. Dropping twice,
// or dropping a finished or never-polled future, is a no-op. Every Kettle
// combinator drops the children it abandons and forwards Drop to those it
// still holds.
type Dropper interface {
	Drop()
}

// Drop cancels f: it calls f.Drop if f implements [Dropper], and does
// nothing otherwise (a nil f included).
func Drop(f any) {
	if d, ok := f.(Dropper); ok && d != nil {
		d.Drop()
	}
}
