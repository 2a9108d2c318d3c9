package stream

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// FromReceiver returns a stream of the values received from r, in FIFO
// order, ending when the channel ends (every sender closed and the buffer
// drained: the Recv that reports mpsc.ErrClosed).
//
// The stream takes ownership of r: do not use r while the stream is live.
// Drop closes r (senders then get mpsc.ErrClosed and hand their values
// back; values already buffered are discarded with the channel).
//
// Cancel-safe: between items the stream keeps its pending Recv future
// (mpsc's Recv is cancel-safe), so a consumer that stops polling loses
// nothing. Each value spends one unit of the task's budget (as Recv does).
// Cost: one allocation at construction; receiving allocates nothing, since
// Recv reuses a future embedded in r.
//
// mpsc.Receiver has no PollRecv method; this adapter stores the Recv
// future across polls instead. Panics with "stream.FromReceiver: nil
// receiver".
func FromReceiver[T any](r *mpsc.Receiver[T]) Stream[T] {
	if r == nil {
		panic("stream.FromReceiver: nil receiver")
	}
	return &receiverStream[T]{r: r}
}

// receiverStream is the stream behind [FromReceiver]. recv is the Recv in
// flight (nil between a value and the next PollNext).
type receiverStream[T any] struct {
	r     *mpsc.Receiver[T]
	recv  *mpsc.RecvFuture[T]
	phase phase
}

// PollNext polls the Recv in flight, starting one if needed.
func (s *receiverStream[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !s.phase.CheckStream(s) {
		return endOf[T]()
	}
	if s.recv == nil {
		s.recv = s.r.Recv()
	}
	res, ok := s.recv.Poll(cx).Get()
	if !ok {
		return pending[T]()
	}
	s.recv = nil
	if res.Err != nil {
		s.r, s.phase = nil, ended
		return endOf[T]()
	}
	return ready(res.Value)
}

// Drop drops the Recv in flight and closes the receiver; a no-op after the
// end or a first Drop.
func (s *receiverStream[T]) Drop() {
	if s.phase != live {
		s.phase = dropped
		return
	}
	r, recv := s.r, s.recv
	s.r, s.recv, s.phase = nil, nil, dropped
	if recv != nil {
		recv.Drop()
	}
	r.Close()
}
