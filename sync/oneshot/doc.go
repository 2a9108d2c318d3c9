// Package oneshot is a single-use channel: one value, sent once, received
// once — the ticket the kitchen pass hands a waiter for exactly one plate.
//
// In Kettle's kitchen, a task (a chef at work) awaiting a [Receiver.Recv]
// future is parked by the executor (the manager) until [Sender.Send] pages
// it through the task's waker (the pager). Send never waits, so it may be
// called from a task, from a plain goroutine, or from a callback; the
// receiving side is a leaf future.
//
// Neighbours: [github.com/kettle-rt/kettle/sync/mpsc] carries a stream of
// values, [github.com/kettle-rt/kettle/sync/watch] the latest of many, and
// [github.com/kettle-rt/kettle/sync/broadcast] every value to every
// subscriber.
//
// # Cost
//
// [New] makes one allocation holding both ends, the value slot, the
// receiver's waker slot and a reusable Recv future: 56 bytes (the 64-byte
// size class) for an int payload on 64-bit. Send and a Recv that completes
// allocate nothing, so create+send+recv is one allocation.
//
// # Cancellation
//
// Recv is cancel-safe: dropping a pending Recv future takes nothing out of
// the channel; a later Recv receives the value. Send never waits, so there
// is nothing to cancel; when the receiver has closed, Send returns
// [ErrClosed] and the caller still holds its value.
package oneshot
