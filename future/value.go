package future

// Value returns a future that is ready with v at its first poll.
//
// Cost: one small allocation at construction; a poll allocates nothing.
// Cancel-safe: dropping it loses nothing but v.
func Value[T any](v T) Future[T] {
	return &valueFuture[T]{v: v}
}

// valueFuture is the future behind [Value].
type valueFuture[T any] struct {
	v     T
	phase phase
}

// Poll returns Ready(v); polling again panics.
func (f *valueFuture[T]) Poll(*Context) Poll[T] {
	f.phase.Check(f)
	f.phase = done
	v := f.v
	var zero T
	f.v = zero // release v to the caller alone
	return Ready(v)
}

// Drop marks the future dropped; a no-op after Ready or a first Drop.
func (f *valueFuture[T]) Drop() {
	if f.phase == live {
		f.phase = dropped
		var zero T
		f.v = zero
	}
}

// Never returns a future that is always Pending and never wakes its task:
// a branch that must never win a select, or a stand-in for "forever".
//
// Cost: one small allocation at construction. Cancel-safe.
func Never[T any]() Future[T] {
	return &neverFuture[T]{}
}

// neverFuture is the future behind [Never].
type neverFuture[T any] struct {
	phase phase
}

// Poll returns Pending without arranging any wake-up.
func (f *neverFuture[T]) Poll(*Context) Poll[T] {
	f.phase.Check(f)
	return Pending[T]()
}

// Drop marks the future dropped; a no-op the second time.
func (f *neverFuture[T]) Drop() { f.phase = dropped }

// Lazy returns a future that calls fn at its first poll and is ready with
// its result. fn runs on the goroutine that polls, inside the poll: it must
// not block (use executor.SpawnBlocking for that).
//
// Panics with "future.Lazy: nil fn" if fn is nil. Cancel-safe: dropping it
// before the first poll means fn never runs.
func Lazy[T any](fn func() T) Future[T] {
	mustFn("Lazy", fn == nil)
	return &lazyFuture[T]{fn: fn}
}

// lazyFuture is the future behind [Lazy].
type lazyFuture[T any] struct {
	fn    func() T
	phase phase
}

// Poll runs fn and returns Ready with its result.
func (f *lazyFuture[T]) Poll(*Context) Poll[T] {
	f.phase.Check(f)
	fn := f.fn
	f.fn = nil
	f.phase = done
	return Ready(fn())
}

// Drop releases fn without running it; a no-op after Ready or a first Drop.
func (f *lazyFuture[T]) Drop() {
	if f.phase == live {
		f.phase = dropped
		f.fn = nil
	}
}
