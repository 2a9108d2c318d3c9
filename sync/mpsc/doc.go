// Package mpsc is a multi-producer, single-consumer queue of values: the
// order rail where many waiters clip tickets and one cook takes them, in
// order.
//
// In Kettle's kitchen a task (a chef at work) awaiting [Receiver.Recv] is
// parked by the executor (the manager) until a sender pages it through its
// waker (the pager); a task awaiting [Sender.Send] on a full bounded channel
// is parked until the receiver makes room. Every operation is also usable
// from plain goroutines: the non-waiting [Sender.TrySend] and
// [Receiver.TryRecv] never block, and wakers cross goroutines.
//
// Neighbours: [github.com/kettle-rt/kettle/sync/oneshot] carries one value,
// [github.com/kettle-rt/kettle/sync/broadcast] every value to every
// subscriber, [github.com/kettle-rt/kettle/sync/watch] only the latest.
//
// # Semantics
//
// [New] makes a bounded channel: at most capacity values are buffered or
// reserved, and a Send on a full channel waits its turn. Waiting senders and
// reservers are served first in, first out, with hand-off: when a slot frees,
// it goes to the oldest waiter at once (a waiting Send's value is moved into
// the buffer right then), so a late TrySend never jumps the line.
// [NewUnbounded] never makes a sender wait.
//
// The channel ends for the receiver when every [Sender] handle is closed
// (each [Sender.Clone] is one more handle to close) or the receiver closed,
// and the buffered values and granted [Permit]s have been drained: Recv then
// reports [ErrClosed]. As in tokio, [Receiver.Close] stops new sends but
// leaves buffered values receivable.
//
// # Cancellation
//
// Recv is cancel-safe: a dropped Recv takes nothing. A dropped Send never
// loses its value: if it had not been delivered, [SendFuture.Unsent] hands it
// back; if it had, the receiver gets it. A dropped Reserve that had been
// granted a slot gives the slot to the next waiter. See each method.
//
// # Cost
//
// The state sits behind one sync.Mutex; wakers are woken after it is
// released. TrySend, TryRecv and a Recv allocate nothing in steady state
// (Recv reuses a future embedded in the Receiver). Each Send or Reserve
// allocates its future, unless the caller keeps a finished Send future and
// re-arms it with [SendFuture.Reset] (as sync/mutex's LockFuture.Reset):
// a hand-written task that reuses one Send and one Recv future
// ([RecvFuture.Reset]) sends and receives allocating nothing. The buffer is a ring that grows by doubling (up to
// the capacity of a bounded channel) and shrinks when an unbounded channel
// drains.
package mpsc
