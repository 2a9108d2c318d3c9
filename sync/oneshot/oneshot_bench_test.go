package oneshot_test

import (
	"testing"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/oneshot"
)

// BenchmarkCreateSendRecv measures a whole oneshot life: New, Send, and a
// Recv future polled to Ready.
func BenchmarkCreateSendRecv(b *testing.B) {
	d := polltest.NewDriver()
	b.ReportAllocs()
	for b.Loop() {
		tx, rx := oneshot.New[int]()
		_ = tx.Send(1)
		if r, ok := polltest.Poll(d, rx.Recv()); !ok || r.Value != 1 {
			b.Fatal("lost value")
		}
	}
}

// BenchmarkGoChanCreateSendRecv is the Go equivalent: a buffered channel
// of one, one send, one receive.
func BenchmarkGoChanCreateSendRecv(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ch := make(chan int, 1)
		ch <- 1
		if <-ch != 1 {
			b.Fatal("lost value")
		}
	}
}
