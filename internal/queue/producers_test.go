package queue

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// The multi-producer queues share one concurrent check: producers
// goroutines each push per items, numbered 0..per-1, while the test
// goroutine consumes; every item must arrive once, each producer's in its
// order.
const producers, perProducer = 4, 5000

// checkProducers starts the producers, each calling push(p, i) for its
// items in order, and consumes with take until all arrived: take appends
// what it could take now to dst ([2]int{p, i} each) and returns it, and
// may return nothing (the consumer then yields). It returns after the
// producers have exited.
func checkProducers(t *testing.T, push func(p, i int), take func(dst [][2]int) [][2]int) {
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perProducer; i++ {
				push(p, i)
			}
		}()
	}
	last := make([]int, producers)
	for i := range last {
		last[i] = -1
	}
	var buf [][2]int
	for got := 0; got < producers*perProducer; {
		buf = take(buf[:0])
		if len(buf) == 0 {
			runtime.Gosched()
		}
		for _, v := range buf {
			p, i := v[0], v[1]
			require.Equal(t, last[p]+1, i, "producer %d out of order", p)
			last[p] = i
			got++
		}
	}
	wg.Wait()
}
