package queue

// Ring is a growable FIFO queue with indexed access, stored in chunks of
// chunkLen elements. The zero value is an empty ring ready to use. It is
// not safe for concurrent use: one goroutine (an executor's loop) owns it.
//
// Why chunks rather than one buffer: a buffer that doubles copies every
// element each time it grows, and a burst of a million spawned tasks grew
// an executor's run queue twenty times, copying and zeroing 16 MB of
// pointers (with the collector's write barriers on the copy while it
// marks) and leaving 8 MB behind. A chunked ring never moves an element to
// grow: it grows by one chunk at a time (1 KB of pointers), gives each chunk back
// as soon as the front leaves it, and only its directory — one pointer per
// chunk — is ever copied. spawn_join with a million tasks on a Local
// (bench/cmd/versus, alternating builds) went from 182-194 to 150-154 ms;
// a ring that stays short pays about 0.5 ns more per push and pop (3.8
// against 3.3 ns).
//
// Cost: PushBack, PopFront, At and RemoveAt are O(1); PushBack allocates
// only when it enters a chunk and no spare one is kept (a ring keeps up to
// spareChunks emptied chunks, so a queue that stays about the same length
// allocates nothing), and when the directory doubles. Removed slots are
// zeroed so the ring keeps no stale pointers alive for the garbage
// collector.
//
// Layout: the chunks form a ring of len(dir) << chunkShift positions; the
// elements occupy positions head, head+1, … head+n-1 (modulo that), in
// chunks dir[head>>chunkShift] onwards, which are allocated; every other
// entry of dir is nil. The back never wraps into the front's chunk: the
// directory doubles first (grow), so every chunk holds one run of
// consecutive elements.
type Ring[T any] struct {
	dir  []*chunk[T] // len 0 or a power of two
	head int         // position of the front element
	n    int         // number of elements
	// front and back are the chunks of the front and back elements while
	// the ring holds any (dir's entries for them, kept at hand for
	// PopFront and PushBack). While it is empty, head is 0 and front and
	// back are dir[0]: the chunk the next element goes to, or nil if there
	// is none.
	front, back *chunk[T]
	// spare holds up to spareChunks emptied chunks for the next PushBack
	// that needs one; nspare how many.
	spare  [spareChunks]*chunk[T]
	nspare int
}

const (
	chunkLen    = 1 << chunkShift // elements per chunk (chunkShift: ring_chunk*.go)
	chunkMask   = chunkLen - 1
	spareChunks = 2
)

type chunk[T any] [chunkLen]T

// Len returns the number of elements.
func (r *Ring[T]) Len() int { return r.n }

// slot returns the slot of position p (masked).
func (r *Ring[T]) slot(p int) *T { return &r.dir[p>>chunkShift][p&chunkMask] }

// pos returns the position of logical index i (0 is the front).
func (r *Ring[T]) pos(i int) int { return (r.head + i) & (len(r.dir)<<chunkShift - 1) }

// PushBack appends v at the back.
func (r *Ring[T]) PushBack(v T) {
	q := r.head + r.n
	switch {
	case q&chunkMask != 0:
		// Inside the back element's chunk (q-1 is in it: the ring is not
		// empty, as an empty one has head 0), so neither a new chunk nor
		// a full ring.
		r.back[q&chunkMask] = v
	case r.n == 0 && r.back != nil:
		r.back[0] = v // the empty ring's chunk (front too), at position 0
	default:
		r.pushChunk(v)
		return
	}
	r.n++
}

// pushChunk is PushBack into a chunk that holds no element yet.
func (r *Ring[T]) pushChunk(v T) {
	if r.head&chunkMask+r.n == len(r.dir)<<chunkShift {
		r.grow()
	}
	p := r.pos(r.n)
	c := r.dir[p>>chunkShift]
	if c == nil {
		c = r.newChunk()
		r.dir[p>>chunkShift] = c
	}
	c[p&chunkMask] = v
	if r.n == 0 {
		r.front = c
	}
	r.back = c
	r.n++
}

// PopFront removes and returns the front element; ok is false if the ring is
// empty.
func (r *Ring[T]) PopFront() (v T, ok bool) {
	if r.n == 0 {
		return v, false
	}
	var zero T
	p := r.head
	c := r.front
	v = c[p&chunkMask]
	c[p&chunkMask] = zero
	r.n--
	switch {
	case r.n == 0:
		// Empty: start over at the beginning of this chunk (also back),
		// the only one.
		if k := p >> chunkShift; k != 0 {
			r.dir[k] = nil
			r.dir[0] = c
		}
		r.head = 0
	case p&chunkMask == chunkMask:
		// The front left c, which holds nothing more.
		r.dir[p>>chunkShift] = nil
		r.putChunk(c)
		r.head = r.pos(1)
		r.front = r.dir[r.head>>chunkShift]
	default:
		r.head = p + 1 // still inside c: no wrap
	}
	return v, true
}

