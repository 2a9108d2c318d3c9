// Package httpserver is the engine of the httpd example (package main in
// the parent folder): a minimal HTTP/1.1 server that answers
// "Hello, Kettle!\n" to GET / and 404 to everything else, with keep-alive
// and pipelining.
//
// In the kitchen model, [Server] is the host at the door (one task, run by
// an executor — the manager — accepting connections that the reactor's
// bells announce) and each [Conn] is a waiter's order pad: a hand-written
// recipe card (a future) that reads request heads from an
// aio.BufReader line by line, writes the answers, and waits on the
// reactor when the guest has nothing more to say.
//
// The parsing and the answers ([Head], [AppendResponse]) are plain code on
// byte slices with no I/O, so that the goroutine-per-connection server in
// bench/net/cmd/gohttpd runs exactly the same handler logic: the
// benchmark then compares the runtimes, not two parsers.
//
// What is HTTP here (RFC 9112, the subset a hello-world server needs):
//   - request line "METHOD SP target SP HTTP/1.x"; origin-form ("/",
//     "/?q") and absolute-form ("http://host/") targets; empty lines before
//     a request line are skipped;
//   - headers "Name: value"; Host required in HTTP/1.1; Connection: close
//     and keep-alive honoured (HTTP/1.0 closes unless keep-alive);
//     Content-Length bodies are read and discarded, so pipelining stays in
//     step; Transfer-Encoding alone is answered 501 and the connection
//     closed;
//   - malformed input is answered 400 (a request line longer than the read
//     buffer 414, a header line 431, a head over [MaxHeadBytes] 431, an
//     HTTP major version other than 1: 505), and the connection closed.
//     RFC 9112 framing violations are malformed: a bare CR (or any control
//     byte but tab) in a header value, obs-fold and other lines starting
//     with whitespace, whitespace before a header's colon, Content-Length
//     values that disagree, Content-Length together with
//     Transfer-Encoding;
//   - GET / and HEAD / are answered 200, anything else 404.
//
// Hostile clients: every wait of a connection has a deadline
// ([HeaderTimeout], [ReadTimeout], [WriteTimeout], [IdleTimeout]; a head
// that is late is answered 408), and the server keeps at most [MaxConns]
// connections open, closing the least recently active one to make room
// (package tcpserve, shared with examples/echo, does the bookkeeping).
//
// Pipelining: answers are gathered in a per-connection output buffer and
// written when the buffered input holds no complete request line any more
// (or the output passes 16 KiB), so a pipelined burst costs one write.
//
// Neighbours: package tcp (the sockets), package aio (BufReader),
// package executor (runs the tasks), examples/echo/echoserver (the same
// structure without HTTP).
package httpserver
