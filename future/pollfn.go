package future

// PollFn returns a future whose Poll calls fn until fn returns Ready: a
// hand-written state machine without declaring a type. fn follows the
// polling contract of [Future]: when it returns Pending it has arranged for
// cx.Waker() to be woken.
//
// Panics with "future.PollFn: nil fn" if fn is nil. Cost: one allocation at
// construction, none per poll beyond what fn does. Dropping it releases fn;
// whatever fn's closure holds is the caller's to release (PollFn cannot
// know), so it is as cancel-safe as fn makes it.
func PollFn[T any](fn func(cx *Context) Poll[T]) Future[T] {
	mustFn("PollFn", fn == nil)
	return &pollFn[T]{fn: fn}
}

// pollFn is the future behind [PollFn].
type pollFn[T any] struct {
	fn    func(*Context) Poll[T]
	phase phase
}

// Poll calls fn once.
func (f *pollFn[T]) Poll(cx *Context) Poll[T] {
	f.phase.Check(f)
	p := f.fn(cx)
	if p.IsReady() {
		f.phase = done
		f.fn = nil
	}
	return p
}

// Drop releases fn; a no-op after Ready or a first Drop.
func (f *pollFn[T]) Drop() {
	if f.phase == live {
		f.phase = dropped
		f.fn = nil
	}
}
