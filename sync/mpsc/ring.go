package mpsc

// ring is the channel's FIFO buffer: a circular slice that doubles when
// full, up to limit (0: no limit), and halves when an unbounded buffer
// falls to a quarter full, so a drained burst gives its memory back.
// Guarded by the channel's mutex.
type ring[T any] struct {
	buf   []T
	head  int // index of the oldest value
	n     int // number of values
	limit int // the bounded channel's capacity, or 0
}

// minRing is the smallest buffer allocated, and the size below which an
// unbounded buffer never shrinks.
const minRing = 16

func (r *ring[T]) len() int { return r.n }

// push appends v; the caller checked the capacity.
func (r *ring[T]) push(v T) {
	if r.n == len(r.buf) {
		r.resize(r.grownSize())
	}
	i := r.head + r.n
	if i >= len(r.buf) {
		i -= len(r.buf)
	}
	r.buf[i] = v
	r.n++
}

// pop removes and returns the oldest value; the caller checked len > 0.
func (r *ring[T]) pop() T {
	v := r.buf[r.head]
	var zero T
	r.buf[r.head] = zero // release the value to the receiver alone
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	r.n--
	if r.limit == 0 && len(r.buf) > minRing && r.n < len(r.buf)/4 {
		r.resize(len(r.buf) / 2)
	}
	return v
}

func (r *ring[T]) grownSize() int {
	size := 2 * len(r.buf)
	if size < minRing {
		size = minRing
	}
	if r.limit > 0 && size > r.limit {
		size = r.limit
	}
	return size
}

// resize moves the values, oldest first, into a new slice of the given size.
func (r *ring[T]) resize(size int) {
	nb := make([]T, size)
	k := copy(nb, r.buf[r.head:min(r.head+r.n, len(r.buf))])
	copy(nb[k:], r.buf[:r.n-k])
	r.buf, r.head = nb, 0
}
