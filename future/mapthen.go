package future

// Map returns a future that polls f and, when f is ready with a, is ready
// with fn(a). fn runs inside the poll that saw f ready.
//
// Panics with "future.Map: nil future" or "future.Map: nil fn". Cost: one
// allocation at construction, none per poll. Drop drops f if it has not
// finished: Map is exactly as cancel-safe as f.
func Map[A, B any](f Future[A], fn func(A) B) Future[B] {
	mustFuture("Map", f)
	mustFn("Map", fn == nil)
	return &mapFuture[A, B]{f: f, fn: fn}
}

// mapFuture is the future behind [Map].
type mapFuture[A, B any] struct {
	f     Future[A]
	fn    func(A) B
	phase phase
}

// Poll polls f once; when it is ready, applies fn.
func (m *mapFuture[A, B]) Poll(cx *Context) Poll[B] {
	m.phase.Check(m)
	a, ok := m.f.Poll(cx).Get()
	if !ok {
		return Pending[B]()
	}
	fn := m.fn
	m.f, m.fn, m.phase = nil, nil, done
	return Ready(fn(a))
}

// Drop drops f unless it finished; a no-op after Ready or a first Drop.
func (m *mapFuture[A, B]) Drop() {
	if m.phase != live {
		return
	}
	f := m.f
	m.f, m.fn, m.phase = nil, nil, dropped
	Drop(f)
}

// Then returns a future that polls f and, when f is ready with a, polls
// fn(a) until it is ready with the output (futures-rs then, Rust's
// f.await then fn(a).await). fn runs inside the poll that saw f ready, and
// the second stage is polled in that same poll.
//
// Panics with "future.Then: nil future" or "future.Then: nil fn", and, in
// the poll that calls it, "future.Then: fn returned nil future". Cost: one
// allocation at construction plus whatever fn allocates; none per poll.
// Drop drops the current stage (f, or the future fn returned): Then is as
// cancel-safe as its stages.
func Then[A, B any](f Future[A], fn func(A) Future[B]) Future[B] {
	mustFuture("Then", f)
	mustFn("Then", fn == nil)
	return &thenFuture[A, B]{first: f, fn: fn, name: "Then"}
}

// thenFuture is the future behind [Then]. Exactly one of first and second
// is non-nil while it is live.
type thenFuture[A, B any] struct {
	first  Future[A]
	fn     func(A) Future[B]
	second Future[B]
	phase  phase
	name   string // the constructor, for the panic messages ("Then", "AndThen")
}

// Poll drives the first stage, then the second.
func (t *thenFuture[A, B]) Poll(cx *Context) Poll[B] {
	t.phase.Check(t)
	if t.first != nil {
		a, ok := t.first.Poll(cx).Get()
		if !ok {
			return Pending[B]()
		}
		fn := t.fn
		t.first, t.fn = nil, nil
		t.second = fn(a)
		if t.second == nil {
			t.phase = done
			panic("future." + t.name + ": fn returned nil future")
		}
	}
	p := t.second.Poll(cx)
	if p.IsReady() {
		t.second, t.phase = nil, done
	}
	return p
}

// Drop drops the current stage; a no-op after Ready or a first Drop.
func (t *thenFuture[A, B]) Drop() {
	if t.phase != live {
		return
	}
	first, second := t.first, t.second
	t.first, t.fn, t.second, t.phase = nil, nil, nil, dropped
	if first != nil {
		Drop(first)
	} else {
		Drop(second)
	}
}
