package notify_test

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/notify"
	"github.com/kettle-rt/kettle/waker"
)

// BenchmarkNotifyOneStoredPermit: NotifyOne then a Notified consuming it.
func BenchmarkNotifyOneStoredPermit(b *testing.B) {
	n := notify.New()
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	for b.Loop() {
		n.NotifyOne()
		n.Notified().Poll(cx)
	}
}

// BenchmarkNotifyOneWaiter: a queued Notified woken by NotifyOne.
func BenchmarkNotifyOneWaiter(b *testing.B) {
	n := notify.New()
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	for b.Loop() {
		f := n.Notified()
		f.Poll(cx)
		n.NotifyOne()
		f.Poll(cx)
	}
}

// BenchmarkChanSignal is the Go idiom for the same: a 1-buffered channel.
func BenchmarkChanSignal(b *testing.B) {
	c := make(chan struct{}, 1)
	b.ReportAllocs()
	for b.Loop() {
		select {
		case c <- struct{}{}:
		default:
		}
		<-c
	}
}
