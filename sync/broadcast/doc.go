// Package broadcast is a multi-producer, multi-consumer channel where every
// receiver sees every value: the kitchen bell that every waiter hears.
//
// In Kettle's kitchen, tasks (chefs at work) awaiting [Receiver.Recv] are
// parked by the executor (the manager) until a [Sender.Send] pages them all
// through their wakers (the pager). Send never waits: the channel keeps the
// last capacity values in a ring, and a send into a full ring overwrites the
// oldest. A receiver that falls more than capacity values behind is told how
// many it missed, once, with a [*LaggedError], and continues from the oldest
// value still retained.
//
// Neighbours: [github.com/kettle-rt/kettle/sync/mpsc] delivers each value to
// one receiver and makes senders wait; [github.com/kettle-rt/kettle/sync/watch]
// keeps only the latest value.
//
// # Lifetime
//
// Each [Sender] and [Receiver] handle is closed explicitly (Go has no
// destructors). Sends fail with [ErrClosed] once every receiver is closed;
// receivers get ErrClosed once every sender is closed and they have read
// everything retained. A value's slot is cleared as soon as every receiver
// that was subscribed when it was sent has read it (or closed), so the ring
// does not keep garbage alive.
//
// # Cancellation and cost
//
// Recv is cancel-safe: a dropped Recv takes nothing and moves no cursor.
// The state sits behind one sync.Mutex; wakers are woken after it is
// released, in batches, so a Send allocates nothing however many receivers
// wait. TryRecv and a Recv that reuses the Receiver's embedded future
// allocate nothing; only a lag report allocates its error.
package broadcast
