package workloads

import (
	"fmt"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

var pingPong = Workload{
	Name:       "ping_pong",
	Doc:        "100 pairs of tasks bounce a value n times over bounded(1) channels",
	Unit:       "ms",
	SizeDoc:    "round trips per pair",
	Sizes:      Sizes{Full: 1000, Quick: 200, Tiny: 10},
	Kettle:     PingPongKettle,
	Goroutines: PingPongGoroutines,
}

// pingPairs is how many independent pairs bounce values at once.
const pingPairs = 100

// pinger is one side of a pair. It makes 2n steps: the serving side
// (first) sends on even steps and receives on odd ones, the other side the
// reverse. It counts the latch down when done. It keeps one Send and one
// Recv future and re-arms them with Reset (as contended_mutex keeps one
// LockFuture per task), so a round trip allocates nothing.
type pinger struct {
	out     *mpsc.Sender[int]
	in      *mpsc.Receiver[int]
	steps   int // total steps: 2n
	step    int // steps finished
	first   bool
	send    *mpsc.SendFuture[int] // nil until the first send
	recv    *mpsc.RecvFuture[int] // nil until the first receive
	sending bool                  // send is armed and not yet Ready
	recving bool                  // recv is armed and not yet Ready
	done    *latch
	closed  bool
}

func (p *pinger) Poll(cx *future.Context) future.Poll[int] {
	for p.step < p.steps {
		sending := (p.step%2 == 0) == p.first
		if sending {
			if !p.sending {
				if p.send == nil {
					p.send = p.out.Send(p.step)
				} else {
					p.send.Reset(p.step)
				}
				p.sending = true
			}
			if !p.send.Poll(cx).IsReady() {
				return future.Pending[int]()
			}
			p.sending = false
		} else {
			if !p.recving {
				if p.recv == nil {
					p.recv = p.in.Recv()
				} else {
					p.recv.Reset()
				}
				p.recving = true
			}
			r, ok := p.recv.Poll(cx).Get()
			if !ok {
				return future.Pending[int]()
			}
			p.recving = false
			if r.Err != nil {
				panic(fmt.Sprintf("ping_pong: recv: %v", r.Err))
			}
		}
		p.step++
	}
	p.close()
	p.done.done()
	return future.Ready(p.step)
}

// close closes both channel ends once.
func (p *pinger) close() {
	if !p.closed {
		p.closed = true
		p.out.Close()
		p.in.Close()
	}
}

// Drop releases a pending send or receive and closes both ends, so a
// dropped pair never wedges its peer.
func (p *pinger) Drop() {
	if p.sending {
		p.send.Drop()
		p.sending = false
	}
	if p.recving {
		p.recv.Drop()
		p.recving = false
	}
	p.close()
}

// PingPongKettle runs 100 pairs of tasks, each pair bouncing a value n
// times over two bounded(1) mpsc channels; it returns the wall time in ms.
func PingPongKettle(ex executor.Executor, n int) (float64, error) {
	start := time.Now()
	err := runMain(ex, func() *latch {
		l := newLatch(2 * pingPairs)
		for range pingPairs {
			atx, arx := mpsc.New[int](1)
			btx, brx := mpsc.New[int](1)
			spawnDetached(ex, future.Future[int](&pinger{out: atx, in: brx, steps: 2 * n, first: true, done: l}))
			spawnDetached(ex, future.Future[int](&pinger{out: btx, in: arx, steps: 2 * n, done: l}))
		}
		return l
	})
	return ms(start), err
}

// PingPongGoroutines runs 100 pairs of goroutines, each pair bouncing a
// value n times over two channels of capacity 1; it returns the wall time
// in ms.
func PingPongGoroutines(n int) (float64, error) {
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(2 * pingPairs)
	for range pingPairs {
		a, b := make(chan int, 1), make(chan int, 1)
		go func() {
			defer wg.Done()
			for i := range n {
				a <- i
				<-b
			}
		}()
		go func() {
			defer wg.Done()
			for range n {
				v := <-a
				b <- v
			}
		}()
	}
	wg.Wait()
	return ms(start), nil
}
