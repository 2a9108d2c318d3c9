package executor_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// producer sends 1..n on tx (a hand-written state machine: polls are cheap,
// so wakes from both workers race densely), then closes its handle.
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
		if _, ok := p.send.Poll(cx).Get(); !ok {
			return future.Pending[int]()
		}
		p.send = nil
		p.i++
	}
	p.tx.Close()
	return future.Ready(p.i)
}

// consumer sums what it receives until every sender has closed.
type consumer struct {
	rx   *mpsc.Receiver[int]
	recv *mpsc.RecvFuture[int]
	sum  int
}

func (c *consumer) Poll(cx *future.Context) future.Poll[int] {
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
			return future.Ready(c.sum)
		}
		c.sum += r.Value
	}
}

// TestMultiFanInLosesNoTask: many producers block on a full channel and are
// woken from both workers at once. A task lost in the inject queue (an
// early lock-free queue's Empty bug: head back at its stub with nodes
// still queued, so the workers parked) showed up here as a false deadlock
// within a few runs; the queue that replaced it must not lose one either.
func TestMultiFanInLosesNoTask(t *testing.T) {
	const producers, per = 100, 300
	for run := 0; run < 30; run++ {
		ex := executor.NewMulti(executor.Workers(2), executor.BlockingThreshold(0),
			executor.DeadlockGrace(500*time.Millisecond))
		tx, rx := mpsc.New[int](128)
		for p := 0; p < producers; p++ {
			executor.Spawn(ex, future.Future[int](&producer{tx: tx.Clone(), n: per}))
		}
		tx.Close()
		c := &consumer{rx: rx}
		sum, err := executor.Run(ex, future.Future[int](c))
		require.NoError(t, err, "run %d", run)
		require.Equal(t, producers*per*(per+1)/2, sum)
		require.NoError(t, ex.Close())
	}
}
