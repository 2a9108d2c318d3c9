//go:build linux

package tcp_test

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// BenchmarkPingPong: a 64-byte message each way over loopback, both ends
// polled on one goroutine (busy polling: measures syscalls plus the
// readiness bookkeeping, not wake-up latency).
func BenchmarkPingPong(b *testing.B) {
	client, server := pairB(b)
	cx := future.NewContext(waker.Noop())
	msg := make([]byte, 64)
	buf := make([]byte, 64)
	b.ReportAllocs()
	b.SetBytes(128)
	for b.Loop() {
		for _, dir := range [2][2]interface {
			PollRead(*future.Context, []byte) future.Poll[future.Result[int]]
			PollWrite(*future.Context, []byte) future.Poll[future.Result[int]]
		}{{client, server}, {server, client}} {
			for !dir[0].PollWrite(cx, msg).IsReady() {
			}
			got := 0
			for got < len(msg) {
				if r, ok := dir[1].PollRead(cx, buf[got:]).Get(); ok {
					got += r.Value
				}
			}
		}
	}
}

func pairB(b *testing.B) (client, server interface {
	PollRead(*future.Context, []byte) future.Poll[future.Result[int]]
	PollWrite(*future.Context, []byte) future.Poll[future.Result[int]]
}) {
	b.Helper()
	return pairBare(b) // polled by hand below: the fallback reactor drives them
}
