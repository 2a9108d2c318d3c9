// Package watch is a single-value channel that keeps only the latest value:
// the board over the pass showing today's soup, rewritten whenever it
// changes.
//
// In Kettle's kitchen, tasks (chefs at work) awaiting [Receiver.Changed]
// are parked by the executor (the manager) until [Sender.Send] writes a new
// value and pages them through their wakers (the pager). Receivers never
// queue values: a receiver that looks seldom skips the intermediate ones
// and sees the latest. [Receiver.Borrow] reads the current value at any
// time, from a task or a plain goroutine.
//
// Neighbours: [github.com/kettle-rt/kettle/sync/broadcast] delivers every
// value to every receiver; [github.com/kettle-rt/kettle/sync/mpsc] queues
// values for one receiver.
//
// # Versions
//
// Every Send makes a new version. Each [Receiver] remembers the last version
// it has seen: the initial value counts as seen, Changed returning nil and
// [Receiver.BorrowAndUpdate] mark the current version seen, [Receiver.Borrow]
// does not. As in tokio, an unseen change is reported before the end of the
// channel: Changed returns [ErrClosed] only when the sender has closed and
// the receiver has seen the latest version.
//
// # Cancellation and cost
//
// Changed is cancel-safe: a dropped Changed marks nothing seen. The state
// sits behind one sync.RWMutex (Borrow takes the read lock; T is copied
// out, so prefer small values or pointers to immutable data); wakers are
// woken after it is released, in batches, so a Send allocates nothing.
package watch
