// Package netbench measures Kettle's network path against Go's own: the
// echo server of examples/echo (package echoserver: one task per
// connection, a hand-written future, run by an executor — the manager —
// on the reactor's bells) against a goroutine-per-connection echo server
// over Go's net package ([GoEcho]), with the same load generator.
//
// The benchmarks, in the test files:
//   - BenchmarkEcho1000: 1000 connected clients (goroutines over Go's
//     net) each doing request/response round trips of a fixed message
//     size (64 B and 4 KiB) as fast as they can; one op is one round trip,
//     MB/s counts the payload once.
//   - BenchmarkIdleConn1000: the memory one idle connection costs the
//     server, as B/conn: the growth of heap plus goroutine stacks after
//     1000 raw-socket clients connected and did one round trip each,
//     divided by 1000. The clients are bare file descriptors, so their
//     cost is not counted.
//
// Keep -benchtime short: every sub-benchmark run opens 1000 connections.
//
//	go test -run '^$' -bench . -benchtime 2s ./bench/net/
//
// The HTTP comparison (examples/httpd against gohttpd in its two modes,
// measured with wrk) is bench/scripts/httpd.sh; the comparison servers
// live in bench/net/cmd/gohttpd.
//
// Neighbours: package bench (executor and future micro-benchmarks),
// examples/echo/echoserver (what is measured).
package netbench
