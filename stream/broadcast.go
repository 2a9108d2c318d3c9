package stream

import (
	"errors"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/broadcast"
)

// FromBroadcast returns a stream of what r receives from a broadcast
// channel, in order: Ok(v) for each value, and Err(*broadcast.LaggedError)
// once each time r fell behind and values were overwritten (the stream
// then goes on from the oldest value still retained, as tokio-stream's
// BroadcastStream does). It ends when the receive reports
// broadcast.ErrClosed (every sender closed and everything retained read).
//
// The stream takes ownership of r: do not use r while the stream is live.
// Drop closes r (unsubscribing it, so its unread values stop counting
// against the channel).
//
// Cancel-safe: between items the stream keeps its pending Recv future
// (broadcast's Recv is cancel-safe and moves no cursor when dropped).
// Each value spends one unit of the task's budget. Cost: one allocation at
// construction; receiving allocates nothing (Recv reuses a future embedded
// in r) beyond a lag report's error.
//
// broadcast.Receiver has no PollRecv method; this adapter stores the Recv
// future across polls instead. Panics with "stream.FromBroadcast: nil
// receiver".
func FromBroadcast[T any](r *broadcast.Receiver[T]) Stream[future.Result[T]] {
	if r == nil {
		panic("stream.FromBroadcast: nil receiver")
	}
	return &broadcastStream[T]{r: r}
}

// broadcastStream is the stream behind [FromBroadcast]. recv is the Recv
// in flight (nil between an item and the next PollNext).
type broadcastStream[T any] struct {
	r     *broadcast.Receiver[T]
	recv  *broadcast.RecvFuture[T]
	phase phase
}

// PollNext polls the Recv in flight, starting one if needed.
func (s *broadcastStream[T]) PollNext(cx *future.Context) future.Poll[Item[future.Result[T]]] {
	if !s.phase.CheckStream(s) {
		return endOf[future.Result[T]]()
	}
	if s.recv == nil {
		s.recv = s.r.Recv()
	}
	res, ok := s.recv.Poll(cx).Get()
	if !ok {
		return pending[future.Result[T]]()
	}
	s.recv = nil
	if errors.Is(res.Err, broadcast.ErrClosed) {
		r := s.r
		s.r, s.phase = nil, ended
		r.Close() // releases the subscription; a no-op if r closed itself
		return endOf[future.Result[T]]()
	}
	return ready(res)
}

// Drop drops the Recv in flight and closes the receiver; a no-op after the
// end or a first Drop.
func (s *broadcastStream[T]) Drop() {
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
