package broadcast

// Sender is one handle on the sending end. Any goroutine or task may use
// it; [Sender.Clone] makes another handle, and receivers see the end of the
// channel once every handle is closed.
type Sender[T any] struct {
	ch     *channel[T]
	closed bool // guarded by ch.mu
}

// Send stores v for every open receiver, overwriting the oldest value if
// the ring is full, and wakes every waiting Recv. It never waits.
//
// It returns the number of receivers open at the send, or 0 and
// [ErrClosed] when none is open or this handle was closed: v was then not
// stored (the caller keeps it). Allocates nothing.
func (s *Sender[T]) Send(v T) (receivers int, err error) {
	c := s.ch
	c.mu.Lock()
	if s.closed || c.receivers == 0 {
		c.mu.Unlock()
		return 0, ErrClosed
	}
	sl := &c.slots[c.tail%uint64(len(c.slots))]
	sl.v = v
	sl.rem = c.receivers
	c.tail++
	n := c.receivers
	c.wakeAllUnlock()
	return n, nil
}

// Subscribe returns a new Receiver that sees the values sent after this
// call (not those retained before it). It must be closed like any other.
func (s *Sender[T]) Subscribe() *Receiver[T] {
	c := s.ch
	r := &Receiver[T]{}
	c.mu.Lock()
	c.receivers++
	r.init(c, c.tail)
	c.mu.Unlock()
	return r
}

// Clone returns a new Sender handle on the same channel; it must be closed
// too. Cloning a closed handle panics with
// "broadcast.Sender.Clone: sender closed".
func (s *Sender[T]) Clone() *Sender[T] {
	c := s.ch
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.closed {
		panic("broadcast.Sender.Clone: sender closed")
	}
	c.senders++
	return &Sender[T]{ch: c}
}

// Close closes this handle: its later sends fail with [ErrClosed]. When
// the last handle closes, receivers read what is retained and then get
// ErrClosed. Closing a handle twice is a no-op.
func (s *Sender[T]) Close() {
	c := s.ch
	c.mu.Lock()
	if s.closed {
		c.mu.Unlock()
		return
	}
	s.closed = true
	if c.senders--; c.senders > 0 {
		c.mu.Unlock()
		return
	}
	c.wakeAllUnlock()
}

// ReceiverCount returns the number of open receivers now; it may change
// at once.
func (s *Sender[T]) ReceiverCount() int {
	c := s.ch
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.receivers
}
