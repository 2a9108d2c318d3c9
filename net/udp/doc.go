// Package udp gives Kettle's tasks (chefs at work) UDP sockets whose
// receive and send operations are futures (recipe cards).
//
// [Bind] opens a non-blocking, close-on-exec socket; [Socket.ReadFrom]
// receives one datagram and its sender, [Socket.WriteTo] sends one.
// [Socket.Connect] fixes a peer (tokio's connect): then [Socket.Send] and
// [Socket.Recv] exchange datagrams with it, and the kernel drops datagrams
// from anyone else. Connect is synchronous: an IP literal needs no
// lookup, but a host name is resolved on the calling goroutine (up to 5 s),
// so in a task pass an IP literal or resolve the name off the worker first
// (unlike tcp.Dial, a future, which resolves on the blocking pool).
//
// On its first poll the socket joins the reactor (the kitchen's bells,
// package reactor) of the polling Context, or the process-wide fallback
// reactor outside an executor. Like a tcp.Stream it is not owned by that
// runtime: polled under another executor (or after its first one closed)
// its registration moves, and it lives until its own Close. Addresses and
// errors follow Go's net package ([net.ResolveUDPAddr], [*net.OpError]).
//
// One task at a time may receive and one may send: a second task that
// waits on a direction while another waits there gets an error matching
// reactor.ErrBusy.
//
// Neighbours: package tcp (streams), package reactor (readiness), package
// future (the futures returned here).
package udp