// At returns the element at logical index i (0 is the front). It panics if
// i is out of range.
func (r *Ring[T]) At(i int) T {
	r.check("At", i)
	return *r.slot(r.pos(i))
}

// RemoveAt removes and returns the element at logical index i (0 is the
// front) in O(1) by moving the front element into its place: the order of
// the remaining elements changes (the former front now sits at index i-1),
// which is what a uniformly random pick among ready tasks needs and FIFO
// users must not call. It panics if i is out of range.
func (r *Ring[T]) RemoveAt(i int) T {
	r.check("RemoveAt", i)
	s := r.slot(r.pos(i))
	v := *s
	*s = *r.slot(r.head)
	r.PopFront()
	return v
}

// ReverseBack reverses the order of the last k elements (for a consumer
// that pushed a batch it received newest first). It panics if k is
// negative or more than Len.
func (r *Ring[T]) ReverseBack(k int) {
	if k < 0 || k > r.n {
		panic("queue.Ring.ReverseBack: count out of range")
	}
	for i, j := r.n-k, r.n-1; i < j; i, j = i+1, j-1 {
		a, b := r.slot(r.pos(i)), r.slot(r.pos(j))
		*a, *b = *b, *a
	}
}

// Clear removes every element, keeping up to spareChunks chunks for reuse
// and the directory.
func (r *Ring[T]) Clear() {
	for k, c := range r.dir {
		if c != nil {
			clear(c[:])
			r.dir[k] = nil
			r.putChunk(c)
		}
	}
	r.head, r.n = 0, 0
	r.front, r.back = nil, nil
}

func (r *Ring[T]) check(op string, i int) {
	if i < 0 || i >= r.n {
		panic("queue.Ring." + op + ": index out of range")
	}
}

// Shrink gives back what a burst left behind. Chunks go back as soon as
// the front leaves them; what stays is the directory, one pointer per
// chunk: if the ring spans more than min positions and holds less than a
// quarter of them, the directory moves into one half as long (or shorter,
// never below min positions, always room for what the ring holds). O(len
// of the directory) when it shrinks; a compare otherwise. An executor
// calls it now and then.
func (r *Ring[T]) Shrink(min int) {
	if c := len(r.dir) << chunkShift; c > min && c > chunkLen && r.n*4 < c {
		r.shrink(min) // apart, so that the usual no-op inlines
	}
}

func (r *Ring[T]) shrink(min int) {
	used := (r.head&chunkMask + r.n + chunkMask) >> chunkShift // chunks holding elements
	d := len(r.dir) / 2
	for d > 1 && d<<chunkShift > min && r.n*4 < d<<chunkShift {
		d /= 2
	}
	for d < used {
		d *= 2
	}
	r.move(d, used)
}

// grow doubles the directory (at least one chunk), unrolling it so that
// the front's chunk lands at index 0.
func (r *Ring[T]) grow() {
	used := 0
	if r.n > 0 {
		used = (r.head&chunkMask + r.n + chunkMask) >> chunkShift
	}
	r.move(max(len(r.dir)*2, 1), used)
}

// move puts the used chunks, from the front's, at the start of a new
// directory of d entries.
func (r *Ring[T]) move(d, used int) {
	dir := make([]*chunk[T], d)
	if len(r.dir) > 0 {
		k := r.head >> chunkShift
		for j := range used {
			dir[j] = r.dir[(k+j)&(len(r.dir)-1)]
		}
		if used == 0 && r.dir[k] != nil { // an empty ring keeps its chunk
			dir[0] = r.dir[k]
		}
	}
	r.dir, r.head = dir, r.head&chunkMask
}

// newChunk returns a spare chunk, or a new one.
func (r *Ring[T]) newChunk() *chunk[T] {
	if r.nspare > 0 {
		r.nspare--
		c := r.spare[r.nspare]
		r.spare[r.nspare] = nil
		return c
	}
	return new(chunk[T])
}

// putChunk keeps c, which holds only zero values, as a spare, or lets the
// collector have it.
func (r *Ring[T]) putChunk(c *chunk[T]) {
	if r.nspare < spareChunks {
		r.spare[r.nspare] = c
		r.nspare++
	}
}
