package stream

import (
	"github.com/kettle-rt/kettle/future"
	lifecycle "github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/readyset"
	"github.com/kettle-rt/kettle/waker"
)

// Ordered is a queue of futures that runs them together and yields their
// outputs in queue order: futures-rs FuturesOrdered. A future that finishes
// early keeps its output until every future before it has been yielded.
//
// Children are polled as in [Unordered]: only those woken since the last
// PollNext, each with its own waker, so a PollNext costs O(woken). PushBack
// appends; PushFront puts a future before every one not yet yielded. It
// returns End whenever it is empty; a push after that makes it yield
// again, as Unordered does. A child that panics is removed and never
// polled again.
//
// The zero Ordered is an empty queue ready to use, as is the one
// [NewOrdered] returns; it must not be copied after first use. Cost: as
// Unordered, plus a heap of the outputs finished out of order (amortized
// growth, none in steady state). Cancel-safe: outputs stay queued until
// yielded. Drop drops every unfinished child in slot order and discards
// the held outputs.
type Ordered[T any] struct {
	set   readyset.Set
	fs    []future.Future[T] // by slot
	seqs  []int64            // by slot: the child's place in the queue
	done  outHeap[T]         // finished outputs not yet due, least seq first
	next  int64              // seq of the next output to yield
	tail  int64              // seq the next PushBack gets
	phase phase
}

// NewOrdered returns an empty queue of futures.
func NewOrdered[T any]() *Ordered[T] { return &Ordered[T]{} }

// PushBack adds f at the end of the queue. Panics with
// "stream.Ordered.PushBack: nil future" or "...: after Drop".
func (o *Ordered[T]) PushBack(f future.Future[T]) {
	o.push("PushBack", f, o.tail)
	o.tail++
}

// PushFront adds f before every future not yet yielded: its output is the
// next one yielded. Panics with "stream.Ordered.PushFront: nil future" or
// "...: after Drop".
func (o *Ordered[T]) PushFront(f future.Future[T]) {
	o.next--
	o.push("PushFront", f, o.next)
}

func (o *Ordered[T]) push(call string, f future.Future[T], seq int64) {
	if o.phase == dropped {
		panic("stream.Ordered." + call + ": after Drop")
	}
	if f == nil {
		panic("stream.Ordered." + call + ": nil future")
	}
	i := o.set.Insert()
	if i == len(o.fs) {
		o.fs = append(o.fs, f)
		o.seqs = append(o.seqs, seq)
	} else {
		o.fs[i], o.seqs[i] = f, seq
	}
}

// Len returns the number of futures queued and not yet yielded, finished
// or not.
func (o *Ordered[T]) Len() int { return o.set.Len() + len(o.done) }

// PollNext yields the next output in queue order once it is ready.
func (o *Ordered[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if o.phase == dropped {
		lifecycle.Polled(o, true)
	}
	if v, ok := o.due(); ok {
		return ready(v)
	}
	if o.set.Len() == 0 {
		return endOf[T]()
	}
	parent := cx.Waker()
	if n := o.set.Drain(parent); n > 1 {
		o.set.Rotate(cx.First(n, 0))
	}
	for {
		if cx.Budget() == 0 && o.set.Pending() > 0 {
			parent.Wake() // budget spent: the rest wait for the next poll
			return pending[T]()
		}
		i, w, ok := o.set.Next()
		if !ok {
			return pending[T]()
		}
		v, ok := o.pollChild(cx, i, w, parent).Get()
		if !ok {
			continue
		}
		seq := o.seqs[i]
		o.fs[i] = nil
		o.set.Remove(i)
		if seq == o.next {
			o.next++
			return ready(v)
		}
		o.done.push(seq, v)
	}
}

// due pops the held output whose turn it is, if any.
func (o *Ordered[T]) due() (T, bool) {
	if len(o.done) > 0 && o.done[0].seq == o.next {
		o.next++
		return o.done.pop(), true
	}
	var zero T
	return zero, false
}

// pollChild polls child i with its waker w and puts parent back, even if
// the child panics; a child that panics is removed. Its place in the
// order is then skipped.
func (o *Ordered[T]) pollChild(cx *future.Context, i int, w, parent waker.Waker) future.Poll[T] {
	finished := false
	cx.SetWaker(w)
	defer func() {
		cx.SetWaker(parent)
		if !finished {
			o.skip(o.seqs[i])
			o.fs[i] = nil
			o.set.Remove(i)
		}
	}()
	p := o.fs[i].Poll(cx)
	finished = true
	return p
}

// skip gives up seq's place in the order: the outputs after it stay in
// order. Rare (a child panicked), so it costs O(children).
func (o *Ordered[T]) skip(seq int64) {
	if seq == o.next {
		o.next++
		return
	}
	for i, f := range o.fs {
		if f != nil && o.seqs[i] < seq {
			o.seqs[i]++
		}
	}
	for k := range o.done {
		if o.done[k].seq < seq {
			o.done[k].seq++
		}
	}
	o.next++
}

// Drop drops every unfinished child in slot order and discards the held
// outputs; Push panics afterwards. A no-op the second time.
func (o *Ordered[T]) Drop() {
	if o.phase == dropped {
		return
	}
	fs := o.fs
	o.fs, o.seqs, o.done, o.phase = nil, nil, nil, dropped
	o.set.Reset()
	for _, f := range fs {
		drop(f)
	}
}

// outHeap is a binary min-heap of outputs by seq.
type outHeap[T any] []seqOut[T]

type seqOut[T any] struct {
	seq int64
	v   T
}

func (h *outHeap[T]) push(seq int64, v T) {
	*h = append(*h, seqOut[T]{seq, v})
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if a[p].seq <= a[i].seq {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *outHeap[T]) pop() T {
	a := *h
	v := a[0].v
	last := len(a) - 1
	a[0] = a[last]
	a[last] = seqOut[T]{}
	a = a[:last]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < len(a) && a[l].seq < a[m].seq {
			m = l
		}
		if r := l + 1; r < len(a) && a[r].seq < a[m].seq {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return v
}
