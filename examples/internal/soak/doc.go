// Package soak is the hostile-client load that the example servers
// (examples/echo and examples/httpd, through their shared accept loop in
// package tcpserve) are tested against: slowloris clients trickling a
// request a byte at a time, idle floods that connect and say nothing,
// clients that reset the connection in the middle of an answer, all while
// well-behaved clients make requests and time them.
//
// [Run] drives the load against an address on the loopback interface for
// a bounded time and returns a [Report]: how many well-behaved requests
// were served, how many failed, and their latency percentiles. It runs
// nothing else: the test in this package starts each server in a
// subprocess whose descriptor limit is lowered to 256 (so that running
// out of descriptors is part of the test), counts the server's open
// descriptors in /proc before and after, and checks the report.
//
// The CI run is a few seconds with a few hundred clients; set
// KETTLE_SOAK=60s for the full soak (500 hostile connections and 50
// well-behaved clients for 60 s per server), see soak_test.go.
package soak
