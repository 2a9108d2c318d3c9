package future

// Co is the handle an async block's body receives: it lets [Await] suspend
// the block's coroutine and reach the [Context] of the poll that is running
// it. A Co is valid only inside the body of the block it was given to and
// only while that block runs; it must not be stored, shared with another
// block, or used from another goroutine.
type Co struct {
	// cx is the Context of the poll running the block: set by the block's
	// Poll before it resumes the coroutine, cleared after the coroutine
	// suspends or ends, so a suspended coroutine holds nothing of the task.
	cx *Context
	// yield suspends the coroutine (the iter.Pull yield); false means the
	// block is being stopped.
	yield func(Unit) bool
	// stop ends the coroutine: used by Drop and by the cleanup of an
	// unreachable block. It refers to the coroutine, never to the block's
	// wrapper, so that the wrapper can become unreachable.
	stop func()
	// state is the block's state; see coState. It is read and written only
	// by whoever runs the block at the moment (the polling goroutine, the
	// coroutine it resumed, or the cleanup goroutine once the wrapper is
	// unreachable); each coroutine switch orders those accesses.
	state coState
	// awaiting is what a suspended Await waits on: its future, boxed with
	// a slot for the output. The block's Poll polls it directly, on the
	// polling goroutine, and switches into the coroutine only once it is
	// ready (or panicked): a pending block re-polled while its future is
	// still pending costs one poll of that future and no switch. nil
	// unless suspended in Await. Same ownership as state.
	awaiting awaiter
	// boxes are Await's output slots, reused across suspensions: one per
	// result type recently awaited, so a body that awaits futures of at
	// most len(boxes) result types allocates no box in steady state.
	boxes [2]any
	nbox  uint8 // the slot the next new box replaces
}

// awaiter is the type-erased side of an [Await] suspended on a future.
type awaiter interface {
	// pollAwaited polls the awaited future once with cx and reports
	// whether Await can go on: the future is ready (its output is stored)
	// or it panicked (the panic is stored, to be raised inside the body so
	// that its defers run).
	pollAwaited(cx *Context) bool
}

// awaitBox is an Await's output slot for result type T.
type awaitBox[T any] struct {
	f        Future[T] // the awaited future, while suspended
	v        T
	panicked bool
	p        any
}

func (b *awaitBox[T]) pollAwaited(cx *Context) (resume bool) {
	defer func() {
		if !resume {
			if r := recover(); r != nil {
				b.p, b.panicked, resume = r, true, true
			}
		}
	}()
	v, ok := b.f.Poll(cx).Get()
	if ok {
		b.v = v
	}
	return ok
}

// boxFor returns a free output slot for T, reusing one of co's.
func boxFor[T any](co *Co) *awaitBox[T] {
	for _, x := range co.boxes {
		if b, ok := x.(*awaitBox[T]); ok {
			return b
		}
	}
	b := &awaitBox[T]{}
	co.boxes[co.nbox] = b
	co.nbox = (co.nbox + 1) % uint8(len(co.boxes))
	return b
}

// coState is the state of an async block.
//
//	coIdle      not started, or suspended in Await: Poll or Drop may run.
//	coRunning   inside the block's Poll (the coroutine runs): Await may run.
//	coAwaiting  inside Await, polling the awaited future: a second Await
//	            with this Co (from a nested block given the wrong Co) or a
//	            re-entrant Poll of the block is misuse and panics.
//	coDone      the body returned or panicked: final.
//	coDropped   Drop (or the cleanup of an unreachable block) stopped it: final.
//
// Transitions: idle→running (Poll), running→awaiting→running (Await, ready
// future), awaiting→idle (Poll, after Await suspended), running→done and
// awaiting→done (the body returned or panicked), idle→dropped (Drop).
type coState uint8

const (
	coIdle coState = iota
	coRunning
	coAwaiting
	coDone
	coDropped
)

// errStopped is the private panic value that unwinds a block's body when the
// block is dropped while suspended: Await panics with it, the block's
// sequence function recovers exactly it. A pointer to a private type, so no
// user panic can equal it.
var errStopped = &stopSignal{}

type stopSignal struct{}

func (*stopSignal) String() string { return "future: async block dropped" }

// Await waits for f inside an async block ([Async]) and returns its output:
// Rust's f.await. It polls f with the Context of the poll running the
// block; if f is ready it returns at once, without a coroutine switch; if f
// is pending, the block suspends and its Poll returns Pending. Each later
// poll of the block polls f directly, without entering the coroutine, and
// resumes the body here only once f is ready.
//
// Cancellation: if the block is dropped while suspended here, Await drops f
// and unwinds the body with a private panic, so that the body's defers run
// exactly once (as Rust drops an async block's locals); the block recovers
// that panic itself. A body must not swallow it with an unconditional
// recover and go on awaiting: any Await after the drop panics.
//
// Await panics with a message starting "future.Await:" when co is nil, f is
// nil, or it is called outside the running body of co's block (after the
// block finished or was dropped, from another goroutine, or with the Co of
// an outer block from inside a nested one).
//
// A panic in f's Poll propagates out of the body at this Await (its defers
// run) and then out of the block's Poll, as if f had been polled inside it.
//
// Cost: a ready f costs one poll and no coroutine switch; a pending
// re-poll costs one poll of f and no switch; a suspension and resumption
// costs one coroutine switch each way, about 100 ns together on a 2-core
// machine, and no allocation once the body has awaited a future of each of
// its (at most two) result types.
func Await[T any](co *Co, f Future[T]) T {
	if co == nil {
		panic("future.Await: nil Co")
	}
	if f == nil {
		panic("future.Await: nil future")
	}
	if co.state != coRunning {
		co.misuse()
	}
	co.state = coAwaiting
	if v, ok := f.Poll(co.cx).Get(); ok {
		co.state = coRunning
		return v
	}
	b := boxFor[T](co)
	b.f = f
	co.awaiting = b
	// The block's Poll sets coIdle and clears cx once we are suspended,
	// polls b itself, and sets them again before resuming us.
	if !co.yield(Unit{}) {
		// The block is being dropped (stop): state is already coDropped,
		// so any Await in a defer panics below.
		co.awaiting = nil
		b.f = nil
		Drop(f)
		panic(errStopped)
	}
	co.awaiting = nil
	v, p, panicked := b.v, b.p, b.panicked
	*b = awaitBox[T]{}
	co.state = coRunning
	if panicked {
		panic(p)
	}
	return v
}

// misuse panics with a message saying why Await may not run now.
//
//go:noinline
func (co *Co) misuse() {
	switch co.state {
	case coDone:
		panic("future.Await: called after its async block finished")
	case coDropped:
		panic("future.Await: called after its async block was dropped")
	case coAwaiting:
		panic("future.Await: called re-entrantly (a nested block must await with its own Co)")
	default:
		panic("future.Await: called outside its running async block")
	}
}

// abandon stops the coroutine of a block that became unreachable while
// suspended, so its goroutine is released and its defers run. It is the
// runtime.AddCleanup function of every started block; it runs on a cleanup
// goroutine after the block's wrapper is unreachable, so no Poll or Drop can
// run concurrently.
func abandon(co *Co) {
	if co.state != coIdle {
		return
	}
	co.state = coDropped
	co.stop()
}
