package queue

// Ring is a growable FIFO ring buffer. The zero value is an empty ring ready
// to use. It is not safe for concurrent use: one goroutine (an executor's
// loop) owns it.
//
// Cost: PushBack is amortized O(1) and allocates only when the ring grows
// (capacity doubles; it shrinks only when its owner calls Shrink); PopFront
// and RemoveAt are O(1) and never allocate. Removed slots are zeroed so the ring keeps no stale pointers
// alive for the garbage collector.
type Ring[T any] struct {
	buf  []T // len(buf) is 0 or a power of two
	head int // index in buf of the front element
	n    int // number of elements
}

// Len returns the number of elements.
func (r *Ring[T]) Len() int { return r.n }

// PushBack appends v at the back.
func (r *Ring[T]) PushBack(v T) {
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = v
	r.n++
}

// PopFront removes and returns the front element; ok is false if the ring is
// empty.
func (r *Ring[T]) PopFront() (v T, ok bool) {
	if r.n == 0 {
		return v, false
	}
	var zero T
	v = r.buf[r.head]
	r.buf[r.head] = zero
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	return v, true
}

// At returns the element at logical index i (0 is the front). It panics if
// i is out of range.
func (r *Ring[T]) At(i int) T {
	r.check("At", i)
	return r.buf[(r.head+i)&(len(r.buf)-1)]
}

// RemoveAt removes and returns the element at logical index i (0 is the
// front) in O(1) by moving the front element into its place: the order of
// the remaining elements changes (the former front now sits at index i-1),
// which is what a uniformly random pick among ready tasks needs and FIFO
// users must not call. It panics if i is out of range.
func (r *Ring[T]) RemoveAt(i int) T {
	r.check("RemoveAt", i)
	mask := len(r.buf) - 1
	at := (r.head + i) & mask
	v := r.buf[at]
	r.buf[at] = r.buf[r.head]
	var zero T
	r.buf[r.head] = zero
	r.head = (r.head + 1) & mask
	r.n--
	return v
}

// ReverseBack reverses the order of the last k elements (for a consumer
// that pushed a batch it received newest first). It panics if k is
// negative or more than Len.
func (r *Ring[T]) ReverseBack(k int) {
	if k < 0 || k > r.n {
		panic("queue.Ring.ReverseBack: count out of range")
	}
	mask := len(r.buf) - 1
	for i, j := r.head+r.n-k, r.head+r.n-1; i < j; i, j = i+1, j-1 {
		a, b := i&mask, j&mask
		r.buf[a], r.buf[b] = r.buf[b], r.buf[a]
	}
}

// Clear removes every element, keeping the capacity.
func (r *Ring[T]) Clear() {
	clear(r.buf)
	r.head, r.n = 0, 0
}

func (r *Ring[T]) check(op string, i int) {
	if i < 0 || i >= r.n {
		panic("queue.Ring." + op + ": index out of range")
	}
}

// Shrink gives back capacity that a burst left behind: if the ring holds
// less than a quarter of a capacity above min (a power of two), it moves
// into a buffer of half that capacity (never below min, always room for
// what it holds). O(n) when it shrinks; a load and a compare otherwise.
// An executor calls it now and then, so that a million tasks queued once
// do not keep 8 MB of ring alive while they wait elsewhere.
func (r *Ring[T]) Shrink(min int) {
	if len(r.buf) > min && r.n*4 < len(r.buf) {
		r.shrink(min) // apart, so that the usual no-op inlines
	}
}

func (r *Ring[T]) shrink(min int) {
	c := len(r.buf) / 2
	for c > min && r.n*4 < c {
		c /= 2
	}
	buf := make([]T, c)
	if r.n > 0 {
		end := r.head + r.n
		if end <= len(r.buf) {
			copy(buf, r.buf[r.head:end])
		} else {
			k := copy(buf, r.buf[r.head:])
			copy(buf[k:], r.buf[:end-len(r.buf)])
		}
	}
	r.buf, r.head = buf, 0
}

// grow doubles the capacity (at least 16), unrolling the ring so that the
// front lands at index 0.
func (r *Ring[T]) grow() {
	c := len(r.buf) * 2
	if c == 0 {
		c = 16
	}
	buf := make([]T, c)
	if r.n > 0 {
		k := copy(buf, r.buf[r.head:])
		copy(buf[k:], r.buf[:r.head])
	}
	r.buf, r.head = buf, 0
}
