// Package udp gives Kettle's tasks (chefs at work) UDP sockets whose
// receive and send operations are futures (recipe cards).
//
// [Bind] opens a non-blocking, close-on-exec socket; [Socket.ReadFrom]
// receives one datagram and its sender, [Socket.WriteTo] sends one. On its
// first poll the socket joins the reactor (the kitchen's bells, package
// reactor) of the polling Context, or the process-wide fallback reactor
// outside an executor. Addresses and errors follow Go's net package
// ([net.ResolveUDPAddr], [*net.OpError]).
//
// One task at a time may receive and one may send: each direction has a
// single waker slot.
//
// Neighbours: package tcp (streams), package reactor (readiness), package
// future (the futures returned here).
package udp
