package workloads

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

var mpscFanIn = Workload{
	Name:       "mpsc_fanin",
	Doc:        "n producers send 1000 values each into one bounded(128) channel, one consumer sums",
	Unit:       "ms",
	SizeDoc:    "producers of 1000 values",
	Sizes:      Sizes{Full: 100, Quick: 50, Tiny: 3},
	Kettle:     FanInKettle,
	Goroutines: FanInGoroutines,
}

// fanInCap is the channel's capacity; fanInPerProducer the values each
// producer sends.
const (
	fanInCap         = 128
	fanInPerProducer = 1000
)

// producer sends 1..n on its Sender handle, then closes it.
type producer struct {
	tx   *mpsc.Sender[int]
	i, n int
	send *mpsc.SendFuture[int]
}

func (p *producer) Poll(cx *future.Context) future.Poll[int] {
	for p.i < p.n {
		if p.send == nil {
			p.send = p.tx.Send(p.i + 1)
		}
		r, ok := p.send.Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		p.send = nil
		if r != nil {
			p.tx.Close()
			return future.Ready(p.i)
		}
		p.i++
	}
	p.tx.Close()
	return future.Ready(p.i)
}

// Drop gives up a pending send and closes the handle, so the consumer
// still sees the channel end.
func (p *producer) Drop() {
	if p.send != nil {
		p.send.Drop()
		p.send = nil
	}
	p.tx.Close()
}

// consumer spawns the producers at its first poll, then receives until
// every producer closed its handle.
type consumer struct {
	ex      executor.Executor
	n       int
	rx      *mpsc.Receiver[int]
	recv    future.Future[future.Result[int]]
	sum     int
	started bool
}

func (c *consumer) Poll(cx *future.Context) future.Poll[int] {
	if !c.started {
		c.started = true
		tx, rx := mpsc.New[int](fanInCap)
		c.rx = rx
		for range c.n {
			spawnDetached(c.ex, future.Future[int](&producer{tx: tx.Clone(), n: fanInPerProducer}))
		}
		tx.Close()
	}
	for {
		if c.recv == nil {
			c.recv = c.rx.Recv()
		}
		r, ok := c.recv.Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		c.recv = nil
		if r.Err != nil {
			if errors.Is(r.Err, mpsc.ErrClosed) {
				c.rx.Close()
				return future.Ready(c.sum)
			}
			panic(fmt.Sprintf("mpsc_fanin: recv: %v", r.Err))
		}
		c.sum += r.Value
	}
}

// fanInWant is the sum the consumer must see.
func fanInWant(n int) int { return n * fanInPerProducer * (fanInPerProducer + 1) / 2 }

// FanInKettle runs n producer tasks into one mpsc channel of capacity 128
// and a consumer task; it returns the wall time in ms.
func FanInKettle(ex executor.Executor, n int) (float64, error) {
	start := time.Now()
	sum, err := executor.Run(ex, future.Future[int](&consumer{ex: ex, n: n}))
	d := ms(start)
	if err == nil && sum != fanInWant(n) {
		err = fmt.Errorf("%w: mpsc_fanin: sum %d, want %d", ErrWrongResult, sum, fanInWant(n))
	}
	return d, err
}

// FanInGoroutines runs n producer goroutines into one channel of capacity
// 128 and a consumer; it returns the wall time in ms.
func FanInGoroutines(n int) (float64, error) {
	start := time.Now()
	ch := make(chan int, fanInCap)
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		go func() {
			defer wg.Done()
			for i := range fanInPerProducer {
				ch <- i + 1
			}
		}()
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	d := ms(start)
	if sum != fanInWant(n) {
		return d, fmt.Errorf("%w: mpsc_fanin: sum %d, want %d", ErrWrongResult, sum, fanInWant(n))
	}
	return d, nil
}
