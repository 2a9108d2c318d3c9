package broadcast_test

import (
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/sync/broadcast"
)

// BenchmarkSendTryRecv4: one Send read by four receivers with TryRecv.
func BenchmarkSendTryRecv4(b *testing.B) {
	tx, rx := broadcast.New[int](16)
	rxs := []*broadcast.Receiver[int]{rx, tx.Subscribe(), tx.Subscribe(), tx.Subscribe()}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = tx.Send(1)
		for _, r := range rxs {
			_, _ = r.TryRecv()
		}
	}
}

// BenchmarkGoChansFanOut4: the Go equivalent, one buffered channel per
// receiver and a send on each under a sync.Mutex.
func BenchmarkGoChansFanOut4(b *testing.B) {
	var mu sync.Mutex
	chs := make([]chan int, 4)
	for i := range chs {
		chs[i] = make(chan int, 16)
	}
	b.ReportAllocs()
	for b.Loop() {
		mu.Lock()
		for _, c := range chs {
			c <- 1
		}
		mu.Unlock()
		for _, c := range chs {
			<-c
		}
	}
}
