// Package netutil holds the socket plumbing shared by Kettle's net/tcp and
// net/udp packages: a reference-counted non-blocking socket ([FD]) whose
// reactor registration is made by its first poll and moves to the reactor
// of whichever runtime polls it next (FD.registration), poll-level
// read/write/accept/connect/datagram operations with the EAGAIN-and-tick
// protocol of package reactor, sockaddr conversions, and errors shaped like
// Go's net package. It is internal: users reach it through tcp and udp.
package netutil
