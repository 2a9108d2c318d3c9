// Package tcp gives Kettle's tasks (chefs at work) TCP sockets whose
// operations are futures (recipe cards): [Listen] and [Listener.Accept] on
// the serving side, [Dial] on the client side, and [Stream.Read] and
// [Stream.Write] in between.
//
// Every socket is non-blocking and close-on-exec. On its first poll it is
// registered with the reactor (the kitchen's bells, package reactor) that
// the polling Context carries, or with the process-wide fallback reactor
// when polled outside an executor; from then on it belongs to that
// runtime. When a socket is not ready the future stores the task's waker
// (the pager) and returns Pending; the reactor wakes it on the next
// readiness edge.
//
// Addresses are parsed as by [net.ResolveTCPAddr] (IPv4 and IPv6; a host
// name is resolved synchronously during the first poll, so prefer IP
// literals inside a runtime). Errors are shaped like Go's: a
// [*net.OpError] with Op "listen", "accept", "dial", "read", "write" or
// "close", Net "tcp", the addresses, and an [*os.SyscallError] inside, so
// errors.Is(err, syscall.ECONNREFUSED) and errors.Is(err, net.ErrClosed)
// work.
//
// A [Stream] implements the poll-level interfaces of package aio
// ([Stream.PollRead], [Stream.PollWrite]), so aio's ReadExact, WriteAll,
// Copy and buffered readers and writers work on it.
//
// One task at a time may read a Stream, and one may write it (they may be
// different tasks): each direction has a single waker slot, so a second
// concurrent reader would steal the first one's wake-ups.
//
// Neighbours: package udp (datagrams), package aio (I/O helpers), package
// reactor (readiness), package future (the futures returned here).
package tcp
