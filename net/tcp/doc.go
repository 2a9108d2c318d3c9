// Package tcp gives Kettle's tasks (chefs at work) TCP sockets whose
// operations are futures (recipe cards): [Listen] and [Listener.Accept] on
// the serving side, [Dial] on the client side, and [Stream.Read] and
// [Stream.Write] in between.
//
// Every socket is non-blocking and close-on-exec. On its first poll it is
// registered with the reactor (the kitchen's bells, package reactor) that
// the polling Context carries, or with the process-wide fallback reactor
// when polled outside an executor. A socket is not owned by that runtime:
// it may be polled from any executor or executor.BlockOn, one after
// another, and lives until its own Close. Polled under another runtime (or
// after its first runtime closed), its registration moves there and the
// next read or write tries the syscall before waiting, so data that
// arrived in between is never missed; a reader and a writer waiting at the
// same time on two runtimes share it through the process-wide fallback
// reactor. When a socket is not ready the future stores the task's waker
// (the pager) and returns Pending; the reactor wakes it on the next
// readiness edge.
//
// Addresses are parsed as by [net.ResolveTCPAddr] (IPv4 and IPv6
// literals, "localhost" and other host names). [Dial] resolves a host name
// off the worker, on the blocking pool of the executor that polls it. Errors are shaped like Go's: a
// [*net.OpError] with Op "listen", "accept", "dial", "read", "write" or
// "close", Net "tcp", the addresses, and an [*os.SyscallError] inside, so
// errors.Is(err, syscall.ECONNREFUSED) and errors.Is(err, net.ErrClosed)
// work.
//
// Goroutine code gets blocking views: [Stream.NetConn] (a net.Conn for
// crypto/tls, bufio, net/http clients) and [Listener.NetListener] (a
// net.Listener for an http.Server). They are Go's own sockets on a
// duplicate of the descriptor, so deadlines, errors and speed are Go's;
// closing the view or the Kettle socket closes both. For tasks, tokio's
// finer tools are here too: [Stream.Peek], [Stream.Readable] and
// [Stream.Writable] with [Stream.TryRead], [Stream.TryPeek] and [Stream.TryWrite]
// ([ErrWouldBlock]), [Stream.SetLinger], and any number of tasks awaiting
// [Listener.Accept] at once. On platforms with neither epoll nor kqueue the
// package builds and every operation fails with reactor.ErrUnsupported.
//
// A [Stream] implements the poll-level interfaces of package aio
// ([Stream.PollRead], [Stream.PollWrite]), so aio's ReadExact, WriteAll,
// Copy and buffered readers and writers work on it.
//
// One task at a time may read a Stream, and one may write it (they may be
// different tasks, on different executors): a second task that polls a
// read while another task's read waits gets an error matching
// reactor.ErrBusy instead of stealing its wake-ups. A read or write future
// dropped while waiting gives its direction back.
//
// Neighbours: package udp (datagrams), package aio (I/O helpers), package
// reactor (readiness), package future (the futures returned here).
package tcp
